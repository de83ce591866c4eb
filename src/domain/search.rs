//! How books are found: words folded to a plain form, each query word
//! matched exactly, by prefix or with a typo (`domain::ranking` ranks the
//! books by how well and how rarely their words match). Pure functions; the
//! store's search index holds the (word, book, field) entries they describe.

use unicode_normalization::UnicodeNormalization;

/// Where a word was found in a book, and what a match there is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Title = 3,
    Series = 2,
    Author = 1,
}

impl Field {
    pub fn from_code(code: i64) -> Option<Field> {
        match code {
            3 => Some(Field::Title),
            2 => Some(Field::Series),
            1 => Some(Field::Author),
            _ => None,
        }
    }

    pub(super) fn weight(self) -> f64 {
        match self {
            Field::Title => 1.0,
            Field::Series => 0.8,
            Field::Author => 0.9,
        }
    }
}

/// Lowercase, accents dropped ("García" → "garcia"), apostrophes joined
/// ("Philosopher's" → "philosophers"), split on everything else.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) || matches!(c, '\'' | '’' | '\u{2018}')
        {
            continue;
        }
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                match lower {
                    'ß' => current.push_str("ss"),
                    'æ' => current.push_str("ae"),
                    'œ' => current.push_str("oe"),
                    'ø' => current.push('o'),
                    'ł' => current.push('l'),
                    'đ' | 'ð' => current.push('d'),
                    'þ' => current.push_str("th"),
                    other => current.push(other),
                }
            }
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// How a title is matched against the catalogue: its words folded (see
/// `words`), the series in brackets left off, so that case, accents and
/// punctuation never make a second book.
pub fn title_key(title: &str) -> String {
    words(&split_series(title).0).join(" ")
}

/// The index entries of a book: each distinct word once per field.
pub fn book_terms(title: &str, series: Option<&str>, authors: &[String]) -> Vec<(String, Field)> {
    let mut terms: Vec<(String, Field)> = Vec::new();
    let mut add = |text: &str, field: Field| {
        for word in words(text) {
            if !terms.iter().any(|(w, f)| *w == word && *f == field) {
                terms.push((word, field));
            }
        }
    };
    add(title, Field::Title);
    if let Some(series) = series {
        add(series, Field::Series);
    }
    for author in authors {
        add(author, Field::Author);
    }
    terms
}

/// Edit distance with adjacent swaps ("nevr"/"never" 1, "teh"/"the" 1),
/// giving up (None) once it exceeds `max`.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
        // Every later cell grows from this row: past the limit, give up early.
        if rows[i].iter().min().is_some_and(|m| *m > max) {
            return None;
        }
    }
    let d = rows[a.len()][b.len()];
    (d <= max).then_some(d)
}

