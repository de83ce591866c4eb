//! The HTML front door: pages that work without JavaScript, plain forms and redirects.

pub mod forms;
pub mod headers;
pub mod pages;
pub mod routes;
pub mod session;
pub mod view;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::AppState;
use crate::auth::csrf::CsrfToken;
use crate::error::ActionError;
use crate::store::User;
pub use session::{SignedIn, Viewer};

/// What every page's frame needs: who is reading, and the token forms carry.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub viewer: Option<User>,
    pub csrf: String,
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
        Ok(Frame { viewer, csrf })
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
    heading: String,
    message: String,
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
        let (heading, message) = match &error {
            ActionError::NotFound(what) => (
                "Not found".to_string(),
                format!(
                    "There is no such {what} here. It may have been removed, or the link may be mistyped."
                ),
            ),
            ActionError::Invalid(invalid) => (
                "That didn't work".to_string(),
                format!(
                    "{}: {}. Go back, correct it and try again.",
                    invalid.field.replace('_', " "),
                    invalid.message
                ),
            ),
            ActionError::RateLimited { retry_after } => (
                "Slow down".to_string(),
                format!(
                    "You have done that as often as the site allows for now. Nothing was saved; \
                     try again in {}.",
                    crate::domain::dates::wait_words(*retry_after)
                ),
            ),
            ActionError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (
                    "Something went wrong".to_string(),
                    "Something broke on our side; nothing you did. Please try again in a moment."
                        .to_string(),
                )
            }
            other => ("That didn't work".to_string(), other.to_string()),
        };
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = ErrorPage {
            frame: Frame::default(),
            heading,
            message,
        }
        .into_response();
        *response.status_mut() = status;
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

pub type PageResult<T> = Result<T, PageError>;

/// Where to go after a form: the page the form named, if it is one of ours.
pub fn back_to(back: Option<&str>, fallback: &str) -> Redirect {
    Redirect::to(
        back.and_then(crate::domain::text::local_path)
            .unwrap_or(fallback),
    )
}
