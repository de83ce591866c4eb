//! Ratings, statuses, shelves, reads and progress.

use super::catalogue::{attach_authors, book_columns};
use super::db::{Db, Params};
use super::queries::FromRow;
use super::sql::Sql;
use crate::sql;
use crate::store::{
    OwnShelf, ReadRow, ReaderBook, ReaderDetails, ReadingEvent, ShelfCount, ShelfEntry, ShelfMark,
    ShelfRef, StoreResult,
};

/// The built-in statuses (`domain::shelf::Status`), in the order shelves are
/// listed. Any other status is one of the reader's own exclusive shelves.
pub(super) const STATUSES: [&str; 4] = ["to-read", "currently-reading", "read", "did-not-finish"];

queries! {
    /// Puts the book on the reader's shelves if it is not there yet.
    exec ensure_on_shelves(user_id: i64, book_id: i64, now: i64) = (
        "INSERT INTO user_books (user_id, book_id, status, added_at, updated_at)
         VALUES ($1, $2, NULL, $3, $3) ON CONFLICT DO NOTHING"
    );
    exec record_status(user_id: i64, book_id: i64, status: &str, now: i64) = (
        "INSERT INTO reading_events (user_id, book_id, status, created_at) VALUES ($1, $2, $3, $4)"
    );
    /// The book's status on the reader's shelves: None when it is on none,
    /// Some(None) when only their own shelves hold it.
    value stored_status(user_id: i64, book_id: i64) -> Option<String> =
        ("SELECT status FROM user_books WHERE user_id = $1 AND book_id = $2");
    exec store_status(user_id: i64, book_id: i64, status: &str, now: i64) = (
        "INSERT INTO user_books (user_id, book_id, status, added_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (user_id, book_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at"
    );
    value on_own_shelf(user_id: i64, book_id: i64) -> i64 = ("SELECT 1 FROM shelf_books sb
        JOIN shelves s ON s.id = sb.shelf_id WHERE s.user_id = $1 AND sb.book_id = $2 LIMIT 1");
    exec clear_status(user_id: i64, book_id: i64, now: i64) =
        ("UPDATE user_books SET status = NULL, updated_at = $3 WHERE user_id = $1 AND book_id = $2");
    exec take_off_shelves(user_id: i64, book_id: i64) =
        ("DELETE FROM user_books WHERE user_id = $1 AND book_id = $2");
    exec store_rating(user_id: i64, book_id: i64, stars: i64, now: i64) = (
        "INSERT INTO ratings (user_id, book_id, stars, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (user_id, book_id) DO UPDATE SET stars = excluded.stars, updated_at = excluded.updated_at"
    );
    affects delete_rating(user_id: i64, book_id: i64) =
        ("DELETE FROM ratings WHERE user_id = $1 AND book_id = $2");
    value book_exists(book_id: i64) -> i64 = ("SELECT 1 FROM books WHERE id = $1");
    exec clear_own_shelves(book_id: i64, user_id: i64) = ("DELETE FROM shelf_books WHERE book_id = $1
        AND shelf_id IN (SELECT id FROM shelves WHERE user_id = $2)");
    exec make_shelf(user_id: i64, name: &str, slug: &str, now: i64) = ("INSERT INTO shelves
        (user_id, name, slug, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, slug) DO NOTHING");
    /// An exclusive shelf is a status: `set_status` puts books there.
    exec put_on_shelf(user_id: i64, slug: &str, book_id: i64, now: i64) = (
        "INSERT INTO shelf_books (shelf_id, book_id, added_at)
         SELECT id, CAST($3 AS BIGINT), CAST($4 AS BIGINT) FROM shelves
         WHERE user_id = $1 AND slug = $2 AND NOT exclusive ON CONFLICT DO NOTHING"
    );
    value insert_read(user_id: i64, book_id: i64, started: Option<&str>, finished: Option<&str>, now: i64) -> i64 = (
        "INSERT INTO reads (user_id, book_id, started, finished, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id"
    );
    value insert_progress(user_id: i64, book_id: i64, page: Option<i64>, percent: Option<i64>, note: Option<&str>, now: i64) -> i64 = (
        "INSERT INTO reading_events (user_id, book_id, page, percent, note, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
    );
    exec insert_shelf(user_id: i64, name: &str, slug: &str, exclusive: bool, now: i64) = (
        "INSERT INTO shelves (user_id, name, slug, exclusive, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, slug) DO NOTHING"
    );
    pub(super) value shelf_exclusive(user_id: i64, slug: &str) -> bool =
        ("SELECT exclusive FROM shelves WHERE user_id = $1 AND slug = $2");
}

/// Recounts from the ratings themselves inside the write transaction, so
/// concurrent raters can never leave the average drifting.
async fn recount_ratings<D: Db>(db: &D, book_id: i64) -> StoreResult<()> {
    // At READ COMMITTED, waiting for the book's row lock makes the next
    // statement see every rating committed before it: no lost update.
    lock_book(db, book_id).await?;
    count_ratings(db, book_id).await
}

queries! {
    pub(super) lock lock_book(id: i64) = ("SELECT 1 FROM books WHERE id = $1 FOR NO KEY UPDATE");
    exec count_ratings(book_id: i64) = ("UPDATE books SET
        ratings_count = (SELECT count(*) FROM ratings WHERE book_id = $1),
        ratings_sum = (SELECT CAST(coalesce(sum(stars), 0) AS BIGINT) FROM ratings WHERE book_id = $1)
        WHERE id = $1");
}

/// Rating a book that is on no shelf of the reader's marks it read, as a
/// rating says the reader has read it.
pub(crate) async fn set_rating<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    stars: i64,
    now: i64,
) -> StoreResult<()> {
    store_rating(db, user_id, book_id, stars, now).await?;
    if stored_status(db, user_id, book_id)
        .await?
        .flatten()
        .is_none()
    {
        set_status(db, user_id, book_id, Some("read"), now).await?;
    }
    recount_ratings(db, book_id).await
}

pub(crate) async fn clear_rating<D: Db>(db: &D, user_id: i64, book_id: i64) -> StoreResult<bool> {
    let gone = delete_rating(db, user_id, book_id).await?;
    recount_ratings(db, book_id).await?;
    Ok(gone)
}

/// Sets or clears the exclusive status. Clearing it takes the book off the
/// reader's shelves unless one of their own shelves still holds it. Gives
/// the status it had before, if any (its followers elsewhere hear of it
/// leaving that shelf).
pub(crate) async fn set_status<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    status: Option<&str>,
    now: i64,
) -> StoreResult<Option<String>> {
    let current = stored_status(db, user_id, book_id).await?;
    let before = current.clone().flatten();
    match status {
        Some(status) => {
            if before.as_deref() == Some(status) {
                return Ok(before);
            }
            if !STATUSES.contains(&status) {
                // An import's custom exclusive shelf ("abandoned") becomes one
                // of the reader's own, so it is listed and chosen like them.
                create_shelf(db, user_id, status, status, true, now).await?;
            }
            store_status(db, user_id, book_id, status, now).await?;
            record_status(db, user_id, book_id, status, now).await?;
        }
        None if current.is_none() => {}
        None if on_own_shelf(db, user_id, book_id).await?.is_some() => {
            clear_status(db, user_id, book_id, now).await?;
        }
        None => {
            // Off the library: the editions held of it go too.
            super::held_editions::forget_held_editions(db, user_id, book_id).await?;
            take_off_shelves(db, user_id, book_id).await?;
        }
    }
    Ok(before)
}

/// Makes the reader's own shelves holding this book exactly `list`.
pub(crate) async fn set_shelves<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    list: &[ShelfRef],
    now: i64,
) -> StoreResult<()> {
    if book_exists(db, book_id).await?.is_none() {
        return Err(crate::store::StoreError::MissingReference);
    }
    clear_own_shelves(db, book_id, user_id).await?;
    for shelf in list {
        make_shelf(db, user_id, &shelf.name, &shelf.slug, now).await?;
        put_on_shelf(db, user_id, &shelf.slug, book_id, now).await?;
    }
    if !list.is_empty() {
        ensure_on_shelves(db, user_id, book_id, now).await?;
    }
    Ok(())
}

pub(crate) async fn add_read<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    started: Option<&str>,
    finished: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    let id = insert_read(db, user_id, book_id, started, finished, now).await?;
    ensure_on_shelves(db, user_id, book_id, now).await?;
    Ok(id.unwrap_or_default())
}

