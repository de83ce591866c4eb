//! What admins do: roles, suspensions, and the log of what moderators did.

use crate::domain::roles::Role;
use crate::error::{ActionError, ActionResult};
use crate::store::{LogEntry, NewLogEntry, Store, User, UserRef};

/// Writes down what a moderator or admin (None: the command line) did.
pub(super) async fn record(
    store: &Store,
    actor: Option<&User>,
    action: &str,
    target: (&str, i64),
    detail: Option<String>,
) -> ActionResult<()> {
    let entry = NewLogEntry {
        actor_id: actor.map(|a| a.id),
        action: action.to_string(),
        target_kind: target.0.to_string(),
        target_id: target.1,
        detail,
        now: super::now(),
    };
    store.log_action(&entry).await?;
    Ok(())
}

fn admin(user: &User) -> ActionResult<()> {
    if user.role() < Role::Admin {
        return Err(ActionError::Forbidden("only admins can do that".into()));
    }
    Ok(())
}

/// The moderation log, newest first: entries older than `before` (None: from the newest).
pub async fn log(
    store: &Store,
    reader: &User,
    limit: i64,
    before: Option<i64>,
) -> ActionResult<Vec<LogEntry>> {
    admin(reader)?;
    Ok(store
        .moderation_log(limit, before.unwrap_or(i64::MAX))
        .await?)
}

/// The suspended accounts, for an admin to give back.
pub async fn suspended(store: &Store, reader: &User) -> ActionResult<Vec<UserRef>> {
    admin(reader)?;
    Ok(store.suspended_users(500).await?)
}

/// An admin gives a suspended account back.
pub async fn unsuspend(store: &Store, by: &User, username: &str) -> ActionResult<()> {
    admin(by)?;
    let key = crate::domain::username::key(username);
    let target = store
        .user_by_username(&key)
        .await?
        .ok_or(ActionError::NotFound("reader"))?;
    suspend(store, by, &target, false).await
}

/// Suspends (or restores) `target` for `by`, who must stand above them.
pub async fn suspend(store: &Store, by: &User, target: &User, on: bool) -> ActionResult<()> {
    if target.id == by.id {
        return Err(ActionError::Forbidden("you can't suspend yourself".into()));
    }
    if !by.role().may_suspend(target.role()) {
        return Err(ActionError::Forbidden(format!(
            "a {} can't suspend a {}",
            by.role().name(),
            target.role().name()
        )));
    }
    store.set_suspended(target.id, on).await?;
    let action = if on { "suspended" } else { "unsuspended" };
    record(store, Some(by), action, ("user", target.id), None).await
}

/// From the command line: the operator stands above everyone.
pub async fn operator_suspend(store: &Store, target: &User, on: bool) -> ActionResult<()> {
    store.set_suspended(target.id, on).await?;
    let action = if on { "suspended" } else { "unsuspended" };
    record(store, None, action, ("user", target.id), None).await
}

/// From the command line: gives the reader a role.
pub async fn set_role(store: &Store, target: &User, role: Role) -> ActionResult<()> {
    let (moderator, admin) = role.flags();
    store.set_roles(target.id, moderator, admin).await?;
    let detail = Some(format!("now {}", role.name()));
    record(store, None, "role", ("user", target.id), detail).await
}
