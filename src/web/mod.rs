//! The HTML front door: pages that work without JavaScript, plain forms and redirects.

pub mod forms;
pub mod headers;
pub mod pages;
pub mod routes;
pub mod session;
pub mod shelving;
pub mod view;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::auth::csrf::CsrfToken;
use crate::error::ActionError;
use crate::store::User;
pub use session::{SignedIn, Viewer};

/// What every page's frame needs: who is reading, the token forms carry, and
/// a word about what the last form did (`?notice=flagged`).
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub viewer: Option<User>,
    pub csrf: String,
    pub notice: Option<&'static str>,
}

/// The notices a redirect may ask a page to show, by their code in `?notice=`.
/// Only these fixed words are ever shown, so a link cannot make a page say
/// anything else.
pub fn notice_words(code: &str) -> Option<&'static str> {
    match code {
        "flagged" => Some("Thank you: your flag was received. A moderator will look at it soon."),
        "review-deleted" => Some("Your review was deleted."),
        "comment-deleted" => Some("The comment was deleted."),
        "blocked" => Some("Blocked. Neither of you sees the other's reviews and comments now."),
        "suggested" => Some("Thank you: the list's owner will see your suggestion and may add it."),
        "list-deleted" => Some("The list was deleted."),
        "email-sent" => Some("Check your mail: a link to confirm is on its way."),
        "email-removed" => Some("Your email address is removed."),
        "mail-saved" => Some("Your mail choices are saved."),
        "password-reset" => Some("Your new password is set; every other browser is signed out."),
        "joined" => Some("Welcome: you are a member of the group now."),
        "requested" => Some("Asked: the group's moderators will see your request."),
        _ => None,
    }
}

/// `path` (which may hold a query and a `#fragment`) asking its page to show
/// the notice `code`.
pub fn with_notice(path: &str, code: &str) -> String {
    let (before, fragment) = match path.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (path, None),
    };
    let joint = if before.contains('?') { '&' } else { '?' };
    match fragment {
        Some(fragment) => format!("{before}{joint}notice={code}#{fragment}"),
        None => format!("{before}{joint}notice={code}"),
    }
}

impl Frame {
    pub fn viewer_name(&self) -> Option<&str> {
        self.viewer.as_ref().map(|v| v.username.as_str())
    }
}

impl FromRequestParts<AppState> for Frame {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Viewer(viewer) = Viewer::from_request_parts(parts, state).await?;
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let notice = parts.uri.query().and_then(|query| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix("notice="))
                .and_then(notice_words)
        });
        Ok(Frame {
            viewer,
            csrf,
            notice,
        })
    }
}

/// An action's failure, shown as a page that says what happened and what to do.
#[derive(Debug)]
pub struct PageError(pub ActionError);

impl From<ActionError> for PageError {
    fn from(e: ActionError) -> Self {
        PageError(e)
    }
}

impl From<crate::domain::Invalid> for PageError {
    fn from(e: crate::domain::Invalid) -> Self {
        PageError(e.into())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/error.html")]
struct ErrorPage {
    frame: Frame,
    failure: Failure,
    /// The page the reader came from, to go back to and try again.
    back: Option<String>,
}

/// What a failed request tells the reader. It rides on the response so that
/// [`framed_errors`] can draw the page again in the reader's own frame: the
/// failing handler may not have asked who is reading.
#[derive(Debug, Clone)]
struct Failure {
    heading: String,
    message: String,
    /// The form field the message is about, for a script to show it beside.
    field: Option<&'static str>,
    /// What to do about it, when there is something.
    hint: Option<&'static str>,
}

/// An error in the words a reader is shown: a sentence, without the field
/// names the code uses, and nothing of what broke inside.
pub fn reader_message(error: &ActionError) -> String {
    match error {
        ActionError::Invalid(invalid) => invalid.sentence(),
        ActionError::Internal(_) => {
            "Something broke on our side; nothing you did. Please try again in a moment.".into()
        }
        other => crate::domain::sentence(&other.to_string()),
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let error = self.0;
        if let ActionError::Unauthorized = error {
            return Redirect::to("/signin").into_response();
        }
        if let ActionError::Moved { to } = &error {
            return Redirect::permanent(&format!("/{to}")).into_response();
        }
        let failed = |heading: &str, message: String| Failure {
            heading: heading.to_string(),
            message,
            field: None,
            hint: None,
        };
        let failure = match &error {
            ActionError::NotFound(what) => failed(
                "Not found",
                format!(
                    "There is no such {what} here. It may have been removed, or the link may be mistyped."
                ),
            ),
            ActionError::Invalid(invalid) => Failure {
                field: Some(invalid.field),
                hint: Some("Go back, correct it and try again."),
                ..failed("That didn't work", invalid.sentence())
            },
            ActionError::Conflict { field, .. } => Failure {
                field: Some(field),
                ..failed("That didn't work", reader_message(&error))
            },
            ActionError::RateLimited { retry_after } => failed(
                "Slow down",
                format!(
                    "You have done that as often as the site allows for now. Nothing was saved; \
                     try again in {}.",
                    crate::domain::dates::wait_words(*retry_after)
                ),
            ),
            ActionError::StoreUnavailable(_) | ActionError::StorageFull(_) => {
                failed("Try again shortly", error.to_string())
            }
            ActionError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                failed("Something went wrong", reader_message(&error))
            }
            other => failed("That didn't work", reader_message(other)),
        };
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = ErrorPage {
            frame: Frame::default(),
            failure: failure.clone(),
            back: None,
        }
        .into_response();
        *response.status_mut() = status;
        response.extensions_mut().insert(failure);
        if let ActionError::RateLimited { retry_after } = error
            && let Ok(v) = retry_after.to_string().parse()
        {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, v);
        }
        response
    }
}

