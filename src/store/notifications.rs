//! Notifications: made in one place (`notify`, which keeps to what each
//! reader chose to get), read one by one and folded into groups (one per kind
//! and review for comments, likes and quotes; each other one alone), paged by
//! the newest id in each group, marked read by the page or all at once.

use super::Store;
use super::db::{Db, List};
use crate::store::{Notification, NotificationGroup, StoreResult};

/// The group a notification `n` falls in, as `domain::notifications::group_key`
/// spells it: "comment:12" for review 12's comments, "friend_request:-40"
/// for notification 40 alone.
macro_rules! notification_group {
    () => {
        "n.kind || ':' || CAST(CASE WHEN n.kind IN ('comment', 'like', 'quote') AND n.review_id IS NOT NULL
                                  THEN n.review_id ELSE -n.id END AS TEXT)"
    };
}

/// Notification `n` of reader `$1` comes from no one blocked either way:
/// a blocked reader's doings look like nothing at all.
macro_rules! notification_unblocked {
    () => {
        "NOT EXISTS (SELECT 1 FROM blocks k
              WHERE (k.blocker_id = $1 AND k.blocked_id = n.actor_id)
                 OR (k.blocked_id = $1 AND k.blocker_id = n.actor_id))"
    };
}

/// The topic a notification's comment is in, joined only while reader `n`
/// may see inside its group: a private group's topic names no one outside.
macro_rules! notification_topic {
    () => {
        "LEFT JOIN group_topics t ON t.id = c.topic_id AND EXISTS (
            SELECT 1 FROM reading_groups rg WHERE rg.id = t.group_id AND (rg.visibility = 'public'
               OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = rg.id
                          AND gm.user_id = n.user_id AND gm.role <> 'requested')))"
    };
}

/// The unread groups of reader `u`, for the badge beside "Notifications".
macro_rules! unread_groups {
    () => {
        concat!(
            "(SELECT count(DISTINCT ",
            notification_group!(),
            ") FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL AND
              NOT EXISTS (SELECT 1 FROM blocks k
              WHERE (k.blocker_id = u.id AND k.blocked_id = n.actor_id)
                 OR (k.blocked_id = u.id AND k.blocker_id = n.actor_id)))"
        )
    };
}

/// A notification to make: who hears, of what, from whom, about which review.
pub(crate) struct Notice {
    pub user_id: i64,
    /// One of `domain::preferences::NOTIFICATION_KINDS`.
    pub kind: &'static str,
    pub actor_id: i64,
    pub review_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub now: i64,
}

