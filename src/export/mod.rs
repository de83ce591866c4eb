//! Writing a reader's library in the layouts other sites read: one module
//! per layout, each pure (books in, text out), the JSON archive beside them.

pub mod bookwyrm;
pub mod goodreads;
pub mod storygraph;

use serde::Serialize;

/// One book of the library with everything the reader said of it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportedBook {
    pub title: String,
    pub series: Option<String>,
    pub series_position: Option<String>,
    pub authors: Vec<String>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub pages: Option<i64>,
    /// The work's first year, not the edition's.
    pub year: Option<i64>,
    /// The edition the reader held, when they or their import said.
    pub edition: Option<ExportedEdition>,
    pub rating: Option<f64>,
    /// Whole stars, as the Goodreads layout writes them.
    pub goodreads_rating: Option<i64>,
    /// Said when the Goodreads layout cannot hold the rating as it is.
    pub rating_note: Option<String>,
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
    /// Each edition the reader held, when they held more than one of the
    /// work: the CSV layouts write a row for each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editions_held: Vec<HeldCopy>,
}

/// One of several editions of a work the reader held.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HeldCopy {
    pub edition: ExportedEdition,
    pub date_added: String,
    /// What the reader's file said of this edition, by column.
    pub details: Option<serde_json::Value>,
}

/// The columns that speak of an edition rather than the work, in every
/// layout read: a copy without its own details takes none of these from
/// another edition's.
const EDITION_COLUMNS: [&str; 10] = [
    "ISBN",
    "ISBN13",
    "Publisher",
    "Binding",
    "Number of Pages",
    "Year Published",
    "ISBN/UID",
    "Format",
    "isbn_10",
    "isbn_13",
];

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportedEdition {
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub publisher: Option<String>,
    pub binding: Option<String>,
    pub pages: Option<i64>,
    pub year: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportedRead {
    pub started: Option<String>,
    pub finished: Option<String>,
}

impl ExportedBook {
    /// A column the reader's import kept as their file wrote it.
    pub fn detail(&self, column: &str) -> Option<&str> {
        self.details.as_ref()?.get(column)?.as_str()
    }

    /// The series and place in it, from the catalogue or the reader's import.
    pub fn series_place(&self) -> Option<(String, String)> {
        if let (Some(name), Some(place)) = (&self.series, &self.series_position) {
            return Some((name.clone(), place.clone()));
        }
        let (name, place) = self.detail("Series")?.rsplit_once(" #")?;
        Some((name.to_string(), place.to_string()))
    }

    pub fn isbn13_held(&self) -> Option<&str> {
        self.edition
            .as_ref()
            .and_then(|e| e.isbn13.as_deref())
            .or(self.isbn13.as_deref())
    }

    pub fn isbn10_held(&self) -> Option<&str> {
        self.edition
            .as_ref()
            .and_then(|e| e.isbn10.as_deref())
            .or(self.isbn10.as_deref())
    }

    pub fn pages_held(&self) -> Option<i64> {
        self.edition.as_ref().and_then(|e| e.pages).or(self.pages)
    }

    /// The last day the reader finished it, stored form.
    pub fn last_finished(&self) -> Option<&str> {
        self.reads
            .iter()
            .filter_map(|r| r.finished.as_deref())
            .max()
    }
}

/// The rows a CSV layout writes: a book as it is, or, where the reader held
/// several editions of it, one row per edition with that edition's own data
/// (and everything the reader said of the work on each).
pub fn per_edition(books: &[ExportedBook]) -> Vec<ExportedBook> {
    let mut rows = Vec::with_capacity(books.len());
    for book in books {
        if book.editions_held.len() < 2 {
            rows.push(book.clone());
            continue;
        }
        for copy in &book.editions_held {
            let details = copy
                .details
                .clone()
                .or_else(|| work_details(book.details.as_ref()));
            rows.push(ExportedBook {
                edition: Some(copy.edition.clone()),
                date_added: copy.date_added.clone(),
                details,
                editions_held: Vec::new(),
                ..book.clone()
            });
        }
    }
    rows
}

/// The book's details without the columns of whichever edition wrote them.
fn work_details(details: Option<&serde_json::Value>) -> Option<serde_json::Value> {
    let mut object = details?.as_object()?.clone();
    object.retain(|column, _| !EDITION_COLUMNS.contains(&column.as_str()));
    Some(serde_json::Value::Object(object))
}

/// Whole stars from quarter stars as Goodreads rounds (halves up), never
/// below one: a rating there is one to five stars.
pub fn whole_stars(stars: f64) -> i64 {
    (stars.round() as i64).clamp(1, 5)
}

/// `2020-10-25` as Goodreads and StoryGraph write days: `2020/10/25`.
pub fn slashed(day: &str) -> String {
    day.replace('-', "/")
}

/// A whole CSV file: the header, then each record, quoted only where needed.
pub fn csv_text<R: IntoIterator<Item = String>>(
    header: &[&str],
    records: impl IntoIterator<Item = R>,
) -> Result<String, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    out.write_record(header)?;
    for record in records {
        out.write_record(record.into_iter().collect::<Vec<_>>())?;
    }
    let bytes = out.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A layout with fixed columns: each cell from `cell`, made safe for spreadsheets.
pub fn write_layout(
    columns: &[&str],
    books: &[ExportedBook],
    cell: impl Fn(&ExportedBook, &str) -> String,
) -> Result<String, csv::Error> {
    let rows = books.iter().map(|book| {
        columns
            .iter()
            .map(|column| crate::domain::text::spreadsheet_cell(cell(book, column)))
            .collect::<Vec<_>>()
    });
    csv_text(columns, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_editions_held_are_a_row_each_with_their_own_columns() {
        let copy = |isbn: &str, publisher: Option<&str>, day: &str| HeldCopy {
            edition: ExportedEdition {
                isbn13: Some(isbn.into()),
                ..ExportedEdition::default()
            },
            date_added: day.into(),
            details: publisher.map(|p| serde_json::json!({ "Publisher": p })),
        };
        let book = ExportedBook {
            title: "Kindred".into(),
            date_added: "2020-01-01".into(),
            details: Some(serde_json::json!({"Publisher": "Beacon", "Moods": "dark"})),
            editions_held: vec![
                copy("9780807083697", Some("Beacon"), "2020-01-01"),
                copy("9780575094031", None, "2021-03-04"),
            ],
            ..ExportedBook::default()
        };
        let rows = per_edition(&[book.clone(), ExportedBook::default()]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].isbn13_held(), Some("9780807083697"));
        assert_eq!(rows[0].detail("Publisher"), Some("Beacon"));
        assert_eq!(rows[1].isbn13_held(), Some("9780575094031"));
        assert_eq!(rows[1].date_added, "2021-03-04");
        assert_eq!(rows[1].detail("Publisher"), None, "not the other edition's");
        assert_eq!(rows[1].detail("Moods"), Some("dark"), "the work's stay");
        let one = ExportedBook {
            editions_held: book.editions_held[..1].to_vec(),
            ..book
        };
        assert_eq!(
            per_edition(&[one]).len(),
            1,
            "one edition is the book's row"
        );
    }

    #[test]
    fn goodreads_rounds_halves_up_and_keeps_one_star() {
        assert_eq!(whole_stars(4.5), 5);
        assert_eq!(whole_stars(4.25), 4);
        assert_eq!(whole_stars(3.75), 4);
        assert_eq!(whole_stars(0.25), 1);
        assert_eq!(whole_stars(5.0), 5);
    }
}
