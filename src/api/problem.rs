//! RFC 9457 problem details: what went wrong, a stable code, and the field at fault.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::ActionError;

/// One field at fault, by its path in the body (or its query parameter).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// An RFC 9457 problem: every error the API answers is one of these.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    retry_after: Option<u64>,
    /// Where a merged-away resource lives now (sent as `Location`).
    #[serde(skip)]
    location: Option<String>,
}

/// Seconds a client waits before trying again while the database is away.
pub const RETRY_DATABASE: u64 = 2;

fn title_of(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable content",
        429 => "Too many requests",
        502 => "Bad gateway",
        503 => "Service unavailable",
        507 => "Insufficient storage",
        _ => "Internal server error",
    }
}

impl Problem {
    pub fn new(status: u16, code: &'static str, detail: impl Into<String>) -> Self {
        Problem {
            kind: "about:blank",
            title: title_of(status),
            status,
            detail: detail.into(),
            code,
            errors: Vec::new(),
            retry_after: None,
            location: None,
        }
    }

    /// Input that could not be read at all: 400, naming the field when known.
    pub fn bad_input(field: Option<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut problem = Problem::new(400, "bad_request", message.clone());
        if let Some(field) = field {
            problem.errors.push(FieldError { field, message });
        }
        problem
    }
}

impl From<ActionError> for Problem {
    fn from(e: ActionError) -> Self {
        let mut problem = Problem::new(e.status(), e.code(), e.to_string());
        match e {
            ActionError::Invalid(invalid) => problem.errors.push(FieldError {
                field: invalid.field.to_string(),
                message: invalid.message,
            }),
            ActionError::Conflict { field, message } => problem.errors.push(FieldError {
                field: field.to_string(),
                message,
            }),
            ActionError::RateLimited { retry_after } => problem.retry_after = Some(retry_after),
            ActionError::StoreUnavailable(_) => problem.retry_after = Some(RETRY_DATABASE),
            ActionError::Moved { to } => problem.location = Some(format!("/api/v1/{to}")),
            ActionError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                problem.detail = "something went wrong on our side".into();
            }
            _ => {}
        }
        problem
    }
}

impl From<crate::domain::Invalid> for Problem {
    fn from(e: crate::domain::Invalid) -> Self {
        ActionError::from(e).into()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(location) = self.location.as_deref().and_then(|l| l.parse().ok()) {
            headers.insert(header::LOCATION, location);
        }
        response
    }
}

pub type ApiResult<T> = Result<T, Problem>;
