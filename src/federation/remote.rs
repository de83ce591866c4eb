//! Other servers as the inbox meets them: the answer an inbox refuses an
//! activity with, fetching an actor or a document (signed, size-limited),
//! and which of our readers an actor id names. A leaf for the inbox and the
//! handlers of each kind of activity alike.

use std::time::SystemTime;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::signatures::{self, SignatureError};
use super::{ACTIVITY_JSON, Ids, parse};
use crate::AppState;
use crate::store::RemoteActor;

/// The largest actor document fetched.
const MAX_ACTOR_BYTES: usize = 256 * 1024;

/// Why an incoming activity was refused.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("not an activity: {0}")]
    NotActivity(String),
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
    #[error("the key belongs to {key_owner}, not to the activity's actor {actor}")]
    NotTheActor { key_owner: String, actor: String },
    #[error("the sending actor could not be fetched: {0}")]
    Fetch(String),
    #[error("this server does not federate with {0}")]
    Blocked(String),
    #[error("refused: {0}")]
    Refused(String),
    #[error("internal: {0}")]
    Internal(String),
}

impl IntoResponse for InboxError {
    fn into_response(self) -> Response {
        let status = match &self {
            InboxError::NotActivity(_) => StatusCode::BAD_REQUEST,
            InboxError::Signature(_) | InboxError::Fetch(_) => StatusCode::UNAUTHORIZED,
            InboxError::NotTheActor { .. } | InboxError::Blocked(_) | InboxError::Refused(_) => {
                StatusCode::FORBIDDEN
            }
            InboxError::Internal(e) => {
                tracing::error!(error = %e, "an inbox post failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        (status, format!("{self}\n")).into_response()
    }
}

pub(crate) fn internal(e: impl std::fmt::Display) -> InboxError {
    InboxError::Internal(e.to_string())
}

/// The host part of an actor's id (`books.example`, `127.0.0.2:8080`).
fn host_of(uri: &str) -> Option<String> {
    let parsed = url::Url::parse(uri).ok()?;
    let host = parsed.host_str()?;
    Some(match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    })
}

/// A fetched actor document as the row kept of it.
pub fn remote_row(actor: &parse::Actor, now: i64) -> Option<RemoteActor> {
    Some(RemoteActor {
        id: 0,
        host: host_of(&actor.id)?,
        uri: actor.id.clone(),
        username: actor.username.clone(),
        name: actor.name.clone(),
        summary: actor.summary.clone(),
        icon: actor.icon.clone(),
        inbox: actor.inbox.clone(),
        shared_inbox: actor.shared_inbox.clone(),
        key_id: actor.key_id.clone(),
        public_key_pem: actor.public_key_pem.clone(),
        bookwyrm: actor.bookwyrm,
        manual_approval: actor.manual_approval,
        fetched_at: now,
    })
}

/// Fetches an ActivityPub document (signed by the instance actor, for
/// servers in secure mode), at most `max_bytes` of it.
pub(crate) async fn fetch_document(
    state: &AppState,
    uri: &str,
    max_bytes: usize,
) -> Result<serde_json::Value, InboxError> {
    refuse_blocked(state, uri).await?;
    let key = super::instance_key(&state.store).await.map_err(internal)?;
    let ids = Ids(&state.public_url);
    let mut headers = signatures::sign_request(
        "GET",
        uri,
        None,
        &ids.instance_key(),
        &key.private_pem,
        SystemTime::now(),
    )?;
    headers.retain(|(name, _)| *name != "host");
    headers.push(("accept", ACTIVITY_JSON.to_string()));
    let fetched = state
        .outbound
        .send(reqwest::Method::GET, uri, &headers, None, max_bytes)
        .await
        .map_err(|e| InboxError::Fetch(e.to_string()))?;
    if fetched.status != 200 {
        return Err(InboxError::Fetch(format!(
            "{uri} answered {}",
            fetched.status
        )));
    }
    match fetched.content_type.as_deref() {
        Some("application/activity+json" | "application/ld+json" | "application/json") => {}
        other => {
            return Err(InboxError::Fetch(format!(
                "{uri} is {} rather than an ActivityPub document",
                other.unwrap_or("untyped")
            )));
        }
    }
    serde_json::from_slice(&fetched.body).map_err(|e| InboxError::Fetch(e.to_string()))
}

/// Fetches an actor's document and keeps it.
pub async fn fetch_actor(state: &AppState, uri: &str) -> Result<RemoteActor, InboxError> {
    let doc = fetch_document(state, uri, MAX_ACTOR_BYTES).await?;
    let actor = parse::actor(&doc).map_err(|e| InboxError::Fetch(e.to_string()))?;
    if actor.id != uri {
        return Err(InboxError::Fetch(format!("{uri} says it is {}", actor.id)));
    }
    let row = remote_row(&actor, crate::actions::now())
        .ok_or_else(|| InboxError::Fetch(format!("{uri} has no host")))?;
    state.store.keep_remote_actor(&row).await.map_err(internal)
}

/// Our reader an actor id names (`{public url}/users/{name}`), if any.
pub(crate) async fn local_reader(
    state: &AppState,
    id: &str,
) -> Result<Option<crate::store::User>, InboxError> {
    let Some(name) = id
        .strip_prefix(state.public_url.as_str())
        .and_then(|p| p.strip_prefix("/users/"))
        .filter(|n| !n.is_empty() && !n.contains('/') && crate::domain::username::is_local(n))
    else {
        return Ok(None);
    };
    let user = state
        .store
        .user_by_username(&crate::domain::username::key(name))
        .await
        .map_err(internal)?;
    Ok(user.filter(|u| !u.suspended))
}

/// Err when `url`'s host is one moderators defederated.
pub(crate) async fn refuse_blocked(state: &AppState, url: &str) -> Result<(), InboxError> {
    let blocked = state.store.blocked_hosts().await.map_err(internal)?;
    let hosts: Vec<String> = blocked.into_iter().map(|(host, _)| host).collect();
    if crate::domain::hosts::refused(&hosts, url) {
        let host = crate::domain::hosts::host_of_url(url).unwrap_or_default();
        return Err(InboxError::Blocked(host));
    }
    Ok(())
}
