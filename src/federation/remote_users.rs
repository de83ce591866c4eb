//! The local stand-in account of each remote actor: what they write here is
//! an ordinary row owned by it, so every visibility and block rule holds.

use crate::domain::remote_reader;
use crate::error::ActionError;
use crate::store::{NewStandIn, RemoteActor, Store};

/// Makes or finds the `users` row standing in for `actor` (named
/// `name@host`, with no password, never counted as a local reader).
pub async fn stand_in(store: &Store, actor: &RemoteActor) -> Result<i64, ActionError> {
    let username = remote_reader::handle(&actor.username, &actor.host);
    let new = NewStandIn {
        actor_id: actor.id,
        username_key: crate::domain::username::key(&username),
        display_name: remote_reader::display_name(&actor.name, &username),
        username,
        now: crate::actions::now(),
    };
    Ok(store.stand_in(&new).await?)
}
