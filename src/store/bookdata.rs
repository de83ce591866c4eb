//! Records made from Open Library's data, and the keys kept on them (V34):
//! books by work, editions by edition, authors by author, so a later lookup
//! or dump finds what an earlier one made. Also where a dump's import stands,
//! and which covers the background job has looked for.

use super::catalogue::{book_by_title_author, create_book, insert_book};
use super::db::{Db, List};
use super::limits::{self, Act, Limited};
use crate::sql;
use crate::store::{NewBook, Store, StoreResult};

/// What Open Library adds to a book beyond `NewBook`.
#[derive(Debug, Clone, Default)]
pub struct OpenLibraryKeys {
    pub work: Option<String>,
    pub edition: Option<String>,
    /// (author name as filed, Open Library author key).
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

/// The catalogued book with this work, edition or ISBN, if any.
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
    keys: &OpenLibraryKeys,
) -> StoreResult<()> {
    db.exec(
        sql!("UPDATE books SET ol_work_key = $2 WHERE id = $1 AND ol_work_key IS NULL"),
        &[&book_id, &keys.work],
    )
    .await?;
    db.exec(
        sql!(
            "UPDATE editions SET ol_edition_key = $2, publisher = $3, format = $4
         WHERE book_id = $1 AND isbn13 = $5"
        ),
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
        link_author(db, key, &crate::store::author_key(name)).await?;
    }
    add_subjects(db, book_id, &keys.subjects).await
}

async fn add_subjects<D: Db>(db: &D, book_id: i64, subjects: &[String]) -> StoreResult<()> {
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
    Ok(())
}

/// Makes the book in one transaction, counted against its adder's hour,
/// unless one made from the same work, edition or ISBN is there already.
pub(crate) async fn add_from_open_library<D: Db>(
    db: &D,
    new: &NewBook,
    keys: &OpenLibraryKeys,
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
    /// The edition's publisher and physical format.
    pub(crate) one edition_details(book_id: i64, isbn13: &str) -> (Option<String>, Option<String>, Option<String>) =
        ("SELECT publisher, format, ol_edition_key FROM editions WHERE book_id = $1 AND isbn13 = $2");
}

/// One record of a dump, ready to write.
#[derive(Debug, Clone)]
pub enum DumpItem {
    Author {
        key: String,
        name: String,
    },
    Work {
        key: String,
        title: String,
        author_keys: Vec<String>,
        description: Option<String>,
        year: Option<i64>,
        subjects: Vec<String>,
    },
    Edition {
        key: String,
        work: String,
        isbn13: Option<String>,
        isbn10: Option<String>,
        publisher: Option<String>,
        format: Option<String>,
        pages: Option<i64>,
        year: Option<i64>,
        language: Option<String>,
    },
}

/// What one batch of a dump did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DumpCounts {
    pub authors: u64,
    pub works: u64,
    /// Works that were already in the catalogue by title and first author.
    pub matched: u64,
    pub editions: u64,
    /// Records already imported (an earlier run, or a second copy).
    pub already: u64,
    pub works_without_known_author: u64,
    pub editions_without_known_work: u64,
}

impl std::ops::AddAssign for DumpCounts {
    fn add_assign(&mut self, o: DumpCounts) {
        self.authors += o.authors;
        self.works += o.works;
        self.matched += o.matched;
        self.editions += o.editions;
        self.already += o.already;
        self.works_without_known_author += o.works_without_known_author;
        self.editions_without_known_work += o.editions_without_known_work;
    }
}

async fn dump_author<D: Db>(db: &D, key: &str, name: &str, now: i64) -> StoreResult<bool> {
    let name_key = crate::store::author_key(name);
    db.exec(
        sql!(
            "INSERT INTO authors (name, name_key, created_at)
         SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM author_aliases WHERE name_key = $2)
         ON CONFLICT (name_key) DO NOTHING"
        ),
        &[&name, &name_key, &now],
    )
    .await?;
    link_author(db, key, &name_key).await
}

