//! Reading a series in order, and what else a book's author wrote.

use crate::domain::series::{self, Place};
use crate::error::{ActionError, ActionResult};
use crate::store::{Book, Store};

/// More than any series a catalogue holds; a page shows them all.
const SERIES_MOST: i64 = 500;

/// How many other books by the author a book's page shows.
pub const MORE_BY_AUTHOR: i64 = 6;

/// The books of the series named `name` (exactly as catalogued), in reading
/// order; a name no book carries is not found.
pub async fn books(store: &Store, name: &str) -> ActionResult<Vec<Book>> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ActionError::NotFound("series"));
    }
    let mut books = store.series_books(name, SERIES_MOST).await?;
    if books.is_empty() {
        return Err(ActionError::NotFound("series"));
    }
    books.sort_by(|a, b| series::order(&place(a), &place(b)));
    Ok(books)
}

fn place(book: &Book) -> Place<'_> {
    Place {
        position: book.series_position.as_deref(),
        year: book.year,
        title: &book.title,
    }
}

/// Up to `MORE_BY_AUTHOR` other books by the book's first author, most rated first.
pub async fn more_by_author(store: &Store, book_id: i64) -> ActionResult<Vec<Book>> {
    Ok(store.more_by_first_author(book_id, MORE_BY_AUTHOR).await?)
}
