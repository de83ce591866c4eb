//! Many books at once, for catalogue files and Open Library dumps: the rules
//! of `catalogue::insert_book` (a book matching a catalogued one by title and
//! first author, or by ISBN, is left out), checked for a whole batch with a
//! few queries, then each table written in bulk instead of row by row per book.
//!
//! The bulk writes differ per engine: SQLite runs in-process, where one cached
//! statement a row costs microseconds and beats joining lists by position;
//! PostgreSQL takes a list per column (see `db::List`), one round trip a table.

use std::collections::{HashMap, HashSet};

use super::db::{Db, List};
use super::sql::Dialect;
use crate::domain::search::title_key;
use crate::sql;
use crate::store::{NewBook, StoreResult, author_key};

/// Inserts the books that are not catalogued yet, with their authors,
/// editions, each with its Open Library work key if it has
/// one (`work_keys` is empty or one per book); per book, its id or None when
/// it was left out.
pub(crate) async fn insert_books<D: Db>(
    db: &D,
    books: &[NewBook],
    work_keys: &[Option<String>],
) -> StoreResult<Vec<Option<i64>>> {
    let planned = plan_books(db, books, work_keys).await?;
    let mut rows = book_rows(books, work_keys, &planned);
    let filed = file_authors_of(db, &rows).await?;
    write_rows(db, &mut rows, &filed).await?;
    Ok(ids_of(books.len(), &rows))
}

/// Which of the books are not catalogued yet, each with the id reserved for
/// it: (place in the batch, id). Reads only, but for the ids.
pub(crate) async fn plan_books<D: Db>(
    db: &D,
    books: &[NewBook],
    work_keys: &[Option<String>],
) -> StoreResult<Vec<(usize, i64)>> {
    if books.is_empty() {
        return Ok(Vec::new());
    }
    let titles: Vec<String> = books.iter().map(|b| title_key(&b.title)).collect();
    let firsts: Vec<Option<String>> = books
        .iter()
        .map(|b| b.authors.first().map(|a| author_key(a)))
        .collect();
    let mut known = catalogued_titles(db, &titles).await?;
    let (mut taken13, mut taken10) = catalogued_isbns(db, books).await?;
    let mut taken_works: HashSet<&str> = HashSet::new();
    let mut chosen = Vec::new();
    for (i, book) in books.iter().enumerate() {
        let with_isbn = book.isbn13.is_some() || book.isbn10.is_some();
        let key = firsts[i].clone().map(|first| (titles[i].clone(), first));
        // A copy with an ISBN is only held against books without one (see `insert_book`).
        if let Some(isbnless) = key.as_ref().and_then(|k| known.get(k))
            && (!with_isbn || *isbnless)
        {
            continue;
        }
        if book.isbn13.as_ref().is_some_and(|i| taken13.contains(i))
            || book.isbn10.as_ref().is_some_and(|i| taken10.contains(i))
        {
            continue;
        }
        let work = work_keys.get(i).and_then(|k| k.as_deref());
        if work.is_some_and(|w| !taken_works.insert(w)) {
            continue;
        }
        if let Some(key) = key {
            *known.entry(key).or_insert(false) |= !with_isbn;
        }
        taken13.extend(book.isbn13.clone());
        taken10.extend(book.isbn10.clone());
        chosen.push(i);
    }
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let reserved: Vec<i64> = db
        .all(
            sql!(
                sqlite: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
                 SELECT (SELECT coalesce(max(id), 0) FROM books) + i FROM n",
                postgres: "SELECT nextval(pg_get_serial_sequence('books', 'id')) FROM generate_series(1, CAST($1 AS BIGINT))",
            ),
            &[&(chosen.len() as i64)],
            |r| r.get(0),
        )
        .await?;
    Ok(chosen.into_iter().zip(reserved).collect())
}

