//! Requests to join, invitation links, the accounts made lately, and the
//! operator's list of every account.

use super::db::{Db, Row};
use crate::sql;
use crate::store::{Constraint, NewUser, StoreError, StoreResult, User};

/// A request to join as the applicant sent it.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub username: String,
    pub username_key: String,
    pub display_name: String,
    pub password_hash: String,
    pub reason: String,
    pub now: i64,
}

impl super::methods::Record for NewRequest {}

/// A request waiting for an admin.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub reason: String,
    pub created_at: i64,
}

/// An invitation as its maker sees it (never its code).
#[derive(Debug, Clone)]
pub struct InviteRow {
    pub id: i64,
    pub created_by: i64,
    pub max_uses: i64,
    pub uses: i64,
    pub expires_at: i64,
    pub created_at: i64,
    pub revoked: bool,
}

/// An account made lately, for moderators to look over.
#[derive(Debug, Clone)]
pub struct NewAccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub created_at: i64,
    pub suspended: bool,
    pub is_moderator: bool,
    pub reviews: i64,
    pub comments: i64,
    /// Who made the invitation it came with, if any.
    pub invited_by: Option<String>,
}

fn request_row(r: &dyn Row) -> StoreResult<RequestRow> {
    Ok(RequestRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        reason: r.get(3)?,
        created_at: r.get(4)?,
    })
}

fn invite_row(r: &dyn Row) -> StoreResult<InviteRow> {
    Ok(InviteRow {
        id: r.get(0)?,
        created_by: r.get(1)?,
        max_uses: r.get(2)?,
        uses: r.get(3)?,
        expires_at: r.get(4)?,
        created_at: r.get(5)?,
        revoked: r.get(6)?,
    })
}

fn new_account_row(r: &dyn Row) -> StoreResult<NewAccountRow> {
    Ok(NewAccountRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        created_at: r.get(3)?,
        suspended: r.get(4)?,
        is_moderator: r.get(5)?,
        reviews: r.get(6)?,
        comments: r.get(7)?,
        invited_by: r.get(8)?,
    })
}

/// Files the request; a name taken by an account or a waiting request is a conflict.
pub(crate) async fn create_request<D: Db>(db: &D, new: &NewRequest) -> StoreResult<i64> {
    let taken = db
        .value::<i64>(
            sql!(
                "SELECT 1 FROM users WHERE username_key = $1
                 UNION ALL SELECT 1 FROM registration_requests WHERE username_key = $1 AND state = 'waiting'
                 LIMIT 1"
            ),
            &[&new.username_key],
        )
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(Constraint::Username));
    }
    Ok(db
        .value(
            sql!(
                "INSERT INTO registration_requests (username, username_key, display_name, password_hash, reason, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
            ),
            &[&new.username, &new.username_key, &new.display_name, &new.password_hash, &new.reason, &new.now],
        )
        .await?
        .unwrap_or_default())
}

/// Decides a waiting request: approved, its account is made (and handed
/// back); refused, nothing is. None: no such request is waiting.
pub(crate) async fn decide_request<D: Db>(
    db: &D,
    id: i64,
    approve: bool,
    by: i64,
    now: i64,
) -> StoreResult<Option<Option<User>>> {
    let waiting = db
        .one(
            sql!(
                "SELECT username, username_key, display_name, password_hash FROM registration_requests
                 WHERE id = $1 AND state = 'waiting'"
            ),
            &[&id],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<Option<String>>(3)?,
                ))
            },
        )
        .await?;
    let Some((username, username_key, display_name, hash)) = waiting else {
        return Ok(None);
    };
    let made = if approve {
        let new = NewUser {
            username,
            username_key,
            display_name,
            password_hash: hash.unwrap_or_default(),
            appoint: crate::store::Appoint::Reader,
            now,
        };
        Some(super::accounts::create_user(db, &new).await?)
    } else {
        None
    };
    let state = if approve { "approved" } else { "refused" };
    db.exec(
        sql!(
            "UPDATE registration_requests SET state = $2, decided_at = $3, decided_by = $4, password_hash = NULL
             WHERE id = $1"
        ),
        &[&id, &state, &now, &by],
    )
    .await?;
    Ok(Some(made))
}

