//! Bringing a library in from another site, and taking it away again.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::actions::exports::{self, Layout};
use crate::actions::imports::{self, ImportSummary, ImportTally};
use crate::actions::social;
use crate::auth::csrf::{self, CsrfToken};
use crate::domain::privacy::Visibility;
use crate::error::ActionError;
use crate::import::Format;
use crate::store::User;
use crate::web::forms::PathId;
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/import.html")]
pub struct ImportPage {
    frame: Frame,
    summary: Option<ImportSummary>,
    /// Why the upload was refused: the field ("file", "format", ...) and the sentence.
    error: Option<(&'static str, String)>,
    /// Every format the importer reads, as (value, label).
    formats: Vec<(&'static str, &'static str)>,
    /// The reader's profile visibility, and the choices as (key, label).
    visibility: String,
    choices: Vec<(&'static str, &'static str)>,
}

impl ImportPage {
    fn new(frame: Frame, user: &User) -> Self {
        ImportPage {
            frame,
            summary: None,
            error: None,
            formats: OFFERED.iter().map(|f| (f.name(), label(*f))).collect(),
            visibility: user.visibility.clone(),
            choices: [Visibility::Public, Visibility::Friends, Visibility::Private]
                .iter()
                .map(|v| (v.key(), v.label()))
                .collect(),
        }
    }
}

/// The formats the form offers, in the order readers look for them.
const OFFERED: [Format; 9] = [
    Format::Goodreads,
    Format::StoryGraph,
    Format::LibraryThing,
    Format::BookWyrm,
    Format::BookWyrmJson,
    Format::Calibre,
    Format::Openreads,
    Format::OpenLibrary,
    Format::Generic,
];

/// A format as the form names it; a match, so a new format cannot be left unnamed.
fn label(format: Format) -> &'static str {
    match format {
        Format::Goodreads => "Goodreads (either CSV layout)",
        Format::StoryGraph => "The StoryGraph (CSV)",
        Format::LibraryThing => "LibraryThing (tab-delimited)",
        Format::BookWyrm => "BookWyrm (CSV)",
        Format::BookWyrmJson => "BookWyrm account export (JSON)",
        Format::Calibre => "Calibre catalogue (CSV)",
        Format::Openreads => "Openreads (CSV)",
        Format::OpenLibrary => "Open Library reading log (CSV)",
        Format::Generic => "Another CSV with title and author columns",
    }
}

