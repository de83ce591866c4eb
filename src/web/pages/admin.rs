//! The set-up step that makes a new site's admin, and the moderation log.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::accounts::{form_error, with_session};
use crate::AppState;
use crate::actions::{accounts, admin};
use crate::error::ActionError;
use crate::store::{Appoint, LogEntry, UserRef};
use crate::web::forms::CsrfForm;
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/setup.html")]
pub struct SetupPage {
    frame: Frame,
    error: Option<String>,
    username: String,
    display_name: String,
}

/// The form, while the site has no admin; afterwards there is no such page.
pub async fn setup_form(State(state): State<AppState>, frame: Frame) -> PageResult<SetupPage> {
    if state.store.has_admin().await.map_err(ActionError::from)? {
        return Err(ActionError::NotFound("page").into());
    }
    Ok(SetupPage {
        frame,
        error: None,
        username: String::new(),
        display_name: String::new(),
    })
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    display_name: Option<String>,
}

pub async fn set_up(
    State(state): State<AppState>,
    frame: Frame,
    CsrfForm(form): CsrfForm<SetupForm>,
) -> PageResult<Response> {
    let signup = accounts::Signup {
        username: form.username.clone(),
        password: form.password.clone(),
        display_name: form.display_name.clone(),
        appoint: Appoint::AdminIfNone,
    };
    let store = state.store.as_ref();
    match accounts::set_up(store, &form.code, &state.setup_code, signup).await {
        Ok(user) => with_session(&state, &user, "/admin/log").await,
        Err(e @ ActionError::NotFound(_)) => Err(e.into()),
        Err(e) => {
            let status = axum::http::StatusCode::from_u16(e.status()).unwrap_or_default();
            let page = SetupPage {
                frame,
                error: Some(form_error(e)?),
                username: form.username,
                display_name: form.display_name.unwrap_or_default(),
            };
            Ok((status, page).into_response())
        }
    }
}

/// One line of the log as the page shows it.
pub struct LogLine {
    when: String,
    /// The actor's name and profile; None: the command line.
    actor: Option<(String, String)>,
    action: String,
    target: String,
    link: Option<String>,
    detail: String,
}

impl From<LogEntry> for LogLine {
    fn from(e: LogEntry) -> Self {
        let mut detail = e.detail.unwrap_or_default();
        let (target, link) = match (e.target_kind.as_str(), e.target_username) {
            ("user", Some(name)) => (name.clone(), Some(format!("/users/{name}"))),
            // A domain has no row of its own: its name is the entry's detail.
            ("domain", _) => (std::mem::take(&mut detail), None),
            (kind, _) => (
                format!("{kind} {}", e.target_id),
                link_to(kind, e.target_id),
            ),
        };
        LogLine {
            when: crate::domain::dates::comment_time(e.created_at),
            actor: e
                .actor
                .map(|a| (a.display_name, format!("/users/{}", a.username))),
            action: e.action,
            target,
            link,
            detail,
        }
    }
}

/// Where a logged thing can be looked at, if it has a page.
fn link_to(kind: &str, id: i64) -> Option<String> {
    match kind {
        "review" => Some(format!("/reviews/{id}")),
        "book" => Some(format!("/books/{id}")),
        "author" => Some(format!("/authors/{id}")),
        _ => None,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/admin_log.html")]
pub struct LogPage {
    frame: Frame,
    entries: Vec<LogLine>,
    older: Option<i64>,
    suspended: Vec<UserRef>,
}

#[derive(Deserialize)]
pub struct LogQuery {
    before: Option<i64>,
}

const PAGE: i64 = 100;

/// The moderation log, for admins.
pub async fn log(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    Query(q): Query<LogQuery>,
) -> PageResult<LogPage> {
    let entries = admin::log(state.store.as_ref(), &user, PAGE, q.before).await?;
    let suspended = admin::suspended(state.store.as_ref(), &user).await?;
    let older = (entries.len() as i64 == PAGE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(LogPage {
        frame,
        entries: entries.into_iter().map(LogLine::from).collect(),
        older,
        suspended,
    })
}

/// An admin gives a suspended account back.
pub async fn unsuspend(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(username): Path<String>,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Redirect> {
    admin::unsuspend(state.store.as_ref(), &user, &username).await?;
    Ok(Redirect::to("/admin/log"))
}
