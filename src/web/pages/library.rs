//! Bringing a library in from another site, and taking it away again.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::actions::exports;
use crate::actions::imports::{self, ImportSummary};
use crate::auth::csrf::{self, CsrfToken};
use crate::error::ActionError;
use crate::import::Format;
use crate::web::forms::PathId;
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/import.html")]
pub struct ImportPage {
    frame: Frame,
    summary: Option<ImportSummary>,
    error: Option<String>,
}

pub async fn form(frame: Frame, SignedIn(_): SignedIn) -> ImportPage {
    ImportPage {
        frame,
        summary: None,
        error: None,
    }
}

/// The largest export accepted from the page: years of a big library.
const MAX_FILE: usize = 20 * 1024 * 1024;
/// The request around it: the file, the token and the multipart framing.
pub const MAX_UPLOAD: usize = MAX_FILE + 64 * 1024;

/// A body over the limit is "too large"; anything else broke off on the way.
fn upload_error(e: axum::extract::multipart::MultipartError) -> ActionError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ActionError::TooLarge("the file is larger than 20 MB".into())
    } else {
        ActionError::invalid("file", format!("the upload broke off: {e}"))
    }
}

/// Reads the upload: the CSRF token, the format (or "detect"), and the file.
async fn upload(
    mut multipart: Multipart,
    expected: &str,
) -> Result<(Vec<u8>, Option<Format>), ActionError> {
    let (mut token, mut format, mut file) = (String::new(), None, None);
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        match field.name().unwrap_or_default() {
            "csrf" => token = field.text().await.unwrap_or_default(),
            "format" => format = Format::parse(&field.text().await.unwrap_or_default()),
            "file" => {
                let bytes = field.bytes().await.map_err(upload_error)?;
                if bytes.len() > MAX_FILE {
                    return Err(ActionError::TooLarge(
                        "the file is larger than 20 MB".into(),
                    ));
                }
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    if !csrf::matches(expected, &token) {
        return Err(ActionError::Forbidden(
            "This form had expired or did not come from this site. Reload the page and try again."
                .into(),
        ));
    }
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| ActionError::invalid("file", "choose the export file to upload"))?;
    Ok((file, format))
}

/// Queues the upload as a job and shows its progress page.
pub async fn import(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    token: axum::Extension<CsrfToken>,
    multipart: Multipart,
) -> PageResult<Response> {
    let outcome = match upload(multipart, &token.0.0).await {
        Ok((bytes, format)) => {
            imports::queue(state.store.as_ref(), &user, &bytes, format, false).await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("/import/jobs/{id}")).into_response()),
        Err(ActionError::Invalid(invalid)) => {
            let page = ImportPage {
                frame,
                summary: None,
                error: Some(invalid.sentence()),
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/import_job.html")]
pub struct JobPage {
    frame: Frame,
    format: String,
    done: i64,
    total: i64,
    finished: bool,
    imported: i64,
    books_created: i64,
    failed: Vec<(u64, String)>,
}

/// A job's progress; until it is done the page reloads itself (a meta
/// refresh, which needs no JavaScript).
pub async fn job(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<JobPage> {
    let job = imports::job(state.store.as_ref(), &user, id).await?;
    Ok(JobPage {
        frame,
        format: job.format,
        done: job.done,
        total: job.total,
        finished: job.state == "done",
        imported: job.imported,
        books_created: job.books_created,
        failed: serde_json::from_str(&job.failed).unwrap_or_default(),
    })
}

fn download(body: String, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn export_goodreads(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> PageResult<Response> {
    let csv = exports::goodreads_csv(state.store.as_ref(), &user).await?;
    Ok(download(
        csv,
        "text/csv; charset=utf-8",
        &format!("dogear-{}-goodreads.csv", user.username),
    ))
}

pub async fn export_json(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> PageResult<Response> {
    let json = exports::json(state.store.as_ref(), &user).await?;
    Ok(download(
        json,
        "application/json",
        &format!("dogear-{}.json", user.username),
    ))
}
