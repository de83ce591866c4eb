//! Giving a reader's library back: a Goodreads-compatible CSV that other
//! sites import, and a complete JSON archive.

use serde::Serialize;

use crate::domain::dates::{self, ReadDate};
use crate::domain::rating::Stars;
use crate::error::ActionResult;
use crate::store::{Store, User};

/// One book of the library with everything the reader said of it.
#[derive(Debug, Serialize)]
pub struct ExportedBook {
    pub title: String,
    pub series: Option<String>,
    pub series_position: Option<String>,
    pub authors: Vec<String>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub pages: Option<i64>,
    pub year: Option<i64>,
    pub rating: Option<f64>,
    pub status: Option<String>,
    pub shelves: Vec<String>,
    pub reads: Vec<ExportedRead>,
    pub date_added: String,
    pub review: Option<String>,
    pub spoiler: bool,
    pub recommended_for: Option<String>,
    pub private_notes: Option<String>,
    pub owned_copies: Option<i64>,
    pub details: Option<serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct ExportedRead {
    pub started: Option<String>,
    pub finished: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Archive {
    pub username: String,
    pub display_name: String,
    pub exported_at: String,
    pub books: Vec<ExportedBook>,
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
        books.push(ExportedBook {
            title: book.title.clone(),
            series: book.series.clone(),
            series_position: book.series_position.clone(),
            authors: book.authors.iter().map(|a| a.name.clone()).collect(),
            isbn13: book.isbn13.clone(),
            isbn10: book.isbn10.clone(),
            pages: book.pages,
            year: book.year,
            rating: mine.rating.and_then(Stars::from_quarters).map(Stars::value),
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
    serde_json::to_string_pretty(&archive)
        .map_err(|e| crate::error::ActionError::Internal(e.to_string()))
}

/// The current Goodreads layout, quoting and all, so other sites read it.
const GOODREADS_COLUMNS: [&str; 24] = [
    "Book Id",
    "Title",
    "Author",
    "Author l-f",
    "Additional Authors",
    "ISBN",
    "ISBN13",
    "My Rating",
    "Average Rating",
    "Publisher",
    "Binding",
    "Number of Pages",
    "Year Published",
    "Original Publication Year",
    "Date Read",
    "Date Added",
    "Bookshelves",
    "Bookshelves with positions",
    "Exclusive Shelf",
    "My Review",
    "Spoiler",
    "Private Notes",
    "Read Count",
    "Owned Copies",
];

fn goodreads_date(stored: Option<&str>) -> String {
    stored
        .and_then(ReadDate::from_stored)
        .map(|d| d.stored().replace('-', "/"))
        .unwrap_or_default()
}

fn last_first(name: &str) -> String {
    match name.rsplit_once(' ') {
        Some((first, last)) => format!("{last}, {first}"),
        None => name.to_string(),
    }
}

pub async fn goodreads_csv(store: &Store, reader: &User) -> ActionResult<String> {
    let books = library(store, reader).await?;
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| crate::error::ActionError::Internal(e.to_string());
    out.write_record(GOODREADS_COLUMNS).map_err(fail)?;
    for (i, b) in books.iter().enumerate() {
        let title = match (&b.series, &b.series_position) {
            (Some(s), Some(p)) => format!("{} ({s}, #{p})", b.title),
            _ => b.title.clone(),
        };
        let last_read = b.reads.iter().filter_map(|r| r.finished.as_deref()).max();
        let added = b.date_added.get(..10).unwrap_or_default().replace('-', "/");
        let rating = b
            .rating
            .map_or("0".to_string(), |r| (r.round() as i64).to_string());
        let status = b.status.clone().unwrap_or_default();
        let record = [
            (i + 1).to_string(),
            title,
            b.authors.first().cloned().unwrap_or_default(),
            b.authors.first().map(|a| last_first(a)).unwrap_or_default(),
            b.authors
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            format!("=\"{}\"", b.isbn10.clone().unwrap_or_default()),
            format!("=\"{}\"", b.isbn13.clone().unwrap_or_default()),
            rating,
            String::new(),
            String::new(),
            String::new(),
            b.pages.map(|p| p.to_string()).unwrap_or_default(),
            b.year.map(|y| y.to_string()).unwrap_or_default(),
            b.year.map(|y| y.to_string()).unwrap_or_default(),
            goodreads_date(last_read),
            added,
            b.shelves.join(", "),
            b.shelves
                .iter()
                .map(|s| format!("{s} (#{})", i + 1))
                .collect::<Vec<_>>()
                .join(", "),
            status,
            b.review
                .clone()
                .map(|r| r.replace('\n', "<br/>"))
                .unwrap_or_default(),
            if b.spoiler {
                "true".into()
            } else {
                String::new()
            },
            b.private_notes.clone().unwrap_or_default(),
            b.reads.len().to_string(),
            b.owned_copies.unwrap_or(0).to_string(),
        ];
        // Every cell but the ISBNs, which are Goodreads' own ="..." form.
        let record = record
            .into_iter()
            .enumerate()
            .map(|(column, cell)| match column {
                5 | 6 => cell,
                _ => crate::domain::text::spreadsheet_cell(cell),
            });
        out.write_record(record).map_err(fail)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| crate::error::ActionError::Internal(e.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
