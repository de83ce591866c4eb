//! The goodbooks-10k catalogue format: a CSV of books as a large book site
//! listed them, with its mess repaired where it can be (ISBN-10s that lost
//! their leading zeros, ISBN-13s written as floats, series inside titles,
//! several authors in one cell) and rows dropped, with the reason, where not.

use std::io::Read;

use serde::Deserialize;

use crate::domain::isbn::{Isbn10, Isbn13};
use crate::domain::{search, text};
use crate::store::NewBook;

#[derive(Debug, Deserialize)]
struct Row {
    #[serde(default)]
    isbn: String,
    #[serde(default)]
    isbn13: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    original_publication_year: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    language_code: String,
    #[serde(default)]
    ratings_count: String,
}

/// What reading the file found, row by row.
#[derive(Debug, Default)]
pub struct Parsed {
    pub books: Vec<NewBook>,
    /// (line, reason) for each row that could not become a book.
    pub dropped: Vec<(u64, String)>,
    /// ISBN-10s given back their leading zeros.
    pub repaired_isbn10: usize,
    /// ISBN-13s that survived only as floats with their last digits lost, and
    /// had no ISBN-10 to rebuild them from.
    pub unrecoverable_isbn13: usize,
    /// Rows with more contributors than a book lists; the first ones were kept.
    pub trimmed_authors: usize,
    /// (line, what) for each book that went in with something left out.
    pub cut: Vec<(u64, String)>,
}

const MAX_AUTHORS: usize = text::AUTHORS_MAX;

/// The ISBN-10 with the leading zeros a spreadsheet dropped put back.
fn repair_isbn10(raw: &str) -> Option<(Isbn10, bool)> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 10 {
        return None;
    }
    let padded = format!("{raw:0>10}");
    Isbn10::parse(&padded)
        .ok()
        .map(|isbn| (isbn, padded != raw))
}

/// A float like `9.78043902348e+12` still holds the first twelve digits when
/// printed exactly; a rounded one can't be trusted, so it only confirms.
fn isbn13_from_float(raw: &str) -> Option<Isbn13> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if !raw.contains(['e', 'E', '.']) {
        return Isbn13::parse(raw).ok();
    }
    None
}

fn year(raw: &str) -> Option<i64> {
    let value: f64 = raw.trim().parse().ok()?;
    let year = value.trunc() as i64;
    (-3000..=2100).contains(&year).then_some(year)
}

