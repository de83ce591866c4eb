//! Lines of Open Library's data dumps (`ol_dump_{authors,works,editions}_*.txt.gz`):
//! type, key, revision, last modified and the record's JSON, tab-separated.

use super::openlibrary::{self, Author, Edition, Work};

/// One dump line, read.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Author(Author),
    Work(Work),
    Edition(Edition),
    /// Redirects, deletions, subjects, lists...: nothing for the catalogue.
    Other,
    /// A record of a kind the catalogue takes that could not be read.
    Unreadable(String),
}

/// Reads one line; only the JSON of the three kinds the catalogue takes is parsed.
pub fn parse(line: &str) -> Line {
    let mut fields = line.splitn(5, '\t');
    let kind = fields.next().unwrap_or_default();
    if !matches!(kind, "/type/author" | "/type/work" | "/type/edition") {
        return Line::Other;
    }
    let Some(json) = fields.nth(3) else {
        return Line::Unreadable("fewer than five tab-separated fields".into());
    };
    let value: serde_json::Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => return Line::Unreadable(format!("not JSON: {e}")),
    };
    let read = match kind {
        "/type/author" => openlibrary::author(&value).map(Line::Author),
        "/type/work" => openlibrary::work(&value).map(Line::Work),
        _ => openlibrary::edition(&value).map(Line::Edition),
    };
    read.unwrap_or_else(|| Line::Unreadable(format!("a {kind} without a key or title")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_by_their_type() {
        let author = "/type/author\t/authors/OL1A\t3\t2020-01-01T00:00:00\t{\"key\":\"/authors/OL1A\",\"name\":\"Garth Nix\"}";
        assert_eq!(
            parse(author),
            Line::Author(Author {
                key: "OL1A".into(),
                name: "Garth Nix".into()
            })
        );
        let redirect = "/type/redirect\t/works/OL2W\t1\t2020\t{}";
        assert_eq!(parse(redirect), Line::Other);
        assert!(matches!(
            parse("/type/work\t/works/OL2W\t1\t2020\t{oops"),
            Line::Unreadable(_)
        ));
        assert!(matches!(
            parse("/type/work\t/works/OL2W"),
            Line::Unreadable(_)
        ));
        let untitled = "/type/work\t/works/OL2W\t1\t2020\t{\"key\":\"/works/OL2W\"}";
        assert!(matches!(parse(untitled), Line::Unreadable(_)));
    }
}
