//! StoryGraph exports: quarter-star ratings, date ranges, moods and pace.

use super::entry::{
    Entry, Parsed, date, date_noted, entries, isbns, list, records_shaped, review_text, text, whole,
};
use super::goodreads::MAX_READS;
use crate::domain::dates;
use crate::domain::rating::Stars;
use crate::export::storygraph::star_text;

const HANDLED: [&str; 12] = [
    "Title",
    "Authors",
    "ISBN/UID",
    "Read Status",
    "Date Added",
    "Last Date Read",
    "Dates Read",
    "Read Count",
    "Star Rating",
    "Review",
    "Tags",
    "Owned?",
];

pub fn parse(bytes: &[u8]) -> Parsed {
    let (_, rows) = records_shaped(bytes, b',', true);
    entries(rows, |row| {
        let get = |name: &str| row.get(name);
        let (line, title) = (row.line, row.title.clone());
        let (isbn13, isbn10) = isbns(&[get("ISBN/UID")]);
        let mut details = row.details(&HANDLED);
        // An id that is no ISBN is still the reader's link to the book there,
        // and an ISBN-10 is kept as the file wrote it.
        if let Some(uid) = text(get("ISBN/UID"))
            && isbn13.as_deref() != Some(uid.as_str())
        {
            details.insert("ISBN/UID".into(), uid);
        }
        let rating = match get("Star Rating").trim() {
            "" => None,
            cell => match cell.parse::<f64>().ok().map(Stars::from_quarters_value) {
                Some(Ok(stars)) => {
                    // "5.0": the spelling is kept for the export to write back.
                    if star_text(stars.value()) != cell {
                        details.insert("Star Rating".into(), cell.to_string());
                    }
                    Some(stars.quarters())
                }
                _ => {
                    return Err(format!("Star Rating {cell} is not 0.25 to 5 stars"));
                }
            },
        };
        // "2023/05/23-2023/06/07, 2021/01/02": ranges or single days.
        let mut notes = Vec::new();
        let mut reads: Vec<_> = get("Dates Read")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|range| match range.split_once('-') {
                Some((a, b)) if a.contains('/') && b.contains('/') => {
                    let (started, finished) = (date(a), date(b));
                    if dates::check_order(started.as_ref(), finished.as_ref()).is_ok() {
                        return (started, finished);
                    }
                    notes.push(format!(
                        "the reading {range} ends before it starts: it was kept as finished on {}",
                        b.trim()
                    ));
                    (None, finished)
                }
                _ => (None, date_noted(range, "Dates Read", &mut notes)),
            })
            .collect();
        // The file's own spelling of the dates, for the export to write back.
        if !notes.is_empty() {
            details.insert("Dates Read".into(), get("Dates Read").trim().to_string());
        }
        let added = date_noted(get("Date Added"), "Date Added", &mut notes);
        if reads.is_empty()
            && let Some(last) = date_noted(get("Last Date Read"), "Last Date Read", &mut notes)
        {
            reads.push((None, Some(last)));
        }
        let count = whole(get("Read Count")).unwrap_or(0);
        while (reads.len() as i64) < count.min(MAX_READS) {
            reads.push((None, None));
        }
        if count > MAX_READS {
            notes.push(format!(
                "Read Count {count}: {MAX_READS} readings were kept"
            ));
        }
        let owned = match get("Owned?").trim().to_lowercase().as_str() {
            "yes" => Some(1),
            "no" => Some(0),
            _ => None,
        };
        Ok(Entry {
            line,
            title,
            authors: list(get("Authors")),
            isbn13,
            isbn10,
            rating,
            status: text(get("Read Status")).map(|s| s.to_lowercase()),
            shelves: list(get("Tags")),
            reads,
            added,
            review: review_text(get("Review")),
            owned_copies: owned,
            details,
            notes,
            ..Entry::default()
        })
    })
}
