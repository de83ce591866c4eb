//! Following an actor elsewhere, as this site's feed sees it. The feed is
//! built from follows between `users` rows; readers elsewhere have none yet,
//! so for now a follow out stands in `remote_following` alone and these are
//! the one place the feed's side will be kept in step with it.

use crate::AppState;
use crate::error::ActionError;
use crate::store::RemoteActor;

/// The reader now follows `actor` (accepted by its server).
pub async fn start(
    _state: &AppState,
    _user_id: i64,
    _actor: &RemoteActor,
) -> Result<(), ActionError> {
    Ok(())
}

/// The reader no longer follows `actor`.
pub async fn stop(
    _state: &AppState,
    _user_id: i64,
    _actor: &RemoteActor,
) -> Result<(), ActionError> {
    Ok(())
}
