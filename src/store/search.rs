//! The word index search reads: (word, book, field) postings with each book's
//! popularity beside them, and the distinct words with how many books hold each.

use std::collections::{HashMap, HashSet};

use super::db::{Db, List};
use super::sql::Dialect;
use crate::domain::search::{self, Field};
use crate::sql;
use crate::store::{NewBook, Posting, StoreResult};

/// Writes the index entries of a book just inserted as `id`.
pub(crate) async fn index_book<D: Db>(db: &D, id: i64, new: &NewBook) -> StoreResult<()> {
    let (words, fields): (Vec<String>, Vec<i64>) =
        search::book_terms(&new.title, new.series.as_deref(), &new.authors)
            .into_iter()
            .map(|(t, f)| (t, f as i64))
            .unzip();
    insert_terms(db, id, &words, &fields, new.popularity).await?;
    // A word in two fields of one book is one more book holding it.
    db.exec(
        sql!(
            sqlite: "INSERT INTO search_words (term, books) SELECT DISTINCT value, 1 FROM json_each($1) WHERE true
             ON CONFLICT (term) DO UPDATE SET books = search_words.books + 1",
            postgres: "INSERT INTO search_words (term, books) SELECT DISTINCT t, 1 FROM unnest($1::TEXT[]) AS x(t)
             ON CONFLICT (term) DO UPDATE SET books = search_words.books + 1",
        ),
        &[&List(&words)],
    )
    .await?;
    Ok(())
}

/// The index entries of many books just inserted, and their words' counts:
/// one cached statement a row in SQLite, a list per column in PostgreSQL (see
/// `catalogue_load`). Rows go in word order, so each index page is visited once.
pub(crate) async fn index_books<D: Db>(db: &D, books: &[(i64, &NewBook)]) -> StoreResult<()> {
    let mut rows: Vec<(String, i64, i64, i64)> = Vec::new();
    let mut holding: HashMap<String, i64> = HashMap::new();
    for (id, new) in books {
        let mut seen = HashSet::new();
        for (term, field) in search::book_terms(&new.title, new.series.as_deref(), &new.authors) {
            // A word in two fields of one book is one more book holding it.
            if seen.insert(term.clone()) {
                *holding.entry(term.clone()).or_default() += 1;
            }
            rows.push((term, *id, field as i64, new.popularity));
        }
    }
    rows.sort();
    let mut words: Vec<(String, i64)> = holding.into_iter().collect();
    words.sort();
    if db.dialect() == Dialect::Sqlite {
        for (term, id, field, popularity) in &rows {
            db.exec(
                sql!(
                    "INSERT INTO search_terms (term, book_id, field, popularity) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING"
                ),
                &[term, id, field, popularity],
            )
            .await?;
        }
        for (term, books) in &words {
            db.exec(
                sql!(
                    "INSERT INTO search_words (term, books) VALUES ($1, $2)
                     ON CONFLICT (term) DO UPDATE SET books = search_words.books + excluded.books"
                ),
                &[term, books],
            )
            .await?;
        }
        return Ok(());
    }
    let column = |f: fn(&(String, i64, i64, i64)) -> i64| rows.iter().map(f).collect::<Vec<i64>>();
    let terms: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let (ids, fields, popularity) = (column(|r| r.1), column(|r| r.2), column(|r| r.3));
    db.exec(
        sql!(
            "INSERT INTO search_terms (term, book_id, field, popularity)
             SELECT * FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS BIGINT[]), CAST($3 AS BIGINT[]), CAST($4 AS BIGINT[]))
             ON CONFLICT DO NOTHING"
        ),
        &[&List(&terms), &List(&ids), &List(&fields), &List(&popularity)],
    )
    .await?;
    let (terms, counts): (Vec<String>, Vec<i64>) = words.into_iter().unzip();
    db.exec(
        sql!(
            "INSERT INTO search_words (term, books)
             SELECT * FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS BIGINT[]))
             ON CONFLICT (term) DO UPDATE SET books = search_words.books + excluded.books"
        ),
        &[&List(&terms), &List(&counts)],
    )
    .await?;
    Ok(())
}

