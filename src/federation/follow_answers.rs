//! Another server's answer to a Follow our reader sent: `Accept` makes the
//! follow stand, `Reject` drops it. The answer names the Follow by the id we
//! gave it, or embeds it; either way it must come from the actor followed.

use super::parse::{self, Activity};
use crate::AppState;
use crate::error::ActionError;
use crate::store::RemoteActor;

/// The id of the Follow an answer is about.
fn answered(activity: &Activity) -> Option<String> {
    match activity.object.as_ref() {
        Some(embedded) => {
            let follow = parse::activity(embedded).ok()?;
            (follow.kind == "Follow").then_some(follow.id)
        }
        None => activity.object_id.clone(),
    }
}

/// Takes an `Accept` or `Reject` from `sender`; one about no Follow of ours
/// (an answer to someone else's, or forged) changes nothing.
pub async fn take(
    state: &AppState,
    sender: &RemoteActor,
    activity: &Activity,
) -> Result<(), ActionError> {
    let Some(follow_id) = answered(activity) else {
        return Ok(());
    };
    let Some((user_id, _)) = state.store.answered_follow(sender.id, &follow_id).await? else {
        return Ok(());
    };
    match activity.kind.as_str() {
        "Accept" => {
            // Only the first Accept of it starts the follow here.
            let newly = state
                .store
                .accept_remote_following(user_id, sender.id)
                .await?;
            if newly {
                super::followed_here::start(state, user_id, sender).await?;
            }
        }
        "Reject" => {
            state
                .store
                .drop_remote_following(user_id, sender.id)
                .await?;
            super::followed_here::stop(state, user_id, sender).await?;
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: serde_json::Value) -> Option<String> {
        answered(&parse::activity(&v).ok()?)
    }

    #[test]
    fn the_answered_follow_is_read_embedded_or_by_id() {
        let embedded = json!({"id": "https://b/a/1", "type": "Accept", "actor": "https://b/u/m",
            "object": {"id": "https://a/users/ann#follows/x", "type": "Follow",
                       "actor": "https://a/users/ann", "object": "https://b/u/m"}});
        assert_eq!(
            read(embedded).as_deref(),
            Some("https://a/users/ann#follows/x")
        );
        let by_id = json!({"id": "https://b/a/2", "type": "Reject", "actor": "https://b/u/m",
            "object": "https://a/users/ann#follows/x"});
        assert_eq!(
            read(by_id).as_deref(),
            Some("https://a/users/ann#follows/x")
        );
        let not_a_follow = json!({"id": "https://b/a/3", "type": "Accept", "actor": "https://b/u/m",
            "object": {"id": "https://b/x", "type": "Like", "actor": "https://a/users/ann",
                       "object": "https://b/r/1"}});
        assert_eq!(read(not_a_follow), None);
    }
}
