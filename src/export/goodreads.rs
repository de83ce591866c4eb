//! The Goodreads library layout (the current 24 columns, and the older
//! columns a library still holds), written so Goodreads and the sites that
//! read its files take it back as it came.

use super::{ExportedBook, csv_text, slashed};
use crate::domain::text::spreadsheet_cell;

/// The current layout, in Goodreads' order.
pub const COLUMNS: [&str; 24] = [
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

/// Columns of the older layout, written after the current ones when any
/// book of the library has something in them.
const OLDER: [&str; 7] = [
    "Recommended For",
    "Recommended By",
    "Original Purchase Date",
    "Original Purchase Location",
    "Condition",
    "Condition Description",
    "BCID",
];

/// "Tamsyn Muir" as Goodreads files it: "Muir, Tamsyn".
pub fn last_first(name: &str) -> String {
    match name.rsplit_once(' ') {
        Some((first, last)) => format!("{last}, {first}"),
        None => name.to_string(),
    }
}

/// "My Soul to Keep (African Immortals, #1)".
pub fn title_with_series(title: &str, series: Option<(&str, &str)>) -> String {
    match series {
        Some((name, place)) => format!("{title} ({name}, #{place})"),
        None => title.to_string(),
    }
}

/// An ISBN as Goodreads writes it, so spreadsheets keep its leading zeros.
pub fn wrapped_isbn(isbn: Option<&str>) -> String {
    format!("=\"{}\"", isbn.unwrap_or_default())
}

/// The shelf names of a "Bookshelves with positions" cell, in its order.
fn positioned_names(cell: &str) -> Vec<&str> {
    cell.split(", ")
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit_once(" (#").map_or(s, |(name, _)| name))
        .collect()
}

/// The shelves cell: the status unless it is "read" (Goodreads lists read
/// books on no shelf of that name) and the reader's own shelves, in the
/// order the reader's import kept while they are the same shelves.
fn bookshelves(book: &ExportedBook) -> Vec<String> {
    let shelves = own_shelves(book);
    if let Some(kept) = book.detail("Bookshelves with positions") {
        let mut names = positioned_names(kept);
        let mut sorted: Vec<&str> = shelves.iter().map(String::as_str).collect();
        let order: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        names.sort_unstable();
        sorted.sort_unstable();
        if names == sorted {
            return order;
        }
    }
    shelves
}

fn own_shelves(book: &ExportedBook) -> Vec<String> {
    let mut shelves: Vec<String> = Vec::new();
    if let Some(status) = &book.status
        && status != "read"
    {
        shelves.push(status.clone());
    }
    for shelf in &book.shelves {
        if !shelves.contains(shelf) && Some(shelf) != book.status.as_ref() {
            shelves.push(shelf.clone());
        }
    }
    shelves
}

