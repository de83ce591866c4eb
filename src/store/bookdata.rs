//! Records made from Open Library's or Inventaire's data, and the keys kept
//! on them (V34, V43): books by work, editions by edition, authors by author,
//! so a later lookup or dump finds what an earlier one made. Also where a
//! dump's import stands, and which covers the background job has looked for.

use super::catalogue::create_book;
use super::db::{Db, List};
use super::limits::{self, Act, Limited};
use crate::sql;
use crate::store::{NewBook, Store, StoreResult};

/// Which service the keys are of: Open Library's `OL…W`/`OL…M`/`OL…A`, or
/// Inventaire's `wd:Q…`/`inv:…`/`isbn:…` URIs. Each has its own columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KeySource {
    #[default]
    OpenLibrary,
    Inventaire,
}

/// What a book-data service adds to a book beyond `NewBook`.
#[derive(Debug, Clone, Default)]
pub struct BookDataKeys {
    pub source: KeySource,
    pub work: Option<String>,
    pub edition: Option<String>,
    /// (author name as filed, the service's author key).
    pub authors: Vec<(String, String)>,
    pub subjects: Vec<String>,
    pub publisher: Option<String>,
    pub format: Option<String>,
}

/// A book made from a lookup, or the one already made from the same data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    New(i64),
    Known(i64),
}

/// The catalogued book with this work, edition (Open Library's keys or
/// Inventaire's URIs: their forms never meet) or ISBN, if any.
pub(crate) async fn known_book<D: Db>(
    db: &D,
    work: Option<&str>,
    edition: Option<&str>,
    isbn13: Option<&str>,
) -> StoreResult<Option<i64>> {
    db.value(
        sql!(
            "SELECT id FROM books WHERE ol_work_key = $1
         UNION ALL SELECT book_id FROM editions WHERE ol_edition_key = $2
         UNION ALL SELECT id FROM books WHERE inventaire_uri = $1
         UNION ALL SELECT book_id FROM editions WHERE inventaire_uri = $2
         UNION ALL SELECT book_id FROM editions WHERE isbn13 = $3
         LIMIT 1"
        ),
        &[&work, &edition, &isbn13],
    )
    .await
}

/// Keeps the keys, subjects, publisher and format on a book just made.
async fn keep_keys<D: Db>(
    db: &D,
    book_id: i64,
    new: &NewBook,
    keys: &BookDataKeys,
) -> StoreResult<()> {
    let (book_sql, edition_sql) = match keys.source {
        KeySource::OpenLibrary => (
            sql!("UPDATE books SET ol_work_key = $2 WHERE id = $1 AND ol_work_key IS NULL"),
            sql!(
                "UPDATE editions SET ol_edition_key = $2, publisher = $3, format = $4
             WHERE book_id = $1 AND isbn13 = $5"
            ),
        ),
        KeySource::Inventaire => (
            sql!("UPDATE books SET inventaire_uri = $2 WHERE id = $1 AND inventaire_uri IS NULL"),
            sql!(
                "UPDATE editions SET inventaire_uri = $2, publisher = $3, format = $4
             WHERE book_id = $1 AND isbn13 = $5"
            ),
        ),
    };
    db.exec(book_sql, &[&book_id, &keys.work]).await?;
    db.exec(
        edition_sql,
        &[
            &book_id,
            &keys.edition,
            &keys.publisher,
            &keys.format,
            &new.isbn13,
        ],
    )
    .await?;
    for (name, key) in &keys.authors {
        let name_key = crate::store::author_key(name);
        match keys.source {
            KeySource::OpenLibrary => link_author(db, key, &name_key).await?,
            KeySource::Inventaire => link_inventaire_author(db, key, &name_key).await?,
        };
    }
    add_subjects(db, book_id, &keys.subjects).await
}

