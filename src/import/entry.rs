//! One row of a reader's library, whatever site it came from, and the small
//! repairs every format needs (encodings, wrapped ISBNs, date forms).

use std::collections::BTreeMap;

use crate::domain::dates::ReadDate;
use crate::domain::isbn::{Isbn10, Isbn13};

/// A book on a reader's shelves elsewhere, with all they said of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub line: u64,
    pub title: String,
    pub authors: Vec<String>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub pages: Option<i64>,
    pub year: Option<i64>,
    /// Quarter stars, as Dogear stores them.
    pub rating: Option<i64>,
    /// "to-read", "currently-reading", "read", or a custom exclusive shelf ("did-not-finish").
    pub status: Option<String>,
    pub shelves: Vec<String>,
    /// (started, finished) of each reading known, dated or not.
    pub reads: Vec<(Option<ReadDate>, Option<ReadDate>)>,
    pub added: Option<ReadDate>,
    pub review: Option<String>,
    pub spoiler: bool,
    pub recommended_for: Option<String>,
    pub private_notes: Option<String>,
    pub owned_copies: Option<i64>,
    /// Every other column that means something to a reader, by its header.
    pub details: BTreeMap<String, String>,
    /// What reading the row left out or shortened, said to the reader.
    pub notes: Vec<String>,
}

/// What a file held.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    pub failed: Vec<(u64, String)>,
}

/// Text that is mostly UTF-8 with stray single-byte (Latin-1) characters:
/// valid UTF-8 stays as it is, each invalid byte is read as Latin-1.
pub fn decode_mixed(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(e) => {
                let (valid, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                out.extend(bad[..skip].iter().map(|b| char::from(*b)));
                rest = &bad[skip..];
            }
        }
    }
}

/// An ISBN cell as spreadsheets write it: `="0525509283"`, `[2070291340]`, plain.
pub fn clean_isbn(cell: &str) -> String {
    cell.trim()
        .trim_start_matches('=')
        .trim_matches(|c| matches!(c, '"' | '[' | ']' | ' '))
        .to_string()
}

/// Both ISBN forms from whatever cells a format has: the first valid one wins.
pub fn isbns(cells: &[&str]) -> (Option<String>, Option<String>) {
    for cell in cells {
        for candidate in clean_isbn(cell)
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            if let Ok(t) = Isbn13::parse(candidate) {
                let ten = t.to_isbn10().map(|i| i.as_str().to_string());
                return (Some(t.as_str().to_string()), ten);
            }
            if let Ok(n) = Isbn10::parse(candidate) {
                return (
                    Some(n.to_isbn13().as_str().to_string()),
                    Some(n.as_str().to_string()),
                );
            }
        }
    }
    (None, None)
}

/// `2020/10/25`, `2020-10-25`, `[2007-04-16]`, `2020/10`: a date, if it is one.
pub fn date(cell: &str) -> Option<ReadDate> {
    let cleaned = cell
        .trim()
        .trim_matches(|c| matches!(c, '[' | ']'))
        .replace('/', "-");
    // ISO timestamps ("2021-01-19T22:41:16+01:00") count by their calendar day.
    let cleaned = cleaned.split(['T', ' ']).next().unwrap_or_default();
    ReadDate::parse("date", cleaned).ok()
}

/// `date`, saying so in `notes` when the cell holds something that is no
/// date: it is left out, never silently.
pub fn date_noted(cell: &str, column: &str, notes: &mut Vec<String>) -> Option<ReadDate> {
    let found = date(cell);
    if found.is_none() && !cell.trim().is_empty() {
        notes.push(format!(
            "{column} \"{}\" is no date read as one: it was left out",
            cell.trim()
        ));
    }
    found
}

/// A list in one cell: "2020, africa, authors-of-color".
pub fn list(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn whole(cell: &str) -> Option<i64> {
    let cell = cell.trim().trim_matches(|c| matches!(c, '[' | ']'));
    cell.parse::<i64>().ok().or_else(|| {
        cell.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|f| f as i64)
    })
}

pub fn text(cell: &str) -> Option<String> {
    Some(cell.trim().to_string()).filter(|s| !s.is_empty())
}

/// Review HTML from other sites (`<br/>` line breaks) as the plain text Dogear's Markdown reads.
pub fn review_text(cell: &str) -> Option<String> {
    let text = cell
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
        .replace("<p>", "")
        .replace("</p>", "\n\n");
    Some(text.trim().to_string()).filter(|s| !s.is_empty())
}

/// A readable row that has a title: its line, its title, and its cells by header.
pub struct Row {
    pub line: u64,
    pub title: String,
    cells: BTreeMap<String, String>,
}

impl Row {
    /// The cell under `name`; "" where the file has no such column.
    pub fn get(&self, name: &str) -> &str {
        self.cells.get(name).map_or("", String::as_str)
    }

    pub fn cells(&self) -> &BTreeMap<String, String> {
        &self.cells
    }

    /// What the reader wrote in the columns not `handled`, kept with their copy.
    pub fn details(&self, handled: &[&str]) -> BTreeMap<String, String> {
        details(&self.cells, handled)
    }
}

