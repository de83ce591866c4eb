//! A search as the index runs it, in two passes over postings that are read
//! most popular book first (the index keeps each segment's books in order of
//! popularity): each query word's candidate words are found in the term
//! dictionaries (whole, as a prefix, near misses through a Levenshtein
//! automaton), the first postings of each are read to a depth set by how well
//! it answers the word, and the books found are ranked (`domain::ranking::rank`)
//! and then scored again on every candidate word, small ones included, so a
//! word whose postings were cut short still counts. A common word costs what
//! a rare one does.

use std::sync::OnceLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::postings::SegmentPostings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Searcher, SegmentReader, TERMINATED, Term};

use super::{BookIndex, PLACES, failed};
use crate::domain::ranking::{self, Posting, QueryWord, QuickMap, Reach};
use crate::domain::search::{self, Field as Where};
use crate::store::StoreResult;

/// Candidate words kept per query word, best first.
const CANDIDATES_PER_WORD: usize = 16;
/// Words a prefix may begin that are looked at, in dictionary order.
const PREFIX_SCAN: usize = 300;

/// Postings read per candidate word and field, its most popular books first,
/// by how well it answers the query word: the word itself deepest, a longer
/// word it begins less, a near miss least.
fn depth(quality: f64) -> usize {
    if quality >= 1.0 {
        500
    } else if quality >= 0.7 {
        100
    } else {
        50
    }
}

/// What a search asks of the index.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    pub words: &'a [QueryWord],
    /// Books returned at most, best first.
    pub limit: usize,
}

/// An indexed word that may answer a query word.
#[derive(Debug, Clone)]
struct Candidate {
    term: String,
    quality: f64,
    books: u64,
}

/// A segment's book ids and popularity, read by document.
pub(super) struct Columns {
    book: std::sync::Arc<dyn tantivy::columnar::ColumnValues<u64>>,
    popularity: std::sync::Arc<dyn tantivy::columnar::ColumnValues<i64>>,
}

fn columns(segment: &SegmentReader) -> StoreResult<Columns> {
    let fast = segment.fast_fields();
    Ok(Columns {
        book: fast.u64("book").map_err(failed)?.first_or_default_col(0),
        popularity: fast
            .i64("popularity")
            .map_err(failed)?
            .first_or_default_col(0),
    })
}

