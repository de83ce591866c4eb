//! The smaller formats: BookWyrm (CSV and account JSON), Calibre, Openreads,
//! Open Library reading logs, and a generic CSV of title/author columns.

use std::collections::BTreeMap;

use super::entry::{
    Entry, Parsed, date_noted, details, isbns, list, records, review_text, text, whole,
};
use crate::domain::rating::Stars;

/// Each row as header → cell, lower-cased headers, with unreadable rows reported.
fn rows(bytes: &[u8], parsed: &mut Parsed) -> Vec<(u64, BTreeMap<String, String>)> {
    let (_, rows) = records(bytes, b',');
    rows.into_iter()
        .filter_map(|row| match row {
            Ok((line, cells)) => Some((
                line,
                cells
                    .into_iter()
                    .map(|(k, v)| (k.to_lowercase(), v))
                    .collect(),
            )),
            Err(failed) => {
                parsed.failed.push(failed);
                None
            }
        })
        .collect()
}

fn stars(cell: &str) -> Option<i64> {
    let value: f64 = cell.trim().parse().ok()?;
    Stars::from_quarters_value(value).ok().map(Stars::quarters)
}

/// `stars`, saying so in `notes` when the cell holds a rating that is none
/// (an empty cell and 0 are "not rated").
fn stars_noted(cell: &str, column: &str, notes: &mut Vec<String>) -> Option<i64> {
    let found = stars(cell);
    if found.is_none() && !matches!(cell.trim(), "" | "0") {
        notes.push(format!(
            "{column} {} is not 0.25 to 5 stars: it was left out",
            cell.trim()
        ));
    }
    found
}

fn titled(line: u64, title: &str, parsed: &mut Parsed) -> Option<String> {
    let title = title.trim();
    if title.is_empty() {
        parsed.failed.push((line, "no title".into()));
        return None;
    }
    Some(title.to_string())
}

pub fn bookwyrm_csv(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    const HANDLED: [&str; 14] = [
        "title",
        "author_text",
        "isbn_10",
        "isbn_13",
        "start_date",
        "finish_date",
        "stopped_date",
        "rating",
        "review_name",
        "review_content",
        "review_cw",
        "shelf",
        "shelf_name",
        "shelf_date",
    ];
    for (line, c) in rows(bytes, &mut parsed) {
        let get = |k: &str| c.get(k).map(String::as_str).unwrap_or("");
        let Some(title) = titled(line, get("title"), &mut parsed) else {
            continue;
        };
        let mut notes = Vec::new();
        let (isbn13, isbn10) = isbns(&[get("isbn_13"), get("isbn_10")]);
        let shelf = get("shelf").trim().to_lowercase();
        let (status, shelves) = match shelf.as_str() {
            "to-read" | "read" => (Some(shelf.clone()), Vec::new()),
            "reading" => (Some("currently-reading".to_string()), Vec::new()),
            "stopped-reading" => (Some("did-not-finish".to_string()), Vec::new()),
            "" => (None, Vec::new()),
            _ => (None, text(get("shelf_name")).into_iter().collect()),
        };
        let custom = status.is_none() && !shelf.is_empty();
        let finished = date_noted(get("finish_date"), "finish_date", &mut notes)
            .or_else(|| date_noted(get("stopped_date"), "stopped_date", &mut notes));
        let started = date_noted(get("start_date"), "start_date", &mut notes);
        let review = match (text(get("review_name")), review_text(get("review_content"))) {
            (Some(name), Some(body)) => Some(format!("**{name}**\n\n{body}")),
            (None, body) => body,
            (Some(name), None) => Some(name),
        };
        let mut details = details(&c, &HANDLED);
        if let Some(cw) = text(get("review_cw")) {
            details.insert("content warning".into(), cw);
        }
        // BookWyrm's own slug for a reader's shelf ("cooking-9"), written back on export.
        if custom {
            details.insert("shelf".into(), get("shelf").trim().to_string());
        }
        parsed.entries.push(Entry {
            line,
            title,
            authors: list(get("author_text")),
            isbn13,
            isbn10,
            rating: stars_noted(get("rating"), "rating", &mut notes),
            status,
            shelves,
            reads: if started.is_some() || finished.is_some() {
                vec![(started, finished)]
            } else {
                Vec::new()
            },
            added: date_noted(get("shelf_date"), "shelf_date", &mut notes),
            spoiler: !get("review_cw").trim().is_empty(),
            review,
            details,
            notes,
            ..Entry::default()
        });
    }
    parsed
}

