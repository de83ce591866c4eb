//! LibraryThing exports: tab-separated, values in brackets, half stars,
//! "Last, First" authors, and mixed encodings.

use super::entry::{
    Entry, Parsed, date_noted, entries, isbns, list, records, review_text, text, whole,
};
use crate::domain::rating::Stars;

const HANDLED: [&str; 15] = [
    "Title",
    "Primary Author",
    "Secondary Author",
    "ISBN",
    "ISBNs",
    "Rating",
    "Review",
    "Date Started",
    "Date Read",
    "Entry Date",
    "Tags",
    "Collections",
    "Private Comment",
    "Page Count",
    "Date",
];

pub fn parse(bytes: &[u8]) -> Parsed {
    let (_, rows) = records(bytes, b'\t');
    entries(rows, |row| {
        let get = |name: &str| row.get(name);
        let (line, title) = (row.line, row.title.clone());
        let mut authors: Vec<String> = text(get("Primary Author")).into_iter().collect();
        authors.extend(text(get("Secondary Author")));
        let (isbn13, isbn10) = isbns(&[get("ISBNs"), get("ISBN")]);
        let mut notes = Vec::new();
        let rating = match get("Rating").trim() {
            "" | "0" => None,
            cell => {
                let stars = cell
                    .parse::<f64>()
                    .ok()
                    .and_then(|v| Stars::from_quarters_value(v).ok())
                    .map(Stars::quarters);
                if stars.is_none() {
                    notes.push(format!(
                        "Rating {cell} is not 0.25 to 5 stars: it was left out"
                    ));
                }
                stars
            }
        };
        let collections = list(get("Collections"));
        let started = date_noted(get("Date Started"), "Date Started", &mut notes);
        let finished = date_noted(get("Date Read"), "Date Read", &mut notes);
        let status = if collections
            .iter()
            .any(|c| c.eq_ignore_ascii_case("Currently reading"))
        {
            Some("currently-reading")
        } else if collections
            .iter()
            .any(|c| c.eq_ignore_ascii_case("To read") || c.eq_ignore_ascii_case("Wishlist"))
        {
            Some("to-read")
        } else if finished.is_some()
            || collections
                .iter()
                .any(|c| c.to_lowercase().starts_with("read"))
        {
            Some("read")
        } else {
            None
        };
        let reads = if started.is_some() || finished.is_some() {
            vec![(started, finished)]
        } else {
            Vec::new()
        };
        let details = row
            .cells()
            .iter()
            .filter(|(k, v)| !HANDLED.contains(&k.as_str()) && !v.trim().is_empty())
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.trim()
                        .trim_matches(|c| matches!(c, '[' | ']'))
                        .to_string(),
                )
            })
            .collect();
        Ok(Entry {
            line,
            title,
            authors,
            isbn13,
            isbn10,
            pages: whole(get("Page Count")),
            year: whole(get("Date")),
            rating,
            status: status.map(str::to_string),
            shelves: list(get("Tags")),
            reads,
            added: date_noted(get("Entry Date"), "Entry Date", &mut notes),
            review: review_text(get("Review")),
            private_notes: text(get("Private Comment")),
            owned_copies: collections.iter().any(|c| c == "Your library").then_some(1),
            details,
            notes,
            ..Entry::default()
        })
    })
}
