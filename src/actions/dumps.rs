//! Loading Open Library's data dumps into the catalogue: streamed through
//! gzip on a reading thread while batches are written, each batch with the
//! file's mark, so a run cut short resumes where its last batch ended.
//! Authors come first (works name them by key), then works, then editions.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::bookdata::clean_subjects;
use crate::bookdata::dump::{self, Line};
use crate::domain::text;
use crate::error::{ActionError, ActionResult};
use crate::store::{DumpCounts, DumpItem, Store};

/// Lines written per transaction.
pub const BATCH: usize = 5_000;

/// What an import did, this run.
#[derive(Debug, Default)]
pub struct DumpSummary {
    pub name: String,
    /// Lines an earlier run had imported, skipped now.
    pub resumed_at: u64,
    /// Lines read this run.
    pub lines: u64,
    pub counts: DumpCounts,
    pub unreadable: u64,
    /// Lines of kinds the catalogue does not take (redirects, subjects...).
    pub other: u64,
    /// The file was imported whole before; nothing was read.
    pub already_done: bool,
    pub seconds: f64,
}

impl std::fmt::Display for DumpSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.already_done {
            return writeln!(f, "{} was imported whole before; nothing to do", self.name);
        }
        let c = &self.counts;
        if self.resumed_at > 0 {
            writeln!(f, "resumed after line {}", self.resumed_at)?;
        }
        writeln!(
            f,
            "{} lines in {:.1} s ({:.0} records/s)",
            self.lines,
            self.seconds,
            self.lines as f64 / self.seconds.max(0.001)
        )?;
        writeln!(
            f,
            "added: {} authors, {} works as books, {} editions; {} works matched to books already catalogued",
            c.authors, c.works, c.editions, c.matched
        )?;
        writeln!(
            f,
            "left out: {} already imported, {} works whose authors are not imported yet, \
             {} editions whose work is not imported yet, {} unreadable, {} of other kinds",
            c.already,
            c.works_without_known_author,
            c.editions_without_known_work,
            self.unreadable,
            self.other
        )
    }
}

/// A dump line as the store writes it; None when it is nothing to import.
fn item(line: Line, unreadable: &mut u64, other: &mut u64) -> Option<DumpItem> {
    match line {
        Line::Author(a) => match text::line("author", &a.name, text::AUTHOR_MAX) {
            Ok(name) => Some(DumpItem::Author { key: a.key, name }),
            Err(_) => {
                *unreadable += 1;
                None
            }
        },
        Line::Work(w) => {
            let title: String = w.title.chars().take(text::TITLE_MAX).collect();
            let Ok(title) = text::line("title", &title, text::TITLE_MAX) else {
                *unreadable += 1;
                return None;
            };
            Some(DumpItem::Work {
                key: w.key,
                title,
                author_keys: w.authors,
                description: w
                    .description
                    .map(|d| d.chars().take(text::DESCRIPTION_MAX).collect()),
                year: w.year,
                subjects: clean_subjects(&w.subjects),
            })
        }
        Line::Edition(e) => {
            let Some(work) = e.work else {
                *unreadable += 1;
                return None;
            };
            Some(DumpItem::Edition {
                key: e.key,
                work,
                isbn13: e.isbn13,
                isbn10: e.isbn10,
                publisher: e.publishers.into_iter().next(),
                format: e.format.map(|f| f.chars().take(100).collect()),
                pages: e.pages,
                year: e.year,
                language: e.language,
            })
        }
        Line::Other => {
            *other += 1;
            None
        }
        Line::Unreadable(_) => {
            *unreadable += 1;
            None
        }
    }
}

/// One batch from the reading thread.
struct Batch {
    items: Vec<DumpItem>,
    /// Lines read through, counting from the file's start.
    through: u64,
    last: bool,
    unreadable: u64,
    other: u64,
}

