//! The search index: each book's folded title, series and author words in
//! tantivy, with its popularity and id as fast fields. It is derived from the
//! database and never the only copy of anything: each node keeps its own (in
//! a folder, or in memory), follows the database's `search_changes` log to
//! take in books added, changed or deleted by any node, and builds itself
//! again from the books when it is missing, from another version, or asked to.

mod query;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Instant;

use tantivy::directory::error::LockError;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{
    Index, IndexReader, IndexSettings, IndexSortByField, IndexWriter, Order, ReloadPolicy,
    TantivyDocument, TantivyError, Term,
};

use super::{StoreError, StoreResult};
use crate::domain::search::{self, Field as Where};

pub use query::Wanted;

/// What a folder's index must say it is, with the last change it holds
/// after it: an index written by another version is built again.
const VERSION: &str = "dogear-books-2";
/// The fields a book's words are kept in, each its own.
const PLACES: [Where; 3] = [Where::Title, Where::Series, Where::Author];
/// Words arrive folded and joined by spaces (see `domain::search::words`).
const TOKENIZER: &str = "folded";
/// The writer's memory: tantivy's least for a small catch-up, more to build.
const SMALL_WRITE: usize = 15_000_000;
const BIG_WRITE: usize = 64_000_000;

/// A book as the index holds it.
#[derive(Debug, Clone)]
pub struct IndexedBook {
    pub id: i64,
    pub title: String,
    pub series: Option<String>,
    pub popularity: i64,
    pub authors: Vec<String>,
}

#[derive(Clone, Copy)]
struct Fields {
    book: Field,
    popularity: Field,
    title: Field,
    series: Field,
    author: Field,
}

impl Fields {
    fn text(&self, place: Where) -> Field {
        match place {
            Where::Title => self.title,
            Where::Series => self.series,
            Where::Author => self.author,
        }
    }
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let fields = Fields {
        book: builder.add_u64_field("book", INDEXED | FAST),
        popularity: builder.add_i64_field("popularity", FAST),
        title: builder.add_text_field("title", words.clone()),
        series: builder.add_text_field("series", words.clone()),
        author: builder.add_text_field("author", words),
    };
    (builder.build(), fields)
}

/// One node's search index and how far along the change log it is.
pub struct BookIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    folder: Option<PathBuf>,
    /// The last `search_changes` entry taken in: 0 for an index never built.
    applied: AtomicI64,
    /// One writer at a time, within the node (tantivy's lock guards the folder).
    pub(super) writing: tokio::sync::Mutex<()>,
    /// When the log was last looked at (milliseconds since `opened`), and
    /// the node's writes by then.
    looked_at: AtomicU64,
    writes_seen: AtomicU64,
    opened: Instant,
    /// The segments' columns of the searcher last used, by its generation:
    /// opening them was a twentieth of each search.
    columns: std::sync::Mutex<Option<(u64, std::sync::Arc<[query::Columns]>)>>,
}

/// How stale the index may be for other nodes' changes: a search looks at the
/// log again after this long, or at once after a write of this node's.
const LOOK_EVERY_MS: u64 = 1_000;

fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(format!("search index: {e}"))
}