pub async fn form(frame: Frame, SignedIn(user): SignedIn) -> ImportPage {
    ImportPage::new(frame, &user)
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

/// What the form sent besides the token.
struct Upload {
    file: Vec<u8>,
    format: Option<Format>,
    /// Who sees the reader's library from now on; None: leave it as it is.
    visibility: Option<String>,
    review_visibility: String,
}

/// Reads the upload: the CSRF token, the format (or "detect"), the privacy
/// choices, and the file.
async fn upload(mut multipart: Multipart, expected: &str) -> Result<Upload, ActionError> {
    let (mut token, mut format, mut file) = (String::new(), Ok(None), None);
    let (mut visibility, mut review_visibility) = (None, String::new());
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        match field.name().unwrap_or_default() {
            "csrf" => token = field.text().await.unwrap_or_default(),
            "format" => {
                let name = field.text().await.unwrap_or_default();
                format = match name.trim() {
                    "" | "detect" => Ok(None),
                    given => Format::parse(given).map(Some).ok_or(()),
                };
            }
            "visibility" => visibility = Some(field.text().await.unwrap_or_default()),
            "review_visibility" => review_visibility = field.text().await.unwrap_or_default(),
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
    let format =
        format.map_err(|()| ActionError::invalid("format", "choose one of the formats listed"))?;
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| ActionError::invalid("file", "choose the export file to upload"))?;
    Ok(Upload {
        file,
        format,
        visibility,
        review_visibility,
    })
}

/// Queues the upload as a job and shows its progress page; the privacy
/// chosen on the form is the reader's profile setting from now on, and the
/// imported reviews are shared as chosen.
pub async fn import(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    token: axum::Extension<CsrfToken>,
    multipart: Multipart,
) -> PageResult<Response> {
    let store = state.store.as_ref();
    let outcome = async {
        let sent = upload(multipart, &token.0.0).await?;
        let reviews = imports::review_visibility(&sent.review_visibility)?;
        let visibility = match sent.visibility.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) => Some(Visibility::parse(v).ok_or_else(|| {
                ActionError::invalid("visibility", "choose everyone, friends only or only me")
            })?),
        };
        let id = imports::queue_with(store, &user, &sent.file, sent.format, false, reviews).await?;
        if let Some(v) = visibility.filter(|v| v.key() != user.visibility) {
            social::set_profile(store, &user, v.key(), user.bio.as_deref()).await?;
        }
        Ok::<i64, ActionError>(id)
    }
    .await;
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("/import/jobs/{id}")).into_response()),
        Err(ActionError::Invalid(invalid)) => {
            let mut page = ImportPage::new(frame, &user);
            page.error = Some((invalid.field, invalid.sentence()));
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/import_job.html")]
pub struct JobPage {
    frame: Frame,
    /// The format's name ("storygraph"), and where the file came from ("The StoryGraph").
    format: String,
    source: String,
    done: i64,
    total: i64,
    /// The bar's end (rows, at least 1: a bar cannot end at 0) and the
    /// share done, 0 to 100, for browsers that draw no bar.
    bar_max: i64,
    percent: i64,
    finished: bool,
    imported: i64,
    books_created: i64,
    failed: Vec<(u64, String)>,
    tally: ImportTally,
    /// Who sees the reviews it brought: "everyone" or "friends only".
    reviews_for: &'static str,
    /// Who sees the reader's library (their profile setting).
    library_for: &'static str,
}

/// A job's progress; until it is done the page reloads itself (a meta
/// refresh, which needs no JavaScript). Done, it says what arrived and what
/// was skipped.
pub async fn job(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<JobPage> {
    let job = imports::job(state.store.as_ref(), &user, id).await?;
    let percent = if job.total > 0 {
        (job.done * 100 / job.total).clamp(0, 100)
    } else {
        100
    };
    Ok(JobPage {
        frame,
        source: source_of(&job.format).to_string(),
        format: job.format,
        done: job.done,
        total: job.total,
        bar_max: job.total.max(1),
        percent,
        finished: job.state == "done",
        imported: job.imported,
        books_created: job.books_created,
        failed: serde_json::from_str(&job.failed).unwrap_or_default(),
        tally: ImportTally::from_stored(&job.tally),
        reviews_for: Visibility::stored(&job.review_visibility).label(),
        library_for: Visibility::stored(&user.visibility).label(),
    })
}

/// Where a job's file came from, for its heading ("Imported from ...").
fn source_of(name: &str) -> &str {
    match Format::parse(name) {
        Some(Format::Goodreads) => "Goodreads",
        Some(Format::StoryGraph) => "The StoryGraph",
        Some(Format::LibraryThing) => "LibraryThing",
        Some(Format::BookWyrm | Format::BookWyrmJson) => "BookWyrm",
        Some(Format::Calibre) => "Calibre",
        Some(Format::Openreads) => "Openreads",
        Some(Format::OpenLibrary) => "Open Library",
        Some(Format::Generic) => "a CSV file",
        None => name,
    }
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

/// The reader's library as a download in one of the other sites' layouts.
async fn export_as(state: &AppState, user: &User, layout: Layout) -> PageResult<Response> {
    let text = exports::export(state.store.as_ref(), user, layout).await?;
    Ok(download(
        text,
        layout.content_type(),
        &format!("dogear-{}-{}", user.username, layout.file_name()),
    ))
}

pub async fn export_goodreads(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> PageResult<Response> {
    export_as(&state, &user, Layout::Goodreads).await
}

pub async fn export_storygraph(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> PageResult<Response> {
    export_as(&state, &user, Layout::StoryGraph).await
}

pub async fn export_bookwyrm(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> PageResult<Response> {
    export_as(&state, &user, Layout::BookWyrm).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_offers_every_format_once_by_the_name_the_importer_reads() {
        for format in OFFERED {
            assert_eq!(Format::parse(format.name()), Some(format));
            assert!(!label(format).is_empty());
        }
        let mut names: Vec<&str> = OFFERED.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OFFERED.len());
        assert_eq!(source_of("storygraph"), "The StoryGraph");
        assert_eq!(source_of("unknown"), "unknown");
    }
}
