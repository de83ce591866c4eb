//! A reader's settings: profile, notifications, appearance, time zone, API
//! tokens, password, sessions, their data, leaving.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::{accounts, notifications};
use crate::auth::cookies;
use crate::domain::access::Scope;
use crate::domain::preferences::Theme;
use crate::error::ActionError;
use crate::store::User;
use crate::web::forms::{CsrfForm, CsrfPairs};
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/settings.html")]
pub struct SettingsPage {
    frame: Frame,
    error: Option<String>,
    display_name: String,
    visibility: String,
    bio: String,
    /// Why the profile was not saved: the field and the sentence.
    profile_error: Option<(&'static str, String)>,
    /// Each kind of notification, and whether the reader gets it.
    kinds: Vec<notifications::KindChoice>,
    /// The theme chosen, and every choice as (key, label).
    theme: &'static str,
    themes: Vec<(&'static str, &'static str)>,
    /// What the last save in a section came to, by the section's anchor.
    saved: Option<(&'static str, &'static str)>,
    choices: Vec<(&'static str, &'static str)>,
    /// Id, name, scope, made, last used, expires.
    tokens: Vec<(i64, String, &'static str, String, String, String)>,
    /// What the last security action came to ("Your password is changed").
    notice: Option<String>,
    /// Why a password change was refused.
    password_error: Option<String>,
    /// A token just made: shown this once.
    new_token: Option<String>,
    /// The reader's time zone, and every zone to suggest.
    time_zone: String,
    zones: Vec<String>,
    /// The email section: the address, the mail asked for, whether mail goes out at all.
    email: crate::store::AccountEmail,
    mail: Vec<crate::actions::email::MailChoice>,
    mail_configured: bool,
    email_error: Option<String>,
}

impl SettingsPage {
    fn new(frame: Frame, user: &User, error: Option<String>) -> Self {
        use crate::domain::privacy::Visibility;
        SettingsPage {
            frame,
            error,
            display_name: user.display_name.clone(),
            visibility: user.visibility.clone(),
            bio: user.bio.clone().unwrap_or_default(),
            profile_error: None,
            kinds: Vec::new(),
            theme: Theme::from_stored(user.theme.as_deref()).key(),
            themes: Theme::ALL.iter().map(|t| (t.key(), t.label())).collect(),
            saved: None,
            choices: [Visibility::Public, Visibility::Friends, Visibility::Private]
                .iter()
                .map(|v| (v.key(), v.label()))
                .collect(),
            tokens: Vec::new(),
            new_token: None,
            notice: None,
            password_error: None,
            time_zone: "UTC".into(),
            zones: Vec::new(),
            email: Default::default(),
            mail: Vec::new(),
            mail_configured: false,
            email_error: None,
        }
    }

    /// Fills in what is kept apart from the account: its tokens, time zone
    /// and notification choices.
    async fn with_tokens(mut self, state: &AppState, user: &User) -> PageResult<Self> {
        self.kinds = notifications::preferences(state.store.as_ref(), user).await?;
        self.email = crate::actions::email::account_email(state.store.as_ref(), user).await?;
        self.mail = crate::actions::email::mail_choices(state.store.as_ref(), user).await?;
        self.mail_configured = state.mailer.configured();
        self.time_zone = crate::actions::goals::time_zone(state.store.as_ref(), user)
            .await?
            .name()
            .to_string();
        self.zones = crate::domain::zone::names();
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

/// The settings page again with the profile form as the reader sent it and
/// why it was refused beside the field (a 422).
pub async fn profile_refused(
    state: &AppState,
    frame: Frame,
    user: &User,
    sent: (&str, &str, &str),
    field: &'static str,
    message: String,
) -> PageResult<Response> {
    let (display_name, visibility, bio) = sent;
    let mut page = SettingsPage::new(frame, user, None)
        .with_tokens(state, user)
        .await?;
    page.display_name = display_name.to_string();
    page.visibility = visibility.to_string();
    page.bio = bio.to_string();
    page.profile_error = Some((field, message));
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The settings page again with why the email form was refused (a 422).
pub async fn email_refused(
    state: &AppState,
    frame: Frame,
    user: &User,
    e: ActionError,
) -> PageResult<Response> {
    let message = super::accounts::form_error(e)?;
    let mut page = SettingsPage::new(frame, user, None)
        .with_tokens(state, user)
        .await?;
    page.email_error = Some(message);
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Which kinds of notification the reader gets: the boxes ticked.
pub async fn set_notifications(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    form: CsrfPairs,
) -> PageResult<SettingsPage> {
    let wanted: Vec<&str> = form.all("kinds").collect();
    notifications::set_wanted(state.store.as_ref(), &user, &wanted).await?;
    let mut page = SettingsPage::new(frame, &user, None)
        .with_tokens(&state, &user)
        .await?;
    page.saved = Some(("notifications", "Your notification choices are saved."));
    Ok(page)
}

#[derive(Deserialize)]
pub struct ThemeForm {
    #[serde(default)]
    theme: String,
}

/// Light, dark or the device's: this very page already shows the choice.
pub async fn set_theme(
    State(state): State<AppState>,
    mut frame: Frame,
    SignedIn(mut user): SignedIn,
    CsrfForm(form): CsrfForm<ThemeForm>,
) -> PageResult<SettingsPage> {
    let theme = accounts::set_theme(state.store.as_ref(), &user, &form.theme).await?;
    user.theme = theme.stored().map(str::to_string);
    if let Some(viewer) = frame.viewer.as_mut() {
        viewer.theme = user.theme.clone();
    }
    let mut page = SettingsPage::new(frame, &user, None)
        .with_tokens(&state, &user)
        .await?;
    page.saved = Some(("appearance", "Your theme is saved."));
    Ok(page)
}

#[derive(Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// The reader's time zone: the day a book marked read counts on.
pub async fn set_time_zone(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<TimeZoneForm>,
) -> PageResult<SettingsPage> {
    let zone =
        crate::actions::goals::set_time_zone(state.store.as_ref(), &user, &form.time_zone).await?;
    let mut page = SettingsPage::new(frame, &user, None)
        .with_tokens(&state, &user)
        .await?;
    page.notice = Some(format!("Your time zone is {}.", zone.name()));
    Ok(page)
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
