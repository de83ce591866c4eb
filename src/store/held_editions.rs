//! The editions each reader held of a work: one record per edition, written
//! by imports (with what the file said of that edition) and by the reader
//! naming the edition they read, and read back by the exports, which write
//! a row for each.

use super::db::Row;
use crate::store::StoreResult;

/// One edition a reader held, with the catalogue's data of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldEdition {
    pub edition_id: i64,
    /// What the reader's file said of this edition, a JSON object by column.
    pub details: Option<String>,
    pub added_at: i64,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub publisher: Option<String>,
    pub format: Option<String>,
    pub pages: Option<i64>,
    pub year: Option<i64>,
}

fn held_row(r: &dyn Row) -> StoreResult<HeldEdition> {
    Ok(HeldEdition {
        edition_id: r.get(0)?,
        details: r.get(1)?,
        added_at: r.get(2)?,
        isbn13: r.get(3)?,
        isbn10: r.get(4)?,
        publisher: r.get(5)?,
        format: r.get(6)?,
        pages: r.get(7)?,
        year: r.get(8)?,
    })
}

queries! {
    /// Records that the reader held `edition_id`; a file's details, when
    /// given, replace what was said before, and the first day added stays.
    pub(crate) exec hold_edition(user_id: i64, edition_id: i64, details: Option<&str>, added_at: i64) = (
        "INSERT INTO reader_editions (user_id, edition_id, details, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, edition_id) DO UPDATE SET
             details = coalesce(excluded.details, reader_editions.details)"
    );
    pub(crate) exec forget_held_editions(user_id: i64, book_id: i64) = (
        "DELETE FROM reader_editions WHERE user_id = $1
         AND edition_id IN (SELECT id FROM editions WHERE book_id = $2)"
    );
    pub(crate) all held_editions(user_id: i64, book_id: i64) -> HeldEdition, by held_row = (
        "SELECT re.edition_id, re.details, re.added_at, e.isbn13, e.isbn10, e.publisher, e.format,
             e.pages, e.year
         FROM reader_editions re JOIN editions e ON e.id = re.edition_id
         WHERE re.user_id = $1 AND e.book_id = $2
         ORDER BY re.added_at, re.edition_id"
    );
}

store! {
    /// Records an edition the reader held (`details`: what their file said of it).
    write hold_edition(user_id: i64, edition_id: i64, details: Option<&str>, added_at: i64) -> ();
    /// Forgets every edition of the book the reader said they held.
    write forget_held_editions(user_id: i64, book_id: i64) -> ();
    /// The editions of the book the reader held, first added first.
    lookup held_editions(user_id: i64, book_id: i64) -> Vec<HeldEdition>;
}
