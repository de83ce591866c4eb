//! A reader's settings: profile, API tokens, password, sessions, leaving.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::accounts;
use crate::auth::cookies;
use crate::domain::access::Scope;
use crate::error::ActionError;
use crate::store::User;
use crate::web::forms::CsrfForm;
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/settings.html")]
pub struct SettingsPage {
    frame: Frame,
    error: Option<String>,
    visibility: String,
    bio: String,
    choices: Vec<(&'static str, &'static str)>,
    /// Id, name, scope, made, last used, expires.
    tokens: Vec<(i64, String, &'static str, String, String, String)>,
    /// What the last security action came to ("Your password is changed").
    notice: Option<String>,
    /// Why a password change was refused.
    password_error: Option<String>,
    /// A token just made: shown this once.
    new_token: Option<String>,
}

impl SettingsPage {
    fn new(frame: Frame, user: &User, error: Option<String>) -> Self {
        use crate::domain::privacy::Visibility;
        SettingsPage {
            frame,
            error,
            visibility: user.visibility.clone(),
            bio: user.bio.clone().unwrap_or_default(),
            choices: [Visibility::Public, Visibility::Friends, Visibility::Private]
                .iter()
                .map(|v| (v.key(), v.label()))
                .collect(),
            tokens: Vec::new(),
            new_token: None,
            notice: None,
            password_error: None,
        }
    }

    async fn with_tokens(mut self, state: &AppState, user: &User) -> PageResult<Self> {
        self.tokens = accounts::tokens(state.store.as_ref(), user)
            .await?
            .into_iter()
            .map(|t| {
                (
                    t.id,
                    t.name,
                    match Scope::from_stored(&t.scope) {
                        Scope::Read => "read only",
                        Scope::Write => "read and write",
                    },
                    crate::domain::dates::short_date(t.created_at),
                    t.last_used_at
                        .map_or("never".to_string(), crate::domain::dates::short_date),
                    t.expires_at
                        .map_or("never".to_string(), crate::domain::dates::short_date),
                )
            })
            .collect();
        Ok(self)
    }
}

pub async fn settings(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
) -> PageResult<SettingsPage> {
    SettingsPage::new(frame, &user, None)
        .with_tokens(&state, &user)
        .await
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    /// Days until it ends on its own; empty: until revoked.
    #[serde(default)]
    expires: String,
}

/// Makes a named API token and shows it, once.
pub async fn create_token(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> PageResult<SettingsPage> {
    // The form offers read-only first; a form without the choice gets that.
    let scope = match form.scope.trim() {
        "" => Scope::Read,
        given => Scope::parse(given).map_err(ActionError::from)?,
    };
    let expires = match form.expires.trim() {
        "" => None,
        days => Some(
            days.parse()
                .map_err(|_| ActionError::invalid("expires", "must be a number of days"))?,
        ),
    };
    let token =
        accounts::create_named_token(state.store.as_ref(), &user, &form.name, scope, expires)
            .await?;
    let mut page = SettingsPage::new(frame, &user, None)
        .with_tokens(&state, &user)
        .await?;
    page.new_token = Some(token);
    Ok(page)
}

pub async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    crate::web::forms::PathId(id): crate::web::forms::PathId,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Redirect> {
    accounts::revoke_token(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to("/settings#tokens"))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
}

/// Deletes the account once the password is given again.
pub async fn delete_account(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> PageResult<Response> {
    match accounts::delete_account(
        state.store.as_ref(),
        &user,
        accounts::Proof::Password(&form.password),
    )
    .await
    {
        Ok(()) => Ok(signed_out(&state, Redirect::to("/").into_response())),
        Err(ActionError::Invalid(_)) => {
            let page = SettingsPage::new(
                frame,
                &user,
                Some("That password is not right; your account is untouched.".into()),
            );
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// A new password: every other browser signed in as the reader is signed out.
pub async fn change_password(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> PageResult<Response> {
    let secure = state.settings.secure_cookies;
    let this_session = cookies::get(&headers, cookies::Cookie::Session, secure);
    let outcome = accounts::change_password(
        state.store.as_ref(),
        &user,
        &form.current_password,
        &form.new_password,
        this_session,
    )
    .await;
    let mut page = SettingsPage::new(frame, &user, None);
    let status = match outcome {
        Ok(()) => {
            page.notice =
                Some("Your password is changed; every other browser is signed out.".into());
            axum::http::StatusCode::OK
        }
        Err(ActionError::Invalid(i)) => {
            page.password_error = Some(match i.field {
                "new_password" => format!("The new password {}.", i.message),
                _ => "That is not your current password; nothing changed.".into(),
            });
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(e.into()),
    };
    let page = page.with_tokens(&state, &user).await?;
    Ok((status, page).into_response())
}

/// Signs the reader out of every browser, this one too.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Response> {
    accounts::sign_out_everywhere(state.store.as_ref(), &user).await?;
    Ok(signed_out(&state, Redirect::to("/signin").into_response()))
}

/// The response with the session cookie cleared (and a fresh CSRF cookie).
fn signed_out(state: &AppState, mut response: Response) -> Response {
    cookies::set_session(response.headers_mut(), "", 0, state.settings.secure_cookies);
    response
}
