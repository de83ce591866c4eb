//! Cover images, served for ever under addresses that change with the cover,
//! and the upload form's handler.

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::actions::covers;
use crate::auth::csrf::{self, CsrfToken};
use crate::domain::cover::MAX_UPLOAD_BYTES;
use crate::error::ActionError;
use crate::web::forms::PathId;
use crate::web::{PageResult, SignedIn};

/// The upload and the multipart framing around it.
pub const MAX_REQUEST: usize = MAX_UPLOAD_BYTES + 64 * 1024;

const FOREVER: &str = "public, max-age=31536000, immutable";

/// `/covers/{id}/{size}-{digest}.jpg`, or `/covers/{id}/placeholder.svg`.
pub async fn serve(
    State(state): State<AppState>,
    Path((id, file)): Path<(i64, String)>,
) -> PageResult<Response> {
    let store = state.store.as_ref();
    if file == "placeholder.svg" {
        let svg = covers::placeholder(store, id).await?;
        return Ok((
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                // The title may change; a day is plenty.
                (header::CACHE_CONTROL, "public, max-age=86400"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'",
                ),
            ],
            svg,
        )
            .into_response());
    }
    let Some((size, digest)) = file
        .strip_suffix(".jpg")
        .and_then(|stem| stem.split_once('-'))
    else {
        return Err(ActionError::NotFound("cover").into());
    };
    let (current, bytes) = covers::image(store, id, size).await?;
    if current != digest {
        // An older cover's address: send the reader to the current one.
        return Ok(Redirect::to(&format!("/covers/{id}/{size}-{current}.jpg")).into_response());
    }
    let mut response = (
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, FOREVER),
        ],
        bytes,
    )
        .into_response();
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

fn upload_error(e: axum::extract::multipart::MultipartError) -> ActionError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ActionError::TooLarge(format!(
            "the image is larger than {} MB",
            MAX_UPLOAD_BYTES / (1024 * 1024)
        ))
    } else {
        ActionError::invalid("cover", format!("the upload broke off: {e}"))
    }
}

/// Reads an image form: its CSRF token and the file in field `name`.
pub async fn read_image(
    mut multipart: Multipart,
    expected_token: &str,
    name: &str,
) -> Result<Vec<u8>, ActionError> {
    let (mut sent_token, mut image) = (String::new(), None);
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        let field_name = field.name().unwrap_or_default().to_string();
        if field_name == "csrf" {
            sent_token = field.text().await.unwrap_or_default();
        } else if field_name == name {
            image = Some(field.bytes().await.map_err(upload_error)?.to_vec());
        }
    }
    if !csrf::matches(expected_token, &sent_token) {
        return Err(ActionError::Forbidden(
            "This form had expired or did not come from this site. Reload the page and try again."
                .into(),
        ));
    }
    Ok(image.unwrap_or_default())
}

/// The cover form: a CSRF token and the image.
pub async fn upload(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    token: axum::Extension<CsrfToken>,
    multipart: Multipart,
) -> PageResult<Redirect> {
    let image = read_image(multipart, &token.0.0, "cover").await?;
    covers::set_cover(state.store.as_ref(), &user, id, image).await?;
    Ok(Redirect::to(&format!("/books/{id}")))
}
