//! Taking in a reader's library from another site: every row lands where it
//! belongs, books are matched before any is created, and running the same
//! file again changes nothing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::actions::books::{self, BookInput};
use crate::domain::dates::{self, ReadDate};
use crate::domain::privacy::Visibility;
use crate::domain::search;
use crate::domain::shelf::{self, ShelfName, Status};
use crate::error::{ActionError, ActionResult};
use crate::import::{Entry, Format};
use crate::store::{
    ImportJob, ImportProgress, LandedReview, Landing, NewImportJob, ReaderDetails, ShelfRef, Store,
    User,
};

#[derive(Debug, Default)]
pub struct ImportSummary {
    pub format: &'static str,
    pub rows: usize,
    pub imported: usize,
    pub books_created: usize,
    pub failed: Vec<(u64, String)>,
    pub tally: ImportTally,
}

/// What an import brought, counted as its rows land and kept with the job.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportTally {
    /// Books marked read, to-read and currently reading.
    pub read: i64,
    pub to_read: i64,
    pub reading: i64,
    pub rated: i64,
    pub reviewed: i64,
    /// The reader's own shelves it made, as (name, slug), in the order made.
    pub shelves: Vec<(String, String)>,
    /// Rows that named the edition the reader held (by its ISBN).
    pub editions: i64,
    /// (line, what) for each row that landed with something left out or
    /// shortened, and where the whole of it is kept if it is.
    pub cut: Vec<(u64, String)>,
}

impl ImportTally {
    /// As the job keeps it; a tally from before tallies were kept is empty.
    pub fn from_stored(json: &str) -> ImportTally {
        serde_json::from_str(json).unwrap_or_default()
    }

    fn count(&mut self, landed: &Landing) {
        match landed.status.as_deref().and_then(Status::from_slug) {
            Some(Status::Read) => self.read += 1,
            Some(Status::ToRead) => self.to_read += 1,
            Some(Status::CurrentlyReading) => self.reading += 1,
            _ => {}
        }
        self.rated += i64::from(landed.rating.is_some());
        self.reviewed += i64::from(landed.review.is_some());
        self.editions += i64::from(landed.book.isbn13.is_some() || landed.book.isbn10.is_some());
    }

    /// Notes the reader's shelves that were not there before a step; the
    /// statuses every reader has are not "made".
    fn note_new_shelves(
        &mut self,
        before: &[crate::store::OwnShelf],
        after: &[crate::store::OwnShelf],
    ) {
        for shelf in after {
            let standard = Status::from_slug(&shelf.slug).is_some();
            if standard
                || before.iter().any(|b| b.slug == shelf.slug)
                || self.shelves.iter().any(|(_, slug)| *slug == shelf.slug)
            {
                continue;
            }
            self.shelves.push((shelf.name.clone(), shelf.slug.clone()));
        }
    }
}

/// Who may see the reviews an import brings: everyone or friends (a review
/// is never for its writer alone), as the review form allows.
pub fn review_visibility(input: &str) -> ActionResult<Visibility> {
    match input.trim() {
        "" => Ok(Visibility::Public),
        given => match Visibility::parse(given) {
            Some(v @ (Visibility::Public | Visibility::Friends)) => Ok(v),
            _ => Err(ActionError::invalid(
                "review_visibility",
                "choose everyone (public) or friends only (friends)",
            )),
        },
    }
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} export, {} rows: {} imported ({} new books in the catalogue), {} failed",
            self.format,
            self.rows,
            self.imported,
            self.books_created,
            self.failed.len()
        )?;
        let t = &self.tally;
        writeln!(
            f,
            "{} read, {} to read, {} reading, {} rated, {} reviewed, {} new shelves, {} editions",
            t.read,
            t.to_read,
            t.reading,
            t.rated,
            t.reviewed,
            t.shelves.len(),
            t.editions
        )?;
        for (line, reason) in &self.failed {
            writeln!(f, "line {line}: skipped: {reason}")?;
        }
        for (line, what) in &t.cut {
            writeln!(f, "line {line}: shortened: {what}")?;
        }
        Ok(())
    }
}

