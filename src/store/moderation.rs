//! Flags, the moderation queue, and notifications.

use super::Store;
use super::db::{Db, Row};
use super::limits::{self, Act, Limited};
use crate::sql;
use crate::store::{FlagItem, NewFlag, Notification, StoreResult, UserRef};

/// A reader from three columns (id, username, display name) at `at`; None
/// when the id is NULL (no one, or a deleted account).
pub(crate) fn user_at(r: &dyn Row, at: usize) -> super::StoreResult<Option<UserRef>> {
    Ok(match r.get::<Option<i64>>(at)? {
        Some(id) => Some(UserRef {
            id,
            username: r.get(at + 1)?,
            display_name: r.get(at + 2)?,
        }),
        None => None,
    })
}

/// Each flag with the words it points at and their author, in one query.
macro_rules! flag_select {
    () => {
        "SELECT f.id, f.target_kind, f.target_id, f.reason, f.note, f.created_at,
        ru.id, ru.username, ru.display_name,
        CASE f.target_kind WHEN 'review' THEN v.body ELSE c.body END,
        au.id, au.username, au.display_name,
        CASE f.target_kind WHEN 'review' THEN v.id ELSE c.review_id END,
        c.number, c.deleted_at IS NOT NULL, c.list_id
     FROM flags f
     LEFT JOIN users ru ON ru.id = f.reporter_id
     LEFT JOIN reviews v ON f.target_kind = 'review' AND v.id = f.target_id
     LEFT JOIN comments c ON f.target_kind = 'comment' AND c.id = f.target_id
     LEFT JOIN users au ON au.id = CASE f.target_kind WHEN 'review' THEN v.user_id ELSE c.author_id END"
    };
}

fn flag_row(r: &dyn Row) -> StoreResult<FlagItem> {
    let gone: Option<bool> = r.get(15)?;
    let text: Option<String> = r.get(9)?;
    Ok(FlagItem {
        id: r.get(0)?,
        target_kind: r.get(1)?,
        target_id: r.get(2)?,
        reason: r.get(3)?,
        note: r.get(4)?,
        created_at: r.get(5)?,
        reporter: user_at(r, 6)?,
        text: if gone == Some(true) { None } else { text },
        target_author: user_at(r, 10)?,
        review_id: r.get(13)?,
        comment_number: r.get(14)?,
        list_id: r.get(16)?,
    })
}

/// Files the flag if the reporter's hour has room for `per_hour` flags.
pub(crate) async fn create_flag<D: Db>(
    db: &D,
    new: &NewFlag,
    per_hour: i64,
) -> StoreResult<Limited<i64>> {
    let turn = limits::take_turn(db, new.reporter_id, Act::Flag, per_hour, new.now).await?;
    if let Limited::OverLimit { oldest } = turn {
        return Ok(Limited::OverLimit { oldest });
    }
    let id = db
        .value(
            sql!(
                "INSERT INTO flags (reporter_id, target_kind, target_id, reason, note, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
            ),
            &[
                &new.reporter_id,
                &new.target_kind,
                &new.target_id,
                &new.reason,
                &new.note,
                &new.now,
            ],
        )
        .await?
        .unwrap_or_default();
    Ok(Limited::Done(id))
}

pub(crate) async fn open_flags<D: Db>(
    db: &D,
    limit: i64,
    after: i64,
) -> StoreResult<Vec<FlagItem>> {
    // Ids grow with time: keyed on the id, resolving flags does not shift the next page.
    db.all(
        sql!(concat!(
            flag_select!(),
            " WHERE f.state = 'open' AND f.id > $2 ORDER BY f.id LIMIT $1"
        )),
        &[&limit, &after],
        flag_row,
    )
    .await
}

pub(crate) async fn flag<D: Db>(db: &D, id: i64) -> StoreResult<Option<FlagItem>> {
    db.one(
        sql!(concat!(flag_select!(), " WHERE f.id = $1")),
        &[&id],
        flag_row,
    )
    .await
}

pub(crate) async fn resolve_flags<D: Db>(
    db: &D,
    kind: &str,
    target_id: i64,
    state: &str,
    by: i64,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        sql!(
            "UPDATE flags SET state = $3, resolved_by = $4, resolved_at = $5
         WHERE target_kind = $1 AND target_id = $2 AND state = 'open'"
        ),
        &[&kind, &target_id, &state, &by, &now],
    )
    .await?;
    Ok(())
}

pub(crate) async fn notifications<D: Db>(
    db: &D,
    user_id: i64,
    limit: i64,
    before: i64,
) -> StoreResult<Vec<Notification>> {
    db.all(
        sql!(
            "SELECT n.id, n.kind, a.id, a.username, a.display_name, n.review_id, c.number, b.title,
                n.created_at, n.read_at IS NOT NULL
         FROM notifications n
         LEFT JOIN users a ON a.id = n.actor_id
         LEFT JOIN reviews v ON v.id = n.review_id
         LEFT JOIN books b ON b.id = v.book_id
         LEFT JOIN comments c ON c.id = n.comment_id
         WHERE n.user_id = $1 AND n.id < $3 ORDER BY n.id DESC LIMIT $2"
        ),
        &[&user_id, &limit, &before],
        |r| {
            Ok(Notification {
                id: r.get(0)?,
                kind: r.get(1)?,
                actor: user_at(r, 2)?,
                review_id: r.get(5)?,
                comment_number: r.get(6)?,
                book_title: r.get(7)?,
                created_at: r.get(8)?,
                read: r.get(9)?,
            })
        },
    )
    .await
}

pub(crate) async fn mark_notifications_read<D: Db>(
    db: &D,
    user_id: i64,
    first: i64,
    last: i64,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        sql!(
            "UPDATE notifications SET read_at = $2
         WHERE user_id = $1 AND read_at IS NULL AND id BETWEEN $3 AND $4"
        ),
        &[&user_id, &now, &first, &last],
    )
    .await?;
    Ok(())
}

store! {
    /// Conflict when the reader has flagged this already.
    write create_flag(new: &NewFlag, per_hour: i64) -> Limited<i64>;
    /// Open flags, oldest first, after flag `after` (0: from the first).
    read open_flags(limit: i64, after: i64) -> Vec<FlagItem>;
    lookup flag(id: i64) -> Option<FlagItem>;
    /// Closes every open flag on the target as `state` ("removed", "dismissed", "suspended").
    write resolve_flags(target_kind: &str, target_id: i64, state: &str, by: i64, now: i64) -> ();
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
