//! Books and authors in PostgreSQL.

use std::collections::HashMap;

use tokio_postgres::Row;

use super::Db;
use crate::domain::search::{self, Field};
use crate::store::{AuthorRef, Book, NewBook, Posting, StoreError, StoreResult};

pub(super) const BOOK_COLUMNS: &str = "b.id, b.title, b.isbn13, b.isbn10, b.pages, b.year, \
     b.description, b.ratings_count, b.ratings_sum, b.reviews_count, b.created_at, b.series, b.series_position, b.cover";
/// How many columns `BOOK_COLUMNS` holds.
pub(super) const BOOK_WIDTH: usize = 14;

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
        series: r.try_get(at + 11)?,
        series_position: r.try_get(at + 12)?,
        cover: r.try_get(at + 13)?,
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
        "SELECT ba.book_id, a.id, a.name, ba.role FROM book_authors ba JOIN authors a ON a.id = ba.author_id
         WHERE ba.book_id = ANY($1)
         ORDER BY ba.book_id, ba.position", &[&ids],
        |r| {
            Ok((
                r.try_get(0)?,
                AuthorRef {
                    id: r.try_get(1)?,
                    name: r.try_get(2)?,
                    role: r.try_get(3)?,
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

/// Inserts a book, its authors and its search words. With `skip_duplicates`
/// a book whose ISBN is catalogued already is skipped (None) instead of failing.
pub(super) async fn insert_book(
    db: &Db<'_>,
    new: &NewBook,
    skip_duplicates: bool,
) -> StoreResult<Option<i64>> {
    // Without an ISBN, the same title by the same first author is the same book.
    if skip_duplicates && new.isbn13.is_none() && new.isbn10.is_none() {
        let first = new
            .authors
            .first()
            .map(|a| crate::store::author_key(a))
            .unwrap_or_default();
        let known = book_by_title_author(db, &new.title, &first).await?;
        if known.is_some() {
            return Ok(None);
        }
    }
    // An ISBN may name another book's later edition, which `books` does not hold.
    if skip_duplicates
        && (new.isbn13.is_some() || new.isbn10.is_some())
        && db
            .value::<i32>(
                "SELECT 1 FROM editions WHERE isbn13 = $1 OR isbn10 = $2",
                &[&new.isbn13, &new.isbn10],
            )
            .await?
            .is_some()
    {
        return Ok(None);
    }
    let sql = if skip_duplicates {
        "INSERT INTO books (title, isbn13, isbn10, pages, year, description, series, series_position, language, popularity, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING id"
    } else {
        "INSERT INTO books (title, isbn13, isbn10, pages, year, description, series, series_position, language, popularity, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"
    };
    let Some(id) = db
        .value::<i64>(
            sql,
            &[
                &new.title,
                &new.isbn13,
                &new.isbn10,
                &new.pages,
                &new.year,
                &new.description,
                &new.series,
                &new.series_position,
                &new.language,
                &new.popularity,
                &new.created_by,
                &new.now,
            ],
        )
        .await?
    else {
        return Ok(None);
    };
    for (position, name) in new.authors.iter().enumerate() {
        let key = crate::store::author_key(name);
        let role = new.roles.get(position).map_or("author", String::as_str);
        // A name merged into another author is an alias: file the book there.
        db.exec(
            "INSERT INTO authors (name, name_key, created_at)
             SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM author_aliases WHERE name_key = $2)
             ON CONFLICT (name_key) DO NOTHING",
            &[name, &key, &new.now],
        )
        .await?;
        db.exec(
            "INSERT INTO book_authors (book_id, author_id, position, role)
             SELECT $1::BIGINT, a, $3::BIGINT, $4::TEXT FROM (SELECT coalesce(
                 (SELECT author_id FROM author_aliases WHERE name_key = $2),
                 (SELECT id FROM authors WHERE name_key = $2)) AS a) AS x
             WHERE a IS NOT NULL
             ON CONFLICT DO NOTHING",
            &[&id, &key, &(position as i64), &role],
        )
        .await?;
    }
    if new.isbn13.is_some() || new.isbn10.is_some() {
        db.exec(
            "INSERT INTO editions (book_id, isbn13, isbn10, year, pages, language, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[&id, &new.isbn13, &new.isbn10, &new.year, &new.pages, &new.language, &new.created_by, &new.now],
        )
        .await?;
    }
    let (words, fields): (Vec<String>, Vec<i64>) =
        search::book_terms(&new.title, new.series.as_deref(), &new.authors)
            .into_iter()
            .map(|(t, f)| (t, f as i64))
            .unzip();
    db.exec(
        "INSERT INTO search_terms (term, book_id, field)
         SELECT t, $2::BIGINT, f FROM unnest($1::TEXT[], $3::BIGINT[]) AS x(t, f)
         ON CONFLICT DO NOTHING",
        &[&words, &id, &fields],
    )
    .await?;
    db.exec(
        "INSERT INTO search_words (term) SELECT DISTINCT t FROM unnest($1::TEXT[]) AS x(t) ON CONFLICT DO NOTHING",
        &[&words],
    )
    .await?;
    Ok(Some(id))
}

pub(super) async fn create_book(db: &Db<'_>, new: &NewBook) -> StoreResult<i64> {
    Ok(insert_book(db, new, false).await?.unwrap_or_default())
}

pub(super) async fn import_books(db: &Db<'_>, books: &[NewBook]) -> StoreResult<Vec<Option<i64>>> {
    let mut ids = Vec::with_capacity(books.len());
    for book in books {
        ids.push(insert_book(db, book, true).await?);
    }
    Ok(ids)
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

/// The book's edition with these ISBNs, catalogued now if the book lacks it
/// (None when an ISBN belongs to another book's edition).
pub(super) async fn edition_of(
    db: &Db<'_>,
    book_id: i64,
    new: &NewBook,
) -> StoreResult<Option<i64>> {
    if new.isbn13.is_none() && new.isbn10.is_none() {
        return Ok(None);
    }
    db.exec(
        "INSERT INTO editions (book_id, isbn13, isbn10, year, pages, language, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        &[&book_id, &new.isbn13, &new.isbn10, &new.year, &new.pages, &new.language, &new.created_by, &new.now],
    )
    .await?;
    db.value(
        "SELECT id FROM editions WHERE book_id = $1 AND (isbn13 = $2 OR isbn10 = $3) ORDER BY id LIMIT 1",
        &[&book_id, &new.isbn13, &new.isbn10],
    )
    .await
}

pub(super) async fn book_by_isbn13(db: &Db<'_>, isbn13: &str) -> StoreResult<Option<i64>> {
    db.value("SELECT book_id FROM editions WHERE isbn13 = $1", &[&isbn13])
        .await
}

pub(super) async fn search_vocab(db: &Db<'_>, from: &str, to: &str) -> StoreResult<Vec<String>> {
    // Byte order, as in SQLite: the ranges are built from characters.
    db.all(
        "SELECT term FROM search_words WHERE term COLLATE \"C\" >= $1 AND term COLLATE \"C\" < $2",
        &[&from, &to],
        |r| r.try_get(0),
    )
    .await
}

pub(super) async fn search_postings(
    db: &Db<'_>,
    terms: &[String],
) -> StoreResult<Vec<(Posting, i64)>> {
    let rows: Vec<(String, i64, i64, i64)> = db
        .all(
            "SELECT s.term, s.book_id, s.field, b.popularity FROM search_terms s JOIN books b ON b.id = s.book_id
             WHERE s.term = ANY($1)",
            &[&terms],
            |r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)),
        )
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(term, book_id, field, popularity)| {
            Some((
                Posting {
                    term,
                    book_id,
                    field: Field::from_code(field)?,
                },
                popularity,
            ))
        })
        .collect())
}