/// The planned books as rows to write.
pub(crate) fn book_rows<'a>(
    books: &'a [NewBook],
    work_keys: &'a [Option<String>],
    planned: &[(usize, i64)],
) -> Vec<BookRow<'a>> {
    planned
        .iter()
        .map(|&(i, id)| BookRow {
            index: i,
            id,
            book: &books[i],
            title_key: title_key(&books[i].title),
            work: work_keys.get(i).and_then(|k| k.as_deref()),
        })
        .collect()
}

/// Per book of the batch, its id if it was written.
pub(crate) fn ids_of(count: usize, written: &[BookRow<'_>]) -> Vec<Option<i64>> {
    let mut ids = vec![None; count];
    for r in written {
        ids[r.index] = Some(r.id);
    }
    ids
}

/// Writes the rows' books, their authorships (authors filed already, see
/// `file_authors_of`) and editions; keeps in `rows` only the books written (a
/// book that met a unique key after all is not).
pub(crate) async fn write_rows<D: Db>(
    db: &D,
    rows: &mut Vec<BookRow<'_>>,
    filed: &HashMap<String, i64>,
) -> StoreResult<()> {
    let inserted = write_books(db, rows).await?;
    rows.retain(|r| inserted.contains(&r.id));
    write_authors(db, rows, filed).await?;
    write_editions(db, rows).await
}

/// A book about to be written, with the id reserved for it.
pub(crate) struct BookRow<'a> {
    /// Its place in the batch.
    index: usize,
    id: i64,
    book: &'a NewBook,
    title_key: String,
    work: Option<&'a str>,
}

