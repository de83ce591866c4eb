//! Signing up, signing in and out, API tokens, and leaving.

use crate::auth::{password, secret};
use crate::domain::access::Scope;
use crate::domain::username::{self, Username};
use crate::error::{ActionError, ActionResult};
use crate::store::{NewUser, Store, StoreError, TokenGrant, User};

pub struct Signup {
    pub username: String,
    pub password: String,
    pub display_name: Option<String>,
}

pub async fn sign_up(store: &Store, form: Signup) -> ActionResult<User> {
    let name = Username::parse(&form.username)?;
    username::check_password(&form.password)?;
    let display_name = username::display_name(form.display_name.as_deref(), &name)?;
    let password_hash = password::hash(form.password).await?;
    let new = NewUser {
        username: name.as_str().to_string(),
        username_key: name.key(),
        display_name,
        password_hash,
        now: super::now(),
    };
    store.create_user(&new).await.map_err(|e| match e {
        StoreError::Conflict(_) => ActionError::Conflict {
            field: "username",
            message: format!("{} is taken; choose another name", name.as_str()),
        },
        other => other.into(),
    })
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
) -> ActionResult<String> {
    let user = check_password(store, username, given).await?;
    issue_token(store, &user, name.unwrap_or("api"), scope).await
}

/// Makes the secret, keeps its digest under the name and scope, and hands the secret back.
async fn issue_token(store: &Store, user: &User, name: &str, scope: Scope) -> ActionResult<String> {
    let name = crate::domain::text::line("name", name, 60)?;
    let token = secret::new_secret();
    store
        .create_token(
            &secret::digest(&token),
            user.id,
            &name,
            scope.as_str(),
            super::now(),
        )
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

/// Deletes the account. From the pages the password is asked again; the API
/// caller has proved it with a token.
pub async fn delete_account(store: &Store, user: &User, given: Option<&str>) -> ActionResult<()> {
    if let Some(given) = given {
        check_password(store, &user.username, given).await?;
    }
    store.delete_user(user.id).await?;
    Ok(())
}

/// A new named API token for a signed-in reader; the secret is shown once.
pub async fn create_named_token(
    store: &Store,
    user: &User,
    name: &str,
    scope: Scope,
) -> ActionResult<String> {
    super::may_write(user)?;
    issue_token(store, user, name, scope).await
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
