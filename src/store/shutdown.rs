//! What a node does with the database as it stops: hands its import job back
//! to the queue, so another node takes it at once rather than after the
//! heartbeat goes stale, and folds SQLite's write-ahead log into the file.

use super::db::Db;
use super::{Engine, Store, StoreResult};
use crate::sql;

queries! {
    /// Back to the queue, unless it finished meanwhile.
    changed release(id: i64) =
        ("UPDATE import_jobs SET state = 'queued' WHERE id = $1 AND state = 'running'");
}

async fn checkpoint<D: Db>(db: &D) -> StoreResult<i64> {
    // (busy, pages in the log, pages moved into the file)
    let moved = db
        .one(sql!("PRAGMA wal_checkpoint(TRUNCATE)"), &[], |r| {
            r.get::<Option<i64>>(2)
        })
        .await?;
    Ok(moved.flatten().unwrap_or(0))
}

store! {
    /// Puts a running import job back in the queue for any worker to take.
    write release_import_job(id: i64) -> u64 = release;
}

impl Store {
    /// Folds the write-ahead log into the database file and empties it
    /// (SQLite); PostgreSQL checkpoints on its own. Pages moved.
    pub async fn checkpoint(&self) -> StoreResult<i64> {
        match &self.engine {
            Engine::Sqlite(_) => read!(self, |db| checkpoint(db)),
            Engine::Postgres(_) => Ok(0),
        }
    }
}
