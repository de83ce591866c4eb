//! The PostgreSQL store: tokio-postgres on a deadpool pool, for larger sites
//! and several app nodes. Each module mirrors its SQLite twin statement for
//! statement; where the dialects differ, the difference stays here.

mod accounts;
mod catalogue;
mod editions;
mod jobs;
mod landing;
mod moderation;
mod reviews;
mod shelves;
mod social;

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::types::{FromSqlOwned, ToSql};
use tokio_postgres::{NoTls, Row, Statement};

use super::*;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

const POOL_SIZE: usize = 16;

pub type Params<'a> = &'a [&'a (dyn ToSql + Sync)];
pub type PgResult<T> = Result<T, tokio_postgres::Error>;

pub struct PgStore {
    pool: Pool,
    queries: Arc<AtomicU64>,
}

pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    Ok(Arc::new(PgStore::connect(url).await?))
}

impl PgStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let config =
            tokio_postgres::Config::from_str(url).map_err(|e| StoreError::Url(e.to_string()))?;
        let (mut client, connection) = config.connect(NoTls).await?;
        let driver = tokio::spawn(connection);
        embedded::migrations::runner()
            .run_async(&mut client)
            .await
            .map_err(|e| StoreError::Database(format!("migrations: {e}")))?;
        drop(client);
        let _ = driver.await;
        // Fast recycling: a broken connection shows itself on its next query.
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| StoreError::Database(e.to_string()))?;
        Ok(PgStore {
            pool,
            queries: Arc::new(AtomicU64::new(0)),
        })
    }

    async fn client(&self) -> StoreResult<deadpool_postgres::Object> {
        self.pool
            .get()
            .await
            .map_err(|e| StoreError::Database(format!("pool: {e}")))
    }

    fn db<'a>(&'a self, conn: Conn<'a>) -> Db<'a> {
        Db {
            conn,
            queries: &self.queries,
        }
    }
}

/// A pooled connection, or a transaction on one.
pub(super) enum Conn<'a> {
    Plain(&'a deadpool_postgres::Client),
    Tx(&'a deadpool_postgres::Transaction<'a>),
}

/// One connection, with every statement counted and cached.
pub(super) struct Db<'a> {
    conn: Conn<'a>,
    queries: &'a AtomicU64,
}

impl Db<'_> {
    async fn statement(&self, sql: &str) -> PgResult<Statement> {
        self.queries.fetch_add(1, Ordering::Relaxed);
        match &self.conn {
            Conn::Plain(c) => c.prepare_cached(sql).await,
            Conn::Tx(t) => t.prepare_cached(sql).await,
        }
    }

    pub async fn rows(&self, sql: &str, params: Params<'_>) -> StoreResult<Vec<Row>> {
        let statement = self.statement(sql).await?;
        Ok(match &self.conn {
            Conn::Plain(c) => c.query(&statement, params).await?,
            Conn::Tx(t) => t.query(&statement, params).await?,
        })
    }

    pub async fn one<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        map: impl FnOnce(&Row) -> PgResult<T>,
    ) -> StoreResult<Option<T>> {
        match self.rows(sql, params).await?.first() {
            Some(row) => Ok(Some(map(row)?)),
            None => Ok(None),
        }
    }

    pub async fn all<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        map: impl FnMut(&Row) -> PgResult<T>,
    ) -> StoreResult<Vec<T>> {
        Ok(self
            .rows(sql, params)
            .await?
            .iter()
            .map(map)
            .collect::<Result<_, _>>()?)
    }

    pub async fn exec(&self, sql: &str, params: Params<'_>) -> StoreResult<u64> {
        let statement = self.statement(sql).await?;
        Ok(match &self.conn {
            Conn::Plain(c) => c.execute(&statement, params).await?,
            Conn::Tx(t) => t.execute(&statement, params).await?,
        })
    }

    pub async fn value<T: FromSqlOwned>(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> StoreResult<Option<T>> {
        self.one(sql, params, |r| r.try_get(0)).await
    }
}

