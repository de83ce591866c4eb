//! The log of what moderators and admins did.

use crate::store::{LogEntry, NewLogEntry};

queries! {
    pub(crate) exec log_action(new: &NewLogEntry) = (
        "INSERT INTO moderation_log (actor_id, action, target_kind, target_id, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)"
    ) with (new.actor_id, new.action, new.target_kind, new.target_id, new.detail, new.now);
    /// Entries older than entry `before`, newest first.
    pub(crate) all moderation_log(limit: i64, before: i64) -> LogEntry = (
        "SELECT l.id, u.id, u.username, u.display_name, l.action, l.target_kind, l.target_id,
                t.username, l.detail, l.created_at
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
