//! Pages of email and account recovery: forgot password, reset by link,
//! proving an address, the old address agreeing to a change, the email
//! section's forms on Settings, and the one-click unsubscribe.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::email;
use crate::auth::client::ClientAddr;
use crate::domain::email::Purpose;
use crate::error::ActionError;
use crate::web::forms::{CsrfForm, CsrfPairs};
use crate::web::{Frame, PageResult, SignedIn, with_notice};

#[derive(Template, WebTemplate)]
#[template(path = "pages/forgot.html")]
pub struct ForgotPage {
    frame: Frame,
    /// Whether this site sends mail at all.
    configured: bool,
    sent: bool,
    error: Option<String>,
    email: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/reset.html")]
pub struct ResetPage {
    frame: Frame,
    token: String,
    /// Why the link does not work, or why the password was refused.
    error: Option<String>,
    works: bool,
}

/// A page that says one thing, with a way on.
#[derive(Template, WebTemplate)]
#[template(path = "pages/email_message.html")]
pub struct MessagePage {
    frame: Frame,
    title: &'static str,
    message: String,
    link: (&'static str, &'static str),
    /// A button that posts back to this page's address (the old address's
    /// consent, an unsubscribe), with its words.
    button: Option<&'static str>,
    action: String,
}

impl MessagePage {
    fn new(frame: Frame, title: &'static str, message: impl Into<String>) -> Self {
        let link = if frame.viewer.is_some() {
            ("/settings#email", "Back to your settings")
        } else {
            ("/signin", "Sign in")
        };
        MessagePage {
            frame,
            title,
            message: message.into(),
            link,
            button: None,
            action: String::new(),
        }
    }
}

/// A refusal as its page: mistakes the reader can mend say why (422, or 409 for a taken address).
fn refused(frame: Frame, title: &'static str, e: ActionError) -> PageResult<Response> {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let message = super::accounts::form_error(e)?;
    Ok((status, MessagePage::new(frame, title, message)).into_response())
}

pub async fn forgot_form(State(state): State<AppState>, frame: Frame) -> ForgotPage {
    ForgotPage {
        frame,
        configured: state.mailer.configured(),
        sent: false,
        error: None,
        email: String::new(),
    }
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// Asks for a reset link; the page says the same whether or not an account
/// has the address.
pub async fn forgot(
    State(state): State<AppState>,
    frame: Frame,
    ClientAddr(addr): ClientAddr,
    CsrfForm(form): CsrfForm<ForgotForm>,
) -> PageResult<Response> {
    state.sign_ins.check(None, addr, crate::actions::now())?;
    let mut page = forgot_form(State(state.clone()), frame).await;
    match email::request_reset(state.store.as_ref(), &state.mailer, &form.email).await {
        Ok(()) => {
            page.sent = true;
            Ok(page.into_response())
        }
        Err(e) => {
            page.error = Some(super::accounts::form_error(e)?);
            page.email = form.email;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn reset_form(
    State(state): State<AppState>,
    frame: Frame,
    Query(q): Query<TokenQuery>,
) -> PageResult<Response> {
    let works = email::link_works(state.store.as_ref(), &q.token, Purpose::Reset).await;
    let error = match works {
        Ok(()) => None,
        Err(e) => Some(super::accounts::form_error(e)?),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ResetPage {
        frame,
        works: error.is_none(),
        error,
        token: q.token,
    };
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

/// Sets the new password and signs the reader in (every other session ended).
pub async fn reset(
    State(state): State<AppState>,
    frame: Frame,
    CsrfForm(form): CsrfForm<ResetForm>,
) -> PageResult<Response> {
    match email::reset_password(state.store.as_ref(), &form.token, &form.password).await {
        Ok(user) => {
            let to = with_notice("/", "password-reset");
            super::accounts::with_session(&state, &user, &to).await
        }
        Err(e) => {
            let works = !matches!(&e, ActionError::Invalid(i) if i.field == "token");
            let page = ResetPage {
                frame,
                error: Some(super::accounts::form_error(e)?),
                works,
                token: form.token,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// Following the link that proves an address.
pub async fn verify(
    State(state): State<AppState>,
    frame: Frame,
    Query(q): Query<TokenQuery>,
) -> PageResult<Response> {
    match email::verify(state.store.as_ref(), &q.token).await {
        Ok(address) => Ok(MessagePage::new(
            frame,
            "Address confirmed",
            format!("{address} is your address on Dogear now."),
        )
        .into_response()),
        Err(e) => refused(frame, "This link does not work", e),
    }
}

/// The old address's link: a button, so a mail scanner opening the link
/// agrees to nothing.
pub async fn change_form(
    State(state): State<AppState>,
    frame: Frame,
    Query(q): Query<TokenQuery>,
) -> PageResult<Response> {
    if let Err(e) = email::link_works(state.store.as_ref(), &q.token, Purpose::Change).await {
        return refused(frame, "This link does not work", e);
    }
    let mut page = MessagePage::new(
        frame,
        "Change your email address?",
        "Your account asked to use a new email address instead of this one. Agree only if you asked.",
    );
    page.button = Some("Yes, change my address");
    page.action = format!("/email/change?token={}", q.token);
    Ok(page.into_response())
}

pub async fn change(
    State(state): State<AppState>,
    frame: Frame,
    Query(q): Query<TokenQuery>,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Response> {
    match email::confirm_change(state.store.as_ref(), &state.mailer, &q.token).await {
        Ok(address) => Ok(MessagePage::new(
            frame,
            "Change agreed",
            format!("A link to confirm {address} is on its way there; the change is made once it is followed."),
        )
        .into_response()),
        Err(e) => refused(frame, "This link does not work", e),
    }
}

#[derive(Deserialize)]
pub struct AddressForm {
    #[serde(default)]
    email: String,
}

/// The email section's address form on Settings.
pub async fn give_address(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<AddressForm>,
) -> PageResult<Response> {
    match email::give_address(state.store.as_ref(), &state.mailer, &user, &form.email).await {
        Ok(()) => Ok(Redirect::to(&with_notice("/settings#email", "email-sent")).into_response()),
        Err(e) => super::settings::email_refused(&state, frame, &user, e).await,
    }
}

pub async fn remove_address(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Redirect> {
    email::remove_address(state.store.as_ref(), &user).await?;
    Ok(Redirect::to(&with_notice(
        "/settings#email",
        "email-removed",
    )))
}

/// Which notifications come by mail: the boxes ticked.
pub async fn set_mail(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    form: CsrfPairs,
) -> PageResult<Redirect> {
    let wanted: Vec<&str> = form.all("mail").collect();
    email::set_mail_choices(state.store.as_ref(), &user, &wanted).await?;
    Ok(Redirect::to(&with_notice("/settings#email", "mail-saved")))
}

#[derive(Deserialize)]
pub struct UnsubscribeQuery {
    #[serde(default)]
    user: i64,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    sig: String,
}

impl UnsubscribeQuery {
    fn path(&self) -> String {
        format!(
            "/unsubscribe?user={}&kind={}&sig={}",
            self.user,
            crate::web::view::query_value(&self.kind),
            crate::web::view::query_value(&self.sig)
        )
    }
}

/// The link in a mail's footer: a button, as a mail scanner must not unsubscribe.
pub async fn unsubscribe_form(frame: Frame, Query(q): Query<UnsubscribeQuery>) -> MessagePage {
    let mut page = MessagePage::new(
        frame,
        "Unsubscribe",
        "Stop getting this kind of mail from Dogear? You can ask for it again in your settings.",
    );
    page.button = Some("Unsubscribe");
    page.action = q.path();
    page
}

/// RFC 8058's one-click unsubscribe: a mail program posts here with no
/// cookie and no form token (the link's signature is the authority); the
/// page's button posts here too.
pub async fn unsubscribe(
    State(state): State<AppState>,
    frame: Frame,
    Query(q): Query<UnsubscribeQuery>,
) -> PageResult<Response> {
    match email::unsubscribe(state.store.as_ref(), &state.mailer, q.user, &q.kind, &q.sig).await {
        Ok(_) => Ok(MessagePage::new(
            frame,
            "Unsubscribed",
            "You will get no more of this kind of mail.",
        )
        .into_response()),
        Err(e) => refused(frame, "This link does not work", e),
    }
}
