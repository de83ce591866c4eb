//! Inventaire's entities and search answers, read into the same plain types
//! as Open Library's records (so one candidate and one record type serve
//! both), with Inventaire's URIs (`isbn:…` editions, `wd:Q…`/`inv:…` works
//! and authors) where Open Library's keys go. Nothing here does IO.

use serde_json::Value;

use super::openlibrary::{Author, Edition, Hit, Work, year};
use crate::domain::isbn::{Isbn10, Isbn13};

/// `isbn:9780375757853`, `wd:Q2362563` or `inv:` and 32 hex digits; None for
/// anything else (URIs go into addresses). An `isbn:` URI is given back with
/// its ISBN-13.
pub fn uri(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (prefix, id) = raw.split_once(':')?;
    match prefix {
        "isbn" => {
            let thirteen = Isbn13::parse(id)
                .ok()
                .or_else(|| Isbn10::parse(id).ok().map(|t| t.to_isbn13()))?;
            Some(format!("isbn:{}", thirteen.as_str()))
        }
        "wd" => {
            let digits = id.strip_prefix('Q')?;
            (!digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| raw.to_string())
        }
        "inv" => {
            (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| raw.to_string())
        }
        _ => None,
    }
}

/// Whether a key is one of Inventaire's URIs rather than an Open Library key.
pub fn is_uri(raw: &str) -> bool {
    uri(raw).is_some()
}

/// The entity with this URI in a `by-uris` answer, if it holds it. A
/// redirected URI is answered under the one it points to.
pub fn entity<'a>(v: &'a Value, wanted: &str) -> Option<&'a Value> {
    let entities = v.get("entities")?.as_object()?;
    let redirected = v
        .get("redirects")
        .and_then(|r| r.get(wanted))
        .and_then(Value::as_str);
    entities
        .get(wanted)
        .or_else(|| redirected.and_then(|to| entities.get(to)))
}

