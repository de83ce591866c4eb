//! Books and authors.

use std::collections::HashMap;

use super::Store;
use super::db::{Db, List, Params, Row};
use super::limits::{self, Act, Limited};
use super::sql::Sql;
use crate::domain::search::title_key;
use crate::sql;
use crate::store::{AuthorRef, Book, NewBook, StoreResult};

macro_rules! book_columns {
    () => {
        "b.id, b.title, b.isbn13, b.isbn10, b.pages, b.year, \
     b.description, b.ratings_count, b.ratings_sum, b.reviews_count, b.created_at, b.series, b.series_position, b.cover"
    };
}
pub(crate) use book_columns;

/// How many columns `book_columns!()` holds.
pub(crate) const BOOK_WIDTH: usize = 14;

/// A book from `book_columns!()` starting at column `at`; authors come after.
pub(crate) fn book_row(r: &dyn Row, at: usize) -> super::StoreResult<Book> {
    Ok(Book {
        id: r.get(at)?,
        title: r.get(at + 1)?,
        isbn13: r.get(at + 2)?,
        isbn10: r.get(at + 3)?,
        pages: r.get(at + 4)?,
        year: r.get(at + 5)?,
        description: r.get(at + 6)?,
        ratings_count: r.get(at + 7)?,
        ratings_sum: r.get(at + 8)?,
        reviews_count: r.get(at + 9)?,
        created_at: r.get(at + 10)?,
        series: r.get(at + 11)?,
        series_position: r.get(at + 12)?,
        cover: r.get(at + 13)?,
        authors: Vec::new(),
    })
}

/// `= ANY($1)` for a list of ids, as PostgreSQL plans once a connection.
/// Seeing the list, it planned `= ANY($1)` again on every run (a plan for
/// one id looks cheaper than one for any list), and that took four to eight
/// times as long as running it; behind a sub-select the list is unseen, so
/// after five runs the plan for any list is kept.
macro_rules! any_of_ids {
    () => {
        "= ANY(CAST((SELECT CAST($1 AS BIGINT[])) AS BIGINT[]))"
    };
}

/// The authors of a list of books, each book's in order.
const AUTHORS_OF_BOOKS: Sql = sql!(
    sqlite: "SELECT ba.book_id, a.id, a.name, ba.role FROM book_authors ba JOIN authors a ON a.id = ba.author_id
     WHERE ba.book_id IN (SELECT value FROM json_each($1)) ORDER BY ba.book_id, ba.position",
    postgres: concat!("SELECT ba.book_id, a.id, a.name, ba.role FROM book_authors ba JOIN authors a ON a.id = ba.author_id
     WHERE ba.book_id ", any_of_ids!(), " ORDER BY ba.book_id, ba.position"),
);

/// Fills in the authors of all the books with one query.
pub(crate) async fn attach_authors<'b, D: Db>(
    db: &D,
    books: impl IntoIterator<Item = &'b mut Book>,
) -> StoreResult<()> {
    let mut books: Vec<&mut Book> = books.into_iter().collect();
    if books.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = books.iter().map(|b| b.id).collect();
    let rows: Vec<(i64, AuthorRef)> = db
        .all(AUTHORS_OF_BOOKS, &[&List(&ids)], |r| {
            Ok((
                r.get(0)?,
                AuthorRef {
                    id: r.get(1)?,
                    name: r.get(2)?,
                    role: r.get(3)?,
                },
            ))
        })
        .await?;
    let mut by_book: HashMap<i64, Vec<AuthorRef>> = HashMap::new();
    for (book_id, author) in rows {
        by_book.entry(book_id).or_default().push(author);
    }
    for book in books.iter_mut() {
        book.authors = by_book.remove(&book.id).unwrap_or_default();
    }
    Ok(())
}

async fn books_where<D: Db>(db: &D, sql: Sql, params: Params<'_>) -> StoreResult<Vec<Book>> {
    let mut books = db.all(sql, params, |r| book_row(r, 0)).await?;
    attach_authors(db, books.iter_mut()).await?;
    Ok(books)
}

