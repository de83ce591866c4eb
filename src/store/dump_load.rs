//! Open Library's dumps written into the catalogue a batch at a time: a run
//! of authors, works or editions is checked against what is catalogued with
//! a few queries and written in bulk (see `catalogue_load`).

use std::collections::{HashMap, HashSet};

use super::catalogue::book_by_title_author;
use super::catalogue_load::{file_authors, insert_books};
use super::db::{Db, List};
use super::sql::Dialect;
use crate::sql;
use crate::store::{NewBook, Store, StoreResult, author_key};

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

/// Writes one batch and moves the file's mark to `lines` in the same
/// transaction: a run cut short resumes after the last batch committed.
/// Records go in runs of one kind, in file order, each run in bulk.
pub(crate) async fn import_dump_batch<D: Db>(
    db: &D,
    name: &str,
    lines: i64,
    finished: bool,
    items: &[DumpItem],
    now: i64,
) -> StoreResult<DumpCounts> {
    let mut counts = DumpCounts::default();
    let mut start = 0;
    while start < items.len() {
        let kind = std::mem::discriminant(&items[start]);
        let end = items[start..]
            .iter()
            .position(|i| std::mem::discriminant(i) != kind)
            .map_or(items.len(), |n| start + n);
        let run = &items[start..end];
        match &run[0] {
            DumpItem::Author { .. } => dump_authors(db, run, now, &mut counts).await?,
            DumpItem::Work { .. } => dump_works(db, run, now, &mut counts).await?,
            DumpItem::Edition { .. } => dump_editions(db, run, now, &mut counts).await?,
        }
        start = end;
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

/// Files each Open Library author key under the author of its name, adding
/// the authors not catalogued yet.
async fn dump_authors<D: Db>(
    db: &D,
    run: &[DumpItem],
    now: i64,
    counts: &mut DumpCounts,
) -> StoreResult<()> {
    let authors: Vec<(&str, &str)> = run
        .iter()
        .filter_map(|i| match i {
            DumpItem::Author { key, name } => Some((key.as_str(), name.as_str())),
            _ => None,
        })
        .collect();
    let names: Vec<&str> = authors.iter().map(|(_, n)| *n).collect();
    let filed = file_authors(db, &names, now).await?;
    let (mut keys, mut ids) = (Vec::new(), Vec::new());
    for (key, name) in &authors {
        if let Some(id) = filed.get(&author_key(name)) {
            keys.push(*key);
            ids.push(*id);
        }
    }
    let added = if db.dialect() == Dialect::Sqlite {
        let mut added = 0;
        for (key, id) in keys.iter().zip(&ids) {
            added += db
                .exec(
                    sql!("INSERT INTO ol_authors (ol_key, author_id) VALUES ($1, $2) ON CONFLICT (ol_key) DO NOTHING"),
                    &[key, id],
                )
                .await?;
        }
        added
    } else {
        db.exec(
            sql!(
                "INSERT INTO ol_authors (ol_key, author_id)
                 SELECT * FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS BIGINT[])) ON CONFLICT (ol_key) DO NOTHING"
            ),
            &[&List(&keys), &List(&ids)],
        )
        .await?
    };
    counts.authors += added;
    counts.already += authors.len() as u64 - added;
    Ok(())
}

