//! BookWyrm's CSV export layout: one row per book, its one shelf, the
//! last reading, and the review with its name and content warning apart.

use super::{ExportedBook, write_layout};

pub const COLUMNS: [&str; 27] = [
    "title",
    "author_text",
    "remote_id",
    "openlibrary_key",
    "inventaire_id",
    "librarything_key",
    "goodreads_key",
    "bnf_id",
    "viaf",
    "wikidata",
    "asin",
    "aasin",
    "isfdb",
    "isbn_10",
    "isbn_13",
    "oclc_number",
    "start_date",
    "finish_date",
    "stopped_date",
    "rating",
    "review_name",
    "review_cw",
    "review_content",
    "review_published",
    "shelf",
    "shelf_name",
    "shelf_date",
];

/// BookWyrm's one shelf for a book: the reader's own shelf when it is on
/// one (BookWyrm writes that), otherwise its status, with the name shown.
fn shelf(book: &ExportedBook) -> (String, String) {
    if let Some(name) = book.shelves.first() {
        let slug = book.detail("shelf").map(str::to_string).unwrap_or_else(|| {
            crate::domain::shelf::ShelfName::parse(name).map_or_else(|_| String::new(), |s| s.slug)
        });
        return (slug, name.clone());
    }
    let (slug, name) = match book.status.as_deref() {
        Some("read") => ("read", "Read"),
        Some("to-read") => ("to-read", "To Read"),
        Some("currently-reading") => ("reading", "Currently Reading"),
        Some("did-not-finish") => ("stopped-reading", "Stopped Reading"),
        _ => ("", ""),
    };
    (slug.to_string(), name.to_string())
}

/// A review Dogear keeps as "**Name**\n\nBody", apart again.
fn review_parts(review: &str) -> (String, String) {
    if let Some(rest) = review.strip_prefix("**")
        && let Some((name, body)) = rest.split_once("**\n\n")
    {
        return (name.to_string(), body.to_string());
    }
    (String::new(), review.to_string())
}

fn cell(book: &ExportedBook, column: &str) -> String {
    let kept = |column: &str| book.detail(column).map(str::to_string);
    let last = book.reads.last();
    let (review_name, review_content) = review_parts(book.review.as_deref().unwrap_or_default());
    let stopped = book.status.as_deref() == Some("did-not-finish");
    match column {
        "title" => book.title.clone(),
        "author_text" => book.authors.join(", "),
        "isbn_10" => book.isbn10_held().unwrap_or_default().to_string(),
        "isbn_13" => book.isbn13_held().unwrap_or_default().to_string(),
        "start_date" => last.and_then(|r| r.started.clone()).unwrap_or_default(),
        "finish_date" if !stopped => last.and_then(|r| r.finished.clone()).unwrap_or_default(),
        "stopped_date" if stopped => last.and_then(|r| r.finished.clone()).unwrap_or_default(),
        "finish_date" | "stopped_date" => String::new(),
        "rating" => book
            .rating
            .map(super::storygraph::star_text)
            .unwrap_or_default(),
        "review_name" => review_name,
        "review_cw" => kept("content warning").unwrap_or_default(),
        "review_content" => review_content,
        "shelf" => shelf(book).0,
        "shelf_name" => shelf(book).1,
        "shelf_date" => book.date_added.get(..10).unwrap_or_default().to_string(),
        other => kept(other).unwrap_or_default(),
    }
}

pub fn write(books: &[ExportedBook]) -> Result<String, csv::Error> {
    write_layout(&COLUMNS, books, cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_and_shelves_as_bookwyrm_keeps_them() {
        assert_eq!(
            review_parts("**Too much tahini**\n\n...in his hummus"),
            (
                "Too much tahini".to_string(),
                "...in his hummus".to_string()
            )
        );
        assert_eq!(review_parts("plain").1, "plain");
        let reading = ExportedBook {
            status: Some("currently-reading".into()),
            ..ExportedBook::default()
        };
        assert_eq!(shelf(&reading).0, "reading");
    }
}
