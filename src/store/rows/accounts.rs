//! Accounts: readers, their sign-up, sessions' credentials and API tokens.

use crate::store::StoreResult;
use crate::store::db::Row;
use crate::store::queries::FromRow;

rows! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct User {
        pub id: i64,
        pub username: String,
        pub display_name: String,
        pub is_moderator: bool,
        /// Runs the site: above moderators, and reads their log.
        pub is_admin: bool,
        pub suspended: bool,
        pub bio: Option<String>,
        pub created_at: i64,
        /// Unread notifications; counted only where a request's reader is looked up.
        pub unread: i64,
        /// Who sees their profile and shelves: a `domain::privacy::Visibility` key.
        pub visibility: String,
        /// "light" or "dark" as the reader chose; None follows the system.
        pub theme: Option<String>,
    }
}

impl User {
    pub fn role(&self) -> crate::domain::roles::Role {
        crate::domain::roles::Role::of(self.is_moderator, self.is_admin)
    }
}

rows! {
    /// Enough of a person to name and link them.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UserRef {
        pub id: i64,
        pub username: String,
        pub display_name: String,
    }
}

/// A reader who may be no one: NULL columns (a deleted account, no one recorded).
impl FromRow for Option<UserRef> {
    fn read_at(row: &dyn Row, at: &mut usize) -> StoreResult<Self> {
        let id = Option::<i64>::read_at(row, at)?;
        let names = <(Option<String>, Option<String>)>::read_at(row, at)?;
        Ok(match (id, names) {
            (Some(id), (Some(username), Some(display_name))) => Some(UserRef {
                id,
                username,
                display_name,
            }),
            _ => None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub username_key: String,
    pub display_name: String,
    pub password_hash: String,
    pub appoint: Appoint,
    pub now: i64,
}

/// Whether a new account runs the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appoint {
    Reader,
    /// The admin if the site has none yet: the set-up step, or the first
    /// sign-up on a site that lets its first reader run it.
    AdminIfNone,
    Admin,
}

impl Appoint {
    /// What a sign-up from the pages or the API may become.
    pub fn sign_up(first_reader_runs_site: bool) -> Appoint {
        if first_reader_runs_site {
            Appoint::AdminIfNone
        } else {
            Appoint::Reader
        }
    }
}

rows! {
    #[derive(Debug, Clone)]
    pub struct Credentials {
        pub user: User,
        pub password_hash: String,
    }
}

rows! {
    /// An API token as its owner sees it in their settings.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TokenInfo {
        pub id: i64,
        pub name: String,
        /// "read" or "write".
        pub scope: String,
        pub created_at: i64,
        pub last_used_at: Option<i64>,
        /// When it stops working on its own (None: when revoked).
        pub expires_at: Option<i64>,
    }
}

/// An API token to keep: the digest of its secret, never the secret.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub user_id: i64,
    pub token_hash: String,
    pub name: String,
    /// "read" or "write".
    pub scope: String,
    pub now: i64,
    /// When it stops working on its own (None: when revoked).
    pub expires_at: Option<i64>,
    /// When the password made it, if it did.
    pub password_proved_at: Option<i64>,
}

rows! {
    /// What a presented token is and may do.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TokenGrant {
        pub id: i64,
        /// "read" or "write".
        pub scope: String,
        /// When the token was made by giving the password, if it was.
        pub password_proved_at: Option<i64>,
    }

}