/// Reads the file (format given or detected from its header) into the
/// reader's library at once, as a job of its own: an interrupted run of the
/// same file resumes where it stopped.
pub async fn import_file(
    store: &Store,
    reader: &User,
    bytes: &[u8],
    format: Option<Format>,
) -> ActionResult<ImportSummary> {
    import_with_progress(store, reader, bytes, format, |_, _| {}).await
}

pub async fn import_with_progress(
    store: &Store,
    reader: &User,
    bytes: &[u8],
    format: Option<Format>,
    progress: impl FnMut(i64, i64),
) -> ActionResult<ImportSummary> {
    let id = queue(store, reader, bytes, format, true).await?;
    let job = store
        .import_job(id)
        .await?
        .ok_or(ActionError::NotFound("import"))?;
    run_job(store, &job, Steps::ALL, progress).await
}

/// Imports one reader may have queued or running at once: a file is parsed
/// and kept whole until its job ends.
pub const MAX_WAITING: i64 = 3;

/// Parses a file on a blocking thread: a 20 MB export takes long enough to
/// stall every request sharing an async worker with it.
async fn parse(format: Format, bytes: Vec<u8>) -> ActionResult<crate::import::entry::Parsed> {
    tokio::task::spawn_blocking(move || format.read(&bytes))
        .await
        .map_err(|e| ActionError::Internal(format!("import parser: {e}")))
}

/// Makes the file a job; `run_now` keeps workers off it because its creator
/// runs it. The same file again, unfinished, is the same job.
pub async fn queue(
    store: &Store,
    reader: &User,
    bytes: &[u8],
    format: Option<Format>,
    run_now: bool,
) -> ActionResult<i64> {
    queue_with(store, reader, bytes, format, run_now, Visibility::Public).await
}

/// `queue`, with the reviews the file brings shared as `reviews` says.
pub async fn queue_with(
    store: &Store,
    reader: &User,
    bytes: &[u8],
    format: Option<Format>,
    run_now: bool,
    reviews: Visibility,
) -> ActionResult<i64> {
    super::may_write(reader)?;
    let format = format.or_else(|| Format::detect(bytes)).ok_or_else(|| {
        ActionError::invalid(
            "file",
            "not a Goodreads, StoryGraph, LibraryThing, BookWyrm, Calibre, Openreads or Open Library export: its first line names no known columns",
        )
    })?;
    let hash = crate::auth::secret::digest_bytes(bytes);
    if let Some(id) = store.unfinished_import_job(reader.id, &hash).await? {
        return Ok(id);
    }
    if store.unfinished_imports(reader.id).await? >= MAX_WAITING {
        return Err(ActionError::RateLimited { retry_after: 60 });
    }
    let parsed = parse(format, bytes.to_vec()).await?;
    let failed =
        serde_json::to_string(&parsed.failed).map_err(|e| ActionError::Internal(e.to_string()))?;
    let new = NewImportJob {
        user_id: reader.id,
        format: format.name().to_string(),
        file: bytes.to_vec(),
        file_hash: hash,
        total: (parsed.entries.len() + parsed.failed.len()) as i64,
        failed,
        state: if run_now { "running" } else { "queued" }.to_string(),
        review_visibility: reviews.key().to_string(),
        now: super::now(),
    };
    Ok(store.create_import_job(&new).await?)
}

/// How a job is cut into steps: progress is saved after each, so a crash
/// repeats at most one step (landing a row twice changes nothing).
#[derive(Debug, Clone, Copy)]
pub struct Steps {
    /// Rows landed in one transaction. A thousand keeps the commits few (each
    /// rewrites the index pages it touched) while a step stays well under a second.
    pub rows: usize,
    /// Steps to run before returning, finished or not.
    pub max: usize,
}

impl Steps {
    pub const ALL: Steps = Steps {
        rows: 1000,
        max: usize::MAX,
    };
}