pub(crate) async fn add_progress<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
    page: Option<i64>,
    percent: Option<i64>,
    note: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    let id = insert_progress(db, user_id, book_id, page, percent, note, now).await?;
    // Progress means the reader is reading it, unless they said otherwise.
    let status = stored_status(db, user_id, book_id).await?;
    if status.flatten().is_none() {
        set_status(db, user_id, book_id, Some("currently-reading"), now).await?;
    }
    Ok(id.unwrap_or_default())
}

/// A reader's side of one book, in one statement (a page shows it beside
/// every review, so each statement saved is saved on every view): a head row
/// (kind 0: review, status, rating, edition, whether it is on their
/// shelves), then their own shelves holding it (1), their readings (2) and
/// their latest 50 progress updates (3). The few rows of each kind are put
/// in order here rather than by the statement: ordering them there took
/// three window functions and a sort, each a temporary table, over half the
/// statement's time on SQLite.
const READER_BOOK: Sql = sql!(
    "SELECT 0, (SELECT id FROM reviews WHERE user_id = $1 AND book_id = $2),
        (SELECT status FROM user_books WHERE user_id = $1 AND book_id = $2), NULL,
        (SELECT stars FROM ratings WHERE user_id = $1 AND book_id = $2),
        (SELECT edition_id FROM user_books WHERE user_id = $1 AND book_id = $2),
        (SELECT count(*) FROM user_books WHERE user_id = $1 AND book_id = $2)
     UNION ALL
     SELECT 1, NULL, s.name, s.slug, NULL, NULL, NULL
       FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
      WHERE s.user_id = $1 AND sb.book_id = $2
     UNION ALL
     SELECT 2, id, started, finished, NULL, NULL, created_at
       FROM reads WHERE user_id = $1 AND book_id = $2
     UNION ALL
     SELECT 3, id, status, note, page, percent, created_at
       FROM (SELECT * FROM reading_events WHERE user_id = $1 AND book_id = $2
             ORDER BY created_at DESC, id DESC LIMIT 50) e"
);

