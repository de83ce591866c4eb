//! What only SQLite needs: opening a WAL database, a small connection pool
//! whose work runs off the async workers, and mapping rusqlite's errors.
//!
//! Why not deadpool-sqlite: it runs a probe query on a blocking thread at every
//! checkout, doubling the thread hops of a one-query page. Here a checkout is a
//! semaphore permit and a `Vec::pop`; the work runs in one `spawn_blocking`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{CachedStatement, Connection, TransactionBehavior};
use tokio::sync::Semaphore;

use super::db::{Db, Params, Row};
use super::sql::{Dialect, Sql};
use super::{Constraint, StoreError, StoreResult};

/// How long a writer waits for the write lock before giving up.
const BUSY_TIMEOUT_MS: u32 = 5_000;
const POOL_SIZE: usize = 8;

/// `sqlite://PATH`, `sqlite:PATH` or a bare path; `sqlite::memory:` for a
/// throwaway database (one connection, since each would get its own).
pub(super) fn path_of(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Turns off SQLite's count of the memory it holds, before the library
/// starts: the count takes one lock for the whole process on every
/// allocation, and threads serving pages at once queued on it (a review's
/// JSON under load: 13,200–13,400 requests/s with it, 14,400–15,700 without).
/// Nothing here reads it.
fn skip_memory_count() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a start-up setting, made before any connection opens; once
        // SQLite has started it refuses it (SQLITE_MISUSE) and nothing changes.
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

fn open_connection(path: &str) -> rusqlite::Result<Connection> {
    skip_memory_count();
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS.into()))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    conn.set_prepared_statement_cache_capacity(256);
    conn.pragma_update(None, "cache_size", -DEFAULT_CACHE_KIB)?;
    Ok(conn)
}

pub struct Pool {
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
    path: String,
}

impl Pool {
    /// A pool on the database at `url`, migrated.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let path = path_of(url).to_string();
        if path.is_empty() {
            return Err(StoreError::Url(format!("no file named in {url}")));
        }
        let size = if path == ":memory:" { 1 } else { POOL_SIZE };
        let pool = Pool {
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Semaphore::new(size),
            path,
        };
        pool.run(super::migrations::run_sqlite).await?;
        Ok(pool)
    }

    /// A pooled connection, opened now if none is idle (one lost to a
    /// panicking task is replaced here, lazily).
    fn checkout(&self) -> StoreResult<Connection> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(conn) => Ok(conn),
            None => Ok(open_connection(&self.path)?),
        }
    }

    /// A turn at one of the pool's connections.
    async fn permit(&self) -> StoreResult<tokio::sync::SemaphorePermit<'_>> {
        self.permits
            .acquire()
            .await
            .map_err(|_| StoreError::Database("connection pool closed".into()))
    }

    fn checkin(&self, conn: Connection) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(conn);
        }
    }

    /// Runs `work` on a pooled connection in a blocking thread.
    async fn run<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> StoreResult<T> + Send + 'static,
    {
        let _permit = self.permit().await?;
        let mut conn = self.checkout()?;
        let (conn, out) = tokio::task::spawn_blocking(move || {
            let out = work(&mut conn);
            (conn, out)
        })
        .await
        .map_err(|e| StoreError::Database(format!("database worker failed: {e}")))?;
        self.checkin(conn);
        out
    }

    /// Runs a bounded read (a lookup by key, a page of a thread) right here on
    /// the async worker. WAL readers take no lock a writer holds, and such a
    /// statement takes microseconds: less than handing it to a blocking thread
    /// and back. Writes, searches and long lists go through `read`/`write`.
    pub async fn read_inline<T, F>(&self, queries: &AtomicU64, work: F) -> StoreResult<T>
    where
        F: FnOnce(&SqliteDb<'_>) -> StoreResult<T>,
    {
        let _permit = self.permit().await?;
        let mut conn = self.checkout()?;
        // One read transaction for all its statements: each statement alone
        // takes and gives back the WAL's read lock (a review's JSON under
        // load: 13,762–14,729 requests/s so, 16,013–16,639 in one).
        let out = match conn.transaction() {
            Ok(tx) => work(&SqliteDb { conn: &tx, queries }),
            Err(e) => Err(e.into()),
        };
        self.checkin(conn);
        out
    }

    /// Runs reads on one connection.
    pub async fn read<T, F>(&self, queries: &std::sync::Arc<AtomicU64>, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteDb<'_>) -> StoreResult<T> + Send + 'static,
    {
        let queries = queries.clone();
        self.run(move |conn| {
            work(&SqliteDb {
                conn,
                queries: &queries,
            })
        })
        .await
    }

    /// Runs writes in one transaction that takes the write lock up front, so
    /// two writers never deadlock upgrading read locks.
    pub async fn write<T, F>(&self, queries: &std::sync::Arc<AtomicU64>, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteDb<'_>) -> StoreResult<T> + Send + 'static,
    {
        let queries = queries.clone();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = work(&SqliteDb {
                conn: &tx,
                queries: &queries,
            })?;
            tx.commit()?;
            Ok(out)
        })
        .await
    }
}