/// Files an Open Library author key under the author of that name (or the
/// one it was merged into); false if it was filed already or no such author.
async fn link_author<D: Db>(db: &D, key: &str, name_key: &str) -> StoreResult<bool> {
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

#[allow(clippy::too_many_arguments)]
async fn dump_work<D: Db>(
    db: &D,
    key: &str,
    title: &str,
    author_keys: &[String],
    description: &Option<String>,
    year: Option<i64>,
    subjects: &[String],
    now: i64,
    counts: &mut DumpCounts,
) -> StoreResult<()> {
    let known = db
        .value::<i64>(sql!("SELECT id FROM books WHERE ol_work_key = $1"), &[&key])
        .await?;
    if known.is_some() {
        counts.already += 1;
        return Ok(());
    }
    let mut authors = Vec::new();
    for author in author_keys {
        let name = db
            .value::<String>(
                sql!("SELECT a.name FROM ol_authors o JOIN authors a ON a.id = o.author_id WHERE o.ol_key = $1"),
                &[author],
            )
            .await?;
        if let Some(name) = name
            && !authors.contains(&name)
        {
            authors.push(name);
        }
    }
    if authors.is_empty() {
        counts.works_without_known_author += 1;
        return Ok(());
    }
    let new = NewBook {
        title: title.to_string(),
        authors,
        roles: Vec::new(),
        isbn13: None,
        isbn10: None,
        pages: None,
        year,
        description: description.clone(),
        series: None,
        series_position: None,
        language: None,
        popularity: 0,
        created_by: None,
        now,
    };
    let id = match insert_book(db, &new, true).await? {
        Some(id) => {
            counts.works += 1;
            add_subjects(db, id, subjects).await?;
            id
        }
        None => {
            let first = crate::store::author_key(&new.authors[0]);
            let Some(id) = book_by_title_author(db, title, &first).await? else {
                counts.already += 1;
                return Ok(());
            };
            counts.matched += 1;
            id
        }
    };
    db.exec(
        sql!("UPDATE books SET ol_work_key = $2 WHERE id = $1 AND ol_work_key IS NULL"),
        &[&id, &key],
    )
    .await?;
    Ok(())
}

async fn dump_edition<D: Db>(
    db: &D,
    item: &DumpItem,
    now: i64,
    counts: &mut DumpCounts,
) -> StoreResult<()> {
    let DumpItem::Edition {
        key,
        work,
        isbn13,
        isbn10,
        publisher,
        format,
        pages,
        year,
        language,
    } = item
    else {
        return Ok(());
    };
    let Some(book_id) = db
        .value::<i64>(sql!("SELECT id FROM books WHERE ol_work_key = $1"), &[work])
        .await?
    else {
        counts.editions_without_known_work += 1;
        return Ok(());
    };
    let added = db
        .exec(
            sql!(
                "INSERT INTO editions (book_id, isbn13, isbn10, publisher, year, pages, format, language, created_at, ol_edition_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING"
            ),
            &[&book_id, isbn13, isbn10, publisher, year, pages, format, language, &now, key],
        )
        .await?;
    if added == 0 {
        counts.already += 1;
        return Ok(());
    }
    counts.editions += 1;
    if pages.is_some() {
        db.exec(
            sql!("UPDATE books SET pages = $2 WHERE id = $1 AND pages IS NULL"),
            &[&book_id, pages],
        )
        .await?;
    }
    Ok(())
}

/// Writes one batch and moves the file's mark to `lines` in the same
/// transaction: a run cut short resumes after the last batch committed.
pub(crate) async fn import_dump_batch<D: Db>(
    db: &D,
    name: &str,
    lines: i64,
    finished: bool,
    items: &[DumpItem],
    now: i64,
) -> StoreResult<DumpCounts> {
    let mut counts = DumpCounts::default();
    for item in items {
        match item {
            DumpItem::Author { key, name } => {
                if dump_author(db, key, name, now).await? {
                    counts.authors += 1;
                } else {
                    counts.already += 1;
                }
            }
            DumpItem::Work {
                key,
                title,
                author_keys,
                description,
                year,
                subjects,
            } => {
                dump_work(
                    db,
                    key,
                    title,
                    author_keys,
                    description,
                    *year,
                    subjects,
                    now,
                    &mut counts,
                )
                .await?;
            }
            DumpItem::Edition { .. } => dump_edition(db, item, now, &mut counts).await?,
        }
    }
    db.exec(
        sql!(
            "INSERT INTO dump_imports (name, lines, finished, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET lines = excluded.lines, finished = excluded.finished,
            updated_at = excluded.updated_at"
        ),
        &[&name, &lines, &finished, &now],
    )
    .await?;
    Ok(counts)
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
        keys: &OpenLibraryKeys,
        per_hour: i64,
    ) -> StoreResult<Limited<Made>> {
        let (new, keys) = (new.clone(), keys.clone());
        write!(self, |db| add_from_open_library(db, &new, &keys, per_hour))
    }

    /// Writes a batch of dump records and the file's new mark together.
    pub async fn import_dump_batch(
        &self,
        name: &str,
        lines: i64,
        finished: bool,
        items: &[DumpItem],
        now: i64,
    ) -> StoreResult<DumpCounts> {
        let (name, items) = (name.to_string(), items.to_vec());
        write!(self, |db| import_dump_batch(
            db, &name, lines, finished, &items, now
        ))
    }
}
