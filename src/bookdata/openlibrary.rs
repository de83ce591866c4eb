//! Open Library's records as its API and its dumps write them (the same JSON
//! in both), read into plain types. Nothing here does IO.

use serde_json::Value;

use crate::domain::isbn::{Isbn10, Isbn13};

/// Which kind of record an Open Library key names, by its last letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Work,
    Edition,
    Author,
}

impl Kind {
    fn letter(self) -> char {
        match self {
            Kind::Work => 'W',
            Kind::Edition => 'M',
            Kind::Author => 'A',
        }
    }
}

/// `OL123W` from `/works/OL123W`, `OL123W` or a URL ending so; None unless
/// it is exactly `OL`, digits and the kind's letter (keys go into addresses).
pub fn key(raw: &str, kind: Kind) -> Option<String> {
    let last = raw.trim().trim_end_matches('/').rsplit('/').next()?;
    let digits = last.strip_prefix("OL")?.strip_suffix(kind.letter())?;
    (!digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| last.to_string())
}

/// An edition: one printing, with its ISBNs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edition {
    pub key: String,
    pub title: String,
    pub work: Option<String>,
    pub authors: Vec<String>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub pages: Option<i64>,
    pub publishers: Vec<String>,
    pub format: Option<String>,
    pub year: Option<i64>,
    pub language: Option<String>,
    pub description: Option<String>,
    pub subjects: Vec<String>,
    pub covers: Vec<i64>,
}

/// A work: the book across its editions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Work {
    pub key: String,
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
    pub subjects: Vec<String>,
    pub covers: Vec<i64>,
    pub year: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    pub key: String,
    pub name: String,
}

/// One book a lookup found: a search hit, or the edition an ISBN named.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub work: Option<String>,
    pub edition: Option<String>,
    pub title: String,
    pub authors: Vec<String>,
    pub year: Option<i64>,
    pub isbn13: Option<String>,
    pub publisher: Option<String>,
    pub has_cover: bool,
}

fn text(v: &Value, field: &str) -> Option<String> {
    let value = v.get(field)?;
    // Texts come bare or as {"type": "/type/text", "value": ...}.
    let s = value
        .as_str()
        .or_else(|| value.get("value").and_then(Value::as_str))?;
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn strings(v: &Value, field: &str) -> Vec<String> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().or_else(|| i.get("name").and_then(Value::as_str)))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn keys(v: &Value, field: &str, kind: Kind) -> Vec<String> {
    let Some(items) = v.get(field).and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            // Editions list {"key"}, works {"author": {"key"}}, searches bare keys.
            let raw = item
                .as_str()
                .or_else(|| item.get("key").and_then(Value::as_str))
                .or_else(|| item.pointer("/author/key").and_then(Value::as_str))?;
            key(raw, kind)
        })
        .collect()
}

fn covers(v: &Value) -> Vec<i64> {
    v.get("covers")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(Value::as_i64)
                .filter(|id| *id > 0)
                .collect()
        })
        .unwrap_or_default()
}

/// The first four-digit run of a date as Open Library writes them
/// ("1996", "July 16, 2019", "c1995").
pub fn year(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    bytes.windows(4).enumerate().find_map(|(i, w)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 4);
        let alone = !before.is_some_and(|b| b.is_ascii_digit())
            && !after.is_some_and(|b| b.is_ascii_digit());
        let all = w.iter().all(u8::is_ascii_digit);
        (alone && all)
            .then(|| std::str::from_utf8(w).ok()?.parse().ok())
            .flatten()
            .filter(|y| (1000..=2100).contains(y))
    })
}

/// "491 p. :" -> 491: the largest number in a pagination line.
fn pages_from(pagination: &str) -> Option<i64> {
    pagination
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<i64>().ok())
        .max()
}

