//! Looking a book up on Open Library ("Add a book" by ISBN, "not here? search
//! Open Library" from search), and adding the one the reader picks.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::bookdata::{self, Candidate};
use crate::bookdata::{Connector, Sources};
use crate::error::ActionError;
use crate::web::forms::CsrfForm;
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/book_lookup.html")]
pub struct LookupPage {
    frame: Frame,
    q: String,
    /// Whether a lookup ran (the page also shows just the form).
    looked: bool,
    isbn13: Option<String>,
    candidates: Vec<Candidate>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct LookupQuery {
    q: Option<String>,
}

fn reader_error(frame: Frame, q: String, e: ActionError) -> PageResult<Response> {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_GATEWAY);
    match e {
        ActionError::Invalid(_)
        | ActionError::Unavailable(_)
        | ActionError::NotFound(_)
        | ActionError::RateLimited { .. } => Ok((
            status,
            LookupPage {
                frame,
                q,
                looked: false,
                isbn13: None,
                candidates: Vec::new(),
                error: Some(crate::web::reader_message(&e)),
            },
        )
            .into_response()),
        other => Err(other.into()),
    }
}

pub async fn lookup(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    Query(query): Query<LookupQuery>,
) -> PageResult<Response> {
    let q = query.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Ok(LookupPage {
            frame,
            q,
            looked: false,
            isbn13: None,
            candidates: Vec::new(),
            error: None,
        }
        .into_response());
    }
    let sources = Sources::from_settings(&state.settings);
    let connector = Connector {
        outbound: state.outbound.as_ref(),
        sources: &sources,
    };
    match bookdata::look_up(state.store.as_ref(), &connector, &user, &q).await {
        Ok(found) => Ok(LookupPage {
            frame,
            q,
            looked: true,
            isbn13: found.isbn13,
            candidates: found.candidates,
            error: None,
        }
        .into_response()),
        Err(e) => reader_error(frame, q, e),
    }
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    work: String,
    #[serde(default)]
    edition: String,
    /// The lookup the choice came from, to show again if adding fails.
    #[serde(default)]
    q: String,
}

pub async fn add(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<AddForm>,
) -> PageResult<Response> {
    let sources = Sources::from_settings(&state.settings);
    let connector = Connector {
        outbound: state.outbound.as_ref(),
        sources: &sources,
    };
    let per_hour = i64::from(state.settings.books_per_hour);
    let added = bookdata::add(
        state.store.as_ref(),
        &connector,
        &user,
        Some(&form.work),
        Some(&form.edition),
        per_hour,
    )
    .await;
    match added {
        Ok((book, _)) => Ok(Redirect::to(&format!("/books/{}", book.id)).into_response()),
        Err(e) => reader_error(frame, form.q, e),
    }
}
