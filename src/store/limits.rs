//! Acts a reader may do only so often an hour (adding books, asking friends,
//! filing flags), counted in the database so every node of a cluster sees
//! the same count.

use super::db::Db;
use crate::store::StoreResult;

/// The window every hourly limit counts over, in seconds.
pub const HOUR: i64 = 3600;

/// What an hourly limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    AddBook,
    AskFriend,
    Flag,
}

impl Act {
    fn key(self) -> &'static str {
        match self {
            Act::AddBook => "add_book",
            Act::AskFriend => "ask_friend",
            Act::Flag => "flag",
        }
    }
}

/// What a write under an hourly limit came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited<T> {
    Done(T),
    /// The reader did their limit in the last hour; the oldest of those when.
    OverLimit {
        oldest: Option<i64>,
    },
}

queries! {
    /// How many of `act` the reader did after `since`, counting no further
    /// than `limit`, and when the oldest of those counted was. Counting stops
    /// at the limit: a flood never makes the check itself slow.
    pub(crate) one_or_default acts_since(user_id: i64, act: Act, since: i64, limit: i64) -> (i64, Option<i64>) = (
        "SELECT count(*), min(created_at) FROM (SELECT created_at FROM limited_acts
         WHERE user_id = $1 AND act = $2 AND created_at > $3
         ORDER BY created_at DESC LIMIT $4) AS recent"
    ) with (user_id, act.key(), since, limit);
    /// On PostgreSQL one reader's limited acts (and comments) take turns on
    /// their row; SQLite's writer holds the only write lock already.
    pub(super) lock lock_user(id: i64) = ("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE");
    exec forget_acts(user_id: i64, act: Act, since: i64) = (
        "DELETE FROM limited_acts WHERE user_id = $1 AND act = $2 AND created_at <= $3"
    ) with (user_id, act.key(), since);
    exec record_act(user_id: i64, act: Act, now: i64) = (
        "INSERT INTO limited_acts (user_id, act, created_at) VALUES ($1, $2, $3)"
    ) with (user_id, act.key(), now);
}

/// Inside a write: counts the act against the reader's hour, or says the
/// hour is full (and records nothing). The caller writes the act itself
/// only on `Done`, in the same transaction, so a burst cannot pass the count.
pub(crate) async fn take_turn<D: Db>(
    db: &D,
    user_id: i64,
    act: Act,
    per_hour: i64,
    now: i64,
) -> StoreResult<Limited<()>> {
    lock_user(db, user_id).await?;
    let since = now - HOUR;
    let (recent, oldest) = acts_since(db, user_id, act, since, per_hour).await?;
    if recent >= per_hour {
        return Ok(Limited::OverLimit { oldest });
    }
    // What has left the hour counts for nothing: keep each reader's rows few.
    forget_acts(db, user_id, act, since).await?;
    record_act(db, user_id, act, now).await?;
    Ok(Limited::Done(()))
}

impl super::Store {
    /// How many of `act` the reader did after `since` (at most `limit`), and
    /// the oldest of those: a cheap check before the write that decides.
    pub async fn acts_since(
        &self,
        user_id: i64,
        act: Act,
        since: i64,
        limit: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        lookup!(self, |db| acts_since(db, user_id, act, since, limit))
    }
}
