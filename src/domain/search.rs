//! How books are found: words folded to a plain form, each query word
//! matched exactly, by prefix or with a typo, and books ranked by how well
//! and how rarely their words match. Pure functions; the store keeps the
//! (word, book, field) index they describe, the same on every database.

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

/// One way a query word can match a book's word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Whole,
    /// A longer word it begins ("hob" → "hobbit").
    Prefix,
    /// A word at most this many edits away (swaps count one).
    Typos(u8),
}

/// A word as typed that this many books hold is taken as meant: its near
/// misses ("games" → "james", "love" → "live") are not searched too.
pub const TYPOS_WHEN_FEWER: u64 = 50;

/// The ways a query word may match, given how many books hold it whole:
/// whole always; as a prefix when it is the last word (search as you type)
/// or three letters or more; with typos as its length allows (see
/// `typos_allowed`) unless it is a small word or a common one.
pub fn reaches(word: &str, last: bool, stop: bool, whole: u64) -> Vec<Reach> {
    let mut ways = vec![Reach::Whole];
    let letters = word.chars().count();
    if letters >= if last { 1 } else { 3 } {
        ways.push(Reach::Prefix);
    }
    if !stop && whole < TYPOS_WHEN_FEWER {
        for n in 1..=typos_allowed(word) {
            ways.push(Reach::Typos(n as u8));
        }
    }
    ways
}

/// What a match is worth in a field, before the word's rarity, and whether
/// it counts as the word matched: a name reached only by a typo ("hary" →
/// Mary, "games" → James) scores half and does not, so it never outranks a
/// title matching the word.
pub fn worth(reach: Reach, last: bool, field: Field) -> (f64, bool) {
    let quality = match reach {
        Reach::Whole => 1.0,
        Reach::Prefix if last => 0.9,
        Reach::Prefix => 0.7,
        Reach::Typos(1) => 0.6,
        Reach::Typos(_) => 0.4,
    };
    let typo_in_name = field == Field::Author && quality < 0.7;
    let worth = quality * field.weight() * if typo_in_name { 0.5 } else { 1.0 };
    (worth, !typo_in_name)
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
    fn typos_are_searched_only_for_words_few_books_hold() {
        use Reach::*;
        assert_eq!(reaches("hobit", false, false, 0), [Whole, Prefix, Typos(1)]);
        assert_eq!(
            reaches("mockinjay", true, false, 0),
            [Whole, Prefix, Typos(1), Typos(2)]
        );
        assert_eq!(reaches("games", false, false, 5_000), [Whole, Prefix]);
        assert_eq!(reaches("the", false, true, 0), [Whole, Prefix]);
        assert_eq!(
            reaches("ho", false, false, 0),
            [Whole],
            "short words are whole"
        );
        assert_eq!(reaches("h", true, false, 0), [Whole, Prefix], "typing on");
    }

    #[test]
    fn a_typo_in_a_name_is_worth_less_than_a_title_and_does_not_count() {
        let (title, firm) = worth(Reach::Typos(1), false, Field::Title);
        assert!(firm);
        let (name, firm) = worth(Reach::Typos(1), false, Field::Author);
        assert!(!firm, "games → James does not count as a word matched");
        assert!(name < title);
        assert!(worth(Reach::Whole, false, Field::Author).1);
        let title = |reach, last| worth(reach, last, Field::Title).0;
        assert!(title(Reach::Whole, false) > title(Reach::Prefix, true));
        assert!(title(Reach::Prefix, true) > title(Reach::Prefix, false));
        assert!(title(Reach::Typos(1), false) > title(Reach::Typos(2), false));
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
