//! The log of what moderators and admins did.

use super::db::{Db, Row};
use crate::sql;
use crate::store::{LogEntry, NewLogEntry, StoreResult, UserRef};

pub(crate) async fn log_action<D: Db>(db: &D, new: &NewLogEntry) -> StoreResult<()> {
    db.exec(
        sql!("INSERT INTO moderation_log (actor_id, action, target_kind, target_id, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)"),
        &[&new.actor_id, &new.action, &new.target_kind, &new.target_id, &new.detail, &new.now],
    )
    .await?;
    Ok(())
}

fn entry_row(r: &dyn Row) -> StoreResult<LogEntry> {
    let actor = match r.get::<Option<i64>>(1)? {
        Some(id) => Some(UserRef {
            id,
            username: r.get(2)?,
            display_name: r.get(3)?,
        }),
        None => None,
    };
    Ok(LogEntry {
        id: r.get(0)?,
        actor,
        action: r.get(4)?,
        target_kind: r.get(5)?,
        target_id: r.get(6)?,
        detail: r.get(7)?,
        created_at: r.get(8)?,
        target_username: r.get(9)?,
    })
}

queries! {
    /// Entries older than entry `before`, newest first.
    pub(crate) all moderation_log(limit: i64, before: i64) -> LogEntry, by entry_row = (
        "SELECT l.id, u.id, u.username, u.display_name, l.action, l.target_kind, l.target_id,
                l.detail, l.created_at, t.username
         FROM moderation_log l LEFT JOIN users u ON u.id = l.actor_id
         LEFT JOIN users t ON l.target_kind = 'user' AND t.id = l.target_id
         WHERE l.id < $2 ORDER BY l.id DESC LIMIT $1"
    );
}

store! {
    /// Writes down what a moderator or admin did.
    write log_action(new: &NewLogEntry) -> ();
    /// The log's entries older than entry `before`, newest first.
    read moderation_log(limit: i64, before: i64) -> Vec<LogEntry>;
}