/// Inserts a book, its authors and its search words. With `skip_duplicates`
/// a book whose ISBN is catalogued already is skipped (None) instead of failing.
pub(crate) async fn insert_book<D: Db>(
    db: &D,
    new: &NewBook,
    skip_duplicates: bool,
) -> StoreResult<Option<i64>> {
    // The same title (folded) by the same first author is the same book. A
    // copy with an ISBN is only held against books without one (the demo's, a
    // reader's), so a catalogue loaded after the demo adds no second
    // Middlemarch while its own volumes sharing a title stay apart.
    if skip_duplicates {
        let first = new
            .authors
            .first()
            .map(|a| crate::store::author_key(a))
            .unwrap_or_default();
        let with_isbn = new.isbn13.is_some() || new.isbn10.is_some();
        let known = title_author_match(db, &new.title, &first, with_isbn).await?;
        if known.is_some() {
            return Ok(None);
        }
    }
    // An ISBN may name another book's later edition, which `books` does not hold.
    if skip_duplicates
        && (new.isbn13.is_some() || new.isbn10.is_some())
        && db
            .value::<i64>(
                sql!("SELECT 1 FROM editions WHERE isbn13 = $1 OR isbn10 = $2"),
                &[&new.isbn13, &new.isbn10],
            )
            .await?
            .is_some()
    {
        return Ok(None);
    }
    let sql = if skip_duplicates {
        sql!("INSERT INTO books (title, isbn13, isbn10, pages, year, description, series, series_position, language, popularity, created_by, created_at, title_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING id")
    } else {
        sql!("INSERT INTO books (title, isbn13, isbn10, pages, year, description, series, series_position, language, popularity, created_by, created_at, title_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
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
                &title_key(&new.title),
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
            sql!(
                "INSERT INTO authors (name, name_key, created_at)
             SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM author_aliases WHERE name_key = $2)
             ON CONFLICT (name_key) DO NOTHING"
            ),
            &[name, &key, &new.now],
        )
        .await?;
        db.exec(
            sql!("INSERT INTO book_authors (book_id, author_id, position, role)
             SELECT CAST($1 AS BIGINT), a, CAST($3 AS BIGINT), CAST($4 AS TEXT) FROM (SELECT coalesce(
                 (SELECT author_id FROM author_aliases WHERE name_key = $2),
                 (SELECT id FROM authors WHERE name_key = $2)) AS a) AS x
             WHERE a IS NOT NULL
             ON CONFLICT DO NOTHING"),
            &[&id, &key, &(position as i64), &role],
        )
        .await?;
    }
    if new.isbn13.is_some() || new.isbn10.is_some() {
        db.exec(
            sql!("INSERT INTO editions (book_id, isbn13, isbn10, year, pages, language, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
            &[&id, &new.isbn13, &new.isbn10, &new.year, &new.pages, &new.language, &new.created_by, &new.now],
        )
        .await?;
    }
    Ok(Some(id))
}

pub(crate) async fn create_book<D: Db>(db: &D, new: &NewBook) -> StoreResult<i64> {
    Ok(insert_book(db, new, false).await?.unwrap_or_default())
}

/// A reader's book, if their hour has room for `per_hour` books; a book no
/// reader adds (the catalogue's) is not counted.
pub(crate) async fn add_book_within<D: Db>(
    db: &D,
    new: &NewBook,
    per_hour: i64,
) -> StoreResult<Limited<i64>> {
    if let Some(adder) = new.created_by
        && let Limited::OverLimit { oldest } =
            limits::take_turn(db, adder, Act::AddBook, per_hour, new.now).await?
    {
        return Ok(Limited::OverLimit { oldest });
    }
    Ok(Limited::Done(create_book(db, new).await?))
}

pub(crate) async fn book<D: Db>(db: &D, id: i64) -> StoreResult<Option<Book>> {
    Ok(books_where(
        db,
        sql!(concat!(
            "SELECT ",
            book_columns!(),
            " FROM books b WHERE b.id = $1"
        )),
        &[&id],
    )
    .await?
    .pop())
}

pub(crate) async fn recent_books<D: Db>(db: &D, limit: i64) -> StoreResult<Vec<Book>> {
    books_where(
        db,
        sql!(concat!(
            "SELECT ",
            book_columns!(),
            " FROM books b ORDER BY b.id DESC LIMIT $1"
        )),
        &[&limit],
    )
    .await
}

pub(crate) async fn author_books<D: Db>(db: &D, author_id: i64) -> StoreResult<Vec<Book>> {
    books_where(
        db,
        sql!(concat!(
            "SELECT ",
            book_columns!(),
            " FROM books b JOIN book_authors ba ON ba.book_id = b.id
             WHERE ba.author_id = $1 ORDER BY b.year IS NULL, b.year, b.title"
        )),
        &[&author_id],
    )
    .await
}

/// The book's edition with these ISBNs, catalogued now if the book lacks it
/// (None when an ISBN belongs to another book's edition).
pub(crate) async fn edition_of<D: Db>(
    db: &D,
    book_id: i64,
    new: &NewBook,
) -> StoreResult<Option<i64>> {
    if new.isbn13.is_none() && new.isbn10.is_none() {
        return Ok(None);
    }
    db.exec(
        sql!("INSERT INTO editions (book_id, isbn13, isbn10, year, pages, language, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING"),
        &[&book_id, &new.isbn13, &new.isbn10, &new.year, &new.pages, &new.language, &new.created_by, &new.now],
    )
    .await?;
    db.value(
        sql!("SELECT id FROM editions WHERE book_id = $1 AND (isbn13 = $2 OR isbn10 = $3) ORDER BY id LIMIT 1"),
        &[&book_id, &new.isbn13, &new.isbn10],
    )
    .await
}

queries! {
    pub(crate) value book_by_isbn13(isbn13: &str) -> i64 =
        ("SELECT book_id FROM editions WHERE isbn13 = $1");
}

pub(crate) async fn books_by_ids<D: Db>(db: &D, ids: &[i64]) -> StoreResult<Vec<Book>> {
    let mut books = books_where(
        db,
        sql!(
            sqlite: concat!("SELECT ", book_columns!(), " FROM books b WHERE b.id IN (SELECT value FROM json_each($1))"),
            postgres: concat!("SELECT ", book_columns!(), " FROM books b WHERE b.id ", any_of_ids!()),
        ),
        &[&List(ids)],
    )
    .await?;
    books.sort_by_key(|b| ids.iter().position(|id| *id == b.id));
    Ok(books)
}

pub(crate) async fn search_authors<D: Db>(
    db: &D,
    words: &str,
    limit: i64,
) -> StoreResult<Vec<AuthorRef>> {
    db.all(
        sql!(
            "SELECT id, name FROM authors WHERE name_key LIKE $1 ESCAPE '\\' ORDER BY name LIMIT $2"
        ),
        &[&(crate::store::like_pattern(words)), &limit],
        author_row,
    )
    .await
}

/// A catalogued book with this title (folded) by this first author (a name key).
pub(crate) async fn book_by_title_author<D: Db>(
    db: &D,
    title: &str,
    author_key: &str,
) -> StoreResult<Option<i64>> {
    title_author_match(db, title, author_key, false).await
}

/// `book_by_title_author`, among books with no ISBN only if `isbnless`.
async fn title_author_match<D: Db>(
    db: &D,
    title: &str,
    author_key: &str,
    isbnless: bool,
) -> StoreResult<Option<i64>> {
    db.value(
        sql!(
            "SELECT b.id FROM books b
         JOIN book_authors ba ON ba.book_id = b.id AND ba.position = 0
         JOIN authors a ON a.id = ba.author_id
         WHERE b.title_key = $1 AND a.name_key = $2
           AND (NOT $3 OR (b.isbn13 IS NULL AND b.isbn10 IS NULL))
         ORDER BY b.id LIMIT 1"
        ),
        &[&title_key(title), &author_key, &isbnless],
    )
    .await
}

queries! {
    /// Books from before titles were keyed, `limit` at a time.
    pub(crate) all books_without_title_key(limit: i64) -> (i64, String) =
        ("SELECT id, title FROM books WHERE title_key IS NULL ORDER BY id LIMIT $1");
}

pub(crate) async fn set_title_keys<D: Db>(db: &D, books: &[(i64, String)]) -> StoreResult<()> {
    for (id, title) in books {
        db.exec(
            sql!("UPDATE books SET title_key = $2 WHERE id = $1"),
            &[id, &title_key(title)],
        )
        .await?;
    }
    Ok(())
}

fn author_row(r: &dyn Row) -> StoreResult<AuthorRef> {
    Ok(AuthorRef {
        id: r.get(0)?,
        name: r.get(1)?,
        role: "author".into(),
    })
}

queries! {
    /// Books that share a folded title and a first author: (title key, author
    /// key) of each such group, largest first, for moderators to merge.
    pub(crate) all duplicate_groups(limit: i64, offset: i64) -> (String, String) = (
        "SELECT b.title_key, a.name_key FROM books b
          JOIN book_authors ba ON ba.book_id = b.id AND ba.position = 0
          JOIN authors a ON a.id = ba.author_id
          WHERE b.title_key IS NOT NULL AND b.title_key <> ''
          GROUP BY b.title_key, a.name_key HAVING count(*) > 1
          ORDER BY count(*) DESC, b.title_key, a.name_key LIMIT $1 OFFSET $2"
    );
    /// The ids of the books in one such group, oldest first.
    pub(crate) all books_titled(title_key: &str, author_key: &str) -> i64 = (
        "SELECT b.id FROM books b
          JOIN book_authors ba ON ba.book_id = b.id AND ba.position = 0
          JOIN authors a ON a.id = ba.author_id
          WHERE b.title_key = $1 AND a.name_key = $2 ORDER BY b.id LIMIT 50"
    );
    pub(crate) one author(id: i64) -> AuthorRef, by author_row =
        ("SELECT id, name FROM authors WHERE id = $1");
}

store! {
    write create_book(new: &NewBook) -> i64;
    /// `create_book`, counted against the adding reader's hour.
    write add_book_within(new: &NewBook, per_hour: i64) -> Limited<i64>;
    lookup book(id: i64) -> Option<Book>;
    read recent_books(limit: i64) -> Vec<Book>;
    lookup author(id: i64) -> Option<AuthorRef>;
    read author_books(author_id: i64) -> Vec<Book>;
    lookup book_by_isbn13(isbn13: &str) -> Option<i64>;
    /// A book with this title (folded) whose first author has this key.
    lookup book_by_title_author(title: &str, author_key: &str) -> Option<i64>;
    read books_without_title_key(limit: i64) -> Vec<(i64, String)>;
    write set_title_keys(books: &[(i64, String)]) -> ();
    /// Groups of books sharing a folded title and first author: (title key, author key).
    read duplicate_groups(limit: i64, offset: i64) -> Vec<(String, String)>;
    lookup books_titled(title_key: &str, author_key: &str) -> Vec<i64>;
    read search_authors(words: &str, limit: i64) -> Vec<AuthorRef>;
}

impl Store {
    /// The books, in the order of `ids`.
    pub async fn books_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Book>> {
        let ids = ids.to_vec();
        lookup!(self, |db| books_by_ids(db, &ids))
    }

    /// Adds many books in one transaction; a book catalogued already (by
    /// ISBN, or by title and first author) is skipped (None).
    pub async fn import_books(&self, books: &[NewBook]) -> StoreResult<Vec<Option<i64>>> {
        let books = books.to_vec();
        match &self.engine {
            super::Engine::Sqlite(pool) => {
                let _written = self.written();
                pool.write_big(
                    &self.queries,
                    super::sqlite::BULK_LOAD_CACHE_KIB,
                    move |db| {
                        super::db::drive(super::catalogue_load::insert_books(db, &books, &[]))
                    },
                )
                .await
            }
            super::Engine::Postgres(pool) => self.import_books_in_halves(pool, &books).await,
        }
    }

    /// PostgreSQL's share of a bulk load (index entries, foreign-key checks)
    /// runs in the server, one core per connection: the batch is checked and
    /// its authors filed in one transaction, then its two halves written at
    /// once on two (a million books: 12,700–15,300 books/s in one, 14,200–19,000
    /// in halves, see README). A
    /// book that meets a unique key written meanwhile is left out, as in one.
    async fn import_books_in_halves(
        &self,
        pool: &super::postgres::Pool,
        books: &[NewBook],
    ) -> StoreResult<Vec<Option<i64>>> {
        use super::catalogue_load::{book_rows, file_authors_of, ids_of, plan_books, write_rows};
        let (planned, filed) = pool
            .write(&self.queries, async |db| {
                let planned = plan_books(db, books, &[]).await?;
                let filed = file_authors_of(db, &book_rows(books, &[], &planned)).await?;
                Ok((planned, filed))
            })
            .await?;
        let half = async |planned: &[(usize, i64)]| {
            pool.write(&self.queries, async |db| {
                let mut rows = book_rows(books, &[], planned);
                write_rows(db, &mut rows, &filed).await?;
                Ok(ids_of(books.len(), &rows))
            })
            .await
        };
        let (first, second) = planned.split_at(planned.len() / 2);
        let written = tokio::try_join!(half(first), half(second));
        self.note_write();
        let (a, b) = written?;
        Ok(a.into_iter().zip(b).map(|(a, b)| a.or(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How often PostgreSQL planned `text` for any values and for the bound
    /// ones, after eight runs on one connection with lists of one to eight ids.
    async fn plans_of(client: &tokio_postgres::Client, text: &str) -> (i64, i64) {
        let statement = client.prepare(text).await.unwrap_or_else(|e| panic!("{e}"));
        for n in 1..=8_i64 {
            let ids: Vec<i64> = (1..=n).collect();
            let ran = client.query(&statement, &[&ids]).await;
            ran.unwrap_or_else(|e| panic!("{e}"));
        }
        let counted = client
            .query_one(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1",
                &[&text],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (counted.get(0), counted.get(1))
    }

    #[tokio::test]
    async fn postgresql_plans_the_authors_of_a_list_of_books_once() {
        let Ok(base) = std::env::var("DOGEAR_TEST_POSTGRES_URL") else {
            return; // SQLite alone: nothing to plan
        };
        let schema = format!("t_plans_{}", std::process::id());
        let (client, connection) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(connection);
        let made = format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}");
        client
            .batch_execute(&made)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        drop(
            crate::store::connect(&url)
                .await
                .unwrap_or_else(|e| panic!("{e}")),
        );
        // Enough books, each with an author, for the planner to weigh plans.
        let filled = format!(
            "SET search_path = {schema};
             INSERT INTO books (title, created_at) SELECT 'Book ' || n, 0 FROM generate_series(1, 5000) n;
             INSERT INTO authors (name, name_key, created_at)
                 SELECT 'Author ' || n, 'author ' || n, 0 FROM generate_series(1, 5000) n;
             INSERT INTO book_authors (book_id, author_id, position) SELECT id, id, 0 FROM books;
             ANALYZE books, authors, book_authors"
        );
        client
            .batch_execute(&filled)
            .await
            .unwrap_or_else(|e| panic!("{e}"));

        let (generic, custom) = plans_of(&client, AUTHORS_OF_BOOKS.postgres).await;
        assert_eq!((generic, custom), (3, 5), "five tries, then one plan kept");
        // Why the list is hidden: seen, it is planned again on every run.
        let seen = AUTHORS_OF_BOOKS
            .postgres
            .replace(any_of_ids!(), "= ANY($1)");
        assert_eq!(plans_of(&client, &seen).await, (0, 8));
        let dropped = format!("DROP SCHEMA {schema} CASCADE");
        client
            .batch_execute(&dropped)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
}
