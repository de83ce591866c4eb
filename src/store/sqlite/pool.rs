//! A small pool of SQLite connections whose blocking calls run off the async workers.
//!
//! Why not deadpool-sqlite: it runs a probe query on a blocking thread at every
//! checkout, doubling the thread hops of a one-query page. Here a checkout is a
//! semaphore permit and a `Vec::pop`; the work runs in one `spawn_blocking`.

use std::sync::Mutex;

use rusqlite::Connection;
use tokio::sync::Semaphore;

use crate::store::{StoreError, StoreResult};

pub struct Pool {
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
    open: Box<dyn Fn() -> rusqlite::Result<Connection> + Send + Sync>,
}

impl Pool {
    pub fn new(
        size: usize,
        open: impl Fn() -> rusqlite::Result<Connection> + Send + Sync + 'static,
    ) -> Self {
        Pool {
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Semaphore::new(size),
            open: Box::new(open),
        }
    }

    /// Runs `work` on a pooled connection in a blocking thread.
    pub async fn run<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| StoreError::Database("connection pool closed".into()))?;
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        // A connection lost to a panicking task is replaced here, lazily.
        let mut conn = match idle {
            Some(conn) => conn,
            None => (self.open)()?,
        };
        let (conn, out) = tokio::task::spawn_blocking(move || {
            let out = work(&mut conn);
            (conn, out)
        })
        .await
        .map_err(|e| StoreError::Database(format!("database worker failed: {e}")))?;
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
        out
    }
}
