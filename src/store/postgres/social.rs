//! Friends, follows, blocks, profile privacy and the feed, in PostgreSQL.

use std::sync::LazyLock;

use tokio_postgres::Row;

use super::Db;
use crate::store::{
    FeedItem, FriendOutcome, FriendRead, ReadingEvent, Relation, StoreResult, TimelineEntry,
    UserRef,
};

pub(super) async fn relation(db: &Db<'_>, viewer: i64, other: i64) -> StoreResult<Relation> {
    Ok(db
        .one(
            "SELECT EXISTS (SELECT 1 FROM friends WHERE user_id = $1 AND friend_id = $2),
                EXISTS (SELECT 1 FROM friend_requests WHERE from_id = $1 AND to_id = $2),
                EXISTS (SELECT 1 FROM friend_requests WHERE from_id = $2 AND to_id = $1),
                EXISTS (SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2),
                EXISTS (SELECT 1 FROM follows WHERE follower_id = $2 AND followee_id = $1),
                EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2),
                EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $2 AND blocked_id = $1)",
            &[&viewer, &other],
            |r| {
                Ok(Relation {
                    friends: r.try_get(0)?,
                    request_sent: r.try_get(1)?,
                    request_received: r.try_get(2)?,
                    following: r.try_get(3)?,
                    followed_by: r.try_get(4)?,
                    blocking: r.try_get(5)?,
                    blocked_by: r.try_get(6)?,
                })
            },
        )
        .await?
        .unwrap_or_default())
}

async fn notify(db: &Db<'_>, user: i64, kind: &str, actor: i64, now: i64) -> StoreResult<()> {
    db.exec(
        "INSERT INTO notifications (user_id, kind, actor_id, created_at) VALUES ($1, $2, $3, $4)",
        &[&user, &kind, &actor, &now],
    )
    .await?;
    Ok(())
}

async fn befriend(db: &Db<'_>, a: i64, b: i64, now: i64) -> StoreResult<()> {
    db.exec(
        "DELETE FROM friend_requests WHERE (from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1)",
        &[&a, &b],
    ).await?;
    db.exec(
        "INSERT INTO friends (user_id, friend_id, since) VALUES ($1, $2, $3), ($2, $1, $3)
         ON CONFLICT DO NOTHING",
        &[&a, &b, &now],
    )
    .await?;
    Ok(())
}

pub(super) async fn request_friend(
    db: &Db<'_>,
    from: i64,
    to: i64,
    now: i64,
) -> StoreResult<FriendOutcome> {
    let rel = relation(db, from, to).await?;
    if rel.friends {
        return Ok(FriendOutcome::AlreadyFriends);
    }
    if rel.request_received {
        befriend(db, from, to, now).await?;
        notify(db, to, "friend_accepted", from, now).await?;
        return Ok(FriendOutcome::Friends);
    }
    if !rel.request_sent {
        db.exec(
            "INSERT INTO friend_requests (from_id, to_id, created_at) VALUES ($1, $2, $3)",
            &[&from, &to, &now],
        )
        .await?;
        notify(db, to, "friend_request", from, now).await?;
    }
    Ok(FriendOutcome::Requested)
}

pub(super) async fn accept_friend(
    db: &Db<'_>,
    user: i64,
    requester: i64,
    now: i64,
) -> StoreResult<bool> {
    if !relation(db, user, requester).await?.request_received {
        return Ok(false);
    }
    befriend(db, user, requester, now).await?;
    notify(db, requester, "friend_accepted", user, now).await?;
    Ok(true)
}

pub(super) async fn end_friendship(db: &Db<'_>, a: i64, b: i64) -> StoreResult<()> {
    db.exec(
        "DELETE FROM friend_requests WHERE (from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1)",
        &[&a, &b],
    ).await?;
    db.exec(
        "DELETE FROM friends WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)",
        &[&a, &b],
    ).await?;
    Ok(())
}

