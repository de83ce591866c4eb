//! What activities from other servers do here, one module per kind of
//! thing they touch; `inbox::act` hands each to its function.

pub mod books;
pub mod flags;
pub mod follows;
pub mod likes;
pub mod statuses;
pub mod targets;

use super::parse;
use super::remote::{InboxError, internal};
use crate::AppState;
use crate::store::{RemoteActor, User};

/// The sender's stand-in, made on first need; a suspended one is refused.
pub async fn reader(state: &AppState, sender: &RemoteActor) -> Result<User, InboxError> {
    let id = super::remote_users::stand_in(&state.store, sender)
        .await
        .map_err(internal)?;
    let user = state
        .store
        .user_by_id(id)
        .await
        .map_err(internal)?
        .ok_or_else(|| internal("the stand-in was not kept"))?;
    if user.suspended {
        return Err(InboxError::Refused("this account is suspended here".into()));
    }
    Ok(user)
}

/// `Undo`: the undone activity (embedded, and the sender's own) is taken back.
pub async fn undo(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
) -> Result<(), InboxError> {
    let Some(undone) = activity
        .object
        .as_ref()
        .and_then(|o| parse::activity(o).ok())
        .filter(|u| u.actor == sender.uri)
    else {
        return Ok(());
    };
    match undone.kind.as_str() {
        "Follow" => follows::unfollow(state, sender, &undone).await,
        "Like" => likes::like(state, sender, &undone, false).await,
        _ => Ok(()),
    }
}
