//! StoryGraph exports: quarter-star ratings, date ranges, moods and pace.

use super::entry::{
    Entry, Parsed, date, entries, isbns, list, records_shaped, review_text, text, whole,
};
use crate::domain::rating::Stars;

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
        // An id that is no ISBN is still the reader's link to the book there.
        if isbn13.is_none()
            && let Some(uid) = text(get("ISBN/UID"))
        {
            details.insert("ISBN/UID".into(), uid);
        }
        let rating = match get("Star Rating").trim() {
            "" => None,
            cell => match cell.parse::<f64>().ok().map(Stars::from_quarters_value) {
                Some(Ok(stars)) => Some(stars.quarters()),
                _ => {
                    return Err(format!("Star Rating {cell} is not 0.25 to 5 stars"));
                }
            },
        };
        // "2023/05/23-2023/06/07, 2021/01/02": ranges or single days.
        let mut reads: Vec<_> = get("Dates Read")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|range| match range.split_once('-') {
                Some((a, b)) if a.contains('/') && b.contains('/') => (date(a), date(b)),
                _ => (None, date(range)),
            })
            .collect();
        if reads.is_empty()
            && let Some(last) = date(get("Last Date Read"))
        {
            reads.push((None, Some(last)));
        }
        let count = whole(get("Read Count")).unwrap_or(0);
        while (reads.len() as i64) < count.min(100) {
            reads.push((None, None));
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
            added: date(get("Date Added")),
            review: review_text(get("Review")),
            owned_copies: owned,
            details,
            ..Entry::default()
        })
    })
}
