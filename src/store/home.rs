//! What the signed-in front page gathers: the books being read with their
//! latest progress, and whether the reader has started at all.

use super::catalogue::{attach_authors, book_columns};
use super::db::Db;
use crate::store::{Book, StoreResult};

rows! {
    /// A book the reader is reading, and where they last said they were.
    #[derive(Debug, Clone)]
    pub struct ReadingNow {
        pub book: Book,
        pub page: Option<i64>,
        pub percent: Option<i64>,
        /// When that progress was given; None: no progress yet.
        pub updated_at: Option<i64>,
    }

    /// What the front page needs to know before it fetches anything for the reader.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct HomeState {
        /// A book on a shelf, a friend or someone followed: until then the page
        /// shows its first steps.
        pub started: bool,
        /// A book on the currently-reading shelf.
        pub reading: bool,
        /// A reading goal for `year`.
        pub goal: bool,
    }
}

queries! {
    all reading_now(user_id: i64, limit: i64) -> ReadingNow = (concat!(
        "SELECT ", book_columns!(), ", e.page, e.percent, e.created_at
         FROM user_books ub
         JOIN books b ON b.id = ub.book_id
         LEFT JOIN reading_events e ON e.id = (
             SELECT e2.id FROM reading_events e2
             WHERE e2.user_id = ub.user_id AND e2.book_id = ub.book_id
               AND (e2.page IS NOT NULL OR e2.percent IS NOT NULL)
             ORDER BY e2.created_at DESC, e2.id DESC LIMIT 1)
         WHERE ub.user_id = $1 AND ub.status = 'currently-reading'
         ORDER BY coalesce(e.created_at, ub.updated_at) DESC, b.id DESC
         LIMIT $2"
    ));
    /// One statement, so a reader with nothing to show costs the page one look.
    pub(crate) one_or_default home_state(user_id: i64, year: i64) -> HomeState = (
        "SELECT EXISTS (SELECT 1 FROM user_books WHERE user_id = $1)
                OR EXISTS (SELECT 1 FROM friends WHERE user_id = $1)
                OR EXISTS (SELECT 1 FROM follows WHERE follower_id = $1),
            EXISTS (SELECT 1 FROM user_books WHERE user_id = $1 AND status = 'currently-reading'),
            EXISTS (SELECT 1 FROM reading_goals WHERE user_id = $1 AND year = $2)"
    );
}

/// Two statements however many books: the books with their latest progress
/// (a correlated lookup on `reading_events_user_book`), then their authors.
pub(crate) async fn currently_reading<D: Db>(
    db: &D,
    user_id: i64,
    limit: i64,
) -> StoreResult<Vec<ReadingNow>> {
    let mut rows = reading_now(db, user_id, limit).await?;
    attach_authors(db, rows.iter_mut().map(|r| &mut r.book)).await?;
    Ok(rows)
}

store! {
    /// Up to `limit` books the reader is reading, the latest touched first.
    read currently_reading(user_id: i64, limit: i64) -> Vec<ReadingNow>;
    /// Whether the reader has started, is reading, has a goal for `year`.
    lookup home_state(user_id: i64, year: i64) -> HomeState;
}
