//! The feed: what a reader's friends and followed readers did, newest first
//! by when they did it, each act checked against the viewer in one statement.

use super::db::Db;
use super::queries::FromRow;
use crate::sql;
use crate::store::{FeedItem, StoreResult, UserRef};

/// One statement whatever the number of friends: activities are read newest
/// first by (time, id), from the cursor's place, each checked against the
/// viewer's relations and the privacy of its reader and of the review it
/// concerns. `$2`/`$4` are the cursor's time and id.
macro_rules! feed {
    ($circle:expr) => {
        concat!(
            "SELECT a.id, a.kind, a.detail, a.created_at, u.id, u.username, u.display_name,
        b.id, b.title, v.id, vu.id, vu.username, vu.display_name,
        coalesce(v.likes_count, 0), coalesce(v.comments_count, 0), c.number,
        EXISTS (SELECT 1 FROM review_likes l WHERE l.review_id = v.id AND l.user_id = $1),
        b.cover, rt.stars, CASE WHEN a.kind = 'reviewed' THEN v.body END, coalesce(v.spoiler, FALSE)
     FROM activities a
     JOIN users u ON u.id = a.user_id
     LEFT JOIN books b ON b.id = a.book_id
     LEFT JOIN reviews v ON v.id = a.review_id
     LEFT JOIN users vu ON vu.id = v.user_id
     LEFT JOIN comments c ON c.id = a.comment_id
     LEFT JOIN ratings rt ON rt.user_id = a.user_id AND rt.book_id = a.book_id
     WHERE a.created_at <= $2 AND (a.created_at < $2 OR a.id < $4)
       ",
            $circle,
            "
       AND (u.visibility = 'public' OR (u.visibility = 'friends'
            AND EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $1 AND fr.friend_id = a.user_id)))
       AND (v.id IS NULL OR v.visibility = 'public' OR v.user_id = $1
            OR EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $1 AND fr.friend_id = v.user_id)
            OR (vu.remote AND EXISTS (SELECT 1 FROM follows fo
                WHERE fo.follower_id = $1 AND fo.followee_id = v.user_id)))
       AND (c.id IS NULL OR (c.deleted_at IS NULL AND NOT c.removed))
       AND (a.kind <> 'rated' OR rt.user_id IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM blocks k
            WHERE (k.blocker_id = $1 AND k.blocked_id IN (a.user_id, coalesce(v.user_id, 0)))
               OR (k.blocked_id = $1 AND k.blocker_id IN (a.user_id, coalesce(v.user_id, 0))))
     ORDER BY a.created_at DESC, a.id DESC LIMIT $3"
        )
    };
}

/// Past this many friends and followed readers, walking all activity newest
/// first (stopping at a page) beats gathering and sorting each one's activity.
const WIDE_CIRCLE: i64 = 50;

queries! {
    value activity_time(id: i64) -> i64 = ("SELECT created_at FROM activities WHERE id = $1");
    value_or_default circle_size(viewer: i64) -> i64 = ("SELECT (SELECT count(*) FROM friends WHERE user_id = $1)
        + (SELECT count(*) FROM follows WHERE follower_id = $1)");
}

pub(crate) async fn feed<D: Db>(
    db: &D,
    viewer: i64,
    before: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<FeedItem>> {
    // The cursor is an activity's id; its place is its time. Looked up on
    // every page (the first finds nothing), so every page costs the same.
    let before = before.unwrap_or(i64::MAX);
    let at = activity_time(db, before).await?.unwrap_or(i64::MAX);
    let circle = circle_size(db, viewer).await?;
    let sql = if circle > WIDE_CIRCLE {
        // Walks activity downwards in time, keeping the circle's, and stops at a page.
        sql!(feed!(
            "AND (EXISTS (SELECT 1 FROM friends f WHERE f.user_id = $1 AND f.friend_id = a.user_id)
              OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $1 AND f.followee_id = a.user_id))"
        ))
    } else {
        // Gathers each friend's activity through the (user, time) index, then sorts.
        sql!(feed!(
            "AND a.user_id IN (SELECT friend_id FROM friends WHERE user_id = $1
                              UNION SELECT followee_id FROM follows WHERE follower_id = $1)"
        ))
    };
    db.all(sql, &[&viewer, &at, &limit, &before], |r| {
        let book_id: Option<i64> = r.get(7)?;
        Ok(FeedItem {
            id: r.get(0)?,
            kind: r.get(1)?,
            detail: r.get(2)?,
            created_at: r.get(3)?,
            actor: UserRef::read_at(r, &mut 4)?,
            book: match book_id {
                Some(id) => Some((id, r.get(8)?)),
                None => None,
            },
            review_id: r.get(9)?,
            review_author: Option::<UserRef>::read_at(r, &mut 10)?,
            review_likes: r.get(13)?,
            review_comments: r.get(14)?,
            comment_number: r.get(15)?,
            liked: r.get(16)?,
            cover: r.get(17)?,
            stars: r.get(18)?,
            review_body: r.get(19)?,
            review_spoiler: r.get(20)?,
        })
    })
    .await
}

store! {
    /// What the viewer's friends and the readers they follow did, newest
    /// first, after activity `before` in that order (None: from the newest).
    read feed(viewer: i64, before: Option<i64>, limit: i64) -> Vec<FeedItem>;
}