/// The bulk word insert: a list parameter each way (see `db::List`).
async fn insert_terms<D: Db>(
    db: &D,
    id: i64,
    words: &[String],
    fields: &[i64],
    popularity: i64,
) -> StoreResult<()> {
    db.exec(
        sql!(
            sqlite: "INSERT INTO search_terms (term, book_id, field, popularity)
             SELECT t.value, $2, f.value, $4 FROM json_each($1) t JOIN json_each($3) f ON f.key = t.key
             WHERE true ON CONFLICT DO NOTHING",
            postgres: "INSERT INTO search_terms (term, book_id, field, popularity)
             SELECT t, $2::BIGINT, f, $4::BIGINT FROM unnest($1::TEXT[], $3::BIGINT[]) AS x(t, f)
             ON CONFLICT DO NOTHING",
        ),
        &[&List(words), &id, &List(fields), &popularity],
    )
    .await?;
    Ok(())
}

queries! {
    // Byte order, as in SQLite: the ranges are built from characters.
    pub(crate) all search_vocab(from: &str, to: &str) -> (String, i64) =
        ("SELECT term, books FROM search_words WHERE term >= $1 AND term < $2");
}

type PostingRow = (String, i64, i64, i64);

fn postings(rows: Vec<PostingRow>) -> Vec<(Posting, i64)> {
    rows.into_iter()
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
        .collect()
}

/// Each word's postings, most popular books first, as many as asked for
/// that word: a word in half the catalogue costs no more than a rare one.
pub(crate) async fn search_postings<D: Db>(
    db: &D,
    terms: &[(String, i64)],
) -> StoreResult<Vec<(Posting, i64)>> {
    let read = |row: &dyn super::db::Row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?));
    let mut rows: Vec<PostingRow> = Vec::new();
    match db.dialect() {
        // In-process, a statement per word costs microseconds; SQLite has no LATERAL.
        Dialect::Sqlite => {
            for (term, limit) in terms {
                rows.extend(
                    db.all(
                        sql!(
                            "SELECT term, book_id, field, popularity FROM search_terms
                             WHERE term = $1 ORDER BY popularity DESC LIMIT $2"
                        ),
                        &[term, limit],
                        read,
                    )
                    .await?,
                );
            }
        }
        Dialect::Postgres => {
            let (words, limits): (Vec<&str>, Vec<i64>) =
                terms.iter().map(|(t, n)| (t.as_str(), *n)).unzip();
            rows = db
                .all(
                    sql!(
                        "SELECT s.term, s.book_id, s.field, s.popularity
                         FROM unnest(CAST($1 AS TEXT[]), CAST($2 AS BIGINT[])) AS q(term, n)
                         CROSS JOIN LATERAL (SELECT term, book_id, field, popularity FROM search_terms
                             WHERE term = q.term ORDER BY popularity DESC LIMIT q.n) AS s"
                    ),
                    &[&List(&words), &List(&limits)],
                    read,
                )
                .await?;
        }
    }
    Ok(postings(rows))
}