pub(super) async fn set_follow(
    db: &Db<'_>,
    follower: i64,
    followee: i64,
    on: bool,
    now: i64,
) -> StoreResult<()> {
    if on {
        db.exec(
            "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            &[&follower, &followee, &now],
        )
        .await?;
    } else {
        db.exec(
            "DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2",
            &[&follower, &followee],
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn set_block(
    db: &Db<'_>,
    blocker: i64,
    blocked: i64,
    on: bool,
    now: i64,
) -> StoreResult<()> {
    if !on {
        db.exec(
            "DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2",
            &[&blocker, &blocked],
        )
        .await?;
        return Ok(());
    }
    db.exec(
        "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        &[&blocker, &blocked, &now],
    ).await?;
    end_friendship(db, blocker, blocked).await?;
    db.exec(
        "DELETE FROM follows WHERE (follower_id = $1 AND followee_id = $2) OR (follower_id = $2 AND followee_id = $1)",
        &[&blocker, &blocked],
    ).await?;
    Ok(())
}

fn user_ref(r: &Row, at: usize) -> super::PgResult<UserRef> {
    Ok(UserRef {
        id: r.try_get(at)?,
        username: r.try_get(at + 1)?,
        display_name: r.try_get(at + 2)?,
    })
}

pub(super) async fn friends(db: &Db<'_>, user_id: i64) -> StoreResult<Vec<UserRef>> {
    db.all(
        "SELECT u.id, u.username, u.display_name FROM friends f JOIN users u ON u.id = f.friend_id
         WHERE f.user_id = $1 ORDER BY u.display_name, u.id",
        &[&user_id],
        |r| user_ref(r, 0),
    )
    .await
}

pub(super) async fn friend_requests(db: &Db<'_>, user_id: i64) -> StoreResult<Vec<UserRef>> {
    db.all(
        "SELECT u.id, u.username, u.display_name FROM friend_requests q JOIN users u ON u.id = q.from_id
         WHERE q.to_id = $1 ORDER BY q.created_at DESC",
        &[&user_id],
        |r| user_ref(r, 0),
    ).await
}

pub(super) async fn set_profile(
    db: &Db<'_>,
    user_id: i64,
    visibility: &str,
    bio: Option<&str>,
) -> StoreResult<()> {
    db.exec(
        "UPDATE users SET visibility = $2, bio = $3 WHERE id = $1",
        &[&user_id, &visibility, &bio],
    )
    .await?;
    Ok(())
}

pub(super) async fn friends_with_book(
    db: &Db<'_>,
    viewer: i64,
    book_id: i64,
) -> StoreResult<Vec<FriendRead>> {
    db.all(
        "SELECT u.id, u.username, u.display_name, r.stars, ub.status
         FROM friends f JOIN users u ON u.id = f.friend_id
         LEFT JOIN user_books ub ON ub.user_id = f.friend_id AND ub.book_id = $2
         LEFT JOIN ratings r ON r.user_id = f.friend_id AND r.book_id = $2
         WHERE f.user_id = $1 AND (ub.user_id IS NOT NULL OR r.user_id IS NOT NULL)
           AND u.visibility <> 'private'
         ORDER BY r.stars IS NULL, u.display_name",
        &[&viewer, &book_id],
        |r| {
            Ok(FriendRead {
                reader: user_ref(r, 0)?,
                rating: r.try_get(3)?,
                status: r.try_get(4)?,
            })
        },
    )
    .await
}

/// Records what a reader did, for their friends' and followers' feeds.
pub(super) async fn record(db: &Db<'_>, activity: &Activity<'_>) -> StoreResult<()> {
    db.exec(
        "INSERT INTO activities (user_id, kind, book_id, review_id, comment_id, detail, created_at)
         VALUES ($1, $2, coalesce($3, (SELECT book_id FROM reviews WHERE id = $4)), $4, $5, $6, $7)",
        &[&activity.user_id, &activity.kind, &activity.book_id, &activity.review_id, &activity.comment_id, &activity.detail, &activity.now],
    ).await?;
    Ok(())
}

pub(super) struct Activity<'a> {
    pub user_id: i64,
    pub kind: &'a str,
    /// For a comment, the review's book is taken when this is None.
    pub book_id: Option<i64>,
    pub review_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub detail: Option<String>,
    pub now: i64,
}

impl<'a> Activity<'a> {
    pub fn about_book(
        user_id: i64,
        kind: &'a str,
        book_id: i64,
        detail: Option<String>,
        now: i64,
    ) -> Self {
        Activity {
            user_id,
            kind,
            book_id: Some(book_id),
            review_id: None,
            comment_id: None,
            detail,
            now,
        }
    }
}

/// "page 120" or "45%": what a progress update said.
pub(super) fn progress_detail(page: Option<i64>, percent: Option<i64>) -> Option<String> {
    page.map(|p| format!("page {p}"))
        .or_else(|| percent.map(|p| format!("{p}%")))
}

/// One statement whatever the number of friends: activities are read newest
/// first by id (the cursor), each checked against the viewer's relations and
/// the privacy of its reader and of the review it concerns.
const FEED: &str = "SELECT a.id, a.kind, a.detail, a.created_at, u.id, u.username, u.display_name,
        b.id, b.title, v.id, vu.id, vu.username, vu.display_name,
        coalesce(v.likes_count, 0), coalesce(v.comments_count, 0), c.number,
        EXISTS (SELECT 1 FROM review_likes l WHERE l.review_id = v.id AND l.user_id = $1)
     FROM activities a
     JOIN users u ON u.id = a.user_id
     LEFT JOIN books b ON b.id = a.book_id
     LEFT JOIN reviews v ON v.id = a.review_id
     LEFT JOIN users vu ON vu.id = v.user_id
     LEFT JOIN comments c ON c.id = a.comment_id
     WHERE a.id < $2
       {CIRCLE}
       AND (u.visibility = 'public' OR (u.visibility = 'friends'
            AND EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $1 AND fr.friend_id = a.user_id)))
       AND (v.id IS NULL OR v.visibility = 'public' OR v.user_id = $1
            OR EXISTS (SELECT 1 FROM friends fr WHERE fr.user_id = $1 AND fr.friend_id = v.user_id))
       AND (c.id IS NULL OR (c.deleted_at IS NULL AND NOT c.removed))
       AND NOT EXISTS (SELECT 1 FROM blocks k
            WHERE (k.blocker_id = $1 AND k.blocked_id IN (a.user_id, coalesce(v.user_id, 0)))
               OR (k.blocked_id = $1 AND k.blocker_id IN (a.user_id, coalesce(v.user_id, 0))))
     ORDER BY a.id DESC LIMIT $3";

/// Past this many friends and followed readers, walking all activity newest
/// first (stopping at a page) beats gathering and sorting each one's activity.
const WIDE_CIRCLE: i64 = 50;

/// Gathers each friend's activity through the (user, id) index, then sorts.
static FEED_GATHER: LazyLock<String> = LazyLock::new(|| {
    FEED.replace(
        "{CIRCLE}",
        "AND a.user_id IN (SELECT friend_id FROM friends WHERE user_id = $1
                         UNION SELECT followee_id FROM follows WHERE follower_id = $1)",
    )
});