impl db::Db for Db<'_> {
    fn dialect(&self) -> sql::Dialect {
        sql::Dialect::Postgres
    }

    async fn all<T>(
        &self,
        sql: sql::Sql,
        params: db::Params<'_>,
        map: impl FnMut(&dyn db::Row) -> StoreResult<T>,
    ) -> StoreResult<Vec<T>> {
        let params: Vec<_> = params.iter().map(|p| p.for_postgres()).collect();
        let rows = self.rows(sql.postgres, &params).await?;
        rows.iter().map(|r| r as &dyn db::Row).map(map).collect()
    }

    async fn exec(&self, sql: sql::Sql, params: db::Params<'_>) -> StoreResult<u64> {
        let params: Vec<_> = params.iter().map(|p| p.for_postgres()).collect();
        Db::exec(self, sql.postgres, &params).await
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            match db.code().code() {
                "23505" => {
                    return StoreError::Conflict(db.constraint().unwrap_or("unique").to_string());
                }
                "23503" => return StoreError::MissingReference,
                _ => {}
            }
        }
        StoreError::Database(e.to_string())
    }
}

/// Runs `$body` with `$db` on a pooled connection.
macro_rules! read {
    ($self:ident, |$db:ident| $body:expr) => {{
        let client = $self.client().await?;
        let $db = &$self.db(Conn::Plain(&client));
        $body
    }};
}

