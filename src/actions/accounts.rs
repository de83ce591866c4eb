//! Signing up, signing in and out, API tokens, and leaving.

use crate::auth::{password, secret};
use crate::domain::access::Scope;
use crate::domain::preferences::Theme;
use crate::domain::username::{self, Username};
use crate::error::{ActionError, ActionResult};
use crate::store::{Appoint, NewToken, NewUser, Store, StoreError, TokenGrant, User};

pub struct Signup {
    pub username: String,
    pub password: String,
    pub display_name: Option<String>,
    /// Whether the account may become the site's admin.
    pub appoint: Appoint,
}

pub async fn sign_up(store: &Store, form: Signup) -> ActionResult<User> {
    let new = new_user(form).await?;
    store
        .create_user(&new)
        .await
        .map_err(|e| name_taken(e, &new.username))
}

/// The account the form describes, checked, with its password hashed.
pub(crate) async fn new_user(form: Signup) -> ActionResult<NewUser> {
    let name = Username::parse(&form.username)?;
    username::check_password(&form.password)?;
    let display_name = username::display_name(form.display_name.as_deref(), &name)?;
    let password_hash = password::hash(form.password).await?;
    Ok(NewUser {
        username: name.as_str().to_string(),
        username_key: name.key(),
        display_name,
        password_hash,
        appoint: form.appoint,
        now: super::now(),
    })
}

/// A write refused for a taken name, said so.
pub(crate) fn name_taken(e: StoreError, name: &str) -> ActionError {
    match e {
        StoreError::Conflict(_) => ActionError::Conflict {
            field: "username",
            message: format!("the name {name} is taken; choose another"),
        },
        other => other.into(),
    }
}

/// The set-up step: the first admin, proved by the code the server printed
/// when it started (so the first stranger to find a new site does not run it).
pub async fn set_up(
    store: &Store,
    code: &str,
    expected: &str,
    mut form: Signup,
) -> ActionResult<User> {
    if store.has_admin().await? {
        return Err(ActionError::NotFound("set-up step"));
    }
    if !crate::auth::csrf::matches(expected, code.trim()) {
        return Err(ActionError::invalid(
            "code",
            "that is not the code the server printed when it started",
        ));
    }
    form.appoint = Appoint::AdminIfNone;
    let user = sign_up(store, form).await?;
    if !user.is_admin {
        // Someone with the code was quicker: this is an ordinary account now.
        return Err(ActionError::Conflict {
            field: "code",
            message: "the site has its admin already".into(),
        });
    }
    Ok(user)
}

/// The reader whose name and password these are. Unknown names and wrong
/// passwords get the same answer, in the same time.
pub async fn check_password(store: &Store, name: &str, given: &str) -> ActionResult<User> {
    let found = store.credentials(&username::key(name)).await?;
    let stored = found
        .as_ref()
        .map_or(password::DECOY.to_string(), |c| c.password_hash.clone());
    let ok = password::verify(given.to_string(), stored).await;
    match found {
        Some(c) if ok => {
            if c.user.suspended {
                return Err(ActionError::Forbidden("this account is suspended".into()));
            }
            Ok(c.user)
        }
        _ => Err(ActionError::Invalid(crate::domain::Invalid::new(
            "password",
            "that username and password do not match",
        ))),
    }
}

/// Starts a browser session; the secret goes in the cookie, its digest in the database.
pub async fn start_session(store: &Store, user: &User) -> ActionResult<String> {
    let token = secret::new_secret();
    let now = super::now();
    let expires = now + crate::auth::SESSION_DAYS * 24 * 3600;
    store
        .create_session(&secret::digest(&token), user.id, now, expires)
        .await?;
    Ok(token)
}

pub async fn end_session(store: &Store, token: &str) -> ActionResult<()> {
    store.delete_session(&secret::digest(token)).await?;
    Ok(())
}

/// A new API token for the reader, proved by their password; shown once,
/// stored as a digest.
pub async fn create_token(
    store: &Store,
    username: &str,
    given: &str,
    name: Option<&str>,
    scope: Scope,
    expires_in_days: Option<i64>,
) -> ActionResult<String> {
    let user = check_password(store, username, given).await?;
    let name = name.unwrap_or("api");
    issue_token(store, &user, name, scope, expires_in_days, true).await
}

/// Makes the secret, keeps its digest under the name and scope, and hands the secret back.
async fn issue_token(
    store: &Store,
    user: &User,
    name: &str,
    scope: Scope,
    expires_in_days: Option<i64>,
    password_proved: bool,
) -> ActionResult<String> {
    let name = crate::domain::text::line("name", name, 60)?;
    let expires_at = match expires_in_days {
        None => None,
        Some(days @ 1..=3650) => Some(super::now() + days * 24 * 3600),
        Some(_) => {
            return Err(ActionError::invalid(
                "expires_in_days",
                "must be from 1 to 3650 days, or left out for a token that lasts until revoked",
            ));
        }
    };
    let token = secret::new_secret();
    let now = super::now();
    store
        .create_token(&NewToken {
            user_id: user.id,
            token_hash: secret::digest(&token),
            name,
            scope: scope.as_str().to_string(),
            now,
            expires_at,
            password_proved_at: password_proved.then_some(now),
        })
        .await?;
    Ok(token)
}

