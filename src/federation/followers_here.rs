//! Readers elsewhere who follow ours. A private profile's followers wait
//! for its reader, who lets each in (their server is sent an `Accept` of
//! the Follow) or turns them away (a `Reject`); a follower let in can be
//! removed the same way, as Mastodon does.

use serde_json::{Value, json};

use super::Ids;
use crate::AppState;
use crate::error::ActionError;
use crate::store::{RemoteActor, User};

/// A reader's followers elsewhere.
pub struct Followers {
    /// Waiting for the reader's answer.
    pub waiting: Vec<RemoteActor>,
    /// Let in: they receive what the reader shares with followers.
    pub following: Vec<RemoteActor>,
}

pub async fn of(state: &AppState, user: &User) -> Result<Followers, ActionError> {
    Ok(Followers {
        waiting: state.store.remote_followers(user.id, true).await?,
        following: state.store.remote_followers(user.id, false).await?,
    })
}

/// The Follow an answer is about, as the follower sent it.
fn follow_doc(follow_id: &str, follower: &str, followed: &str) -> Value {
    json!({
        "id": follow_id,
        "type": "Follow",
        "actor": follower,
        "object": followed,
    })
}

/// Queues `Accept` or `Reject` of `follow` (the Follow as sent) to the follower.
pub async fn answer(
    state: &AppState,
    user: &User,
    follower: &RemoteActor,
    kind: &str,
    follow: Value,
) -> Result<(), ActionError> {
    let actor = Ids(&state.public_url).actor(&user.username);
    let doc = super::objects::activity(
        kind,
        // Random, so the answer to a later Follow is a new activity.
        &format!(
            "{actor}#{}/{}/{}",
            kind.to_ascii_lowercase(),
            follower.id,
            &crate::auth::secret::new_secret()[..16]
        ),
        &actor,
        follow,
    );
    super::queue::enqueue(
        state,
        Some(user.id),
        std::slice::from_ref(&follower.inbox),
        &doc,
    )
    .await
}

async fn follow_of(
    state: &AppState,
    user: &User,
    actor_id: i64,
) -> Result<(RemoteActor, Value), ActionError> {
    let follower = super::follow_out::actor(state, actor_id).await?;
    let follow_id = state
        .store
        .remote_follow_id(user.id, actor_id)
        .await?
        .ok_or(ActionError::NotFound("follower"))?;
    let followed = Ids(&state.public_url).actor(&user.username);
    let follow = follow_doc(&follow_id, &follower.uri, &followed);
    Ok((follower, follow))
}

/// Lets a waiting follower in; one already let in is left as is.
pub async fn approve(state: &AppState, user: &User, actor_id: i64) -> Result<(), ActionError> {
    let (follower, follow) = follow_of(state, user, actor_id).await?;
    if state
        .store
        .approve_remote_follower(user.id, actor_id)
        .await?
    {
        answer(state, user, &follower, "Accept", follow).await?;
    }
    Ok(())
}

/// Turns a waiting follower away, or removes one let in.
pub async fn decline(state: &AppState, user: &User, actor_id: i64) -> Result<(), ActionError> {
    let (follower, follow) = follow_of(state, user, actor_id).await?;
    if state.store.drop_remote_follower(user.id, actor_id).await? {
        answer(state, user, &follower, "Reject", follow).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_names_the_follow_as_its_follower_sent_it() {
        let doc = follow_doc(
            "https://b.example/abc",
            "https://b.example/users/ann",
            "https://here.example/users/bo",
        );
        assert_eq!(doc["id"], "https://b.example/abc");
        assert_eq!(doc["type"], "Follow");
        assert_eq!(doc["actor"], "https://b.example/users/ann");
        assert_eq!(doc["object"], "https://here.example/users/bo");
    }
}
