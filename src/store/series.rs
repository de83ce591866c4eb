//! The books of a series, and the other books by a book's first author.

use super::catalogue::{attach_authors, book_columns};
use super::db::Db;
use crate::store::{Book, StoreResult};

queries! {
    /// Up to `limit` books of the series named exactly so (on `books_series`,
    /// V30), in no order: positions are text, put in order by `domain::series`.
    all of_series(series: &str, limit: i64) -> Book = (concat!(
        "SELECT ", book_columns!(), " FROM books b WHERE b.series = $1 ORDER BY b.id LIMIT $2"
    ));
    /// Up to `limit` other books by the book's first author, most rated first:
    /// one statement (the first author is found inside it), then their authors.
    all by_first_author(book_id: i64, limit: i64) -> Book = (concat!(
        "SELECT ", book_columns!(), " FROM books b JOIN book_authors ba ON ba.book_id = b.id
         WHERE ba.author_id = (SELECT f.author_id FROM book_authors f
                               WHERE f.book_id = $1 ORDER BY f.position LIMIT 1)
           AND b.id <> $1
         ORDER BY b.ratings_count DESC, b.id LIMIT $2"
    ));
}

async fn authored<D: Db>(db: &D, mut books: Vec<Book>) -> StoreResult<Vec<Book>> {
    attach_authors(db, books.iter_mut()).await?;
    Ok(books)
}

async fn series_books<D: Db>(db: &D, series: &str, limit: i64) -> StoreResult<Vec<Book>> {
    authored(db, of_series(db, series, limit).await?).await
}

async fn more_by_first_author<D: Db>(db: &D, book_id: i64, limit: i64) -> StoreResult<Vec<Book>> {
    authored(db, by_first_author(db, book_id, limit).await?).await
}

store! {
    /// The books of a series (at most `limit`), unordered.
    read series_books(series: &str, limit: i64) -> Vec<Book>;
    /// The book's first author's other books, most rated first.
    read more_by_first_author(book_id: i64, limit: i64) -> Vec<Book>;
}
