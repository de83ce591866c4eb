//! "Readers who liked this also liked": book-to-book neighbours from what
//! readers liked together, personal picks built on them, and the offline
//! measure of how well they guess.
//!
//! A reader *likes* a book they rated 4 stars or more. Two books are close when
//! many of the same readers liked both, relative to how many liked each
//! (cosine), shrunk for small overlaps so that two readers' coincidence does
//! not outrank a hundred readers' agreement.

use std::collections::{HashMap, HashSet};

/// Ratings are kept in quarter stars (4 to 20); 4 stars and up is a like.
pub const LIKED_FROM: i64 = 16;
/// A reader's most recent likes that count: a 2,000-book reader would
/// otherwise pair two million books and drown everyone else's taste.
pub const LIKES_PER_READER: usize = 200;
/// Books need this many readers in common to be neighbours: one reader's
/// taste alone is theirs, not the site's.
pub const MIN_TOGETHER: u32 = 2;
/// Neighbours kept per book.
pub const KEPT: usize = 20;
/// A reader's most recent likes that picks are drawn from.
pub const PICKS_FROM: usize = 50;

/// How close `other` is to `book`, in millionths, and on how many readers it rests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Neighbour {
    pub book: i64,
    pub other: i64,
    pub score: i64,
    pub together: i64,
}

/// The neighbours of every book from likes given as (reader, book) with each
/// reader's likes newest first and together. Each book keeps its `KEPT`
/// closest, closest first.
pub fn neighbours(likes: &[(i64, i64)]) -> Vec<Neighbour> {
    let mut likers: HashMap<i64, u32> = HashMap::new();
    let mut together: HashMap<(i64, i64), u32> = HashMap::new();
    for reader in likes.chunk_by(|a, b| a.0 == b.0) {
        let books: Vec<i64> = reader
            .iter()
            .take(LIKES_PER_READER)
            .map(|&(_, book)| book)
            .collect();
        for (i, &a) in books.iter().enumerate() {
            *likers.entry(a).or_default() += 1;
            for &b in &books[i + 1..] {
                if a != b {
                    *together.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
        }
    }
    let mut all: HashMap<i64, Vec<Neighbour>> = HashMap::new();
    for (&(a, b), &n) in &together {
        if n < MIN_TOGETHER {
            continue;
        }
        let score = closeness(n, likers[&a], likers[&b]);
        for (book, other) in [(a, b), (b, a)] {
            all.entry(book).or_default().push(Neighbour {
                book,
                other,
                score,
                together: i64::from(n),
            });
        }
    }
    let mut out = Vec::new();
    for (_, mut near) in all {
        near.sort_by(|x, y| y.score.cmp(&x.score).then(x.other.cmp(&y.other)));
        near.truncate(KEPT);
        out.extend(near);
    }
    out.sort_by_key(|n| (n.book, -n.score, n.other));
    out
}

/// Cosine of the two books' liker sets, shrunk by n / (n + 3), in millionths.
fn closeness(together: u32, likers_a: u32, likers_b: u32) -> i64 {
    let n = f64::from(together);
    let cosine = n / (f64::from(likers_a) * f64::from(likers_b)).sqrt();
    (cosine * n / (n + 3.0) * 1e6).round() as i64
}

/// A book picked for a reader, and the liked book that weighed most for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    pub book: i64,
    pub because: i64,
    pub score: i64,
}

/// The reader's picks from the neighbours of books they liked, given as
/// (liked book, neighbour, score): each neighbour scores the sum over the
/// liked books near it, leaving out what the reader already has (`known`).
pub fn picks(near_liked: &[(i64, i64, i64)], known: &HashSet<i64>, n: usize) -> Vec<Pick> {
    // Each candidate: its pick so far, and the strongest single reason's score.
    let mut found: HashMap<i64, (Pick, i64)> = HashMap::new();
    for &(liked, other, score) in near_liked {
        if known.contains(&other) {
            continue;
        }
        let (pick, strongest) = found.entry(other).or_insert((
            Pick {
                book: other,
                because: liked,
                score: 0,
            },
            score,
        ));
        pick.score += score;
        if score > *strongest || (score == *strongest && liked < pick.because) {
            *strongest = score;
            pick.because = liked;
        }
    }
    let mut out: Vec<Pick> = found.into_values().map(|(pick, _)| pick).collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.book.cmp(&b.book)));
    out.truncate(n);
    out
}

/// Hit rate at 10 of the neighbours against the most liked books, on a tenth
/// of each reader's likes held out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// Readers with enough likes to hold some out.
    pub readers: usize,
    pub held_out: usize,
    /// Share of readers with at least one held-out like among their 10 picks.
    pub neighbours: f64,
    /// The same for the 10 most liked books they had not rated.
    pub popular: f64,
}

/// Readers need this many likes to have one held out.
const EVALUATED_FROM: usize = 5;

