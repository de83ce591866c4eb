//! Loading a whole catalogue file.

use std::io::Read;

use crate::error::{ActionError, ActionResult};
use crate::import::catalogue;
use crate::store::Store;

/// What a catalogue import did.
#[derive(Debug, Default)]
pub struct CatalogueSummary {
    pub rows: usize,
    pub imported: usize,
    pub already_there: usize,
    pub repaired_isbn10: usize,
    pub unrecoverable_isbn13: usize,
    pub trimmed_authors: usize,
    pub dropped: Vec<(u64, String)>,
    /// (line, what) for each book that went in with something left out.
    pub cut: Vec<(u64, String)>,
}

impl std::fmt::Display for CatalogueSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} rows: {} books imported, {} already in the catalogue, {} dropped",
            self.rows,
            self.imported,
            self.already_there,
            self.dropped.len()
        )?;
        writeln!(
            f,
            "repaired: {} ISBN-10s given back their leading zeros",
            self.repaired_isbn10
        )?;
        writeln!(
            f,
            "shortened: {} author lists cut to their first {} names",
            self.trimmed_authors,
            crate::domain::text::AUTHORS_MAX
        )?;
        writeln!(
            f,
            "left out: {} ISBN-13s written as floats with no ISBN-10 to rebuild them",
            self.unrecoverable_isbn13
        )?;
        for (line, reason) in &self.dropped {
            writeln!(f, "line {line}: {reason}")?;
        }
        for (line, what) in &self.cut {
            writeln!(f, "line {line}: shortened: {what}")?;
        }
        Ok(())
    }
}

/// Books go in batches, one transaction each, and a crash loses at most one
/// batch. Large ones: a batch's new keys land all over the catalogue's indexes,
/// and a page written once for many of them is written far less often (a
/// million books load 5,000 at a time at 8,200 books/s, 100,000 at a time at
/// 24,000 on SQLite). A batch takes about 4 s at a million books, within the
/// 5 s a running server's write waits for SQLite's lock.
const BATCH: usize = 100_000;

pub async fn import(store: &Store, input: impl Read) -> ActionResult<CatalogueSummary> {
    let parsed = catalogue::parse(input, super::now())
        .map_err(|e| ActionError::invalid("file", format!("not a catalogue CSV: {e}")))?;
    let mut summary = CatalogueSummary {
        rows: parsed.books.len() + parsed.dropped.len(),
        repaired_isbn10: parsed.repaired_isbn10,
        unrecoverable_isbn13: parsed.unrecoverable_isbn13,
        trimmed_authors: parsed.trimmed_authors,
        dropped: parsed.dropped,
        cut: parsed.cut,
        ..CatalogueSummary::default()
    };
    for chunk in parsed.books.chunks(BATCH) {
        for id in store.import_books(chunk).await? {
            match id {
                Some(_) => summary.imported += 1,
                None => summary.already_there += 1,
            }
        }
    }
    store.refresh_catalogue_statistics().await?;
    Ok(summary)
}
