//! Readers' lists of books, their entries and votes.

use super::{Book, UserRef};

rows! {
    /// A list, as its page and every list of lists show it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ListRow {
        pub id: i64,
        pub owner: UserRef,
        pub title: String,
        pub description: String,
        /// A `domain::lists::Mode` key.
        pub mode: String,
        /// Books on the list (suggestions waiting for approval not counted).
        pub books_count: i64,
        pub votes_count: i64,
        /// Comments in the list's thread (deleted ones keep their numbers).
        pub comments_count: i64,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

/// A new list, or a list's new title, description and mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewList {
    pub user_id: i64,
    pub title: String,
    pub title_key: String,
    pub description: String,
    pub mode: String,
    pub now: i64,
}

rows! {
    /// A book on a list, or suggested for it.
    #[derive(Debug, Clone)]
    pub struct ListEntry {
        pub id: i64,
        pub list_id: i64,
        pub book: Book,
        /// Who added it (None once their account is gone).
        pub added_by: Option<UserRef>,
        pub note: String,
        pub votes: i64,
        pub pending: bool,
        pub added_at: i64,
        /// Whether the viewer voted for it.
        pub voted: bool,
    }
}

/// A book someone adds to a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewListBook {
    pub list_id: i64,
    pub book_id: i64,
    pub added_by: i64,
    pub note: String,
    pub pending: bool,
    pub now: i64,
}
