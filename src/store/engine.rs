//! The one `Store`: each method runs its query (written once, in the area
//! modules) on whichever engine the database URL chose.
//!
//! `read!` and `write!` hand the query's body to the engine: SQLite runs it on a
//! pooled connection in a blocking thread, completing its never-waiting future
//! in one poll (`db::drive`); PostgreSQL awaits it on a pooled connection.
//! Writes run in one transaction (on SQLite `BEGIN IMMEDIATE`). The body is
//! compiled once per engine, from one text.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;

use super::db::Db;
use super::postgres::{Conn, PgDb};
use super::*;
use super::{accounts, activity, catalogue, comments, editions, jobs, landing, moderation};
use super::{reviews, shelves, social};
use crate::sql;

pub struct SqlStore {
    engine: Engine,
    /// Statements run, for the tests that count a page's queries.
    queries: Arc<AtomicU64>,
}

enum Engine {
    Sqlite(sqlite::Pool),
    Postgres(postgres::Pool),
}

impl SqlStore {
    pub async fn open(url: &str) -> StoreResult<Self> {
        let engine = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres(postgres::Pool::connect(url).await?)
        } else {
            Engine::Sqlite(sqlite::Pool::open(url).await?)
        };
        Ok(SqlStore {
            engine,
            queries: Arc::new(AtomicU64::new(0)),
        })
    }
}

/// Runs `$body` (a future using `$db`) on a pooled connection.
macro_rules! read {
    ($self:ident, |$db:ident| $body:expr) => {
        match &$self.engine {
            Engine::Sqlite(pool) => pool.read(&$self.queries, move |$db| db::drive($body)).await,
            Engine::Postgres(pool) => {
                let client = pool.client().await?;
                let $db = &PgDb {
                    conn: Conn::Plain(&client),
                    queries: &$self.queries,
                };
                $body.await
            }
        }
    };
}

