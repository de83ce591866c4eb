//! The reading life's rows: goals, the readings they count, and quotes.

use super::UserRef;

rows! {
    /// A reader's goal for a year.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GoalRow {
        pub year: i64,
        pub books: i64,
        pub pages: Option<i64>,
    }

    /// A reading a goal may count: a finished reading, or a book marked read
    /// with none (then `marked_at` dates it).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ReadingRow {
        pub book_id: i64,
        pub finished: Option<String>,
        /// The book's latest reading, and the reader did not finish it.
        pub abandoned: bool,
        pub marked_at: Option<i64>,
        pub pages: Option<i64>,
        pub started: Option<String>,
    }
}

/// What a reader's figures (stats, a year in books) are worked out from, in
/// brief: counts and latest changes of their readings, ratings, shelvings and
/// goals, and their time zone. Figures kept with an equal stamp are current.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LibraryStamp {
    pub marks: Vec<i64>,
    pub time_zone: Option<String>,
}

rows! {
    /// A passage a reader kept from a book.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Quote {
        pub id: i64,
        pub book_id: i64,
        pub book_title: String,
        pub reader: UserRef,
        pub body: String,
        pub page: Option<i64>,
        pub percent: Option<i64>,
        pub spoiler: bool,
        pub likes_count: i64,
        /// Whether the viewer likes it.
        pub liked: bool,
        pub created_at: i64,
    }
}

#[derive(Debug, Clone)]
pub struct NewQuote {
    pub user_id: i64,
    pub book_id: i64,
    pub body: String,
    pub page: Option<i64>,
    pub percent: Option<i64>,
    pub spoiler: bool,
    pub now: i64,
}