pub(crate) async fn reader_book<D: Db>(
    db: &D,
    user_id: i64,
    book_id: i64,
) -> StoreResult<ReaderBook> {
    let mut book = ReaderBook::default();
    let rows = db
        .all(READER_BOOK, &[&user_id, &book_id], |r| {
            let kind: i64 = r.get(0)?;
            match kind {
                0 => {
                    book.review_id = r.get(1)?;
                    book.status = r.get(2)?;
                    book.rating = r.get(4)?;
                    book.edition_id = r.get(5)?;
                    book.on_shelves = r.get::<Option<i64>>(6)?.unwrap_or_default() > 0;
                }
                1 => book.shelves.push(ShelfRef {
                    name: r.get(2)?,
                    slug: r.get(3)?,
                }),
                2 => book.reads.push(ReadRow {
                    id: r.get(1)?,
                    started: r.get(2)?,
                    finished: r.get(3)?,
                    created_at: r.get(6)?,
                }),
                _ => book.timeline.push(ReadingEvent {
                    id: r.get(1)?,
                    status: r.get(2)?,
                    note: r.get(3)?,
                    page: r.get(4)?,
                    percent: r.get(5)?,
                    created_at: r.get(6)?,
                }),
            }
            Ok(())
        })
        .await;
    rows?;
    book.put_in_order();
    Ok(book)
}

