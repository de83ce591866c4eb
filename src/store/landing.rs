//! Landing import rows: one transaction for a whole job step.

use super::db::Db;
use super::{Engine, Store, db};
use super::{catalogue, reviews, shelves};
use crate::store::{Constraint, Landing, NewReview, ReaderBook, ShelfRef, StoreError, StoreResult};

queries! {
    exec name_edition(user_id: i64, book_id: i64, edition: i64) = ("UPDATE user_books
        SET edition_id = $3 WHERE user_id = $1 AND book_id = $2 AND edition_id IS NULL");
}

async fn find_or_create<D: Db>(db: &D, row: &Landing) -> StoreResult<(i64, bool)> {
    if let Some(isbn) = &row.book.isbn13
        && let Some(id) = catalogue::book_by_isbn13(db, isbn).await?
    {
        return Ok((id, false));
    }
    if let Some(id) =
        catalogue::book_by_title_author(db, &row.book.title, &row.first_author_key).await?
    {
        return Ok((id, false));
    }
    match catalogue::insert_book(db, &row.book, has_isbn(row)).await? {
        Some(id) => Ok((id, true)),
        // Its ISBN-10 names a book catalogued under another ISBN-13.
        None => Err(StoreError::Conflict(Constraint::Isbn10)),
    }
}

/// Without an ISBN no unique key can clash, and the title was looked up already.
fn has_isbn(row: &Landing) -> bool {
    row.book.isbn13.is_some() || row.book.isbn10.is_some()
}

pub(crate) async fn land<D: Db>(
    db: &D,
    user_id: i64,
    rows: &[Landing],
) -> StoreResult<Vec<(i64, bool)>> {
    let mut landed = Vec::with_capacity(rows.len());
    for row in rows {
        let (book_id, created) = find_or_create(db, row).await?;
        if let Some(details) = &row.details {
            shelves::set_reader_details(db, user_id, book_id, details).await?;
        }
        if let Some(status) = &row.status {
            shelves::set_status(db, user_id, book_id, Some(status), row.at).await?;
        }
        let mine = if row.shelves.is_empty() && row.reads.is_empty() {
            ReaderBook::default()
        } else {
            shelves::reader_book(db, user_id, book_id).await?
        };
        let mut merged: Vec<ShelfRef> = mine.shelves.clone();
        for shelf in &row.shelves {
            if !merged.iter().any(|s| s.slug == shelf.slug) {
                merged.push(shelf.clone());
            }
        }
        if merged != mine.shelves {
            shelves::set_shelves(db, user_id, book_id, &merged, row.at).await?;
        }
        if let Some(stars) = row.rating {
            shelves::set_rating(db, user_id, book_id, stars, row.at).await?;
        }
        let mut undated_known = mine
            .reads
            .iter()
            .filter(|r| r.started.is_none() && r.finished.is_none())
            .count();
        for (started, finished) in &row.reads {
            if started.is_none() && finished.is_none() {
                if undated_known > 0 {
                    undated_known -= 1;
                    continue;
                }
            } else if mine
                .reads
                .iter()
                .any(|r| &r.started == started && &r.finished == finished)
            {
                continue;
            }
            shelves::add_read(
                db,
                user_id,
                book_id,
                started.as_deref(),
                finished.as_deref(),
                row.at,
            )
            .await?;
        }
        // The reader's entry remembers the edition their file named.
        if let Some(edition) = catalogue::edition_of(db, book_id, &row.book).await? {
            name_edition(db, user_id, book_id, edition).await?;
            // Each edition the file named is held on its own, with its columns.
            let details = row.details.as_ref().and_then(|d| d.details.as_deref());
            super::held_editions::hold_edition(db, user_id, edition, details, row.at).await?;
        }
        if let Some(review) = &row.review {
            let new = NewReview {
                user_id,
                book_id,
                body: review.body.clone(),
                body_html: review.body_html.clone(),
                spoiler: review.spoiler,
                recommended_for: review.recommended_for.clone(),
                visibility: review.visibility.clone(),
                now: row.at,
            };
            reviews::upsert_review(db, &new).await?;
        }
        landed.push((book_id, created));
    }
    Ok(landed)
}

impl Store {
    /// Lands import rows into the reader's library in one transaction,
    /// matching books by ISBN, then title and first author, before creating
    /// any; shelves are merged and readings added only where missing, so
    /// landing the same rows twice changes nothing. Returns, per row, the
    /// book and whether it was created.
    pub async fn land(&self, user_id: i64, rows: &[Landing]) -> StoreResult<Vec<(i64, bool)>> {
        let rows = rows.to_vec();
        match &self.engine {
            Engine::Sqlite(pool) => {
                let _written = self.written();
                pool.write_big(
                    &self.queries,
                    super::sqlite::BIG_WRITE_CACHE_KIB,
                    move |db| db::drive(land(db, user_id, &rows)),
                )
                .await
            }
            Engine::Postgres(_) => write!(self, |db| land(db, user_id, &rows)),
        }
    }
}
