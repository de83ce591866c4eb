//! People search: the words a reader is found by (their username's and
//! display name's, folded as book search folds them) and a query's prefixes.

use super::Invalid;
use super::search::words;

/// Query words looked up; more would only narrow a name further.
pub const MAX_WORDS: usize = 3;

/// Readers a page of results shows.
pub const PAGE: i64 = 20;

/// The longest query read, in characters.
const MAX_QUERY: usize = 100;

/// The words a reader is found by, each once: "Helen_B" and "Hélène Brook"
/// give "helen", "b", "helene", "brook".
pub fn index_words(username: &str, display_name: &str) -> Vec<String> {
    let mut all = words(username);
    all.extend(words(display_name));
    all.sort();
    all.dedup();
    all
}

/// A query's words (at most `MAX_WORDS`), each to match the start of one of
/// a reader's words. Empty when there is nothing to look for.
pub fn query_words(query: &str) -> Result<Vec<String>, Invalid> {
    if query.chars().count() > MAX_QUERY {
        return Err(Invalid::new(
            "q",
            format!("must be at most {MAX_QUERY} characters"),
        ));
    }
    let mut found = words(query);
    found.truncate(MAX_WORDS);
    Ok(found)
}

/// The range of words starting with `prefix`, in byte order: `[from, to)`.
/// Without a prefix, every word.
pub fn prefix_range(prefix: Option<&str>) -> (String, String) {
    let prefix = prefix.unwrap_or_default();
    (prefix.to_string(), format!("{prefix}\u{10FFFF}"))
}

/// The search page's address for a query and page, the query percent-encoded
/// (a form's way back must be a plain path).
pub fn search_path(query: &str, page: i64) -> String {
    let mut path = String::from("/people?q=");
    for b in query.trim().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                path.push(char::from(b));
            }
            _ => path.push_str(&format!("%{b:02X}")),
        }
    }
    if page > 1 {
        path.push_str(&format!("&page={page}"));
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_path_is_plain_ascii() {
        assert_eq!(search_path("ann", 1), "/people?q=ann");
        assert_eq!(
            search_path(" Hélène B&c ", 3),
            "/people?q=H%C3%A9l%C3%A8ne%20B%26c&page=3"
        );
    }

    #[test]
    fn a_reader_is_found_by_both_names_folded() {
        assert_eq!(
            index_words("Helen_B", "Hélène Brook"),
            vec!["b", "brook", "helen", "helene"]
        );
        assert_eq!(index_words("ann", "Ann"), vec!["ann"]);
    }

    #[test]
    fn a_query_is_at_most_three_folded_words() {
        assert_eq!(
            query_words("  O'Brien, MARY ").ok(),
            Some(vec!["obrien".to_string(), "mary".to_string()])
        );
        assert_eq!(query_words("a b c d").map(|w| w.len()).ok(), Some(3));
        assert_eq!(query_words(" ,. ").ok(), Some(vec![]));
        assert_eq!(
            query_words(&"x".repeat(101)).err().map(|e| e.field),
            Some("q")
        );
    }

    #[test]
    fn a_prefix_range_holds_the_words_that_start_with_it() {
        let (from, to) = prefix_range(Some("hel"));
        for inside in ["hel", "helen", "helzzz", "hel\u{10FFFE}"] {
            assert!(from.as_str() <= inside && inside < to.as_str(), "{inside}");
        }
        for outside in ["he", "hem", "ann"] {
            assert!(
                !(from.as_str() <= outside && outside < to.as_str()),
                "{outside}"
            );
        }
        let (from, to) = prefix_range(None);
        assert!(from.as_str() <= "a" && "zzz" < to.as_str());
    }
}
