//! Accounts, sessions and API tokens.

use super::db::Db;
use super::{Store, TOKEN_USE_RESOLUTION};
use crate::store::{
    Appoint, Constraint, Credentials, NewToken, NewUser, StoreError, StoreResult, TokenGrant,
    TokenInfo, User, UserRef,
};

macro_rules! user_columns {
    () => {
        "u.id, u.username, u.display_name, u.is_moderator, u.is_admin, u.suspended, u.bio, u.created_at, 0, u.visibility, u.theme"
    };
}

/// The same, with the unread notification groups (the lines the
/// notifications page shows) counted, for the request's reader.
macro_rules! viewer_columns {
    () => {
        concat!(
            "u.id, u.username, u.display_name, u.is_moderator, u.is_admin, u.suspended, u.bio, u.created_at, ",
            unread_groups!(),
            ", u.visibility, u.theme"
        )
    };
}

queries! {
    value any_user() -> i64 = ("SELECT 1 FROM users WHERE NOT remote LIMIT 1");
    value any_admin() -> i64 = ("SELECT 1 FROM users WHERE is_admin LIMIT 1");
    value retired_name(key: &str, since: i64) -> i64 =
        ("SELECT 1 FROM retired_accounts WHERE username_key = $1 AND retired_at > $2 LIMIT 1");
    // SQLite would give the highest id again once its account is gone: the
    // retired ids count too. PostgreSQL's identity never goes back.
    value insert_user(new: &NewUser, admin: bool) -> i64 = (
        sqlite: "INSERT INTO users (id, username, username_key, display_name, password_hash, is_moderator, is_admin, created_at)
         VALUES (max(coalesce((SELECT max(id) FROM users), 0), coalesce((SELECT max(id) FROM retired_accounts), 0)) + 1,
                 $1, $2, $3, $4, $5, $5, $6) RETURNING id",
        postgres: "INSERT INTO users (username, username_key, display_name, password_hash, is_moderator, is_admin, created_at)
         VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
    ) with (new.username, new.username_key, new.display_name, new.password_hash, admin, new.now);
    lock take_turns() = ("SELECT pg_advisory_xact_lock(1)");
}

async fn has_admin<D: Db>(db: &D) -> StoreResult<bool> {
    Ok(any_admin(db).await?.is_some())
}

/// How long a deleted reader's name stays theirs, in seconds.
pub const NAME_RETIRED_FOR: i64 = 90 * 24 * 3600;

pub(crate) async fn create_user<D: Db>(db: &D, new: &NewUser) -> StoreResult<User> {
    let admin = match new.appoint {
        Appoint::Reader => false,
        Appoint::Admin => true,
        Appoint::AdminIfNone => {
            // Claims at once on a PostgreSQL site with no admin would each see
            // none and each win: they take turns here.
            take_turns(db).await?;
            !has_admin(db).await?
        }
    };
    if retired_name(db, &new.username_key, new.now - NAME_RETIRED_FOR)
        .await?
        .is_some()
    {
        return Err(StoreError::Conflict(Constraint::Username));
    }
    let id = insert_user(db, new, admin).await?.unwrap_or_default();
    super::people::index_reader(db, id, &new.username, &new.display_name).await?;
    Ok(User {
        id,
        username: new.username.clone(),
        display_name: new.display_name.clone(),
        is_moderator: admin,
        is_admin: admin,
        suspended: false,
        bio: None,
        created_at: new.now,
        unread: 0,
        visibility: "public".into(),
        theme: None,
    })
}

macro_rules! recount_books {
    () => {
        "UPDATE books SET
            ratings_count = (SELECT count(*) FROM ratings r WHERE r.book_id = books.id),
            ratings_sum = (SELECT CAST(coalesce(sum(stars), 0) AS BIGINT) FROM ratings r WHERE r.book_id = books.id),
            reviews_count = (SELECT count(*) FROM reviews v WHERE v.book_id = books.id)"
    };
}

macro_rules! recount_likes {
    () => {
        "UPDATE reviews SET likes_count = (SELECT count(*) FROM review_likes l WHERE l.review_id = reviews.id)"
    };
}