/// Runs a job from where it stands, saving progress after each step;
/// `progress(done, total)` hears of every step.
pub async fn run_job(
    store: &Store,
    job: &ImportJob,
    steps: Steps,
    mut progress: impl FnMut(i64, i64),
) -> ActionResult<ImportSummary> {
    let reader = store
        .user_by_id(job.user_id)
        .await?
        .ok_or(ActionError::NotFound("reader"))?;
    let format = Format::parse(&job.format)
        .ok_or_else(|| ActionError::Internal(format!("unknown import format {}", job.format)))?;
    let file = store
        .import_file(job.id)
        .await?
        .ok_or(ActionError::NotFound("import"))?;
    let parsed = parse(format, file).await?;
    let mut failed: Vec<(u64, String)> = serde_json::from_str(&job.failed).unwrap_or_default();
    let mut tally = ImportTally::from_stored(&job.tally);
    let unreadable = parsed.failed.len() as i64;
    let (mut done, mut imported, mut created) =
        (job.done.max(unreadable), job.imported, job.books_created);
    let mut batches = 0;
    let mut finished = job.state == "done";
    while !finished && batches < steps.max {
        let start = (done - unreadable) as usize;
        let step: Vec<&Entry> = parsed
            .entries
            .iter()
            .skip(start)
            .take(steps.rows.max(1))
            .collect();
        let mut ready = Vec::with_capacity(step.len());
        let mut cut = Vec::new();
        for entry in &step {
            match prepare(&reader, entry, &job.review_visibility) {
                Ok((landing, notes)) => {
                    ready.push(landing);
                    cut.extend(notes.into_iter().map(|n| (entry.line, n)));
                }
                Err(ActionError::Invalid(invalid)) => {
                    failed.push((entry.line, invalid.to_string()))
                }
                Err(e) => return Err(e),
            }
        }
        // One transaction for the whole step: fast, and a crash repeats at most this step.
        let shelves_before = store.own_shelves(reader.id).await?;
        for (landing, (_, new_book)) in ready.iter().zip(store.land(reader.id, &ready).await?) {
            imported += 1;
            created += i64::from(new_book);
            tally.count(landing);
        }
        tally.note_new_shelves(&shelves_before, &store.own_shelves(reader.id).await?);
        // A step run again after a crash notes its rows once.
        for note in cut {
            if !tally.cut.contains(&note) {
                tally.cut.push(note);
            }
        }
        done += step.len() as i64;
        finished = (done - unreadable) as usize >= parsed.entries.len();
        failed.sort_by_key(|(line, _)| *line);
        failed.dedup();
        let failed_json =
            serde_json::to_string(&failed).map_err(|e| ActionError::Internal(e.to_string()))?;
        let tally_json =
            serde_json::to_string(&tally).map_err(|e| ActionError::Internal(e.to_string()))?;
        store
            .save_import_progress(
                job.id,
                &ImportProgress {
                    done,
                    imported,
                    books_created: created,
                    failed: failed_json,
                    tally: tally_json,
                    finished,
                },
                super::now(),
            )
            .await?;
        progress(done, job.total);
        batches += 1;
    }
    Ok(ImportSummary {
        format: format.name(),
        rows: job.total as usize,
        imported: imported as usize,
        books_created: created as usize,
        failed,
        tally,
    })
}

/// The most authors a catalogue book lists.
const CATALOGUE_AUTHORS: usize = crate::domain::text::AUTHORS_MAX;

