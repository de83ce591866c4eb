//! Storage: the one `Store` trait every action talks to, its row types, and `StoreError`.
//!
//! Two implementations sit behind it: SQLite through rusqlite (the embedded
//! default) and PostgreSQL through tokio-postgres. Row types here are what the
//! database holds; the API and the pages shape their own views from them.

mod comments;
mod db;
pub mod postgres;
pub mod sql;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;

pub use crate::domain::search::Posting;
pub use crate::domain::thread::Seen;

/// Errors of the storage layer. Actions turn the expected ones (conflicts,
/// missing rows) into reader-facing errors; the rest are logged as 500s.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write; holds the constraint's name.
    #[error("unique constraint {0} violated")]
    Conflict(String),
    /// A row the write refers to does not exist.
    #[error("a referenced row does not exist")]
    MissingReference,
    #[error("bad database url: {0}")]
    Url(String),
    #[error("database: {0}")]
    Database(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Opens the store a database URL names: `sqlite://PATH` (or a bare path,
/// `sqlite::memory:`) or `postgres://...`; applies pending migrations.
pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        postgres::connect(url).await
    } else {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub is_moderator: bool,
    pub suspended: bool,
    pub bio: Option<String>,
    pub created_at: i64,
    /// Unread notifications; counted only where a request's reader is looked up.
    pub unread: i64,
    /// Who sees their profile and shelves: a `domain::privacy::Visibility` key.
    pub visibility: String,
}

/// Enough of a person to name and link them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRef {
    pub id: i64,
    pub username: String,
    pub display_name: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub username_key: String,
    pub display_name: String,
    pub password_hash: String,
    pub now: i64,
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorRef {
    pub id: i64,
    pub name: String,
    /// What they did for the book ("author", "translator"...; see `domain::credit`);
    /// "author" where no book is in question.
    pub role: String,
}

impl AuthorRef {
    /// "Translator" for a translator; None for an author, who needs no label.
    pub fn role_label(&self) -> Option<&'static str> {
        crate::domain::credit::Role::parse(&self.role)
            .filter(|r| *r != crate::domain::credit::Role::Author)
            .map(|r| r.label())
    }
}

/// One published form of a book: what a reader holds, with its own ISBNs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub id: i64,
    pub book_id: i64,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<i64>,
    pub pages: Option<i64>,
    pub format: Option<String>,
    pub language: Option<String>,
    /// Readers whose shelf entry names this edition.
    pub readers: i64,
}

#[derive(Debug, Clone)]
pub struct NewEdition {
    pub book_id: i64,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub publisher: Option<String>,
    pub year: Option<i64>,
    pub pages: Option<i64>,
    pub format: Option<String>,
    pub language: Option<String>,
    pub created_by: Option<i64>,
    pub now: i64,
}

/// What a merge moved, for the moderator's confirmation and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub editions: i64,
    pub ratings: i64,
    pub reviews: i64,
    pub shelf_entries: i64,
    pub comments: i64,
    pub books: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub id: i64,
    pub title: String,
    pub authors: Vec<AuthorRef>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub pages: Option<i64>,
    pub year: Option<i64>,
    pub description: Option<String>,
    pub ratings_count: i64,
    /// Sum of all ratings in quarter stars.
    pub ratings_sum: i64,
    pub reviews_count: i64,
    pub created_at: i64,
    pub series: Option<String>,
    pub series_position: Option<String>,
    /// The current cover's digest (its images' address changes with it); None: no cover.
    pub cover: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewBook {
    pub title: String,
    pub authors: Vec<String>,
    /// The role of each of `authors` (`domain::credit::Role` keys); missing ones are "author".
    pub roles: Vec<String>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub pages: Option<i64>,
    pub year: Option<i64>,
    pub description: Option<String>,
    pub series: Option<String>,
    pub series_position: Option<String>,
    pub language: Option<String>,
    /// How widely read the book is elsewhere (a catalogue's ratings count): breaks search ties.
    pub popularity: i64,
    pub created_by: Option<i64>,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfRef {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRow {
    pub id: i64,
    pub started: Option<String>,
    pub finished: Option<String>,
    pub created_at: i64,
}

/// One line of a reader's progress timeline for a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadingEvent {
    pub id: i64,
    pub status: Option<String>,
    pub page: Option<i64>,
    pub percent: Option<i64>,
    pub note: Option<String>,
    pub created_at: i64,
}

/// A progress or status change, with the book it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub book_id: i64,
    pub title: String,
    pub pages: Option<i64>,
    pub event: ReadingEvent,
}