/// Spends one use of the invitation and makes the account, in one step: a
/// refused account gives the use back. None: the code lets nobody in now.
pub(crate) async fn create_invited_user<D: Db>(
    db: &D,
    new: &NewUser,
    code_hash: &str,
) -> StoreResult<Option<User>> {
    let invite = db
        .one(
            sql!(
                "UPDATE invites SET uses = uses + 1
                 WHERE code_hash = $1 AND NOT revoked AND uses < max_uses AND expires_at > $2
                 RETURNING id, created_by"
            ),
            &[&code_hash, &new.now],
            |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?)),
        )
        .await?;
    let Some((_, maker)) = invite else {
        return Ok(None);
    };
    let user = super::accounts::create_user(db, new).await?;
    db.exec(
        sql!("UPDATE users SET invited_by = $2 WHERE id = $1"),
        &[&user.id, &maker],
    )
    .await?;
    Ok(Some(user))
}

queries! {
    pub(crate) all waiting_requests(limit: i64) -> RequestRow, by request_row =
        ("SELECT id, username, display_name, reason, created_at FROM registration_requests
          WHERE state = 'waiting' ORDER BY id LIMIT $1");
    pub(crate) value create_invite(code_hash: &str, by: i64, max_uses: i64, expires_at: i64, now: i64) -> i64 =
        ("INSERT INTO invites (code_hash, created_by, max_uses, expires_at, created_at)
          VALUES ($1, $2, $3, $4, $5) RETURNING id");
    pub(crate) one invite_by_code(code_hash: &str) -> InviteRow, by invite_row =
        ("SELECT id, created_by, max_uses, uses, expires_at, created_at, revoked FROM invites WHERE code_hash = $1");
    pub(crate) all invites_by(user_id: i64) -> InviteRow, by invite_row =
        ("SELECT id, created_by, max_uses, uses, expires_at, created_at, revoked FROM invites
          WHERE created_by = $1 ORDER BY id DESC LIMIT 200");
    pub(crate) affects revoke_invite(id: i64, user_id: i64) =
        ("UPDATE invites SET revoked = TRUE WHERE id = $1 AND created_by = $2 AND NOT revoked");
    pub(crate) all new_accounts(since: i64, limit: i64) -> NewAccountRow, by new_account_row =
        ("SELECT u.id, u.username, u.display_name, u.created_at, u.suspended, u.is_moderator,
                 (SELECT count(*) FROM reviews r WHERE r.user_id = u.id),
                 (SELECT count(*) FROM comments c WHERE c.author_id = u.id),
                 (SELECT i.username FROM users i WHERE i.id = u.invited_by)
          FROM users u WHERE u.created_at >= $1 AND NOT u.remote ORDER BY u.created_at DESC, u.id DESC LIMIT $2");
    pub(crate) all every_account() -> NewAccountRow, by new_account_row =
        ("SELECT u.id, u.username, u.display_name, u.created_at, u.suspended, u.is_moderator,
                 CAST(0 AS BIGINT), CAST(0 AS BIGINT),
                 CAST(CASE WHEN u.is_admin THEN 'admin' ELSE NULL END AS TEXT)
          FROM users u WHERE NOT u.remote ORDER BY u.id");
}

store! {
    /// Files a request to join; a taken name is a conflict.
    write create_request(new: &NewRequest) -> i64;
    /// The requests waiting for an admin, oldest first.
    read waiting_requests(limit: i64) -> Vec<RequestRow>;
    /// Approves (making the account) or refuses a waiting request.
    write decide_request(id: i64, approve: bool, by: i64, now: i64) -> Option<Option<User>>;
    write create_invite(code_hash: &str, by: i64, max_uses: i64, expires_at: i64, now: i64) -> Option<i64>;
    lookup invite_by_code(code_hash: &str) -> Option<InviteRow>;
    lookup invites_by(user_id: i64) -> Vec<InviteRow>;
    write revoke_invite(id: i64, user_id: i64) -> bool;
    /// Makes an account with one use of an invitation.
    write create_invited_user(new: &NewUser, code_hash: &str) -> Option<User>;
    /// Accounts made since then, newest first, with how much they wrote.
    read new_accounts(since: i64, limit: i64) -> Vec<NewAccountRow>;
    /// Every account, for `dogear user list` (the last column says admin).
    read every_account() -> Vec<NewAccountRow>;
}
