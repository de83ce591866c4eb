//! The inboxes other servers post to (`/inbox`, shared, and each reader's):
//! the signature checked against the sending actor's key (fetched and kept,
//! fetched again once if it fails, for a rotated key), the key's owner held
//! to the activity's actor, and each activity taken once by its id.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::incoming::{self, flags, follows, likes, statuses};
use super::parse;
pub use super::remote::{InboxError, fetch_actor, remote_row};
use super::remote::{internal, refuse_blocked};
use super::signatures::{self, Unverified};
use crate::AppState;
use crate::store::RemoteActor;

/// The actor whose key signed, checked: the kept key first, and if it does
/// not match, the actor fetched again once (it may have a new key).
async fn signer(state: &AppState, unverified: &Unverified) -> Result<RemoteActor, InboxError> {
    let key_id = unverified.key_id();
    let owner = signatures::key_owner(key_id).to_string();
    let kept = match state.store.remote_actor(&owner).await.map_err(internal)? {
        Some(kept) => Some(kept),
        None => state
            .store
            .remote_actor_by_key(key_id)
            .await
            .map_err(internal)?,
    };
    if let Some(kept) = kept
        && unverified.verify(&kept.public_key_pem).is_ok()
    {
        return Ok(kept);
    }
    let fresh = fetch_actor(state, &owner).await?;
    unverified.verify(&fresh.public_key_pem)?;
    Ok(fresh)
}

/// Checks an incoming post and takes its activity once; gives the activity
/// and whether it is new.
pub async fn receive(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(parse::Activity, bool), InboxError> {
    let doc: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| InboxError::NotActivity(e.to_string()))?;
    let activity = parse::activity(&doc).map_err(|e| InboxError::NotActivity(e.to_string()))?;
    // A defederated domain is turned away before its signature costs anything.
    refuse_blocked(state, &activity.actor).await?;
    let target = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let unverified = signatures::prepare("POST", target, headers, body, SystemTime::now())?;
    let actor = signer(state, &unverified).await?;
    if actor.uri != activity.actor {
        return Err(InboxError::NotTheActor {
            key_owner: actor.uri,
            actor: activity.actor,
        });
    }
    let new = state
        .store
        .mark_seen(
            &activity.id,
            &activity.actor,
            &activity.kind,
            crate::actions::now(),
        )
        .await
        .map_err(internal)?;
    Ok((activity, new))
}

/// Hands a new activity from a known sender to the module that does what it
/// asks.
async fn act(
    state: &AppState,
    activity: &parse::Activity,
    doc: &serde_json::Value,
) -> Result<(), InboxError> {
    let Some(sender) = state
        .store
        .remote_actor(&activity.actor)
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    match activity.kind.as_str() {
        "Follow" => follows::follow(state, &sender, activity, doc).await,
        "Undo" => incoming::undo(state, &sender, activity).await,
        "Accept" | "Reject" => super::follow_answers::take(state, &sender, activity)
            .await
            .map_err(internal),
        "Block" => follows::blocked_by(state, &sender, activity).await,
        "Delete" if activity.object_id.as_deref() == Some(sender.uri.as_str()) => {
            follows::account_gone(state, &sender).await
        }
        "Create" => statuses::create(state, &sender, activity).await,
        "Update" => statuses::update(state, &sender, activity).await,
        "Delete" => statuses::delete(state, &sender, activity).await,
        "Like" => likes::like(state, &sender, activity, true).await,
        "Flag" => flags::flag(state, &sender, activity, doc).await,
        _ => Ok(()),
    }
}

/// `POST /inbox` and `POST /users/{name}/inbox`.
pub async fn post(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match receive(&state, &uri, &headers, &body).await {
        Ok((activity, true)) => {
            tracing::info!(kind = %activity.kind, id = %activity.id, "activity taken in");
            let doc = serde_json::from_slice(&body).unwrap_or_default();
            match act(&state, &activity, &doc).await {
                Ok(()) => StatusCode::ACCEPTED.into_response(),
                Err(e) => e.into_response(),
            }
        }
        // Sent again (a retry after a lost answer): already taken.
        Ok((_, false)) => StatusCode::OK.into_response(),
        Err(e) => e.into_response(),
    }
}
