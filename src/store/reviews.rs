//! Reviews and their likes.

use super::catalogue::{attach_authors, book_columns};
use super::db::Db;
use super::shelves::{lock_book, reader_book};
use crate::store::{Book, NewReview, Review, ReviewDetail, ReviewItem, StoreResult, UserRef};

macro_rules! review_columns {
    () => {
        "v.id, v.book_id, u.id, u.username, u.display_name, v.body, \
     v.body_html, v.spoiler, v.recommended_for, v.likes_count, v.comments_count, v.created_at, v.updated_at, v.visibility, u.visibility"
    };
}

queries! {
    value store_review(new: &NewReview) -> i64 = (
        "INSERT INTO reviews (user_id, book_id, body, body_html, spoiler, recommended_for, visibility, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (user_id, book_id) DO UPDATE SET
            body = excluded.body, body_html = excluded.body_html, spoiler = excluded.spoiler,
            recommended_for = excluded.recommended_for, visibility = excluded.visibility,
            updated_at = excluded.updated_at
         RETURNING id"
    ) with (new.user_id, new.book_id, new.body, new.body_html, new.spoiler, new.recommended_for,
            new.visibility, new.now);
    exec count_reviews(book_id: i64) = ("UPDATE books
        SET reviews_count = (SELECT count(*) FROM reviews WHERE book_id = $1) WHERE id = $1");
    value drop_review(id: i64) -> i64 = ("DELETE FROM reviews WHERE id = $1 RETURNING book_id");
    exec add_like(review_id: i64, user_id: i64, now: i64, key: &str) = ("INSERT INTO review_likes
        (review_id, user_id, created_at, activity_key) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
    value drop_like(review_id: i64, user_id: i64) -> String =
        ("DELETE FROM review_likes WHERE review_id = $1 AND user_id = $2
          RETURNING coalesce(activity_key, CAST(created_at AS TEXT))");
    value like_key(review_id: i64, user_id: i64) -> String =
        ("SELECT coalesce(activity_key, CAST(created_at AS TEXT)) FROM review_likes
          WHERE review_id = $1 AND user_id = $2");
    lock lock_review(id: i64) = ("SELECT 1 FROM reviews WHERE id = $1 FOR NO KEY UPDATE");
    exec count_likes(review_id: i64) = ("UPDATE reviews
        SET likes_count = (SELECT count(*) FROM review_likes WHERE review_id = $1) WHERE id = $1");
}

pub(crate) async fn upsert_review<D: Db>(db: &D, new: &NewReview) -> StoreResult<i64> {
    let id = store_review(db, new).await?.unwrap_or_default();
    recount_reviews(db, new.book_id).await?;
    Ok(id)
}

async fn recount_reviews<D: Db>(db: &D, book_id: i64) -> StoreResult<()> {
    lock_book(db, book_id).await?;
    count_reviews(db, book_id).await
}

queries! {
    pub(crate) one review(id: i64) -> Review = (concat!(
        "SELECT ",
        review_columns!(),
        " FROM reviews v JOIN users u ON u.id = v.user_id WHERE v.id = $1"
    ));
}

queries! {
    one review_and_book(id: i64) -> (Review, Book) = (concat!(
        "SELECT ", review_columns!(), ", ", book_columns!(), " FROM reviews v
         JOIN users u ON u.id = v.user_id JOIN books b ON b.id = v.book_id WHERE v.id = $1"
    ));
    all likers(review_id: i64) -> UserRef = ("SELECT u.id, u.username, u.display_name
        FROM review_likes l JOIN users u ON u.id = l.user_id
        WHERE l.review_id = $1 ORDER BY l.created_at DESC, u.id DESC LIMIT 20");
    value liked(review_id: i64, user_id: i64) -> i64 =
        ("SELECT 1 FROM review_likes WHERE review_id = $1 AND user_id = $2");
}

pub(crate) async fn review_detail<D: Db>(
    db: &D,
    id: i64,
    viewer: Option<i64>,
) -> StoreResult<Option<ReviewDetail>> {
    let Some((review, mut book)) = review_and_book(db, id).await? else {
        return Ok(None);
    };
    let viewer_liked = async {
        match viewer {
            Some(viewer) => Ok(liked(db, id, viewer).await?.is_some()),
            None => Ok(false),
        }
    };
    // Independent statements: PostgreSQL sends them together on the one
    // connection (a round trip for all); SQLite's complete as they are polled.
    let (_, reviewer, likers, viewer_liked) = tokio::try_join!(
        attach_authors(db, [&mut book]),
        reader_book(db, review.reviewer.id, review.book_id),
        likers(db, id),
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

/// Likes or unlikes (a new like kept under `key`); gives the key of the
/// like kept or just dropped, None when there was none to drop.
pub(crate) async fn set_like<D: Db>(
    db: &D,
    user_id: i64,
    review_id: i64,
    liked: bool,
    now: i64,
    key: &str,
) -> StoreResult<Option<String>> {
    let since = if liked {
        add_like(db, review_id, user_id, now, key).await?;
        like_key(db, review_id, user_id).await?
    } else {
        drop_like(db, review_id, user_id).await?
    };
    lock_review(db, review_id).await?;
    count_likes(db, review_id).await?;
    Ok(since)
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
                  OR EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $3 AND fr.friend_id = v.user_id)
                  OR (u.remote AND EXISTS (SELECT 1 FROM follows fo
                      WHERE fo.follower_id = $3 AND fo.followee_id = v.user_id)))
             AND NOT EXISTS (SELECT 1 FROM blocks k WHERE (k.blocker_id = $3 AND k.blocked_id = v.user_id)
                                                     OR (k.blocker_id = v.user_id AND k.blocked_id = $3))
             ORDER BY v.created_at DESC, v.id DESC LIMIT $2 OFFSET $4"
        )
    };
}

queries! {
    pub(crate) all book_reviews(book_id: i64, viewer: Option<i64>, limit: i64, offset: i64) -> ReviewItem =
        (review_list!("v.book_id = $1")) with (book_id, limit, viewer.unwrap_or(0), offset);
    pub(crate) all user_reviews(user_id: i64, viewer: Option<i64>, limit: i64, offset: i64) -> ReviewItem =
        (review_list!("v.user_id = $1")) with (user_id, limit, viewer.unwrap_or(0), offset);
    pub(crate) all recent_reviews(viewer: Option<i64>, limit: i64) -> ReviewItem =
        (review_list!("CAST($1 AS BIGINT) IS NOT NULL")) with (0_i64, limit, viewer.unwrap_or(0), 0_i64);
}

queries! {
    pub(crate) value review_of(user_id: i64, book_id: i64) -> i64 =
        ("SELECT id FROM reviews WHERE user_id = $1 AND book_id = $2");
}

store! {
    lookup review(id: i64) -> Option<Review>;
    lookup review_detail(id: i64, viewer: Option<i64>) -> Option<ReviewDetail>;
    write delete_review(id: i64) -> ();
    /// Review lists, newest first, show only what `viewer` (None: signed out) may see:
    /// public reviews, friends' friends-only ones, their own; none across a block.
    read book_reviews(book_id: i64, viewer: Option<i64>, limit: i64, offset: i64) -> Vec<ReviewItem>;
    read recent_reviews(viewer: Option<i64>, limit: i64) -> Vec<ReviewItem>;
    read user_reviews(user_id: i64, viewer: Option<i64>, limit: i64, offset: i64) -> Vec<ReviewItem>;
}
