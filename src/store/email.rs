//! Email on accounts: the reader's address, the single-use links mailed to
//! them (kept only as digests), the mail they asked for, and the queue of
//! notification mail waiting to go out.

use super::db::{Db, Row};
use crate::sql;
use crate::store::StoreResult;

/// A mailed link as stored: whose, what for, which address, and its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailToken {
    pub user_id: i64,
    pub purpose: String,
    pub address: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// A link to make: `token_hash` is the digest of the secret mailed.
#[derive(Debug, Clone)]
pub struct NewEmailToken {
    pub token_hash: String,
    pub user_id: i64,
    pub purpose: &'static str,
    pub address: String,
    pub now: i64,
    pub expires_at: i64,
}

/// The reader's address (proved theirs) and one waiting to be proved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountEmail {
    pub address: Option<String>,
    pub verified_at: Option<i64>,
    pub pending: Option<String>,
}

/// A notification mail to send, with what its text needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub to: String,
    pub reader_name: String,
    pub actor_name: Option<String>,
    pub review_id: Option<i64>,
    pub book_title: Option<String>,
    pub created_at: i64,
}

fn token_row(r: &dyn Row) -> StoreResult<EmailToken> {
    Ok(EmailToken {
        user_id: r.get(0)?,
        purpose: r.get(1)?,
        address: r.get(2)?,
        expires_at: r.get(3)?,
        used_at: r.get(4)?,
    })
}

fn outgoing_row(r: &dyn Row) -> StoreResult<OutgoingMail> {
    Ok(OutgoingMail {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: r.get(2)?,
        to: r.get(3)?,
        reader_name: r.get(4)?,
        actor_name: r.get(5)?,
        review_id: r.get(6)?,
        book_title: r.get(7)?,
        created_at: r.get(8)?,
    })
}

