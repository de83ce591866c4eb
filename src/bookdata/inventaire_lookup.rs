//! Requests to Inventaire: an edition by ISBN, a work by URI, the labels of
//! its authors and genres (in one request), a search by words, an image.

use serde_json::Value;

use super::inventaire;
use super::openlibrary::{Edition, Hit, Work};
use super::{Connector, LookupError, MAX_AUTHORS, MAX_IMAGE, MAX_JSON, Record, Service};

/// Genres and subjects whose labels are asked for, beside the authors.
const MAX_KINDS: usize = 8;

fn garbled() -> LookupError {
    super::garbled_from(Service::Inventaire)
}

impl Connector<'_> {
    async fn inventaire_json(&self, path: &str) -> Result<Value, LookupError> {
        let url = format!("{}{path}", self.sources.inventaire);
        let body = self
            .get_from(Service::Inventaire, &url, "application/json", MAX_JSON)
            .await?;
        serde_json::from_slice(&body).map_err(|_| garbled())
    }

    /// The entities with these URIs, in one `by-uris` request.
    async fn entities(&self, uris: &[String]) -> Result<Value, LookupError> {
        let joined = uris.join("|");
        let q: String = url::form_urlencoded::byte_serialize(joined.as_bytes()).collect();
        self.inventaire_json(&format!("/api/entities?action=by-uris&uris={q}"))
            .await
    }

    /// The book with this ISBN-13 on Inventaire, with its work and authors.
    pub async fn inventaire_by_isbn(&self, isbn13: &str) -> Result<Record, LookupError> {
        let uri = format!("isbn:{isbn13}");
        let found = self.entities(std::slice::from_ref(&uri)).await?;
        found.get("entities").ok_or_else(garbled)?;
        let entity = inventaire::entity(&found, &uri).ok_or(LookupError::NotFound)?;
        let edition = inventaire::edition(entity).ok_or_else(garbled)?;
        let image = inventaire::image(entity);
        self.inventaire_complete(Some(edition), image).await
    }

    /// The book an Inventaire candidate named: an edition's `isbn:` URI, or
    /// a work's URI alone (added without an edition: Inventaire lists a
    /// work's editions only through a further query).
    pub async fn inventaire_by_uris(
        &self,
        work: Option<&str>,
        edition: Option<&str>,
    ) -> Result<Record, LookupError> {
        if let Some(isbn) = edition
            .and_then(inventaire::uri)
            .and_then(|u| u.strip_prefix("isbn:").map(str::to_string))
        {
            return self.inventaire_by_isbn(&isbn).await;
        }
        let Some(work) = work.and_then(inventaire::uri) else {
            return Err(LookupError::NotFound);
        };
        let (work, kinds, image) = self.inventaire_work(&work).await?;
        self.inventaire_names(None, work, kinds, image).await
    }

    async fn inventaire_work(
        &self,
        uri: &str,
    ) -> Result<(Work, Vec<String>, Option<String>), LookupError> {
        let found = self.entities(&[uri.to_string()]).await?;
        found.get("entities").ok_or_else(garbled)?;
        let entity = inventaire::entity(&found, uri).ok_or(LookupError::NotFound)?;
        let (work, kinds) = inventaire::work(entity).ok_or_else(garbled)?;
        Ok((work, kinds, inventaire::image(entity)))
    }

    async fn inventaire_complete(
        &self,
        edition: Option<Edition>,
        image: Option<String>,
    ) -> Result<Record, LookupError> {
        let Some(work_uri) = edition.as_ref().and_then(|e| e.work.clone()) else {
            // An edition with no work: its own title, and no author to name.
            return Ok(Record {
                service: Service::Inventaire,
                edition,
                work: None,
                authors: Vec::new(),
                image,
            });
        };
        match self.inventaire_work(&work_uri).await {
            Ok((work, kinds, work_image)) => {
                self.inventaire_names(edition, work, kinds, image.or(work_image))
                    .await
            }
            Err(LookupError::NotFound) => Ok(Record {
                service: Service::Inventaire,
                edition,
                work: None,
                authors: Vec::new(),
                image,
            }),
            Err(e) => Err(e),
        }
    }

    /// Names the work's authors, and its genres and subjects (kept as its
    /// subjects), from their labels.
    async fn inventaire_names(
        &self,
        edition: Option<Edition>,
        mut work: Work,
        kinds: Vec<String>,
        image: Option<String>,
    ) -> Result<Record, LookupError> {
        let authors: Vec<String> = work.authors.iter().take(MAX_AUTHORS).cloned().collect();
        let kinds: Vec<String> = kinds.into_iter().take(MAX_KINDS).collect();
        let mut wanted = authors.clone();
        wanted.extend(kinds.iter().cloned());
        let mut named = Vec::new();
        if !wanted.is_empty() {
            let found = self.entities(&wanted).await?;
            found.get("entities").ok_or_else(garbled)?;
            named = authors
                .iter()
                .filter_map(|uri| inventaire::author(uri, inventaire::entity(&found, uri)?))
                .collect();
            work.subjects = kinds
                .iter()
                .filter_map(|uri| inventaire::label(inventaire::entity(&found, uri)?))
                .collect();
        }
        Ok(Record {
            service: Service::Inventaire,
            edition,
            work: Some(work),
            authors: named,
            image,
        })
    }

    /// Works matching the words on Inventaire, best first.
    pub async fn inventaire_search(&self, words: &str) -> Result<Vec<Hit>, LookupError> {
        let q: String = url::form_urlencoded::byte_serialize(words.as_bytes()).collect();
        let found = self
            .inventaire_json(&format!(
                "/api/search?types=works&search={q}&lang=en&limit=10"
            ))
            .await;
        match found {
            Ok(v) => inventaire::search(&v).ok_or_else(garbled),
            Err(LookupError::NotFound) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// An image Inventaire keeps, by its path there.
    pub async fn inventaire_image(&self, path: &str) -> Result<Vec<u8>, LookupError> {
        if !path.starts_with("/img/") {
            return Err(LookupError::NotFound);
        }
        let url = format!("{}{path}", self.sources.inventaire);
        self.get_from(Service::Inventaire, &url, "image/*", MAX_IMAGE)
            .await
    }
}
