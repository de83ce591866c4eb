//! Readers' shelves counted across the site, for genres, and the genres
//! books' subjects name. Only readers whose library is public are counted: a
//! small count must not tell on a private one.

use super::db::{Db, List};
use super::sql::Dialect;
use crate::domain::subject_genres;
use crate::sql;
use crate::store::{Store, StoreResult};

queries! {
    /// How many readers put the book on each shelf name.
    pub(crate) all book_shelf_counts(book_id: i64) -> (String, i64) = (
        "SELECT s.slug, count(*) FROM shelf_books sb
         JOIN shelves s ON s.id = sb.shelf_id JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
         WHERE sb.book_id = $1 GROUP BY s.slug"
    );
    /// The books most shelved under these shelf names: (book, readers), most first.
    pub(crate) all most_shelved(slugs: &[String], limit: i64, offset: i64) -> (i64, i64) = (
        sqlite: "SELECT sb.book_id, count(*) AS n FROM shelves s
             JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
             JOIN shelf_books sb ON sb.shelf_id = s.id
             WHERE s.slug IN (SELECT value FROM json_each($1))
             GROUP BY sb.book_id ORDER BY n DESC, sb.book_id LIMIT $2 OFFSET $3",
        postgres: "SELECT sb.book_id, count(*) AS n FROM shelves s
             JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
             JOIN shelf_books sb ON sb.shelf_id = s.id
             WHERE s.slug = ANY($1)
             GROUP BY sb.book_id ORDER BY n DESC, sb.book_id LIMIT $2 OFFSET $3",
    );
}

store! {
    /// Public readers' shelf names for the book, with how many used each.
    lookup book_shelf_counts(book_id: i64) -> Vec<(String, i64)>;
    /// The books most shelved under the names: (book, readers).
    read most_shelved(slugs: &[String], limit: i64, offset: i64) -> Vec<(i64, i64)>;
}

queries! {
    /// How many books public readers shelved under these names.
    pub(crate) value_or_default shelved_count(slugs: &[String]) -> i64 = (
        sqlite: "SELECT count(DISTINCT sb.book_id) FROM shelves s
             JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
             JOIN shelf_books sb ON sb.shelf_id = s.id
             WHERE s.slug IN (SELECT value FROM json_each($1))",
        postgres: "SELECT count(DISTINCT sb.book_id) FROM shelves s
             JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
             JOIN shelf_books sb ON sb.shelf_id = s.id
             WHERE s.slug = ANY($1)",
    );
    /// The books filed under the genre by their subjects alone: no public
    /// reader shelved them under its names. Oldest first.
    pub(crate) all filed_only_by_subjects(genre: &str, slugs: &[String], limit: i64, offset: i64) -> i64 = (
        sqlite: "SELECT bg.book_id FROM book_genres bg WHERE bg.genre = $1 AND NOT EXISTS (
                 SELECT 1 FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
                 JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
                 WHERE sb.book_id = bg.book_id AND s.slug IN (SELECT value FROM json_each($2)))
             ORDER BY bg.book_id LIMIT $3 OFFSET $4",
        postgres: "SELECT bg.book_id FROM book_genres bg WHERE bg.genre = $1 AND NOT EXISTS (
                 SELECT 1 FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
                 JOIN users u ON u.id = s.user_id AND u.visibility = 'public'
                 WHERE sb.book_id = bg.book_id AND s.slug = ANY($2))
             ORDER BY bg.book_id LIMIT $3 OFFSET $4",
    );
    /// Books whose subjects are not filed under genres yet, `limit` at a time.
    pub(crate) all genres_left_to_file(limit: i64) -> i64 =
        ("SELECT book_id FROM genres_to_file ORDER BY book_id LIMIT $1");
    pub(crate) all subjects_of_books(ids: &[i64]) -> (i64, String) = (
        sqlite: "SELECT book_id, subject FROM book_subjects
             WHERE book_id IN (SELECT value FROM json_each($1)) ORDER BY book_id, position",
        postgres: "SELECT book_id, subject FROM book_subjects
             WHERE book_id = ANY($1) ORDER BY book_id, position",
    );
    pub(crate) exec genres_filed(ids: &[i64]) = (
        sqlite: "DELETE FROM genres_to_file WHERE book_id IN (SELECT value FROM json_each($1))",
        postgres: "DELETE FROM genres_to_file WHERE book_id = ANY($1)",
    );
}

/// Files each book under the genres its subjects name (see
/// `domain::subject_genres`), for the genre pages.
pub(crate) async fn file_genres<D: Db>(db: &D, books: &[(i64, &[String])]) -> StoreResult<()> {
    let (mut genres, mut ids) = (Vec::new(), Vec::new());
    let mut read = subject_genres::Subjects::default();
    for (book, subjects) in books {
        for genre in read.genres_of(subjects) {
            genres.push(genre.slug);
            ids.push(*book);
        }
    }
    if ids.is_empty() {
        return Ok(());
    }
    // As in `catalogue_load`: a cached statement a row in-process on SQLite
    // (two lists joined by position there are a join without an index), one
    // round trip on PostgreSQL.
    if db.dialect() == Dialect::Sqlite {
        for (genre, book) in genres.iter().zip(&ids) {
            db.exec(
                sql!("INSERT INTO book_genres (genre, book_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"),
                &[genre, book],
            )
            .await?;
        }
        return Ok(());
    }
    db.exec(
        sql!(
            "INSERT INTO book_genres (genre, book_id)
             SELECT * FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS BIGINT[])) ON CONFLICT DO NOTHING"
        ),
        &[&List(&genres), &List(&ids)],
    )
    .await?;
    Ok(())
}

/// Files the genres of these books, whose subjects came before genres were
/// filed from them, and takes them off the list.
async fn file_genres_of_books<D: Db>(db: &D, ids: &[i64]) -> StoreResult<()> {
    let mut subjects: Vec<(i64, Vec<String>)> = Vec::new();
    for (book, subject) in subjects_of_books(db, ids).await? {
        match subjects.last_mut() {
            Some((last, list)) if *last == book => list.push(subject),
            _ => subjects.push((book, vec![subject])),
        }
    }
    let books: Vec<(i64, &[String])> = subjects.iter().map(|(b, s)| (*b, s.as_slice())).collect();
    file_genres(db, &books).await?;
    genres_filed(db, ids).await
}

store! {
    /// How many books public readers shelved under the names.
    read shelved_count(slugs: &[String]) -> i64;
    /// The genre's books that only their subjects file there, oldest first.
    read filed_only_by_subjects(genre: &str, slugs: &[String], limit: i64, offset: i64) -> Vec<i64>;
    read genres_left_to_file(limit: i64) -> Vec<i64>;
    write file_genres_of_books(ids: &[i64]) -> ();
}

impl Store {
    /// Files the genres of books whose subjects came before genres were
    /// filed from them (V46), a batch at a time; once done, one indexed read
    /// that finds none, so an ordinary start writes nothing.
    pub(crate) async fn file_old_genres(&self) -> StoreResult<()> {
        loop {
            let ids = self.genres_left_to_file(1_000).await?;
            if ids.is_empty() {
                return Ok(());
            }
            self.file_genres_of_books(&ids).await?;
        }
    }
}
