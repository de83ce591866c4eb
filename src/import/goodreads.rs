//! Goodreads library exports, both the older 31-column and the current
//! 24-column layout: columns are read by name, so either works.

use std::collections::BTreeMap;

use super::entry::Row;
use super::entry::{
    Entry, Parsed, date_noted, entries, isbns, list, records_shaped, review_text, text, whole,
};
use crate::domain::search;
use crate::export::goodreads::{last_first, title_with_series, wrapped_isbn};

/// Columns that are the reader's own and land in their own places; the
/// book's site-wide figures (Average Rating) are not the reader's and stay
/// out. What the file says of the edition held (Publisher, Binding, Number
/// of Pages, Year Published) and the shelves' positions stay with the
/// reader's copy, as the file wrote them, to be written back on export.
const HANDLED: [&str; 18] = [
    "Title",
    "Author",
    "Author l-f",
    "Additional Authors",
    "ISBN",
    "ISBN13",
    "My Rating",
    "Average Rating",
    "Original Publication Year",
    "Date Read",
    "Date Added",
    "Bookshelves",
    "Exclusive Shelf",
    "My Review",
    "Spoiler",
    "Private Notes",
    "Read Count",
    "Owned Copies",
];

/// Keeps with the reader's copy each cell of the book's columns that the
/// Goodreads export would not write back as the file had it ("The Locked
/// Tomb #1" without Goodreads' comma, an inverted name like "Jr., Ross
/// Lockridge", an ISBN-10 the file left out, contributors with their roles).
fn keep_unlike_export(
    details: &mut BTreeMap<String, String>,
    row: &Row,
    title: &str,
    series: Option<&(String, String)>,
    authors: &[String],
    year: Option<i64>,
) {
    // What the file says of the edition held, as written, empty or not.
    for column in [
        "Publisher",
        "Binding",
        "Number of Pages",
        "Year Published",
        "Bookshelves with positions",
    ] {
        details.insert(column.to_string(), row.get(column).to_string());
    }
    let get = |name: &str| row.get(name).trim();
    let mut keep = |column: &str, written: String| {
        if get(column) != written {
            details.insert(column.to_string(), get(column).to_string());
        }
    };
    let series = series.map(|(n, p)| (n.as_str(), p.as_str()));
    keep("Title", title_with_series(title, series));
    let first = authors.first().map(String::as_str).unwrap_or_default();
    keep("Author l-f", last_first(first));
    let others = get("Additional Authors");
    // Catalogue names lose their roles, and a book lists only so many.
    let plain = !others.contains('(') && authors.len() <= crate::domain::text::AUTHORS_MAX;
    keep(
        "Additional Authors",
        if plain {
            authors[1.min(authors.len())..].join(", ")
        } else {
            String::new()
        },
    );
    let (isbn13, isbn10) = isbns(&[row.get("ISBN13"), row.get("ISBN")]);
    keep("ISBN", wrapped_isbn(isbn10.as_deref()));
    keep("ISBN13", wrapped_isbn(isbn13.as_deref()));
    keep(
        "Original Publication Year",
        year.map(|y| y.to_string()).unwrap_or_default(),
    );
}

/// The most readings of one book a row brings, dated or not.
pub const MAX_READS: i64 = 100;

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
        let mut notes = Vec::new();
        let finished = date_noted(get("Date Read"), "Date Read", &mut notes);
        let added = date_noted(get("Date Added"), "Date Added", &mut notes);
        let read_count = whole(get("Read Count"))
            .unwrap_or(0)
            .max(i64::from(finished.is_some()));
        let mut reads = Vec::new();
        if read_count > 0 || status.as_deref() == Some("read") {
            reads.push((None, finished));
            // Only the last reading has a date; earlier ones are known by count.
            for _ in 1..read_count.min(MAX_READS) {
                reads.push((None, None));
            }
        }
        if read_count > MAX_READS {
            notes.push(format!(
                "Read Count {read_count}: {MAX_READS} readings were kept"
            ));
        }
        // 0 is Goodreads' "not rated"; anything else outside 1 to 5 is said.
        let given = get("My Rating").trim();
        let rating = whole(given).filter(|r| (1..=5).contains(r)).map(|r| r * 4);
        if rating.is_none() && !matches!(given, "" | "0") {
            notes.push(format!(
                "My Rating {given} is not 1 to 5 stars: it was left out"
            ));
        }
        let mut details = row.details(&HANDLED);
        let (short, series) = search::split_series(&title);
        if let Some((name, position)) = &series {
            details.insert("Series".into(), format!("{name} #{position}"));
        }
        let year = whole(get("Original Publication Year")).or_else(|| whole(get("Year Published")));
        keep_unlike_export(&mut details, row, &short, series.as_ref(), &authors, year);
        Ok(Entry {
            line,
            title: short,
            authors,
            isbn13,
            isbn10,
            pages: whole(get("Number of Pages")),
            year,
            rating,
            status,
            shelves,
            reads,
            added,
            review: review_text(get("My Review")),
            spoiler: matches!(
                get("Spoiler").trim().to_lowercase().as_str(),
                "true" | "yes" | "1"
            ),
            recommended_for: text(get("Recommended For")),
            private_notes: text(get("Private Notes")),
            owned_copies: whole(get("Owned Copies")),
            details,
            notes,
        })
    })
}
