//! Ranking books for a query: its small words marked by language, the ways
//! each word may match, and books ordered by how many words they match
//! firmly, how well and how rarely, then by popularity. Pure functions over
//! postings (word, book, field) however the index stores them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::search::{Field, match_quality, typos_allowed};

/// A quick hash for the ranking's keys (book ids and indexed words, which
/// the index, not the query, supplies): a search hashes thousands of them,
/// and the standard hasher's resistance to crafted keys is not needed here.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quick(u64);

impl Hasher for Quick {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
}

/// A map on `Quick` hashes.
pub type QuickMap<K, V> = HashMap<K, V, BuildHasherDefault<Quick>>;

/// One indexed occurrence: word, book, field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting<'a> {
    pub term: &'a str,
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
    popularity: &QuickMap<i64, i64>,
    limit: usize,
) -> Vec<i64> {
    // Each book's slots, one per query word, side by side in one list.
    let mut books: QuickMap<i64, usize> =
        QuickMap::with_capacity_and_hasher(postings.len(), Default::default());
    let mut slots: Vec<Slot> = Vec::new();
    // Postings repeat their words many times over: weigh each word once.
    let mut qualities: QuickMap<&str, Vec<f64>> = QuickMap::default();
    for p in postings {
        let weights = qualities.entry(p.term).or_insert_with(|| {
            query
                .iter()
                .enumerate()
                .map(|(i, q)| match_quality(&q.text, p.term, i + 1 == query.len()))
                .collect()
        });
        for (i, quality) in weights.iter().copied().enumerate() {
            if quality == 0.0 {
                continue;
            }
            let at = *books.entry(p.book_id).or_insert_with(|| {
                slots.extend(std::iter::repeat_n(Slot::default(), query.len()));
                slots.len() - query.len()
            });
            let typo_in_name = p.field == Field::Author && quality < 0.7;
            let score = quality * p.field.weight() * if typo_in_name { 0.5 } else { 1.0 };
            let slot = &mut slots[at + i];
            slot.score = slot.score.max(score);
            slot.firm |= !typo_in_name;
        }
    }
    let mut ranked: Vec<(i64, usize, f64, i64)> = books
        .into_iter()
        .filter_map(|(book, at)| {
            let slots = &slots[at..at + query.len()];
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
    let order = |a: &(i64, usize, f64, i64), b: &(i64, usize, f64, i64)| {
        b.1.cmp(&a.1)
            .then(b.2.total_cmp(&a.2))
            .then(b.3.cmp(&a.3))
            .then(a.0.cmp(&b.0))
    };
    // Only the first `limit` need their order.
    if ranked.len() > limit && limit > 0 {
        ranked.select_nth_unstable_by(limit - 1, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(order);
    ranked.into_iter().take(limit).map(|r| r.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::search::words;

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

    fn p(term: &str, book: i64, field: Field) -> Posting<'_> {
        Posting {
            term,
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
    fn rarity_weighs_rare_words_more() {
        assert!(rarity(1, 1_000_000) > rarity(500_000, 1_000_000));
        assert!(rarity(0, 0) > 0.0);
    }
}
