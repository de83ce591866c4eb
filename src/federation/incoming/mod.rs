//! What activities from other servers do here, one module per kind of
//! thing they touch; `inbox::act` hands each to its function.

pub mod follows;

use super::inbox::InboxError;
use super::parse;
use crate::AppState;
use crate::store::RemoteActor;

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
        _ => Ok(()),
    }
}
