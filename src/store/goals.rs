//! Reading goals, and the readings they count.

use super::catalogue::{attach_authors, book_columns};
use super::db::{Db, Row};
use crate::store::{Book, GoalRow, LibraryStamp, ReadingRow, StoreResult};

queries! {
    pub(crate) exec set_goal(user_id: i64, goal: &GoalRow, now: i64) = (
        "INSERT INTO reading_goals (user_id, year, books, pages, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (user_id, year) DO UPDATE SET books = excluded.books, pages = excluded.pages,
            updated_at = excluded.updated_at"
    ) with (user_id, goal.year, goal.books, goal.pages, now);
    pub(crate) affects clear_goal(user_id: i64, year: i64) =
        ("DELETE FROM reading_goals WHERE user_id = $1 AND year = $2");
    pub(crate) all goals(user_id: i64) -> GoalRow =
        ("SELECT year, books, pages FROM reading_goals WHERE user_id = $1 ORDER BY year DESC");
}

queries! {
    /// Every finished reading of the reader's, and each book marked read with no
    /// finished reading (dated by when it was marked). One indexed pass: the
    /// finished books are gathered once (`NOT IN`), as a correlated `NOT EXISTS`
    /// let SQLite walk all of the reader's finished reads for every book.
    pub(crate) all readings(user_id: i64) -> ReadingRow = (
        "SELECT r.book_id, r.finished,
               COALESCE(ub.status = 'did-not-finish' AND r.id =
                   (SELECT max(r2.id) FROM reads r2 WHERE r2.user_id = r.user_id AND r2.book_id = r.book_id), FALSE),
               CAST(NULL AS BIGINT), b.pages, r.started
        FROM reads r
        JOIN books b ON b.id = r.book_id
        LEFT JOIN user_books ub ON ub.user_id = r.user_id AND ub.book_id = r.book_id
        WHERE r.user_id = $1 AND r.finished IS NOT NULL
        UNION ALL
        SELECT ub.book_id, CAST(NULL AS TEXT), FALSE, ub.updated_at, b.pages, CAST(NULL AS TEXT)
        FROM user_books ub JOIN books b ON b.id = ub.book_id
        WHERE ub.user_id = $1 AND ub.status = 'read'
          AND ub.book_id NOT IN (SELECT r.book_id FROM reads r WHERE r.user_id = $1 AND r.finished IS NOT NULL)"
    );
}

/// The books, with the reader's stars for each (None: not rated).
pub(crate) async fn books_with_stars<D: Db>(
    db: &D,
    user_id: i64,
    ids: &[i64],
) -> StoreResult<Vec<(Book, Option<i64>)>> {
    let mut rows = rated_books(db, user_id, ids).await?;
    attach_authors(db, rows.iter_mut().map(|(b, _)| b)).await?;
    Ok(rows)
}

queries! {
    all rated_books(user_id: i64, ids: &[i64]) -> (Book, Option<i64>) = (
        sqlite: concat!("SELECT ", book_columns!(), ", r.stars FROM books b
         LEFT JOIN ratings r ON r.user_id = $1 AND r.book_id = b.id
         WHERE b.id IN (SELECT value FROM json_each($2))"),
        postgres: concat!("SELECT ", book_columns!(), ", r.stars FROM books b
         LEFT JOIN ratings r ON r.user_id = $1 AND r.book_id = b.id
         WHERE b.id = ANY($2)"),
    );
    /// The reader's own shelves the books are on, most used first.
    pub(crate) all top_shelves(user_id: i64, ids: &[i64], limit: i64) -> (String, i64) = (
        sqlite: "SELECT s.name, count(*) FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
             WHERE s.user_id = $1 AND sb.book_id IN (SELECT value FROM json_each($2))
             GROUP BY s.name ORDER BY count(*) DESC, s.name LIMIT $3",
        postgres: "SELECT s.name, count(*) FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
             WHERE s.user_id = $1 AND sb.book_id = ANY($2)
             GROUP BY s.name ORDER BY count(*) DESC, s.name LIMIT $3",
    );
    /// What imports kept of the reader's books beyond shelves and dates (a JSON
    /// object each: StoryGraph's moods and pace among them).
    pub(crate) all book_details(user_id: i64, ids: &[i64]) -> String = (
        sqlite: "SELECT details FROM user_books
             WHERE user_id = $1 AND book_id IN (SELECT value FROM json_each($2)) AND details IS NOT NULL",
        postgres: "SELECT details FROM user_books
             WHERE user_id = $1 AND book_id = ANY($2) AND details IS NOT NULL",
    );
    pub(crate) value_or_default time_zone(user_id: i64) -> Option<String> =
        ("SELECT time_zone FROM users WHERE id = $1");
    pub(crate) exec set_time_zone(user_id: i64, name: &str) =
        ("UPDATE users SET time_zone = $2 WHERE id = $1");
}

fn stamp_row(r: &dyn Row) -> StoreResult<LibraryStamp> {
    Ok(LibraryStamp {
        marks: (0..7).map(|i| r.get(i)).collect::<StoreResult<_>>()?,
        time_zone: r.get(7)?,
    })
}

queries! {
    /// Index probes and ranged counts over the reader's own rows only (V29).
    /// Readings are only ever added (a merge moves them, which `KEPT_FOR`
    /// covers), so their count tells every change. Two changes to one rating
    /// or status within the same second, with a view between them, show the
    /// first until `KEPT_FOR` has passed.
    pub(crate) one library_stamp(user_id: i64) -> LibraryStamp, by stamp_row = (
        "SELECT (SELECT count(*) FROM reads WHERE user_id = $1),
                (SELECT count(*) FROM ratings WHERE user_id = $1),
                (SELECT coalesce(max(updated_at), 0) FROM ratings WHERE user_id = $1),
                (SELECT count(*) FROM user_books WHERE user_id = $1),
                (SELECT coalesce(max(updated_at), 0) FROM user_books WHERE user_id = $1),
                (SELECT count(*) FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
                  WHERE s.user_id = $1),
                (SELECT count(*) + coalesce(max(updated_at), 0) FROM reading_goals WHERE user_id = $1),
                time_zone
         FROM users WHERE id = $1"
    );
}

store! {
    /// Where the reader's library stands: equal stamps, the same figures.
    lookup library_stamp(user_id: i64) -> Option<LibraryStamp>;
    /// The reader's time zone, if they chose one.
    lookup time_zone(user_id: i64) -> Option<String>;
    write set_time_zone(user_id: i64, name: &str) -> ();
    /// Sets (or replaces) the reader's goal for its year.
    write set_goal(user_id: i64, goal: &GoalRow, now: i64) -> ();
    /// Removes the reader's goal for a year; false if there was none.
    write clear_goal(user_id: i64, year: i64) -> bool;
    /// The reader's goals, latest year first.
    lookup goals(user_id: i64) -> Vec<GoalRow>;
    /// Every reading a goal could count, across all years.
    read readings(user_id: i64) -> Vec<ReadingRow>;
    read books_with_stars(user_id: i64, ids: &[i64]) -> Vec<(Book, Option<i64>)>;
    read top_shelves(user_id: i64, ids: &[i64], limit: i64) -> Vec<(String, i64)>;
    read book_details(user_id: i64, ids: &[i64]) -> Vec<String>;
}
