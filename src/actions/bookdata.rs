//! Books from Open Library (and Inventaire, when Open Library has nothing):
//! looking one up by ISBN or words, adding the one a reader chose (with its
//! cover), and filling in missing covers.

use crate::bookdata::openlibrary::Hit;
use crate::bookdata::{Connector, LookupError, Record, Service};
use crate::domain::{isbn, text};
use crate::error::{ActionError, ActionResult};
use crate::store::{Book, BookDataKeys, KeySource, Made, Store, User};

use super::books::{BookInput, validate};

/// A book Open Library or Inventaire offers, as the reader chooses among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub offer: Hit,
    /// The catalogue's book made from the same work, edition or ISBN.
    pub known: Option<i64>,
}

/// What a lookup found, and what was asked.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub candidates: Vec<Candidate>,
    /// The ISBN-13 the query was read as, if it was one.
    pub isbn13: Option<String>,
}

impl From<LookupError> for ActionError {
    fn from(e: LookupError) -> Self {
        match e {
            LookupError::NotFound => ActionError::NotFound("book on Open Library"),
            LookupError::Unavailable(message) => ActionError::Unavailable(message),
        }
    }
}

fn offer(record: &Record) -> Hit {
    let edition = record.edition.as_ref();
    Hit {
        work: record.work_key(),
        edition: edition.map(|e| e.key.clone()),
        title: record.title(),
        authors: record.authors.iter().map(|a| a.name.clone()).collect(),
        year: record.year(),
        isbn13: edition.and_then(|e| e.isbn13.clone()),
        publisher: edition.and_then(|e| e.publishers.first().cloned()),
        has_cover: !record.covers().is_empty() || record.image.is_some(),
    }
}

/// Looks the words up: an ISBN (either form, dashes or not) as that edition,
/// anything else as a title/author search; on Inventaire when Open Library
/// has nothing. Nothing is written.
pub async fn look_up(
    store: &Store,
    connector: &Connector<'_>,
    user: &User,
    query: &str,
) -> ActionResult<Lookup> {
    super::may_write(user)?;
    let query = query.trim();
    if query.is_empty() {
        return Err(ActionError::invalid(
            "q",
            "type an ISBN, or a title and author",
        ));
    }
    if query.chars().count() > 200 {
        return Err(ActionError::invalid("q", "look up at most 200 characters"));
    }
    let mut found = Lookup::default();
    let offers = if let Some(isbn) = isbn::search_key(query) {
        found.isbn13 = Some(isbn.as_str().to_string());
        let record = match connector.by_isbn(isbn.as_str()).await {
            Err(LookupError::NotFound) => connector.inventaire_by_isbn(isbn.as_str()).await,
            found => found,
        };
        match record {
            Ok(record) => vec![offer(&record)],
            Err(LookupError::NotFound) => Vec::new(),
            Err(e) => return Err(e.into()),
        }
    } else {
        let hits = connector.search(query).await?;
        if hits.is_empty() {
            connector.inventaire_search(query).await?
        } else {
            hits
        }
    };
    for offer in offers {
        let known = store
            .known_open_library_book(
                offer.work.as_deref(),
                offer.edition.as_deref(),
                offer.isbn13.as_deref(),
            )
            .await?;
        found.candidates.push(Candidate { offer, known });
    }
    // The ISBN may be catalogued already without Open Library's keys.
    if let (Some(isbn), Some(first)) = (&found.isbn13, found.candidates.first_mut())
        && first.known.is_none()
    {
        first.known = store.book_by_isbn13(isbn).await?;
    }
    Ok(found)
}

/// The reader's new book from what Open Library holds, as one record.
fn book_input(record: &Record) -> ActionResult<BookInput> {
    let authors: Vec<String> = record.authors.iter().map(|a| a.name.clone()).collect();
    if authors.is_empty() {
        return Err(ActionError::invalid(
            "authors",
            format!(
                "{} names no author for this book: add it by hand",
                record.service.name()
            ),
        ));
    }
    let edition = record.edition.as_ref();
    let description = record
        .description()
        .map(|d| d.chars().take(text::DESCRIPTION_MAX).collect());
    Ok(BookInput {
        title: record.title().chars().take(text::TITLE_MAX).collect(),
        authors,
        isbn13: edition.and_then(|e| e.isbn13.clone()),
        isbn10: None,
        pages: edition.and_then(|e| e.pages),
        year: record.year(),
        description,
        series: None,
        series_position: None,
    })
}