fn claims(e: &Value, property: &str) -> Vec<String> {
    e.pointer(&format!("/claims/{property}"))
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn claim(e: &Value, property: &str) -> Option<String> {
    claims(e, property).into_iter().next()
}

/// The entity's name: its English label, else the one in its own language,
/// else any.
pub fn label(e: &Value) -> Option<String> {
    let labels = e.get("labels")?.as_object()?;
    let own = e
        .get("originalLang")
        .and_then(Value::as_str)
        .unwrap_or("en");
    labels
        .get("en")
        .or_else(|| labels.get(own))
        .or_else(|| labels.values().next())
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn uris(e: &Value, property: &str) -> Vec<String> {
    claims(e, property).iter().filter_map(|u| uri(u)).collect()
}

/// An `edition` entity. The title is its own (P1476), else its label.
pub fn edition(e: &Value) -> Option<Edition> {
    if e.get("type").and_then(Value::as_str) != Some("edition") {
        return None;
    }
    let isbn13 = claim(e, "wdt:P212").and_then(|i| Isbn13::parse(&i).ok());
    let isbn13 = isbn13.or_else(|| {
        claim(e, "wdt:P957")
            .and_then(|i| Isbn10::parse(&i).ok())
            .map(|t| t.to_isbn13())
    });
    let key = match (&isbn13, e.get("uri").and_then(Value::as_str).and_then(uri)) {
        (_, Some(u)) => u,
        (Some(i), None) => format!("isbn:{}", i.as_str()),
        (None, None) => return None,
    };
    let title = match (
        claim(e, "wdt:P1476").or_else(|| label(e)),
        claim(e, "wdt:P1680"),
    ) {
        (Some(t), Some(sub)) if t.len() + sub.len() < 250 => format!("{t}: {sub}"),
        (Some(t), _) => t,
        (None, _) => return None,
    };
    Some(Edition {
        key,
        title,
        work: uris(e, "wdt:P629").into_iter().next(),
        authors: Vec::new(),
        isbn10: isbn13
            .as_ref()
            .and_then(Isbn13::to_isbn10)
            .map(|t| t.as_str().to_string()),
        isbn13: isbn13.map(|i| i.as_str().to_string()),
        pages: claim(e, "wdt:P1104")
            .and_then(|p| p.parse().ok())
            .filter(|p| (1..=100_000).contains(p)),
        publishers: Vec::new(),
        format: None,
        year: claim(e, "wdt:P577").and_then(|d| year(&d)),
        language: None,
        description: None,
        subjects: Vec::new(),
        covers: Vec::new(),
    })
}

/// A `work` entity: its authors (P50), genres (P136) and main subjects
/// (P921) as URIs, for their labels to be looked up.
pub fn work(e: &Value) -> Option<(Work, Vec<String>)> {
    if e.get("type").and_then(Value::as_str) != Some("work") {
        return None;
    }
    let key = e.get("uri").and_then(Value::as_str).and_then(uri)?;
    let mut kinds = uris(e, "wdt:P136");
    kinds.extend(uris(e, "wdt:P921"));
    let work = Work {
        key,
        title: label(e).or_else(|| claim(e, "wdt:P1476"))?,
        authors: uris(e, "wdt:P50"),
        description: None,
        subjects: Vec::new(),
        covers: Vec::new(),
        year: claim(e, "wdt:P577").and_then(|d| year(&d)),
    };
    Some((work, kinds))
}

/// An author (a `human` entity) by its label.
pub fn author(key: &str, e: &Value) -> Option<Author> {
    Some(Author {
        key: key.to_string(),
        name: label(e)?,
    })
}

/// The image Inventaire keeps for an entity: its own path, or an address.
pub fn image(e: &Value) -> Option<String> {
    let url = e.pointer("/image/url").and_then(Value::as_str)?;
    (url.starts_with("/img/") || url.starts_with("https://")).then(|| url.to_string())
}

/// The works of a `search` answer, best first; None if the answer is not one.
/// The authors are read from the description Inventaire gives ("novel by
/// Wilkie Collins"), which is all the answer says of them.
pub fn search(v: &Value) -> Option<Vec<Hit>> {
    let results = v.get("results")?.as_array()?;
    Some(
        results
            .iter()
            .filter_map(|r| {
                let key = uri(r.get("uri")?.as_str()?)?;
                let title = r.get("label")?.as_str()?.trim().to_string();
                if title.is_empty() {
                    return None;
                }
                let by = r
                    .get("description")
                    .and_then(Value::as_str)
                    .and_then(|d| d.split_once(" by ").map(|(_, who)| who.trim().to_string()));
                Some(Hit {
                    work: Some(key),
                    edition: None,
                    title,
                    authors: by.into_iter().filter(|a| !a.is_empty()).collect(),
                    year: None,
                    isbn13: None,
                    publisher: None,
                    has_cover: r.get("image").is_some_and(Value::is_string),
                })
            })
            .collect(),
    )
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
    fn uris_are_only_inventaires_of_a_known_kind() {
        assert_eq!(uri("wd:Q2362563").as_deref(), Some("wd:Q2362563"));
        assert_eq!(
            uri("isbn:0-375-75785-6").as_deref(),
            Some("isbn:9780375757853")
        );
        assert_eq!(
            uri("inv:d46a8eac7555afa479b8bbb5149f3585").as_deref(),
            Some("inv:d46a8eac7555afa479b8bbb5149f3585")
        );
        for odd in ["wd:Q", "wd:Q1/../x", "isbn:123", "OL1M", "inv:zz", "wd:P31"] {
            assert_eq!(uri(odd), None, "{odd}");
        }
        assert!(!is_uri("OL15832982W"));
    }

    #[test]
    fn an_edition_gives_its_isbns_title_year_and_work() {
        let v = fixture("inventaire_edition.json");
        let e = edition(entity(&v, "isbn:9780375757853").unwrap()).unwrap();
        assert_eq!(e.key, "isbn:9780375757853");
        assert_eq!(e.title, "The Moonstone");
        assert_eq!(e.isbn13.as_deref(), Some("9780375757853"));
        assert_eq!(e.isbn10.as_deref(), Some("0375757856"));
        assert_eq!(e.year, Some(2001));
        assert_eq!(e.work.as_deref(), Some("wd:Q2362563"));
        let found = entity(&v, "isbn:9780375757853").unwrap();
        assert_eq!(
            image(found).as_deref(),
            Some("/img/entities/d46a8eac7555afa479b8bbb5149f35858e8e19c4")
        );
        let v = fixture("inventaire_isbn_search.json");
        let e = edition(entity(&v, "isbn:9782290349229").unwrap()).unwrap();
        assert_eq!(e.title, "L'homme aux cercles bleus");
        assert_eq!(e.year, Some(2005));
    }

    #[test]
    fn a_work_gives_its_label_authors_and_kinds() {
        let v = fixture("inventaire_work.json");
        let (w, kinds) = work(entity(&v, "wd:Q2362563").unwrap()).unwrap();
        assert_eq!(w.key, "wd:Q2362563");
        assert_eq!(w.title, "The Moonstone");
        assert_eq!(w.authors, ["wd:Q210740"]);
        assert_eq!(w.year, Some(1868));
        assert_eq!(kinds, ["wd:Q465821", "wd:Q208505", "wd:Q10992055"]);
        assert_eq!(edition(entity(&v, "wd:Q2362563").unwrap()), None);
    }

    #[test]
    fn search_results_are_works_with_their_authors() {
        let hits = search(&fixture("inventaire_search.json")).unwrap();
        assert_eq!(hits.len(), 10);
        assert_eq!(hits[0].work.as_deref(), Some("wd:Q7766679"));
        assert_eq!(hits[0].title, "The Stories of Vladimir Nabokov");
        assert_eq!(hits[0].authors, ["Vladimir Nabokov"]);
        assert!(hits[0].has_cover && !hits[1].has_cover);
        assert_eq!(search(&serde_json::json!({"error": "x"})), None);
    }
}