/// Descriptions may be Markdown: kept as plain text, paragraphs apart.
pub fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                out.push_str("\n\n")
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The ISBN-13 (from either list) and its ISBN-10 twin, when any is valid.
fn isbns(v: &Value) -> (Option<String>, Option<String>) {
    let thirteen = strings(v, "isbn_13")
        .iter()
        .find_map(|s| Isbn13::parse(s).ok())
        .or_else(|| {
            strings(v, "isbn_10")
                .iter()
                .find_map(|s| Isbn10::parse(s).ok())
                .map(|ten| ten.to_isbn13())
        });
    let ten = thirteen.as_ref().and_then(Isbn13::to_isbn10);
    (
        thirteen.map(|i| i.as_str().to_string()),
        ten.map(|i| i.as_str().to_string()),
    )
}

pub fn edition(v: &Value) -> Option<Edition> {
    let key = key(v.get("key")?.as_str()?, Kind::Edition)?;
    let title = match (text(v, "title"), text(v, "subtitle")) {
        (Some(t), Some(sub)) if t.len() + sub.len() < 250 => format!("{t}: {sub}"),
        (Some(t), _) => t,
        (None, _) => return None,
    };
    let (isbn13, isbn10) = isbns(v);
    Some(Edition {
        key,
        title,
        work: keys(v, "works", Kind::Work).into_iter().next(),
        authors: keys(v, "authors", Kind::Author),
        isbn13,
        isbn10,
        pages: v
            .get("number_of_pages")
            .and_then(Value::as_i64)
            .or_else(|| text(v, "pagination").and_then(|p| pages_from(&p)))
            .filter(|p| (1..=100_000).contains(p)),
        publishers: strings(v, "publishers"),
        format: text(v, "physical_format"),
        year: text(v, "publish_date").and_then(|d| year(&d)),
        language: v
            .pointer("/languages/0/key")
            .and_then(Value::as_str)
            .and_then(|k| k.rsplit('/').next())
            .map(str::to_string),
        description: text(v, "description").map(|d| plain(&d)),
        subjects: strings(v, "subjects"),
        covers: covers(v),
    })
}

pub fn work(v: &Value) -> Option<Work> {
    Some(Work {
        key: key(v.get("key")?.as_str()?, Kind::Work)?,
        title: text(v, "title")?,
        authors: keys(v, "authors", Kind::Author),
        description: text(v, "description").map(|d| plain(&d)),
        subjects: strings(v, "subjects"),
        covers: covers(v),
        year: text(v, "first_publish_date").and_then(|d| year(&d)),
    })
}

pub fn author(v: &Value) -> Option<Author> {
    Some(Author {
        key: key(v.get("key")?.as_str()?, Kind::Author)?,
        name: text(v, "name").or_else(|| text(v, "personal_name"))?,
    })
}

/// The hits of `search.json`; None if the answer is not one.
pub fn search(v: &Value) -> Option<Vec<Hit>> {
    let docs = v.get("docs")?.as_array()?;
    Some(
        docs.iter()
            .filter_map(|doc| {
                let isbn13 = strings(doc, "isbn")
                    .iter()
                    .find_map(|s| Isbn13::parse(s).ok())
                    .map(|i| i.as_str().to_string());
                Some(Hit {
                    work: Some(key(doc.get("key")?.as_str()?, Kind::Work)?),
                    edition: doc
                        .get("cover_edition_key")
                        .and_then(Value::as_str)
                        .and_then(|k| key(k, Kind::Edition))
                        .or_else(|| keys(doc, "edition_key", Kind::Edition).into_iter().next()),
                    title: text(doc, "title")?,
                    authors: strings(doc, "author_name"),
                    year: doc.get("first_publish_year").and_then(Value::as_i64),
                    isbn13,
                    publisher: strings(doc, "publisher").into_iter().next(),
                    has_cover: doc.get("cover_i").is_some_and(Value::is_i64)
                        || doc.get("cover_edition_key").is_some(),
                })
            })
            .collect(),
    )
}

