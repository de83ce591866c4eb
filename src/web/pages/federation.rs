//! The moderators' view of federation: how deep the delivery queue is,
//! which hosts keep failing, and the domains defederated.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::federation as actions;
use crate::domain::dates;
use crate::web::forms::CsrfForm;
use crate::web::{Frame, PageResult, SignedIn};

pub struct FailingHost {
    host: String,
    failures: i64,
    /// When its breaker lets deliveries through again; None: not held.
    held_until: Option<String>,
}

pub struct BlockedHost {
    host: String,
    since: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/federation_queue.html")]
pub struct QueuePage {
    frame: Frame,
    waiting: i64,
    events: i64,
    failing: Vec<FailingHost>,
    blocked: Vec<BlockedHost>,
}

pub async fn queue(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
) -> PageResult<QueuePage> {
    let store = state.store.as_ref();
    let (queue, events) = actions::queue(store, &user).await?;
    let now = crate::actions::now();
    let failing = queue
        .failing
        .into_iter()
        .map(|(host, failures, open_until)| FailingHost {
            host,
            failures,
            held_until: (open_until > now).then(|| dates::comment_time(open_until)),
        })
        .collect();
    let blocked = actions::blocked_hosts(store, &user)
        .await?
        .into_iter()
        .map(|(host, at)| BlockedHost {
            host,
            since: dates::comment_time(at),
        })
        .collect();
    Ok(QueuePage {
        frame,
        waiting: queue.waiting,
        events,
        failing,
        blocked,
    })
}

#[derive(Debug, Deserialize)]
pub struct HostForm {
    #[serde(default)]
    host: String,
}

pub async fn block(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<HostForm>,
) -> PageResult<Redirect> {
    actions::block_host(state.store.as_ref(), &user, &form.host).await?;
    Ok(Redirect::to("/moderation/federation"))
}

pub async fn unblock(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<HostForm>,
) -> PageResult<Redirect> {
    actions::unblock_host(state.store.as_ref(), &user, &form.host).await?;
    Ok(Redirect::to("/moderation/federation"))
}
