//! Reviews and their likes in PostgreSQL.

use tokio_postgres::Row;

use super::Db;
use super::catalogue::{BOOK_COLUMNS, attach_authors, book_row};
use super::shelves::reader_book;
use crate::store::{NewReview, Review, ReviewDetail, ReviewItem, StoreResult, UserRef};

const REVIEW_COLUMNS: &str = "v.id, v.book_id, u.id, u.username, u.display_name, v.body, \
     v.body_html, v.spoiler, v.recommended_for, v.likes_count, v.comments_count, v.created_at, v.updated_at, v.visibility";
const REVIEW_WIDTH: usize = 14;

fn review_row(r: &Row) -> super::PgResult<Review> {
    Ok(Review {
        id: r.try_get(0)?,
        book_id: r.try_get(1)?,
        reviewer: UserRef {
            id: r.try_get(2)?,
            username: r.try_get(3)?,
            display_name: r.try_get(4)?,
        },
        body: r.try_get(5)?,
        body_html: r.try_get(6)?,
        spoiler: r.try_get(7)?,
        recommended_for: r.try_get(8)?,
        likes_count: r.try_get(9)?,
        comments_count: r.try_get(10)?,
        created_at: r.try_get(11)?,
        updated_at: r.try_get(12)?,
        visibility: r.try_get(13)?,
    })
}

pub(super) async fn upsert_review(db: &Db<'_>, new: &NewReview) -> StoreResult<i64> {
    let id = db
        .value(
            "INSERT INTO reviews (user_id, book_id, body, body_html, spoiler, recommended_for, visibility, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $8, $7, $7)
             ON CONFLICT (user_id, book_id) DO UPDATE SET
                body = excluded.body, body_html = excluded.body_html, spoiler = excluded.spoiler,
                recommended_for = excluded.recommended_for, visibility = excluded.visibility,
                updated_at = excluded.updated_at
             RETURNING id",
            &[&new.user_id, &new.book_id, &new.body, &new.body_html, &new.spoiler, &new.recommended_for, &new.now, &new.visibility],
        ).await?
        .unwrap_or_default();
    recount_reviews(db, new.book_id).await?;
    Ok(id)
}

async fn recount_reviews(db: &Db<'_>, book_id: i64) -> StoreResult<()> {
    db.exec(
        "SELECT 1 FROM books WHERE id = $1 FOR NO KEY UPDATE",
        &[&book_id],
    )
    .await?;
    db.exec(
        "UPDATE books SET reviews_count = (SELECT count(*) FROM reviews WHERE book_id = $1) WHERE id = $1", &[&book_id],
    ).await?;
    Ok(())
}

pub(super) async fn review(db: &Db<'_>, id: i64) -> StoreResult<Option<Review>> {
    db.one(
        &format!("SELECT {REVIEW_COLUMNS} FROM reviews v JOIN users u ON u.id = v.user_id WHERE v.id = $1"), &[&id],
        review_row,
    ).await
}

pub(super) async fn review_detail(
    db: &Db<'_>,
    id: i64,
    viewer: Option<i64>,
) -> StoreResult<Option<ReviewDetail>> {
    let head = db
        .one(
            &format!(
                "SELECT {REVIEW_COLUMNS}, {BOOK_COLUMNS} FROM reviews v
             JOIN users u ON u.id = v.user_id JOIN books b ON b.id = v.book_id
             WHERE v.id = $1"
            ),
            &[&id],
            |r| Ok((review_row(r)?, book_row(r, REVIEW_WIDTH)?)),
        )
        .await?;
    let Some((review, mut book)) = head else {
        return Ok(None);
    };
    attach_authors(db, [&mut book]).await?;
    let reviewer = reader_book(db, review.reviewer.id, review.book_id).await?;
    let likers = db.all(
        "SELECT u.id, u.username, u.display_name FROM review_likes l JOIN users u ON u.id = l.user_id
         WHERE l.review_id = $1 ORDER BY l.created_at DESC, u.id DESC LIMIT 20", &[&id],
        |r| Ok(UserRef { id: r.try_get(0)?, username: r.try_get(1)?, display_name: r.try_get(2)? }),
    ).await?;
    let viewer_liked = match viewer {
        Some(viewer) => db
            .value::<i64>(
                "SELECT 1::BIGINT FROM review_likes WHERE review_id = $1 AND user_id = $2",
                &[&id, &viewer],
            )
            .await?
            .is_some(),
        None => false,
    };
    Ok(Some(ReviewDetail {
        review,
        book,
        reviewer,
        likers,
        viewer_liked,
    }))
}

pub(super) async fn delete_review(db: &Db<'_>, id: i64) -> StoreResult<()> {
    let book_id: Option<i64> = db
        .value(
            "DELETE FROM reviews WHERE id = $1 RETURNING book_id",
            &[&id],
        )
        .await?;
    if let Some(book_id) = book_id {
        recount_reviews(db, book_id).await?;
    }
    Ok(())
}

pub(super) async fn set_like(
    db: &Db<'_>,
    user_id: i64,
    review_id: i64,
    liked: bool,
    now: i64,
) -> StoreResult<()> {
    if liked {
        db.exec(
            "INSERT INTO review_likes (review_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&review_id, &user_id, &now],
        ).await?;
    } else {
        db.exec(
            "DELETE FROM review_likes WHERE review_id = $1 AND user_id = $2",
            &[&review_id, &user_id],
        )
        .await?;
    }
    db.exec(
        "SELECT 1 FROM reviews WHERE id = $1 FOR NO KEY UPDATE",
        &[&review_id],
    )
    .await?;
    db.exec(
        "UPDATE reviews SET likes_count = (SELECT count(*) FROM review_likes WHERE review_id = $1) WHERE id = $1", &[&review_id],
    ).await?;
    Ok(())
}

pub(super) enum Listing {
    Book(i64),
    User(i64),
    Recent,
}

pub(super) async fn list(
    db: &Db<'_>,
    listing: Listing,
    viewer: Option<i64>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<ReviewItem>> {
    let (filter, key) = match listing {
        Listing::Book(id) => ("v.book_id = $1", id),
        Listing::User(id) => ("v.user_id = $1", id),
        Listing::Recent => ("$1::BIGINT IS NOT NULL", 0),
    };
    db.all(
        &format!(
            "SELECT {REVIEW_COLUMNS}, b.title, r.stars FROM reviews v
             JOIN users u ON u.id = v.user_id JOIN books b ON b.id = v.book_id
             LEFT JOIN ratings r ON r.user_id = v.user_id AND r.book_id = v.book_id
             WHERE {filter}
             AND (v.visibility = 'public' OR v.user_id = $3
                  OR EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $3 AND fr.friend_id = v.user_id))
             AND NOT EXISTS (SELECT 1 FROM blocks k WHERE (k.blocker_id = $3 AND k.blocked_id = v.user_id)
                                                     OR (k.blocker_id = v.user_id AND k.blocked_id = $3))
             ORDER BY v.created_at DESC, v.id DESC LIMIT $2 OFFSET $4"
        ),
        &[&key, &limit, &viewer.unwrap_or(0), &offset],
        |r| {
            Ok(ReviewItem {
                review: review_row(r)?,
                book_title: r.try_get(REVIEW_WIDTH)?,
                rating: r.try_get(REVIEW_WIDTH + 1)?,
            })
        },
    )
    .await
}

pub(super) async fn review_of(db: &Db<'_>, user_id: i64, book_id: i64) -> StoreResult<Option<i64>> {
    db.value(
        "SELECT id FROM reviews WHERE user_id = $1 AND book_id = $2",
        &[&user_id, &book_id],
    )
    .await
}
