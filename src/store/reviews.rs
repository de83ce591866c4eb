//! Reviews and their likes.

use super::Store;
use super::catalogue::{attach_authors, book_columns, book_row};
use super::db::{Db, Row};
use super::shelves::reader_book;
use crate::sql;
use crate::store::{NewReview, Review, ReviewDetail, ReviewItem, StoreResult, UserRef};

macro_rules! review_columns {
    () => {
        "v.id, v.book_id, u.id, u.username, u.display_name, v.body, \
     v.body_html, v.spoiler, v.recommended_for, v.likes_count, v.comments_count, v.created_at, v.updated_at, v.visibility, u.visibility"
    };
}
const REVIEW_WIDTH: usize = 15;

fn review_row(r: &dyn Row) -> StoreResult<Review> {
    Ok(Review {
        id: r.get(0)?,
        book_id: r.get(1)?,
        reviewer: UserRef {
            id: r.get(2)?,
            username: r.get(3)?,
            display_name: r.get(4)?,
        },
        body: r.get(5)?,
        body_html: r.get(6)?,
        spoiler: r.get(7)?,
        recommended_for: r.get(8)?,
        likes_count: r.get(9)?,
        comments_count: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        visibility: r.get(13)?,
        reviewer_visibility: r.get(14)?,
    })
}