/// The non-empty cells of the columns not `handled`, trimmed.
pub fn details(cells: &BTreeMap<String, String>, handled: &[&str]) -> BTreeMap<String, String> {
    cells
        .iter()
        .filter(|(k, v)| !handled.contains(&k.as_str()) && !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect()
}

/// Each record of a file with a "Title" column read into an entry by `read`.
/// Rows that cannot be read, have no title, or that `read` refuses (with its
/// reason) are listed by line instead.
pub fn entries(rows: Vec<Record>, mut read: impl FnMut(&Row) -> Result<Entry, String>) -> Parsed {
    let mut parsed = Parsed::default();
    for record in rows {
        let (line, cells) = match record {
            Ok(record) => record,
            Err(failed) => {
                parsed.failed.push(failed);
                continue;
            }
        };
        let title = cells.get("Title").map_or("", |t| t.trim()).to_string();
        if title.is_empty() {
            parsed.failed.push((line, "no title".into()));
            continue;
        }
        match read(&Row { line, title, cells }) {
            Ok(entry) => parsed.entries.push(entry),
            Err(why) => parsed.failed.push((line, why)),
        }
    }
    parsed
}

/// One row of a file as (line, header → cell), or (line, why it is unreadable).
pub type Record = Result<(u64, BTreeMap<String, String>), (u64, String)>;

/// Reads a delimited file whatever its encoding, header first; each record
/// as (line, header → cell), or the reason it could not be read.
pub fn records(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Record>) {
    records_shaped(bytes, delimiter, false)
}

/// Like `records`; with `strict`, a row with a different number of cells
/// than the header is refused: in a fixed layout that means a quote left
/// open swallowed what followed it.
pub fn records_shaped(bytes: &[u8], delimiter: u8, strict: bool) -> (Vec<String>, Vec<Record>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .quoting(delimiter != b'\t')
        .from_reader(bytes);
    let header: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| {
                decode_mixed(f)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect(),
        Err(_) => return (Vec::new(), Vec::new()),
    };
    let mut rows = Vec::new();
    // Lines counted from the bytes: the reader's own count slips on CRLF files.
    let mut counted = (0usize, 1u64);
    let mut line_at = |position: Option<&csv::Position>| {
        let Some(mut byte) = position.map(|p| p.byte() as usize) else {
            return 0;
        };
        // A record of a CRLF file starts at the "\n" ending the line before it.
        while bytes.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        let (from, line) = counted;
        let upto = byte.min(bytes.len()).max(from);
        let more = bytes[from..upto].iter().filter(|b| **b == b'\n').count() as u64;
        counted = (upto, line + more);
        line + more
    };
    for record in reader.byte_records() {
        match record {
            Ok(record) if strict && record.len() != header.len() => {
                let line = line_at(record.position());
                rows.push(Err((
                    line,
                    format!(
                        "the row has {} of the {} columns: a quote may be left open",
                        record.len(),
                        header.len()
                    ),
                )));
            }
            Ok(record) => {
                let line = line_at(record.position());
                let cells = header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(decode_mixed))
                    .collect();
                rows.push(Ok((line, cells)));
            }
            Err(e) => {
                let line = line_at(e.position());
                rows.push(Err((line, format!("unreadable row: {e}"))));
            }
        }
    }
    (header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_encodings_keep_what_is_utf8() {
        assert_eq!(decode_mixed("Cortázar".as_bytes()), "Cortázar");
        assert_eq!(decode_mixed(b"Cort\xe2azar"), "Cortâazar");
    }

    #[test]
    fn isbn_cells() {
        assert_eq!(clean_isbn("=\"0525509283\""), "0525509283");
        assert_eq!(clean_isbn("=\"\""), "");
        assert_eq!(isbns(&["[2070291340]"]).0.as_deref(), Some("9782070291342"));
        assert_eq!(isbns(&["38549081"]), (None, None));
        assert_eq!(
            isbns(&["", "2070291340, 9782070291342"]).1.as_deref(),
            Some("2070291340")
        );
    }

    #[test]
    fn dates_in_every_form() {
        assert_eq!(date("2020/10/25").unwrap().stored(), "2020-10-25");
        assert_eq!(date("[2007-04-16]").unwrap().stored(), "2007-04-16");
        assert_eq!(date(""), None);
        let mut notes = Vec::new();
        assert_eq!(date_noted("", "Date Read", &mut notes), None);
        assert!(notes.is_empty(), "an empty cell loses nothing");
        assert_eq!(date_noted("next spring", "Date Read", &mut notes), None);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("Date Read \"next spring\""), "{notes:?}");
        assert_eq!(review_text("a<br/>b").as_deref(), Some("a\nb"));
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn lines_are_counted_on_crlf_files_too() {
        let (_, rows) = records(b"Title,Author\r\nA,B\r\nC,D\r\n", b',');
        let lines: Vec<u64> = rows.iter().map(|r| r.as_ref().unwrap().0).collect();
        assert_eq!(lines, [2, 3]);
        let (_, rows) = records(b"Title,Author\nA,B\nC,D\n", b',');
        let lines: Vec<u64> = rows.iter().map(|r| r.as_ref().unwrap().0).collect();
        assert_eq!(lines, [2, 3]);
    }
}
