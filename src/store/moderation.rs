//! Flags and the moderation queue.

use super::db::{Db, Row};
use super::limits::{self, Act, Limited};
use super::queries::FromRow;
use crate::store::{FlagItem, NewFlag, StoreResult, UserRef};

/// A reader from three columns (id, username, display name) at `at`; None
/// when the id is NULL (no one, or a deleted account).
pub(crate) fn user_at(r: &dyn Row, mut at: usize) -> StoreResult<Option<UserRef>> {
    Option::<UserRef>::read_at(r, &mut at)
}

/// Each flag with the words it points at and their author, in one query.
macro_rules! flag_select {
    () => {
        "SELECT f.id, f.target_kind, f.target_id, f.reason, f.note, f.created_at,
        ru.id, ru.username, ru.display_name,
        CASE f.target_kind WHEN 'review' THEN v.body ELSE c.body END,
        au.id, au.username, au.display_name,
        CASE f.target_kind WHEN 'review' THEN v.id ELSE c.review_id END,
        c.number, c.deleted_at IS NOT NULL, c.list_id, c.topic_id, f.group_id, f.state
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
        topic_id: r.get(17)?,
        group_id: r.get(18)?,
        state: r.get(19)?,
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
    let id = insert_flag(db, new).await?.unwrap_or_default();
    Ok(Limited::Done(id))
}

queries! {
    value insert_flag(new: &NewFlag) -> i64 = (
        "INSERT INTO flags (reporter_id, target_kind, target_id, reason, note, created_at, group_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    ) with (new.reporter_id, new.target_kind, new.target_id, new.reason, new.note, new.now, new.group_id);
    // Ids grow with time: keyed on the id, resolving flags does not shift the next page.
    pub(crate) all open_flags(limit: i64, after: i64) -> FlagItem, by flag_row = (concat!(
        flag_select!(),
        " WHERE f.state = 'open' AND f.group_id IS NULL AND f.id > $2 ORDER BY f.id LIMIT $1"
    ));
    // What waits for a group's own moderators, oldest first.
    pub(crate) all group_flags(group_id: i64, limit: i64) -> FlagItem, by flag_row = (concat!(
        flag_select!(),
        " WHERE f.state = 'open' AND f.group_id = $1 ORDER BY f.id LIMIT $2"
    ));
    pub(crate) exec escalate_flags(group_id: i64, kind: &str, target_id: i64) = (
        "UPDATE flags SET group_id = NULL
         WHERE group_id = $1 AND target_kind = $2 AND target_id = $3 AND state = 'open'"
    );
    pub(crate) one flag(id: i64) -> FlagItem, by flag_row =
        (concat!(flag_select!(), " WHERE f.id = $1"));
    pub(crate) exec resolve_flags(kind: &str, target_id: i64, state: &str, by: i64, now: i64) = (
        "UPDATE flags SET state = $3, resolved_by = $4, resolved_at = $5
         WHERE target_kind = $1 AND target_id = $2 AND state = 'open'"
    );
}

store! {
    /// Conflict when the reader has flagged this already.
    write create_flag(new: &NewFlag, per_hour: i64) -> Limited<i64>;
    /// Open flags for the site's moderators, oldest first, after flag `after` (0: from the first).
    read open_flags(limit: i64, after: i64) -> Vec<FlagItem>;
    /// Open flags waiting for the group's moderators, oldest first.
    read group_flags(group_id: i64, limit: i64) -> Vec<FlagItem>;
    /// Passes the group's open flags on the target to the site's moderators.
    write escalate_flags(group_id: i64, kind: &str, target_id: i64) -> ();
    lookup flag(id: i64) -> Option<FlagItem>;
    /// Closes every open flag on the target as `state` ("removed", "dismissed", "suspended").
    write resolve_flags(target_kind: &str, target_id: i64, state: &str, by: i64, now: i64) -> ();
}
