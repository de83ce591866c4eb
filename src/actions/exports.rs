//! Giving a reader's library back: a complete JSON archive, and the CSV
//! layouts of Goodreads, StoryGraph and BookWyrm for readers moving on.

use serde::Serialize;

use crate::domain::dates;
use crate::domain::rating::Stars;
use crate::error::{ActionError, ActionResult};
pub use crate::export::{ExportedBook, ExportedEdition, ExportedRead, HeldCopy};
use crate::export::{bookwyrm, goodreads, per_edition, storygraph, whole_stars};
use crate::store::{Store, User};

#[derive(Debug, Serialize)]
pub struct Archive {
    pub username: String,
    pub display_name: String,
    pub exported_at: String,
    pub books: Vec<ExportedBook>,
}

/// The layouts a library can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Json,
    Goodreads,
    StoryGraph,
    BookWyrm,
}

impl Layout {
    pub const NAMES: &'static str = "json, goodreads, storygraph or bookwyrm";

    pub fn parse(name: &str) -> Option<Layout> {
        match name.trim().to_ascii_lowercase().as_str() {
            "" | "json" => Some(Layout::Json),
            "goodreads" | "csv" => Some(Layout::Goodreads),
            "storygraph" | "thestorygraph" => Some(Layout::StoryGraph),
            "bookwyrm" => Some(Layout::BookWyrm),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Layout::Json => "application/json",
            _ => "text/csv; charset=utf-8",
        }
    }

    /// The name a downloaded file gets.
    pub fn file_name(self) -> &'static str {
        match self {
            Layout::Json => "library.json",
            Layout::Goodreads => "goodreads.csv",
            Layout::StoryGraph => "storygraph.csv",
            Layout::BookWyrm => "bookwyrm.csv",
        }
    }
}

/// Everything in the reader's library, oldest addition first.
pub async fn library(store: &Store, reader: &User) -> ActionResult<Vec<ExportedBook>> {
    let mut entries = store
        .shelf_entries(reader.id, "all", i64::MAX / 2, 0)
        .await?;
    entries.reverse();
    let mut books = Vec::with_capacity(entries.len());
    for entry in entries {
        let book = &entry.book;
        let mine = store.reader_book(reader.id, book.id).await?;
        let details = store
            .reader_details(reader.id, book.id)
            .await?
            .unwrap_or_default();
        let review = match mine.review_id {
            Some(id) => store.review(id).await?,
            None => None,
        };
        let edition = match mine.edition_id {
            Some(id) => store.edition(id).await?.map(|e| ExportedEdition {
                isbn13: e.isbn13,
                isbn10: e.isbn10,
                publisher: e.publisher,
                binding: e.format,
                pages: e.pages,
                year: e.year,
            }),
            None => None,
        };
        let mut held = store.held_editions(reader.id, book.id).await?;
        // One edition held is the book's own `edition`, said once.
        if held.len() < 2 {
            held.clear();
        }
        let editions_held = held
            .into_iter()
            .map(|held| HeldCopy {
                edition: ExportedEdition {
                    isbn13: held.isbn13,
                    isbn10: held.isbn10,
                    publisher: held.publisher,
                    binding: held.format,
                    pages: held.pages,
                    year: held.year,
                },
                date_added: dates::rfc3339(held.added_at),
                details: held.details.and_then(|d| serde_json::from_str(&d).ok()),
            })
            .collect();
        let rating = mine.rating.and_then(Stars::from_quarters).map(Stars::value);
        let goodreads_rating = rating.map(whole_stars);
        let rating_note = match (rating, goodreads_rating) {
            (Some(stars), Some(whole)) if stars != whole as f64 => Some(format!(
                "{stars} stars, written as {whole} in the Goodreads layout, which has whole stars only"
            )),
            _ => None,
        };
        books.push(ExportedBook {
            title: book.title.clone(),
            series: book.series.clone(),
            series_position: book.series_position.clone(),
            authors: book.authors.iter().map(|a| a.name.clone()).collect(),
            isbn13: book.isbn13.clone(),
            isbn10: book.isbn10.clone(),
            pages: book.pages,
            year: book.year,
            edition,
            rating,
            goodreads_rating,
            rating_note,
            status: mine.status.clone(),
            shelves: mine.shelves.iter().map(|s| s.name.clone()).collect(),
            reads: mine
                .reads
                .iter()
                .map(|r| ExportedRead {
                    started: r.started.clone(),
                    finished: r.finished.clone(),
                })
                .collect(),
            date_added: dates::rfc3339(entry.added_at),
            spoiler: review.as_ref().is_some_and(|r| r.spoiler),
            recommended_for: review.as_ref().and_then(|r| r.recommended_for.clone()),
            review: review.map(|r| r.body),
            private_notes: details.private_notes,
            owned_copies: details.owned_copies,
            details: details.details.and_then(|d| serde_json::from_str(&d).ok()),
            editions_held,
        });
    }
    Ok(books)
}

pub async fn json(store: &Store, reader: &User) -> ActionResult<String> {
    let archive = Archive {
        username: reader.username.clone(),
        display_name: reader.display_name.clone(),
        exported_at: dates::rfc3339(super::now()),
        books: library(store, reader).await?,
    };
    serde_json::to_string_pretty(&archive).map_err(|e| ActionError::Internal(e.to_string()))
}

/// The reader's library in `layout`.
pub async fn export(store: &Store, reader: &User, layout: Layout) -> ActionResult<String> {
    let written = match layout {
        Layout::Json => return json(store, reader).await,
        Layout::Goodreads => goodreads::write(&per_edition(&library(store, reader).await?)),
        Layout::StoryGraph => storygraph::write(&per_edition(&library(store, reader).await?)),
        Layout::BookWyrm => bookwyrm::write(&per_edition(&library(store, reader).await?)),
    };
    written.map_err(|e| ActionError::Internal(e.to_string()))
}

/// The Goodreads layout, which Goodreads and most other sites import.
pub async fn goodreads_csv(store: &Store, reader: &User) -> ActionResult<String> {
    export(store, reader, Layout::Goodreads).await
}