queries! {
    /// The one statement that makes notifications, so every surface keeps to the
    /// kinds the reader muted: a muted kind is never written at all.
    exec insert_notice(n: &Notice) = (
        "INSERT INTO notifications (user_id, kind, actor_id, review_id, comment_id, created_at)
         SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS BIGINT),
                CAST($5 AS BIGINT), CAST($6 AS BIGINT)
         WHERE NOT EXISTS (SELECT 1 FROM notification_mutes m WHERE m.user_id = $1 AND m.kind = $2)"
    ) with (n.user_id, n.kind, n.actor_id, n.review_id, n.comment_id, n.now);
    /// The kinds the reader muted.
    pub(crate) all notification_mutes(user_id: i64) -> String =
        ("SELECT kind FROM notification_mutes WHERE user_id = $1 ORDER BY kind");
    exec drop_mutes(user_id: i64) = ("DELETE FROM notification_mutes WHERE user_id = $1");
    exec add_mute(user_id: i64, kind: &str) =
        ("INSERT INTO notification_mutes (user_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    pub(crate) all notifications(user_id: i64, limit: i64, before: i64) -> Notification = (concat!(
        "SELECT n.id, n.kind, a.id, a.username, a.display_name, n.review_id, c.number,
                coalesce(b.title, t.title), n.created_at, n.read_at IS NOT NULL, t.id
         FROM notifications n
         LEFT JOIN users a ON a.id = n.actor_id
         LEFT JOIN reviews v ON v.id = n.review_id
         LEFT JOIN books b ON b.id = v.book_id
         LEFT JOIN comments c ON c.id = n.comment_id ",
        notification_topic!(),
        " WHERE n.user_id = $1 AND n.id < $3 AND ",
        notification_unblocked!(),
        " ORDER BY n.id DESC LIMIT $2"
    ));
    /// One statement a page: the reader's groups (their size, readers and unread
    /// count), newest first by their newest member, and that member's details.
    pub(crate) all notification_groups(user_id: i64, before: i64, limit: i64) -> NotificationGroup = (concat!(
        "SELECT g.last_id, n.kind, a.id, a.username, a.display_name, g.readers, g.total,
                g.unread, n.review_id, coalesce(b.title, t.title), c.number, n.created_at,
                EXISTS (SELECT 1 FROM friend_requests q WHERE q.from_id = n.actor_id AND q.to_id = $1),
                t.id
         FROM (SELECT max(n.id) AS last_id, count(*) AS total,
                      count(DISTINCT n.actor_id) AS readers,
                      CAST(sum(CASE WHEN n.read_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS unread
               FROM notifications n
               WHERE n.user_id = $1 AND ",
        notification_unblocked!(),
        " GROUP BY ",
        notification_group!(),
        ") g
         JOIN notifications n ON n.id = g.last_id
         LEFT JOIN users a ON a.id = n.actor_id
         LEFT JOIN reviews v ON v.id = n.review_id
         LEFT JOIN books b ON b.id = v.book_id
         LEFT JOIN comments c ON c.id = n.comment_id ",
        notification_topic!(),
        " WHERE g.last_id < $2
         ORDER BY g.last_id DESC LIMIT $3"
    ));
    pub(crate) exec mark_notifications_read(user_id: i64, first: i64, last: i64, now: i64) = (
        "UPDATE notifications SET read_at = $2
         WHERE user_id = $1 AND read_at IS NULL AND id BETWEEN $3 AND $4"
    ) with (user_id, now, first, last);
    /// Marks read every unread notification in the named groups up to `last`
    /// (the newest a page showed): what arrived since stays unread.
    pub(crate) exec mark_groups_read(user_id: i64, groups: &[String], last: i64, now: i64) = (
        sqlite: concat!(
            "UPDATE notifications AS n SET read_at = $2
             WHERE n.user_id = $1 AND n.read_at IS NULL AND n.id <= $4 AND ",
            notification_group!(),
            " IN (SELECT value FROM json_each($3))"
        ),
        postgres: concat!(
            "UPDATE notifications AS n SET read_at = $2
             WHERE n.user_id = $1 AND n.read_at IS NULL AND n.id <= $4 AND ",
            notification_group!(),
            " = ANY($3)"
        ),
    ) with (user_id, now, List(groups), last);
    /// Marks every notification read, up to `last` when given (the newest the
    /// reader had in front of them).
    pub(crate) exec mark_all_read(user_id: i64, last: Option<i64>, now: i64) = (
        "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL AND id <= $3"
    ) with (user_id, now, last.unwrap_or(i64::MAX));
}

pub(crate) async fn notify<D: Db>(db: &D, n: &Notice) -> StoreResult<()> {
    insert_notice(db, n).await?;
    super::email::queue_notice_mail(db, n.user_id, n.kind, n.actor_id, n.review_id, n.now).await
}

/// Makes `kinds` exactly the reader's muted kinds.
pub(crate) async fn set_notification_mutes<D: Db>(
    db: &D,
    user_id: i64,
    kinds: &[String],
) -> StoreResult<()> {
    drop_mutes(db, user_id).await?;
    for kind in kinds {
        add_mute(db, user_id, kind).await?;
    }
    Ok(())
}

store! {
    /// The kinds of notification the reader muted.
    lookup notification_mutes(user_id: i64) -> Vec<String>;
    /// Makes `kinds` exactly the kinds the reader muted.
    write set_notification_mutes(user_id: i64, kinds: &[String]) -> ();
    /// The reader's groups of notifications, newest first, whose newest member
    /// is older than `before` (i64::MAX: from the newest).
    read notification_groups(user_id: i64, before: i64, limit: i64) -> Vec<NotificationGroup>;
    /// Marks read the unread notifications of these groups up to notification `last`.
    write mark_groups_read(user_id: i64, groups: &[String], last: i64, now: i64) -> ();
    /// Marks all the reader's notifications read, up to `last` when given.
    write mark_all_read(user_id: i64, last: Option<i64>, now: i64) -> ();
}

impl Store {
    /// The reader's notifications, newest first, older than notification `before` (None: from the newest).
    pub async fn notifications(
        &self,
        user_id: i64,
        limit: i64,
        before: Option<i64>,
    ) -> StoreResult<Vec<Notification>> {
        let before = before.unwrap_or(i64::MAX);
        lookup!(self, |db| notifications(db, user_id, limit, before))
    }

    /// Marks the reader's notifications with ids in `ids` read: the ones a page showed.
    pub async fn mark_notifications_read(
        &self,
        user_id: i64,
        ids: std::ops::RangeInclusive<i64>,
        now: i64,
    ) -> StoreResult<()> {
        let (first, last) = ids.into_inner();
        write!(self, |db| mark_notifications_read(
            db, user_id, first, last, now
        ))
    }
}
