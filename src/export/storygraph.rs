//! The StoryGraph export layout, so a reader moving there takes their
//! quarter stars, reading dates, moods and tags along.

use super::{ExportedBook, slashed, write_layout};

pub const COLUMNS: [&str; 23] = [
    "Title",
    "Authors",
    "Contributors",
    "ISBN/UID",
    "Format",
    "Read Status",
    "Date Added",
    "Last Date Read",
    "Dates Read",
    "Read Count",
    "Moods",
    "Pace",
    "Character- or Plot-Driven?",
    "Strong Character Development?",
    "Loveable Characters?",
    "Diverse Characters?",
    "Flawed Characters?",
    "Star Rating",
    "Review",
    "Content Warnings",
    "Content Warning Description",
    "Tags",
    "Owned?",
];

/// Stars as StoryGraph writes them: `4`, `4.5`, `3.75`.
pub fn star_text(stars: f64) -> String {
    let text = format!("{stars:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The rating as the reader's file spelled it (`5.0`) while it still says
/// the same, otherwise in StoryGraph's own form.
fn rating(book: &ExportedBook) -> String {
    let Some(stars) = book.rating else {
        return String::new();
    };
    match book.detail("Star Rating") {
        Some(kept) if kept.trim().parse::<f64>().ok() == Some(stars) => kept.to_string(),
        _ => star_text(stars),
    }
}

/// "2023/05/23-2023/06/07, 2021/01/02": each dated reading, a range where
/// both days are known.
fn dates_read(book: &ExportedBook) -> String {
    let written = written_dates(book);
    // The file's own spelling (a range that ended before it started) while
    // the days it finished are still the reader's.
    if let Some(kept) = book.detail("Dates Read") {
        let finished = |text: &str| -> Vec<String> {
            text.split(", ")
                .map(|r| r.rsplit('-').next().unwrap_or(r).to_string())
                .collect()
        };
        if finished(kept) == finished(&written) {
            return kept.to_string();
        }
    }
    written
}

fn written_dates(book: &ExportedBook) -> String {
    book.reads
        .iter()
        .filter_map(|r| match (&r.started, &r.finished) {
            (Some(s), Some(f)) => Some(format!("{}-{}", slashed(s), slashed(f))),
            (None, Some(f)) => Some(slashed(f)),
            (Some(s), None) => Some(format!("{}-", slashed(s))),
            (None, None) => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell(book: &ExportedBook, column: &str) -> String {
    let kept = |column: &str| book.detail(column).map(str::to_string);
    match column {
        "Title" => book.title.clone(),
        "Authors" => book.authors.join(", "),
        "ISBN/UID" => kept("ISBN/UID")
            .or_else(|| book.isbn13_held().map(str::to_string))
            .unwrap_or_default(),
        "Format" => kept("Format")
            .or_else(|| {
                let binding = book.edition.as_ref().and_then(|e| e.binding.as_deref());
                // A Goodreads file's binding, when the catalogue has none.
                Some(binding.or(book.detail("Binding"))?.to_lowercase())
            })
            .unwrap_or_default(),
        "Read Status" => book.status.clone().unwrap_or_default(),
        "Date Added" => slashed(book.date_added.get(..10).unwrap_or_default()),
        "Last Date Read" => book.last_finished().map(slashed).unwrap_or_default(),
        "Dates Read" => dates_read(book),
        "Read Count" => book.reads.len().to_string(),
        "Star Rating" => rating(book),
        "Review" => book.review.clone().unwrap_or_default(),
        "Tags" => book.shelves.join(", "),
        "Owned?" => match book.owned_copies {
            Some(0) => "No".into(),
            Some(_) => "Yes".into(),
            None => kept("Owned?").unwrap_or_default(),
        },
        other => kept(other).unwrap_or_default(),
    }
}

pub fn write(books: &[ExportedBook]) -> Result<String, csv::Error> {
    write_layout(&COLUMNS, books, cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::ExportedRead;

    #[test]
    fn quarter_stars_and_reading_ranges() {
        assert_eq!(star_text(4.0), "4");
        assert_eq!(star_text(4.5), "4.5");
        assert_eq!(star_text(3.75), "3.75");
        let book = ExportedBook {
            rating: Some(5.0),
            details: Some(serde_json::json!({"Star Rating": "5.0"})),
            reads: vec![
                ExportedRead {
                    started: Some("2023-05-23".into()),
                    finished: Some("2023-06-07".into()),
                },
                ExportedRead {
                    started: None,
                    finished: Some("2021-01-02".into()),
                },
            ],
            ..ExportedBook::default()
        };
        assert_eq!(rating(&book), "5.0");
        assert_eq!(dates_read(&book), "2023/05/23-2023/06/07, 2021/01/02");
        let changed = ExportedBook {
            rating: Some(4.25),
            ..book
        };
        assert_eq!(
            rating(&changed),
            "4.25",
            "a rating changed since is written anew"
        );
    }
}
