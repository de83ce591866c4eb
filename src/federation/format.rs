//! How documents go out: their times and the answer that carries them.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::ACTIVITY_JSON;

/// An RFC 3339 time, as ActivityPub's `published` carries it.
pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// An ActivityPub document as a response.
pub fn activity_response(doc: &Value) -> Response {
    (
        [
            (header::CONTENT_TYPE, ACTIVITY_JSON),
            (header::VARY, "Accept"),
        ],
        doc.to_string(),
    )
        .into_response()
}