/// Makes a link, spending the reader's earlier unused links of the same
/// purpose: only the newest mail works.
pub(crate) async fn create_email_token<D: Db>(db: &D, t: &NewEmailToken) -> StoreResult<()> {
    db.exec(
        sql!("UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL"),
        &[&t.user_id, &t.purpose, &t.now],
    )
    .await?;
    db.exec(
        sql!("INSERT INTO email_tokens (token_hash, user_id, purpose, address, created_at, expires_at)
              VALUES ($1, $2, $3, $4, $5, $6)"),
        &[&t.token_hash, &t.user_id, &t.purpose, &t.address, &t.now, &t.expires_at],
    )
    .await?;
    Ok(())
}

queries! {
    pub(crate) one email_token(token_hash: &str) -> EmailToken, by token_row =
        ("SELECT user_id, purpose, address, expires_at, used_at FROM email_tokens WHERE token_hash = $1");
    /// Spends the link if it still works: true for the one use that counts.
    pub(crate) affects spend_email_token(token_hash: &str, purpose: &str, now: i64) =
        ("UPDATE email_tokens SET used_at = $3
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3");
    pub(crate) value user_id_by_email(email_key: &str) -> i64 =
        ("SELECT id FROM users WHERE email_key = $1 AND NOT suspended");
    /// Whichever account holds the address, suspended or not.
    pub(crate) value email_holder(email_key: &str) -> i64 =
        ("SELECT id FROM users WHERE email_key = $1");
    pub(crate) exec set_email(user_id: i64, address: &str, email_key: &str, now: i64) =
        ("UPDATE users SET email = $2, email_key = $3, email_verified_at = $4 WHERE id = $1");
    pub(crate) exec clear_email(user_id: i64) =
        ("UPDATE users SET email = NULL, email_key = NULL, email_verified_at = NULL WHERE id = $1");
    pub(crate) one email_of(user_id: i64) -> (Option<String>, Option<i64>) =
        ("SELECT email, email_verified_at FROM users WHERE id = $1");
    pub(crate) value pending_address(user_id: i64, now: i64) -> String =
        ("SELECT address FROM email_tokens
          WHERE user_id = $1 AND purpose IN ('verify', 'change') AND used_at IS NULL AND expires_at > $2
          ORDER BY created_at DESC LIMIT 1");
    pub(crate) all mail_wanted(user_id: i64) -> String =
        ("SELECT kind FROM email_wanted WHERE user_id = $1 ORDER BY kind");
    pub(crate) affects unsubscribe(user_id: i64, kind: &str) =
        ("DELETE FROM email_wanted WHERE user_id = $1 AND kind = $2");
    pub(crate) all pending_mail(limit: i64, max_attempts: i64) -> OutgoingMail, by outgoing_row =
        ("SELECT o.id, o.user_id, o.kind, u.email, u.display_name, a.display_name, o.review_id, b.title,
                 o.created_at
          FROM mail_outbox o
          JOIN users u ON u.id = o.user_id
          LEFT JOIN users a ON a.id = o.actor_id
          LEFT JOIN reviews v ON v.id = o.review_id
          LEFT JOIN books b ON b.id = v.book_id
          WHERE o.sent_at IS NULL AND o.attempts < $2 AND u.email IS NOT NULL
          ORDER BY o.id LIMIT $1");
    pub(crate) exec mark_mail_sent(id: i64, now: i64) =
        ("UPDATE mail_outbox SET sent_at = $2 WHERE id = $1");
    pub(crate) exec mark_mail_failed(id: i64) =
        ("UPDATE mail_outbox SET attempts = attempts + 1 WHERE id = $1");
    /// Unread notifications since `since`, counted by kind, for a digest.
    pub(crate) all unread_since(user_id: i64, since: i64) -> (String, i64) =
        ("SELECT kind, count(*) FROM notifications
          WHERE user_id = $1 AND read_at IS NULL AND created_at >= $2
          GROUP BY kind ORDER BY kind");
    /// Queues a digest for each reader who asked for one and had none this
    /// past `every` seconds; how many were queued.
    pub(crate) changed queue_digests(now: i64, every: i64) =
        ("INSERT INTO mail_outbox (user_id, kind, created_at)
          SELECT w.user_id, 'digest', CAST($1 AS BIGINT) FROM email_wanted w JOIN users u ON u.id = w.user_id
          WHERE w.kind = 'digest' AND u.email IS NOT NULL AND NOT u.suspended
            AND NOT EXISTS (SELECT 1 FROM mail_outbox o
                            WHERE o.user_id = w.user_id AND o.kind = 'digest'
                              AND o.created_at > CAST($1 AS BIGINT) - CAST($2 AS BIGINT))");
}

/// A notification's mail, queued when the reader asked for mail of its kind
/// and has an address: what `notifications::notify` adds to each notice.
pub(crate) async fn queue_notice_mail<D: Db>(
    db: &D,
    user_id: i64,
    kind: &str,
    actor_id: i64,
    review_id: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    db.exec(
        sql!(
            "INSERT INTO mail_outbox (user_id, kind, actor_id, review_id, created_at)
             SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS BIGINT),
                    CAST($5 AS BIGINT)
             WHERE EXISTS (SELECT 1 FROM email_wanted w WHERE w.user_id = $1 AND w.kind = $2)
               AND EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND u.email IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM notification_mutes m WHERE m.user_id = $1 AND m.kind = $2)"
        ),
        &[&user_id, &kind, &actor_id, &review_id, &now],
    )
    .await?;
    Ok(())
}

/// Makes `kinds` exactly the mail the reader asked for.
pub(crate) async fn set_mail_wanted<D: Db>(
    db: &D,
    user_id: i64,
    kinds: &[String],
) -> StoreResult<()> {
    db.exec(
        sql!("DELETE FROM email_wanted WHERE user_id = $1"),
        &[&user_id],
    )
    .await?;
    for kind in kinds {
        db.exec(
            sql!("INSERT INTO email_wanted (user_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING"),
            &[&user_id, kind],
        )
        .await?;
    }
    Ok(())
}

/// Spends a reset link and sets the password it was for, signing the reader
/// out everywhere; the reader's id, or None if the link no longer works.
pub(crate) async fn redeem_reset<D: Db>(
    db: &D,
    token_hash: &str,
    password_hash: &str,
    now: i64,
) -> StoreResult<Option<i64>> {
    let Some(token) = email_token(db, token_hash).await? else {
        return Ok(None);
    };
    if !spend_email_token(db, token_hash, "reset", now).await? {
        return Ok(None);
    }
    db.exec(
        sql!("UPDATE users SET password_hash = $2 WHERE id = $1"),
        &[&token.user_id, &password_hash],
    )
    .await?;
    db.exec(
        sql!("DELETE FROM sessions WHERE user_id = $1"),
        &[&token.user_id],
    )
    .await?;
    Ok(Some(token.user_id))
}

/// Spends a link of `purpose` and gives what it was for (reader, address),
/// or None if it no longer works. A verify link also sets the address.
pub(crate) async fn redeem<D: Db>(
    db: &D,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> StoreResult<Option<(i64, String)>> {
    let Some(token) = email_token(db, token_hash).await? else {
        return Ok(None);
    };
    if !spend_email_token(db, token_hash, purpose, now).await? {
        return Ok(None);
    }
    if purpose == "verify" {
        let key = crate::domain::email::key(&token.address);
        set_email(db, token.user_id, &token.address, &key, now).await?;
    }
    Ok(Some((token.user_id, token.address)))
}

store! {
    /// Makes a mailed link, spending the reader's earlier ones of its purpose.
    write create_email_token(token: &NewEmailToken) -> ();
    lookup email_token(token_hash: &str) -> Option<EmailToken>;
    /// The reader whose proved address has this key (suspended readers have none).
    lookup user_id_by_email(email_key: &str) -> Option<i64>;
    lookup email_holder(email_key: &str) -> Option<i64>;
    /// Makes `address` the reader's proved address; `Conflict` if another's.
    write set_email(user_id: i64, address: &str, email_key: &str, now: i64) -> ();
    write clear_email(user_id: i64) -> ();
    /// The kinds of mail the reader asked for.
    lookup mail_wanted(user_id: i64) -> Vec<String>;
    write set_mail_wanted(user_id: i64, kinds: &[String]) -> ();
    /// Stops one kind of mail; false if the reader was not getting it.
    write unsubscribe(user_id: i64, kind: &str) -> bool;
    /// Notification mail waiting to go out, oldest first.
    read pending_mail(limit: i64, max_attempts: i64) -> Vec<OutgoingMail>;
    write mark_mail_sent(id: i64, now: i64) -> ();
    write mark_mail_failed(id: i64) -> ();
    read unread_since(user_id: i64, since: i64) -> Vec<(String, i64)>;
    write queue_digests(now: i64, every: i64) -> u64;
    write redeem_reset(token_hash: &str, password_hash: &str, now: i64) -> Option<i64>;
    write redeem(token_hash: &str, purpose: &str, now: i64) -> Option<(i64, String)>;
}

impl super::Store {
    /// The reader's address, and any waiting to be proved.
    pub async fn account_email(&self, user_id: i64, now: i64) -> StoreResult<AccountEmail> {
        lookup!(self, |db| async move {
            let (address, verified_at) = email_of(db, user_id).await?.unwrap_or_default();
            let pending = pending_address(db, user_id, now).await?;
            Ok(AccountEmail {
                address,
                verified_at,
                pending,
            })
        })
    }
}
