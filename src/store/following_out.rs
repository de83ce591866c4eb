//! Local readers following readers on other servers: the Follow sent, its
//! answer, and the actors found by handle.

use super::federation::{remote_actor_row, remote_columns};
use crate::store::RemoteActor;

queries! {
    pub(crate) one remote_actor_by_id(id: i64) -> RemoteActor, by remote_actor_row = (concat!(
        "SELECT ", remote_columns!(), " FROM remote_actors WHERE id = $1"));
    /// Names are matched whatever their case: servers differ on it.
    pub(crate) one remote_actor_by_handle(username: &str, host: &str) -> RemoteActor, by remote_actor_row = (concat!(
        "SELECT ", remote_columns!(), " FROM remote_actors
         WHERE lower(username) = lower($1) AND host = $2 ORDER BY fetched_at DESC, id"));
    pub(crate) exec start_remote_following(user_id: i64, actor_id: i64, follow_id: &str, now: i64) =
        ("INSERT INTO remote_following (user_id, actor_id, follow_id, pending, created_at)
          VALUES ($1, $2, $3, TRUE, $4)
          ON CONFLICT (user_id, actor_id) DO UPDATE SET follow_id = excluded.follow_id,
             pending = TRUE, created_at = excluded.created_at");
    /// (the Follow's id, still pending) for the reader and the actor.
    pub(crate) one remote_following_state(user_id: i64, actor_id: i64) -> (String, bool) =
        ("SELECT follow_id, pending FROM remote_following WHERE user_id = $1 AND actor_id = $2");
    /// The reader whose Follow (by its id) the actor answers, and whether it is pending.
    pub(crate) one answered_follow(actor_id: i64, follow_id: &str) -> (i64, bool) =
        ("SELECT user_id, pending FROM remote_following WHERE actor_id = $1 AND follow_id = $2");
    pub(crate) affects accept_remote_following(user_id: i64, actor_id: i64) =
        ("UPDATE remote_following SET pending = FALSE
          WHERE user_id = $1 AND actor_id = $2 AND pending");
    pub(crate) affects drop_remote_following(user_id: i64, actor_id: i64) =
        ("DELETE FROM remote_following WHERE user_id = $1 AND actor_id = $2");
    /// The actors elsewhere the reader follows; `pending` ones have not answered yet.
    pub(crate) all remote_following(user_id: i64, pending: bool) -> RemoteActor, by remote_actor_row = (concat!(
        "SELECT ", remote_columns!(), " FROM remote_actors
         WHERE id IN (SELECT actor_id FROM remote_following WHERE user_id = $1 AND pending = $2)
         ORDER BY id"));
}

store! {
    lookup remote_actor_by_id(id: i64) -> Option<RemoteActor>;
    lookup remote_actor_by_handle(username: &str, host: &str) -> Option<RemoteActor>;
    /// Notes a Follow sent (again): pending until answered.
    write start_remote_following(user_id: i64, actor_id: i64, follow_id: &str, now: i64) -> ();
    lookup remote_following_state(user_id: i64, actor_id: i64) -> Option<(String, bool)>;
    lookup answered_follow(actor_id: i64, follow_id: &str) -> Option<(i64, bool)>;
    write accept_remote_following(user_id: i64, actor_id: i64) -> bool;
    write drop_remote_following(user_id: i64, actor_id: i64) -> bool;
    read remote_following(user_id: i64, pending: bool) -> Vec<RemoteActor>;
}
