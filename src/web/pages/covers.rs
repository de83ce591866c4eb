//! Cover images, served for ever under addresses that change with the cover,
//! the upload form's handler, and the moderators' cover history.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::actions::covers;
use crate::auth::csrf::{self, CsrfToken};
use crate::domain::cover::MAX_UPLOAD_BYTES;
use crate::domain::dates;
use crate::error::ActionError;
use crate::store::{COVERS_KEPT, UserRef};
use crate::web::forms::{BackForm, CsrfForm, PathId, PathIds};
use crate::web::{Frame, PageResult, SignedIn};

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

/// A cover in the history, as the moderators' page lists it.
pub struct CoverLine {
    id: i64,
    current: bool,
    uploaded_by: Option<UserRef>,
    uploaded_at: String,
    restored_by: Option<UserRef>,
    since: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/cover_history.html")]
pub struct CoverHistoryPage {
    frame: Frame,
    book_id: i64,
    title: String,
    kept: i64,
    covers: Vec<CoverLine>,
}

/// `GET /books/{id}/covers`: for moderators.
pub async fn history(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<CoverHistoryPage> {
    let (book, entries) = covers::history(state.store.as_ref(), &user, id).await?;
    let covers = entries
        .into_iter()
        .enumerate()
        .map(|(i, c)| CoverLine {
            id: c.id,
            current: i == 0,
            uploaded_by: c.uploaded_by,
            uploaded_at: dates::comment_time(c.uploaded_at),
            restored_by: c.restored_by,
            since: dates::comment_time(c.created_at),
        })
        .collect();
    Ok(CoverHistoryPage {
        frame,
        book_id: book.id,
        title: book.title,
        kept: COVERS_KEPT,
        covers,
    })
}

/// `GET /books/{id}/covers/{n}/image`: a cover of the history, for moderators
/// only, so it is never kept by a shared cache.
pub async fn history_image(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, n): PathIds,
) -> PageResult<Response> {
    let bytes = covers::history_image(state.store.as_ref(), &user, id, n, "medium").await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, no-cache"),
        ],
        bytes,
    )
        .into_response())
}

/// `POST /books/{id}/covers/{n}/restore`: puts that cover back.
pub async fn restore(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, n): PathIds,
    CsrfForm(_): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    covers::restore(state.store.as_ref(), &user, id, n).await?;
    Ok(Redirect::to(&format!("/books/{id}/covers")))
}
