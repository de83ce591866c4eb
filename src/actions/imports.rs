//! Taking in a reader's library from another site: every row lands where it
//! belongs, books are matched before any is created, and running the same
//! file again changes nothing.

use std::collections::BTreeMap;

use crate::actions::books::{self, BookInput};
use crate::domain::dates::{self, ReadDate};
use crate::domain::search;
use crate::domain::shelf::ShelfName;
use crate::error::{ActionError, ActionResult};
use crate::import::{Entry, Format};
use crate::store::{NewReview, ReaderDetails, ShelfRef, Store, User};

#[derive(Debug, Default)]
pub struct ImportSummary {
    pub format: &'static str,
    pub rows: usize,
    pub imported: usize,
    pub books_created: usize,
    pub failed: Vec<(u64, String)>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} export, {} rows: {} imported ({} new books in the catalogue), {} failed",
            self.format,
            self.rows,
            self.imported,
            self.books_created,
            self.failed.len()
        )?;
        for (line, reason) in &self.failed {
            writeln!(f, "line {line}: {reason}")?;
        }
        Ok(())
    }
}

/// Reads the file (format given or detected from its header) into the reader's library.
pub async fn import_file(
    store: &dyn Store,
    reader: &User,
    bytes: &[u8],
    format: Option<Format>,
) -> ActionResult<ImportSummary> {
    super::may_write(reader)?;
    let format = format.or_else(|| Format::detect(bytes)).ok_or_else(|| {
        ActionError::invalid("file", "not a Goodreads, StoryGraph, LibraryThing, BookWyrm, Calibre, Openreads or Open Library export: its first line names no known columns")
    })?;
    let parsed = format.read(bytes);
    let mut summary = ImportSummary {
        format: format.name(),
        rows: parsed.entries.len() + parsed.failed.len(),
        failed: parsed.failed,
        ..ImportSummary::default()
    };
    for entry in &parsed.entries {
        match land(store, reader, entry).await {
            Ok(created) => {
                summary.imported += 1;
                summary.books_created += usize::from(created);
            }
            Err(ActionError::Invalid(invalid)) => {
                summary.failed.push((entry.line, invalid.to_string()))
            }
            Err(e) => return Err(e),
        }
    }
    summary.failed.sort_by_key(|(line, _)| *line);
    Ok(summary)
}

/// The catalogue's book for the row: by ISBN, then by title and first
/// author, else a new one. Returns (id, whether it was created).
async fn find_or_create(
    store: &dyn Store,
    reader: &User,
    entry: &Entry,
) -> ActionResult<(i64, bool)> {
    if let Some(isbn13) = &entry.isbn13
        && let Some(id) = store.book_by_isbn13(isbn13).await?
    {
        return Ok((id, false));
    }
    let first = entry
        .authors
        .first()
        .map(|a| search::author_key(a))
        .unwrap_or_default();
    if let Some(id) = store
        .book_by_title_author(entry.title.trim(), &first)
        .await?
    {
        return Ok((id, false));
    }
    // Anthologies list dozens of contributors; the first ones name the book,
    // and the file's full list stays in the reader's details.
    let authors: Vec<String> = entry.authors.iter().take(20).cloned().collect();
    let input = BookInput {
        title: entry.title.clone(),
        authors,
        isbn13: entry.isbn13.clone(),
        isbn10: entry.isbn10.clone(),
        pages: entry.pages.filter(|p| (1..=100_000).contains(p)),
        year: entry.year.filter(|y| (-3000..=2100).contains(y)),
        ..BookInput::default()
    };
    let new = books::validate(&input, Some(reader.id), super::now())?;
    Ok((store.create_book(&new).await?, true))
}

async fn land(store: &dyn Store, reader: &User, entry: &Entry) -> ActionResult<bool> {
    let (book_id, created) = find_or_create(store, reader, entry).await?;
    let at = entry.added.as_ref().map_or_else(super::now, dates::to_unix);
    let details = if entry.details.is_empty() {
        None
    } else {
        serde_json::to_string(&entry.details.iter().collect::<BTreeMap<_, _>>()).ok()
    };
    store
        .set_reader_details(
            reader.id,
            book_id,
            &ReaderDetails {
                added_at: at,
                private_notes: entry.private_notes.clone(),
                owned_copies: entry.owned_copies,
                details,
            },
        )
        .await?;
    if let Some(status) = &entry.status {
        // Custom exclusive shelves ("did-not-finish") are kept as statuses of the reader's own.
        let slug = ShelfName::parse(status)
            .map(|s| s.slug)
            .unwrap_or_else(|_| status.clone());
        store
            .set_status(reader.id, book_id, Some(&slug), at)
            .await?;
    }
    let mine = store.reader_book(reader.id, book_id).await?;
    let mut shelves: Vec<ShelfRef> = mine.shelves.clone();
    for name in &entry.shelves {
        if let Ok(shelf) = ShelfName::parse(name)
            && !shelves.iter().any(|s| s.slug == shelf.slug)
        {
            shelves.push(ShelfRef {
                name: shelf.name,
                slug: shelf.slug,
            });
        }
    }
    if shelves != mine.shelves {
        store.set_shelves(reader.id, book_id, &shelves, at).await?;
    }
    if let Some(stars) = entry.rating {
        store.set_rating(reader.id, book_id, stars, at).await?;
    }
    add_missing_reads(store, reader, book_id, entry, &mine.reads, at).await?;
    if let Some(body) = &entry.review {
        let body = crate::domain::text::body("review", body, crate::domain::text::REVIEW_MAX)?;
        let new = NewReview {
            user_id: reader.id,
            book_id,
            body_html: crate::domain::markdown::render(&body),
            body,
            spoiler: entry.spoiler,
            recommended_for: entry.recommended_for.clone(),
            now: at,
        };
        store.upsert_review(&new).await?;
    }
    Ok(created)
}

/// Adds each reading the file knows and the library lacks: dated ones by
/// their dates, undated ones by count, so a second run adds nothing.
async fn add_missing_reads(
    store: &dyn Store,
    reader: &User,
    book_id: i64,
    entry: &Entry,
    existing: &[crate::store::ReadRow],
    at: i64,
) -> ActionResult<()> {
    let stored = |d: &Option<ReadDate>| d.as_ref().map(ReadDate::stored);
    let mut undated_known = existing
        .iter()
        .filter(|r| r.started.is_none() && r.finished.is_none())
        .count();
    for (started, finished) in &entry.reads {
        let (s, f) = (stored(started), stored(finished));
        if s.is_none() && f.is_none() {
            if undated_known > 0 {
                undated_known -= 1;
                continue;
            }
        } else if existing.iter().any(|r| r.started == s && r.finished == f) {
            continue;
        }
        if dates::check_order(started.as_ref(), finished.as_ref()).is_err() {
            continue;
        }
        store
            .add_read(reader.id, book_id, s.as_deref(), f.as_deref(), at)
            .await?;
    }
    Ok(())
}
