//! Joining, signing in and out.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::accounts::{self, Signup};
use crate::actions::registration::{self, JoinForm, Joined};
use crate::auth::client::ClientAddr;
use crate::auth::cookies::{self, Cookie};
use crate::error::ActionError;
use crate::web::forms::CsrfForm;
use crate::web::{Frame, PageResult};

#[derive(Template, WebTemplate, Default)]
#[template(path = "pages/signup.html")]
pub struct SignupPage {
    pub(super) frame: Frame,
    pub(super) error: Option<String>,
    pub(super) username: String,
    pub(super) display_name: String,
    /// The registration mode's name: what the form asks for and says.
    pub(super) mode: &'static str,
    /// The invitation code the link carried.
    pub(super) invite: String,
    pub(super) reason: String,
}

#[derive(Template, WebTemplate, Default)]
#[template(path = "pages/signin.html")]
pub struct SigninPage {
    frame: Frame,
    error: Option<String>,
    username: String,
}

pub async fn signup_form(State(state): State<AppState>, frame: Frame) -> SignupPage {
    SignupPage {
        frame,
        mode: state.settings.registration.name(),
        ..SignupPage::default()
    }
}

pub async fn signin_form(frame: Frame) -> SigninPage {
    SigninPage {
        frame,
        ..SigninPage::default()
    }
}

#[derive(Deserialize)]
pub struct SignupForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    display_name: Option<String>,
    invite: Option<String>,
    reason: Option<String>,
    /// The honeypot: people never see it.
    website: Option<String>,
}

#[derive(Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// Signs the reader in: the session cookie and a fresh CSRF cookie, then on to `to`.
pub(super) async fn with_session(
    state: &AppState,
    user: &crate::store::User,
    to: &str,
) -> PageResult<Response> {
    let token = accounts::start_session(state.store.as_ref(), user).await?;
    let max_age = crate::auth::SESSION_DAYS * 24 * 3600;
    let mut response = Redirect::to(to).into_response();
    cookies::set_session(
        response.headers_mut(),
        &token,
        max_age,
        state.settings.secure_cookies,
    );
    Ok(response)
}

/// Form mistakes come back as the same form, filled in, with the reason.
pub(super) fn form_error(e: ActionError) -> Result<String, ActionError> {
    match e {
        e
        @ (ActionError::Invalid(_) | ActionError::Conflict { .. } | ActionError::Forbidden(_)) => {
            Ok(crate::web::reader_message(&e))
        }
        other => Err(other),
    }
}

pub async fn signup(
    State(state): State<AppState>,
    frame: Frame,
    ClientAddr(addr): ClientAddr,
    CsrfForm(form): CsrfForm<SignupForm>,
) -> PageResult<Response> {
    state.sign_ins.check(None, addr, crate::actions::now())?;
    let page = |error: String| SignupPage {
        frame: frame.clone(),
        error: Some(error),
        username: form.username.clone(),
        display_name: form.display_name.clone().unwrap_or_default(),
        mode: state.settings.registration.name(),
        invite: form.invite.clone().unwrap_or_default(),
        reason: form.reason.clone().unwrap_or_default(),
    };
    let signup = Signup {
        username: form.username.clone(),
        password: form.password.clone(),
        display_name: form.display_name.clone(),
        appoint: crate::store::Appoint::sign_up(state.settings.first_sign_up_admin),
    };
    let join = JoinForm {
        invite: form.invite.as_deref(),
        reason: form.reason.as_deref(),
        honeypot: form.website.as_deref(),
    };
    let mode = state.settings.registration;
    match registration::join(state.store.as_ref(), mode, signup, join).await {
        Ok(Joined::Account(user)) => {
            with_session(&state, &user, &format!("/users/{}", user.username)).await
        }
        Ok(Joined::Requested) => Ok(Redirect::to("/signup/requested").into_response()),
        Err(e) => {
            let status = axum::http::StatusCode::from_u16(e.status()).unwrap_or_default();
            Ok((status, page(form_error(e)?)).into_response())
        }
    }
}

pub async fn signin(
    State(state): State<AppState>,
    frame: Frame,
    ClientAddr(addr): ClientAddr,
    CsrfForm(form): CsrfForm<SigninForm>,
) -> PageResult<Response> {
    let key = crate::domain::username::key(&form.username);
    state
        .sign_ins
        .check(Some(&key), addr, crate::actions::now())?;
    match accounts::check_password(state.store.as_ref(), &form.username, &form.password).await {
        Ok(user) => {
            state
                .sign_ins
                .succeeded(Some(&key), addr, crate::actions::now());
            with_session(&state, &user, "/").await
        }
        Err(e) => {
            let status = axum::http::StatusCode::from_u16(e.status()).unwrap_or_default();
            let page = SigninPage {
                frame,
                error: Some(form_error(e)?),
                username: form.username,
            };
            Ok((status, page).into_response())
        }
    }
}

pub async fn signout(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Response> {
    let secure = state.settings.secure_cookies;
    if let Some(token) = cookies::get(&headers, Cookie::Session, secure) {
        accounts::end_session(state.store.as_ref(), token).await?;
    }
    let mut response = Redirect::to("/").into_response();
    cookies::set_session(response.headers_mut(), "", 0, secure);
    Ok(response)
}