/// Walks activity ids downwards, keeping the circle's, and stops at a page.
static FEED_WALK: LazyLock<String> = LazyLock::new(|| {
    FEED.replace(
        "{CIRCLE}",
        "AND (EXISTS (SELECT 1 FROM friends f WHERE f.user_id = $1 AND f.friend_id = a.user_id)
            OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $1 AND f.followee_id = a.user_id))",
    )
});

pub(super) async fn feed(
    db: &Db<'_>,
    viewer: i64,
    before: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<FeedItem>> {
    let circle: i64 = db
        .value(
            "SELECT (SELECT count(*) FROM friends WHERE user_id = $1)
                  + (SELECT count(*) FROM follows WHERE follower_id = $1)",
            &[&viewer],
        )
        .await?
        .unwrap_or_default();
    let sql = if circle > WIDE_CIRCLE {
        FEED_WALK.as_str()
    } else {
        FEED_GATHER.as_str()
    };
    db.all(sql, &[&viewer, &before.unwrap_or(i64::MAX), &limit], |r| {
        let book_id: Option<i64> = r.try_get(7)?;
        let review_author: Option<i64> = r.try_get(10)?;
        Ok(FeedItem {
            id: r.try_get(0)?,
            kind: r.try_get(1)?,
            detail: r.try_get(2)?,
            created_at: r.try_get(3)?,
            actor: user_ref(r, 4)?,
            book: match book_id {
                Some(id) => Some((id, r.try_get(8)?)),
                None => None,
            },
            review_id: r.try_get(9)?,
            review_author: match review_author {
                Some(_) => Some(user_ref(r, 10)?),
                None => None,
            },
            review_likes: r.try_get(13)?,
            review_comments: r.try_get(14)?,
            comment_number: r.try_get(15)?,
            liked: r.try_get(16)?,
        })
    })
    .await
}

/// Tells a reviewer their review was liked, once per liker.
pub(super) async fn notify_like(
    db: &Db<'_>,
    liker: i64,
    review_id: i64,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        "INSERT INTO notifications (user_id, kind, actor_id, review_id, created_at)
         SELECT v.user_id, 'like', $1, v.id, $3 FROM reviews v
         WHERE v.id = $2 AND v.user_id <> $1
           AND NOT EXISTS (SELECT 1 FROM notifications n
                           WHERE n.kind = 'like' AND n.actor_id = $1 AND n.review_id = $2)",
        &[&liker, &review_id, &now],
    )
    .await?;
    Ok(())
}

