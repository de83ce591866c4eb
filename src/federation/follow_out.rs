//! Our readers following readers on other servers: a signed `Follow` to
//! their inbox through the delivery queue, pending until their server's
//! `Accept` (or `Reject`) comes back; an `Undo` of it to stop following.

use serde_json::json;

use super::{Ids, queue};
use crate::AppState;
use crate::error::ActionError;
use crate::store::{RemoteActor, User};

/// Where a reader stands with an actor elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Following {
    No,
    /// Sent; their server has not accepted yet.
    Requested,
    Yes,
}

impl Following {
    pub fn key(self) -> &'static str {
        match self {
            Following::No => "none",
            Following::Requested => "requested",
            Following::Yes => "following",
        }
    }
}

/// The actor with this id, or NotFound.
pub async fn actor(state: &AppState, actor_id: i64) -> Result<RemoteActor, ActionError> {
    state
        .store
        .remote_actor_by_id(actor_id)
        .await?
        .ok_or(ActionError::NotFound("reader"))
}

pub async fn standing(
    state: &AppState,
    user: &User,
    actor_id: i64,
) -> Result<Following, ActionError> {
    Ok(
        match state
            .store
            .remote_following_state(user.id, actor_id)
            .await?
        {
            None => Following::No,
            Some((_, true)) => Following::Requested,
            Some((_, false)) => Following::Yes,
        },
    )
}

fn follow_doc(id: &str, ours: &str, theirs: &str) -> serde_json::Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": id,
        "type": "Follow",
        "actor": ours,
        "object": theirs,
    })
}

/// Sends a Follow (once: asking again while it is pending or accepted
/// changes nothing); gives where the reader now stands.
pub async fn follow(
    state: &AppState,
    user: &User,
    actor_id: i64,
) -> Result<Following, ActionError> {
    let them = actor(state, actor_id).await?;
    let now_standing = standing(state, user, actor_id).await?;
    if now_standing != Following::No {
        return Ok(now_standing);
    }
    let blocked: Vec<String> = state
        .store
        .blocked_hosts()
        .await?
        .into_iter()
        .map(|(host, _)| host)
        .collect();
    if crate::domain::hosts::refused(&blocked, &them.uri) {
        return Err(ActionError::Forbidden(format!(
            "this site does not federate with {}",
            them.host
        )));
    }
    let ids = Ids(&state.public_url);
    let ours = ids.actor(&user.username);
    // Random, so a Follow sent again after an Undo is a new activity there.
    let tag = &crate::auth::secret::new_secret()[..16];
    let follow_id = format!("{ours}#follows/{tag}");
    state
        .store
        .start_remote_following(user.id, them.id, &follow_id, crate::actions::now())
        .await?;
    let doc = follow_doc(&follow_id, &ours, &them.uri);
    queue::enqueue(
        state,
        Some(user.id),
        std::slice::from_ref(&them.inbox),
        &doc,
    )
    .await?;
    Ok(Following::Requested)
}

/// Withdraws a follow (or its request) with an Undo of the Follow sent.
pub async fn unfollow(state: &AppState, user: &User, actor_id: i64) -> Result<(), ActionError> {
    let them = actor(state, actor_id).await?;
    let Some((follow_id, _)) = state.store.remote_following_state(user.id, them.id).await? else {
        return Ok(());
    };
    state.store.drop_remote_following(user.id, them.id).await?;
    super::followed_here::stop(state, user.id, &them).await?;
    let ids = Ids(&state.public_url);
    let ours = ids.actor(&user.username);
    let undo = super::objects::activity(
        "Undo",
        &format!("{follow_id}/undo"),
        &ours,
        follow_doc(&follow_id, &ours, &them.uri),
    );
    queue::enqueue(
        state,
        Some(user.id),
        std::slice::from_ref(&them.inbox),
        &undo,
    )
    .await
}
