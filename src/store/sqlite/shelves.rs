//! Ratings, statuses, shelves, reads and progress in SQLite.

use rusqlite::params;

use super::Db;
use super::catalogue::{BOOK_COLUMNS, BOOK_WIDTH, attach_authors, book_row};
use crate::store::{
    ReadRow, ReaderBook, ReaderDetails, ReadingEvent, ShelfCount, ShelfEntry, ShelfRef, StoreResult,
};

/// The statuses, in the order shelves are listed.
const STATUSES: [&str; 3] = ["to-read", "currently-reading", "read"];

/// Puts the book on the reader's shelves if it is not there yet.
fn ensure_on_shelves(db: &Db<'_>, user_id: i64, book_id: i64, now: i64) -> StoreResult<()> {
    db.exec(
        "INSERT INTO user_books (user_id, book_id, status, added_at, updated_at)
         VALUES (?1, ?2, NULL, ?3, ?3) ON CONFLICT DO NOTHING",
        params![user_id, book_id, now],
    )?;
    Ok(())
}

fn record_status(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    status: &str,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        "INSERT INTO reading_events (user_id, book_id, status, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![user_id, book_id, status, now],
    )?;
    Ok(())
}

/// Recounts from the ratings themselves inside the write transaction, so
/// concurrent raters can never leave the average drifting.
fn recount_ratings(db: &Db<'_>, book_id: i64) -> StoreResult<()> {
    db.exec(
        "UPDATE books SET
            ratings_count = (SELECT count(*) FROM ratings WHERE book_id = ?1),
            ratings_sum = (SELECT coalesce(sum(stars), 0) FROM ratings WHERE book_id = ?1)
         WHERE id = ?1",
        [book_id],
    )?;
    Ok(())
}

/// Rating a book that is on no shelf of the reader's marks it read, as a
/// rating says the reader has read it.
pub(super) fn set_rating(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    stars: i64,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        "INSERT INTO ratings (user_id, book_id, stars, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (user_id, book_id) DO UPDATE SET stars = excluded.stars, updated_at = excluded.updated_at",
        params![user_id, book_id, stars, now],
    )?;
    let status: Option<Option<String>> = db.value(
        "SELECT status FROM user_books WHERE user_id = ?1 AND book_id = ?2",
        params![user_id, book_id],
    )?;
    if status.flatten().is_none() {
        set_status(db, user_id, book_id, Some("read"), now)?;
    }
    recount_ratings(db, book_id)
}

pub(super) fn clear_rating(db: &Db<'_>, user_id: i64, book_id: i64) -> StoreResult<bool> {
    let n = db.exec(
        "DELETE FROM ratings WHERE user_id = ?1 AND book_id = ?2",
        params![user_id, book_id],
    )?;
    recount_ratings(db, book_id)?;
    Ok(n > 0)
}

/// Sets or clears the exclusive status. Clearing it takes the book off the
/// reader's shelves unless one of their own shelves still holds it.
pub(super) fn set_status(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    status: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    let current: Option<Option<String>> = db.value(
        "SELECT status FROM user_books WHERE user_id = ?1 AND book_id = ?2",
        params![user_id, book_id],
    )?;
    match status {
        Some(status) => {
            if current.as_ref().and_then(|s| s.as_deref()) == Some(status) {
                return Ok(());
            }
            db.exec(
                "INSERT INTO user_books (user_id, book_id, status, added_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (user_id, book_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                params![user_id, book_id, status, now],
            )?;
            record_status(db, user_id, book_id, status, now)
        }
        None => {
            if current.is_none() {
                return Ok(());
            }
            let on_own_shelf = db
                .value::<i64>(
                    "SELECT 1 FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
                     WHERE s.user_id = ?1 AND sb.book_id = ?2 LIMIT 1",
                    params![user_id, book_id],
                )?
                .is_some();
            if on_own_shelf {
                db.exec(
                    "UPDATE user_books SET status = NULL, updated_at = ?3 WHERE user_id = ?1 AND book_id = ?2",
                    params![user_id, book_id, now],
                )?;
            } else {
                db.exec(
                    "DELETE FROM user_books WHERE user_id = ?1 AND book_id = ?2",
                    params![user_id, book_id],
                )?;
            }
            Ok(())
        }
    }
}

