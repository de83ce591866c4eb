//! The extractors that tell who is reading: by session cookie.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::PageError;
use crate::AppState;
use crate::auth::cookies::{self, Cookie};
use crate::auth::secret;
use crate::error::ActionError;
use crate::store::User;

/// The signed-in reader, if any. Looked up once per request and kept in the
/// request's extensions for any later extractor.
#[derive(Debug, Clone)]
pub struct Viewer(pub Option<User>);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(viewer) = parts.extensions.get::<Viewer>() {
            return Ok(viewer.clone());
        }
        let user = match cookies::get(
            &parts.headers,
            Cookie::Session,
            state.settings.secure_cookies,
        ) {
            Some(token) if secret::well_formed(token) => state
                .store
                .session_user(&secret::digest(token), crate::actions::now())
                .await
                .map_err(|e| PageError(e.into()))?
                .filter(|u| !u.suspended),
            _ => None,
        };
        let viewer = Viewer(user);
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

/// A reader who must be signed in; others are sent to sign in.
#[derive(Debug, Clone)]
pub struct SignedIn(pub User);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Viewer::from_request_parts(parts, state)
            .await?
            .0
            .map(SignedIn)
            .ok_or(PageError(ActionError::Unauthorized))
    }
}