pub(crate) async fn add_subjects<D: Db>(
    db: &D,
    book_id: i64,
    subjects: &[String],
) -> StoreResult<()> {
    if subjects.is_empty() {
        return Ok(());
    }
    db.exec(
        sql!(
            sqlite: "INSERT INTO book_subjects (book_id, position, subject)
             SELECT $1, key, value FROM json_each($2) WHERE true ON CONFLICT DO NOTHING",
            postgres: "INSERT INTO book_subjects (book_id, position, subject)
             SELECT $1, n - 1, s FROM unnest($2::TEXT[]) WITH ORDINALITY AS x(s, n)
             ON CONFLICT DO NOTHING",
        ),
        &[&book_id, &List(subjects)],
    )
    .await?;
    super::genres::file_genres(db, &[(book_id, subjects)]).await
}

/// Makes the book in one transaction, counted against its adder's hour,
/// unless one made from the same work, edition or ISBN is there already.
pub(crate) async fn add_from_open_library<D: Db>(
    db: &D,
    new: &NewBook,
    keys: &BookDataKeys,
    per_hour: i64,
) -> StoreResult<Limited<Made>> {
    let known = known_book(
        db,
        keys.work.as_deref(),
        keys.edition.as_deref(),
        new.isbn13.as_deref(),
    );
    if let Some(id) = known.await? {
        return Ok(Limited::Done(Made::Known(id)));
    }
    if let Some(adder) = new.created_by
        && let Limited::OverLimit { oldest } =
            limits::take_turn(db, adder, Act::AddBook, per_hour, new.now).await?
    {
        return Ok(Limited::OverLimit { oldest });
    }
    let id = create_book(db, new).await?;
    keep_keys(db, id, new, keys).await?;
    Ok(Limited::Done(Made::New(id)))
}

queries! {
    /// Open Library's subjects for the book, in its order.
    pub(crate) all book_subjects(book_id: i64) -> String =
        ("SELECT subject FROM book_subjects WHERE book_id = $1 ORDER BY position");
    /// The book's Open Library work key, if it was made from or matched to one.
    pub(crate) value ol_work_key(book_id: i64) -> Option<String> =
        ("SELECT ol_work_key FROM books WHERE id = $1");
    /// The book's Inventaire work URI, if it was made from one.
    pub(crate) value inventaire_uri(book_id: i64) -> Option<String> =
        ("SELECT inventaire_uri FROM books WHERE id = $1");
    /// The Inventaire URIs of the authors filed under the author.
    pub(crate) all inventaire_author_uris(author_id: i64) -> String =
        ("SELECT uri FROM inventaire_authors WHERE author_id = $1 ORDER BY uri");
    /// The edition's publisher and physical format.
    pub(crate) one edition_details(book_id: i64, isbn13: &str) -> (Option<String>, Option<String>, Option<String>) =
        ("SELECT publisher, format, ol_edition_key FROM editions WHERE book_id = $1 AND isbn13 = $2");
}

/// Files an Open Library author key under the author of that name (or the
/// one it was merged into); false if it was filed already or no such author.
pub(crate) async fn link_author<D: Db>(db: &D, key: &str, name_key: &str) -> StoreResult<bool> {
    let added = db
        .exec(
            sql!(
                "INSERT INTO ol_authors (ol_key, author_id)
             SELECT CAST($1 AS TEXT), a FROM (SELECT coalesce(
                 (SELECT author_id FROM author_aliases WHERE name_key = $2),
                 (SELECT id FROM authors WHERE name_key = $2)) AS a) AS x
             WHERE a IS NOT NULL
             ON CONFLICT (ol_key) DO NOTHING"
            ),
            &[&key, &name_key],
        )
        .await?;
    Ok(added > 0)
}

/// `link_author` for an Inventaire author URI.
async fn link_inventaire_author<D: Db>(db: &D, uri: &str, name_key: &str) -> StoreResult<bool> {
    let added = db
        .exec(
            sql!(
                "INSERT INTO inventaire_authors (uri, author_id)
             SELECT CAST($1 AS TEXT), a FROM (SELECT coalesce(
                 (SELECT author_id FROM author_aliases WHERE name_key = $2),
                 (SELECT id FROM authors WHERE name_key = $2)) AS a) AS x
             WHERE a IS NOT NULL
             ON CONFLICT (uri) DO NOTHING"
            ),
            &[&uri, &name_key],
        )
        .await?;
    Ok(added > 0)
}