/// Runs `$body` with `$db` in one transaction, committed when it succeeds.
macro_rules! write {
    ($self:ident, |$db:ident| $body:expr) => {{
        let mut client = $self.client().await?;
        let tx = client.transaction().await?;
        let out: StoreResult<_> = {
            let $db = &$self.db(Conn::Tx(&tx));
            $body
        };
        let out = out?;
        tx.commit().await?;
        Ok(out)
    }};
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        read!(self, |db| db.exec("ANALYZE", &[]).await.map(|_| ()))
    }

    async fn ping(&self) -> StoreResult<()> {
        read!(self, |db| db
            .value::<i32>("SELECT 1", &[])
            .await
            .map(|_| ()))
    }

    async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
        let new = new.clone();
        write!(self, |db| accounts::create_user(db, &new).await)
    }

    async fn credentials(&self, username_key: &str) -> StoreResult<Option<Credentials>> {
        let key = username_key.to_string();
        read!(self, |db| accounts::credentials(db, &key).await)
    }

    async fn user_by_username(&self, username_key: &str) -> StoreResult<Option<User>> {
        let key = username_key.to_string();
        read!(self, |db| accounts::user_by_key(db, &key).await)
    }

    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        read!(self, |db| accounts::user_by_id(db, id).await)
    }

    async fn delete_user(&self, user_id: i64) -> StoreResult<()> {
        write!(self, |db| accounts::delete_user(db, user_id).await)
    }

    async fn set_moderator(&self, username_key: &str, moderator: bool) -> StoreResult<bool> {
        let key = username_key.to_string();
        write!(self, |db| {
            let n = db
                .exec(
                    "UPDATE users SET is_moderator = $2 WHERE username_key = $1",
                    &[&key, &moderator],
                )
                .await?;
            Ok(n > 0)
        })
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        let hash = token_hash.to_string();
        write!(self, |db| {
            db.exec(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                &[&hash, &user_id, &now, &expires_at],
            ).await?;
            Ok(())
        })
    }

    async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        let hash = token_hash.to_string();
        read!(self, |db| accounts::session_user(db, &hash, now).await)
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let hash = token_hash.to_string();
        write!(self, |db| {
            db.exec("DELETE FROM sessions WHERE token_hash = $1", &[&hash])
                .await?;
            Ok(())
        })
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
        write!(self, |db| {
            db.exec(
                "INSERT INTO api_tokens (user_id, token_hash, name, scope, created_at) VALUES ($1, $2, $3, $4, $5)",
                &[&user_id, &hash, &name, &scope, &now],
            ).await?;
            Ok(())
        })
    }

    async fn token_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, TokenGrant)>> {
        let hash = token_hash.to_string();
        let found: Option<(User, Option<i64>, TokenGrant)> =
            read!(self, |db| accounts::token_user(db, &hash).await)?;
        let Some((user, last_used, grant)) = found else {
            return Ok(None);
        };
        // A read, not a write, per call: the last use is kept to the minute.
        if last_used.is_none_or(|t| t < now - TOKEN_USE_RESOLUTION) {
            let touched: StoreResult<()> =
                write!(self, |db| accounts::touch_token(db, &hash, now).await);
            touched?;
        }
        Ok(Some((user, grant)))
    }

    async fn tokens(&self, user_id: i64) -> StoreResult<Vec<TokenInfo>> {
        read!(self, |db| {
            db
            .all(
                "SELECT id, name, created_at, last_used_at, scope FROM api_tokens WHERE user_id = $1
                 ORDER BY id DESC",
                &[&user_id],
                |r| {
                    Ok(TokenInfo {
                        id: r.try_get(0)?,
                        name: r.try_get(1)?,
                        created_at: r.try_get(2)?,
                        last_used_at: r.try_get(3)?,
                        scope: r.try_get(4)?,
                    })
                },
            )
            .await
        })
    }

    async fn revoke_token(&self, user_id: i64, token_id: i64) -> StoreResult<bool> {
        write!(self, |db| Ok(db
            .exec(
                "DELETE FROM api_tokens WHERE id = $1 AND user_id = $2",
                &[&token_id, &user_id],
            )
            .await?
            > 0))
    }

    async fn create_book(&self, new: &NewBook) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| catalogue::create_book(db, &new).await)
    }

    async fn book(&self, id: i64) -> StoreResult<Option<Book>> {
        read!(self, |db| catalogue::book(db, id).await)
    }

    async fn recent_books(&self, limit: i64) -> StoreResult<Vec<Book>> {
        read!(self, |db| catalogue::recent_books(db, limit).await)
    }

    async fn author(&self, id: i64) -> StoreResult<Option<AuthorRef>> {
        read!(self, |db| {
            db.one("SELECT id, name FROM authors WHERE id = $1", &[&id], |r| {
                Ok(AuthorRef {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    role: "author".into(),
                })
            })
            .await
        })
    }

    async fn author_books(&self, author_id: i64) -> StoreResult<Vec<Book>> {
        read!(self, |db| catalogue::author_books(db, author_id).await)
    }

    async fn book_by_isbn13(&self, isbn13: &str) -> StoreResult<Option<i64>> {
        read!(self, |db| catalogue::book_by_isbn13(db, isbn13).await)
    }

    async fn book_by_title_author(
        &self,
        title: &str,
        author_key: &str,
    ) -> StoreResult<Option<i64>> {
        read!(self, |db| catalogue::book_by_title_author(
            db, title, author_key
        )
        .await)
    }

    async fn set_reader_details(
        &self,
        user_id: i64,
        book_id: i64,
        details: &ReaderDetails,
    ) -> StoreResult<()> {
        write!(self, |db| shelves::set_reader_details(
            db, user_id, book_id, details
        )
        .await)
    }

    async fn reader_details(
        &self,
        user_id: i64,
        book_id: i64,
    ) -> StoreResult<Option<ReaderDetails>> {
        read!(self, |db| shelves::reader_details(db, user_id, book_id)
            .await)
    }

    async fn search_vocab(&self, from: &str, to: &str) -> StoreResult<Vec<String>> {
        read!(self, |db| catalogue::search_vocab(db, from, to).await)
    }

    async fn search_postings(&self, terms: &[String]) -> StoreResult<Vec<(Posting, i64)>> {
        read!(self, |db| catalogue::search_postings(db, terms).await)
    }

    async fn books_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Book>> {
        read!(self, |db| catalogue::books_by_ids(db, ids).await)
    }

    async fn editions(&self, book_id: i64) -> StoreResult<Vec<Edition>> {
        read!(self, |db| editions::editions(db, book_id).await)
    }

    async fn edition(&self, id: i64) -> StoreResult<Option<Edition>> {
        read!(self, |db| editions::edition(db, id).await)
    }

    async fn add_edition(&self, new: &NewEdition) -> StoreResult<i64> {
        write!(self, |db| editions::add_edition(db, new).await)
    }

    async fn set_reader_edition(
        &self,
        user_id: i64,
        book_id: i64,
        edition_id: Option<i64>,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| editions::set_reader_edition(
            db, user_id, book_id, edition_id, now
        )
        .await)
    }

    async fn book_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        read!(self, |db| editions::redirect(
            db,
            editions::Redirects::Book,
            old_id
        )
        .await)
    }

    async fn author_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        read!(self, |db| editions::redirect(
            db,
            editions::Redirects::Author,
            old_id
        )
        .await)
    }

    async fn review_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        read!(self, |db| editions::redirect(
            db,
            editions::Redirects::Review,
            old_id
        )
        .await)
    }

    async fn merge_books(&self, from: i64, into: i64, now: i64) -> StoreResult<MergeReport> {
        // Both rows locked first: writers that recount a book lock it too, so
        // nothing lands on the merged-away book while it moves.
        write!(self, |db| {
            db.exec(
                "SELECT id FROM books WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE",
                &[&from, &into],
            )
            .await?;
            editions::merge_books(db, from, into, now).await
        })
    }

    async fn merge_authors(&self, from: i64, into: i64) -> StoreResult<MergeReport> {
        write!(self, |db| {
            db.exec(
                "SELECT id FROM authors WHERE id = $1 OR id = $2 ORDER BY id FOR UPDATE",
                &[&from, &into],
            )
            .await?;
            editions::merge_authors(db, from, into).await
        })
    }

    async fn author_aliases(&self, author_id: i64) -> StoreResult<Vec<String>> {
        read!(self, |db| editions::author_aliases(db, author_id).await)
    }

    async fn set_cover(
        &self,
        book_id: i64,
        digest: &str,
        sizes: &[(&str, Vec<u8>)],
    ) -> StoreResult<()> {
        write!(self, |db| catalogue::set_cover(db, book_id, digest, sizes)
            .await)
    }

    async fn cover_image(
        &self,
        book_id: i64,
        size: &str,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        read!(self, |db| catalogue::cover_image(db, book_id, size).await)
    }

    async fn relation(&self, viewer: i64, other: i64) -> StoreResult<Relation> {
        read!(self, |db| social::relation(db, viewer, other).await)
    }

    async fn request_friend(&self, from: i64, to: i64, now: i64) -> StoreResult<FriendOutcome> {
        write!(self, |db| social::request_friend(db, from, to, now).await)
    }

    async fn accept_friend(&self, user: i64, requester: i64, now: i64) -> StoreResult<bool> {
        write!(self, |db| social::accept_friend(db, user, requester, now)
            .await)
    }

    async fn end_friendship(&self, a: i64, b: i64) -> StoreResult<()> {
        write!(self, |db| social::end_friendship(db, a, b).await)
    }

    async fn set_follow(
        &self,
        follower: i64,
        followee: i64,
        on: bool,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| social::set_follow(
            db, follower, followee, on, now
        )
        .await)
    }

    async fn set_block(&self, blocker: i64, blocked: i64, on: bool, now: i64) -> StoreResult<()> {
        write!(self, |db| social::set_block(db, blocker, blocked, on, now)
            .await)
    }

    async fn friends(&self, user_id: i64) -> StoreResult<Vec<UserRef>> {
        read!(self, |db| social::friends(db, user_id).await)
    }

    async fn reading_timeline(&self, user_id: i64, limit: i64) -> StoreResult<Vec<TimelineEntry>> {
        read!(self, |db| social::reading_timeline(db, user_id, limit)
            .await)
    }

    async fn set_avatar(&self, user_id: i64, jpeg: Option<Vec<u8>>, now: i64) -> StoreResult<()> {
        write!(self, |db| social::set_avatar(db, user_id, jpeg, now).await)
    }

    async fn avatar(&self, user_id: i64) -> StoreResult<Option<(Vec<u8>, i64)>> {
        read!(self, |db| social::avatar(db, user_id).await)
    }

    async fn blocked_either_way(&self, viewer: i64) -> StoreResult<Vec<i64>> {
        read!(self, |db| social::blocked_either_way(db, viewer).await)
    }

    async fn friend_requests(&self, user_id: i64) -> StoreResult<Vec<UserRef>> {
        read!(self, |db| social::friend_requests(db, user_id).await)
    }

    async fn set_profile(
        &self,
        user_id: i64,
        visibility: &str,
        bio: Option<&str>,
    ) -> StoreResult<()> {
        write!(self, |db| social::set_profile(db, user_id, visibility, bio)
            .await)
    }

    async fn friends_with_book(&self, viewer: i64, book_id: i64) -> StoreResult<Vec<FriendRead>> {
        read!(self, |db| social::friends_with_book(db, viewer, book_id)
            .await)
    }

    async fn feed(
        &self,
        viewer: i64,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<FeedItem>> {
        read!(self, |db| social::feed(db, viewer, before, limit).await)
    }

    async fn book_count(&self) -> StoreResult<i64> {
        read!(self, |db| Ok(db
            .value("SELECT coalesce(max(id), 0) FROM books", &[])
            .await?
            .unwrap_or(0)))
    }

    async fn import_books(&self, books: &[NewBook]) -> StoreResult<Vec<Option<i64>>> {
        write!(self, |db| catalogue::import_books(db, books).await)
    }

    async fn search_authors(&self, words: &str, limit: i64) -> StoreResult<Vec<AuthorRef>> {
        let words = words.to_string();
        read!(self, |db| catalogue::search_authors(db, &words, limit)
            .await)
    }

    async fn set_rating(
        &self,
        user_id: i64,
        book_id: i64,
        stars: i64,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| {
            shelves::set_rating(db, user_id, book_id, stars, now).await?;
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
            .await
        })
    }

    async fn clear_rating(&self, user_id: i64, book_id: i64) -> StoreResult<bool> {
        write!(self, |db| shelves::clear_rating(db, user_id, book_id).await)
    }

    async fn set_status(
        &self,
        user_id: i64,
        book_id: i64,
        status: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let status = status.map(str::to_string);
        write!(self, |db| {
            shelves::set_status(db, user_id, book_id, status.as_deref(), now).await?;
            match status {
                Some(shelf) => {
                    social::record(
                        db,
                        &social::Activity::about_book(
                            user_id,
                            "shelved",
                            book_id,
                            Some(shelf),
                            now,
                        ),
                    )
                    .await
                }
                None => Ok(()),
            }
        })
    }

    async fn set_shelves(
        &self,
        user_id: i64,
        book_id: i64,
        list: &[ShelfRef],
        now: i64,
    ) -> StoreResult<()> {
        let list = list.to_vec();
        write!(self, |db| shelves::set_shelves(
            db, user_id, book_id, &list, now
        )
        .await)
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
        write!(self, |db| {
            shelves::add_read(
                db,
                user_id,
                book_id,
                started.as_deref(),
                finished.as_deref(),
                now,
            )
            .await
        })
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
        write!(self, |db| {
            let id =
                shelves::add_progress(db, user_id, book_id, page, percent, note.as_deref(), now)
                    .await?;
            let detail = social::progress_detail(page, percent);
            social::record(
                db,
                &social::Activity::about_book(user_id, "progress", book_id, detail, now),
            )
            .await?;
            Ok(id)
        })
    }

    async fn reader_book(&self, user_id: i64, book_id: i64) -> StoreResult<ReaderBook> {
        read!(self, |db| shelves::reader_book(db, user_id, book_id).await)
    }

    async fn user_shelves(&self, user_id: i64) -> StoreResult<Vec<ShelfCount>> {
        read!(self, |db| shelves::user_shelves(db, user_id).await)
    }

    async fn shelf_entries(
        &self,
        user_id: i64,
        slug: &str,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ShelfEntry>> {
        let slug = slug.to_string();
        read!(self, |db| shelves::shelf_entries(
            db, user_id, &slug, limit, offset
        )
        .await)
    }

    async fn upsert_review(&self, new: &NewReview) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| {
            let known = reviews::review_of(db, new.user_id, new.book_id).await?;
            let id = reviews::upsert_review(db, &new).await?;
            if known.is_none() {
                let mut activity = social::Activity::about_book(
                    new.user_id,
                    "reviewed",
                    new.book_id,
                    None,
                    new.now,
                );
                activity.review_id = Some(id);
                social::record(db, &activity).await?;
            }
            Ok(id)
        })
    }

    async fn review(&self, id: i64) -> StoreResult<Option<Review>> {
        read!(self, |db| reviews::review(db, id).await)
    }

    async fn review_detail(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> StoreResult<Option<ReviewDetail>> {
        read!(self, |db| reviews::review_detail(db, id, viewer).await)
    }

    async fn delete_review(&self, id: i64) -> StoreResult<()> {
        write!(self, |db| reviews::delete_review(db, id).await)
    }

    async fn set_like(
        &self,
        user_id: i64,
        review_id: i64,
        liked: bool,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| {
            reviews::set_like(db, user_id, review_id, liked, now).await?;
            if liked {
                social::notify_like(db, user_id, review_id, now).await?;
            }
            Ok(())
        })
    }

    async fn book_reviews(
        &self,
        book_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        read!(self, |db| reviews::list(
            db,
            reviews::Listing::Book(book_id),
            viewer,
            limit,
            offset
        )
        .await)
    }

    async fn recent_reviews(
        &self,
        viewer: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        read!(self, |db| reviews::list(
            db,
            reviews::Listing::Recent,
            viewer,
            limit,
            0
        )
        .await)
    }

    async fn user_reviews(
        &self,
        user_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        read!(self, |db| reviews::list(
            db,
            reviews::Listing::User(user_id),
            viewer,
            limit,
            offset
        )
        .await)
    }

    async fn add_comment(&self, new: &NewComment) -> StoreResult<(i64, i64)> {
        let new = new.clone();
        write!(self, |db| {
            let (id, number) = super::comments::add_comment(db, &new).await?;
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
            )
            .await?;
            Ok((id, number))
        })
    }

    async fn comment(&self, id: i64) -> StoreResult<Option<Comment>> {
        read!(self, |db| super::comments::comment(db, id).await)
    }

    async fn edit_comment(
        &self,
        id: i64,
        body: &str,
        body_html: &str,
        now: i64,
    ) -> StoreResult<()> {
        let (body, body_html) = (body.to_string(), body_html.to_string());
        write!(self, |db| super::comments::edit_comment(
            db, id, &body, &body_html, now
        )
        .await)
    }

    async fn delete_comment(&self, id: i64, removed: bool, now: i64) -> StoreResult<()> {
        write!(self, |db| super::comments::delete_comment(
            db, id, removed, now
        )
        .await)
    }

    async fn comments_page(
        &self,
        review_id: i64,
        first: i64,
        last: i64,
    ) -> StoreResult<Vec<Comment>> {
        read!(self, |db| super::comments::comments_page(
            db, review_id, first, last
        )
        .await)
    }

    async fn mark_thread_seen(
        &self,
        user_id: i64,
        review_id: i64,
        first: i64,
        last: i64,
        now: i64,
    ) -> StoreResult<Seen> {
        // A page seen before needs no write: most views are re-reads.
        let seen = read!(self, |db| super::comments::thread_seen(
            db, user_id, review_id
        )
        .await)?;
        if (first..=last).all(|n| seen.contains(n)) {
            return Ok(seen);
        }
        write!(self, |db| super::comments::mark_thread_seen(
            db, user_id, review_id, first, last, now
        )
        .await)
    }

    async fn comments_since(
        &self,
        author_id: i64,
        since: i64,
        limit: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        read!(self, |db| super::comments::comments_since(
            db, author_id, since, limit
        )
        .await)
    }

    async fn create_flag(&self, new: &NewFlag) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| moderation::create_flag(db, &new).await)
    }

    async fn open_flags(&self, limit: i64, after: i64) -> StoreResult<Vec<FlagItem>> {
        read!(self, |db| moderation::open_flags(db, limit, after).await)
    }

    async fn flag(&self, id: i64) -> StoreResult<Option<FlagItem>> {
        read!(self, |db| moderation::flag(db, id).await)
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
        write!(self, |db| moderation::resolve_flags(
            db, &kind, target_id, &state, by, now
        )
        .await)
    }

    async fn set_suspended(&self, user_id: i64, suspended: bool) -> StoreResult<()> {
        write!(self, |db| accounts::set_suspended(db, user_id, suspended)
            .await)
    }

    async fn notifications(
        &self,
        user_id: i64,
        limit: i64,
        before: Option<i64>,
    ) -> StoreResult<Vec<Notification>> {
        let before = before.unwrap_or(i64::MAX);
        read!(self, |db| moderation::notifications(
            db, user_id, limit, before
        )
        .await)
    }

    async fn mark_notifications_read(
        &self,
        user_id: i64,
        ids: std::ops::RangeInclusive<i64>,
        now: i64,
    ) -> StoreResult<()> {
        let (first, last) = ids.into_inner();
        write!(self, |db| moderation::mark_notifications_read(
            db, user_id, first, last, now
        )
        .await)
    }

    async fn create_import_job(&self, new: &NewImportJob) -> StoreResult<i64> {
        write!(self, |db| jobs::create(db, new).await)
    }

    async fn import_job(&self, id: i64) -> StoreResult<Option<ImportJob>> {
        read!(self, |db| jobs::job(db, id).await)
    }

    async fn import_file(&self, id: i64) -> StoreResult<Option<Vec<u8>>> {
        read!(self, |db| jobs::file(db, id).await)
    }

    async fn unfinished_import_job(
        &self,
        user_id: i64,
        file_hash: &str,
    ) -> StoreResult<Option<i64>> {
        read!(self, |db| jobs::unfinished(db, user_id, file_hash).await)
    }

    async fn claim_import_job(
        &self,
        now: i64,
        stale_before: i64,
    ) -> StoreResult<Option<ImportJob>> {
        write!(self, |db| jobs::claim(db, now, stale_before).await)
    }

    async fn save_import_progress(
        &self,
        id: i64,
        progress: &ImportProgress,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| jobs::save(db, id, progress, now).await)
    }

    async fn land(&self, user_id: i64, rows: &[Landing]) -> StoreResult<Vec<(i64, bool)>> {
        write!(self, |db| landing::land(db, user_id, rows).await)
    }
}
