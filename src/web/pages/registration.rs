//! Joining under the site's registration mode: invitation links, requests
//! an admin decides, and the new accounts page for moderators.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;

use super::accounts::SignupPage;
use crate::AppState;
use crate::actions::registration;
use crate::domain::dates;
use crate::domain::registration::InviteState;
use crate::store::InviteRow;
use crate::web::forms::{BackForm, CsrfForm, PathId};
use crate::web::{Frame, PageResult, SignedIn};

/// The sign-up form an invitation link opens, saying so if the link lets nobody in now.
pub async fn join(
    State(state): State<AppState>,
    frame: Frame,
    Path(code): Path<String>,
) -> PageResult<SignupPage> {
    let found = registration::invite_state(state.store.as_ref(), &code).await?;
    let error = match found {
        Some(InviteState::Usable) => None,
        Some(other) => Some(format!(
            "This invitation is {}: ask whoever sent it for a new one.",
            other.name()
        )),
        None => Some("There is no such invitation: check the link.".to_string()),
    };
    Ok(SignupPage {
        frame,
        error,
        mode: state.settings.registration.name(),
        invite: code,
        ..SignupPage::default()
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/join_requested.html")]
pub struct RequestedPage {
    frame: Frame,
}

pub async fn requested(frame: Frame) -> RequestedPage {
    RequestedPage { frame }
}

/// An invitation as its page lists it.
pub struct InviteLine {
    id: i64,
    uses: i64,
    max_uses: i64,
    expires: String,
    state: &'static str,
    usable: bool,
}

fn line(invite: &InviteRow) -> InviteLine {
    let state = registration::state_of(invite);
    InviteLine {
        id: invite.id,
        uses: invite.uses,
        max_uses: invite.max_uses,
        expires: dates::short_date(invite.expires_at),
        state: state.name(),
        usable: state == InviteState::Usable,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/invites.html")]
pub struct InvitesPage {
    frame: Frame,
    invites: Vec<InviteLine>,
    /// The link just made: shown this once.
    made: Option<String>,
    may_invite: bool,
    error: Option<String>,
}

async fn invites_page(
    state: &AppState,
    frame: Frame,
    made: Option<String>,
    error: Option<String>,
) -> PageResult<InvitesPage> {
    let Some(user) = frame.viewer.clone() else {
        return Err(crate::error::ActionError::Unauthorized.into());
    };
    let invites = registration::invites(state.store.as_ref(), &user).await?;
    Ok(InvitesPage {
        may_invite: user.is_admin || state.settings.readers_invite,
        frame,
        invites: invites.iter().map(line).collect(),
        made,
        error,
    })
}

pub async fn invites(
    State(state): State<AppState>,
    SignedIn(_): SignedIn,
    frame: Frame,
) -> PageResult<InvitesPage> {
    invites_page(&state, frame, None, None).await
}

#[derive(Deserialize)]
pub struct InviteForm {
    uses: Option<String>,
    days: Option<String>,
}

fn number(text: &Option<String>) -> Option<i64> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap_or(-1))
}

pub async fn create_invite(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    frame: Frame,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> PageResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let made = registration::create_invite(
        state.store.as_ref(),
        &user,
        state.settings.readers_invite,
        number(&form.uses),
        number(&form.days),
    )
    .await;
    match made {
        Ok(made) => {
            let link = state.public_url.join(&format!("/join/{}", made.code));
            Ok(invites_page(&state, frame, Some(link), None)
                .await?
                .into_response())
        }
        Err(e) => {
            let status = axum::http::StatusCode::from_u16(e.status()).unwrap_or_default();
            let message = super::accounts::form_error(e)?;
            let page = invites_page(&state, frame, None, Some(message)).await?;
            Ok((status, page).into_response())
        }
    }
}

pub async fn revoke_invite(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    registration::revoke_invite(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to("/invites"))
}

/// A request to join as the admin's page shows it.
pub struct RequestLine {
    id: i64,
    username: String,
    display_name: String,
    reason: String,
    when: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/join_requests.html")]
pub struct RequestsPage {
    frame: Frame,
    requests: Vec<RequestLine>,
}

pub async fn requests(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    frame: Frame,
) -> PageResult<RequestsPage> {
    let waiting = registration::requests(state.store.as_ref(), &user).await?;
    Ok(RequestsPage {
        frame,
        requests: waiting
            .into_iter()
            .map(|r| RequestLine {
                id: r.id,
                username: r.username,
                display_name: r.display_name,
                reason: r.reason,
                when: dates::comment_time(r.created_at),
            })
            .collect(),
    })
}

async fn decide(
    state: &AppState,
    user: &crate::store::User,
    id: i64,
    approve: bool,
) -> PageResult<Redirect> {
    registration::decide(state.store.as_ref(), user, id, approve).await?;
    Ok(Redirect::to("/admin/requests"))
}

pub async fn approve(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    decide(&state, &user, id, true).await
}

pub async fn refuse(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    decide(&state, &user, id, false).await
}

/// A new account as the moderators' page shows it.
pub struct AccountLine {
    username: String,
    display_name: String,
    joined: String,
    reviews: i64,
    comments: i64,
    invited_by: Option<String>,
    suspended: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/new_accounts.html")]
pub struct NewAccountsPage {
    frame: Frame,
    accounts: Vec<AccountLine>,
    days: i64,
}

pub async fn new_accounts(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    frame: Frame,
) -> PageResult<NewAccountsPage> {
    let rows = registration::new_accounts(state.store.as_ref(), &user).await?;
    Ok(NewAccountsPage {
        frame,
        days: registration::NEW_ACCOUNT_DAYS,
        accounts: rows
            .into_iter()
            .map(|a| AccountLine {
                username: a.username,
                display_name: a.display_name,
                joined: dates::comment_time(a.created_at),
                reviews: a.reviews,
                comments: a.comments,
                invited_by: a.invited_by,
                suspended: a.suspended,
            })
            .collect(),
    })
}

async fn set_suspended(
    state: &AppState,
    user: &crate::store::User,
    name: &str,
    on: bool,
) -> PageResult<Redirect> {
    registration::suspend_by_name(state.store.as_ref(), user, name, on).await?;
    Ok(Redirect::to("/moderation/new-accounts"))
}

pub async fn suspend(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(name): Path<String>,
    CsrfForm(_): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    set_suspended(&state, &user, &name, true).await
}

pub async fn unsuspend(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(name): Path<String>,
    CsrfForm(_): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    set_suspended(&state, &user, &name, false).await
}
