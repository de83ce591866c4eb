//! Storage: the `Store` every action talks to, and `StoreError`.
//!
//! One `Store` runs on either database: SQLite through rusqlite (the embedded
//! default) or PostgreSQL through tokio-postgres. Each query is written once,
//! in the module for its area, as an `async fn f<D: Db>(db: &D, ...)`, beside
//! the `Store` methods that run it; `sqlite.rs` and `postgres.rs` hold only
//! what differs (connecting, pools, binding, error mapping).
//!
//! `read!` and `write!` hand a query's future to the engine: SQLite runs it on a
//! pooled connection in a blocking thread and completes it in one poll (its
//! futures never wait: `db::drive`); PostgreSQL awaits it on a pooled
//! connection. Writes run in one transaction (on SQLite, `BEGIN IMMEDIATE`).
//! Each body is compiled once per engine from one text.

/// Runs `$body` (a future using `$db`) on a pooled connection.
macro_rules! read {
    ($self:ident, |$db:ident| $body:expr) => {
        match &$self.engine {
            $crate::store::Engine::Sqlite(pool) => {
                pool.read(&$self.queries, move |$db| $crate::store::db::drive($body))
                    .await
            }
            $crate::store::Engine::Postgres(pool) => pg_read!(pool, $self, |$db| $body),
        }
    };
}

/// `read!` for a bounded read (a lookup by key, a page of a thread), which
/// SQLite runs inline on the async worker (`sqlite::Pool::read_inline`).
macro_rules! lookup {
    ($self:ident, |$db:ident| $body:expr) => {
        match &$self.engine {
            $crate::store::Engine::Sqlite(pool) => {
                pool.read_inline(&$self.queries, |$db| $crate::store::db::drive($body))
                    .await
            }
            $crate::store::Engine::Postgres(pool) => pg_read!(pool, $self, |$db| $body),
        }
    };
}

macro_rules! pg_read {
    ($pool:ident, $self:ident, |$db:ident| $body:expr) => {{
        let client = $pool.client().await?;
        let $db = &$crate::store::postgres::PgDb {
            conn: $crate::store::postgres::Conn::Plain(&client),
            queries: &$self.queries,
        };
        $body.await
    }};
}

/// Runs `$body` (a future using `$db`) in one transaction, committed when it succeeds.
macro_rules! write {
    ($self:ident, |$db:ident| $body:expr) => {{
        // Counted once committed, so a search that saw the count saw the write.
        let out = match &$self.engine {
            $crate::store::Engine::Sqlite(pool) => {
                pool.write(&$self.queries, move |$db| $crate::store::db::drive($body))
                    .await
            }
            $crate::store::Engine::Postgres(pool) => {
                let mut client = pool.client().await?;
                let tx = client.transaction().await?;
                let out = {
                    let $db = &$crate::store::postgres::PgDb {
                        conn: $crate::store::postgres::Conn::Tx(&tx),
                        queries: &$self.queries,
                    };
                    $body.await?
                };
                tx.commit().await?;
                Ok(out)
            }
        };
        $self.note_write();
        out
    }};
}

#[macro_use]
mod methods;
#[macro_use]
mod queries;
// Before `accounts`, whose reader lookups count the unread groups.
#[macro_use]
mod notifications;
mod accounts;
mod activity;
mod audit;
pub mod backup;
mod book_index;
mod bookdata;
mod catalogue;
mod catalogue_load;
mod check;
mod comments;
mod covers;
mod db;
mod deliveries;
mod dump_load;
mod editions;
mod email;
mod federation;
mod feed;
mod following_out;
mod genres;
mod goals;
mod group_shelf;
mod groups;
mod held_editions;
mod home;
mod jobs;
mod landing;
mod limits;
mod lists;
mod migrations;
mod moderation;
mod people;
mod postgres;
mod quotes;
mod recommend;
mod registration;
mod remote_content;
mod remote_users;
mod reviews;
mod rows;
mod search;
mod series;
mod shelf_edits;
mod shelf_page;
mod shelves;
mod shutdown;
mod site;
mod social;
pub mod sql;
mod sqlite;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use db::Db;