queries! {
    pub(crate) one credentials(key: &str) -> Credentials = (concat!(
        "SELECT ", user_columns!(), ", u.password_hash FROM users u WHERE u.username_key = $1 AND NOT u.remote"
    ));
    pub(crate) one user_by_key(key: &str) -> User =
        (concat!("SELECT ", user_columns!(), " FROM users u WHERE u.username_key = $1"));
    pub(crate) one user_by_id(id: i64) -> User =
        (concat!("SELECT ", user_columns!(), " FROM users u WHERE u.id = $1"));
    pub(crate) one session_user(hash: &str, now: i64) -> User = (concat!(
        "SELECT ", viewer_columns!(), " FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2"
    ));
    /// The token's reader, and when the token was last used.
    pub(crate) one token_user(hash: &str, now: i64) -> (User, Option<i64>, TokenGrant) = (concat!(
        "SELECT ", viewer_columns!(), ", t.last_used_at, t.id, t.scope, t.password_proved_at
         FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND (t.expires_at IS NULL OR t.expires_at > $2)"
    ));
    pub(crate) exec touch_token(hash: &str, now: i64) =
        ("UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1");
    all rated_or_reviewed(user_id: i64) -> i64 = ("SELECT book_id FROM ratings WHERE user_id = $1
        UNION SELECT book_id FROM reviews WHERE user_id = $1");
    all liked_reviews(user_id: i64) -> i64 = ("SELECT review_id FROM review_likes WHERE user_id = $1");
    exec retire(user_id: i64, now: i64) = ("INSERT INTO retired_accounts (id, username_key, retired_at)
        SELECT id, username_key, $2 FROM users WHERE id = $1");
    exec drop_user(user_id: i64) = ("DELETE FROM users WHERE id = $1");
    lock lock_books(ids: &[i64]) = ("SELECT 1 FROM books WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE");
    exec recount_books(ids: &[i64]) = (
        sqlite: concat!(recount_books!(), " WHERE id IN (SELECT value FROM json_each($1))"),
        postgres: concat!(recount_books!(), " WHERE id = ANY($1)"),
    );
    exec recount_likes(ids: &[i64]) = (
        sqlite: concat!(recount_likes!(), " WHERE id IN (SELECT value FROM json_each($1))"),
        postgres: concat!(recount_likes!(), " WHERE id = ANY($1)"),
    );
    exec store_suspended(user_id: i64, suspended: bool) = ("UPDATE users SET suspended = $2 WHERE id = $1");
    exec drop_sessions(user_id: i64) = ("DELETE FROM sessions WHERE user_id = $1");
    /// Suspended accounts, most recently joined first.
    pub(crate) all suspended_users(limit: i64) -> UserRef = (
        "SELECT id, username, display_name FROM users WHERE suspended ORDER BY id DESC LIMIT $1"
    );
    pub(crate) exec set_roles(user_id: i64, moderator: bool, admin: bool) =
        ("UPDATE users SET is_moderator = $2, is_admin = $3 WHERE id = $1");
    pub(crate) exec create_session(token_hash: &str, user_id: i64, now: i64, expires_at: i64) = (
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)"
    );
    pub(crate) exec delete_session(token_hash: &str) = ("DELETE FROM sessions WHERE token_hash = $1");
    pub(crate) changed forget_expired_sessions(now: i64) =
        ("DELETE FROM sessions WHERE expires_at <= $1");
    /// Ends the reader's sessions but the one named (None: all of them).
    pub(crate) changed end_sessions(user_id: i64, keep: Option<&str>) =
        ("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> coalesce($2, '')");
    pub(crate) exec set_password(user_id: i64, hash: &str) =
        ("UPDATE users SET password_hash = $2 WHERE id = $1");
    pub(crate) exec create_token(t: &NewToken) = (
        "INSERT INTO api_tokens (user_id, token_hash, name, scope, created_at, expires_at, password_proved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    ) with (t.user_id, t.token_hash, t.name, t.scope, t.now, t.expires_at, t.password_proved_at);
    pub(crate) all tokens(user_id: i64) -> TokenInfo = ("SELECT id, name, scope, created_at,
        last_used_at, expires_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC");
    pub(crate) affects revoke_token(user_id: i64, token_id: i64) =
        ("DELETE FROM api_tokens WHERE id = $2 AND user_id = $1");
    value rename(user_id: i64, name: &str) -> String =
        ("UPDATE users SET display_name = $2 WHERE id = $1 RETURNING username");
    exec drop_people_words(user_id: i64) = ("DELETE FROM people_words WHERE user_id = $1");
    pub(crate) exec set_theme(user_id: i64, theme: Option<&str>) = ("UPDATE users SET theme = $2 WHERE id = $1");
}

/// Removes the account and what is only theirs (reviews, ratings, shelves,
/// sessions go by cascade); their comments stay with no author, and the
/// books' counters are recomputed for every book they had rated or reviewed.
pub(crate) async fn delete_user<D: Db>(db: &D, user_id: i64, now: i64) -> StoreResult<()> {
    let books = rated_or_reviewed(db, user_id).await?;
    let reviewed_liked = liked_reviews(db, user_id).await?;
    super::lists::withdraw_votes(db, user_id, now).await?;
    retire(db, user_id, now).await?;
    drop_user(db, user_id).await?;
    lock_books(db, &books).await?;
    recount_books(db, &books).await?;
    recount_likes(db, &reviewed_liked).await
}

pub(crate) async fn set_suspended<D: Db>(db: &D, user_id: i64, suspended: bool) -> StoreResult<()> {
    store_suspended(db, user_id, suspended).await?;
    if suspended {
        drop_sessions(db, user_id).await?;
    }
    Ok(())
}

/// A new display name, and the people search's words for it.
pub(crate) async fn set_display_name<D: Db>(db: &D, user_id: i64, name: &str) -> StoreResult<()> {
    let Some(username) = rename(db, user_id, name).await? else {
        return Err(StoreError::MissingReference);
    };
    drop_people_words(db, user_id).await?;
    super::people::index_reader(db, user_id, &username, name).await
}

store! {
    /// Renames the reader as others see them (their username stays).
    write set_display_name(user_id: i64, name: &str) -> ();
    /// "light", "dark", or None to follow the system.
    write set_theme(user_id: i64, theme: Option<&str>) -> ();
    /// Whether anyone runs the site yet.
    lookup has_admin() -> bool;
    write create_user(new: &NewUser) -> User;
    lookup credentials(username_key: &str) -> Option<Credentials>;
    lookup user_by_username(username_key: &str) -> Option<User> = user_by_key;
    lookup user_by_id(id: i64) -> Option<User>;
    /// Deletes the account; its id and, for a while, its name stay retired.
    write delete_user(user_id: i64, now: i64) -> ();
    /// Suspended accounts, newest first.
    read suspended_users(limit: i64) -> Vec<UserRef>;
    /// What the reader may do beyond reading and writing their own.
    write set_roles(user_id: i64, moderator: bool, admin: bool) -> ();
    write create_session(token_hash: &str, user_id: i64, now: i64, expires_at: i64) -> ();
    lookup session_user(token_hash: &str, now: i64) -> Option<User>;
    write delete_session(token_hash: &str) -> ();
    /// Deletes the sessions that had ended by `now`: how many.
    write forget_expired_sessions(now: i64) -> u64;
    /// A token that ends at `expires_at` (None: when revoked).
    write create_token(token: &NewToken) -> ();
    /// Ends the reader's sessions but the one named (None: all); how many ended.
    write end_sessions(user_id: i64, keep: Option<&str>) -> u64;
    write set_password(user_id: i64, hash: &str) -> ();
    /// The reader's API tokens, newest first (never the secrets themselves).
    lookup tokens(user_id: i64) -> Vec<TokenInfo>;
    /// Revokes one of the reader's tokens; false if they have no such token.
    write revoke_token(user_id: i64, token_id: i64) -> bool;
    /// Suspends or restores an account; suspending ends its sessions.
    write set_suspended(user_id: i64, suspended: bool) -> ();
}

impl Store {
    /// Whether anyone has an account yet.
    pub async fn has_readers(&self) -> StoreResult<bool> {
        lookup!(self, |db| async { Ok(any_user(db).await?.is_some()) })
    }

    pub async fn token_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<(User, TokenGrant)>> {
        let hash = token_hash.to_string();
        let key = hash.clone();
        let Some((user, last_used, grant)) = lookup!(self, |db| token_user(db, &key, now))? else {
            return Ok(None);
        };
        // A read, not a write, per call: the last use is kept to the minute.
        if last_used.is_none_or(|t| t < now - TOKEN_USE_RESOLUTION) {
            write!(self, |db| touch_token(db, &hash, now))?;
        }
        Ok(Some((user, grant)))
    }
}
