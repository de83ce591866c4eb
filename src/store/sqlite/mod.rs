//! The SQLite store: rusqlite on a WAL database, the embedded default.

mod accounts;
mod catalogue;
mod editions;
mod jobs;
mod landing;
mod moderation;
mod pool;
mod reviews;
mod shelves;
mod social;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use rusqlite::{CachedStatement, Connection, OptionalExtension, Params, Row, TransactionBehavior};

use super::*;

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// How long a writer waits for the write lock before giving up.
const BUSY_TIMEOUT_MS: u32 = 5_000;
const POOL_SIZE: usize = 8;

pub struct SqliteStore {
    pool: pool::Pool,
    queries: Arc<AtomicU64>,
}

/// `sqlite://PATH`, `sqlite:PATH` or a bare path; `sqlite::memory:` for a
/// throwaway database (one connection, since each would get its own).
fn path_of(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

fn open_connection(path: &str) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS.into()))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}

impl SqliteStore {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let path = path_of(url).to_string();
        if path.is_empty() {
            return Err(StoreError::Url(format!("no file named in {url}")));
        }
        let size = if path == ":memory:" { 1 } else { POOL_SIZE };
        let store = SqliteStore {
            pool: pool::Pool::new(size, move || open_connection(&path)),
            queries: Arc::new(AtomicU64::new(0)),
        };
        store
            .pool
            .run(|conn| {
                embedded::migrations::runner()
                    .run(conn)
                    .map(|_| ())
                    .map_err(|e| StoreError::Database(format!("migrations: {e}")))
            })
            .await?;
        Ok(store)
    }

    /// Runs reads on one connection.
    async fn read<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Db<'_>) -> StoreResult<T> + Send + 'static,
    {
        let queries = self.queries.clone();
        self.pool
            .run(move |conn| {
                work(&Db {
                    conn,
                    queries: &queries,
                })
            })
            .await
    }

    /// Runs writes in one transaction that takes the write lock up front, so
    /// two writers never deadlock upgrading read locks.
    async fn write<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Db<'_>) -> StoreResult<T> + Send + 'static,
    {
        let queries = self.queries.clone();
        self.pool
            .run(move |conn| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = work(&Db {
                    conn: &tx,
                    queries: &queries,
                })?;
                tx.commit()?;
                Ok(out)
            })
            .await
    }
}

/// One connection, with every statement counted.
pub(super) struct Db<'c> {
    conn: &'c Connection,
    queries: &'c AtomicU64,
}

impl<'c> Db<'c> {
    fn statement(&self, sql: &str) -> rusqlite::Result<CachedStatement<'c>> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        self.conn.prepare_cached(sql)
    }

    pub fn one<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> StoreResult<Option<T>> {
        Ok(self.statement(sql)?.query_row(params, map).optional()?)
    }

    pub fn all<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> StoreResult<Vec<T>> {
        let mut statement = self.statement(sql)?;
        let rows = statement.query_map(params, map)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn exec(&self, sql: &str, params: impl Params) -> StoreResult<usize> {
        Ok(self.statement(sql)?.execute(params)?)
    }

    /// Sets a connection setting for what follows on this connection.
    pub fn pragma(&self, name: &str, value: i64) -> StoreResult<()> {
        Ok(self.conn.pragma_update(None, name, value)?)
    }

    /// The one value of a one-column query, if a row came back.
    pub fn value<T: rusqlite::types::FromSql>(
        &self,
        sql: &str,
        params: impl Params,
    ) -> StoreResult<Option<T>> {
        self.one(sql, params, |r| r.get(0))
    }
}

