//! Goodreads library exports, both the older 31-column and the current
//! 24-column layout: columns are read by name, so either works.

use super::entry::{
    Entry, Parsed, date, entries, isbns, list, records_shaped, review_text, text, whole,
};
use crate::domain::search;

/// Columns that are the reader's own and land in their own places; the
/// book's site-wide figures (Average Rating) are not the reader's and stay out.
const HANDLED: [&str; 21] = [
    "Title",
    "Author",
    "Author l-f",
    "Additional Authors",
    "ISBN",
    "ISBN13",
    "My Rating",
    "Average Rating",
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

pub fn parse(bytes: &[u8]) -> Parsed {
    let (_, rows) = records_shaped(bytes, b',', true);
    entries(rows, |row| {
        let get = |name: &str| row.get(name);
        let (line, title) = (row.line, row.title.clone());
        let mut authors: Vec<String> = text(get("Author")).into_iter().collect();
        authors.extend(list(get("Additional Authors")));
        let (isbn13, isbn10) = isbns(&[get("ISBN13"), get("ISBN")]);
        let status = text(get("Exclusive Shelf")).map(|s| s.to_lowercase());
        let shelves: Vec<String> = list(get("Bookshelves"))
            .into_iter()
            .filter(|s| {
                Some(s.to_lowercase()) != status
                    && !matches!(s.as_str(), "read" | "to-read" | "currently-reading")
            })
            .collect();
        let finished = date(get("Date Read"));
        let read_count = whole(get("Read Count"))
            .unwrap_or(0)
            .max(i64::from(finished.is_some()));
        let mut reads = Vec::new();
        if read_count > 0 || status.as_deref() == Some("read") {
            reads.push((None, finished));
            // Only the last reading has a date; earlier ones are known by count.
            for _ in 1..read_count.min(100) {
                reads.push((None, None));
            }
        }
        let rating = whole(get("My Rating"))
            .filter(|r| (1..=5).contains(r))
            .map(|r| r * 4);
        let mut details = row.details(&HANDLED);
        if authors.len() > 20 {
            details.insert(
                "Additional Authors".into(),
                get("Additional Authors").trim().to_string(),
            );
        }
        let (title, series) = search::split_series(&title);
        if let Some((name, position)) = series {
            details.insert("Series".into(), format!("{name} #{position}"));
        }
        Ok(Entry {
            line,
            title,
            authors,
            isbn13,
            isbn10,
            pages: whole(get("Number of Pages")),
            year: whole(get("Original Publication Year")).or_else(|| whole(get("Year Published"))),
            rating,
            status,
            shelves,
            reads,
            added: date(get("Date Added")),
            review: review_text(get("My Review")),
            spoiler: matches!(
                get("Spoiler").trim().to_lowercase().as_str(),
                "true" | "yes" | "1"
            ),
            recommended_for: text(get("Recommended For")),
            private_notes: text(get("Private Notes")),
            owned_copies: whole(get("Owned Copies")),
            details,
        })
    })
}
