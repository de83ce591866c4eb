//! Follows of local readers by readers elsewhere: kept (accepted at once for
//! a public profile, or left for the reader to approve), undone, ended by a
//! block or by the account's deletion.

use super::super::remote::{InboxError, internal, local_reader};
use super::super::{Ids, parse};
use crate::AppState;
use crate::store::RemoteActor;

/// `Follow` of a local reader.
pub async fn follow(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
    doc: &serde_json::Value,
) -> Result<(), InboxError> {
    let Some(object) = activity.object_id.as_deref() else {
        return Ok(());
    };
    let Some(user) = local_reader(state, object).await? else {
        return Ok(());
    };
    let open = crate::domain::privacy::Visibility::stored(&user.visibility)
        == crate::domain::privacy::Visibility::Public;
    state
        .store
        .add_remote_follower(
            user.id,
            sender.id,
            &activity.id,
            !open,
            crate::actions::now(),
        )
        .await
        .map_err(internal)?;
    if open {
        let ids = Ids(&state.public_url);
        let actor = ids.actor(&user.username);
        let accept = super::super::objects::activity(
            "Accept",
            // Random, so the Accept of a later Follow is a new activity.
            &format!(
                "{actor}#accepts/{}/{}",
                sender.id,
                &crate::auth::secret::new_secret()[..16]
            ),
            &actor,
            doc.clone(),
        );
        super::super::queue::enqueue(
            state,
            Some(user.id),
            std::slice::from_ref(&sender.inbox),
            &accept,
        )
        .await
        .map_err(internal)?;
    }
    Ok(())
}

/// `Undo{Follow}`: the follow ends.
pub async fn unfollow(
    state: &AppState,
    sender: &RemoteActor,
    follow: &parse::Activity,
) -> Result<(), InboxError> {
    if let Some(object) = follow.object_id.as_deref()
        && let Some(user) = local_reader(state, object).await?
    {
        state
            .store
            .drop_remote_follower(user.id, sender.id)
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// `Block` of a local reader: a reader elsewhere who blocks ours hears from
/// them no more, nor is followed by them.
pub async fn blocked_by(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
) -> Result<(), InboxError> {
    if let Some(object) = activity.object_id.as_deref()
        && let Some(user) = local_reader(state, object).await?
    {
        state
            .store
            .drop_remote_follower(user.id, sender.id)
            .await
            .map_err(internal)?;
        state
            .store
            .drop_remote_following(user.id, sender.id)
            .await
            .map_err(internal)?;
        super::super::followed_here::stop(state, user.id, sender)
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// `Delete` of the actor itself: an account deleted at its server follows
/// nobody here any more.
pub async fn account_gone(state: &AppState, sender: &RemoteActor) -> Result<(), InboxError> {
    state
        .store
        .drop_remote_follows(sender.id)
        .await
        .map_err(internal)
}