/// Everything one reader has said about one book, besides the review text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderBook {
    /// Quarter stars.
    pub rating: Option<i64>,
    pub status: Option<String>,
    pub on_shelves: bool,
    pub shelves: Vec<ShelfRef>,
    pub reads: Vec<ReadRow>,
    pub timeline: Vec<ReadingEvent>,
    pub review_id: Option<i64>,
    /// The edition the reader read, when they said.
    pub edition_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfCount {
    pub name: String,
    pub slug: String,
    pub count: i64,
}

/// A book on a reader's shelf, with what the reader said of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfEntry {
    pub book: Book,
    pub rating: Option<i64>,
    pub status: Option<String>,
    pub added_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewReview {
    pub user_id: i64,
    pub book_id: i64,
    pub body: String,
    pub body_html: String,
    pub spoiler: bool,
    pub recommended_for: Option<String>,
    /// "public" or "friends".
    pub visibility: String,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: i64,
    pub book_id: i64,
    pub reviewer: UserRef,
    pub body: String,
    pub body_html: String,
    pub spoiler: bool,
    pub recommended_for: Option<String>,
    pub likes_count: i64,
    pub comments_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// "public" or "friends".
    pub visibility: String,
}

/// How one reader stands to another, seen from the first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    pub friends: bool,
    /// The viewer asked the other for friendship, not yet answered.
    pub request_sent: bool,
    pub request_received: bool,
    pub following: bool,
    pub followed_by: bool,
    /// The viewer blocks the other.
    pub blocking: bool,
    pub blocked_by: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FriendOutcome {
    Requested,
    /// The other had asked already: now friends.
    Friends,
    AlreadyFriends,
}

/// A friend's relation to a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FriendRead {
    pub reader: UserRef,
    /// Quarter stars.
    pub rating: Option<i64>,
    pub status: Option<String>,
}

/// One thing a reader did, as the feed shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub id: i64,
    /// "rated", "reviewed", "shelved", "progress" or "commented".
    pub kind: String,
    /// Quarter stars for "rated", the shelf for "shelved", "page N" or "N%" for "progress".
    pub detail: Option<String>,
    pub created_at: i64,
    pub actor: UserRef,
    pub book: Option<(i64, String)>,
    pub review_id: Option<i64>,
    pub review_author: Option<UserRef>,
    pub review_likes: i64,
    pub review_comments: i64,
    pub comment_number: Option<i64>,
    /// The viewer likes the review already.
    pub liked: bool,
}

/// A review in a list, with its book and the reviewer's rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub review: Review,
    pub book_title: String,
    pub rating: Option<i64>,
}

/// All a review page needs above its comments, gathered in one call.
#[derive(Debug, Clone)]
pub struct ReviewDetail {
    pub review: Review,
    pub book: Book,
    /// The reviewer's rating, shelves, reads and timeline for the book.
    pub reviewer: ReaderBook,
    /// The most recent likers, newest first.
    pub likers: Vec<UserRef>,
    pub viewer_liked: bool,
}

/// A comment under a review, with what the page shows around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub review_id: i64,
    /// The reviewer, who may delete any comment on their review.
    pub reviewer_id: i64,
    pub number: i64,
    /// None once the account is deleted.
    pub author: Option<UserRef>,
    pub body: String,
    pub body_html: String,
    pub quote: Option<Quoted>,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted: bool,
    /// Removed by a moderator rather than by its author.
    pub removed: bool,
    /// The commenter's own rating of the reviewed book, quarter stars.
    pub commenter_rating: Option<i64>,
    pub commenter_status: Option<String>,
    /// Whether the book is on any of the commenter's shelves.
    pub commenter_has_book: bool,
    /// Hidden from this viewer: one of the two blocked the other.
    pub hidden: bool,
}