/// The first edition in a work's `editions.json` list with an ISBN, or else the first.
pub fn first_edition(v: &Value) -> Option<Edition> {
    let entries: Vec<Edition> = v
        .get("entries")?
        .as_array()?
        .iter()
        .filter_map(edition)
        .collect();
    let with_isbn = entries.iter().position(|e| e.isbn13.is_some());
    let at = with_isbn.unwrap_or(0);
    entries.into_iter().nth(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("../shared/fixtures/bookdata/{name}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn keys_are_only_open_library_keys_of_their_kind() {
        assert_eq!(
            key("/works/OL15832982W", Kind::Work).as_deref(),
            Some("OL15832982W")
        );
        assert_eq!(key("OL382982A", Kind::Author).as_deref(), Some("OL382982A"));
        assert_eq!(key("/books/OL1M", Kind::Work), None);
        assert_eq!(key("OL1M/../../x", Kind::Edition), None);
        assert_eq!(key("OLM", Kind::Edition), None);
        assert_eq!(key("../OL1M?x", Kind::Edition), None);
    }

    #[test]
    fn an_edition_gives_isbns_pages_publishers_and_its_work() {
        let e = edition(&fixture("ol_edition.json")).unwrap_or_default();
        assert_eq!(e.key, "OL22951843M");
        assert_eq!(e.title, "Sabriel");
        assert_eq!(e.work.as_deref(), Some("OL15832982W"));
        assert_eq!(e.authors, ["OL382982A"]);
        assert_eq!(e.isbn10.as_deref(), Some("0060273224"));
        assert_eq!(e.isbn13.as_deref(), Some("9780060273224"));
        assert_eq!(e.pages, Some(491));
        assert_eq!(e.publishers, ["Harper Trophy"]);
        assert_eq!(e.format.as_deref(), Some("Hardcover"));
        assert_eq!(e.year, Some(1996));
        assert_eq!(e.language.as_deref(), Some("eng"));
        assert!(
            e.description
                .unwrap_or_default()
                .starts_with("Sabriel, daughter")
        );
    }

    #[test]
    fn markdown_descriptions_become_plain_text() {
        let e = edition(&fixture("ol_edition_markdown.json")).unwrap_or_default();
        let d = e.description.unwrap_or_default();
        assert!(d.starts_with("\"She didn't choose her garden\""), "{d}");
        assert!(d.contains("The Stars With You gives us"), "{d}");
        assert!(!d.contains("](https"), "{d}");
    }

    #[test]
    fn a_work_gives_description_subjects_and_covers() {
        let w = work(&fixture("ol_work.json")).unwrap_or_default();
        assert_eq!(w.key, "OL15832982W");
        assert_eq!(w.authors, ["OL382982A"]);
        assert_eq!(w.covers, [6796986, 3843137]);
        assert_eq!(w.subjects.first().map(String::as_str), Some("Fantasy"));
        assert_eq!(w.year, Some(1995));
        assert_eq!(
            w.description.as_deref(),
            Some("First in the Old Kingdom/Abhorsen series.")
        );
    }

    #[test]
    fn search_hits_name_their_work_and_edition() {
        let hits = search(&fixture("ol_search.json")).unwrap_or_default();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].work.as_deref(), Some("OL20639540W"));
        assert_eq!(hits[0].edition.as_deref(), Some("OL27901088M"));
        assert_eq!(hits[0].authors, ["Amal El-Mohtar", "Max Gladstone"]);
        assert_eq!(hits[0].isbn13.as_deref(), Some("9781534431003"));
        assert_eq!(hits[0].year, Some(2019));
        assert_eq!(hits[1].edition, None);
        assert!(hits[1].has_cover);
        assert_eq!(search(&serde_json::json!({"error": "x"})), None);
    }

    #[test]
    fn a_works_edition_list_offers_one_with_an_isbn() {
        let e = first_edition(&fixture("ol_edition_list.json")).unwrap_or_default();
        assert!(e.isbn13.is_some());
        assert_eq!(e.work.as_deref(), Some("OL15832982W"));
    }

    #[test]
    fn years_are_found_in_dates() {
        assert_eq!(year("July 16, 2019"), Some(2019));
        assert_eq!(year("c1995."), Some(1995));
        assert_eq!(year("12345"), None);
        assert_eq!(year("n.d."), None);
    }
}