/// Draws every error page of the HTML front door again in the frame of the
/// reader who met it (their name and menu, not the signed-out header), with a
/// way back to the page they came from.
pub async fn framed_errors(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let mut kept = HeaderMap::new();
    for name in [header::COOKIE, header::REFERER, header::HOST] {
        for value in request.headers().get_all(&name) {
            kept.append(name.clone(), value.clone());
        }
    }
    let csrf = request.extensions().get::<CsrfToken>().cloned();
    let mut response = next.run(request).await;
    let Some(failure) = response.extensions_mut().remove::<Failure>() else {
        return response;
    };
    let back = same_site_referer(&kept);
    let (mut parts, ()) = axum::http::Request::new(()).into_parts();
    parts.headers = kept;
    if let Some(csrf) = csrf {
        parts.extensions.insert(csrf);
    }
    let frame = Frame::from_request_parts(&mut parts, &state)
        .await
        .unwrap_or_default();
    let page = ErrorPage {
        frame,
        failure,
        back,
    };
    if let Ok(html) = page.render() {
        response.headers_mut().remove(header::CONTENT_LENGTH);
        *response.body_mut() = axum::body::Body::from(html);
    }
    response
}

/// The path of the page that linked or posted here, if it is one of ours.
fn same_site_referer(headers: &HeaderMap) -> Option<String> {
    let referer: axum::http::Uri = headers.get(header::REFERER)?.to_str().ok()?.parse().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    if referer.authority()?.as_str() != host {
        return None;
    }
    let path = referer.path_and_query()?.as_str();
    crate::domain::text::local_path(path).map(str::to_string)
}

pub type PageResult<T> = Result<T, PageError>;

/// Where to go after a form: the page the form named, if it is one of ours.
/// The reader a page's path names, or the reader-not-found page.
pub async fn reader_named(state: &AppState, name: &str) -> PageResult<User> {
    Ok(state
        .store
        .user_by_username(&crate::domain::username::key(name))
        .await
        .map_err(ActionError::from)?
        .ok_or(ActionError::NotFound("reader"))?)
}

pub fn back_to(back: Option<&str>, fallback: &str) -> Redirect {
    Redirect::to(
        back.and_then(crate::domain::text::local_path)
            .unwrap_or(fallback),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_goes_before_the_fragment() {
        assert_eq!(
            with_notice("/books/1", "flagged"),
            "/books/1?notice=flagged"
        );
        assert_eq!(
            with_notice("/reviews/1?page=2#message-51", "flagged"),
            "/reviews/1?page=2&notice=flagged#message-51"
        );
        assert_eq!(
            with_notice("/reviews/1#top", "flagged"),
            "/reviews/1?notice=flagged#top"
        );
    }

    #[test]
    fn only_known_notices_have_words() {
        assert!(notice_words("flagged").is_some());
        assert_eq!(notice_words("<script>"), None);
    }
}
