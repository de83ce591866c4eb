//! How books are found: words folded to a plain form, each query word
//! matched exactly, by prefix or with a typo, and books ranked by how well
//! and how rarely their words match. Pure functions; the store keeps the
//! (word, book, field) index they describe, the same on every database.

use std::collections::HashMap;

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

    fn weight(self) -> f64 {
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

/// One indexed occurrence: word, book, field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub term: String,
    pub book_id: i64,
    pub field: Field,
}

/// A word of the query, and whether it is one of its language's small words
/// ("the", "la", "und"): those add to a book's score but never bring a book
/// up, or count as a word matched, on their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub text: String,
    pub stop: bool,
}

/// The small words of the languages most catalogued, folded as `words` folds.
const STOPWORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is",
            "it", "of", "on", "or", "the", "to", "with",
        ],
    ),
    (
        "es",
        &[
            "a", "al", "con", "de", "del", "el", "en", "la", "las", "lo", "los", "para", "por",
            "que", "se", "sin", "sobre", "su", "un", "una", "y",
        ],
    ),
    (
        "fr",
        &[
            "a", "au", "aux", "avec", "ce", "dans", "de", "des", "du", "en", "et", "l", "la", "le",
            "les", "par", "pour", "sur", "un", "une",
        ],
    ),
    (
        "de",
        &[
            "am", "auf", "aus", "das", "dem", "den", "der", "des", "die", "ein", "eine", "einer",
            "im", "in", "mit", "und", "vom", "von", "zu", "zum", "zur",
        ],
    ),
    (
        "it",
        &[
            "a", "al", "alla", "con", "da", "del", "della", "di", "e", "gli", "i", "il", "in",
            "la", "le", "lo", "per", "su", "un", "una",
        ],
    ),
    (
        "pt",
        &[
            "a", "as", "com", "da", "das", "de", "do", "dos", "e", "em", "na", "no", "o", "os",
            "para", "por", "um", "uma",
        ],
    ),
];

/// The query's words, the small words of its language marked. The language
/// is the one whose small words the query uses most (English on a tie); one
/// small word is not enough to call a query another language's, so "die" is
/// small in "die verwandlung und andere" and not in "die hard". A query of
/// small words only ("the", "it") searches them as words like any other.
pub fn query_words(words: &[String]) -> Vec<QueryWord> {
    let uses = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count();
    let mut language: &[&str] = &[];
    let mut most = 0;
    for (name, list) in STOPWORDS {
        let n = uses(list);
        if n > most && (*name == "en" || n >= 2) {
            (language, most) = (list, n);
        }
    }
    let all_small = most == words.len();
    words
        .iter()
        .map(|w| QueryWord {
            text: w.clone(),
            stop: !all_small && language.contains(&w.as_str()),
        })
        .collect()
}

/// What a query word is worth when this many of `total` books match it:
/// "karamazov" far more than "the".
pub fn rarity(books: i64, total: i64) -> f64 {
    let total = total.max(1) as f64;
    (1.0 + total / books.max(1) as f64).ln()
}

/// One query word's best match in one book.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    score: f64,
    /// Matched in a title or series, or in a name whole or by prefix: a name
    /// reached only by a typo ("hary" → Mary, "games" → James) scores, but
    /// does not count as a word matched.
    firm: bool,
}

