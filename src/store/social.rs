//! Friends, follows, blocks and profile privacy.

use super::Store;
use super::db::Db;
use super::limits::{self, Act, Limited};
use crate::store::{
    FriendOutcome, FriendRead, Relation, StoreError, StoreResult, TimelineEntry, UserRef,
};

queries! {
    pub(crate) one_or_default relation(viewer: i64, other: i64) -> Relation = (
        "SELECT EXISTS (SELECT 1 FROM friends WHERE user_id = $1 AND friend_id = $2),
        EXISTS (SELECT 1 FROM friend_requests WHERE from_id = $1 AND to_id = $2),
        EXISTS (SELECT 1 FROM friend_requests WHERE from_id = $2 AND to_id = $1),
        EXISTS (SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2),
        EXISTS (SELECT 1 FROM follows WHERE follower_id = $2 AND followee_id = $1),
        EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2),
        EXISTS (SELECT 1 FROM blocks WHERE blocker_id = $2 AND blocked_id = $1)"
    );
}

async fn notify<D: Db>(
    db: &D,
    user: i64,
    kind: &'static str,
    actor: i64,
    now: i64,
) -> StoreResult<()> {
    let notice = super::notifications::Notice {
        user_id: user,
        kind,
        actor_id: actor,
        review_id: None,
        comment_id: None,
        now,
    };
    super::notifications::notify(db, &notice).await
}

queries! {
    /// Two readers asking each other at once must meet in one friendship, not two
    /// crossed requests: on PostgreSQL, changes between a pair take turns on both
    /// readers' rows, locked in id order (SQLite's writer holds the only lock).
    lock lock_pair(a: i64, b: i64) =
        ("SELECT 1 FROM users WHERE id = $1 OR id = $2 ORDER BY id FOR NO KEY UPDATE");
}