/// Makes the reader's own shelves holding this book exactly `list`.
pub(super) fn set_shelves(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    list: &[ShelfRef],
    now: i64,
) -> StoreResult<()> {
    if db
        .value::<i64>("SELECT 1 FROM books WHERE id = ?1", [book_id])?
        .is_none()
    {
        return Err(crate::store::StoreError::MissingReference);
    }
    db.exec(
        "DELETE FROM shelf_books WHERE book_id = ?1
         AND shelf_id IN (SELECT id FROM shelves WHERE user_id = ?2)",
        params![book_id, user_id],
    )?;
    for shelf in list {
        db.exec(
            "INSERT INTO shelves (user_id, name, slug, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (user_id, slug) DO NOTHING",
            params![user_id, shelf.name, shelf.slug, now],
        )?;
        db.exec(
            "INSERT INTO shelf_books (shelf_id, book_id, added_at)
             SELECT id, ?3, ?4 FROM shelves WHERE user_id = ?1 AND slug = ?2
             ON CONFLICT DO NOTHING",
            params![user_id, shelf.slug, book_id, now],
        )?;
    }
    if !list.is_empty() {
        ensure_on_shelves(db, user_id, book_id, now)?;
    }
    Ok(())
}

pub(super) fn add_read(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    started: Option<&str>,
    finished: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    let id = db
        .value(
            "INSERT INTO reads (user_id, book_id, started, finished, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            params![user_id, book_id, started, finished, now],
        )?
        .unwrap_or_default();
    ensure_on_shelves(db, user_id, book_id, now)?;
    Ok(id)
}

pub(super) fn add_progress(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    page: Option<i64>,
    percent: Option<i64>,
    note: Option<&str>,
    now: i64,
) -> StoreResult<i64> {
    let id = db
        .value(
            "INSERT INTO reading_events (user_id, book_id, page, percent, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            params![user_id, book_id, page, percent, note, now],
        )?
        .unwrap_or_default();
    // Progress means the reader is reading it, unless they said otherwise.
    let status: Option<Option<String>> = db.value(
        "SELECT status FROM user_books WHERE user_id = ?1 AND book_id = ?2",
        params![user_id, book_id],
    )?;
    if status.flatten().is_none() {
        set_status(db, user_id, book_id, Some("currently-reading"), now)?;
    }
    Ok(id)
}