/// Counts the compressed bytes read, for progress.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn read_batches(
    input: impl Read,
    skip: u64,
    size: usize,
    out: tokio::sync::mpsc::Sender<Result<Batch, String>>,
) {
    let mut reader = BufReader::with_capacity(1 << 16, flate2::read::MultiGzDecoder::new(input));
    let mut line = String::new();
    let mut number = 0u64;
    let mut batch = Batch {
        items: Vec::with_capacity(size),
        through: 0,
        last: false,
        unreadable: 0,
        other: 0,
    };
    let mut in_batch = 0;
    loop {
        line.clear();
        let read = match reader.read_line(&mut line) {
            Ok(n) => n,
            Err(e) => {
                let _ = out.blocking_send(Err(format!(
                    "the file could not be read after line {number} ({e}); \
                     what came before is kept: run the same command again to go on"
                )));
                return;
            }
        };
        if read > 0 {
            number += 1;
            if number > skip {
                let parsed = dump::parse(line.trim_end_matches(['\n', '\r']));
                if let Some(item) = item(parsed, &mut batch.unreadable, &mut batch.other) {
                    batch.items.push(item);
                }
                in_batch += 1;
            }
        }
        if in_batch == size || read == 0 {
            batch.through = number;
            batch.last = read == 0;
            let next = Batch {
                items: Vec::with_capacity(size),
                through: 0,
                last: false,
                unreadable: 0,
                other: 0,
            };
            let done = batch.last;
            if out
                .blocking_send(Ok(std::mem::replace(&mut batch, next)))
                .is_err()
                || done
            {
                return;
            }
            in_batch = 0;
        }
    }
}

/// Imports the dump at `path`, `batch` lines to a transaction. `progress`
/// hears (lines through, compressed bytes read, the file's size) after each batch.
pub async fn import(
    store: &Store,
    path: &Path,
    batch: usize,
    mut progress: impl FnMut(u64, u64, u64),
) -> ActionResult<DumpSummary> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| ActionError::invalid("file", "name a dump file"))?;
    let file = std::fs::File::open(path).map_err(|e| {
        ActionError::invalid("file", format!("cannot read {}: {e}", path.display()))
    })?;
    let file_size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut summary = DumpSummary {
        name: name.clone(),
        ..DumpSummary::default()
    };
    let (done, finished) = store.dump_progress(&name).await?.unwrap_or((0, false));
    if finished {
        summary.already_done = true;
        return Ok(summary);
    }
    summary.resumed_at = done.max(0) as u64;
    let started = std::time::Instant::now();
    let read = Arc::new(AtomicU64::new(0));
    let input = Counting {
        inner: file,
        read: read.clone(),
    };
    let (send, mut batches) = tokio::sync::mpsc::channel(2);
    let skip = summary.resumed_at;
    let size = batch.max(1);
    let reader = std::thread::spawn(move || read_batches(input, skip, size, send));
    let now = super::now();
    let mut failed = None;
    while let Some(batch) = batches.recv().await {
        let batch = match batch {
            Ok(b) => b,
            Err(message) => {
                failed = Some(message);
                break;
            }
        };
        let through = i64::try_from(batch.through).unwrap_or(i64::MAX);
        summary.counts += store
            .import_dump_batch(&name, through, batch.last, &batch.items, now)
            .await?;
        summary.lines = batch.through - summary.resumed_at;
        summary.unreadable += batch.unreadable;
        summary.other += batch.other;
        progress(batch.through, read.load(Ordering::Relaxed), file_size);
    }
    drop(batches);
    let _ = reader.join();
    if failed.is_none() {
        store.refresh_catalogue_statistics().await?;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    match failed {
        Some(message) => Err(ActionError::invalid("file", message)),
        None => Ok(summary),
    }
}

/// Whether the file names one of Open Library's dumps, as `--format` may leave out.
pub fn looks_like_dump(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("ol_dump") && n.ends_with(".txt.gz"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_without_a_work_and_other_lines_are_counted_not_kept() {
        let (mut unreadable, mut other) = (0, 0);
        let edition = crate::bookdata::openlibrary::Edition {
            key: "OL1M".into(),
            title: "x".into(),
            ..Default::default()
        };
        assert!(item(Line::Edition(edition), &mut unreadable, &mut other).is_none());
        assert!(item(Line::Other, &mut unreadable, &mut other).is_none());
        assert_eq!((unreadable, other), (1, 1));
    }
}