pub fn parse(input: impl Read, now: i64) -> Result<Parsed, csv::Error> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let mut parsed = Parsed::default();
    for (index, record) in reader.deserialize::<Row>().enumerate() {
        let line = index as u64 + 2;
        let row = match record {
            Ok(row) => row,
            Err(e) => {
                parsed.dropped.push((line, format!("unreadable row: {e}")));
                continue;
            }
        };
        let (title, series) = search::split_series(&row.title);
        let title = match text::line("title", &title, text::TITLE_MAX) {
            Ok(title) => title,
            Err(e) => {
                parsed.dropped.push((line, e.to_string()));
                continue;
            }
        };
        let mut names: Vec<String> = row
            .authors
            .split(',')
            .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|a| !a.is_empty())
            .collect();
        // Anthologies list dozens of contributors; the first ones name the book.
        let mut cut = Vec::new();
        if names.len() > MAX_AUTHORS {
            cut.push(format!(
                "{} authors: the first {MAX_AUTHORS} were kept",
                names.len()
            ));
            names.truncate(MAX_AUTHORS);
            parsed.trimmed_authors += 1;
        }
        let authors = match text::authors(&names) {
            Ok(authors) => authors,
            Err(e) => {
                parsed.dropped.push((line, e.to_string()));
                continue;
            }
        };
        let isbn10 = repair_isbn10(&row.isbn);
        if isbn10.as_ref().is_some_and(|(_, repaired)| *repaired) {
            parsed.repaired_isbn10 += 1;
        }
        let isbn13 = match &isbn10 {
            Some((ten, _)) => Some(ten.to_isbn13()),
            None => {
                let exact = isbn13_from_float(&row.isbn13);
                if exact.is_none() && !row.isbn13.trim().is_empty() {
                    parsed.unrecoverable_isbn13 += 1;
                    cut.push(format!(
                        "the ISBN-13 {} lost its last digits as a float, with no ISBN-10 to rebuild it: left out",
                        row.isbn13.trim()
                    ));
                }
                exact
            }
        };
        let year_given = row.original_publication_year.trim();
        let year = year(year_given);
        if year.is_none() && !year_given.is_empty() {
            cut.push(format!(
                "the year {year_given} is not one of -3000 to 2100: left out"
            ));
        }
        parsed.cut.extend(cut.into_iter().map(|what| (line, what)));
        let (series, series_position) = match series {
            Some((name, position)) => (Some(name), Some(position)),
            None => (None, None),
        };
        parsed.books.push(NewBook {
            title,
            authors,
            roles: Vec::new(),
            isbn13: isbn13.map(|i| i.as_str().to_string()),
            isbn10: isbn10.map(|(i, _)| i.as_str().to_string()),
            pages: None,
            year,
            description: None,
            series,
            series_position,
            language: Some(row.language_code.trim().to_string()).filter(|l| !l.is_empty()),
            popularity: row.ratings_count.trim().parse().unwrap_or(0),
            created_by: None,
            now,
        });
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "book_id,goodreads_book_id,best_book_id,work_id,books_count,isbn,isbn13,authors,original_publication_year,original_title,title,language_code,average_rating,ratings_count
1,1,1,1,1,439023483,9.78043902348e+12,Suzanne Collins,2008.0,The Hunger Games,\"The Hunger Games (The Hunger Games, #1)\",eng,4.34,4780653
2,3,3,4,1,,9.78043955493e+12,\"J.K. Rowling, Mary GrandPré\",1997.0,x,Harry Potter and the Sorcerer's Stone,eng,4.44,4602479
3,5,5,6,1,12345,,Homer,-720.0,x,The Iliad,,4.0,10
4,7,7,8,1,,,,2000.0,x,No Author,eng,4.0,10
";

    #[test]
    fn repairs_what_it_can() {
        let parsed = parse(SAMPLE.as_bytes(), 1).unwrap();
        assert_eq!(parsed.books.len(), 3);
        let hunger = &parsed.books[0];
        assert_eq!(hunger.title, "The Hunger Games");
        assert_eq!(hunger.series.as_deref(), Some("The Hunger Games"));
        assert_eq!(hunger.series_position.as_deref(), Some("1"));
        assert_eq!(hunger.isbn10.as_deref(), Some("0439023483"));
        assert_eq!(hunger.isbn13.as_deref(), Some("9780439023481"));
        assert_eq!(hunger.year, Some(2008));
        assert_eq!(hunger.popularity, 4_780_653);
        let potter = &parsed.books[1];
        assert_eq!(potter.authors, ["J.K. Rowling", "Mary GrandPré"]);
        assert_eq!(potter.isbn13, None, "a float ISBN-13 is not trusted");
        assert_eq!(parsed.books[2].year, Some(-720));
        assert_eq!(parsed.books[2].isbn10, None, "12345 is no ISBN");
        assert_eq!(parsed.repaired_isbn10, 1);
        assert_eq!(parsed.unrecoverable_isbn13, 1);
        assert_eq!(parsed.dropped.len(), 1);
        assert_eq!(parsed.dropped[0].0, 5);
        assert!(parsed.dropped[0].1.contains("authors"));
        assert_eq!(parsed.cut.len(), 1, "{:?}", parsed.cut);
        assert_eq!(parsed.cut[0].0, 3, "Harry Potter's float ISBN, by its line");
    }

    #[test]
    fn an_anthology_keeps_its_dozens_of_authors_and_a_cut_is_said_by_line() {
        let names = |n: usize| {
            (1..=n)
                .map(|i| format!("Writer {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let file = format!(
            "isbn,isbn13,authors,original_publication_year,title,language_code,ratings_count\n\
             ,,\"{}\",2019,Forty Voices,eng,1\n\
             ,,\"{}\",99999,Too Many,eng,1\n",
            names(40),
            names(MAX_AUTHORS + 5)
        );
        let parsed = parse(file.as_bytes(), 1).unwrap();
        assert_eq!(parsed.books[0].authors.len(), 40);
        assert_eq!(parsed.books[1].authors.len(), MAX_AUTHORS);
        let said: Vec<&(u64, String)> = parsed.cut.iter().filter(|(l, _)| *l == 3).collect();
        assert_eq!(said.len(), 2, "{:?}", parsed.cut);
        assert!(said[0].1.contains(&format!("{} authors", MAX_AUTHORS + 5)));
        assert!(said[1].1.contains("99999"));
        assert!(
            parsed.cut.iter().all(|(l, _)| *l == 3),
            "line 2 lost nothing"
        );
    }
}