pub use crate::domain::thread::Seen;
use crate::sql;
pub use bookdata::{BookDataKeys, KeySource, Made};
pub use check::{CheckReport, Problem, Repaired};
pub use covers::KEPT as COVERS_KEPT;
pub use dump_load::{DumpCounts, DumpItem};
pub use email::{AccountEmail, EmailToken, NewEmailToken, OutgoingMail};
pub use held_editions::HeldEdition;
pub use home::{HomeState, ReadingNow};
pub use limits::{Act, HOUR, Limited};
pub use registration::{InviteRow, NewAccountRow, NewRequest, RequestRow};
pub use remote_content::CopiedBook;
pub use remote_users::NewStandIn;
pub use rows::*;
pub use shelf_edits::Renamed;

/// Errors of the storage layer. Actions turn the expected ones (conflicts,
/// missing rows) into reader-facing errors; the rest are logged as 500s.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write.
    #[error("unique constraint on {0:?} violated")]
    Conflict(Constraint),
    /// A row the write refers to does not exist.
    #[error("a referenced row does not exist")]
    MissingReference,
    #[error("bad database url: {0}")]
    Url(String),
    /// The database cannot be reached for now (restarting, connections
    /// refused, a statement timed out): the request may be tried again.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The disk under the database is full: nothing was written.
    #[error("database disk full: {0}")]
    Full(String),
    #[error("database: {0}")]
    Database(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which unique rule a write broke, whichever database said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    Username,
    Isbn13,
    Isbn10,
    /// A reader flags a thing once.
    FlaggedOnce,
    Other,
}

impl Constraint {
    /// SQLite names the columns: "users.username_key", "books.isbn13", ...
    fn from_sqlite(columns: &str) -> Self {
        match columns {
            "users.username_key" => Constraint::Username,
            "books.isbn13" | "editions.isbn13" => Constraint::Isbn13,
            "books.isbn10" | "editions.isbn10" => Constraint::Isbn10,
            c if c.starts_with("flags.reporter_id") => Constraint::FlaggedOnce,
            _ => Constraint::Other,
        }
    }

    /// PostgreSQL names the constraint, as the migrations named it.
    fn from_postgres(name: &str) -> Self {
        match name {
            "users_username_key" => Constraint::Username,
            "books_isbn13_key" | "editions_isbn13_key" => Constraint::Isbn13,
            "books_isbn10_key" | "editions_isbn10_key" => Constraint::Isbn10,
            "flags_once_key" => Constraint::FlaggedOnce,
            _ => Constraint::Other,
        }
    }
}

/// Opens the store a database URL names: `sqlite://PATH` (or a bare path,
/// `sqlite::memory:`) or `postgres://...`; applies pending migrations.
pub async fn connect(url: &str) -> StoreResult<Arc<Store>> {
    connect_with(url, None).await
}

/// Opens the store, its search index kept in `search_index`, or where
/// `default_search_index` says for the URL.
pub async fn connect_with(
    url: &str,
    search_index: Option<&std::path::Path>,
) -> StoreResult<Arc<Store>> {
    let postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
    let engine = if postgres {
        Engine::Postgres(postgres::Pool::connect(url).await?)
    } else {
        Engine::Sqlite(sqlite::Pool::open(url).await?)
    };
    let folder = search_index
        .map(std::path::Path::to_path_buf)
        .or_else(|| default_search_index(url));
    let store = Store {
        engine,
        queries: Arc::new(AtomicU64::new(0)),
        writes: AtomicU64::new(0),
        books_index: book_index::BookIndex::open(folder.as_deref())?,
    };
    store.key_old_titles().await?;
    store.file_old_genres().await?;
    store.index_people().await?;
    Ok(Arc::new(store))
}

/// The storage every action talks to, on whichever database the URL named.
/// Its methods live with their queries, one `impl Store` per area module.
pub struct Store {
    engine: Engine,
    /// Statements run, for the tests that count a page's queries.
    queries: Arc<AtomicU64>,
    /// Write transactions committed: a search after one of this node's own
    /// looks at the search change log at once (see `search_books`).
    writes: AtomicU64,
    /// This node's search index, derived from the database.
    books_index: book_index::BookIndex,
}