/// How many typos a word of this length may carry and still match.
pub fn typos_allowed(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// How well an indexed word answers a query word, 0 when it does not.
pub fn match_quality(query: &str, term: &str, last: bool) -> f64 {
    if query == term {
        return 1.0;
    }
    let allowed = typos_allowed(query);
    let long_enough = query.chars().count() >= if last { 1 } else { 3 };
    if long_enough && term.starts_with(query) {
        return if last { 0.9 } else { 0.7 };
    }
    if allowed == 0 {
        return 0.0;
    }
    match distance(query, term, allowed) {
        Some(1) => 0.6,
        Some(2) => 0.4,
        _ => 0.0,
    }
}

/// Whether a query word names this author: whole or by prefix in any part of
/// the name, by a typo only in the surname (the last word), so "hary" does
/// not name Mary GrandPré nor "games" James Patterson.
pub fn names_author(query: &[String], name: &str) -> bool {
    let parts = words(name);
    parts.iter().enumerate().any(|(at, part)| {
        query.iter().any(|q| {
            q.chars().count() >= 3 && {
                let quality = match_quality(q, part, false);
                quality >= 0.7 || (quality >= 0.6 && at + 1 == parts.len())
            }
        })
    })
}

/// "The Hunger Games (The Hunger Games, #1)" → ("The Hunger Games", Some(("The Hunger Games", "1"))).
pub fn split_series(title: &str) -> (String, Option<(String, String)>) {
    let trimmed = title.trim();
    if let Some(open) = trimmed.rfind(" (")
        && let Some(inner) = trimmed[open + 2..].strip_suffix(')')
        && let Some(hash) = inner.rfind('#')
    {
        let name = inner[..hash].trim().trim_end_matches(',').trim();
        let position = inner[hash + 1..].trim();
        if !name.is_empty() && !position.is_empty() {
            return (
                trimmed[..open].trim().to_string(),
                Some((name.to_string(), position.to_string())),
            );
        }
    }
    (trimmed.to_string(), None)
}

/// Name endings that follow a comma without inverting the name ("Kurt Vonnegut, Jr.").
const SUFFIXES: [&str; 8] = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd"];

/// How an author is recognised: case, spacing and the catalogue form
/// ("Ishiguro, Kazuo") do not make a new author of "Kazuo Ishiguro".
pub fn author_key(name: &str) -> String {
    let name = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if let Some((last, first)) = name.split_once(", ")
        && !first.contains(',')
        && !first.is_empty()
        && !last.is_empty()
        && !SUFFIXES.contains(&first)
    {
        return format!("{first} {last}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_keys_ignore_case_punctuation_and_the_series() {
        assert_eq!(
            title_key("Ensayo sobre la ceguera"),
            title_key("Ensayo Sobre La Ceguera")
        );
        assert_eq!(title_key("Dune (Dune Chronicles, #1)"), "dune");
        assert_eq!(
            title_key("Cien años de soledad"),
            title_key("Cien Anos de Soledad!")
        );
        assert_ne!(title_key("Emma"), title_key("Emmas"));
    }

    #[test]
    fn words_fold_case_accents_and_apostrophes() {
        assert_eq!(words("García Márquez"), ["garcia", "marquez"]);
        assert_eq!(
            words("Harry Potter and the Philosopher's Stone"),
            ["harry", "potter", "and", "the", "philosophers", "stone"]
        );
        assert_eq!(words("Straße, Ærø"), ["strasse", "aero"]);
        assert_eq!(words("回家之路"), ["回家之路"]);
        assert_eq!(words("  --  "), Vec::<String>::new());
    }

    #[test]
    fn distances_allow_swaps() {
        assert_eq!(distance("nevr", "never", 1), Some(1));
        assert_eq!(distance("teh", "the", 1), Some(1));
        assert_eq!(distance("ishiguro", "ishiguro", 2), Some(0));
        assert_eq!(distance("cat", "dog", 2), None);
        assert_eq!(distance("a", "abcd", 2), None);
    }

    #[test]
    fn match_quality_orders_exact_prefix_and_typo() {
        assert_eq!(match_quality("hobbit", "hobbit", false), 1.0);
        assert!(match_quality("hob", "hobbit", true) > match_quality("nevr", "never", false));
        assert_eq!(
            match_quality("ho", "hobbit", false),
            0.0,
            "short non-final words must be whole"
        );
        assert_eq!(
            match_quality("cat", "car", false),
            0.0,
            "no typos in short words"
        );
    }

    #[test]
    fn authors_are_named_by_a_typo_only_in_the_surname() {
        let q = |s: &str| words(s);
        assert!(!names_author(&q("hary poter"), "Mary GrandPré"));
        assert!(!names_author(&q("hunger games"), "James Patterson"));
        assert!(names_author(&q("tolkein"), "J.R.R. Tolkien"));
        assert!(names_author(&q("gabriel"), "Gabriel García Márquez"));
        assert!(names_author(&q("rowl"), "J.K. Rowling"));
    }

    #[test]
    fn author_variants_share_a_key() {
        assert_eq!(author_key("Ishiguro, Kazuo"), author_key("Kazuo  Ishiguro"));
        assert_eq!(author_key("Kurt Vonnegut, Jr."), "kurt vonnegut, jr.");
        assert_eq!(author_key("Le Guin, Ursula K."), "ursula k. le guin");
    }

    #[test]
    fn series_come_out_of_titles() {
        let (title, series) = split_series("The Hunger Games (The Hunger Games, #1)");
        assert_eq!(title, "The Hunger Games");
        assert_eq!(series, Some(("The Hunger Games".into(), "1".into())));
        assert_eq!(split_series("Emma").1, None);
        assert_eq!(
            split_series("Complete Stories (Collected)").0,
            "Complete Stories (Collected)"
        );
        assert_eq!(
            split_series("Mockingjay (The Hunger Games, #3)")
                .1
                .unwrap()
                .1,
            "3"
        );
    }
}
