//! Joining the site under its registration mode: requests an admin
//! decides, invitation links, and the new accounts moderators look over.

use super::accounts::{self, Signup, name_taken};
use crate::auth::secret;
use crate::domain::registration::{self, InviteState, Mode};
use crate::domain::roles::Role;
use crate::error::{ActionError, ActionResult};
use crate::store::{InviteRow, NewAccountRow, NewRequest, RequestRow, Store, User};

/// What a sign-up came to.
#[derive(Debug)]
pub enum Joined {
    /// The account is made.
    Account(User),
    /// A request waits for an admin.
    Requested,
}

/// What a sign-up form carries beyond the account.
#[derive(Default)]
pub struct JoinForm<'a> {
    /// The invitation code, in invitation-only mode.
    pub invite: Option<&'a str>,
    /// Why they would like to join, when joining is by request.
    pub reason: Option<&'a str>,
    /// The field people never see.
    pub honeypot: Option<&'a str>,
}

/// Signs up as the site's mode allows: at once, by a request, with an invitation, or not at all.
pub async fn join(
    store: &Store,
    mode: Mode,
    signup: Signup,
    form: JoinForm<'_>,
) -> ActionResult<Joined> {
    if registration::is_robot(form.honeypot) {
        return Err(ActionError::invalid(
            registration::HONEYPOT_FIELD,
            "leave the field marked \"leave empty\" empty",
        ));
    }
    match mode {
        Mode::Open => Ok(Joined::Account(accounts::sign_up(store, signup).await?)),
        Mode::Closed => Err(ActionError::Forbidden(
            "this site is not taking new readers; ask its admin for an account".into(),
        )),
        Mode::Request => {
            let reason = registration::reason(form.reason)?;
            let new = accounts::new_user(signup).await?;
            let request = NewRequest {
                username: new.username.clone(),
                username_key: new.username_key,
                display_name: new.display_name,
                password_hash: new.password_hash,
                reason,
                now: new.now,
            };
            store
                .create_request(&request)
                .await
                .map_err(|e| name_taken(e, &request.username))?;
            Ok(Joined::Requested)
        }
        Mode::Invite => {
            let code = form.invite.map(str::trim).unwrap_or_default();
            if code.is_empty() {
                return Err(ActionError::Forbidden(
                    "this site takes new readers by invitation: open the link you were sent".into(),
                ));
            }
            let new = accounts::new_user(signup).await?;
            match store
                .create_invited_user(&new, &secret::digest(code))
                .await
                .map_err(|e| name_taken(e, &new.username))?
            {
                Some(user) => Ok(Joined::Account(user)),
                None => Err(ActionError::invalid(
                    "invite",
                    "that invitation is used up, expired or withdrawn; ask for a new one",
                )),
            }
        }
    }
}

fn admin(user: &User) -> ActionResult<()> {
    if user.role() < Role::Admin {
        return Err(ActionError::Forbidden("only admins can do that".into()));
    }
    Ok(())
}

/// The requests to join waiting for a decision, oldest first.
pub async fn requests(store: &Store, by: &User) -> ActionResult<Vec<RequestRow>> {
    admin(by)?;
    Ok(store.waiting_requests(200).await?)
}

/// An admin approves (the account is made) or refuses a waiting request.
pub async fn decide(
    store: &Store,
    by: &User,
    id: i64,
    approve: bool,
) -> ActionResult<Option<User>> {
    admin(by)?;
    let made = store
        .decide_request(id, approve, by.id, super::now())
        .await
        .map_err(|e| name_taken(e, "asked for"))?
        .ok_or(ActionError::NotFound("request to join"))?;
    let action = if approve {
        "approved_request"
    } else {
        "refused_request"
    };
    super::admin::record(store, Some(by), action, ("registration_request", id), None).await?;
    Ok(made)
}

/// Who may make invitations: admins, and readers when the site lets them.
fn may_invite(by: &User, readers_invite: bool) -> ActionResult<()> {
    super::may_write(by)?;
    if by.role() < Role::Admin && !readers_invite {
        return Err(ActionError::Forbidden(
            "only admins make invitations on this site".into(),
        ));
    }
    Ok(())
}

/// A made invitation: the code (shown once) and what it allows.
pub struct MadeInvite {
    pub code: String,
    pub invite: InviteRow,
}

/// A new invitation link for `uses` readers over `days` days.
pub async fn create_invite(
    store: &Store,
    by: &User,
    readers_invite: bool,
    uses: Option<i64>,
    days: Option<i64>,
) -> ActionResult<MadeInvite> {
    may_invite(by, readers_invite)?;
    let (max_uses, days) = registration::invite_terms(uses, days)?;
    let code = secret::new_secret();
    let now = super::now();
    let expires_at = now + days * 24 * 3600;
    let id = store
        .create_invite(&secret::digest(&code), by.id, max_uses, expires_at, now)
        .await?
        .unwrap_or_default();
    Ok(MadeInvite {
        code,
        invite: InviteRow {
            id,
            created_by: by.id,
            max_uses,
            uses: 0,
            expires_at,
            created_at: now,
            revoked: false,
        },
    })
}

/// The invitations the reader made, newest first.
pub async fn invites(store: &Store, by: &User) -> ActionResult<Vec<InviteRow>> {
    Ok(store.invites_by(by.id).await?)
}

/// Withdraws one of the reader's own invitations.
pub async fn revoke_invite(store: &Store, by: &User, id: i64) -> ActionResult<()> {
    if !store.revoke_invite(id, by.id).await? {
        return Err(ActionError::NotFound("invitation"));
    }
    Ok(())
}

/// Where the invitation with this code stands (None: there is none).
pub async fn invite_state(store: &Store, code: &str) -> ActionResult<Option<InviteState>> {
    let found = store.invite_by_code(&secret::digest(code.trim())).await?;
    Ok(found.map(|i| state_of(&i)))
}

pub fn state_of(invite: &InviteRow) -> InviteState {
    InviteState::of(
        invite.uses,
        invite.max_uses,
        invite.expires_at,
        invite.revoked,
        super::now(),
    )
}

/// How far back the new accounts page looks, in days.
pub const NEW_ACCOUNT_DAYS: i64 = 14;

/// The accounts made in the last two weeks, for moderators.
pub async fn new_accounts(store: &Store, by: &User) -> ActionResult<Vec<NewAccountRow>> {
    if by.role() < Role::Moderator {
        return Err(ActionError::Forbidden(
            "only moderators see the new accounts".into(),
        ));
    }
    let since = super::now() - NEW_ACCOUNT_DAYS * 24 * 3600;
    Ok(store.new_accounts(since, 500).await?)
}

/// A moderator suspends (or gives back) an account by name, in one click.
pub async fn suspend_by_name(
    store: &Store,
    by: &User,
    username: &str,
    on: bool,
) -> ActionResult<()> {
    let target = store
        .user_by_username(&crate::domain::username::key(username))
        .await?
        .ok_or(ActionError::NotFound("reader"))?;
    super::admin::suspend(store, by, &target, on).await
}