queries! {
    all status_counts(user_id: i64) -> (String, i64) = ("SELECT status, count(*) FROM user_books
        WHERE user_id = $1 AND status IS NOT NULL GROUP BY status");
    all own_shelf_counts(user_id: i64) -> ShelfCount = (
        "SELECT s.name, s.slug, count(sb.book_id), s.exclusive FROM shelves s
         LEFT JOIN shelf_books sb ON sb.shelf_id = s.id
         WHERE s.user_id = $1 GROUP BY s.id, s.name, s.slug, s.exclusive
         ORDER BY s.exclusive DESC, s.slug"
    );
}

pub(crate) async fn user_shelves<D: Db>(db: &D, user_id: i64) -> StoreResult<Vec<ShelfCount>> {
    let counts = status_counts(db, user_id).await?;
    let count_of = |slug: &str| {
        counts
            .iter()
            .find(|(s, _)| s == slug)
            .map_or(0, |(_, n)| *n)
    };
    let mut shelves: Vec<ShelfCount> = STATUSES
        .iter()
        .map(|slug| ShelfCount {
            name: slug.to_string(),
            slug: slug.to_string(),
            count: count_of(slug),
            exclusive: true,
        })
        .collect();
    let own = own_shelf_counts(db, user_id).await?;
    // An exclusive shelf's books are those whose status it is.
    shelves.extend(own.into_iter().map(|mut s| {
        if s.exclusive {
            s.count = count_of(&s.slug);
        }
        s
    }));
    Ok(shelves)
}

/// Adds one of the reader's own shelves, if they have none of that slug;
/// answers whether the shelf of that slug is exclusive.
pub(crate) async fn create_shelf<D: Db>(
    db: &D,
    user_id: i64,
    name: &str,
    slug: &str,
    exclusive: bool,
    now: i64,
) -> StoreResult<bool> {
    insert_shelf(db, user_id, name, slug, exclusive, now).await?;
    Ok(shelf_exclusive(db, user_id, slug)
        .await?
        .unwrap_or(exclusive))
}

queries! {
    /// The reader's own shelves, exclusive ones first.
    pub(crate) all own_shelves(user_id: i64) -> OwnShelf = (
        "SELECT name, slug, exclusive FROM shelves WHERE user_id = $1 ORDER BY exclusive DESC, slug"
    );
}

queries! {
    all marks_of(user_id: i64, book_ids: &[i64]) -> (i64, Option<String>, Option<String>) = (
        sqlite: "SELECT ub.book_id, ub.status, s.slug FROM user_books ub
         LEFT JOIN shelf_books sb ON sb.book_id = ub.book_id
            AND sb.shelf_id IN (SELECT id FROM shelves WHERE user_id = $1)
         LEFT JOIN shelves s ON s.id = sb.shelf_id
         WHERE ub.user_id = $1 AND ub.book_id IN (SELECT value FROM json_each($2))
         ORDER BY ub.book_id, s.slug",
        postgres: "SELECT ub.book_id, ub.status, s.slug FROM user_books ub
         LEFT JOIN shelf_books sb ON sb.book_id = ub.book_id
            AND sb.shelf_id IN (SELECT id FROM shelves WHERE user_id = $1)
         LEFT JOIN shelves s ON s.id = sb.shelf_id
         WHERE ub.user_id = $1 AND ub.book_id = ANY($2)
         ORDER BY ub.book_id, s.slug",
    );
}

/// Where each of these books sits on the reader's shelves (books on none
/// are left out), in one statement whatever the number of books: a row per
/// book and own shelf holding it, or one with no shelf.
pub(crate) async fn shelf_marks<D: Db>(
    db: &D,
    user_id: i64,
    book_ids: &[i64],
) -> StoreResult<Vec<ShelfMark>> {
    if book_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = marks_of(db, user_id, book_ids).await?;
    let mut marks: Vec<ShelfMark> = Vec::new();
    for (book_id, status, slug) in rows {
        if marks.last().is_none_or(|m| m.book_id != book_id) {
            marks.push(ShelfMark {
                book_id,
                status,
                shelves: Vec::new(),
            });
        }
        if let (Some(slug), Some(mark)) = (slug, marks.last_mut()) {
            mark.shelves.push(slug);
        }
    }
    Ok(marks)
}

/// A shelf's books with the reader's stars, filtered by `$filter`, newest first.
macro_rules! shelf_select {
    ($filter:expr) => {
        concat!(
            "SELECT ",
            book_columns!(),
            ", r.stars, ub.status, ub.added_at FROM user_books ub
             JOIN books b ON b.id = ub.book_id
             LEFT JOIN ratings r ON r.user_id = ub.user_id AND r.book_id = ub.book_id
             WHERE ub.user_id = $1 ",
            $filter,
            " ORDER BY ub.added_at DESC, b.id DESC LIMIT $3 OFFSET $4"
        )
    };
}

/// A shelf's books, newest first: a status, "all", or one of the reader's own.
pub(crate) async fn shelf_entries<D: Db>(
    db: &D,
    user_id: i64,
    slug: &str,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<ShelfEntry>> {
    let sql = if slug == "all" {
        sql!(shelf_select!("AND CAST($2 AS TEXT) IS NOT NULL"))
    } else if STATUSES.contains(&slug) {
        sql!(shelf_select!("AND ub.status = $2"))
    } else {
        // One of the reader's own: exclusive ones hold their books as a status.
        sql!(shelf_select!(
            "AND (ub.status = $2 OR ub.book_id IN (SELECT sb.book_id FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
                                WHERE s.user_id = $1 AND s.slug = $2))"
        ))
    };
    let params: Params = &[&user_id, &slug, &limit, &offset];
    let mut entries: Vec<ShelfEntry> = db.all(sql, params, FromRow::from_row).await?;
    attach_authors(db, entries.iter_mut().map(|e| &mut e.book)).await?;
    Ok(entries)
}