fn dump_mark(r: &dyn super::db::Row) -> StoreResult<(i64, bool)> {
    Ok((r.get(0)?, r.get(1)?))
}

queries! {
    /// How many lines of the named dump are in, and whether all are.
    pub(crate) one dump_progress(name: &str) -> (i64, bool), by dump_mark =
        ("SELECT lines, finished FROM dump_imports WHERE name = $1");
    /// Books without a cover that have an ISBN-13, and whose last look for
    /// one (if any) is due again: (book, ISBN-13), oldest books first.
    pub(crate) all books_wanting_covers(now: i64, limit: i64) -> (i64, String) = (
        "SELECT b.id, min(e.isbn13) FROM books b
         JOIN editions e ON e.book_id = b.id AND e.isbn13 IS NOT NULL
         LEFT JOIN cover_fetches f ON f.book_id = b.id
         WHERE b.cover IS NULL AND (f.book_id IS NULL OR (NOT f.gave_up AND f.next_at <= $1))
         GROUP BY b.id ORDER BY b.id LIMIT $2"
    );
    /// How many looks for the book's cover have failed so far.
    pub(crate) value cover_tries(book_id: i64) -> i64 =
        ("SELECT tries FROM cover_fetches WHERE book_id = $1");
    pub(crate) exec note_cover_fetch(book_id: i64, tries: i64, next_at: i64, gave_up: bool, reason: Option<&str>) = (
        "INSERT INTO cover_fetches (book_id, tries, next_at, gave_up, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (book_id) DO UPDATE SET tries = excluded.tries, next_at = excluded.next_at,
            gave_up = excluded.gave_up, reason = excluded.reason"
    );
    /// Where the job stands on a book's cover: (tries, gave up, why).
    pub(crate) one cover_fetch(book_id: i64) -> (i64, bool, Option<String>) =
        ("SELECT tries, gave_up, reason FROM cover_fetches WHERE book_id = $1");
}

store! {
    lookup book_subjects(book_id: i64) -> Vec<String>;
    lookup ol_work_key(book_id: i64) -> Option<Option<String>>;
    lookup inventaire_uri(book_id: i64) -> Option<Option<String>>;
    lookup inventaire_author_uris(author_id: i64) -> Vec<String>;
    lookup edition_details(book_id: i64, isbn13: &str) -> Option<(Option<String>, Option<String>, Option<String>)>;
    lookup dump_progress(name: &str) -> Option<(i64, bool)>;
    read books_wanting_covers(now: i64, limit: i64) -> Vec<(i64, String)>;
    lookup cover_tries(book_id: i64) -> Option<i64>;
    write note_cover_fetch(book_id: i64, tries: i64, next_at: i64, gave_up: bool, reason: Option<&str>) -> ();
    lookup cover_fetch(book_id: i64) -> Option<(i64, bool, Option<String>)>;
}

impl Store {
    /// The catalogued book made from this work, edition or ISBN, if any.
    pub async fn known_open_library_book(
        &self,
        work: Option<&str>,
        edition: Option<&str>,
        isbn13: Option<&str>,
    ) -> StoreResult<Option<i64>> {
        let (work, edition, isbn13) = (
            work.map(str::to_string),
            edition.map(str::to_string),
            isbn13.map(str::to_string),
        );
        lookup!(self, |db| known_book(
            db,
            work.as_deref(),
            edition.as_deref(),
            isbn13.as_deref()
        ))
    }

    /// `add_from_open_library`: the book, its keys, subjects, publisher and format at once.
    pub async fn add_from_open_library(
        &self,
        new: &NewBook,
        keys: &BookDataKeys,
        per_hour: i64,
    ) -> StoreResult<Limited<Made>> {
        let (new, keys) = (new.clone(), keys.clone());
        write!(self, |db| add_from_open_library(db, &new, &keys, per_hour))
    }
}