/// Holds out every tenth like of each reader (by a hash of reader and book,
/// so the split is the same on every run), learns neighbours from the rest,
/// and counts the readers whose top 10 held one back. `ratings` are
/// (reader, book, quarter stars, when).
pub fn evaluate(ratings: &[(i64, i64, i64, i64)]) -> Evaluation {
    let mut by_reader: HashMap<i64, Vec<(i64, i64, i64)>> = HashMap::new();
    for &(reader, book, stars, at) in ratings {
        by_reader.entry(reader).or_default().push((book, stars, at));
    }
    let mut readers: Vec<i64> = by_reader.keys().copied().collect();
    readers.sort_unstable();
    let mut train: Vec<(i64, i64)> = Vec::new();
    let mut held: HashMap<i64, HashSet<i64>> = HashMap::new();
    let mut seen: HashMap<i64, HashSet<i64>> = HashMap::new();
    for &reader in &readers {
        let mut rated = by_reader[&reader].clone();
        rated.sort_by_key(|&(book, _, at)| (-at, book));
        let likes = rated.iter().filter(|r| r.1 >= LIKED_FROM).count();
        for &(book, stars, _) in &rated {
            let hold = likes >= EVALUATED_FROM && stars >= LIKED_FROM && split(reader, book);
            if hold {
                held.entry(reader).or_default().insert(book);
                continue;
            }
            seen.entry(reader).or_default().insert(book);
            if stars >= LIKED_FROM {
                train.push((reader, book));
            }
        }
    }
    let model = neighbours(&train);
    let mut near: HashMap<i64, Vec<&Neighbour>> = HashMap::new();
    for n in &model {
        near.entry(n.book).or_default().push(n);
    }
    let mut liked_count: HashMap<i64, usize> = HashMap::new();
    for &(_, book) in &train {
        *liked_count.entry(book).or_default() += 1;
    }
    let mut popular: Vec<(i64, usize)> = liked_count.into_iter().collect();
    popular.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    let (mut hits, mut popular_hits, mut evaluated, mut held_out) = (0, 0, 0, 0);
    let empty = HashSet::new();
    for (&reader, out) in &held {
        evaluated += 1;
        held_out += out.len();
        let known = seen.get(&reader).unwrap_or(&empty);
        let rows: Vec<(i64, i64, i64)> = train
            .iter()
            .filter(|(r, _)| *r == reader)
            .take(PICKS_FROM)
            .flat_map(|&(_, liked)| near.get(&liked).into_iter().flatten())
            .map(|n| (n.book, n.other, n.score))
            .collect();
        if picks(&rows, known, 10)
            .iter()
            .any(|p| out.contains(&p.book))
        {
            hits += 1;
        }
        let top = popular
            .iter()
            .filter(|(book, _)| !known.contains(book))
            .take(10);
        if top.into_iter().any(|(book, _)| out.contains(book)) {
            popular_hits += 1;
        }
    }
    let share = |n: usize| {
        if evaluated == 0 {
            0.0
        } else {
            n as f64 / evaluated as f64
        }
    };
    Evaluation {
        readers: evaluated,
        held_out,
        neighbours: share(hits),
        popular: share(popular_hits),
    }
}

/// About one like in ten, the same ones on every run.
fn split(reader: i64, book: i64) -> bool {
    let mut x = (reader as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (book as u64);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    x.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Readers 1-3 liked books 10 and 11; reader 4 liked 10 and 12.
    fn likes() -> Vec<(i64, i64)> {
        vec![
            (1, 10),
            (1, 11),
            (2, 10),
            (2, 11),
            (3, 11),
            (3, 10),
            (4, 10),
            (4, 12),
        ]
    }

    #[test]
    fn books_liked_together_are_neighbours_both_ways() {
        let near = neighbours(&likes());
        let of_10: Vec<i64> = near
            .iter()
            .filter(|n| n.book == 10)
            .map(|n| n.other)
            .collect();
        assert_eq!(of_10, vec![11], "12 shares one reader with 10: not enough");
        let back = near.iter().find(|n| n.book == 11).unwrap();
        assert_eq!((back.other, back.together), (10, 3));
        assert!(back.score > 0 && back.score < 1_000_000);
    }

    #[test]
    fn more_readers_in_common_weigh_more() {
        assert!(closeness(30, 40, 40) > closeness(2, 2, 2) / 2);
        assert!(closeness(3, 3, 3) > closeness(2, 2, 2));
        assert!(
            closeness(3, 3, 30) < closeness(3, 3, 3),
            "a book everyone likes is less telling"
        );
    }

    #[test]
    fn a_heavy_reader_counts_only_their_recent_likes() {
        let mut likes: Vec<(i64, i64)> = (0..500).map(|b| (1, b)).collect();
        likes.extend((0..500).map(|b| (2, b)));
        let near = neighbours(&likes);
        assert!(near.iter().all(|n| n.book < LIKES_PER_READER as i64));
        assert!(near.iter().filter(|n| n.book == 0).count() <= KEPT);
    }

    #[test]
    fn picks_leave_out_what_the_reader_has_and_name_the_strongest_reason() {
        let rows = vec![(10, 20, 500), (11, 20, 700), (10, 21, 900), (10, 22, 100)];
        let known: HashSet<i64> = [21].into();
        let got = picks(&rows, &known, 10);
        assert_eq!(
            got,
            vec![
                Pick {
                    book: 20,
                    because: 11,
                    score: 1200
                },
                Pick {
                    book: 22,
                    because: 10,
                    score: 100
                },
            ]
        );
        assert_eq!(picks(&rows, &known, 1).len(), 1);
    }

    #[test]
    fn the_held_out_split_is_a_tenth_and_stable() {
        let held = (0..10_000).filter(|&b| split(7, b)).count();
        assert!((800..1200).contains(&held), "{held}");
        assert_eq!(split(7, 42), split(7, 42));
    }

    #[test]
    fn evaluation_finds_a_taste_the_most_popular_books_miss() {
        // Forty readers who like books 0-9, and a dozen popular books
        // (100-111) that sixty others like.
        let mut ratings = Vec::new();
        for reader in 0..40 {
            for book in 0..10 {
                ratings.push((reader, book, 20, book));
            }
        }
        for reader in 40..100 {
            for book in 100..112 {
                ratings.push((reader, book, 20, 0));
            }
        }
        let got = evaluate(&ratings);
        assert!(got.readers > 0 && got.held_out >= got.readers);
        assert!(got.neighbours > got.popular, "{got:?}");
        assert!(got.neighbours > 0.9, "{got:?}");
    }
}