/// The reader a bearer token belongs to, and what the token may do.
pub async fn token_user(store: &Store, token: &str) -> ActionResult<(User, TokenGrant)> {
    if !secret::well_formed(token) {
        return Err(ActionError::Unauthorized);
    }
    match store
        .token_user(&secret::digest(token), super::now())
        .await?
    {
        Some((user, grant)) if !user.suspended => Ok((user, grant)),
        Some(_) => Err(ActionError::Forbidden("this account is suspended".into())),
        None => Err(ActionError::Unauthorized),
    }
}

/// What stands for the password when an account is deleted.
pub enum Proof<'a> {
    /// Given again, as the settings page and the API both allow.
    Password(&'a str),
    /// The API token's word: it counts only when the password made it moments ago.
    Token(&'a TokenGrant),
}

/// Deletes the account, once the password is proved again: a stolen session
/// or an old token is not enough to lose a library.
pub async fn delete_account(store: &Store, user: &User, proof: Proof<'_>) -> ActionResult<()> {
    match proof {
        Proof::Password(given) => {
            check_password(store, &user.username, given).await?;
        }
        Proof::Token(grant) => {
            if !crate::domain::access::proves_password(grant.password_proved_at, super::now()) {
                return Err(ActionError::invalid(
                    "password",
                    "send your password to delete the account ({\"password\": \"...\"}); \
                     a token proves it only in the minutes after POST /tokens made it",
                ));
            }
        }
    }
    store.delete_user(user.id, super::now()).await?;
    Ok(())
}

/// A new password, proved by the current one; every session but `keep` (the
/// browser asking, if any) ends, so whoever knew the old one is signed out.
pub async fn change_password(
    store: &Store,
    user: &User,
    current: &str,
    new: &str,
    keep: Option<&str>,
) -> ActionResult<()> {
    check_password(store, &user.username, current).await?;
    username::check_password(new).map_err(|e| crate::domain::Invalid {
        field: "new_password",
        ..e
    })?;
    let hash = password::hash(new.to_string()).await?;
    store.set_password(user.id, &hash).await?;
    store
        .end_sessions(user.id, keep.map(secret::digest).as_deref())
        .await?;
    Ok(())
}

/// Signs the reader out of every browser, this one too; how many sessions ended.
pub async fn sign_out_everywhere(store: &Store, user: &User) -> ActionResult<u64> {
    Ok(store.end_sessions(user.id, None).await?)
}

/// A new named API token for a signed-in reader; the secret is shown once.
pub async fn create_named_token(
    store: &Store,
    user: &User,
    name: &str,
    scope: Scope,
    expires_in_days: Option<i64>,
) -> ActionResult<String> {
    super::may_write(user)?;
    issue_token(store, user, name, scope, expires_in_days, false).await
}

pub async fn tokens(store: &Store, user: &User) -> ActionResult<Vec<crate::store::TokenInfo>> {
    Ok(store.tokens(user.id).await?)
}

pub async fn revoke_token(store: &Store, user: &User, id: i64) -> ActionResult<()> {
    if !store.revoke_token(user.id, id).await? {
        return Err(ActionError::NotFound("token"));
    }
    Ok(())
}

/// The profile form: the display name (by the same rule as at sign-up;
/// empty gives the username), who sees the profile, and the bio. Everything
/// is checked before anything is written, so a refused form changes nothing.
pub async fn save_profile(
    store: &Store,
    user: &User,
    display_name: Option<&str>,
    visibility: &str,
    bio: Option<&str>,
) -> ActionResult<()> {
    super::may_write(user)?;
    let name = match display_name {
        Some(input) => {
            let username = Username::parse(&user.username)
                .map_err(|e| ActionError::Internal(format!("stored username: {e}")))?;
            Some(username::display_name(Some(input), &username)?)
        }
        None => None,
    };
    super::social::set_profile(store, user, visibility, bio).await?;
    if let Some(name) = name.filter(|n| *n != user.display_name) {
        store.set_display_name(user.id, &name).await?;
    }
    Ok(())
}

/// Light, dark, or the system's: the look of every page the reader sees.
pub async fn set_theme(store: &Store, user: &User, input: &str) -> ActionResult<Theme> {
    super::may_write(user)?;
    let theme = Theme::parse(input)?;
    store.set_theme(user.id, theme.stored()).await?;
    Ok(theme)
}