impl db::Db for Db<'_> {
    fn dialect(&self) -> sql::Dialect {
        sql::Dialect::Sqlite
    }

    async fn all<T>(
        &self,
        sql: sql::Sql,
        params: db::Params<'_>,
        mut map: impl FnMut(&dyn db::Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let mut statement = self.statement(sql.sqlite)?;
        let mut rows = statement.query(rusqlite::params_from_iter(
            params.iter().map(|p| p.for_sqlite()),
        ))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(map(row)?);
        }
        Ok(out)
    }

    async fn one<T>(
        &self,
        sql: sql::Sql,
        params: db::Params<'_>,
        map: impl FnOnce(&dyn db::Row) -> StoreResult<T>,
    ) -> StoreResult<Option<T>> {
        let mut statement = self.statement(sql.sqlite)?;
        let mut rows = statement.query(rusqlite::params_from_iter(
            params.iter().map(|p| p.for_sqlite()),
        ))?;
        match rows.next()? {
            Some(row) => Ok(Some(map(row)?)),
            None => Ok(None),
        }
    }

    async fn exec(&self, sql: sql::Sql, params: db::Params<'_>) -> StoreResult<u64> {
        let changed = self
            .statement(sql.sqlite)?
            .execute(rusqlite::params_from_iter(
                params.iter().map(|p| p.for_sqlite()),
            ))?;
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
                    return StoreError::Conflict(what.to_string());
                }
                ffi::SQLITE_CONSTRAINT_FOREIGNKEY => return StoreError::MissingReference,
                _ => {}
            }
        }
        StoreError::Database(e.to_string())
    }
}

