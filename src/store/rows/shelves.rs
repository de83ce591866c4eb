//! A reader's shelves: their counts, the books on one, and where each of a
//! page of books sits.

use super::Book;

rows! {
    /// A status or one of the reader's own shelves, with how many books it holds.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ShelfCount {
        pub name: String,
        pub slug: String,
        pub count: i64,
        /// A status, built in or the reader's own: a book is on at most one.
        pub exclusive: bool,
    }

    /// A book on a reader's shelf, with what the reader said of it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ShelfEntry {
        pub book: Book,
        pub rating: Option<i64>,
        pub status: Option<String>,
        pub added_at: i64,
    }
}

/// Where one book of a list sits on the reader's shelves.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShelfMark {
    pub book_id: i64,
    pub status: Option<String>,
    /// The slugs of the reader's own (not exclusive) shelves holding it.
    pub shelves: Vec<String>,
}

rows! {
    /// One of the reader's own shelves (not a built-in status).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct OwnShelf {
        pub name: String,
        pub slug: String,
        /// Behaves as a status of the reader's: a book is on at most one.
        pub exclusive: bool,
    }
}

/// Which page of a shelf is asked for: its order, a `LIKE` pattern its
/// title or an author must match (`domain::shelf_view::contains_pattern`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfPick {
    pub order: crate::domain::shelf_view::ShelfOrder,
    pub pattern: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

rows! {
    /// A book on a page of a shelf, and when its reader last finished it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ShelfLine {
        pub entry: ShelfEntry,
        /// `YYYY-MM` or `YYYY-MM-DD`.
        pub finished: Option<String>,
    }
}

/// A page of a shelf, how many books match in all, and how many the
/// reader has on any shelf.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShelfSlice {
    pub lines: Vec<ShelfLine>,
    pub total: i64,
    pub all_books: i64,
}
