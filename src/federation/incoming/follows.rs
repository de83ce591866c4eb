//! Follows of local readers by readers elsewhere: kept (accepted at once for
//! a public profile, or left for the reader to approve), undone, ended by a
//! block or by the account's deletion.

use super::super::parse;
use super::super::remote::{InboxError, internal, local_reader};
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
    let now = crate::actions::now();
    if open {
        state
            .store
            .add_remote_follower(user.id, sender.id, &activity.id, false, now)
            .await
            .map_err(internal)?;
    } else {
        // The reader's notice names the asker by their account here.
        let stand_in = super::super::remote_users::stand_in(&state.store, sender)
            .await
            .map_err(internal)?;
        state
            .store
            .ask_to_follow(user.id, sender.id, stand_in, &activity.id, now)
            .await
            .map_err(internal)?;
    }
    if open {
        super::super::followers_here::answer(state, &user, sender, "Accept", doc.clone())
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
