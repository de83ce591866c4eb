//! Book data from Open Library, and from Inventaire when Open Library has
//! nothing: looking a book up by ISBN or words, gathering a chosen one's
//! edition, work and authors, fetching its cover; and reading Open Library's
//! dumps (`dump`). Every request goes through `Outbound`.

pub mod dump;
pub mod inventaire;
mod inventaire_lookup;
pub mod openlibrary;

use std::time::Duration;

use serde_json::Value;

use crate::outbound::{Outbound, OutboundError};
use openlibrary::{Author, Edition, Hit, Kind, Work};

/// The largest JSON answer read: a work's edition list runs to tens of kB.
const MAX_JSON: usize = 2 * 1024 * 1024;
/// The largest cover image read (the cover pipeline refuses bigger uploads too).
pub const MAX_IMAGE: usize = crate::domain::cover::MAX_UPLOAD_BYTES;
/// Authors looked up for one book; anthologies list dozens.
const MAX_AUTHORS: usize = 8;

/// Where the book-data services are, and how long one may take to answer.
#[derive(Debug, Clone)]
pub struct Sources {
    pub open_library: String,
    pub covers: String,
    pub inventaire: String,
    pub timeout: Duration,
}

impl Sources {
    pub fn from_settings(settings: &crate::config::Settings) -> Self {
        Sources {
            open_library: settings.open_library_url.trim_end_matches('/').to_string(),
            covers: settings
                .open_library_covers_url
                .trim_end_matches('/')
                .to_string(),
            inventaire: settings.inventaire_url.trim_end_matches('/').to_string(),
            timeout: Duration::from_secs(settings.book_data_timeout_seconds.max(1)),
        }
    }
}

/// Why a lookup found nothing to show, in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("Open Library has no such book")]
    NotFound,
    #[error("{0}")]
    Unavailable(String),
}

/// Which service a record or a key comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Service {
    #[default]
    OpenLibrary,
    Inventaire,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::OpenLibrary => "Open Library",
            Service::Inventaire => "Inventaire",
        }
    }

    /// The service whose key this is: Inventaire's URIs and Open Library's
    /// keys never take each other's form.
    pub fn of_key(key: &str) -> Service {
        if inventaire::is_uri(key) {
            Service::Inventaire
        } else {
            Service::OpenLibrary
        }
    }
}

/// Everything gathered about one book before anything is written.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub service: Service,
    pub edition: Option<Edition>,
    pub work: Option<Work>,
    pub authors: Vec<Author>,
    /// Inventaire's image of the edition or work, a path on its server.
    pub image: Option<String>,
}

impl Record {
    pub fn title(&self) -> String {
        match (&self.work, &self.edition) {
            (Some(w), _) => w.title.clone(),
            (None, Some(e)) => e.title.clone(),
            (None, None) => String::new(),
        }
    }

    pub fn description(&self) -> Option<String> {
        let work = self.work.as_ref().and_then(|w| w.description.clone());
        work.or_else(|| self.edition.as_ref().and_then(|e| e.description.clone()))
    }

    /// Subjects to file the book under: the work's, else the edition's.
    pub fn subjects(&self) -> Vec<String> {
        match (&self.work, &self.edition) {
            (Some(w), _) if !w.subjects.is_empty() => clean_subjects(&w.subjects),
            (_, Some(e)) => clean_subjects(&e.subjects),
            _ => Vec::new(),
        }
    }

    /// The year first published: the work's, else the edition's.
    pub fn year(&self) -> Option<i64> {
        let work = self.work.as_ref().and_then(|w| w.year);
        work.or_else(|| self.edition.as_ref().and_then(|e| e.year))
    }

    /// Cover ids, the edition's first.
    pub fn covers(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.edition.iter().flat_map(|e| e.covers.clone()).collect();
        ids.extend(self.work.iter().flat_map(|w| w.covers.clone()));
        ids
    }

    pub fn work_key(&self) -> Option<String> {
        let from_work = self.work.as_ref().map(|w| w.key.clone());
        from_work.or_else(|| self.edition.as_ref().and_then(|e| e.work.clone()))
    }
}

/// Subjects without trailing stops, repeats or the very long ones, twelve at most.
pub fn clean_subjects(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in raw {
        let s = s.trim().trim_end_matches('.').trim();
        if s.is_empty() || s.chars().count() > 80 {
            continue;
        }
        if !out.iter().any(|o| o.to_lowercase() == s.to_lowercase()) {
            out.push(s.to_string());
        }
        if out.len() == 12 {
            break;
        }
    }
    out
}

/// Requests to Open Library, each bounded by `Outbound` and the sources' timeout.
pub struct Connector<'a> {
    pub outbound: &'a Outbound,
    pub sources: &'a Sources,
}

fn unavailable(what: &str, e: &OutboundError) -> LookupError {
    LookupError::Unavailable(match e {
        OutboundError::Timeout => format!("{what} did not answer in time; try again in a moment"),
        OutboundError::TooLarge(_) => format!("{what} sent an answer too large to read"),
        other => format!("{what} could not be reached ({other}); try again later"),
    })
}