pub(super) fn reader_book(db: &Db<'_>, user_id: i64, book_id: i64) -> StoreResult<ReaderBook> {
    let head = db.one(
        "SELECT (SELECT stars FROM ratings WHERE user_id = ?1 AND book_id = ?2),
                (SELECT status FROM user_books WHERE user_id = ?1 AND book_id = ?2),
                EXISTS (SELECT 1 FROM user_books WHERE user_id = ?1 AND book_id = ?2),
                (SELECT id FROM reviews WHERE user_id = ?1 AND book_id = ?2),
                (SELECT edition_id FROM user_books WHERE user_id = ?1 AND book_id = ?2)",
        params![user_id, book_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let (rating, status, on_shelves, review_id, edition_id) =
        head.unwrap_or((None, None, false, None, None));
    if !on_shelves && rating.is_none() {
        return Ok(ReaderBook {
            review_id,
            edition_id,
            ..ReaderBook::default()
        });
    }
    let shelves = db.all(
        "SELECT s.name, s.slug FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
         WHERE s.user_id = ?1 AND sb.book_id = ?2 ORDER BY s.slug",
        params![user_id, book_id],
        |r| {
            Ok(ShelfRef {
                name: r.get(0)?,
                slug: r.get(1)?,
            })
        },
    )?;
    let reads = db.all(
        "SELECT id, started, finished, created_at FROM reads WHERE user_id = ?1 AND book_id = ?2
         ORDER BY coalesce(finished, started, '9999') DESC, id DESC",
        params![user_id, book_id],
        |r| {
            Ok(ReadRow {
                id: r.get(0)?,
                started: r.get(1)?,
                finished: r.get(2)?,
                created_at: r.get(3)?,
            })
        },
    )?;
    let timeline = db.all(
        "SELECT id, status, page, percent, note, created_at FROM reading_events
         WHERE user_id = ?1 AND book_id = ?2 ORDER BY created_at DESC, id DESC LIMIT 50",
        params![user_id, book_id],
        |r| {
            Ok(ReadingEvent {
                id: r.get(0)?,
                status: r.get(1)?,
                page: r.get(2)?,
                percent: r.get(3)?,
                note: r.get(4)?,
                created_at: r.get(5)?,
            })
        },
    )?;
    Ok(ReaderBook {
        rating,
        status,
        on_shelves,
        shelves,
        reads,
        timeline,
        review_id,
        edition_id,
    })
}

pub(super) fn user_shelves(db: &Db<'_>, user_id: i64) -> StoreResult<Vec<ShelfCount>> {
    let counts: Vec<(String, i64)> = db.all(
        "SELECT status, count(*) FROM user_books WHERE user_id = ?1 AND status IS NOT NULL GROUP BY status",
        [user_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut shelves: Vec<ShelfCount> = STATUSES
        .iter()
        .map(|slug| ShelfCount {
            name: slug.to_string(),
            slug: slug.to_string(),
            count: counts
                .iter()
                .find(|(s, _)| s == slug)
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    shelves.extend(db.all(
        "SELECT s.name, s.slug, count(sb.book_id) FROM shelves s
         LEFT JOIN shelf_books sb ON sb.shelf_id = s.id
         WHERE s.user_id = ?1 GROUP BY s.id, s.name, s.slug ORDER BY s.slug",
        [user_id],
        |r| {
            Ok(ShelfCount {
                name: r.get(0)?,
                slug: r.get(1)?,
                count: r.get(2)?,
            })
        },
    )?);
    Ok(shelves)
}

/// A shelf's books, newest first: a status, "all", or one of the reader's own.
pub(super) fn shelf_entries(
    db: &Db<'_>,
    user_id: i64,
    slug: &str,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<ShelfEntry>> {
    let select = format!(
        "SELECT {BOOK_COLUMNS}, r.stars, ub.status, ub.added_at FROM user_books ub
         JOIN books b ON b.id = ub.book_id
         LEFT JOIN ratings r ON r.user_id = ub.user_id AND r.book_id = ub.book_id
         WHERE ub.user_id = ?1"
    );
    let filter = if slug == "all" {
        "AND ?2 = ?2"
    } else if STATUSES.contains(&slug) {
        "AND ub.status = ?2"
    } else {
        "AND ub.book_id IN (SELECT sb.book_id FROM shelf_books sb JOIN shelves s ON s.id = sb.shelf_id
                            WHERE s.user_id = ?1 AND s.slug = ?2)"
    };
    let sql = format!("{select} {filter} ORDER BY ub.added_at DESC, b.id DESC LIMIT ?3 OFFSET ?4");
    let mut entries = db.all(&sql, params![user_id, slug, limit, offset], |r| {
        Ok(ShelfEntry {
            book: book_row(r, 0)?,
            rating: r.get(BOOK_WIDTH)?,
            status: r.get(BOOK_WIDTH + 1)?,
            added_at: r.get(BOOK_WIDTH + 2)?,
        })
    })?;
    attach_authors(db, entries.iter_mut().map(|e| &mut e.book))?;
    Ok(entries)
}

pub(super) fn set_reader_details(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
    d: &ReaderDetails,
) -> StoreResult<()> {
    db.exec(
        "INSERT INTO user_books (user_id, book_id, status, added_at, updated_at, private_notes, owned_copies, details)
         VALUES (?1, ?2, NULL, ?3, ?3, ?4, ?5, ?6)
         ON CONFLICT (user_id, book_id) DO UPDATE SET added_at = excluded.added_at,
            private_notes = excluded.private_notes, owned_copies = excluded.owned_copies, details = excluded.details",
        params![user_id, book_id, d.added_at, d.private_notes, d.owned_copies, d.details],
    )?;
    Ok(())
}

pub(super) fn reader_details(
    db: &Db<'_>,
    user_id: i64,
    book_id: i64,
) -> StoreResult<Option<ReaderDetails>> {
    db.one(
        "SELECT added_at, private_notes, owned_copies, details FROM user_books WHERE user_id = ?1 AND book_id = ?2",
        params![user_id, book_id],
        |r| Ok(ReaderDetails { added_at: r.get(0)?, private_notes: r.get(1)?, owned_copies: r.get(2)?, details: r.get(3)? }),
    )
}
