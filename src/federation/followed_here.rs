//! Following an actor elsewhere, as this site's feed sees it: once their
//! server accepts, our reader follows the actor's stand-in account, so what
//! arrives from them reaches the reader's feed; the follow ends with it.

use crate::AppState;
use crate::error::ActionError;
use crate::store::RemoteActor;

/// The reader now follows `actor` (accepted by its server).
pub async fn start(state: &AppState, user_id: i64, actor: &RemoteActor) -> Result<(), ActionError> {
    let stand_in = super::remote_users::stand_in(&state.store, actor).await?;
    state
        .store
        .set_follow(user_id, stand_in, true, crate::actions::now())
        .await?;
    Ok(())
}

/// The reader no longer follows `actor`.
pub async fn stop(state: &AppState, user_id: i64, actor: &RemoteActor) -> Result<(), ActionError> {
    if let Some(stand_in) = state.store.stand_in_user(&actor.uri).await? {
        state
            .store
            .set_follow(user_id, stand_in, false, crate::actions::now())
            .await?;
    }
    Ok(())
}
