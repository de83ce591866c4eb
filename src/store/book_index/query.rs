//! A search as the index runs it. Each query word becomes the best of its
//! ways to match (`domain::search::reaches`) in each field, each worth what
//! `domain::search::worth` says times the word's rarity; a book's score is
//! the sum over the query's words, and a word matched firmly (not a small
//! word, not a typo in a name) adds `FIRM`, so books matching more words
//! come first whatever their other scores. Popularity, then the lower id,
//! breaks ties. A book matching only small words is not found.

use std::cmp::Reverse;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

use super::{BookIndex, failed};
use crate::domain::search::{self, Field as Where, QueryWord, Reach};
use crate::store::StoreResult;

/// More than any sum of scores (at most eight words, each worth its rarity, under 20).
const FIRM: f64 = 1_000.0;

/// What a search asks of the index.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    pub words: &'a [QueryWord],
    /// Books returned at most, best first.
    pub limit: usize,
}

impl BookIndex {
    /// Book ids for the query's words, best first.
    pub fn search(&self, wanted: Wanted<'_>) -> StoreResult<Vec<i64>> {
        let searcher = self.reader.searcher();
        let total = searcher.num_docs() as i64;
        let mut found: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut small: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, word) in wanted.words.iter().enumerate() {
            let last = i + 1 == wanted.words.len();
            let mut whole = 0;
            for place in [Where::Title, Where::Series, Where::Author] {
                let term = Term::from_field_text(self.fields.text(place), &word.text);
                whole += searcher.doc_freq(&term).map_err(failed)?;
            }
            let reaches = search::reaches(&word.text, last, word.stop, whole);
            // A word found only by its typos or as a prefix is weighed by
            // the books those reach.
            let books = if whole > 0 {
                whole
            } else {
                searcher
                    .search(&self.word_query(word, last, &reaches, 1.0), &Count)
                    .map_err(failed)? as u64
            };
            let rarity = search::rarity(books as i64, total);
            let query = self.word_query(word, last, &reaches, rarity);
            if word.stop {
                small.push((Occur::Should, query));
            } else {
                found.push((Occur::Should, query));
            }
        }
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses = vec![(Occur::Must, boolean(found))];
        clauses.extend(small);
        let query = BooleanQuery::new(clauses);
        let ranked =
            TopDocs::with_limit(wanted.limit.max(1)).tweak_score(move |segment: &SegmentReader| {
                let fast = segment.fast_fields();
                let popularity = fast
                    .i64("popularity")
                    .ok()
                    .map(|c| c.first_or_default_col(0));
                let book = fast.u64("book").ok().map(|c| c.first_or_default_col(0));
                move |doc: DocId, score: Score| {
                    (
                        score,
                        popularity.as_ref().map_or(0, |c| c.get_val(doc)),
                        Reverse(book.as_ref().map_or(0, |c| c.get_val(doc))),
                    )
                }
            });
        let hits = searcher.search(&query, &ranked).map_err(failed)?;
        Ok(hits
            .into_iter()
            .map(|((_, _, Reverse(id)), _)| id as i64)
            .collect())
    }

    /// The best of one word's matches in any field.
    fn word_query(
        &self,
        word: &QueryWord,
        last: bool,
        reaches: &[Reach],
        rarity: f64,
    ) -> Box<dyn Query> {
        let mut ways: Vec<Box<dyn Query>> = Vec::new();
        for place in [Where::Title, Where::Series, Where::Author] {
            let term = Term::from_field_text(self.fields.text(place), &word.text);
            for reach in reaches {
                let (worth, firm) = search::worth(*reach, last, place);
                let score = worth * rarity + if firm && !word.stop { FIRM } else { 0.0 };
                let matching: Box<dyn Query> = match reach {
                    Reach::Whole => {
                        Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic))
                    }
                    Reach::Prefix => Box::new(FuzzyTermQuery::new_prefix(term.clone(), 0, true)),
                    Reach::Typos(n) => Box::new(FuzzyTermQuery::new(term.clone(), *n, true)),
                };
                ways.push(Box::new(ConstScoreQuery::new(matching, score as Score)));
            }
        }
        Box::new(DisjunctionMaxQuery::new(ways))
    }
}

/// Books matching any of these, scored by their sum.
fn boolean(mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
    if clauses.len() == 1
        && let Some((_, only)) = clauses.pop()
    {
        return only;
    }
    Box::new(BooleanQuery::new(clauses))
}