/// Every posting of these books, to score them on all of the query's words.
pub(crate) async fn book_postings<D: Db>(db: &D, ids: &[i64]) -> StoreResult<Vec<(Posting, i64)>> {
    let rows: Vec<PostingRow> = db
        .all(
            sql!(
                sqlite: "SELECT term, book_id, field, popularity FROM search_terms
                 WHERE book_id IN (SELECT value FROM json_each($1))",
                postgres: "SELECT term, book_id, field, popularity FROM search_terms
                 WHERE book_id = ANY($1)",
            ),
            &[&List(ids)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .await?;
    Ok(postings(rows))
}

/// Writes the index entries of the books after `after` again, `limit` of
/// them in id order, from their titles, series and authors: the last id
/// done and how many, None when no book was left. See `recount_search_words` for after.
pub(crate) async fn reindex_books<D: Db>(
    db: &D,
    after: i64,
    limit: i64,
) -> StoreResult<Option<(i64, i64)>> {
    let books: Vec<(i64, String, Option<String>, i64)> = db
        .all(
            sql!(
                "SELECT id, title, series, popularity FROM books WHERE id > $1 ORDER BY id LIMIT $2"
            ),
            &[&after, &limit],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .await?;
    let Some(last) = books.last().map(|b| b.0) else {
        return Ok(None);
    };
    let names: Vec<(i64, String)> = db
        .all(
            sql!("SELECT ba.book_id, a.name FROM book_authors ba JOIN authors a ON a.id = ba.author_id
             WHERE ba.book_id > $1 AND ba.book_id <= $2 ORDER BY ba.book_id, ba.position"),
            &[&after, &last],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .await?;
    db.exec(
        sql!("DELETE FROM search_terms WHERE book_id > $1 AND book_id <= $2"),
        &[&after, &last],
    )
    .await?;
    let done = books.len() as i64;
    for (id, title, series, popularity) in books {
        let authors: Vec<String> = names
            .iter()
            .filter(|(book, _)| *book == id)
            .map(|(_, name)| name.clone())
            .collect();
        let terms = search::book_terms(&title, series.as_deref(), &authors);
        let (words, fields): (Vec<String>, Vec<i64>) =
            terms.into_iter().map(|(t, f)| (t, f as i64)).unzip();
        insert_terms(db, id, &words, &fields, popularity).await?;
        db.exec(
            sql!(
                sqlite: "INSERT INTO search_words (term) SELECT value FROM json_each($1) WHERE true
                 ON CONFLICT DO NOTHING",
                postgres: "INSERT INTO search_words (term) SELECT DISTINCT t FROM unnest($1::TEXT[]) AS x(t)
                 ON CONFLICT DO NOTHING",
            ),
            &[&List(&words)],
        )
        .await?;
    }
    Ok(Some((last, done)))
}

/// Counts again how many books hold each word, and forgets words none holds.
pub(crate) async fn recount_search_words<D: Db>(db: &D) -> StoreResult<()> {
    db.exec(
        sql!(
            "UPDATE search_words SET books = (SELECT count(DISTINCT s.book_id) FROM search_terms s
         WHERE s.term = search_words.term)"
        ),
        &[],
    )
    .await?;
    db.exec(sql!("DELETE FROM search_words WHERE books = 0"), &[])
        .await?;
    Ok(())
}

/// The highest id stands in for the count: it costs an index probe, not a scan.
pub(crate) async fn book_count<D: Db>(db: &D) -> StoreResult<i64> {
    Ok(db
        .value(sql!("SELECT coalesce(max(id), 0) FROM books"), &[])
        .await?
        .unwrap_or(0))
}

store! {
    /// The distinct indexed words from `from` (inclusive) to `to` (exclusive),
    /// each with how many books hold it.
    read search_vocab(from: &str, to: &str) -> Vec<(String, i64)>;
    /// (word, book, field) for these words, the most popular books of each
    /// (as many as asked for beside it), with each book's popularity.
    read search_postings(terms: &[(String, i64)]) -> Vec<(Posting, i64)>;
    /// Every (word, book, field) of these books, with each book's popularity.
    read book_postings(ids: &[i64]) -> Vec<(Posting, i64)>;
    /// Writes the index entries of up to `limit` books after `after` again; the last id done, and how many.
    write reindex_books(after: i64, limit: i64) -> Option<(i64, i64)>;
    /// How many books hold each indexed word, counted again.
    write recount_search_words() -> ();
    /// How many books there are, near enough (the highest id): cheap, for weighing rare words.
    lookup book_count() -> i64;
}