/// "to-read (#339), peru (#3)": the positions the reader's import kept while
/// the shelves are still the same, otherwise the order of this file.
fn positions(book: &ExportedBook, shelves: &[String], row: usize) -> String {
    if let Some(kept) = book.detail("Bookshelves with positions")
        && positioned_names(kept) == shelves.iter().map(String::as_str).collect::<Vec<_>>()
    {
        return kept.to_string();
    }
    shelves
        .iter()
        .map(|s| format!("{s} (#{row})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell(book: &ExportedBook, column: &str, row: usize) -> String {
    let kept = |column: &str| book.detail(column).map(str::to_string);
    let edition = book.edition.clone().unwrap_or_default();
    let first = book.authors.first().cloned().unwrap_or_default();
    match column {
        "Book Id" => row.to_string(),
        "Title" => kept("Title").unwrap_or_else(|| {
            let series = book.series_place();
            title_with_series(
                &book.title,
                series.as_ref().map(|(n, p)| (n.as_str(), p.as_str())),
            )
        }),
        "Author" => first,
        "Author l-f" => kept("Author l-f").unwrap_or_else(|| last_first(&first)),
        "Additional Authors" => kept("Additional Authors")
            .unwrap_or_else(|| book.authors[1.min(book.authors.len())..].join(", ")),
        "ISBN" => kept("ISBN").unwrap_or_else(|| wrapped_isbn(book.isbn10_held())),
        "ISBN13" => kept("ISBN13").unwrap_or_else(|| wrapped_isbn(book.isbn13_held())),
        "My Rating" => book.goodreads_rating.unwrap_or(0).to_string(),
        "Average Rating" => String::new(),
        "Publisher" => kept("Publisher").or(edition.publisher).unwrap_or_default(),
        "Binding" => kept("Binding").or(edition.binding).unwrap_or_default(),
        "Number of Pages" => kept("Number of Pages")
            .or_else(|| book.pages_held().map(|p| p.to_string()))
            .unwrap_or_default(),
        "Year Published" => kept("Year Published")
            .or_else(|| edition.year.map(|y| y.to_string()))
            .unwrap_or_default(),
        "Original Publication Year" => kept("Original Publication Year")
            .or_else(|| book.year.map(|y| y.to_string()))
            .unwrap_or_default(),
        "Date Read" => book.last_finished().map(slashed).unwrap_or_default(),
        "Date Added" => slashed(book.date_added.get(..10).unwrap_or_default()),
        "Bookshelves" => bookshelves(book).join(", "),
        "Bookshelves with positions" => positions(book, &bookshelves(book), row),
        "Exclusive Shelf" => book.status.clone().unwrap_or_default(),
        "My Review" => book
            .review
            .as_deref()
            .map(|r| r.replace('\n', "<br/>"))
            .unwrap_or_default(),
        "Spoiler" => if book.spoiler { "true" } else { "" }.to_string(),
        "Private Notes" => book.private_notes.clone().unwrap_or_default(),
        "Read Count" => book.reads.len().to_string(),
        "Owned Copies" => book.owned_copies.unwrap_or(0).to_string(),
        "Recommended For" => book.recommended_for.clone().unwrap_or_default(),
        other => kept(other).unwrap_or_default(),
    }
}

/// The library as a Goodreads export; a status of the reader's own
/// ("did-not-finish") is the exclusive shelf it was there.
pub fn write(books: &[ExportedBook]) -> Result<String, csv::Error> {
    let mut header: Vec<&str> = COLUMNS.to_vec();
    header.extend(
        OLDER
            .iter()
            .filter(|c| books.iter().any(|b| !cell(b, c, 0).is_empty())),
    );
    let rows = books.iter().enumerate().map(|(i, book)| {
        header
            .iter()
            .map(|column| {
                let text = cell(book, column, i + 1);
                // Every cell but the ISBNs, which are Goodreads' own ="..." form.
                if matches!(*column, "ISBN" | "ISBN13") {
                    text
                } else {
                    spreadsheet_cell(text)
                }
            })
            .collect::<Vec<_>>()
    });
    csv_text(&header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_carry_their_series_as_goodreads_writes_it() {
        assert_eq!(
            title_with_series("My Soul to Keep", Some(("African Immortals", "1"))),
            "My Soul to Keep (African Immortals, #1)"
        );
        assert_eq!(last_first("Tamsyn Muir"), "Muir, Tamsyn");
        assert_eq!(wrapped_isbn(None), "=\"\"");
    }

    #[test]
    fn read_books_sit_on_no_read_shelf() {
        let book = ExportedBook {
            status: Some("read".into()),
            shelves: vec!["peru".into()],
            ..ExportedBook::default()
        };
        assert_eq!(bookshelves(&book), ["peru"]);
        let waiting = ExportedBook {
            status: Some("to-read".into()),
            shelves: vec!["peru".into()],
            ..ExportedBook::default()
        };
        assert_eq!(bookshelves(&waiting), ["to-read", "peru"]);
        assert_eq!(
            positions(&waiting, &bookshelves(&waiting), 4),
            "to-read (#4), peru (#4)"
        );
    }
}
