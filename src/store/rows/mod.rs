//! The rows the store hands out and takes in: what the database holds. The API
//! and the pages shape their own views from them.

mod accounts;
mod federation;
mod groups;
mod lists;
mod moderation;
mod reading;
mod shelves;
mod social;

pub use accounts::*;
pub use federation::*;
pub use groups::*;
pub use lists::*;
pub use moderation::*;
pub use reading::*;
pub use shelves::*;
pub use social::*;

use super::StoreResult;
use super::db::Row;
use super::queries::FromRow;

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

rows! {
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

/// A book from `book_columns!()`; its authors are attached after.
impl FromRow for Book {
    fn read_at(row: &dyn Row, at: &mut usize) -> StoreResult<Self> {
        let book = super::catalogue::book_row(row, *at)?;
        *at += super::catalogue::BOOK_WIDTH;
        Ok(book)
    }
}

rows! {
    /// One cover in a book's history.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CoverEntry {
        pub id: i64,
        pub digest: String,
        /// None: a deleted account, or a cover from before uploaders were recorded.
        pub uploaded_by: Option<UserRef>,
        pub uploaded_at: i64,
        /// The moderator who put this cover back, if it is a restored copy.
        pub restored_by: Option<UserRef>,
        /// When it became the book's cover.
        pub created_at: i64,
    }

    /// Who made a book what it is, for the moderators: None is no one known
    /// (the catalogue's books, old covers, deleted accounts).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct BookCredits {
        pub added_by: Option<UserRef>,
        pub cover_by: Option<UserRef>,
    }
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

rows! {
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
}

impl ReadRow {
    /// When the reading last moved: finished, else started.
    fn when(&self) -> Option<&str> {
        self.finished.as_deref().or(self.started.as_deref())
    }
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

impl ReaderBook {
    /// Shelves by slug; readings latest first (by when finished, else
    /// started; undated ones, still open, before all); progress newest first.
    pub(crate) fn put_in_order(&mut self) {
        self.shelves.sort_by(|a, b| a.slug.cmp(&b.slug));
        self.reads.sort_by(|a, b| match (a.when(), b.when()) {
            (None, None) => b.id.cmp(&a.id),
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(x).then(b.id.cmp(&a.id)),
        });
        self.timeline
            .sort_by_key(|e| std::cmp::Reverse((e.created_at, e.id)));
    }
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

rows! {
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
        /// Who sees the reviewer's profile, and so their rating, shelves and
        /// reading of the book: a `domain::privacy::Visibility` key.
        pub reviewer_visibility: String,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FriendOutcome {
    Requested,
    /// The other had asked already: now friends.
    Friends,
    AlreadyFriends,
}

rows! {
    /// A friend's relation to a book.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FriendRead {
        pub reader: UserRef,
        /// Quarter stars.
        pub rating: Option<i64>,
        pub status: Option<String>,
    }

    /// One thing a reader did, as the feed shows it.
    /// A review in a list, with its book and the reviewer's rating.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ReviewItem {
        pub review: Review,
        pub book_title: String,
        pub rating: Option<i64>,
    }
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

/// A comment under a review or a list, with what the page shows around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub thread: crate::domain::thread::Thread,
    /// The reviewer (or the list's owner), who may delete any comment in the thread.
    pub owner_id: i64,
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
    pub thread: crate::domain::thread::Thread,
    pub author_id: i64,
    pub body: String,
    pub body_html: String,
    pub quote_of: Option<i64>,
    pub now: i64,
}

/// What posting a comment under a rate limit came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    Added {
        id: i64,
        number: i64,
    },
    /// The author posted their limit in the last minute; the oldest of those when.
    OverLimit {
        oldest: Option<i64>,
    },
}

rows! {
    /// What an imported row says besides ratings, shelves, reads and review.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct ReaderDetails {
        pub added_at: i64,
        pub private_notes: Option<String>,
        pub owned_copies: Option<i64>,
        /// Every other meaningful column, as a JSON object.
        pub details: Option<String>,
    }
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
    /// "public" or "friends", as the import form chose.
    pub visibility: String,
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
    /// JSON: what has landed so far (`actions::imports::ImportTally`).
    pub tally: String,
    /// Who sees the reviews the import brings: "public" or "friends".
    pub review_visibility: String,
}

/// How far a job has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProgress {
    pub done: i64,
    pub imported: i64,
    pub books_created: i64,
    /// JSON list of [line, reason].
    pub failed: String,
    /// JSON: what has landed so far.
    pub tally: String,
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
    /// Who sees the reviews it brings: "public" or "friends".
    pub review_visibility: String,
    pub now: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(id: i64, started: Option<&str>, finished: Option<&str>) -> ReadRow {
        ReadRow {
            id,
            started: started.map(String::from),
            finished: finished.map(String::from),
            created_at: 0,
        }
    }

    fn event(id: i64, created_at: i64) -> ReadingEvent {
        ReadingEvent {
            id,
            status: None,
            page: None,
            percent: None,
            note: None,
            created_at,
        }
    }

    #[test]
    fn a_readers_side_of_a_book_is_put_in_order() {
        let shelf = |slug: &str| ShelfRef {
            name: slug.to_uppercase(),
            slug: slug.to_string(),
        };
        let mut book = ReaderBook {
            shelves: vec![shelf("to-reread"), shelf("favourites"), shelf("2024")],
            reads: vec![
                read(1, Some("2020-01-02"), Some("2020-02-01")),
                read(2, None, None),
                read(3, Some("2023-05-01"), None),
                read(4, None, Some("2021-07-07")),
                read(5, None, None),
                read(6, Some("2019-01-01"), Some("2021-07-07")),
            ],
            timeline: vec![event(1, 100), event(3, 300), event(2, 300), event(4, 50)],
            ..Default::default()
        };
        book.put_in_order();
        let slugs: Vec<&str> = book.shelves.iter().map(|s| s.slug.as_str()).collect();
        assert_eq!(slugs, ["2024", "favourites", "to-reread"]);
        let reads: Vec<i64> = book.reads.iter().map(|r| r.id).collect();
        assert_eq!(
            reads,
            [5, 2, 3, 6, 4, 1],
            "open ones first, then latest, ties newest"
        );
        let events: Vec<i64> = book.timeline.iter().map(|e| e.id).collect();
        assert_eq!(events, [3, 2, 1, 4]);
    }
}