/// Where a SQLite file's search index is kept: a folder beside it
/// (`FILE.search`); none for a database in memory.
pub fn default_search_index(url: &str) -> Option<std::path::PathBuf> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    let path = sqlite::path_of(url);
    (path != ":memory:" && !path.is_empty()).then(|| format!("{path}.search").into())
}

enum Engine {
    Sqlite(sqlite::Pool),
    Postgres(postgres::Pool),
}

impl Store {
    /// Gives books from before title keys theirs, a batch at a time; once
    /// done, one indexed look that finds none.
    async fn key_old_titles(&self) -> StoreResult<()> {
        loop {
            let batch = self.books_without_title_key(1_000).await?;
            if batch.is_empty() {
                return Ok(());
            }
            self.set_title_keys(&batch).await?;
        }
    }

    /// "sqlite" or "postgres".
    pub fn backend(&self) -> &'static str {
        match self.engine {
            Engine::Sqlite(_) => "sqlite",
            Engine::Postgres(_) => "postgres",
        }
    }

    fn note_write(&self) {
        self.writes.fetch_add(1, Ordering::Relaxed);
    }

    /// Notes a write when dropped, after the transaction it guards is done.
    fn written(&self) -> Written<'_> {
        Written(self)
    }

    fn writes_so_far(&self) -> u64 {
        self.writes.load(Ordering::Relaxed)
    }

    /// Statements run so far: tests count them to keep pages free of N+1.
    pub fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    /// Refreshes the planner's statistics after a bulk load, so the first
    /// queries do not run on plans made for empty tables. Not after a load
    /// that more writes follow: plans made for the tables as they were then
    /// (say, scanning a nearly empty ratings table) make those writes crawl.
    pub async fn refresh_statistics(&self) -> StoreResult<()> {
        match &self.engine {
            // SQLite's plans here come from the indexes alone and do not need
            // statistics; gathering them could only move plans the tests check.
            Engine::Sqlite(_) => Ok(()),
            Engine::Postgres(_) => read!(self, |db| db.exec(sql!("ANALYZE"), &[])).map(|_| ()),
        }
    }

    pub async fn ping(&self) -> StoreResult<()> {
        read!(self, |db| db.value::<i64>(sql!("SELECT 1"), &[])).map(|_| ())
    }
}

/// See `Store::written`.
struct Written<'s>(&'s Store);

impl Drop for Written<'_> {
    fn drop(&mut self) {
        self.0.note_write();
    }
}

/// How stale a token's "last used" may get before a use is written down, in seconds.
pub const TOKEN_USE_RESOLUTION: i64 = 60;

/// How an author's name is matched: case and spacing do not make a new author.
pub fn author_key(name: &str) -> String {
    crate::domain::search::author_key(name)
}

/// A `LIKE` pattern matching the words anywhere, with `%` and `_` escaped.
pub fn like_pattern(words: &str) -> String {
    let mut pattern = String::from("%");
    for c in author_key(words).chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_databases_name_the_same_constraints() {
        let pairs = [
            (
                "users.username_key",
                "users_username_key",
                Constraint::Username,
            ),
            ("books.isbn13", "books_isbn13_key", Constraint::Isbn13),
            ("editions.isbn10", "editions_isbn10_key", Constraint::Isbn10),
            (
                "flags.reporter_id, flags.target_kind, flags.target_id",
                "flags_once_key",
                Constraint::FlaggedOnce,
            ),
            (
                "shelves.user_id, shelves.slug",
                "shelves_user_id_slug_key",
                Constraint::Other,
            ),
        ];
        for (sqlite, postgres, constraint) in pairs {
            assert_eq!(Constraint::from_sqlite(sqlite), constraint, "{sqlite}");
            assert_eq!(
                Constraint::from_postgres(postgres),
                constraint,
                "{postgres}"
            );
        }
    }
}
