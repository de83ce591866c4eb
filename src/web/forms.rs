//! Form posts: every one carries the CSRF token, checked before anything else.

use axum::extract::{Form, FromRequest, Request};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::PageError;
use crate::AppState;
use crate::auth::csrf::{self, CsrfToken};
use crate::error::ActionError;

#[derive(Deserialize)]
struct Submitted<T> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    fields: T,
}

/// The token this browser's cookies sign to (empty without one).
fn expected_token(request: &Request) -> String {
    request
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

fn refused() -> PageError {
    PageError(ActionError::Forbidden(
        "This form had expired or did not come from this site. Go back, reload the page and try again.".into(),
    ))
}

/// A form whose CSRF token matched the browser's cookie. Fields should be
/// strings (or optional strings): the actions and domain types parse them and
/// say what is wrong in the reader's words.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = expected_token(&request);
        let Form(submitted) = Form::<Submitted<T>>::from_request(request, state)
            .await
            .map_err(|e| PageError(ActionError::invalid("form", e.body_text())))?;
        if expected.is_empty() || !csrf::matches(&expected, &submitted.csrf) {
            return Err(refused());
        }
        Ok(CsrfForm(submitted.fields))
    }
}

/// A form whose fields may repeat (a row of checkboxes of one name), as its
/// name and value pairs in order, once its CSRF token matched.
pub struct CsrfPairs(pub Vec<(String, String)>);

impl CsrfPairs {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl FromRequest<AppState> for CsrfPairs {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = expected_token(&request);
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|e| PageError(ActionError::invalid("form", e.body_text())))?;
        let pairs = CsrfPairs(pairs);
        if expected.is_empty() || !csrf::matches(&expected, pairs.get("csrf").unwrap_or("")) {
            return Err(refused());
        }
        Ok(pairs)
    }
}

/// Many forms send a page to come back to, and nothing else.
#[derive(Debug, Deserialize)]
pub struct BackForm {
    pub back: Option<String>,
}

/// A checkbox is sent as any value when ticked and not at all otherwise.
pub fn ticked(value: &Option<String>) -> bool {
    value
        .as_deref()
        .is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Text fields left empty mean "not given".
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A numeric id from the path; anything else names no page here: 404.
pub struct PathId(pub i64);

impl axum::extract::FromRequestParts<AppState> for PathId {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let not_found = || PageError(ActionError::NotFound("page"));
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| not_found())?;
        raw.parse().map(PathId).map_err(|_| not_found())
    }
}

/// Two numeric ids from the path (`/books/{id}/covers/{n}/...`); anything
/// else names no page here: 404.
pub struct PathIds(pub i64, pub i64);

impl axum::extract::FromRequestParts<AppState> for PathIds {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let not_found = || PageError(ActionError::NotFound("page"));
        let axum::extract::Path((a, b)) =
            axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
                .await
                .map_err(|_| not_found())?;
        match (a.parse(), b.parse()) {
            (Ok(a), Ok(b)) => Ok(PathIds(a, b)),
            _ => Err(not_found()),
        }
    }
}