/// Adds the book a lookup offered, named by its Open Library keys or its
/// Inventaire URIs (fetched again here: nothing the form sent is taken as
/// the book's data). Every
/// answer is in hand before anything is written; a book made from the same
/// work, edition or ISBN before is given back instead (false: not new).
pub async fn add(
    store: &Store,
    connector: &Connector<'_>,
    user: &User,
    work: Option<&str>,
    edition: Option<&str>,
    per_hour: i64,
) -> ActionResult<(Book, bool)> {
    super::may_write(user)?;
    let work = work.map(str::trim).filter(|k| !k.is_empty());
    let edition = edition.map(str::trim).filter(|k| !k.is_empty());
    if let Some(id) = store.known_open_library_book(work, edition, None).await? {
        return Ok((super::existing_book(store, id).await?, false));
    }
    super::hour_has_room(store, user, crate::store::Act::AddBook, per_hour).await?;
    let service = Service::of_key(edition.or(work).unwrap_or_default());
    let record = match service {
        Service::OpenLibrary => connector.by_keys(work, edition).await?,
        Service::Inventaire => connector.inventaire_by_uris(work, edition).await?,
    };
    let input = book_input(&record)?;
    let mut new = validate(&input, Some(user.id), super::now())?;
    new.language = record.edition.as_ref().and_then(|e| e.language.clone());
    let edition_record = record.edition.as_ref();
    let keys = BookDataKeys {
        source: match record.service {
            Service::OpenLibrary => KeySource::OpenLibrary,
            Service::Inventaire => KeySource::Inventaire,
        },
        work: record.work_key(),
        edition: edition_record.map(|e| e.key.clone()),
        authors: record
            .authors
            .iter()
            .map(|a| (a.name.clone(), a.key.clone()))
            .collect(),
        subjects: record.subjects(),
        publisher: edition_record.and_then(|e| e.publishers.first().cloned()),
        format: edition_record.and_then(|e| e.format.clone()),
    };
    let cover = match (record.covers().first(), &record.image, &new.isbn13) {
        (Some(id), _, _) => connector.cover(*id).await,
        (None, Some(path), _) => connector.inventaire_image(path).await,
        (None, None, Some(isbn)) => connector.cover_by_isbn(isbn).await,
        (None, None, None) => Err(LookupError::NotFound),
    };
    let made = store.add_from_open_library(&new, &keys, per_hour).await?;
    let (id, is_new) = match super::within_the_hour(made, new.now)? {
        Made::New(id) => (id, true),
        Made::Known(id) => (id, false),
    };
    if is_new {
        match cover {
            Ok(bytes) => {
                if let Err(e) = super::covers::keep_image(store, id, bytes, Some(user.id)).await {
                    tracing::warn!(book = id, error = %e, "Open Library's cover was refused");
                }
            }
            Err(e) => tracing::info!(book = id, error = %e, "no cover from the book's source"),
        }
    }
    Ok((super::existing_book(store, id).await?, is_new))
}

/// What the book's page shows of what Open Library gave: subjects, and the
/// publisher and format of the edition the book was made from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookData {
    pub subjects: Vec<String>,
    pub publisher: Option<String>,
    pub format: Option<String>,
    pub work: Option<String>,
    pub edition: Option<String>,
    /// The Inventaire work the book was made from.
    pub inventaire: Option<String>,
}

pub async fn book_data(store: &Store, book: &Book) -> ActionResult<BookData> {
    let (publisher, format, edition) = match &book.isbn13 {
        Some(isbn) => store
            .edition_details(book.id, isbn)
            .await?
            .unwrap_or_default(),
        None => Default::default(),
    };
    Ok(BookData {
        subjects: store.book_subjects(book.id).await?,
        publisher,
        format,
        work: store.ol_work_key(book.id).await?.flatten(),
        edition,
        inventaire: store.inventaire_uri(book.id).await?.flatten(),
    })
}

/// Failed looks for one book's cover before the job gives up on it.
pub const COVER_TRIES: i64 = 5;
/// The wait after the first failed look; it doubles with each one after.
pub const COVER_RETRY_SECONDS: i64 = 300;

/// What one round of the cover job did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CoverRound {
    pub found: usize,
    /// Open Library has no cover for the ISBN (or one the pipeline refused): not asked again.
    pub none: usize,
    /// No usable answer this time: asked again later, with backoff.
    pub failed: usize,
}

/// Looks for the covers of up to `limit` books that lack one, by ISBN,
/// waiting `pause` between requests. A cover found goes through the same
/// checks and re-encoding as an upload.
pub async fn fill_covers(
    store: &Store,
    connector: &Connector<'_>,
    limit: i64,
    pause: std::time::Duration,
) -> ActionResult<CoverRound> {
    let mut round = CoverRound::default();
    let wanting = store.books_wanting_covers(super::now(), limit).await?;
    for (i, (book_id, isbn13)) in wanting.iter().enumerate() {
        if i > 0 {
            tokio::time::sleep(pause).await;
        }
        let outcome = match connector.cover_by_isbn(isbn13).await {
            Ok(bytes) => match super::covers::keep_image(store, *book_id, bytes, None).await {
                Ok(()) => {
                    round.found += 1;
                    continue;
                }
                Err(ActionError::Invalid(e)) => Err(Some(format!("the image was refused: {e}"))),
                Err(ActionError::TooLarge(e)) => Err(Some(format!("the image was refused: {e}"))),
                Err(e) => return Err(e),
            },
            Err(LookupError::NotFound) => Err(Some("Open Library has no cover for it".into())),
            Err(LookupError::Unavailable(why)) => Ok(why),
        };
        let now = super::now();
        match outcome {
            Err(reason) => {
                round.none += 1;
                let tries = store.cover_tries(*book_id).await?.unwrap_or(0);
                store
                    .note_cover_fetch(*book_id, tries, now, true, reason.as_deref())
                    .await?;
            }
            Ok(why) => {
                round.failed += 1;
                let tries = store.cover_tries(*book_id).await?.unwrap_or(0) + 1;
                let wait = COVER_RETRY_SECONDS << (tries - 1).clamp(0, 16);
                let gave_up = tries >= COVER_TRIES;
                store
                    .note_cover_fetch(*book_id, tries, now + wait, gave_up, Some(&why))
                    .await?;
            }
        }
    }
    Ok(round)
}
