//! What the site's operator does from the command line (`dogear user ...`):
//! no one signs in for these, and no registration mode stands in the way.

use super::accounts::{self, Signup, name_taken};
use crate::auth::password;
use crate::domain::username;
use crate::error::{ActionError, ActionResult};
use crate::store::{Appoint, NewAccountRow, Store, User};

/// Adds a reader (an admin with `admin`), whatever the registration mode.
pub async fn add_user(
    store: &Store,
    name: &str,
    password: &str,
    admin: bool,
) -> ActionResult<User> {
    let signup = Signup {
        username: name.to_string(),
        password: password.to_string(),
        display_name: None,
        appoint: if admin {
            Appoint::Admin
        } else {
            Appoint::Reader
        },
    };
    let new = accounts::new_user(signup).await?;
    let user = store
        .create_user(&new)
        .await
        .map_err(|e| name_taken(e, &new.username))?;
    super::admin::record(store, None, "added_user", ("user", user.id), None).await?;
    Ok(user)
}

/// Sets a reader's password and signs them out everywhere.
pub async fn set_password(store: &Store, target: &User, new: &str) -> ActionResult<()> {
    username::check_password(new)?;
    let hash = password::hash(new.to_string()).await?;
    store.set_password(target.id, &hash).await?;
    store.end_sessions(target.id, None).await?;
    super::admin::record(store, None, "set_password", ("user", target.id), None).await
}

/// Deletes a reader's account and everything theirs.
pub async fn delete_user(store: &Store, target: &User) -> ActionResult<()> {
    store.delete_user(target.id, super::now()).await?;
    super::admin::record(store, None, "deleted_user", ("user", target.id), None).await
}

/// Every account, oldest first.
pub async fn list(store: &Store) -> ActionResult<Vec<NewAccountRow>> {
    Ok(store.every_account().await?)
}

/// The reader with this name, or an error saying there is none.
pub async fn find(store: &Store, name: &str) -> ActionResult<User> {
    store
        .user_by_username(&username::key(name))
        .await?
        .ok_or(ActionError::NotFound("reader"))
}