/// Ranks books for the query words from postings: each query word counts by
/// its best match in the book, weighted by field and by `rarity` (one per
/// query word). Books matching the most query words (small words aside)
/// firmly come first, then by score; popularity breaks ties. A book matching
/// only small words is left out. Returns book ids, best first.
pub fn rank(
    query: &[QueryWord],
    rarity: &[f64],
    postings: &[Posting],
    popularity: &HashMap<i64, i64>,
    limit: usize,
) -> Vec<i64> {
    let mut best: HashMap<i64, Vec<Slot>> = HashMap::new();
    // Postings repeat their words many times over: weigh each word once.
    let mut qualities: HashMap<&str, Vec<f64>> = HashMap::new();
    for p in postings {
        let weights = qualities.entry(p.term.as_str()).or_insert_with(|| {
            query
                .iter()
                .enumerate()
                .map(|(i, q)| match_quality(&q.text, &p.term, i + 1 == query.len()))
                .collect()
        });
        for (i, quality) in weights.iter().copied().enumerate() {
            if quality == 0.0 {
                continue;
            }
            let slots = best
                .entry(p.book_id)
                .or_insert_with(|| vec![Slot::default(); query.len()]);
            let typo_in_name = p.field == Field::Author && quality < 0.7;
            let score = quality * p.field.weight() * if typo_in_name { 0.5 } else { 1.0 };
            let slot = &mut slots[i];
            slot.score = slot.score.max(score);
            slot.firm |= !typo_in_name;
        }
    }
    let mut ranked: Vec<(i64, usize, f64, i64)> = best
        .into_iter()
        .filter_map(|(book, slots)| {
            let words = || {
                slots
                    .iter()
                    .zip(query)
                    .filter(|(s, q)| !q.stop && s.score > 0.0)
            };
            words().next()?;
            let firm = words().filter(|(s, _)| s.firm).count();
            let score: f64 = slots.iter().zip(rarity).map(|(s, r)| s.score * r).sum();
            Some((
                book,
                firm,
                score,
                popularity.get(&book).copied().unwrap_or(0),
            ))
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal))
            .then(b.3.cmp(&a.3))
            .then(a.0.cmp(&b.0))
    });
    ranked.into_iter().take(limit).map(|r| r.0).collect()
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

    fn p(term: &str, book: i64, field: Field) -> Posting {
        Posting {
            term: term.into(),
            book_id: book,
            field,
        }
    }

    fn ranked(query: &str, postings: &[Posting], popularity: &[(i64, i64)]) -> Vec<i64> {
        let q = query_words(&words(query));
        let rarity = vec![1.0; q.len()];
        rank(
            &q,
            &rarity,
            postings,
            &popularity.iter().copied().collect(),
            10,
        )
    }

    #[test]
    fn ranking_prefers_books_matching_every_word() {
        let postings = vec![
            p("never", 1, Field::Title),
            p("let", 1, Field::Title),
            p("ishiguro", 1, Field::Author),
            p("never", 2, Field::Title),
            p("let", 3, Field::Title),
        ];
        assert_eq!(
            ranked("ishiguro nevr let", &postings, &[(2, 1_000_000), (3, 5)]),
            [1, 3, 2],
            "an exact word beats a typo"
        );
    }

    #[test]
    fn a_typo_in_a_name_does_not_outrank_a_title() {
        // "games" is one letter from "james": Patterson's popular book
        // matches "hunger" in its title and "james" in his name.
        let postings = vec![
            p("hunger", 1, Field::Title),
            p("games", 1, Field::Title),
            p("hunger", 2, Field::Title),
            p("james", 2, Field::Author),
            p("james", 3, Field::Author),
        ];
        assert_eq!(
            ranked(
                "hunger games",
                &postings,
                &[(1, 10), (2, 1_000_000), (3, 5)]
            ),
            [1, 2, 3]
        );
        let postings = vec![p("james", 3, Field::Title), p("james", 2, Field::Author)];
        assert_eq!(
            ranked("games", &postings, &[(2, 1_000_000)]),
            [3, 2],
            "the same typo in a title counts in full"
        );
    }

    #[test]
    fn small_words_alone_bring_no_book_up() {
        let postings = vec![
            p("la", 1, Field::Title),
            p("ensayo", 2, Field::Title),
            p("la", 2, Field::Title),
            p("ceguera", 2, Field::Title),
        ];
        assert_eq!(
            ranked("ensayo sobre la ceguera", &postings, &[(1, 99)]),
            [2]
        );
        assert_eq!(
            ranked("la", &postings, &[(1, 99)]),
            [1, 2],
            "unless they are all"
        );
        assert!(ranked("ensayo sobre la ceguera", &postings[..1], &[]).is_empty());
    }

    #[test]
    fn small_words_follow_the_query_language() {
        let stops = |q: &str| -> Vec<String> {
            query_words(&words(q))
                .into_iter()
                .filter(|w| w.stop)
                .map(|w| w.text)
                .collect()
        };
        assert_eq!(stops("ensayo sobre la ceguera"), ["sobre", "la"]);
        assert_eq!(stops("the hobbit"), ["the"]);
        assert_eq!(stops("die verwandlung und andere"), ["die", "und"]);
        assert_eq!(stops("die hard"), Vec::<String>::new());
        assert_eq!(stops("to kill a mockingbird"), ["to", "a"]);
        assert_eq!(stops("the"), Vec::<String>::new());
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
    fn rarity_weighs_rare_words_more() {
        assert!(rarity(1, 1_000_000) > rarity(500_000, 1_000_000));
        assert!(rarity(0, 0) > 0.0);
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
