//! Local stand-in accounts for readers on other servers.

use super::db::Db;
use super::methods::Record;
use crate::store::{StoreError, StoreResult};

/// What a stand-in is made from.
#[derive(Debug, Clone)]
pub struct NewStandIn {
    pub actor_id: i64,
    /// `name@host`: local names cannot hold an `@`, so it never clashes.
    pub username: String,
    pub username_key: String,
    pub display_name: String,
    pub now: i64,
}

impl Record for NewStandIn {}

/// Kept in `password_hash`: no password hash parses as it, so nothing signs in.
const NO_PASSWORD: &str = "!remote";

queries! {
    value actor_user(actor_id: i64) -> i64 =
        ("SELECT user_id FROM remote_actors WHERE id = $1 AND user_id IS NOT NULL");
    exec rename_stand_in(user_id: i64, display_name: &str) =
        ("UPDATE users SET display_name = $2 WHERE id = $1 AND remote AND display_name <> $2");
    // The same name may come back from a re-made actor: its stand-in is taken
    // over rather than a second made. A local account is never taken.
    value insert_stand_in(new: &NewStandIn) -> i64 = (
        sqlite: "INSERT INTO users (id, username, username_key, display_name, password_hash, remote, created_at)
         VALUES (max(coalesce((SELECT max(id) FROM users), 0), coalesce((SELECT max(id) FROM retired_accounts), 0)) + 1,
                 $1, $2, $3, $4, TRUE, $5)
         ON CONFLICT (username_key) DO UPDATE SET display_name = excluded.display_name WHERE users.remote
         RETURNING id",
        postgres: "INSERT INTO users (username, username_key, display_name, password_hash, remote, created_at)
         VALUES ($1, $2, $3, $4, TRUE, $5)
         ON CONFLICT (username_key) DO UPDATE SET display_name = excluded.display_name WHERE users.remote
         RETURNING id",
    ) with (new.username, new.username_key, new.display_name, NO_PASSWORD, new.now);
    exec link_actor(actor_id: i64, user_id: i64) =
        ("UPDATE remote_actors SET user_id = $2 WHERE id = $1");
    exec unlink_user(user_id: i64, actor_id: i64) =
        ("UPDATE remote_actors SET user_id = NULL WHERE user_id = $1 AND id <> $2");
    /// The actor a stand-in account stands for.
    pub(crate) value stand_in_actor_uri(user_id: i64) -> String =
        ("SELECT a.uri FROM remote_actors a JOIN users u ON u.id = a.user_id
          WHERE a.user_id = $1 AND u.remote");
    pub(crate) value stand_in_user(actor_uri: &str) -> i64 =
        ("SELECT user_id FROM remote_actors WHERE uri = $1 AND user_id IS NOT NULL");
    pub(crate) value user_is_remote(user_id: i64) -> bool =
        ("SELECT remote FROM users WHERE id = $1");
}

/// The stand-in of the actor, made the first time (its display name kept
/// up to date after).
pub(crate) async fn stand_in<D: Db>(db: &D, new: &NewStandIn) -> StoreResult<i64> {
    if let Some(user_id) = actor_user(db, new.actor_id).await? {
        rename_stand_in(db, user_id, &new.display_name).await?;
        return Ok(user_id);
    }
    let user_id = insert_stand_in(db, new)
        .await?
        .ok_or(StoreError::Conflict(super::Constraint::Username))?;
    // A stand-in taken over from an earlier actor of the same name.
    unlink_user(db, user_id, new.actor_id).await?;
    link_actor(db, new.actor_id, user_id).await?;
    Ok(user_id)
}

async fn is_remote_user<D: Db>(db: &D, user_id: i64) -> StoreResult<bool> {
    Ok(user_is_remote(db, user_id).await?.unwrap_or(false))
}

store! {
    /// Makes or finds the local account standing in for a remote actor.
    write stand_in(new: &NewStandIn) -> i64;
    /// The id of the remote actor a stand-in account stands for.
    lookup stand_in_actor_uri(user_id: i64) -> Option<String>;
    /// The stand-in account of an actor, if one was made.
    lookup stand_in_user(actor_uri: &str) -> Option<i64>;
    /// Whether the account stands in for a reader elsewhere.
    lookup is_remote_user(user_id: i64) -> bool = is_remote_user;
}