/// Pages a big write (an import step, a catalogue batch) may keep in memory:
/// thousands of new books touch pages all over the catalogue's indexes (titles,
/// ISBNs, authors' names), which outgrow a connection's usual cache and would
/// be read back again and again. Given back when it ends.
pub const BIG_WRITE_CACHE_KIB: i64 = 64 * 1024;
/// The cache of a catalogue's bulk load (a batch of 100,000 books into a
/// catalogue of a million): its indexes' pages, touched all over, stay in
/// memory (a million books: 256 MB 17,300 books/s, 512 MB 23,100, 1 GB 24,500).
pub const BULK_LOAD_CACHE_KIB: i64 = 512 * 1024;
/// Each connection's page cache at other times. SQLite's own default, 2 MB,
/// held too little of a big catalogue: a search's books and their authors were
/// read from the file again and again (a million books: 3,000 searches/s
/// under load, 3,135 with 16 MB; a connection fills it only as it reads).
const DEFAULT_CACHE_KIB: i64 = 16 * 1024;

impl Pool {
    /// `write`, with a larger page cache (`cache_kib`) while it runs.
    pub async fn write_big<T, F>(
        &self,
        queries: &std::sync::Arc<AtomicU64>,
        cache_kib: i64,
        work: F,
    ) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteDb<'_>) -> StoreResult<T> + Send + 'static,
    {
        self.write(queries, move |db| {
            db.pragma("cache_size", -cache_kib)?;
            let out = work(db);
            db.pragma("cache_size", -DEFAULT_CACHE_KIB)?;
            out
        })
        .await
    }
}

/// One connection, with every statement counted.
pub struct SqliteDb<'c> {
    conn: &'c Connection,
    queries: &'c AtomicU64,
}

impl<'c> SqliteDb<'c> {
    fn statement(&self, sql: Sql) -> rusqlite::Result<CachedStatement<'c>> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.conn.prepare_cached(sql.sqlite)
    }

    /// Sets a connection setting for what follows on this connection.
    pub fn pragma(&self, name: &str, value: i64) -> StoreResult<()> {
        Ok(self.conn.pragma_update(None, name, value)?)
    }
}

fn bind<'p>(
    params: Params<'p>,
) -> rusqlite::ParamsFromIter<impl Iterator<Item = &'p dyn rusqlite::ToSql>> {
    rusqlite::params_from_iter(params.iter().map(|p| p.for_sqlite()))
}

impl Db for SqliteDb<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn all<T>(
        &self,
        sql: Sql,
        params: Params<'_>,
        mut map: impl FnMut(&dyn Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let mut statement = self.statement(sql)?;
        let mut rows = statement.query(bind(params))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(map(row)?);
        }
        Ok(out)
    }

    async fn one<T>(
        &self,
        sql: Sql,
        params: Params<'_>,
        map: impl FnOnce(&dyn Row) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let mut statement = self.statement(sql)?;
        let mut rows = statement.query(bind(params))?;
        match rows.next()? {
            Some(row) => Ok(Some(map(row)?)),
            None => Ok(None),
        }
    }

    async fn exec(&self, sql: Sql, params: Params<'_>) -> StoreResult<u64> {
        let changed = self.statement(sql)?.execute(bind(params))?;
        Ok(changed as u64)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi;
        if let rusqlite::Error::SqliteFailure(code, message) = &e {
            match code.extended_code {
                ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                    // "UNIQUE constraint failed: books.isbn13" names table.column.
                    let what = message.as_deref().unwrap_or("");
                    let what = what.rsplit(": ").next().unwrap_or(what);
                    return StoreError::Conflict(Constraint::from_sqlite(what));
                }
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY => return StoreError::MissingReference,
                _ => {}
            }
            match code.code {
                ffi::ErrorCode::DiskFull => return StoreError::Full(e.to_string()),
                // The disk refused a read or write, or the lock stayed taken
                // past the busy timeout: the machine's trouble, not the request's.
                ffi::ErrorCode::SystemIoFailure
                | ffi::ErrorCode::DatabaseBusy
                | ffi::ErrorCode::DatabaseLocked
                | ffi::ErrorCode::CannotOpen => return StoreError::Unavailable(e.to_string()),
                _ => {}
            }
        }
        StoreError::Database(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    /// `.cargo/config.toml` builds SQLite without memory management, so
    /// each connection keeps its own page cache instead of all of them
    /// queueing on one lock (see there); a build that lost the setting
    /// would still pass every other test, only slower.
    #[test]
    fn each_connection_keeps_its_own_page_cache() {
        // SAFETY: reads a constant list compiled into the library.
        let used = unsafe {
            rusqlite::ffi::sqlite3_compileoption_used(c"ENABLE_MEMORY_MANAGEMENT".as_ptr())
        };
        assert_eq!(used, 0);
        // The check itself works: an option the build does have is listed.
        let fts5 = unsafe { rusqlite::ffi::sqlite3_compileoption_used(c"ENABLE_FTS5".as_ptr()) };
        assert_eq!(fts5, 1);
    }
}