/// Makes a book of each work whose authors are in, or files the work's key
/// on the catalogued book with its title and first author.
async fn dump_works<D: Db>(
    db: &D,
    run: &[DumpItem],
    now: i64,
    counts: &mut DumpCounts,
) -> StoreResult<()> {
    let works: Vec<Work> = run
        .iter()
        .filter_map(|i| match i {
            DumpItem::Work {
                key,
                title,
                author_keys,
                description,
                year,
                subjects,
            } => Some(Work {
                key,
                title,
                author_keys,
                description,
                year: *year,
                subjects,
            }),
            _ => None,
        })
        .collect();
    let keys: Vec<&str> = works.iter().map(|w| w.key.as_str()).collect();
    let mut known: HashSet<String> = books_by_work(db, &keys).await?.into_keys().collect();
    let mut author_keys: Vec<&str> = works
        .iter()
        .flat_map(|w| w.author_keys.iter().map(String::as_str))
        .collect();
    author_keys.sort_unstable();
    author_keys.dedup();
    let names: HashMap<String, String> = db
        .all(
            sql!(
                sqlite: "SELECT o.ol_key, a.name FROM ol_authors o JOIN authors a ON a.id = o.author_id
                 WHERE o.ol_key IN (SELECT value FROM json_each($1))",
                postgres: "SELECT o.ol_key, a.name FROM ol_authors o JOIN authors a ON a.id = o.author_id
                 WHERE o.ol_key = ANY($1)",
            ),
            &[&List(&author_keys)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .await?
        .into_iter()
        .collect();
    let (mut books, mut taken) = (Vec::new(), Vec::new());
    for work in &works {
        if !known.insert(work.key.clone()) {
            counts.already += 1;
            continue;
        }
        let mut authors: Vec<String> = Vec::new();
        for name in work.author_keys.iter().filter_map(|k| names.get(k)) {
            if !authors.contains(name) {
                authors.push(name.clone());
            }
        }
        if authors.is_empty() {
            counts.works_without_known_author += 1;
            continue;
        }
        books.push(NewBook {
            title: work.title.clone(),
            authors,
            roles: Vec::new(),
            isbn13: None,
            isbn10: None,
            pages: None,
            year: work.year,
            description: work.description.clone(),
            series: None,
            series_position: None,
            language: None,
            popularity: 0,
            created_by: None,
            now,
        });
        taken.push(work);
    }
    let work_keys: Vec<Option<String>> = taken.iter().map(|w| Some(w.key.clone())).collect();
    let ids = insert_books(db, &books, &work_keys).await?;
    let (mut subject_books, mut positions, mut subjects) = (Vec::new(), Vec::new(), Vec::new());
    let mut filed: Vec<(i64, &[String])> = Vec::new();
    for ((work, book), id) in taken.iter().zip(&books).zip(ids) {
        if let Some(id) = id {
            counts.works += 1;
            filed.push((id, work.subjects));
            for (position, subject) in work.subjects.iter().enumerate() {
                subject_books.push(id);
                positions.push(position as i64);
                subjects.push(subject.as_str());
            }
            continue;
        }
        // A book from elsewhere (a catalogue file, a reader) is the same
        // work: it takes the key, unless it came from another work.
        let first = author_key(&book.authors[0]);
        let Some(id) = book_by_title_author(db, &book.title, &first).await? else {
            counts.already += 1;
            continue;
        };
        counts.matched += 1;
        db.exec(
            sql!("UPDATE books SET ol_work_key = $2 WHERE id = $1 AND ol_work_key IS NULL"),
            &[&id, &work.key],
        )
        .await?;
    }
    if db.dialect() == Dialect::Sqlite {
        for ((book, position), subject) in subject_books.iter().zip(&positions).zip(&subjects) {
            db.exec(
                sql!("INSERT INTO book_subjects (book_id, position, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"),
                &[book, position, subject],
            )
            .await?;
        }
    } else if !subjects.is_empty() {
        db.exec(
            sql!(
                "INSERT INTO book_subjects (book_id, position, subject)
                 SELECT * FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS BIGINT[]), CAST($3 AS TEXT[]))
                 ON CONFLICT DO NOTHING"
            ),
            &[&List(&subject_books), &List(&positions), &List(&subjects)],
        )
        .await?;
    }
    super::genres::file_genres(db, &filed).await
}

/// A work record, borrowed from its `DumpItem`.
struct Work<'a> {
    key: &'a String,
    title: &'a String,
    author_keys: &'a [String],
    description: &'a Option<String>,
    year: Option<i64>,
    subjects: &'a [String],
}