pub fn calibre(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    const HANDLED: [&str; 8] = [
        "title",
        "authors",
        "rating",
        "isbn",
        "tags",
        "timestamp",
        "pubdate",
        "author_sort",
    ];
    for (line, c) in rows(bytes, &mut parsed) {
        let get = |k: &str| c.get(k).map(String::as_str).unwrap_or("");
        let Some(title) = titled(line, get("title"), &mut parsed) else {
            continue;
        };
        let mut notes = Vec::new();
        let identifiers = get("identifiers")
            .split(',')
            .find_map(|i| i.trim().strip_prefix("isbn:"))
            .unwrap_or("");
        let (isbn13, isbn10) = isbns(&[get("isbn"), identifiers]);
        parsed.entries.push(Entry {
            line,
            title,
            authors: get("authors")
                .split(" & ")
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            isbn13,
            isbn10,
            year: date_noted(get("pubdate"), "pubdate", &mut notes).map(|d| i64::from(d.year)),
            rating: stars_noted(get("rating"), "rating", &mut notes)
                .filter(|_| get("rating").trim() != "0"),
            shelves: list(get("tags")),
            added: date_noted(get("timestamp"), "timestamp", &mut notes),
            owned_copies: Some(1),
            details: details(&c, &HANDLED),
            notes,
            ..Entry::default()
        });
    }
    parsed
}

pub fn openreads(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    const HANDLED: [&str; 11] = [
        "title",
        "author",
        "status",
        "rating",
        "pages",
        "publication_year",
        "isbn",
        "tags",
        "my_review",
        "notes",
        "readings",
    ];
    for (line, c) in rows(bytes, &mut parsed) {
        let get = |k: &str| c.get(k).map(String::as_str).unwrap_or("");
        let Some(title) = titled(line, get("title"), &mut parsed) else {
            continue;
        };
        let mut notes = Vec::new();
        let (isbn13, isbn10) = isbns(&[get("isbn")]);
        let status = match get("status").trim() {
            "finished" => Some("read"),
            "in_progress" => Some("currently-reading"),
            "planned" => Some("to-read"),
            "abandoned" => Some("did-not-finish"),
            _ => None,
        };
        // "start|end|" per reading, ";" between re-reads.
        let reads = get("readings")
            .split(';')
            .filter(|r| !r.trim().is_empty())
            .map(|r| {
                let mut parts = r.split('|');
                (
                    date_noted(parts.next().unwrap_or(""), "readings", &mut notes),
                    date_noted(parts.next().unwrap_or(""), "readings", &mut notes),
                )
            })
            .filter(|(s, f)| s.is_some() || f.is_some())
            .collect();
        // "1|||||Solarpunk": empty slots and a leading count around the names.
        let shelves = get("tags")
            .split('|')
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.parse::<i64>().is_err())
            .map(str::to_string)
            .collect();
        parsed.entries.push(Entry {
            line,
            title,
            authors: list(get("author")),
            isbn13,
            isbn10,
            pages: whole(get("pages")),
            year: whole(get("publication_year")),
            rating: stars_noted(get("rating"), "rating", &mut notes),
            status: status.map(str::to_string),
            shelves,
            reads,
            added: date_noted(get("date_added"), "date_added", &mut notes),
            review: review_text(get("my_review")),
            private_notes: text(get("notes")),
            details: details(&c, &HANDLED),
            notes,
            ..Entry::default()
        });
    }
    parsed
}

/// Open Library's reading log names works only by id: there is no title to
/// catalogue, so each row is reported rather than guessed at.
pub fn openlibrary(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    for (line, c) in rows(bytes, &mut parsed) {
        let work = c
            .get("work id")
            .map(String::as_str)
            .unwrap_or("")
            .trim()
            .to_string();
        parsed.failed.push((line, format!("Open Library lists only the work id {work}, without a title or author to catalogue it by")));
    }
    parsed
}