queries! {
    exec drop_requests(a: i64, b: i64) = ("DELETE FROM friend_requests
        WHERE (from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1)");
    exec add_friends(a: i64, b: i64, now: i64) = ("INSERT INTO friends (user_id, friend_id, since)
        VALUES ($1, $2, $3), ($2, $1, $3) ON CONFLICT DO NOTHING");
    exec drop_friends(a: i64, b: i64) = ("DELETE FROM friends
        WHERE (user_id = $1 AND friend_id = $2) OR (user_id = $2 AND friend_id = $1)");
    exec add_request(from: i64, to: i64, now: i64) =
        ("INSERT INTO friend_requests (from_id, to_id, created_at) VALUES ($1, $2, $3)");
    exec add_follow(follower: i64, followee: i64, now: i64) = ("INSERT INTO follows
        (follower_id, followee_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
    exec drop_follow(follower: i64, followee: i64) =
        ("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2");
    exec drop_follows(a: i64, b: i64) = ("DELETE FROM follows
        WHERE (follower_id = $1 AND followee_id = $2) OR (follower_id = $2 AND followee_id = $1)");
    exec add_block(blocker: i64, blocked: i64, now: i64) = ("INSERT INTO blocks
        (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
    exec drop_block(blocker: i64, blocked: i64) =
        ("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2");
    exec store_avatar(user_id: i64, jpeg: Vec<u8>, now: i64) = ("INSERT INTO avatars (user_id, bytes, updated_at)
        VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET bytes = excluded.bytes, updated_at = excluded.updated_at");
    exec drop_avatar(user_id: i64) = ("DELETE FROM avatars WHERE user_id = $1");
}

async fn befriend<D: Db>(db: &D, a: i64, b: i64, now: i64) -> StoreResult<()> {
    drop_requests(db, a, b).await?;
    add_friends(db, a, b, now).await
}

pub(crate) async fn request_friend<D: Db>(
    db: &D,
    from: i64,
    to: i64,
    now: i64,
) -> StoreResult<FriendOutcome> {
    // Without a limit nothing can be over one; the arm is there for the type.
    match ask_friend(db, from, to, now, None).await? {
        Limited::Done(outcome) => Ok(outcome),
        Limited::OverLimit { .. } => Err(StoreError::Database(
            "an unlimited friend request came back over a limit".into(),
        )),
    }
}

/// `request_friend` for a reader who may send `per_hour` new requests an
/// hour; accepting a request by asking back, or asking again, is free.
pub(crate) async fn request_friend_within<D: Db>(
    db: &D,
    from: i64,
    to: i64,
    now: i64,
    per_hour: i64,
) -> StoreResult<Limited<FriendOutcome>> {
    ask_friend(db, from, to, now, Some(per_hour)).await
}

async fn ask_friend<D: Db>(
    db: &D,
    from: i64,
    to: i64,
    now: i64,
    per_hour: Option<i64>,
) -> StoreResult<Limited<FriendOutcome>> {
    lock_pair(db, from, to).await?;
    let rel = relation(db, from, to).await?;
    if rel.friends {
        return Ok(Limited::Done(FriendOutcome::AlreadyFriends));
    }
    if rel.request_received {
        befriend(db, from, to, now).await?;
        notify(db, to, "friend_accepted", from, now).await?;
        return Ok(Limited::Done(FriendOutcome::Friends));
    }
    if !rel.request_sent {
        if let Some(per_hour) = per_hour
            && let Limited::OverLimit { oldest } =
                limits::take_turn(db, from, Act::AskFriend, per_hour, now).await?
        {
            return Ok(Limited::OverLimit { oldest });
        }
        add_request(db, from, to, now).await?;
        notify(db, to, "friend_request", from, now).await?;
    }
    Ok(Limited::Done(FriendOutcome::Requested))
}

pub(crate) async fn accept_friend<D: Db>(
    db: &D,
    user: i64,
    requester: i64,
    now: i64,
) -> StoreResult<bool> {
    lock_pair(db, user, requester).await?;
    if !relation(db, user, requester).await?.request_received {
        return Ok(false);
    }
    befriend(db, user, requester, now).await?;
    notify(db, requester, "friend_accepted", user, now).await?;
    Ok(true)
}

pub(crate) async fn end_friendship<D: Db>(db: &D, a: i64, b: i64) -> StoreResult<()> {
    drop_requests(db, a, b).await?;
    drop_friends(db, a, b).await
}

pub(crate) async fn set_follow<D: Db>(
    db: &D,
    follower: i64,
    followee: i64,
    on: bool,
    now: i64,
) -> StoreResult<()> {
    if on {
        add_follow(db, follower, followee, now).await
    } else {
        drop_follow(db, follower, followee).await
    }
}

pub(crate) async fn set_block<D: Db>(
    db: &D,
    blocker: i64,
    blocked: i64,
    on: bool,
    now: i64,
) -> StoreResult<()> {
    if !on {
        return drop_block(db, blocker, blocked).await;
    }
    add_block(db, blocker, blocked, now).await?;
    end_friendship(db, blocker, blocked).await?;
    drop_follows(db, blocker, blocked).await
}

queries! {
    pub(crate) all friends(user_id: i64) -> UserRef = (
        "SELECT u.id, u.username, u.display_name FROM friends f JOIN users u ON u.id = f.friend_id
         WHERE f.user_id = $1 ORDER BY u.display_name, u.id"
    );
    pub(crate) all friend_requests(user_id: i64) -> UserRef = (
        "SELECT u.id, u.username, u.display_name FROM friend_requests q JOIN users u ON u.id = q.from_id
         WHERE q.to_id = $1 ORDER BY q.created_at DESC"
    );
    pub(crate) exec set_profile(user_id: i64, visibility: &str, bio: Option<&str>) =
        ("UPDATE users SET visibility = $2, bio = $3 WHERE id = $1");
    pub(crate) all friends_with_book(viewer: i64, book_id: i64) -> FriendRead = (
        "SELECT u.id, u.username, u.display_name, r.stars, ub.status
         FROM friends f JOIN users u ON u.id = f.friend_id
         LEFT JOIN user_books ub ON ub.user_id = f.friend_id AND ub.book_id = $2
         LEFT JOIN ratings r ON r.user_id = f.friend_id AND r.book_id = $2
         WHERE f.user_id = $1 AND (ub.user_id IS NOT NULL OR r.user_id IS NOT NULL)
           AND u.visibility <> 'private'
         ORDER BY r.stars IS NULL, u.display_name"
    );
    pub(crate) all reading_timeline(user_id: i64, limit: i64) -> TimelineEntry = (
        "SELECT b.id, b.title, b.pages, e.id, e.status, e.page, e.percent, e.note, e.created_at
         FROM reading_events e JOIN books b ON b.id = e.book_id
         WHERE e.user_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2"
    );
}

pub(crate) async fn set_avatar<D: Db>(
    db: &D,
    user_id: i64,
    jpeg: Option<Vec<u8>>,
    now: i64,
) -> StoreResult<()> {
    match jpeg {
        Some(bytes) => store_avatar(db, user_id, bytes, now).await,
        None => drop_avatar(db, user_id).await,
    }
}

queries! {
    pub(crate) one avatar(user_id: i64) -> (Vec<u8>, i64) =
        ("SELECT bytes, updated_at FROM avatars WHERE user_id = $1");
    pub(crate) all blocked_either_way(viewer: i64) -> i64 = (
        "SELECT blocked_id FROM blocks WHERE blocker_id = $1
         UNION SELECT blocker_id FROM blocks WHERE blocked_id = $1"
    );
}

store! {
    /// How `viewer` stands to `other`.
    lookup relation(viewer: i64, other: i64) -> Relation;
    /// Asks for friendship; a request the other way already is accepted instead.
    write request_friend(from: i64, to: i64, now: i64) -> FriendOutcome;
    /// `request_friend`, a new request counted against the asker's hour.
    write request_friend_within(from: i64, to: i64, now: i64, per_hour: i64) -> Limited<FriendOutcome>;
    /// Accepts `requester`'s request to `user`; false if there was none.
    write accept_friend(user: i64, requester: i64, now: i64) -> bool;
    /// Removes a request either way between the two, and any friendship.
    write end_friendship(a: i64, b: i64) -> ();
    write set_follow(follower: i64, followee: i64, on: bool, now: i64) -> ();
    /// Blocking also ends friendship, requests and follows both ways.
    write set_block(blocker: i64, blocked: i64, on: bool, now: i64) -> ();
    read friends(user_id: i64) -> Vec<UserRef>;
    /// The reader's latest progress and status changes across books, newest
    /// first.
    read reading_timeline(user_id: i64, limit: i64) -> Vec<TimelineEntry>;
    /// The reader's picture and when it last changed.
    lookup avatar(user_id: i64) -> Option<(Vec<u8>, i64)>;
    /// The readers the viewer blocks or is blocked by.
    lookup blocked_either_way(viewer: i64) -> Vec<i64>;
    lookup friend_requests(user_id: i64) -> Vec<UserRef>;
    write set_profile(user_id: i64, visibility: &str, bio: Option<&str>) -> ();
    /// The viewer's friends who have this book on their shelves or rated it.
    read friends_with_book(viewer: i64, book_id: i64) -> Vec<FriendRead>;
}

impl Store {
    /// Replaces the reader's picture (None removes it).
    pub async fn set_avatar(
        &self,
        user_id: i64,
        jpeg: Option<Vec<u8>>,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| set_avatar(db, user_id, jpeg, now))
    }
}