impl BookIndex {
    /// The index in `folder` (made, or made again when it holds another
    /// version's), or in memory.
    pub fn open(folder: Option<&Path>) -> StoreResult<BookIndex> {
        let (schema, fields) = schema();
        let (index, applied) = match folder {
            None => (new_index(schema).create_in_ram().map_err(failed)?, 0),
            Some(folder) => match open_folder(folder, &schema) {
                Some(found) => found,
                None => {
                    if folder.exists() {
                        std::fs::remove_dir_all(folder).map_err(failed)?;
                    }
                    std::fs::create_dir_all(folder).map_err(failed)?;
                    let index = new_index(schema).create_in_dir(folder).map_err(failed)?;
                    (index, 0)
                }
            },
        };
        index.tokenizers().register(
            TOKENIZER,
            TextAnalyzer::builder(WhitespaceTokenizer::default()).build(),
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(failed)?;
        Ok(BookIndex {
            index,
            reader,
            fields,
            folder: folder.map(Path::to_path_buf),
            applied: AtomicI64::new(applied),
            writing: tokio::sync::Mutex::new(()),
            looked_at: AtomicU64::new(0),
            writes_seen: AtomicU64::new(u64::MAX),
            opened: Instant::now(),
            columns: std::sync::Mutex::new(None),
        })
    }

    /// Whether the index outlives the process (a folder), so building it is worth a command's time.
    pub fn is_kept(&self) -> bool {
        self.folder.is_some()
    }

    /// Whether a search should look at the change log first: this node has
    /// written since the last look, or it was a while ago.
    pub fn due(&self, writes: u64) -> bool {
        writes != self.writes_seen.load(Ordering::Acquire)
            || self.since_opened() >= self.looked_at.load(Ordering::Acquire) + LOOK_EVERY_MS
    }

    /// Notes a look at the log, made when the node had made `writes` writes.
    pub fn looked(&self, writes: u64) {
        self.looked_at.store(self.since_opened(), Ordering::Release);
        self.writes_seen.store(writes, Ordering::Release);
    }

    fn since_opened(&self) -> u64 {
        self.opened.elapsed().as_millis() as u64
    }

    pub fn applied(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    /// A writer for one catch-up, None while another process holds the
    /// folder's; dropped after it, so a command and a server on one folder
    /// take turns.
    pub(super) fn writer(&self, big: bool) -> StoreResult<Option<Writer>> {
        let budget = if big { BIG_WRITE } else { SMALL_WRITE };
        match self.index.writer_with_num_threads(1, budget) {
            Ok(writer) => Ok(Some(Writer {
                writer,
                fields: self.fields,
            })),
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => Ok(None),
            Err(e) => Err(failed(e)),
        }
    }

    /// Makes what a writer committed the index's, up to change `seq`.
    pub(super) fn took_in(&self, seq: i64) -> StoreResult<()> {
        self.reader.reload().map_err(failed)?;
        self.applied.store(seq, Ordering::Release);
        Ok(())
    }
}

/// Each segment keeps its books most popular first, so the first postings
/// of a word are those of its most popular books (see `query`).
fn new_index(schema: Schema) -> tantivy::IndexBuilder {
    Index::builder().schema(schema).settings(IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: "popularity".into(),
            order: Order::Desc,
        }),
        ..IndexSettings::default()
    })
}

/// An index a folder holds, if it is this version's, with its last change.
fn open_folder(folder: &Path, schema: &Schema) -> Option<(Index, i64)> {
    let index = Index::open_in_dir(folder).ok()?;
    if index.schema() != *schema {
        return None;
    }
    let payload = index.load_metas().ok()?.payload?;
    let (version, seq) = payload.split_once(' ')?;
    (version == VERSION).then_some(())?;
    Some((index, seq.parse().ok()?))
}

/// A batch of books going in, moved to a blocking thread and back.
pub(super) struct Writer {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
}

impl Writer {
    pub fn clear(&mut self) -> StoreResult<()> {
        self.writer.delete_all_documents().map_err(failed)?;
        Ok(())
    }

    /// Forgets these books, then adds those still there (`books`).
    pub fn replace(&mut self, gone: &[i64], books: &[IndexedBook]) -> StoreResult<()> {
        for id in gone {
            self.writer
                .delete_term(Term::from_field_u64(self.fields.book, *id as u64));
        }
        self.add(books)
    }

    pub fn add(&mut self, books: &[IndexedBook]) -> StoreResult<()> {
        for book in books {
            self.writer
                .add_document(self.document(book))
                .map_err(failed)?;
        }
        Ok(())
    }

    fn document(&self, book: &IndexedBook) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_u64(self.fields.book, book.id as u64);
        doc.add_i64(self.fields.popularity, book.popularity);
        let terms = search::book_terms(&book.title, book.series.as_deref(), &book.authors);
        for place in PLACES {
            let words: Vec<&str> = terms
                .iter()
                .filter(|(_, f)| *f == place)
                .map(|(w, _)| w.as_str())
                .collect();
            if !words.is_empty() {
                doc.add_text(self.fields.text(place), words.join(" "));
            }
        }
        doc
    }

    /// Writes what went in, marked as holding the log up to `seq`, and waits for merges.
    pub fn commit(mut self, seq: i64) -> StoreResult<()> {
        let mut commit = self.writer.prepare_commit().map_err(failed)?;
        commit.set_payload(&format!("{VERSION} {seq}"));
        commit.commit().map_err(failed)?;
        self.writer.wait_merging_threads().map_err(failed)?;
        Ok(())
    }
}