pub(super) async fn books_by_ids(db: &Db<'_>, ids: &[i64]) -> StoreResult<Vec<Book>> {
    let mut books = books_where(
        db,
        &format!("SELECT {BOOK_COLUMNS} FROM books b WHERE b.id = ANY($1)"),
        &[&ids],
    )
    .await?;
    books.sort_by_key(|b| ids.iter().position(|id| *id == b.id));
    Ok(books)
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
                role: "author".into(),
            })
        },
    )
    .await
}

pub(super) async fn book_by_title_author(
    db: &Db<'_>,
    title: &str,
    author_key: &str,
) -> StoreResult<Option<i64>> {
    db.value(
        "SELECT b.id FROM books b
         JOIN book_authors ba ON ba.book_id = b.id AND ba.position = 0
         JOIN authors a ON a.id = ba.author_id
         WHERE b.title = $1 AND a.name_key = $2 ORDER BY b.id LIMIT 1",
        &[&title, &author_key],
    )
    .await
}

pub(super) async fn set_cover(
    db: &Db<'_>,
    book_id: i64,
    digest: &str,
    sizes: &[(&str, Vec<u8>)],
) -> StoreResult<()> {
    let updated = db
        .exec(
            "UPDATE books SET cover = $2 WHERE id = $1",
            &[&book_id, &digest],
        )
        .await?;
    if updated == 0 {
        return Err(StoreError::MissingReference);
    }
    db.exec("DELETE FROM cover_images WHERE book_id = $1", &[&book_id])
        .await?;
    for (size, bytes) in sizes {
        db.exec(
            "INSERT INTO cover_images (book_id, size, bytes) VALUES ($1, $2, $3)",
            &[&book_id, size, bytes],
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn cover_image(
    db: &Db<'_>,
    book_id: i64,
    size: &str,
) -> StoreResult<Option<(String, Vec<u8>)>> {
    db.one(
        "SELECT b.cover, c.bytes FROM cover_images c JOIN books b ON b.id = c.book_id
         WHERE c.book_id = $1 AND c.size = $2",
        &[&book_id, &size],
        |r| Ok((r.try_get(0)?, r.try_get(1)?)),
    )
    .await
}
