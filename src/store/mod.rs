//! Storage: the one `Store` trait every action talks to, and `StoreError`.
//!
//! One implementation sits behind it (`engine::SqlStore`) on either database:
//! SQLite through rusqlite (the embedded default) or PostgreSQL through
//! tokio-postgres. Each query is written once, in the module for its area, as
//! an `async fn f<D: Db>(db: &D, ...)`; `sqlite.rs` and `postgres.rs` hold only
//! what differs (connecting, pools, binding, error mapping).

mod accounts;
mod activity;
mod catalogue;
mod comments;
mod db;
mod editions;
mod engine;
mod jobs;
mod landing;
mod migrations;
mod moderation;
mod postgres;
mod reviews;
mod rows;
mod shelves;
mod social;
pub mod sql;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;

pub use crate::domain::search::Posting;
pub use crate::domain::thread::Seen;
pub use rows::*;

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
pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    Ok(Arc::new(engine::SqlStore::open(url).await?))
}

/// How stale a token's "last used" may get before a use is written down, in seconds.
pub const TOKEN_USE_RESOLUTION: i64 = 60;

#[async_trait]
pub trait Store: Send + Sync {
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;
    /// Statements run so far: tests count them to keep pages free of N+1.
    fn query_count(&self) -> u64;
    /// Refreshes the planner's statistics after a bulk load, so the first
    /// queries do not run on plans made for empty tables. Not after a load
    /// that more writes follow: plans made for the tables as they were then
    /// (say, scanning a nearly empty ratings table) make those writes crawl.
    async fn refresh_statistics(&self) -> StoreResult<()>;
    async fn ping(&self) -> StoreResult<()>;