/// The earlier comment a reply quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted {
    pub id: i64,
    pub number: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub body: String,
    pub deleted: bool,
    /// Its writer and the viewer are on either side of a block.
    pub hidden: bool,
}

#[derive(Debug, Clone)]
pub struct NewComment {
    pub review_id: i64,
    pub author_id: i64,
    pub body: String,
    pub body_html: String,
    pub quote_of: Option<i64>,
    pub now: i64,
}

/// What an imported row says besides ratings, shelves, reads and review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderDetails {
    pub added_at: i64,
    pub private_notes: Option<String>,
    pub owned_copies: Option<i64>,
    /// Every other meaningful column, as a JSON object.
    pub details: Option<String>,
}

/// One imported row made ready to land: validated, everything resolved that
/// needs no database, so a store can land a whole step in one transaction.
#[derive(Debug, Clone)]
pub struct Landing {
    /// The book to create when neither its ISBN nor its title and first author are known.
    pub book: NewBook,
    pub first_author_key: String,
    pub at: i64,
    /// Written only when the row carries notes, copies or other columns.
    pub details: Option<ReaderDetails>,
    pub status: Option<String>,
    pub shelves: Vec<ShelfRef>,
    /// Quarter stars.
    pub rating: Option<i64>,
    /// (started, finished) in stored form.
    pub reads: Vec<(Option<String>, Option<String>)>,
    pub review: Option<LandedReview>,
}

#[derive(Debug, Clone)]
pub struct LandedReview {
    pub body: String,
    pub body_html: String,
    pub spoiler: bool,
    pub recommended_for: Option<String>,
}

/// An import as a job: the file, and how far through it the work is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportJob {
    pub id: i64,
    pub user_id: i64,
    pub format: String,
    pub total: i64,
    pub done: i64,
    pub imported: i64,
    pub books_created: i64,
    /// JSON list of [line, reason].
    pub failed: String,
    /// "queued", "running" or "done".
    pub state: String,
}

/// How far a job has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProgress {
    pub done: i64,
    pub imported: i64,
    pub books_created: i64,
    /// JSON list of [line, reason].
    pub failed: String,
    pub finished: bool,
}

#[derive(Debug, Clone)]
pub struct NewImportJob {
    pub user_id: i64,
    pub format: String,
    pub file: Vec<u8>,
    pub file_hash: String,
    pub total: i64,
    pub failed: String,
    /// "queued" for a worker to take, or "running" when its creator runs it.
    pub state: String,
    pub now: i64,
}

#[derive(Debug, Clone)]
pub struct NewFlag {
    pub reporter_id: i64,
    /// "review" or "comment".
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub note: Option<String>,
    pub now: i64,
}

/// An open flag with what it points at, for the moderation queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagItem {
    pub id: i64,
    pub target_kind: String,
    pub target_id: i64,
    pub reason: String,
    pub note: Option<String>,
    pub created_at: i64,
    pub reporter: Option<UserRef>,
    /// The flagged words; None when the content is gone.
    pub text: Option<String>,
    pub target_author: Option<UserRef>,
    pub review_id: Option<i64>,
    pub comment_number: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    /// "comment" (on your review) or "quote" (of your comment).
    pub kind: String,
    pub actor: Option<UserRef>,
    pub review_id: Option<i64>,
    pub comment_number: Option<i64>,
    pub book_title: Option<String>,
    pub created_at: i64,
    pub read: bool,
}

/// An API token as its owner sees it in their settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    /// "read" or "write".
    pub scope: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// What a presented token is and may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    pub id: i64,
    /// "read" or "write".
    pub scope: String,
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