impl Connector<'_> {
    async fn get(&self, url: &str, accept: &str, max: usize) -> Result<Vec<u8>, LookupError> {
        self.get_from(Service::OpenLibrary, url, accept, max).await
    }

    async fn get_from(
        &self,
        service: Service,
        url: &str,
        accept: &str,
        max: usize,
    ) -> Result<Vec<u8>, LookupError> {
        let what = service.name();
        let fetched =
            tokio::time::timeout(self.sources.timeout, self.outbound.get(url, accept, max))
                .await
                .map_err(|_| unavailable(what, &OutboundError::Timeout))?
                .map_err(|e| unavailable(what, &e))?;
        match fetched.status {
            200..=299 => Ok(fetched.body),
            404 => Err(LookupError::NotFound),
            status => Err(LookupError::Unavailable(format!(
                "{what} answered with an error ({status}); try again later"
            ))),
        }
    }

    async fn json(&self, path: &str) -> Result<Value, LookupError> {
        let url = format!("{}{path}", self.sources.open_library);
        let body = self.get(&url, "application/json", MAX_JSON).await?;
        serde_json::from_slice(&body).map_err(|_| garbled())
    }

    /// The book with this ISBN-13, with its work and authors.
    pub async fn by_isbn(&self, isbn13: &str) -> Result<Record, LookupError> {
        let found = self.json(&format!("/isbn/{isbn13}.json")).await?;
        let edition = openlibrary::edition(&found).ok_or_else(garbled)?;
        self.complete(Some(edition), None).await
    }

    /// The book a search hit or an earlier lookup named: an edition key, or a
    /// work key alone (its edition with an ISBN is taken).
    pub async fn by_keys(
        &self,
        work: Option<&str>,
        edition: Option<&str>,
    ) -> Result<Record, LookupError> {
        if let Some(edition) = edition.and_then(|k| openlibrary::key(k, Kind::Edition)) {
            let found = self.json(&format!("/books/{edition}.json")).await?;
            let edition = openlibrary::edition(&found).ok_or_else(garbled)?;
            return self.complete(Some(edition), None).await;
        }
        let Some(work) = work.and_then(|k| openlibrary::key(k, Kind::Work)) else {
            return Err(LookupError::NotFound);
        };
        let found = self.json(&format!("/works/{work}.json")).await?;
        let work_record = openlibrary::work(&found).ok_or_else(garbled)?;
        let editions = self
            .json(&format!("/works/{work}/editions.json?limit=20"))
            .await;
        let edition = match editions {
            Ok(list) => openlibrary::first_edition(&list),
            Err(LookupError::NotFound) => None,
            Err(e) => return Err(e),
        };
        self.complete(edition, Some(work_record)).await
    }

    /// Fetches what the edition leaves out: its work and its authors' names.
    async fn complete(
        &self,
        edition: Option<Edition>,
        work: Option<Work>,
    ) -> Result<Record, LookupError> {
        let work = match (work, edition.as_ref().and_then(|e| e.work.clone())) {
            (Some(w), _) => Some(w),
            (None, Some(key)) => match self.json(&format!("/works/{key}.json")).await {
                Ok(found) => Some(openlibrary::work(&found).ok_or_else(garbled)?),
                Err(LookupError::NotFound) => None,
                Err(e) => return Err(e),
            },
            (None, None) => None,
        };
        let mut author_keys = edition
            .as_ref()
            .map(|e| e.authors.clone())
            .unwrap_or_default();
        if author_keys.is_empty() {
            author_keys = work.as_ref().map(|w| w.authors.clone()).unwrap_or_default();
        }
        let mut authors = Vec::new();
        for key in author_keys.iter().take(MAX_AUTHORS) {
            match self.json(&format!("/authors/{key}.json")).await {
                Ok(found) => authors.push(openlibrary::author(&found).ok_or_else(garbled)?),
                Err(LookupError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Record {
            service: Service::OpenLibrary,
            edition,
            work,
            authors,
            image: None,
        })
    }

    /// Books matching the words, best first.
    pub async fn search(&self, words: &str) -> Result<Vec<Hit>, LookupError> {
        let q: String = url::form_urlencoded::byte_serialize(words.as_bytes()).collect();
        let fields = "key,title,author_name,first_publish_year,isbn,publisher,cover_i,cover_edition_key,edition_key";
        let found = self
            .json(&format!("/search.json?q={q}&limit=10&fields={fields}"))
            .await?;
        openlibrary::search(&found).ok_or_else(garbled)
    }

    /// A cover image by Open Library's cover id.
    pub async fn cover(&self, id: i64) -> Result<Vec<u8>, LookupError> {
        let url = format!("{}/b/id/{id}-L.jpg", self.sources.covers);
        self.get(&url, "image/*", MAX_IMAGE).await
    }

    /// The cover Open Library has for an ISBN; NotFound when it has none
    /// (`default=false` asks for a 404 rather than a blank image).
    pub async fn cover_by_isbn(&self, isbn13: &str) -> Result<Vec<u8>, LookupError> {
        let url = format!(
            "{}/b/isbn/{isbn13}-L.jpg?default=false",
            self.sources.covers
        );
        self.get(&url, "image/*", MAX_IMAGE).await
    }
}

fn garbled() -> LookupError {
    garbled_from(Service::OpenLibrary)
}

fn garbled_from(service: Service) -> LookupError {
    LookupError::Unavailable(format!(
        "{} sent an answer that could not be read; try again later",
        service.name()
    ))
}