/// The catalogued books made from (or matched to) these works, by work key.
async fn books_by_work<D: Db>(db: &D, keys: &[&str]) -> StoreResult<HashMap<String, i64>> {
    Ok(db
        .all(
            sql!(
                sqlite: "SELECT ol_work_key, id FROM books WHERE ol_work_key IN (SELECT value FROM json_each($1))",
                postgres: "SELECT ol_work_key, id FROM books WHERE ol_work_key = ANY($1)",
            ),
            &[&List(keys)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .await?
        .into_iter()
        .collect())
}

/// Adds each edition to the book made from its work, and gives a book its
/// first edition's page count if it had none.
async fn dump_editions<D: Db>(
    db: &D,
    run: &[DumpItem],
    now: i64,
    counts: &mut DumpCounts,
) -> StoreResult<()> {
    let mut work_keys: Vec<&str> = run
        .iter()
        .filter_map(|i| match i {
            DumpItem::Edition { work, .. } => Some(work.as_str()),
            _ => None,
        })
        .collect();
    work_keys.sort_unstable();
    work_keys.dedup();
    let books = books_by_work(db, &work_keys).await?;
    let mut rows = Vec::new();
    for item in run {
        let DumpItem::Edition { work, .. } = item else {
            continue;
        };
        match books.get(work) {
            Some(&book) => rows.push((book, item)),
            None => counts.editions_without_known_work += 1,
        }
    }
    let mut added: Vec<(i64, Option<i64>)> = Vec::new();
    if db.dialect() == Dialect::Sqlite {
        for (book, item) in &rows {
            let DumpItem::Edition {
                key,
                isbn13,
                isbn10,
                publisher,
                format,
                pages,
                year,
                language,
                ..
            } = item
            else {
                continue;
            };
            let n = db
                .exec(
                    sql!(
                        "INSERT INTO editions (book_id, isbn13, isbn10, publisher, year, pages, format, language, created_at, ol_edition_key)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING"
                    ),
                    &[book, isbn13, isbn10, publisher, year, pages, format, language, &now, key],
                )
                .await?;
            if n > 0 {
                added.push((*book, *pages));
            }
        }
    } else if !rows.is_empty() {
        let field = |f: fn(&DumpItem) -> Option<&String>| -> Vec<Option<&String>> {
            rows.iter().map(|(_, i)| f(i)).collect()
        };
        let number = |f: fn(&DumpItem) -> Option<i64>| -> Vec<Option<i64>> {
            rows.iter().map(|(_, i)| f(i)).collect()
        };
        let ids: Vec<i64> = rows.iter().map(|(b, _)| *b).collect();
        let keys = field(|i| match i {
            DumpItem::Edition { key, .. } => Some(key),
            _ => None,
        });
        let isbn13 = field(|i| match i {
            DumpItem::Edition { isbn13, .. } => isbn13.as_ref(),
            _ => None,
        });
        let isbn10 = field(|i| match i {
            DumpItem::Edition { isbn10, .. } => isbn10.as_ref(),
            _ => None,
        });
        let publisher = field(|i| match i {
            DumpItem::Edition { publisher, .. } => publisher.as_ref(),
            _ => None,
        });
        let format = field(|i| match i {
            DumpItem::Edition { format, .. } => format.as_ref(),
            _ => None,
        });
        let language = field(|i| match i {
            DumpItem::Edition { language, .. } => language.as_ref(),
            _ => None,
        });
        let pages = number(|i| match i {
            DumpItem::Edition { pages, .. } => *pages,
            _ => None,
        });
        let year = number(|i| match i {
            DumpItem::Edition { year, .. } => *year,
            _ => None,
        });
        added = db
            .all(
                sql!(
                    "INSERT INTO editions (book_id, isbn13, isbn10, publisher, year, pages, format, language, created_at, ol_edition_key)
                     SELECT b, i13, i10, p, y, n, f, l, CAST($9 AS BIGINT), k FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS TEXT[]),
                         CAST($3 AS TEXT[]), CAST($4 AS TEXT[]), CAST($5 AS BIGINT[]), CAST($6 AS BIGINT[]),
                         CAST($7 AS TEXT[]), CAST($8 AS TEXT[]), CAST($10 AS TEXT[])) AS x(b, i13, i10, p, y, n, f, l, k)
                     ON CONFLICT DO NOTHING RETURNING book_id, pages"
                ),
                &[&List(&ids), &List(&isbn13), &List(&isbn10), &List(&publisher), &List(&year), &List(&pages),
                  &List(&format), &List(&language), &now, &List(&keys)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .await?;
    }
    counts.editions += added.len() as u64;
    counts.already += (rows.len() - added.len()) as u64;
    // The first edition with a page count gives it to its book.
    let mut seen = HashSet::new();
    let paged: Vec<(i64, i64)> = added
        .into_iter()
        .filter_map(|(book, pages)| Some((book, pages?)))
        .filter(|(book, _)| seen.insert(*book))
        .collect();
    if db.dialect() == Dialect::Sqlite {
        for (book, pages) in &paged {
            db.exec(
                sql!("UPDATE books SET pages = $2 WHERE id = $1 AND pages IS NULL"),
                &[book, pages],
            )
            .await?;
        }
    } else if !paged.is_empty() {
        let (ids, pages): (Vec<i64>, Vec<i64>) = paged.into_iter().unzip();
        db.exec(
            sql!(
                "UPDATE books SET pages = x.n FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS BIGINT[])) AS x(id, n)
                 WHERE books.id = x.id AND books.pages IS NULL"
            ),
            &[&List(&ids), &List(&pages)],
        )
        .await?;
    }
    Ok(())
}

impl Store {
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
        match &self.engine {
            super::Engine::Sqlite(pool) => {
                let _written = self.written();
                pool.write_big(
                    &self.queries,
                    super::sqlite::BULK_LOAD_CACHE_KIB,
                    move |db| {
                        super::db::drive(import_dump_batch(db, &name, lines, finished, &items, now))
                    },
                )
                .await
            }
            super::Engine::Postgres(_) => write!(self, |db| import_dump_batch(
                db, &name, lines, finished, &items, now
            )),
        }
    }
}