/// Any CSV with title and author columns (and, if present, isbn, rating, shelf, review, dates).
pub fn generic(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    const HANDLED: [&str; 9] = [
        "title", "author", "isbn13", "isbn", "rating", "shelf", "review", "added", "finished",
    ];
    for (line, c) in rows(bytes, &mut parsed) {
        let get = |k: &str| c.get(k).map(String::as_str).unwrap_or("");
        let Some(title) = titled(line, get("title"), &mut parsed) else {
            continue;
        };
        let mut notes = Vec::new();
        let (isbn13, isbn10) = isbns(&[get("isbn13"), get("isbn")]);
        let shelf = get("shelf").trim().to_lowercase();
        let finished = date_noted(get("finished"), "finished", &mut notes);
        parsed.entries.push(Entry {
            line,
            title,
            authors: list(get("author")),
            isbn13,
            isbn10,
            rating: stars_noted(get("rating"), "rating", &mut notes),
            status: Some(shelf).filter(|s| !s.is_empty()),
            reads: finished.map(|f| vec![(None, Some(f))]).unwrap_or_default(),
            added: date_noted(get("added"), "added", &mut notes),
            review: review_text(get("review")),
            details: details(&c, &HANDLED),
            notes,
            ..Entry::default()
        });
    }
    parsed
}

/// BookWyrm's account export (the JSON inside its archive): books with
/// their authors, shelves, reviews and readthroughs.
pub fn bookwyrm_json(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let root: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            parsed.failed.push((1, format!("not JSON: {e}")));
            return parsed;
        }
    };
    let s = |v: &serde_json::Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    for (i, book) in root["books"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let line = i as u64 + 1;
        let edition = &book["edition"];
        let Some(title) = s(&edition["title"]).or_else(|| s(&book["work"]["title"])) else {
            parsed.failed.push((line, "a book with no title".into()));
            continue;
        };
        let (isbn13, isbn10) = isbns(&[
            edition["isbn13"].as_str().unwrap_or(""),
            edition["isbn10"].as_str().unwrap_or(""),
        ]);
        let mut notes = Vec::new();
        let mut status = None;
        let mut shelves = Vec::new();
        for shelf in book["shelves"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let id = shelf["id"].as_str().unwrap_or("");
            match id.rsplit('/').next().unwrap_or("") {
                "read" => status = Some("read".to_string()),
                "to-read" => status = Some("to-read".to_string()),
                "reading" => status = Some("currently-reading".to_string()),
                "stopped-reading" => status = Some("did-not-finish".to_string()),
                _ => shelves.extend(s(&shelf["name"])),
            }
        }
        let review = book["reviews"].as_array().and_then(|r| r.first());
        let reads = book["readthroughs"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|r| {
                (
                    date_noted(
                        r["start_date"].as_str().unwrap_or(""),
                        "start_date",
                        &mut notes,
                    ),
                    date_noted(
                        r["finish_date"].as_str().unwrap_or(""),
                        "finish_date",
                        &mut notes,
                    ),
                )
            })
            .filter(|(a, b)| a.is_some() || b.is_some())
            .collect();
        let mut details = BTreeMap::new();
        for key in ["openlibraryKey", "physicalFormat", "publishedDate"] {
            if let Some(v) = s(&edition[key]) {
                details.insert(key.to_string(), v);
            }
        }
        parsed.entries.push(Entry {
            line,
            title,
            authors: book["authors"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|a| s(&a["name"]))
                .collect(),
            isbn13,
            isbn10,
            rating: review
                .and_then(|r| r["rating"].as_f64())
                .and_then(|v| stars_noted(&v.to_string(), "rating", &mut notes)),
            status,
            shelves,
            reads,
            review: review
                .and_then(|r| r["content"].as_str())
                .and_then(review_text)
                .map(|t| t.replace("</p>", "").replace("<p>", "")),
            details,
            notes,
            ..Entry::default()
        });
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_or_date_that_is_none_is_said_not_dropped() {
        let parsed = generic(
            b"title,author,rating,added,finished\n\
              Kept,Ann Author,4,2021-11-10,2021-11-11\n\
              Odd,Ann Author,11,someday,\n",
        );
        assert!(
            parsed.entries[0].notes.is_empty(),
            "{:?}",
            parsed.entries[0]
        );
        let odd = &parsed.entries[1];
        assert_eq!((odd.rating, odd.added.as_ref()), (None, None));
        assert_eq!(odd.notes.len(), 2, "{:?}", odd.notes);
        assert!(
            odd.notes[0].starts_with("rating 11 is not"),
            "{:?}",
            odd.notes
        );
        assert!(
            odd.notes[1].starts_with("added \"someday\""),
            "{:?}",
            odd.notes
        );
    }
}
