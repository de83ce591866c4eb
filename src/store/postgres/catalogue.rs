//! Books and authors in PostgreSQL.

use std::collections::HashMap;

use tokio_postgres::Row;

use super::Db;
use crate::store::{AuthorRef, Book, NewBook, StoreResult};

pub(super) const BOOK_COLUMNS: &str = "b.id, b.title, b.isbn13, b.isbn10, b.pages, b.year, \
     b.description, b.ratings_count, b.ratings_sum, b.reviews_count, b.created_at";

/// A book from `BOOK_COLUMNS` starting at column `at`; authors come after.
pub(super) fn book_row(r: &Row, at: usize) -> super::PgResult<Book> {
    Ok(Book {
        id: r.try_get(at)?,
        title: r.try_get(at + 1)?,
        isbn13: r.try_get(at + 2)?,
        isbn10: r.try_get(at + 3)?,
        pages: r.try_get(at + 4)?,
        year: r.try_get(at + 5)?,
        description: r.try_get(at + 6)?,
        ratings_count: r.try_get(at + 7)?,
        ratings_sum: r.try_get(at + 8)?,
        reviews_count: r.try_get(at + 9)?,
        created_at: r.try_get(at + 10)?,
        authors: Vec::new(),
    })
}

/// Fills in the authors of all the books with one query.
pub(super) async fn attach_authors<'b>(
    db: &Db<'_>,
    books: impl IntoIterator<Item = &'b mut Book>,
) -> StoreResult<()> {
    let mut books: Vec<&mut Book> = books.into_iter().collect();
    if books.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = books.iter().map(|b| b.id).collect();
    let rows: Vec<(i64, AuthorRef)> = db.all(
        "SELECT ba.book_id, a.id, a.name FROM book_authors ba JOIN authors a ON a.id = ba.author_id
         WHERE ba.book_id = ANY($1)
         ORDER BY ba.book_id, ba.position", &[&ids],
        |r| {
            Ok((
                r.try_get(0)?,
                AuthorRef {
                    id: r.try_get(1)?,
                    name: r.try_get(2)?,
                },
            ))
        },
    ).await?;
    let mut by_book: HashMap<i64, Vec<AuthorRef>> = HashMap::new();
    for (book_id, author) in rows {
        by_book.entry(book_id).or_default().push(author);
    }
    for book in books.iter_mut() {
        book.authors = by_book.remove(&book.id).unwrap_or_default();
    }
    Ok(())
}

async fn books_where(db: &Db<'_>, sql: &str, params: super::Params<'_>) -> StoreResult<Vec<Book>> {
    let mut books = db.all(sql, params, |r| book_row(r, 0)).await?;
    attach_authors(db, books.iter_mut()).await?;
    Ok(books)
}

pub(super) async fn create_book(db: &Db<'_>, new: &NewBook) -> StoreResult<i64> {
    let id: i64 = db
        .value(
            "INSERT INTO books (title, isbn13, isbn10, pages, year, description, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[&new.title, &new.isbn13, &new.isbn10, &new.pages, &new.year, &new.description, &new.created_by, &new.now],
        ).await?
        .unwrap_or_default();
    for (position, name) in new.authors.iter().enumerate() {
        let key = crate::store::author_key(name);
        db.exec(
            "INSERT INTO authors (name, name_key, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (name_key) DO NOTHING",
            &[&name, &key, &new.now],
        )
        .await?;
        db.exec(
            "INSERT INTO book_authors (book_id, author_id, position)
             SELECT $1::BIGINT, id, $3::BIGINT FROM authors WHERE name_key = $2
             ON CONFLICT DO NOTHING",
            &[&id, &key, &(position as i64)],
        )
        .await?;
    }
    Ok(id)
}

pub(super) async fn book(db: &Db<'_>, id: i64) -> StoreResult<Option<Book>> {
    Ok(books_where(
        db,
        &format!("SELECT {BOOK_COLUMNS} FROM books b WHERE b.id = $1"),
        &[&id],
    )
    .await?
    .pop())
}

pub(super) async fn recent_books(db: &Db<'_>, limit: i64) -> StoreResult<Vec<Book>> {
    books_where(
        db,
        &format!("SELECT {BOOK_COLUMNS} FROM books b ORDER BY b.id DESC LIMIT $1"),
        &[&limit],
    )
    .await
}

pub(super) async fn author_books(db: &Db<'_>, author_id: i64) -> StoreResult<Vec<Book>> {
    books_where(
        db,
        &format!(
            "SELECT {BOOK_COLUMNS} FROM books b JOIN book_authors ba ON ba.book_id = b.id
             WHERE ba.author_id = $1 ORDER BY b.year IS NULL, b.year, b.title"
        ),
        &[&author_id],
    )
    .await
}

pub(super) async fn search_books(
    db: &Db<'_>,
    words: &str,
    isbn13: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<Book>> {
    let pattern = crate::store::like_pattern(words);
    books_where(
        db,
        &format!(
            "SELECT {BOOK_COLUMNS} FROM books b
             WHERE b.isbn13 = $2
                OR lower(b.title) LIKE $1 ESCAPE '\\'
                OR EXISTS (SELECT 1 FROM book_authors ba JOIN authors a ON a.id = ba.author_id
                           WHERE ba.book_id = b.id AND a.name_key LIKE $1 ESCAPE '\\')
             ORDER BY (b.isbn13 = $2) IS TRUE DESC, b.ratings_count DESC, b.title
             LIMIT $3"
        ),
        &[&pattern, &isbn13, &limit],
    )
    .await
}

pub(super) async fn search_authors(
    db: &Db<'_>,
    words: &str,
    limit: i64,
) -> StoreResult<Vec<AuthorRef>> {
    db.all(
        "SELECT id, name FROM authors WHERE name_key LIKE $1 ESCAPE '\\' ORDER BY name LIMIT $2",
        &[&(crate::store::like_pattern(words)), &limit],
        |r| {
            Ok(AuthorRef {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        },
    )
    .await
}