queries! {
    value store_review(user_id: i64, book_id: i64, body: &str, html: &str, spoiler: bool,
        recommended_for: Option<&str>, now: i64, visibility: &str) -> i64 = (
        "INSERT INTO reviews (user_id, book_id, body, body_html, spoiler, recommended_for, visibility, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $8, $7, $7)
         ON CONFLICT (user_id, book_id) DO UPDATE SET
            body = excluded.body, body_html = excluded.body_html, spoiler = excluded.spoiler,
            recommended_for = excluded.recommended_for, visibility = excluded.visibility,
            updated_at = excluded.updated_at
         RETURNING id"
    );
    lock lock_book(id: i64) = ("SELECT 1 FROM books WHERE id = $1 FOR NO KEY UPDATE");
    exec count_reviews(book_id: i64) = ("UPDATE books
        SET reviews_count = (SELECT count(*) FROM reviews WHERE book_id = $1) WHERE id = $1");
    value drop_review(id: i64) -> i64 = ("DELETE FROM reviews WHERE id = $1 RETURNING book_id");
    exec add_like(review_id: i64, user_id: i64, now: i64) = ("INSERT INTO review_likes
        (review_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
    exec drop_like(review_id: i64, user_id: i64) =
        ("DELETE FROM review_likes WHERE review_id = $1 AND user_id = $2");
    lock lock_review(id: i64) = ("SELECT 1 FROM reviews WHERE id = $1 FOR NO KEY UPDATE");
    exec count_likes(review_id: i64) = ("UPDATE reviews
        SET likes_count = (SELECT count(*) FROM review_likes WHERE review_id = $1) WHERE id = $1");
}

pub(crate) async fn upsert_review<D: Db>(db: &D, new: &NewReview) -> StoreResult<i64> {
    let (user, book, html) = (new.user_id, new.book_id, &new.body_html);
    let recommended = new.recommended_for.as_deref();
    let id = store_review(
        db,
        user,
        book,
        &new.body,
        html,
        new.spoiler,
        recommended,
        new.now,
        &new.visibility,
    );
    let id = id.await?.unwrap_or_default();
    recount_reviews(db, new.book_id).await?;
    Ok(id)
}

async fn recount_reviews<D: Db>(db: &D, book_id: i64) -> StoreResult<()> {
    lock_book(db, book_id).await?;
    count_reviews(db, book_id).await
}

queries! {
    pub(crate) one review(id: i64) -> Review, by review_row = (concat!(
        "SELECT ",
        review_columns!(),
        " FROM reviews v JOIN users u ON u.id = v.user_id WHERE v.id = $1"
    ));
}

pub(crate) async fn review_detail<D: Db>(
    db: &D,
    id: i64,
    viewer: Option<i64>,
) -> StoreResult<Option<ReviewDetail>> {
    let head = db
        .one(
            sql!(concat!(
                "SELECT ",
                review_columns!(),
                ", ",
                book_columns!(),
                " FROM reviews v
             JOIN users u ON u.id = v.user_id JOIN books b ON b.id = v.book_id
             WHERE v.id = $1"
            )),
            &[&id],
            |r| Ok((review_row(r)?, book_row(r, REVIEW_WIDTH)?)),
        )
        .await?;
    let Some((review, mut book)) = head else {
        return Ok(None);
    };
    // Independent statements: PostgreSQL sends them together on the one
    // connection (a round trip for all); SQLite's complete as they are polled.
    let likers = async {
        db.all(
            sql!("SELECT u.id, u.username, u.display_name FROM review_likes l JOIN users u ON u.id = l.user_id
             WHERE l.review_id = $1 ORDER BY l.created_at DESC, u.id DESC LIMIT 20"),
            &[&id],
            |r| Ok(UserRef { id: r.get(0)?, username: r.get(1)?, display_name: r.get(2)? }),
        )
        .await
    };
    let viewer_liked = async {
        match viewer {
            Some(viewer) => Ok(db
                .value::<i64>(
                    sql!("SELECT 1 FROM review_likes WHERE review_id = $1 AND user_id = $2"),
                    &[&id, &viewer],
                )
                .await?
                .is_some()),
            None => Ok(false),
        }
    };
    let (_, reviewer, likers, viewer_liked) = tokio::try_join!(
        attach_authors(db, [&mut book]),
        reader_book(db, review.reviewer.id, review.book_id),
        likers,
        viewer_liked,
    )?;
    Ok(Some(ReviewDetail {
        review,
        book,
        reviewer,
        likers,
        viewer_liked,
    }))
}

pub(crate) async fn delete_review<D: Db>(db: &D, id: i64) -> StoreResult<()> {
    if let Some(book_id) = drop_review(db, id).await? {
        recount_reviews(db, book_id).await?;
    }
    Ok(())
}

pub(crate) async fn set_like<D: Db>(
    db: &D,
    user_id: i64,
    review_id: i64,
    liked: bool,
    now: i64,
) -> StoreResult<()> {
    if liked {
        add_like(db, review_id, user_id, now).await?;
    } else {
        drop_like(db, review_id, user_id).await?;
    }
    lock_review(db, review_id).await?;
    count_likes(db, review_id).await
}

pub(crate) enum Listing {
    Book(i64),
    User(i64),
    Recent,
}

/// Reviews matching `$filter` that viewer `$3` may see, newest first.
macro_rules! review_list {
    ($filter:expr) => {
        concat!(
            "SELECT ",
            review_columns!(),
            // The stars are the reviewer's library: hidden as their profile is.
            ", b.title, CASE WHEN u.visibility = 'public' OR v.user_id = $3
                  OR (u.visibility = 'friends'
                      AND EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $3 AND fr.friend_id = v.user_id))
                  THEN r.stars END
             FROM reviews v
             JOIN users u ON u.id = v.user_id JOIN books b ON b.id = v.book_id
             LEFT JOIN ratings r ON r.user_id = v.user_id AND r.book_id = v.book_id
             WHERE ",
            $filter,
            " AND (v.visibility = 'public' OR v.user_id = $3
                  OR EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $3 AND fr.friend_id = v.user_id))
             AND NOT EXISTS (SELECT 1 FROM blocks k WHERE (k.blocker_id = $3 AND k.blocked_id = v.user_id)
                                                     OR (k.blocker_id = v.user_id AND k.blocked_id = $3))
             ORDER BY v.created_at DESC, v.id DESC LIMIT $2 OFFSET $4"
        )
    };
}

pub(crate) async fn list<D: Db>(
    db: &D,
    listing: Listing,
    viewer: Option<i64>,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<ReviewItem>> {
    let (sql, key) = match listing {
        Listing::Book(id) => (sql!(review_list!("v.book_id = $1")), id),
        Listing::User(id) => (sql!(review_list!("v.user_id = $1")), id),
        Listing::Recent => (sql!(review_list!("CAST($1 AS BIGINT) IS NOT NULL")), 0),
    };
    db.all(sql, &[&key, &limit, &viewer.unwrap_or(0), &offset], |r| {
        Ok(ReviewItem {
            review: review_row(r)?,
            book_title: r.get(REVIEW_WIDTH)?,
            rating: r.get(REVIEW_WIDTH + 1)?,
        })
    })
    .await
}

queries! {
    pub(crate) value review_of(user_id: i64, book_id: i64) -> i64 =
        ("SELECT id FROM reviews WHERE user_id = $1 AND book_id = $2");
}

store! {
    lookup review(id: i64) -> Option<Review>;
    lookup review_detail(id: i64, viewer: Option<i64>) -> Option<ReviewDetail>;
    write delete_review(id: i64) -> ();
}

impl Store {
    /// Review lists, newest first, show only what `viewer` (None: signed out) may see:
    /// public reviews, friends' friends-only ones, their own; none across a block.
    pub async fn book_reviews(
        &self,
        book_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        let listing = Listing::Book(book_id);
        read!(self, |db| list(db, listing, viewer, limit, offset))
    }

    pub async fn recent_reviews(
        &self,
        viewer: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        read!(self, |db| list(db, Listing::Recent, viewer, limit, 0))
    }

    pub async fn user_reviews(
        &self,
        user_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        let listing = Listing::User(user_id);
        read!(self, |db| list(db, listing, viewer, limit, offset))
    }
}