/// (title key, first author key) of the catalogued books with these title
/// keys, each with whether one of them has no ISBN.
async fn catalogued_titles<D: Db>(
    db: &D,
    titles: &[String],
) -> StoreResult<HashMap<(String, String), bool>> {
    let mut unique: Vec<&String> = titles.iter().collect();
    unique.sort();
    unique.dedup();
    let rows: Vec<(String, String, bool)> = db
        .all(
            sql!(
                sqlite: "SELECT b.title_key, a.name_key, b.isbn13 IS NULL AND b.isbn10 IS NULL FROM books b
                 JOIN book_authors ba ON ba.book_id = b.id AND ba.position = 0
                 JOIN authors a ON a.id = ba.author_id
                 WHERE b.title_key IN (SELECT value FROM json_each($1))",
                // A join from the list: `= ANY` of a 100,000-key list is
                // planned as a scan of the whole table.
                postgres: "SELECT b.title_key, a.name_key, b.isbn13 IS NULL AND b.isbn10 IS NULL
                 FROM unnest(CAST($1 AS TEXT[])) AS k(t) JOIN books b ON b.title_key = k.t
                 JOIN book_authors ba ON ba.book_id = b.id AND ba.position = 0
                 JOIN authors a ON a.id = ba.author_id",
            ),
            &[&List(&unique)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .await?;
    let mut known = HashMap::new();
    for (title, author, isbnless) in rows {
        *known.entry((title, author)).or_insert(false) |= isbnless;
    }
    Ok(known)
}

/// The ISBN-13s and ISBN-10s among the books' that a book or edition holds already.
async fn catalogued_isbns<D: Db>(
    db: &D,
    books: &[NewBook],
) -> StoreResult<(HashSet<String>, HashSet<String>)> {
    let isbn13s: Vec<&String> = books.iter().filter_map(|b| b.isbn13.as_ref()).collect();
    let isbn10s: Vec<&String> = books.iter().filter_map(|b| b.isbn10.as_ref()).collect();
    let (mut taken13, mut taken10) = (HashSet::new(), HashSet::new());
    if isbn13s.is_empty() && isbn10s.is_empty() {
        return Ok((taken13, taken10));
    }
    // One select per column, so each reads its own unique index.
    let rows: Vec<(Option<String>, Option<String>)> = db
        .all(
            sql!(
                sqlite: "SELECT isbn13, isbn10 FROM editions WHERE isbn13 IN (SELECT value FROM json_each($1))
                 UNION ALL SELECT isbn13, isbn10 FROM editions WHERE isbn10 IN (SELECT value FROM json_each($2))
                 UNION ALL SELECT isbn13, isbn10 FROM books WHERE isbn13 IN (SELECT value FROM json_each($1))
                 UNION ALL SELECT isbn13, isbn10 FROM books WHERE isbn10 IN (SELECT value FROM json_each($2))",
                postgres: "SELECT e.isbn13, e.isbn10 FROM unnest(CAST($1 AS TEXT[])) AS k(i) JOIN editions e ON e.isbn13 = k.i
                 UNION ALL SELECT e.isbn13, e.isbn10 FROM unnest(CAST($2 AS TEXT[])) AS k(i) JOIN editions e ON e.isbn10 = k.i
                 UNION ALL SELECT b.isbn13, b.isbn10 FROM unnest(CAST($1 AS TEXT[])) AS k(i) JOIN books b ON b.isbn13 = k.i
                 UNION ALL SELECT b.isbn13, b.isbn10 FROM unnest(CAST($2 AS TEXT[])) AS k(i) JOIN books b ON b.isbn10 = k.i",
            ),
            &[&List(&isbn13s), &List(&isbn10s)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .await?;
    for (isbn13, isbn10) in rows {
        taken13.extend(isbn13);
        taken10.extend(isbn10);
    }
    Ok((taken13, taken10))
}

/// Writes the books with their reserved ids; the ids written (a book that
/// met a unique key after all is not).
async fn write_books<D: Db>(db: &D, rows: &[BookRow<'_>]) -> StoreResult<HashSet<i64>> {
    let mut written = HashSet::new();
    if db.dialect() == Dialect::Sqlite {
        for r in rows {
            let b = r.book;
            let added = db
                .exec(
                    sql!("INSERT INTO books (id, title, isbn13, isbn10, pages, year, description, series, series_position,
                          language, popularity, created_by, created_at, title_key, ol_work_key)
                          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING"),
                    &[&r.id, &b.title, &b.isbn13, &b.isbn10, &b.pages, &b.year, &b.description, &b.series,
                      &b.series_position, &b.language, &b.popularity, &b.created_by, &b.now, &r.title_key, &r.work],
                )
                .await?;
            if added > 0 {
                written.insert(r.id);
            }
        }
        return Ok(written);
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let text = |f: fn(&NewBook) -> &Option<String>| -> Vec<Option<String>> {
        rows.iter().map(|r| f(r.book).clone()).collect()
    };
    let number = |f: fn(&NewBook) -> Option<i64>| -> Vec<Option<i64>> {
        rows.iter().map(|r| f(r.book)).collect()
    };
    let titles: Vec<&str> = rows.iter().map(|r| r.book.title.as_str()).collect();
    let keys: Vec<&str> = rows.iter().map(|r| r.title_key.as_str()).collect();
    let works: Vec<Option<&str>> = rows.iter().map(|r| r.work).collect();
    let (isbn13, isbn10, description) = (
        text(|b| &b.isbn13),
        text(|b| &b.isbn10),
        text(|b| &b.description),
    );
    let (series, position, language) = (
        text(|b| &b.series),
        text(|b| &b.series_position),
        text(|b| &b.language),
    );
    let (pages, year) = (number(|b| b.pages), number(|b| b.year));
    let (popularity, created_by, now) = (
        number(|b| Some(b.popularity)),
        number(|b| b.created_by),
        number(|b| Some(b.now)),
    );
    let added: Vec<i64> = db
        .all(
            sql!("INSERT INTO books (id, title, isbn13, isbn10, pages, year, description, series, series_position,
                  language, popularity, created_by, created_at, title_key, ol_work_key)
                  SELECT * FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS TEXT[]), CAST($3 AS TEXT[]), CAST($4 AS TEXT[]),
                      CAST($5 AS BIGINT[]), CAST($6 AS BIGINT[]), CAST($7 AS TEXT[]), CAST($8 AS TEXT[]),
                      CAST($9 AS TEXT[]), CAST($10 AS TEXT[]), CAST($11 AS BIGINT[]), CAST($12 AS BIGINT[]),
                      CAST($13 AS BIGINT[]), CAST($14 AS TEXT[]), CAST($15 AS TEXT[]))
                  ON CONFLICT DO NOTHING RETURNING id"),
            &[&List(&ids), &List(&titles), &List(&isbn13), &List(&isbn10), &List(&pages), &List(&year),
              &List(&description), &List(&series), &List(&position), &List(&language), &List(&popularity),
              &List(&created_by), &List(&now), &List(&keys), &List(&works)],
            |r| r.get(0),
        )
        .await?;
    written.extend(added);
    Ok(written)
}

/// The rows' authors, those not catalogued yet added: name key → author.
pub(crate) async fn file_authors_of<D: Db>(
    db: &D,
    rows: &[BookRow<'_>],
) -> StoreResult<HashMap<String, i64>> {
    let names: Vec<&str> = rows
        .iter()
        .flat_map(|r| r.book.authors.iter().map(String::as_str))
        .collect();
    let Some(first) = rows.first() else {
        return Ok(HashMap::new());
    };
    file_authors(db, &names, first.book.now).await
}

/// Files each book under its authors (filed by `file_authors_of`).
async fn write_authors<D: Db>(
    db: &D,
    rows: &[BookRow<'_>],
    filed: &HashMap<String, i64>,
) -> StoreResult<()> {
    let (mut books, mut authors, mut positions, mut roles) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in rows {
        for (position, name) in r.book.authors.iter().enumerate() {
            if let Some(&author) = filed.get(&author_key(name)) {
                books.push(r.id);
                authors.push(author);
                positions.push(position as i64);
                roles.push(r.book.roles.get(position).map_or("author", String::as_str));
            }
        }
    }
    if db.dialect() == Dialect::Sqlite {
        let each = books.iter().zip(&authors).zip(&positions).zip(&roles);
        for (((book, author), position), role) in each {
            db.exec(
                sql!("INSERT INTO book_authors (book_id, author_id, position, role) VALUES ($1, $2, $3, $4)
                      ON CONFLICT DO NOTHING"),
                &[book, author, position, role],
            )
            .await?;
        }
    } else {
        db.exec(
            sql!("INSERT INTO book_authors (book_id, author_id, position, role)
                  SELECT * FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS BIGINT[]), CAST($3 AS BIGINT[]), CAST($4 AS TEXT[]))
                  ON CONFLICT DO NOTHING"),
            &[&List(&books), &List(&authors), &List(&positions), &List(&roles)],
        )
        .await?;
    }
    Ok(())
}

/// The edition each book with an ISBN came as.
async fn write_editions<D: Db>(db: &D, rows: &[BookRow<'_>]) -> StoreResult<()> {
    let rows: Vec<&BookRow> = rows
        .iter()
        .filter(|r| r.book.isbn13.is_some() || r.book.isbn10.is_some())
        .collect();
    if db.dialect() == Dialect::Sqlite {
        for r in rows {
            let b = r.book;
            db.exec(
                sql!("INSERT INTO editions (book_id, isbn13, isbn10, year, pages, language, created_by, created_at)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING"),
                &[&r.id, &b.isbn13, &b.isbn10, &b.year, &b.pages, &b.language, &b.created_by, &b.now],
            )
            .await?;
        }
        return Ok(());
    }
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let text = |f: fn(&NewBook) -> &Option<String>| -> Vec<Option<String>> {
        rows.iter().map(|r| f(r.book).clone()).collect()
    };
    let number = |f: fn(&NewBook) -> Option<i64>| -> Vec<Option<i64>> {
        rows.iter().map(|r| f(r.book)).collect()
    };
    let (isbn13, isbn10, language) = (
        text(|b| &b.isbn13),
        text(|b| &b.isbn10),
        text(|b| &b.language),
    );
    let (year, pages, created_by, now) = (
        number(|b| b.year),
        number(|b| b.pages),
        number(|b| b.created_by),
        number(|b| Some(b.now)),
    );
    db.exec(
        sql!("INSERT INTO editions (book_id, isbn13, isbn10, year, pages, language, created_by, created_at)
              SELECT * FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS TEXT[]), CAST($3 AS TEXT[]), CAST($4 AS BIGINT[]),
                  CAST($5 AS BIGINT[]), CAST($6 AS TEXT[]), CAST($7 AS BIGINT[]), CAST($8 AS BIGINT[]))
              ON CONFLICT DO NOTHING"),
        &[&List(&ids), &List(&isbn13), &List(&isbn10), &List(&year), &List(&pages), &List(&language),
          &List(&created_by), &List(&now)],
    )
    .await?;
    Ok(())
}

/// Adds the authors not catalogued yet (by name key) and answers each name
/// key's author; a name merged into another author is an alias, and answers
/// the author it was merged into.
pub(crate) async fn file_authors<D: Db>(
    db: &D,
    names: &[&str],
    now: i64,
) -> StoreResult<HashMap<String, i64>> {
    let mut firsts: Vec<&str> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for name in names {
        let key = author_key(name);
        if seen.insert(key.clone()) {
            firsts.push(name);
            keys.push(key);
        }
    }
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    if db.dialect() == Dialect::Sqlite {
        for (name, key) in firsts.iter().zip(&keys) {
            db.exec(
                sql!(
                    "INSERT INTO authors (name, name_key, created_at)
                     SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM author_aliases WHERE name_key = $2)
                     ON CONFLICT (name_key) DO NOTHING"
                ),
                &[name, key, &now],
            )
            .await?;
        }
    } else {
        db.exec(
            sql!(
                "INSERT INTO authors (name, name_key, created_at)
                 SELECT n, k, CAST($3 AS BIGINT) FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS TEXT[])) AS x(n, k)
                 WHERE NOT EXISTS (SELECT 1 FROM author_aliases WHERE name_key = k)
                 ON CONFLICT (name_key) DO NOTHING"
            ),
            &[&List(&firsts), &List(&keys), &now],
        )
        .await?;
    }
    filed_authors(db, &keys).await
}

/// The author each name key files under, for those catalogued: the author
/// itself, or the one an alias was merged into.
async fn filed_authors<D: Db>(db: &D, keys: &[String]) -> StoreResult<HashMap<String, i64>> {
    Ok(db
        .all(
            sql!(
                sqlite: "SELECT k.value, coalesce((SELECT author_id FROM author_aliases WHERE name_key = k.value),
                     (SELECT id FROM authors WHERE name_key = k.value)) FROM json_each($1) k",
                postgres: "SELECT k, coalesce((SELECT author_id FROM author_aliases WHERE name_key = k),
                     (SELECT id FROM authors WHERE name_key = k)) FROM unnest(CAST($1 AS TEXT[])) AS x(k)",
            ),
            &[&List(keys)],
            |r| Ok((r.get::<String>(0)?, r.get::<Option<i64>>(1)?)),
        )
        .await?
        .into_iter()
        .filter_map(|(k, id)| Some((k, id?)))
        .collect())
}

impl super::Store {
    /// Refreshes PostgreSQL's statistics of the catalogue's tables after a
    /// load, so searches are not planned for the tables as they were before
    /// it. Only these tables: a load of readers' data may follow, and plans
    /// made for its tables while still empty would make it crawl (see
    /// `refresh_statistics`). SQLite plans from the indexes alone.
    pub async fn refresh_catalogue_statistics(&self) -> StoreResult<()> {
        match &self.engine {
            super::Engine::Sqlite(_) => Ok(()),
            super::Engine::Postgres(_) => write!(self, |db| db.exec(
                sql!(
                    "ANALYZE books, authors, book_authors, editions, search_changes, ol_authors,
                     book_subjects, book_genres"
                ),
                &[]
            ))
            .map(|_| ()),
        }
    }
}