/// Makes a row ready to land: the book it names (validated, for creating
/// when the catalogue lacks it) and everything the reader said of it, with
/// a note of each thing left out or shortened on the way.
fn prepare(
    reader: &User,
    entry: &Entry,
    review_visibility: &str,
) -> ActionResult<(Landing, Vec<String>)> {
    let mut notes = entry.notes.clone();
    // Anthologies list dozens of contributors; the first ones name the book,
    // and the file's full list stays in the reader's details.
    let authors: Vec<String> = entry
        .authors
        .iter()
        .take(CATALOGUE_AUTHORS)
        .cloned()
        .collect();
    if entry.authors.len() > CATALOGUE_AUTHORS {
        notes.push(format!(
            "{} authors: the catalogue lists the first {CATALOGUE_AUTHORS}; your copy keeps them all, and exports write them all",
            entry.authors.len()
        ));
    }
    let pages = entry.pages.filter(|p| (1..=100_000).contains(p));
    if let (Some(p), None) = (entry.pages, pages) {
        notes.push(format!(
            "{p} pages is not 1 to 100000: the page count was left out"
        ));
    }
    let year = entry.year.filter(|y| (-3000..=2100).contains(y));
    if let (Some(y), None) = (entry.year, year) {
        notes.push(format!(
            "the year {y} is not -3000 to 2100: it was left out"
        ));
    }
    let input = BookInput {
        title: entry.title.clone(),
        authors,
        isbn13: entry.isbn13.clone(),
        isbn10: entry.isbn10.clone(),
        pages,
        year,
        ..BookInput::default()
    };
    let book = books::validate(&input, Some(reader.id), super::now())?;
    let first_author_key = book
        .authors
        .first()
        .map(|a| search::author_key(a))
        .unwrap_or_default();
    let at = entry.added.as_ref().map_or_else(super::now, dates::to_unix);
    let details = if entry.details.is_empty() {
        None
    } else {
        serde_json::to_string(&entry.details.iter().collect::<BTreeMap<_, _>>()).ok()
    };
    // Only rows that carry notes, copies or other columns need the details
    // written; a status alone puts the book on the shelves with its date.
    let plain = entry.private_notes.is_none()
        && entry.owned_copies.is_none()
        && details.is_none()
        && entry.status.is_some();
    let details = (!plain).then(|| ReaderDetails {
        added_at: at,
        private_notes: entry.private_notes.clone(),
        owned_copies: entry.owned_copies,
        details,
    });
    // Custom exclusive shelves ("did-not-finish") are kept as statuses of the reader's own.
    let status = entry
        .status
        .as_ref()
        .map(|s| shelf::exclusive_slug(s).unwrap_or_else(|| s.clone()));
    let mut shelves: Vec<ShelfRef> = Vec::new();
    for name in &entry.shelves {
        match ShelfName::parse(name) {
            Ok(shelf) if !shelves.iter().any(|s| s.slug == shelf.slug) => shelves.push(ShelfRef {
                name: shelf.name,
                slug: shelf.slug,
            }),
            Ok(_) => {}
            Err(e) => notes.push(format!("the shelf \"{name}\" was left out: {e}")),
        }
    }
    for (s, f) in &entry.reads {
        if let Err(e) = dates::check_order(s.as_ref(), f.as_ref()) {
            notes.push(format!("a reading was left out: {e}"));
        }
    }
    let reads = entry
        .reads
        .iter()
        .filter(|(s, f)| dates::check_order(s.as_ref(), f.as_ref()).is_ok())
        .map(|(s, f)| {
            (
                s.as_ref().map(ReadDate::stored),
                f.as_ref().map(ReadDate::stored),
            )
        })
        .collect();
    let review = match &entry.review {
        Some(body) => {
            let body = crate::domain::text::body("review", body, crate::domain::text::REVIEW_MAX)?;
            Some(LandedReview {
                body_html: crate::domain::markdown::render(&body),
                body,
                spoiler: entry.spoiler,
                recommended_for: entry.recommended_for.clone(),
                visibility: review_visibility.to_string(),
            })
        }
        None => None,
    };
    let landing = Landing {
        book,
        first_author_key,
        at,
        details,
        status,
        shelves,
        rating: entry.rating,
        reads,
        review,
    };
    Ok((landing, notes))
}

/// One of the reader's own import jobs; anyone else's is not found.
pub async fn job(store: &Store, reader: &User, id: i64) -> ActionResult<ImportJob> {
    store
        .import_job(id)
        .await?
        .filter(|j| j.user_id == reader.id)
        .ok_or(ActionError::NotFound("import"))
}