/// Runs `$body` (a future using `$db`) in one transaction, committed when it succeeds.
macro_rules! write {
    ($self:ident, |$db:ident| $body:expr) => {
        match &$self.engine {
            Engine::Sqlite(pool) => {
                pool.write(&$self.queries, move |$db| db::drive($body))
                    .await
            }
            Engine::Postgres(pool) => {
                let mut client = pool.client().await?;
                let tx = client.transaction().await?;
                let out = {
                    let $db = &PgDb {
                        conn: Conn::Tx(&tx),
                        queries: &$self.queries,
                    };
                    $body.await?
                };
                tx.commit().await?;
                Ok(out)
            }
        }
    };
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        match self.engine {
            Engine::Sqlite(_) => "sqlite",
            Engine::Postgres(_) => "postgres",
        }
    }

    fn query_count(&self) -> u64 {
        self.queries.load(Ordering::Relaxed)
    }

    async fn refresh_statistics(&self) -> StoreResult<()> {
        match &self.engine {
            // SQLite's plans here come from the indexes alone and do not need
            // statistics; gathering them could only move plans the tests check.
            Engine::Sqlite(_) => Ok(()),
            Engine::Postgres(_) => read!(self, |db| db.exec(sql!("ANALYZE"), &[])).map(|_| ()),
        }
    }

    async fn ping(&self) -> StoreResult<()> {
        read!(self, |db| db.value::<i64>(sql!("SELECT 1"), &[])).map(|_| ())
    }

    async fn create_user(&self, new: &NewUser) -> StoreResult<User> {
        let new = new.clone();
        write!(self, |db| accounts::create_user(db, &new))
    }

    async fn credentials(&self, username_key: &str) -> StoreResult<Option<Credentials>> {
        let key = username_key.to_string();
        read!(self, |db| accounts::credentials(db, &key))
    }

    async fn user_by_username(&self, username_key: &str) -> StoreResult<Option<User>> {
        let key = username_key.to_string();
        read!(self, |db| accounts::user_by_key(db, &key))
    }

    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        read!(self, |db| accounts::user_by_id(db, id))
    }

    async fn delete_user(&self, user_id: i64) -> StoreResult<()> {
        write!(self, |db| accounts::delete_user(db, user_id))
    }

    async fn set_moderator(&self, username_key: &str, moderator: bool) -> StoreResult<bool> {
        let key = username_key.to_string();
        write!(self, |db| accounts::set_moderator(db, &key, moderator))
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        let hash = token_hash.to_string();
        write!(self, |db| accounts::create_session(
            db, &hash, user_id, now, expires_at
        ))
    }

    async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>> {
        let hash = token_hash.to_string();
        read!(self, |db| accounts::session_user(db, &hash, now))
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        let hash = token_hash.to_string();
        write!(self, |db| accounts::delete_session(db, &hash))
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
        write!(self, |db| accounts::create_token(
            db, &hash, user_id, &name, &scope, now
        ))
    }

    async fn token_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, TokenGrant)>> {
        let hash = token_hash.to_string();
        let key = hash.clone();
        let Some((user, last_used, grant)) = read!(self, |db| accounts::token_user(db, &key))?
        else {
            return Ok(None);
        };
        // A read, not a write, per call: the last use is kept to the minute.
        if last_used.is_none_or(|t| t < now - TOKEN_USE_RESOLUTION) {
            write!(self, |db| accounts::touch_token(db, &hash, now))?;
        }
        Ok(Some((user, grant)))
    }

    async fn tokens(&self, user_id: i64) -> StoreResult<Vec<TokenInfo>> {
        read!(self, |db| accounts::tokens(db, user_id))
    }

    async fn revoke_token(&self, user_id: i64, token_id: i64) -> StoreResult<bool> {
        write!(self, |db| accounts::revoke_token(db, user_id, token_id))
    }

    async fn create_book(&self, new: &NewBook) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| catalogue::create_book(db, &new))
    }

    async fn book(&self, id: i64) -> StoreResult<Option<Book>> {
        read!(self, |db| catalogue::book(db, id))
    }

    async fn recent_books(&self, limit: i64) -> StoreResult<Vec<Book>> {
        read!(self, |db| catalogue::recent_books(db, limit))
    }

    async fn author(&self, id: i64) -> StoreResult<Option<AuthorRef>> {
        read!(self, |db| catalogue::author(db, id))
    }

    async fn author_books(&self, author_id: i64) -> StoreResult<Vec<Book>> {
        read!(self, |db| catalogue::author_books(db, author_id))
    }

    async fn book_by_isbn13(&self, isbn13: &str) -> StoreResult<Option<i64>> {
        let isbn13 = isbn13.to_string();
        read!(self, |db| catalogue::book_by_isbn13(db, &isbn13))
    }

    async fn book_by_title_author(
        &self,
        title: &str,
        author_key: &str,
    ) -> StoreResult<Option<i64>> {
        let (title, key) = (title.to_string(), author_key.to_string());
        read!(self, |db| catalogue::book_by_title_author(db, &title, &key))
    }

    async fn set_reader_details(
        &self,
        user_id: i64,
        book_id: i64,
        details: &ReaderDetails,
    ) -> StoreResult<()> {
        let details = details.clone();
        write!(self, |db| shelves::set_reader_details(
            db, user_id, book_id, &details
        ))
    }

    async fn reader_details(
        &self,
        user_id: i64,
        book_id: i64,
    ) -> StoreResult<Option<ReaderDetails>> {
        read!(self, |db| shelves::reader_details(db, user_id, book_id))
    }

    async fn search_vocab(&self, from: &str, to: &str) -> StoreResult<Vec<String>> {
        let (from, to) = (from.to_string(), to.to_string());
        read!(self, |db| catalogue::search_vocab(db, &from, &to))
    }

    async fn search_postings(&self, terms: &[String]) -> StoreResult<Vec<(Posting, i64)>> {
        let terms = terms.to_vec();
        read!(self, |db| catalogue::search_postings(db, &terms))
    }

    async fn books_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Book>> {
        let ids = ids.to_vec();
        read!(self, |db| catalogue::books_by_ids(db, &ids))
    }

    async fn editions(&self, book_id: i64) -> StoreResult<Vec<Edition>> {
        read!(self, |db| editions::editions(db, book_id))
    }

    async fn edition(&self, id: i64) -> StoreResult<Option<Edition>> {
        read!(self, |db| editions::edition(db, id))
    }

    async fn add_edition(&self, new: &NewEdition) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| editions::add_edition(db, &new))
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
        ))
    }

    async fn book_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        read!(self, |db| editions::redirect(
            db,
            editions::Redirects::Book,
            old_id
        ))
    }

    async fn author_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        read!(self, |db| editions::redirect(
            db,
            editions::Redirects::Author,
            old_id
        ))
    }

    async fn review_redirect(&self, old_id: i64) -> StoreResult<Option<i64>> {
        read!(self, |db| editions::redirect(
            db,
            editions::Redirects::Review,
            old_id
        ))
    }

    async fn merge_books(&self, from: i64, into: i64, now: i64) -> StoreResult<MergeReport> {
        write!(self, |db| editions::merge_books(db, from, into, now))
    }

    async fn merge_authors(&self, from: i64, into: i64) -> StoreResult<MergeReport> {
        write!(self, |db| editions::merge_authors(db, from, into))
    }

    async fn author_aliases(&self, author_id: i64) -> StoreResult<Vec<String>> {
        read!(self, |db| editions::author_aliases(db, author_id))
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
        write!(self, |db| catalogue::set_cover(
            db, book_id, &digest, &sizes
        ))
    }

    async fn cover_image(
        &self,
        book_id: i64,
        size: &str,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        let size = size.to_string();
        read!(self, |db| catalogue::cover_image(db, book_id, &size))
    }

    async fn relation(&self, viewer: i64, other: i64) -> StoreResult<Relation> {
        read!(self, |db| social::relation(db, viewer, other))
    }

    async fn request_friend(&self, from: i64, to: i64, now: i64) -> StoreResult<FriendOutcome> {
        write!(self, |db| social::request_friend(db, from, to, now))
    }

    async fn accept_friend(&self, user: i64, requester: i64, now: i64) -> StoreResult<bool> {
        write!(self, |db| social::accept_friend(db, user, requester, now))
    }

    async fn end_friendship(&self, a: i64, b: i64) -> StoreResult<()> {
        write!(self, |db| social::end_friendship(db, a, b))
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
        ))
    }

    async fn set_block(&self, blocker: i64, blocked: i64, on: bool, now: i64) -> StoreResult<()> {
        write!(self, |db| social::set_block(db, blocker, blocked, on, now))
    }

    async fn friends(&self, user_id: i64) -> StoreResult<Vec<UserRef>> {
        read!(self, |db| social::friends(db, user_id))
    }

    async fn reading_timeline(&self, user_id: i64, limit: i64) -> StoreResult<Vec<TimelineEntry>> {
        read!(self, |db| social::reading_timeline(db, user_id, limit))
    }

    async fn set_avatar(&self, user_id: i64, jpeg: Option<Vec<u8>>, now: i64) -> StoreResult<()> {
        write!(self, |db| social::set_avatar(db, user_id, jpeg, now))
    }

    async fn avatar(&self, user_id: i64) -> StoreResult<Option<(Vec<u8>, i64)>> {
        read!(self, |db| social::avatar(db, user_id))
    }

    async fn blocked_either_way(&self, viewer: i64) -> StoreResult<Vec<i64>> {
        read!(self, |db| social::blocked_either_way(db, viewer))
    }

    async fn friend_requests(&self, user_id: i64) -> StoreResult<Vec<UserRef>> {
        read!(self, |db| social::friend_requests(db, user_id))
    }

    async fn set_profile(
        &self,
        user_id: i64,
        visibility: &str,
        bio: Option<&str>,
    ) -> StoreResult<()> {
        let (visibility, bio) = (visibility.to_string(), bio.map(str::to_string));
        write!(self, |db| social::set_profile(
            db,
            user_id,
            &visibility,
            bio.as_deref()
        ))
    }

    async fn friends_with_book(&self, viewer: i64, book_id: i64) -> StoreResult<Vec<FriendRead>> {
        read!(self, |db| social::friends_with_book(db, viewer, book_id))
    }

    async fn feed(
        &self,
        viewer: i64,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<FeedItem>> {
        read!(self, |db| social::feed(db, viewer, before, limit))
    }

    async fn book_count(&self) -> StoreResult<i64> {
        read!(self, |db| catalogue::book_count(db))
    }

    async fn import_books(&self, books: &[NewBook]) -> StoreResult<Vec<Option<i64>>> {
        let books = books.to_vec();
        write!(self, |db| catalogue::import_books(db, &books))
    }

    async fn search_authors(&self, words: &str, limit: i64) -> StoreResult<Vec<AuthorRef>> {
        let words = words.to_string();
        read!(self, |db| catalogue::search_authors(db, &words, limit))
    }

    async fn set_rating(
        &self,
        user_id: i64,
        book_id: i64,
        stars: i64,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| activity::rate(db, user_id, book_id, stars, now))
    }

    async fn clear_rating(&self, user_id: i64, book_id: i64) -> StoreResult<bool> {
        write!(self, |db| shelves::clear_rating(db, user_id, book_id))
    }

    async fn set_status(
        &self,
        user_id: i64,
        book_id: i64,
        status: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let status = status.map(str::to_string);
        write!(self, |db| activity::shelve(
            db,
            user_id,
            book_id,
            status.as_deref(),
            now
        ))
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
        ))
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
        write!(self, |db| shelves::add_read(
            db,
            user_id,
            book_id,
            started.as_deref(),
            finished.as_deref(),
            now
        ))
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
        let at = (page, percent);
        write!(self, |db| activity::progress(
            db,
            user_id,
            book_id,
            at,
            note.as_deref(),
            now
        ))
    }

    async fn reader_book(&self, user_id: i64, book_id: i64) -> StoreResult<ReaderBook> {
        read!(self, |db| shelves::reader_book(db, user_id, book_id))
    }

    async fn user_shelves(&self, user_id: i64) -> StoreResult<Vec<ShelfCount>> {
        read!(self, |db| shelves::user_shelves(db, user_id))
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
        ))
    }

    async fn upsert_review(&self, new: &NewReview) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| activity::review(db, &new))
    }

    async fn review(&self, id: i64) -> StoreResult<Option<Review>> {
        read!(self, |db| reviews::review(db, id))
    }

    async fn review_detail(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> StoreResult<Option<ReviewDetail>> {
        read!(self, |db| reviews::review_detail(db, id, viewer))
    }

    async fn delete_review(&self, id: i64) -> StoreResult<()> {
        write!(self, |db| reviews::delete_review(db, id))
    }

    async fn set_like(
        &self,
        user_id: i64,
        review_id: i64,
        liked: bool,
        now: i64,
    ) -> StoreResult<()> {
        write!(self, |db| activity::like(
            db, user_id, review_id, liked, now
        ))
    }

    async fn book_reviews(
        &self,
        book_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        let listing = reviews::Listing::Book(book_id);
        read!(self, |db| reviews::list(db, listing, viewer, limit, offset))
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
        ))
    }

    async fn user_reviews(
        &self,
        user_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>> {
        let listing = reviews::Listing::User(user_id);
        read!(self, |db| reviews::list(db, listing, viewer, limit, offset))
    }

    async fn add_comment(&self, new: &NewComment) -> StoreResult<(i64, i64)> {
        let new = new.clone();
        write!(self, |db| activity::comment(db, &new))
    }

    async fn comment(&self, id: i64) -> StoreResult<Option<Comment>> {
        read!(self, |db| comments::comment(db, id))
    }

    async fn edit_comment(
        &self,
        id: i64,
        body: &str,
        body_html: &str,
        now: i64,
    ) -> StoreResult<()> {
        let (body, html) = (body.to_string(), body_html.to_string());
        write!(self, |db| comments::edit_comment(db, id, &body, &html, now))
    }

    async fn delete_comment(&self, id: i64, removed: bool, now: i64) -> StoreResult<()> {
        write!(self, |db| comments::delete_comment(db, id, removed, now))
    }

    async fn comments_page(
        &self,
        review_id: i64,
        first: i64,
        last: i64,
    ) -> StoreResult<Vec<Comment>> {
        read!(self, |db| comments::comments_page(
            db, review_id, first, last
        ))
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
        let seen = read!(self, |db| comments::thread_seen(db, user_id, review_id))?;
        if (first..=last).all(|n| seen.contains(n)) {
            return Ok(seen);
        }
        write!(self, |db| comments::mark_thread_seen(
            db, user_id, review_id, first, last, now
        ))
    }

    async fn comments_since(
        &self,
        author_id: i64,
        since: i64,
        limit: i64,
    ) -> StoreResult<(i64, Option<i64>)> {
        read!(self, |db| comments::comments_since(
            db, author_id, since, limit
        ))
    }

    async fn create_flag(&self, new: &NewFlag) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| moderation::create_flag(db, &new))
    }

    async fn open_flags(&self, limit: i64, after: i64) -> StoreResult<Vec<FlagItem>> {
        read!(self, |db| moderation::open_flags(db, limit, after))
    }

    async fn flag(&self, id: i64) -> StoreResult<Option<FlagItem>> {
        read!(self, |db| moderation::flag(db, id))
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
        ))
    }

    async fn set_suspended(&self, user_id: i64, suspended: bool) -> StoreResult<()> {
        write!(self, |db| accounts::set_suspended(db, user_id, suspended))
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
        ))
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
        ))
    }

    async fn create_import_job(&self, new: &NewImportJob) -> StoreResult<i64> {
        let new = new.clone();
        write!(self, |db| jobs::create(db, &new))
    }

    async fn import_job(&self, id: i64) -> StoreResult<Option<ImportJob>> {
        read!(self, |db| jobs::job(db, id))
    }

    async fn import_file(&self, id: i64) -> StoreResult<Option<Vec<u8>>> {
        read!(self, |db| jobs::file(db, id))
    }

    async fn unfinished_import_job(
        &self,
        user_id: i64,
        file_hash: &str,
    ) -> StoreResult<Option<i64>> {
        let hash = file_hash.to_string();
        read!(self, |db| jobs::unfinished(db, user_id, &hash))
    }

    async fn claim_import_job(
        &self,
        now: i64,
        stale_before: i64,
    ) -> StoreResult<Option<ImportJob>> {
        write!(self, |db| jobs::claim(db, now, stale_before))
    }

    async fn save_import_progress(
        &self,
        id: i64,
        progress: &ImportProgress,
        now: i64,
    ) -> StoreResult<()> {
        let progress = progress.clone();
        write!(self, |db| jobs::save(db, id, &progress, now))
    }

    async fn land(&self, user_id: i64, rows: &[Landing]) -> StoreResult<Vec<(i64, bool)>> {
        let rows = rows.to_vec();
        match &self.engine {
            Engine::Sqlite(pool) => {
                pool.write_big(&self.queries, move |db| {
                    db::drive(landing::land(db, user_id, &rows))
                })
                .await
            }
            Engine::Postgres(_) => write!(self, |db| landing::land(db, user_id, &rows)),
        }
    }
}
