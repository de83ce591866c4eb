//! Accounts, sessions and API tokens in PostgreSQL.

use tokio_postgres::Row;

use super::Db;
use crate::store::{Credentials, NewUser, StoreResult, TokenGrant, User};

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.is_moderator, u.suspended, u.bio, u.created_at, 0::BIGINT, u.visibility";

/// The same, with the unread notifications counted, for the request's reader.
const VIEWER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.is_moderator, u.suspended, u.bio, u.created_at,
     (SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL), u.visibility";

fn user_row(r: &Row) -> super::PgResult<User> {
    Ok(User {
        id: r.try_get(0)?,
        username: r.try_get(1)?,
        display_name: r.try_get(2)?,
        is_moderator: r.try_get(3)?,
        suspended: r.try_get(4)?,
        bio: r.try_get(5)?,
        created_at: r.try_get(6)?,
        unread: r.try_get(7)?,
        visibility: r.try_get(8)?,
    })
}

pub(super) async fn create_user(db: &Db<'_>, new: &NewUser) -> StoreResult<User> {
    // The first account moderates: a fresh site needs someone who can.
    let first = db
        .value::<i64>("SELECT 1::BIGINT FROM users LIMIT 1", &[])
        .await?
        .is_none();
    let id: i64 = db
        .value(
            "INSERT INTO users (username, username_key, display_name, password_hash, is_moderator, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[&new.username, &new.username_key, &new.display_name, &new.password_hash, &first, &new.now],
        ).await?
        .unwrap_or_default();
    Ok(User {
        id,
        username: new.username.clone(),
        display_name: new.display_name.clone(),
        is_moderator: first,
        suspended: false,
        bio: None,
        created_at: new.now,
        unread: 0,
        visibility: "public".into(),
    })
}

pub(super) async fn credentials(db: &Db<'_>, key: &str) -> StoreResult<Option<Credentials>> {
    db.one(
        &format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.username_key = $1"),
        &[&key],
        |r| {
            Ok(Credentials {
                user: user_row(r)?,
                password_hash: r.try_get(9)?,
            })
        },
    )
    .await
}

pub(super) async fn user_by_key(db: &Db<'_>, key: &str) -> StoreResult<Option<User>> {
    db.one(
        &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username_key = $1"),
        &[&key],
        user_row,
    )
    .await
}

pub(super) async fn session_user(db: &Db<'_>, hash: &str, now: i64) -> StoreResult<Option<User>> {
    db.one(
        &format!(
            "SELECT {VIEWER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        ),
        &[&hash, &now],
        user_row,
    )
    .await
}

/// The token's reader, and when the token was last used.
pub(super) async fn token_user(
    db: &Db<'_>,
    hash: &str,
) -> StoreResult<Option<(User, Option<i64>, TokenGrant)>> {
    db.one(
        &format!(
            "SELECT {VIEWER_COLUMNS}, t.last_used_at, t.id, t.scope FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1"
        ),
        &[&hash],
        |r| {
            Ok((
                user_row(r)?,
                r.try_get(9)?,
                TokenGrant {
                    id: r.try_get(10)?,
                    scope: r.try_get(11)?,
                },
            ))
        },
    )
    .await
}

pub(super) async fn touch_token(db: &Db<'_>, hash: &str, now: i64) -> StoreResult<()> {
    db.exec(
        "UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1",
        &[&hash, &now],
    )
    .await?;
    Ok(())
}

/// Removes the account and what is only theirs (reviews, ratings, shelves,
/// sessions go by cascade); their comments stay with no author, and the
/// books' counters are recomputed for every book they had rated or reviewed.
pub(super) async fn delete_user(db: &Db<'_>, user_id: i64) -> StoreResult<()> {
    let books: Vec<i64> = db
        .all(
            "SELECT book_id FROM ratings WHERE user_id = $1
         UNION SELECT book_id FROM reviews WHERE user_id = $1",
            &[&user_id],
            |r| r.try_get(0),
        )
        .await?;
    let reviewed_liked: Vec<i64> = db
        .all(
            "SELECT review_id FROM review_likes WHERE user_id = $1",
            &[&user_id],
            |r| r.try_get(0),
        )
        .await?;
    db.exec("DELETE FROM users WHERE id = $1", &[&user_id])
        .await?;
    db.exec(
        "SELECT 1 FROM books WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE",
        &[&books],
    )
    .await?;
    db.exec(
        "UPDATE books SET
            ratings_count = (SELECT count(*) FROM ratings r WHERE r.book_id = books.id),
            ratings_sum = (SELECT coalesce(sum(stars), 0)::BIGINT FROM ratings r WHERE r.book_id = books.id),
            reviews_count = (SELECT count(*) FROM reviews v WHERE v.book_id = books.id)
         WHERE id = ANY($1)", &[&books],
    ).await?;
    db.exec(
        "UPDATE reviews SET likes_count = (SELECT count(*) FROM review_likes l WHERE l.review_id = reviews.id)
         WHERE id = ANY($1)",
        &[&reviewed_liked],
    ).await?;
    Ok(())
}

pub(super) async fn set_suspended(db: &Db<'_>, user_id: i64, suspended: bool) -> StoreResult<()> {
    db.exec(
        "UPDATE users SET suspended = $2 WHERE id = $1",
        &[&user_id, &suspended],
    )
    .await?;
    if suspended {
        db.exec("DELETE FROM sessions WHERE user_id = $1", &[&user_id])
            .await?;
    }
    Ok(())
}

pub(super) async fn user_by_id(db: &Db<'_>, id: i64) -> StoreResult<Option<User>> {
    db.one(
        &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"),
        &[&id],
        user_row,
    )
    .await
}