queries! {
    pub(crate) exec set_reader_details(user_id: i64, book_id: i64, d: &ReaderDetails) = (
        "INSERT INTO user_books (user_id, book_id, status, added_at, updated_at, private_notes, owned_copies, details)
         VALUES ($1, $2, NULL, $3, $3, $4, $5, $6)
         ON CONFLICT (user_id, book_id) DO UPDATE SET added_at = excluded.added_at,
            private_notes = excluded.private_notes, owned_copies = excluded.owned_copies, details = excluded.details"
    ) with (user_id, book_id, d.added_at, d.private_notes, d.owned_copies, d.details);
    pub(crate) one reader_details(user_id: i64, book_id: i64) -> ReaderDetails = (
        "SELECT added_at, private_notes, owned_copies, details FROM user_books
         WHERE user_id = $1 AND book_id = $2"
    );
}

store! {
    /// Puts the book on the reader's shelves (if not there) with these details.
    write set_reader_details(user_id: i64, book_id: i64, details: &ReaderDetails) -> ();
    /// What `set_reader_details` stored.
    lookup reader_details(user_id: i64, book_id: i64) -> Option<ReaderDetails>;
    write clear_rating(user_id: i64, book_id: i64) -> bool;
    write add_read(user_id: i64, book_id: i64, started: Option<&str>, finished: Option<&str>, now: i64) -> i64;
    lookup reader_book(user_id: i64, book_id: i64) -> ReaderBook;
    /// The built-in statuses (always listed), then the reader's own exclusive
    /// shelves, then their other shelves, with counts.
    lookup user_shelves(user_id: i64) -> Vec<ShelfCount>;
    write create_shelf(user_id: i64, name: &str, slug: &str, exclusive: bool, now: i64) -> bool;
    read shelf_marks(user_id: i64, book_ids: &[i64]) -> Vec<ShelfMark>;
    lookup own_shelves(user_id: i64) -> Vec<OwnShelf>;
    read shelf_entries(user_id: i64, slug: &str, limit: i64, offset: i64) -> Vec<ShelfEntry>;
    write set_shelves(user_id: i64, book_id: i64, list: &[ShelfRef], now: i64) -> ();
}
