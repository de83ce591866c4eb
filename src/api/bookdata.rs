//! `/bookdata`: looking a book up on Open Library (or Inventaire) by ISBN
//! or words, and adding the candidate the caller chose to the catalogue.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::extract::ApiQuery;
use super::json::BookJson;
use super::{ApiCaller, ApiJson, ApiResult, Problem};
use crate::AppState;
use crate::actions::bookdata::{self, Candidate};
use crate::bookdata::openlibrary::{self, Kind};
use crate::bookdata::{Connector, Sources};
use crate::bookdata::{Service, inventaire};
use crate::domain::isbn::{Isbn10, Isbn13};
use crate::error::ActionError;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// An ISBN-13 or ISBN-10, dashes and spaces allowed.
    isbn: Option<String>,
    /// Words of a title or an author's name (or an ISBN).
    q: Option<String>,
}

/// A book Open Library offers.
#[derive(Serialize, ToSchema)]
pub struct CandidateJson {
    /// Where the candidate comes from: `openlibrary`, or `inventaire` when
    /// Open Library had nothing.
    source: &'static str,
    /// Its work: an Open Library key (`OL…W`) or an Inventaire URI (`wd:Q…`).
    work: Option<String>,
    /// Its edition: an Open Library key (`OL…M`) or an Inventaire URI (`isbn:…`).
    edition: Option<String>,
    title: String,
    authors: Vec<String>,
    year: Option<i64>,
    isbn13: Option<String>,
    publisher: Option<String>,
    has_cover: bool,
    /// The catalogue's book made from the same work, edition or ISBN: adding
    /// this candidate gives that book back.
    book_id: Option<i64>,
}

impl From<Candidate> for CandidateJson {
    fn from(c: Candidate) -> Self {
        let key = c.offer.edition.as_deref().or(c.offer.work.as_deref());
        CandidateJson {
            source: match Service::of_key(key.unwrap_or_default()) {
                Service::OpenLibrary => "openlibrary",
                Service::Inventaire => "inventaire",
            },
            work: c.offer.work,
            edition: c.offer.edition,
            title: c.offer.title,
            authors: c.offer.authors,
            year: c.offer.year,
            isbn13: c.offer.isbn13,
            publisher: c.offer.publisher,
            has_cover: c.offer.has_cover,
            book_id: c.known,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LookupJson {
    /// The ISBN-13 the lookup was read as, if it was one.
    isbn13: Option<String>,
    /// Best first; empty when Open Library found nothing.
    candidates: Vec<CandidateJson>,
}

/// The ISBN-13 of an `isbn` parameter, or a problem naming it.
fn isbn13_of(raw: &str) -> Result<String, ActionError> {
    let thirteen =
        Isbn13::parse(raw).or_else(|e| Isbn10::parse(raw).map(|t| t.to_isbn13()).map_err(|_| e));
    match thirteen {
        Ok(isbn) => Ok(isbn.as_str().to_string()),
        Err(_) => Err(ActionError::invalid(
            "isbn",
            "not a valid ISBN: give the 13 or 10 digits on the back of the book",
        )),
    }
}

fn connector_for(state: &AppState) -> Sources {
    Sources::from_settings(&state.settings)
}

#[utoipa::path(get, path = "/bookdata/lookup", summary = "Look a book up on Open Library by ISBN or words", description = "Nothing is written. Give `isbn` or `q`, not both. A candidate already in the catalogue carries its `book_id`. 502: Open Library did not answer in time, answered with an error, or sent an answer that could not be read; the `detail` says which.", tag = "books", security(("bearer" = [])), params(LookupQuery), responses((status = 200, description = "the candidates, best first", body = LookupJson), (status = 502, description = "Open Library could not be used just now", body = Problem, content_type = "application/problem+json")))]
pub async fn lookup(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(query): ApiQuery<LookupQuery>,
) -> ApiResult<Json<LookupJson>> {
    let words = match (query.isbn.as_deref(), query.q.as_deref()) {
        (Some(isbn), None) => isbn13_of(isbn)?,
        (None, Some(q)) => q.to_string(),
        (Some(_), Some(_)) => {
            return Err(ActionError::invalid("q", "give isbn or q, not both").into());
        }
        (None, None) => {
            return Err(
                ActionError::invalid("q", "give an isbn, or a title and author as q").into(),
            );
        }
    };
    let sources = connector_for(&state);
    let connector = Connector {
        outbound: state.outbound.as_ref(),
        sources: &sources,
    };
    let found = bookdata::look_up(state.store.as_ref(), &connector, &user, &words).await?;
    Ok(Json(LookupJson {
        isbn13: found.isbn13,
        candidates: found
            .candidates
            .into_iter()
            .map(CandidateJson::from)
            .collect(),
    }))
}

/// The candidate to add, by the keys a lookup gave.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddJson {
    /// The candidate's `edition` (`OL…M`, or Inventaire's `isbn:…`); taken
    /// first when both are given.
    edition: Option<String>,
    /// The candidate's `work` (`OL…W`, or Inventaire's `wd:Q…`): alone, its
    /// Open Library edition with an ISBN is added (an Inventaire work is
    /// added without an edition).
    work: Option<String>,
}

/// A key the caller sent, checked as Open Library's (or as an Inventaire URI
/// of the same kind) before it nears a URL.
fn checked_key(
    raw: Option<&str>,
    kind: Kind,
    field: &'static str,
) -> Result<Option<String>, ActionError> {
    let Some(raw) = raw.map(str::trim).filter(|k| !k.is_empty()) else {
        return Ok(None);
    };
    let (example, uri) = match kind {
        Kind::Edition => ("OL22951843M or isbn:9780375757853", "isbn:"),
        _ => ("OL15832982W or wd:Q2362563", ""),
    };
    let inventaire = inventaire::uri(raw)
        .filter(|u| u.starts_with("isbn:") == (kind == Kind::Edition) && u.starts_with(uri));
    inventaire
        .or_else(|| openlibrary::key(raw, kind))
        .map(Some)
        .ok_or_else(|| ActionError::invalid(field, format!("not a key like {example}")))
}

#[utoipa::path(post, path = "/bookdata/add", summary = "Add the book an Open Library lookup offered", description = "Open Library is asked again for the edition, its work and authors, and the cover; everything is in hand before anything is written, so a failure writes nothing. Adding a book made before from the same work, edition or ISBN gives that book back with 200. Subjects become genres; the Open Library keys are kept on the book, its edition and its authors.", tag = "books", security(("bearer" = [])), request_body = AddJson, responses((status = 201, description = "the new book", body = BookJson), (status = 200, description = "the book made before from the same work, edition or ISBN", body = BookJson), (status = 502, description = "Open Library could not be used just now", body = Problem, content_type = "application/problem+json")))]
pub async fn add(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<AddJson>,
) -> ApiResult<(StatusCode, Json<BookJson>)> {
    let edition = checked_key(body.edition.as_deref(), Kind::Edition, "edition")?;
    let work = checked_key(body.work.as_deref(), Kind::Work, "work")?;
    if edition.is_none() && work.is_none() {
        return Err(ActionError::invalid(
            "edition",
            "name the Open Library edition (or work) to add, as a lookup gave it",
        )
        .into());
    }
    let sources = connector_for(&state);
    let connector = Connector {
        outbound: state.outbound.as_ref(),
        sources: &sources,
    };
    let (book, is_new) = bookdata::add(
        state.store.as_ref(),
        &connector,
        &user,
        work.as_deref(),
        edition.as_deref(),
        i64::from(state.settings.books_per_hour),
    )
    .await?;
    let status = if is_new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(BookJson::from(&book))))
}