pub(super) async fn reading_timeline(
    db: &Db<'_>,
    user_id: i64,
    limit: i64,
) -> StoreResult<Vec<TimelineEntry>> {
    db.all(
        "SELECT b.id, b.title, b.pages, e.id, e.status, e.page, e.percent, e.note, e.created_at
         FROM reading_events e JOIN books b ON b.id = e.book_id
         WHERE e.user_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2",
        &[&user_id, &limit],
        |r| {
            Ok(TimelineEntry {
                book_id: r.try_get(0)?,
                title: r.try_get(1)?,
                pages: r.try_get(2)?,
                event: ReadingEvent {
                    id: r.try_get(3)?,
                    status: r.try_get(4)?,
                    page: r.try_get(5)?,
                    percent: r.try_get(6)?,
                    note: r.try_get(7)?,
                    created_at: r.try_get(8)?,
                },
            })
        },
    )
    .await
}

pub(super) async fn set_avatar(
    db: &Db<'_>,
    user_id: i64,
    jpeg: Option<Vec<u8>>,
    now: i64,
) -> StoreResult<()> {
    match jpeg {
        Some(bytes) => db.exec(
            "INSERT INTO avatars (user_id, bytes, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id) DO UPDATE SET bytes = excluded.bytes, updated_at = excluded.updated_at",
            &[&user_id, &bytes, &now],
        )
    .await?,
        None => db.exec("DELETE FROM avatars WHERE user_id = $1", &[&user_id])
    .await?,
    };
    Ok(())
}

pub(super) async fn avatar(db: &Db<'_>, user_id: i64) -> StoreResult<Option<(Vec<u8>, i64)>> {
    db.one(
        "SELECT bytes, updated_at FROM avatars WHERE user_id = $1",
        &[&user_id],
        |r| Ok((r.try_get(0)?, r.try_get(1)?)),
    )
    .await
}

pub(super) async fn blocked_either_way(db: &Db<'_>, viewer: i64) -> StoreResult<Vec<i64>> {
    db.all(
        "SELECT blocked_id FROM blocks WHERE blocker_id = $1
         UNION SELECT blocker_id FROM blocks WHERE blocked_id = $1",
        &[&viewer],
        |r| r.try_get(0),
    )
    .await
}
