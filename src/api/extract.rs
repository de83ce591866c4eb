//! Reading API requests: the JSON body and the bearer token.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::Method;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::Problem;
use super::limits::VerdictSlot;
use crate::AppState;
use crate::actions::accounts;
use crate::domain::access::Scope;
use crate::error::ActionError;
use crate::store::{TokenGrant, User};

/// A JSON body. Unreadable JSON is a 400 naming the field at fault; a body
/// over the limit is a 413.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        // A JSON body says so: a cross-site form can send text/plain without
        // asking first (no CORS preflight), and must not be taken for JSON.
        if !is_json(request.headers()) {
            return Err(Problem::new(
                415,
                "unsupported_media_type",
                "send the body as JSON, with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    413,
                    "too_large",
                    format!(
                        "the body is larger than {} bytes",
                        crate::config::BODY_LIMIT
                    ),
                )
            } else {
                Problem::bad_input(None, e.body_text())
            }
        })?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => Ok(ApiJson(value)),
            Err(e) => {
                let path = e.path().to_string();
                let field = (path != ".").then_some(path);
                let inner = e.into_inner();
                // A missing field has no path of its own: serde names it in the message.
                let field = field.or_else(|| missing_field(&inner.to_string()));
                Err(Problem::bad_input(field, inner.to_string()))
            }
        }
    }
}

/// A JSON body the call may also go without (no body, no Content-Type).
pub struct MaybeJson<T>(pub Option<T>);

impl<T: DeserializeOwned> FromRequest<AppState> for MaybeJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let headers = request.headers();
        let bodiless = !headers.contains_key(axum::http::header::CONTENT_TYPE)
            && headers
                .get(axum::http::header::CONTENT_LENGTH)
                .is_none_or(|length| length == "0");
        if bodiless {
            return Ok(MaybeJson(None));
        }
        let ApiJson(value) = ApiJson::from_request(request, state).await?;
        Ok(MaybeJson(Some(value)))
    }
}

fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next().map(str::to_string)
}

/// The reader whose bearer token came with the request.
pub struct ApiCaller(pub User);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ApiGrant(user, _) = ApiGrant::from_request_parts(parts, state).await?;
        Ok(ApiCaller(user))
    }
}

/// The caller and what their token is, for the calls that ask how it was made.
pub struct ApiGrant(pub User, pub TokenGrant);

impl FromRequestParts<AppState> for ApiGrant {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| {
                Problem::new(
                    401,
                    "unauthorized",
                    "send Authorization: Bearer TOKEN (from POST /api/v1/tokens)",
                )
            })?;
        let (user, grant) = accounts::token_user(state.store.as_ref(), token).await?;
        let verdict = state.limiter.take(grant.id, crate::actions::now());
        if let Some(slot) = parts.extensions.get::<VerdictSlot>() {
            slot.put(verdict);
        }
        if !verdict.allowed {
            return Err(ActionError::RateLimited {
                retry_after: verdict.reset.unsigned_abs(),
            }
            .into());
        }
        let changes = !matches!(parts.method, Method::GET | Method::HEAD);
        if !Scope::from_stored(&grant.scope).allows(changes) {
            return Err(Problem::new(
                403,
                "insufficient_scope",
                "this token may only read; make a read and write token in Settings",
            ));
        }
        Ok(ApiGrant(user, grant))
    }
}

/// The caller if a token came, for reads that anyone may make.
pub struct MaybeCaller(pub Option<User>);

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(AUTHORIZATION) {
            let ApiCaller(user) = ApiCaller::from_request_parts(parts, state).await?;
            Ok(MaybeCaller(Some(user)))
        } else {
            Ok(MaybeCaller(None))
        }
    }
}

/// A numeric id from the path; anything else names nothing here: 404.
pub struct PathId(pub i64);

impl FromRequestParts<AppState> for PathId {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| Problem::new(404, "not_found", "no such thing"))?;
        raw.parse()
            .map(PathId)
            .map_err(|_| Problem::new(404, "not_found", format!("{raw} is not an id")))
    }
}

/// Two numeric ids from the path (`/books/{id}/covers/{n}/...`); 404 otherwise.
pub struct PathIds(pub i64, pub i64);

impl FromRequestParts<AppState> for PathIds {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Path((a, b)) =
            axum::extract::Path::<(String, String)>::from_request_parts(parts, state)
                .await
                .map_err(|_| Problem::new(404, "not_found", "no such thing"))?;
        match (a.parse(), b.parse()) {
            (Ok(a), Ok(b)) => Ok(PathIds(a, b)),
            _ => Err(Problem::new(404, "not_found", "no such thing")),
        }
    }
}

/// Query parameters; ones that cannot be read are a 400 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| ApiQuery(q.0))
            .map_err(|e| {
                let text = e.body_text();
                let detail = text
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&text)
                    .to_string();
                Problem::bad_input(query_field(&detail), detail)
            })
    }
}

/// "page: number too large" names `page`.
fn query_field(detail: &str) -> Option<String> {
    let (field, _) = detail.split_once(": ")?;
    field
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then(|| field.to_string())
}