impl BookIndex {
    /// Book ids for the query's words, best first.
    pub fn search(&self, wanted: Wanted<'_>) -> StoreResult<Vec<i64>> {
        let searcher = self.reader.searcher();
        let words = wanted.words;
        let mut candidates = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            candidates.push(self.candidates(&searcher, word, i + 1 == words.len())?);
        }
        let total = searcher.num_docs() as i64;
        let rarity: Vec<f64> = candidates
            .iter()
            .map(|found| ranking::rarity(found.iter().map(|c| c.books as i64).sum(), total))
            .collect();
        let segments = searcher.segment_readers();
        let columns = self.columns_of(&searcher)?;
        // The first pass knows books by where they are (`spot`): an id is read
        // only for those found.
        // A small word's postings are not read: it is scored on the books the
        // other words found.
        let reading = || {
            let words = words.iter().zip(&candidates).filter(|(w, _)| !w.stop);
            words.flat_map(|(_, found)| found)
        };
        // Sized up front: growing them as they filled showed in profiles.
        let reads: usize = reading()
            .map(|c| (c.books as usize).min(depth(c.quality) * PLACES.len() * segments.len()))
            .sum();
        let mut popularity: QuickMap<i64, i64> =
            QuickMap::with_capacity_and_hasher(reads, Default::default());
        let mut postings = Vec::with_capacity(reads);
        for candidate in reading() {
            for (ord, segment) in segments.iter().enumerate() {
                let columns = &columns[ord];
                for place in PLACES {
                    let mut read = 0;
                    self.each_posting(segment, place, &candidate.term, |doc| {
                        let at = spot(ord, doc);
                        popularity
                            .entry(at)
                            .or_insert_with(|| columns.popularity.get_val(doc));
                        postings.push(Posting {
                            term: &candidate.term,
                            book_id: at,
                            field: place,
                        });
                        read += 1;
                        read < depth(candidate.quality)
                    })?;
                }
            }
        }
        let found = ranking::rank(words, &rarity, &postings, &popularity, wanted.limit);
        // Scored again on all their words, the small ones and those whose
        // postings were cut short included, by their ids.
        let mut by_segment: Vec<Vec<(DocId, i64)>> = vec![Vec::new(); segments.len()];
        let mut popularity_of: QuickMap<i64, i64> = QuickMap::default();
        for at in found {
            let (ord, doc) = ((at >> 32) as usize, at as u32);
            let book = columns[ord].book.get_val(doc) as i64;
            popularity_of.insert(book, popularity.get(&at).copied().unwrap_or(0));
            by_segment[ord].push((doc, book));
        }
        let mut again = Vec::new();
        for (ord, docs) in by_segment.iter_mut().enumerate() {
            if docs.is_empty() {
                continue;
            }
            docs.sort_unstable();
            for candidate in candidates.iter().flatten() {
                for place in PLACES {
                    let found = self.postings(&segments[ord], place, &candidate.term)?;
                    let Some(mut postings) = found else {
                        continue;
                    };
                    // Seeking only forward: the documents go in order.
                    let mut at = postings.doc();
                    for (doc, book) in docs.iter() {
                        if at < *doc {
                            at = postings.seek(*doc);
                        }
                        if at == *doc {
                            again.push(Posting {
                                term: &candidate.term,
                                book_id: *book,
                                field: place,
                            });
                        }
                    }
                }
            }
        }
        Ok(ranking::rank(
            words,
            &rarity,
            &again,
            &popularity_of,
            wanted.limit,
        ))
    }

    /// The searcher's columns, opened once per generation of the index.
    fn columns_of(&self, searcher: &Searcher) -> StoreResult<std::sync::Arc<[Columns]>> {
        let generation = searcher.generation().generation_id();
        let kept = self.columns.lock().ok().and_then(|c| c.clone());
        if let Some((at, columns)) = kept
            && at == generation
        {
            return Ok(columns);
        }
        let columns: std::sync::Arc<[Columns]> = searcher
            .segment_readers()
            .iter()
            .map(columns)
            .collect::<StoreResult<Vec<_>>>()?
            .into();
        if let Ok(mut kept) = self.columns.lock() {
            *kept = Some((generation, columns.clone()));
        }
        Ok(columns)
    }

    /// The documents of a segment holding `word` in `place`, if any do.
    fn postings(
        &self,
        segment: &SegmentReader,
        place: Where,
        word: &str,
    ) -> StoreResult<Option<SegmentPostings>> {
        let term = Term::from_field_text(self.fields.text(place), word);
        let inverted = segment.inverted_index(term.field()).map_err(failed)?;
        inverted
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(failed)
    }

    /// Calls `each` with the live documents holding `word` in `place`, in
    /// order (most popular first), until it returns false.
    fn each_posting(
        &self,
        segment: &SegmentReader,
        place: Where,
        word: &str,
        mut each: impl FnMut(DocId) -> bool,
    ) -> StoreResult<()> {
        let Some(mut postings) = self.postings(segment, place, word)? else {
            return Ok(());
        };
        let alive = segment.alive_bitset();
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) && !each(doc) {
                break;
            }
            doc = postings.advance();
        }
        Ok(())
    }

    /// The indexed words that may answer a query word, best first (see
    /// `domain::search::match_quality`), each with how many books hold it.
    fn candidates(
        &self,
        searcher: &Searcher,
        word: &QueryWord,
        last: bool,
    ) -> StoreResult<Vec<Candidate>> {
        let mut books: QuickMap<String, u64> = QuickMap::default();
        let mut whole = 0;
        for segment in searcher.segment_readers() {
            for place in PLACES {
                let inverted = segment
                    .inverted_index(self.fields.text(place))
                    .map_err(failed)?;
                let held = inverted.terms().get(word.text.as_bytes()).map_err(failed)?;
                if let Some(info) = held {
                    whole += u64::from(info.doc_freq);
                    *books.entry(word.text.clone()).or_default() += u64::from(info.doc_freq);
                }
            }
        }
        // The word itself is counted above; the other reaches walk the dictionaries.
        let reaches = ranking::reaches(&word.text, last, word.stop, whole);
        for reach in reaches.into_iter().filter(|r| *r != Reach::Whole) {
            for segment in searcher.segment_readers() {
                for place in PLACES {
                    let inverted = segment
                        .inverted_index(self.fields.text(place))
                        .map_err(failed)?;
                    let dict = inverted.terms();
                    let mut add = |key: &[u8], freq: u32| {
                        if let Ok(term) = std::str::from_utf8(key)
                            && term != word.text
                        {
                            *books.entry(term.to_string()).or_default() += u64::from(freq);
                        }
                    };
                    match reach {
                        Reach::Whole => {}
                        Reach::Prefix => {
                            let range = dict.range().ge(word.text.as_bytes());
                            let mut stream = range.into_stream().map_err(failed)?;
                            let mut seen = 0;
                            while seen < PREFIX_SCAN && stream.advance() {
                                if !stream.key().starts_with(word.text.as_bytes()) {
                                    break;
                                }
                                add(stream.key(), stream.value().doc_freq);
                                seen += 1;
                            }
                        }
                        Reach::Typos(n) => {
                            let near = NearMisses(typo_builder(n).build_dfa(&word.text));
                            let mut stream = dict.search(near).into_stream().map_err(failed)?;
                            while stream.advance() {
                                add(stream.key(), stream.value().doc_freq);
                            }
                        }
                    }
                }
            }
        }
        let mut scored: Vec<Candidate> = books
            .into_iter()
            .map(|(term, books)| Candidate {
                quality: search::match_quality(&word.text, &term, last),
                term,
                books,
            })
            .filter(|c| c.quality > 0.0)
            .collect();
        scored.sort_by(|a, b| {
            b.quality
                .total_cmp(&a.quality)
                .then(a.term.len().cmp(&b.term.len()))
                .then_with(|| a.term.cmp(&b.term))
        });
        scored.truncate(CANDIDATES_PER_WORD);
        Ok(scored)
    }
}

/// A document's place in the searcher, as one number: segment, then doc.
fn spot(segment: usize, doc: DocId) -> i64 {
    ((segment as i64) << 32) | i64::from(doc)
}

/// The automaton builders, one per number of typos: costly to make, made once.
fn typo_builder(typos: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if typos <= 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// The words within a Levenshtein automaton's reach, as the term
/// dictionary walks it.
struct NearMisses(DFA);

impl tantivy_fst::Automaton for NearMisses {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}