    // Accounts, sessions and tokens.
    async fn create_user(&self, new: &NewUser) -> StoreResult<User>;
    async fn credentials(&self, username_key: &str) -> StoreResult<Option<Credentials>>;
    async fn user_by_username(&self, username_key: &str) -> StoreResult<Option<User>>;
    async fn user_by_id(&self, id: i64) -> StoreResult<Option<User>>;
    async fn delete_user(&self, user_id: i64) -> StoreResult<()>;
    async fn set_moderator(&self, username_key: &str, moderator: bool) -> StoreResult<bool>;
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    async fn session_user(&self, token_hash: &str, now: i64) -> StoreResult<Option<User>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn create_token(
        &self,
        token_hash: &str,
        user_id: i64,
        name: &str,
        scope: &str,
        now: i64,
    ) -> StoreResult<()>;
    async fn token_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, TokenGrant)>>;
    /// The reader's API tokens, newest first (never the secrets themselves).
    async fn tokens(&self, user_id: i64) -> StoreResult<Vec<TokenInfo>>;
    /// Revokes one of the reader's tokens; false if they have no such token.
    async fn revoke_token(&self, user_id: i64, token_id: i64) -> StoreResult<bool>;

    // Catalogue.
    async fn create_book(&self, new: &NewBook) -> StoreResult<i64>;
    async fn book(&self, id: i64) -> StoreResult<Option<Book>>;
    async fn recent_books(&self, limit: i64) -> StoreResult<Vec<Book>>;
    async fn author(&self, id: i64) -> StoreResult<Option<AuthorRef>>;
    async fn author_books(&self, author_id: i64) -> StoreResult<Vec<Book>>;
    async fn book_by_isbn13(&self, isbn13: &str) -> StoreResult<Option<i64>>;
    /// A book with this exact title whose first author has this key.
    async fn book_by_title_author(&self, title: &str, author_key: &str)
    -> StoreResult<Option<i64>>;
    /// Puts the book on the reader's shelves (if not there) with these details.
    async fn set_reader_details(
        &self,
        user_id: i64,
        book_id: i64,
        details: &ReaderDetails,
    ) -> StoreResult<()>;
    /// What `set_reader_details` stored.
    async fn reader_details(
        &self,
        user_id: i64,
        book_id: i64,
    ) -> StoreResult<Option<ReaderDetails>>;
    /// The distinct indexed words from `from` (inclusive) to `to` (exclusive).
    async fn search_vocab(&self, from: &str, to: &str) -> StoreResult<Vec<String>>;
    /// Every (word, book, field) for these words, with each book's popularity.
    async fn search_postings(&self, terms: &[String]) -> StoreResult<Vec<(Posting, i64)>>;
    /// The books, in the order of `ids`.
    async fn books_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Book>>;
    /// How many books there are, near enough (the highest id): cheap, for weighing rare words.
    async fn book_count(&self) -> StoreResult<i64>;

    // Editions, merges and the redirects merges leave.
    async fn editions(&self, book_id: i64) -> StoreResult<Vec<Edition>>;
    async fn edition(&self, id: i64) -> StoreResult<Option<Edition>>;
    /// Fails with `Conflict` when an ISBN is catalogued already.
    async fn add_edition(&self, new: &NewEdition) -> StoreResult<i64>;
    /// Records which edition the reader read (None forgets it), shelving the
    /// book if it was not on their shelves.
    async fn set_reader_edition(
        &self,
        user_id: i64,
        book_id: i64,
        edition_id: Option<i64>,
        now: i64,
    ) -> StoreResult<()>;
    /// Where a merged-away book, author or review went.
    async fn book_redirect(&self, old_id: i64) -> StoreResult<Option<i64>>;
    async fn author_redirect(&self, old_id: i64) -> StoreResult<Option<i64>>;
    async fn review_redirect(&self, old_id: i64) -> StoreResult<Option<i64>>;
    /// Moves everything of book `from` to book `into` and removes `from`,
    /// leaving a redirect. Both must exist and differ.
    async fn merge_books(&self, from: i64, into: i64, now: i64) -> StoreResult<MergeReport>;
    /// Files every book of author `from` under `into`, keeps `from`'s name as
    /// an alias of `into`, and removes `from`, leaving a redirect.
    async fn merge_authors(&self, from: i64, into: i64) -> StoreResult<MergeReport>;
    /// Other names an author is known by.
    async fn author_aliases(&self, author_id: i64) -> StoreResult<Vec<String>>;

    // Covers.
    /// Replaces the book's cover: its sizes, and the digest naming them.
    async fn set_cover(
        &self,
        book_id: i64,
        digest: &str,
        sizes: &[(&str, Vec<u8>)],
    ) -> StoreResult<()>;
    /// One size of the book's cover, with the digest of the cover it belongs to.
    async fn cover_image(&self, book_id: i64, size: &str)
    -> StoreResult<Option<(String, Vec<u8>)>>;
    /// Adds many books in one transaction; a book whose ISBN is already
    /// catalogued is skipped (None).
    async fn import_books(&self, books: &[NewBook]) -> StoreResult<Vec<Option<i64>>>;
    async fn search_authors(&self, words: &str, limit: i64) -> StoreResult<Vec<AuthorRef>>;

    // A reader's relation to a book. Each write fails with MissingReference
    // when the book does not exist.
    async fn set_rating(&self, user_id: i64, book_id: i64, stars: i64, now: i64)
    -> StoreResult<()>;
    async fn clear_rating(&self, user_id: i64, book_id: i64) -> StoreResult<bool>;
    async fn set_status(
        &self,
        user_id: i64,
        book_id: i64,
        status: Option<&str>,
        now: i64,
    ) -> StoreResult<()>;
    async fn set_shelves(
        &self,
        user_id: i64,
        book_id: i64,
        shelves: &[ShelfRef],
        now: i64,
    ) -> StoreResult<()>;
    async fn add_read(
        &self,
        user_id: i64,
        book_id: i64,
        started: Option<&str>,
        finished: Option<&str>,
        now: i64,
    ) -> StoreResult<i64>;
    async fn add_progress(
        &self,
        user_id: i64,
        book_id: i64,
        page: Option<i64>,
        percent: Option<i64>,
        note: Option<&str>,
        now: i64,
    ) -> StoreResult<i64>;
    async fn reader_book(&self, user_id: i64, book_id: i64) -> StoreResult<ReaderBook>;
    /// The three statuses (always listed) and the reader's own shelves, with counts.
    async fn user_shelves(&self, user_id: i64) -> StoreResult<Vec<ShelfCount>>;
    async fn shelf_entries(
        &self,
        user_id: i64,
        slug: &str,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ShelfEntry>>;

    // Reviews and likes.
    async fn upsert_review(&self, new: &NewReview) -> StoreResult<i64>;
    async fn review(&self, id: i64) -> StoreResult<Option<Review>>;
    async fn review_detail(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> StoreResult<Option<ReviewDetail>>;
    async fn delete_review(&self, id: i64) -> StoreResult<()>;
    async fn set_like(
        &self,
        user_id: i64,
        review_id: i64,
        liked: bool,
        now: i64,
    ) -> StoreResult<()>;
    /// Review lists, newest first, show only what `viewer` (None: signed out) may see:
    /// public reviews, friends' friends-only ones, their own; none across a block.
    async fn book_reviews(
        &self,
        book_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>>;
    async fn recent_reviews(&self, viewer: Option<i64>, limit: i64)
    -> StoreResult<Vec<ReviewItem>>;
    async fn user_reviews(
        &self,
        user_id: i64,
        viewer: Option<i64>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ReviewItem>>;

    // Relations between readers, privacy and the feed.
    /// How `viewer` stands to `other`.
    async fn relation(&self, viewer: i64, other: i64) -> StoreResult<Relation>;
    /// Asks for friendship; a request the other way already is accepted instead.
    async fn request_friend(&self, from: i64, to: i64, now: i64) -> StoreResult<FriendOutcome>;
    /// Accepts `requester`'s request to `user`; false if there was none.
    async fn accept_friend(&self, user: i64, requester: i64, now: i64) -> StoreResult<bool>;
    /// Removes a request either way between the two, and any friendship.
    async fn end_friendship(&self, a: i64, b: i64) -> StoreResult<()>;
    async fn set_follow(&self, follower: i64, followee: i64, on: bool, now: i64)
    -> StoreResult<()>;
    /// Blocking also ends friendship, requests and follows both ways.
    async fn set_block(&self, blocker: i64, blocked: i64, on: bool, now: i64) -> StoreResult<()>;
    async fn friends(&self, user_id: i64) -> StoreResult<Vec<UserRef>>;
    /// The readers the viewer blocks or is blocked by.
    async fn blocked_either_way(&self, viewer: i64) -> StoreResult<Vec<i64>>;
    /// Replaces the reader's picture (None removes it).
    async fn set_avatar(&self, user_id: i64, jpeg: Option<Vec<u8>>, now: i64) -> StoreResult<()>;
    /// The reader's picture and when it last changed.
    async fn avatar(&self, user_id: i64) -> StoreResult<Option<(Vec<u8>, i64)>>;
    /// The reader's latest progress and status changes across books, newest
    /// first.
    async fn reading_timeline(&self, user_id: i64, limit: i64) -> StoreResult<Vec<TimelineEntry>>;
    async fn friend_requests(&self, user_id: i64) -> StoreResult<Vec<UserRef>>;
    async fn set_profile(
        &self,
        user_id: i64,
        visibility: &str,
        bio: Option<&str>,
    ) -> StoreResult<()>;
    /// The viewer's friends who have this book on their shelves or rated it.
    async fn friends_with_book(&self, viewer: i64, book_id: i64) -> StoreResult<Vec<FriendRead>>;
    /// What the viewer's friends and the readers they follow did, newest
    /// first, before activity `before` (None: from the newest).
    async fn feed(
        &self,
        viewer: i64,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<FeedItem>>;

    // The conversation under a review.
    /// Adds a comment with the thread's next number; returns (id, number).
    /// MissingReference when the review, or the quoted comment in that review, does not exist.
    async fn add_comment(&self, new: &NewComment) -> StoreResult<(i64, i64)>;
    async fn comment(&self, id: i64) -> StoreResult<Option<Comment>>;
    async fn edit_comment(&self, id: i64, body: &str, body_html: &str, now: i64)
    -> StoreResult<()>;
    /// Marks a comment deleted (by its author or the reviewer) or removed (by a moderator); its number stays.
    async fn delete_comment(&self, id: i64, removed: bool, now: i64) -> StoreResult<()>;
    /// Comments numbered `first..=last` of a review, in order.
    async fn comments_page(
        &self,
        review_id: i64,
        first: i64,
        last: i64,
    ) -> StoreResult<Vec<Comment>>;
    /// Records that the reader was shown comments `first..=last` of the
    /// thread, and returns what they had been shown before (a
    /// `domain::thread::Seen` bitmap), in one step so two tabs lose nothing.
    async fn mark_thread_seen(
        &self,
        user_id: i64,
        review_id: i64,
        first: i64,
        last: i64,
        now: i64,
    ) -> StoreResult<Seen>;
    /// How many comments the reader posted since `since`, and when the oldest of them was.
    /// How many comments the author posted after `since`, counting at most
    /// `limit` (the newest), and the oldest of those counted.
    async fn comments_since(
        &self,
        author_id: i64,
        since: i64,
        limit: i64,
    ) -> StoreResult<(i64, Option<i64>)>;

    // Flags and moderation.
    /// Conflict when the reader has flagged this already.
    async fn create_flag(&self, new: &NewFlag) -> StoreResult<i64>;
    /// Open flags, oldest first, after flag `after` (0: from the first).
    async fn open_flags(&self, limit: i64, after: i64) -> StoreResult<Vec<FlagItem>>;
    async fn flag(&self, id: i64) -> StoreResult<Option<FlagItem>>;
    /// Closes every open flag on the target as `state` ("removed", "dismissed", "suspended").
    async fn resolve_flags(
        &self,
        target_kind: &str,
        target_id: i64,
        state: &str,
        by: i64,
        now: i64,
    ) -> StoreResult<()>;
    /// Suspends or restores an account; suspending ends its sessions.
    async fn set_suspended(&self, user_id: i64, suspended: bool) -> StoreResult<()>;

    // Notifications.
    /// The reader's notifications, newest first, older than notification `before` (None: from the newest).
    async fn notifications(
        &self,
        user_id: i64,
        limit: i64,
        before: Option<i64>,
    ) -> StoreResult<Vec<Notification>>;
    /// Marks the reader's notifications with ids in `ids` read: the ones a page showed.
    async fn mark_notifications_read(
        &self,
        user_id: i64,
        ids: std::ops::RangeInclusive<i64>,
        now: i64,
    ) -> StoreResult<()>;

    // Import jobs.
    async fn create_import_job(&self, new: &NewImportJob) -> StoreResult<i64>;
    async fn import_job(&self, id: i64) -> StoreResult<Option<ImportJob>>;
    /// The file a job imports, kept apart so progress reads stay small.
    async fn import_file(&self, id: i64) -> StoreResult<Option<Vec<u8>>>;
    /// The reader's unfinished job for this very file, to resume rather than repeat.
    async fn unfinished_import_job(
        &self,
        user_id: i64,
        file_hash: &str,
    ) -> StoreResult<Option<i64>>;
    /// Takes the oldest job that is queued, or running with no heartbeat since
    /// `stale_before` (its worker died), and marks it running: one worker each.
    async fn claim_import_job(&self, now: i64, stale_before: i64)
    -> StoreResult<Option<ImportJob>>;
    /// Records progress (and the heartbeat); `finished` marks the job done.
    async fn save_import_progress(
        &self,
        id: i64,
        progress: &ImportProgress,
        now: i64,
    ) -> StoreResult<()>;
    /// Lands import rows into the reader's library in one transaction,
    /// matching books by ISBN, then title and first author, before creating
    /// any; shelves are merged and readings added only where missing, so
    /// landing the same rows twice changes nothing. Returns, per row, the
    /// book and whether it was created.
    async fn land(&self, user_id: i64, rows: &[Landing]) -> StoreResult<Vec<(i64, bool)>>;
}

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