/// The ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one
/// cached statement whatever the number of ids.
pub(super) fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(","))
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        // SQLite's plans here come from the indexes alone and do not need
        // statistics; gathering them could only move plans the tests check.
        Ok(())
    }

    async fn ping(&self) -> StoreResult<()> {
        self.read(|db| db.value::<i64>("SELECT 1", []).map(|_| ()))
            .await
    }

    async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
        let new = new.clone();
        self.write(move |db| accounts::create_user(db, &new)).await
    }

    async fn credentials(&self, username_key: &str) -> StoreResult<Option<Credentials>> {
        let key = username_key.to_string();
        self.read(move |db| accounts::credentials(db, &key)).await
    }

    async fn user_by_username(&self, username_key: &str) -> StoreResult<Option<User>> {
        let key = username_key.to_string();
        self.read(move |db| accounts::user_by_key(db, &key)).await
    }

    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        self.read(move |db| accounts::user_by_id(db, id)).await
    }

    async fn delete_user(&self, user_id: i64) -> StoreResult<()> {
        self.write(move |db| accounts::delete_user(db, user_id))
            .await
    }

    async fn set_moderator(&self, username_key: &str, moderator: bool) -> StoreResult<bool> {
        let key = username_key.to_string();
        self.write(move |db| {
            let n = db.exec(
                "UPDATE users SET is_moderator = ?2 WHERE username_key = ?1",
                rusqlite::params![key, moderator],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        let hash = token_hash.to_string();
        self.write(move |db| {
            db.exec(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![hash, user_id, now, expires_at],
            )?;
            Ok(())
        })
        .await
    }

    async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        let hash = token_hash.to_string();
        self.read(move |db| accounts::session_user(db, &hash, now))
            .await
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let hash = token_hash.to_string();
        self.write(move |db| {
            db.exec("DELETE FROM sessions WHERE token_hash = ?1", [hash])?;
            Ok(())
        })
        .await
    }

    async fn create_token(
        &self,
        token_hash: &str,
        user_id: i64,
        name: &str,
        scope: &str,
        now: i64,
    ) -> StoreResult<()> {
        let (hash, name, scope) = (token_hash.to_string(), name.to_string(), scope.to_string());
        self.write(move |db| {
            db.exec(
                "INSERT INTO api_tokens (user_id, token_hash, name, scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![user_id, hash, name, scope, now],
            )?;
            Ok(())
        })
        .await
    }

    async fn token_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, TokenGrant)>> {
        let hash = token_hash.to_string();
        let key = hash.clone();
        let Some((user, last_used, grant)) =
            self.read(move |db| accounts::token_user(db, &key)).await?
        else {
            return Ok(None);
        };
        // A read, not a write, per call: the last use is kept to the minute.
        if last_used.is_none_or(|t| t < now - TOKEN_USE_RESOLUTION) {
            self.write(move |db| accounts::touch_token(db, &hash, now))
                .await?;
        }
        Ok(Some((user, grant)))
    }

    async fn tokens(&self, user_id: i64) -> StoreResult<Vec<TokenInfo>> {
        self.read(move |db| {
            db.all(
                "SELECT id, name, created_at, last_used_at, scope FROM api_tokens WHERE user_id = ?1
                 ORDER BY id DESC",
                [user_id],
                |r| {
                    Ok(TokenInfo {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        created_at: r.get(2)?,
                        last_used_at: r.get(3)?,
                        scope: r.get(4)?,
                    })
                },
            )
        })
        .await
    }

    async fn revoke_token(&self, user_id: i64, token_id: i64) -> StoreResult<bool> {
        self.write(move |db| {
            Ok(db.exec(
                "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2",
                rusqlite::params![token_id, user_id],
            )? > 0)
        })
        .await
    }

    async fn create_book(&self, new: &NewBook) -> StoreResult<i64> {
        let new = new.clone();
        self.write(move |db| catalogue::create_book(db, &new)).await
    }

    async fn book(&self, id: i64) -> StoreResult<Option<Book>> {
        self.read(move |db| catalogue::book(db, id)).await
    }

    async fn recent_books(&self, limit: i64) -> StoreResult<Vec<Book>> {
        self.read(move |db| catalogue::recent_books(db, limit))
            .await
    }

    async fn author(&self, id: i64) -> StoreResult<Option<AuthorRef>> {
        self.read(move |db| {
            db.one("SELECT id, name FROM authors WHERE id = ?1", [id], |r| {
                Ok(AuthorRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: "author".into(),
                })
            })
        })
        .await
    }

    async fn author_books(&self, author_id: i64) -> StoreResult<Vec<Book>> {
        self.read(move |db| catalogue::author_books(db, author_id))
            .await
    }

    async fn book_by_isbn13(&self, isbn13: &str) -> StoreResult<Option<i64>> {
        let isbn13 = isbn13.to_string();
        self.read(move |db| catalogue::book_by_isbn13(db, &isbn13))
            .await
    }

    async fn book_by_title_author(
        &self,
        title: &str,
        author_key: &str,
    ) -> StoreResult<Option<i64>> {
        let (title, key) = (title.to_string(), author_key.to_string());
        self.read(move |db| catalogue::book_by_title_author(db, &title, &key))
            .await
    }

    async fn set_reader_details(
        &self,
        user_id: i64,
        book_id: i64,
        details: &ReaderDetails,
    ) -> StoreResult<()> {
        let details = details.clone();
        self.write(move |db| shelves::set_reader_details(db, user_id, book_id, &details))
            .await
    }

    async fn reader_details(
        &self,
        user_id: i64,
        book_id: i64,
    ) -> StoreResult<Option<ReaderDetails>> {
        self.read(move |db| shelves::reader_details(db, user_id, book_id))
            .await
    }

    async fn search_vocab(&self, from: &str, to: &str) -> StoreResult<Vec<String>> {
        let (from, to) = (from.to_string(), to.to_string());
        self.read(move |db| catalogue::search_vocab(db, &from, &to))
            .await
    }

    async fn search_postings(&self, terms: &[String]) -> StoreResult<Vec<(Posting, i64)>> {
        let terms = terms.to_vec();
        self.read(move |db| catalogue::search_postings(db, &terms))
            .await
    }

    async fn books_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Book>> {
        let ids = ids.to_vec();
        self.read(move |db| catalogue::books_by_ids(db, &ids)).await
    }

    async fn editions(&self, book_id: i64) -> StoreResult<Vec<Edition>> {
        self.read(move |db| editions::editions(db, book_id)).await
    }

    async fn edition(&self, id: i64) -> StoreResult<Option<Edition>> {
        self.read(move |db| editions::edition(db, id)).await
    }

    async fn add_edition(&self, new: &NewEdition) -> StoreResult<i64> {
        let new = new.clone();
        self.write(move |db| editions::add_edition(db, &new)).await
    }

    async fn set_reader_edition(
        &self,
        user_id: i64,
        book_id: i64,
        edition_id: Option<i64>,
        now: i64,
    ) -> StoreResult<()> {
        self.write(move |db| editions::set_reader_edition(db, user_id, book_id, edition_id, now))
            .await
    }

    async fn book_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        self.read(move |db| editions::redirect(db, editions::Redirects::Book, old_id))
            .await
    }

    async fn author_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        self.read(move |db| editions::redirect(db, editions::Redirects::Author, old_id))
            .await
    }

    async fn review_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        self.read(move |db| editions::redirect(db, editions::Redirects::Review, old_id))
            .await
    }

    async fn merge_books(&self, from: i64, into: i64, now: i64) -> StoreResult<MergeReport> {
        self.write(move |db| editions::merge_books(db, from, into, now))
            .await
    }

    async fn merge_authors(&self, from: i64, into: i64) -> StoreResult<MergeReport> {
        self.write(move |db| editions::merge_authors(db, from, into))
            .await
    }

    async fn author_aliases(&self, author_id: i64) -> StoreResult<Vec<String>> {
        self.read(move |db| editions::author_aliases(db, author_id))
            .await
    }

    async fn set_cover(
        &self,
        book_id: i64,
        digest: &str,
        sizes: &[(&str, Vec<u8>)],
    ) -> StoreResult<()> {
        let digest = digest.to_string();
        let sizes: Vec<(String, Vec<u8>)> = sizes
            .iter()
            .map(|(s, b)| (s.to_string(), b.clone()))
            .collect();
        self.write(move |db| catalogue::set_cover(db, book_id, &digest, &sizes))
            .await
    }

    async fn cover_image(
        &self,
        book_id: i64,
        size: &str,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        let size = size.to_string();
        self.read(move |db| catalogue::cover_image(db, book_id, &size))
            .await
    }

    async fn relation(&self, viewer: i64, other: i64) -> StoreResult<Relation> {
        self.read(move |db| social::relation(db, viewer, other))
            .await
    }

    async fn request_friend(&self, from: i64, to: i64, now: i64) -> StoreResult<FriendOutcome> {
        self.write(move |db| social::request_friend(db, from, to, now))
            .await
    }

    async fn accept_friend(&self, user: i64, requester: i64, now: i64) -> StoreResult<bool> {
        self.write(move |db| social::accept_friend(db, user, requester, now))
            .await
    }

    async fn end_friendship(&self, a: i64, b: i64) -> StoreResult<()> {
        self.write(move |db| social::end_friendship(db, a, b)).await
    }

    async fn set_follow(
        &self,
        follower: i64,
        followee: i64,
        on: bool,
        now: i64,
    ) -> StoreResult<()> {
        self.write(move |db| social::set_follow(db, follower, followee, on, now))
            .await
    }

    async fn set_block(&self, blocker: i64, blocked: i64, on: bool, now: i64) -> StoreResult<()> {
        self.write(move |db| social::set_block(db, blocker, blocked, on, now))
            .await
    }

    async fn friends(&self, user_id: i64) -> StoreResult<Vec<UserRef>> {
        self.read(move |db| social::friends(db, user_id)).await
    }

    async fn reading_timeline(&self, user_id: i64, limit: i64) -> StoreResult<Vec<TimelineEntry>> {
        self.read(move |db| social::reading_timeline(db, user_id, limit))
            .await
    }

    async fn set_avatar(&self, user_id: i64, jpeg: Option<Vec<u8>>, now: i64) -> StoreResult<()> {
        self.write(move |db| social::set_avatar(db, user_id, jpeg, now))
            .await
    }

    async fn avatar(&self, user_id: i64) -> StoreResult<Option<(Vec<u8>, i64)>> {
        self.read(move |db| social::avatar(db, user_id)).await
    }

    async fn blocked_either_way(&self, viewer: i64) -> StoreResult<Vec<i64>> {
        self.read(move |db| social::blocked_either_way(db, viewer))
            .await
    }

    async fn friend_requests(&self, user_id: i64) -> StoreResult<Vec<UserRef>> {
        self.read(move |db| social::friend_requests(db, user_id))
            .await
    }

    async fn set_profile(
        &self,
        user_id: i64,
        visibility: &str,
        bio: Option<&str>,
    ) -> StoreResult<()> {
        let (visibility, bio) = (visibility.to_string(), bio.map(str::to_string));
        self.write(move |db| social::set_profile(db, user_id, &visibility, bio.as_deref()))
            .await
    }

    async fn friends_with_book(&self, viewer: i64, book_id: i64) -> StoreResult<Vec<FriendRead>> {
        self.read(move |db| social::friends_with_book(db, viewer, book_id))
            .await
    }

    async fn feed(
        &self,
        viewer: i64,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<FeedItem>> {
        self.read(move |db| social::feed(db, viewer, before, limit))
            .await
    }

    async fn book_count(&self) -> StoreResult<i64> {
        self.read(|db| {
            Ok(db
                .value("SELECT coalesce(max(id), 0) FROM books", [])?
                .unwrap_or(0))
        })
        .await
    }

    async fn import_books(&self, books: &[NewBook]) -> StoreResult<Vec<Option<i64>>> {
        let books = books.to_vec();
        self.write(move |db| catalogue::import_books(db, &books))
            .await
    }

    async fn search_authors(&self, words: &str, limit: i64) -> StoreResult<Vec<AuthorRef>> {
        let words = words.to_string();
        self.read(move |db| catalogue::search_authors(db, &words, limit))
            .await
    }

    async fn set_rating(
        &self,
        user_id: i64,
        book_id: i64,
        stars: i64,
        now: i64,
    ) -> StoreResult<()> {
        self.write(move |db| {
            shelves::set_rating(db, user_id, book_id, stars, now)?;
            social::record(
                db,
                &social::Activity::about_book(
                    user_id,
                    "rated",
                    book_id,
                    Some(stars.to_string()),
                    now,
                ),
            )
        })
        .await
    }

    async fn clear_rating(&self, user_id: i64, book_id: i64) -> StoreResult<bool> {
        self.write(move |db| shelves::clear_rating(db, user_id, book_id))
            .await
    }

    async fn set_status(
        &self,
        user_id: i64,
        book_id: i64,
        status: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let status = status.map(str::to_string);
        self.write(move |db| {
            shelves::set_status(db, user_id, book_id, status.as_deref(), now)?;
            match status {
                Some(shelf) => social::record(
                    db,
                    &social::Activity::about_book(user_id, "shelved", book_id, Some(shelf), now),
                ),
                None => Ok(()),
            }
        })
        .await
    }

    async fn set_shelves(
        &self,
        user_id: i64,
        book_id: i64,
        list: &[ShelfRef],
        now: i64,
    ) -> StoreResult<()> {
        let list = list.to_vec();
        self.write(move |db| shelves::set_shelves(db, user_id, book_id, &list, now))
            .await
    }

    async fn add_read(
        &self,
        user_id: i64,
        book_id: i64,
        started: Option<&str>,
        finished: Option<&str>,
        now: i64,
    ) -> StoreResult<i64> {
        let (started, finished) = (started.map(str::to_string), finished.map(str::to_string));
        self.write(move |db| {
            shelves::add_read(
                db,
                user_id,
                book_id,
                started.as_deref(),
                finished.as_deref(),
                now,
            )
        })
        .await
    }

    async fn add_progress(
        &self,
        user_id: i64,
        book_id: i64,
        page: Option<i64>,
        percent: Option<i64>,
        note: Option<&str>,
        now: i64,
    ) -> StoreResult<i64> {
        let note = note.map(str::to_string);
        self.write(move |db| {
            let id =
                shelves::add_progress(db, user_id, book_id, page, percent, note.as_deref(), now)?;
            let detail = social::progress_detail(page, percent);
            social::record(
                db,
                &social::Activity::about_book(user_id, "progress", book_id, detail, now),
            )?;
            Ok(id)
        })
        .await
    }

    async fn reader_book(&self, user_id: i64, book_id: i64) -> StoreResult<ReaderBook> {
        self.read(move |db| shelves::reader_book(db, user_id, book_id))
            .await
    }

    async fn user_shelves(&self, user_id: i64) -> StoreResult<Vec<ShelfCount>> {
        self.read(move |db| shelves::user_shelves(db, user_id))
            .await
    }

    async fn shelf_entries(
        &self,
        user_id: i64,
        slug: &str,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ShelfEntry>> {
        let slug = slug.to_string();
        self.read(move |db| shelves::shelf_entries(db, user_id, &slug, limit, offset))
            .await
    }

    async fn upsert_review(&self, new: &NewReview) -> StoreResult<i64> {
        let new = new.clone();
        self.write(move |db| {
            let known = reviews::review_of(db, new.user_id, new.book_id)?;
            let id = reviews::upsert_review(db, &new)?;
            if known.is_none() {
                let mut activity = social::Activity::about_book(
                    new.user_id,
                    "reviewed",
                    new.book_id,
                    None,
                    new.now,
                );
                activity.review_id = Some(id);
                social::record(db, &activity)?;
            }
            Ok(id)
        })
        .await
    }

    async fn review(&self, id: i64) -> StoreResult<Option<Review>> {
        self.read(move |db| reviews::review(db, id)).await
    }

    async fn review_detail(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> StoreResult<Option<ReviewDetail>> {
        self.read(move |db| reviews::review_detail(db, id, viewer))
            .await
    }

    async fn delete_review(&self, id: i64) -> StoreResult<()> {
        self.write(move |db| reviews::delete_review(db, id)).await
    }

    async fn set_like(
        &self,
        user_id: i64,
        review_id: i64,
        liked: bool,
        now: i64,
    ) -> StoreResult<()> {
        self.write(move |db| {
            reviews::set_like(db, user_id, review_id, liked, now)?;
            if liked {
                social::notify_like(db, user_id, review_id, now)?;
            }
            Ok(())
        })
        .await
    }

    async fn book_reviews(
        &self,
        book_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        self.read(move |db| {
            reviews::list(db, reviews::Listing::Book(book_id), viewer, limit, offset)
        })
        .await
    }

    async fn recent_reviews(
        &self,
        viewer: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        self.read(move |db| reviews::list(db, reviews::Listing::Recent, viewer, limit, 0))
            .await
    }

    async fn user_reviews(
        &self,
        user_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        self.read(move |db| {
            reviews::list(db, reviews::Listing::User(user_id), viewer, limit, offset)
        })
        .await
    }

    async fn add_comment(&self, new: &NewComment) -> StoreResult<(i64, i64)> {
        let new = new.clone();
        self.write(move |db| {
            let (id, number) = db::drive(super::comments::add_comment(db, &new))?;
            social::record(
                db,
                &social::Activity {
                    user_id: new.author_id,
                    kind: "commented",
                    book_id: None,
                    review_id: Some(new.review_id),
                    comment_id: Some(id),
                    detail: None,
                    now: new.now,
                },
            )?;
            Ok((id, number))
        })
        .await
    }

    async fn comment(&self, id: i64) -> StoreResult<Option<Comment>> {
        self.read(move |db| db::drive(super::comments::comment(db, id)))
            .await
    }

    async fn edit_comment(
        &self,
        id: i64,
        body: &str,
        body_html: &str,
        now: i64,
    ) -> StoreResult<()> {
        let (body, body_html) = (body.to_string(), body_html.to_string());
        self.write(move |db| {
            db::drive(super::comments::edit_comment(
                db, id, &body, &body_html, now,
            ))
        })
        .await
    }

    async fn delete_comment(&self, id: i64, removed: bool, now: i64) -> StoreResult<()> {
        self.write(move |db| db::drive(super::comments::delete_comment(db, id, removed, now)))
            .await
    }

    async fn comments_page(
        &self,
        review_id: i64,
        first: i64,
        last: i64,
    ) -> StoreResult<Vec<Comment>> {
        self.read(move |db| db::drive(super::comments::comments_page(db, review_id, first, last)))
            .await
    }

    async fn mark_thread_seen(
        &self,
        user_id: i64,
        review_id: i64,
        first: i64,
        last: i64,
        now: i64,
    ) -> StoreResult<Seen> {
        // A page seen before needs no write lock: most views are re-reads.
        let seen = self
            .read(move |db| db::drive(super::comments::thread_seen(db, user_id, review_id)))
            .await?;
        if (first..=last).all(|n| seen.contains(n)) {
            return Ok(seen);
        }
        self.write(move |db| {
            db::drive(super::comments::mark_thread_seen(
                db, user_id, review_id, first, last, now,
            ))
        })
        .await
    }

    async fn comments_since(
        &self,
        author_id: i64,
        since: i64,
        limit: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        self.read(move |db| db::drive(super::comments::comments_since(db, author_id, since, limit)))
            .await
    }

    async fn create_flag(&self, new: &NewFlag) -> StoreResult<i64> {
        let new = new.clone();
        self.write(move |db| moderation::create_flag(db, &new))
            .await
    }

    async fn open_flags(&self, limit: i64, after: i64) -> StoreResult<Vec<FlagItem>> {
        self.read(move |db| moderation::open_flags(db, limit, after))
            .await
    }

    async fn flag(&self, id: i64) -> StoreResult<Option<FlagItem>> {
        self.read(move |db| moderation::flag(db, id)).await
    }

    async fn resolve_flags(
        &self,
        target_kind: &str,
        target_id: i64,
        state: &str,
        by: i64,
        now: i64,
    ) -> StoreResult<()> {
        let (kind, state) = (target_kind.to_string(), state.to_string());
        self.write(move |db| moderation::resolve_flags(db, &kind, target_id, &state, by, now))
            .await
    }

    async fn set_suspended(&self, user_id: i64, suspended: bool) -> StoreResult<()> {
        self.write(move |db| accounts::set_suspended(db, user_id, suspended))
            .await
    }

    async fn notifications(
        &self,
        user_id: i64,
        limit: i64,
        before: Option<i64>,
    ) -> StoreResult<Vec<Notification>> {
        let before = before.unwrap_or(i64::MAX);
        self.read(move |db| moderation::notifications(db, user_id, limit, before))
            .await
    }

    async fn mark_notifications_read(
        &self,
        user_id: i64,
        ids: std::ops::RangeInclusive<i64>,
        now: i64,
    ) -> StoreResult<()> {
        self.write(move |db| moderation::mark_notifications_read(db, user_id, ids, now))
            .await
    }

    async fn create_import_job(&self, new: &NewImportJob) -> StoreResult<i64> {
        let new = new.clone();
        self.write(move |db| jobs::create(db, &new)).await
    }

    async fn import_job(&self, id: i64) -> StoreResult<Option<ImportJob>> {
        self.read(move |db| jobs::job(db, id)).await
    }

    async fn import_file(&self, id: i64) -> StoreResult<Option<Vec<u8>>> {
        self.read(move |db| jobs::file(db, id)).await
    }

    async fn unfinished_import_job(
        &self,
        user_id: i64,
        file_hash: &str,
    ) -> StoreResult<Option<i64>> {
        let hash = file_hash.to_string();
        self.read(move |db| jobs::unfinished(db, user_id, &hash))
            .await
    }

    async fn claim_import_job(
        &self,
        now: i64,
        stale_before: i64,
    ) -> StoreResult<Option<ImportJob>> {
        self.write(move |db| jobs::claim(db, now, stale_before))
            .await
    }

    async fn save_import_progress(
        &self,
        id: i64,
        progress: &ImportProgress,
        now: i64,
    ) -> StoreResult<()> {
        let progress = progress.clone();
        self.write(move |db| jobs::save(db, id, &progress, now))
            .await
    }

    async fn land(&self, user_id: i64, rows: &[Landing]) -> StoreResult<Vec<(i64, bool)>> {
        let rows = rows.to_vec();
        self.write(move |db| landing::land(db, user_id, &rows))
            .await
    }
}
