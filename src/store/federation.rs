//! Federation's storage: actors' keys, actors on other servers, and the
//! activities already taken in.

use super::Store;
use super::db::{Db, Row};
use super::methods::Record;
use crate::sql;
use crate::store::{RemoteActor, StoreError, StoreResult};

impl Record for RemoteActor {}

/// The name the instance actor's private key is kept under in `site_secrets`.
const INSTANCE_KEY: &str = "instance_actor_key";

queries! {
    pub(crate) one actor_key(user_id: i64) -> (String, String) =
        ("SELECT public_pem, private_pem FROM actor_keys WHERE user_id = $1");
    pub(crate) exec offer_actor_key(user_id: i64, public_pem: &str, private_pem: &str, now: i64) =
        ("INSERT INTO actor_keys (user_id, public_pem, private_pem, created_at)
          VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO NOTHING");
    pub(crate) value kept_secret(name: &str) -> String =
        ("SELECT value FROM site_secrets WHERE name = $1");
    pub(crate) exec offer_secret(name: &str, value: &str) =
        ("INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    pub(crate) one remote_actor(uri: &str) -> RemoteActor, by remote_actor_row = (concat!(
        "SELECT ", remote_columns!(), " FROM remote_actors WHERE uri = $1"));
    pub(crate) one remote_actor_by_key(key_id: &str) -> RemoteActor, by remote_actor_row = (concat!(
        "SELECT ", remote_columns!(), " FROM remote_actors WHERE key_id = $1"));
    pub(crate) exec add_remote_follower(user_id: i64, actor_id: i64, follow_id: &str, pending: bool, now: i64) =
        ("INSERT INTO remote_followers (user_id, actor_id, follow_id, pending, created_at)
          VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (user_id, actor_id) DO UPDATE SET follow_id = excluded.follow_id,
             pending = excluded.pending");
    pub(crate) affects drop_remote_follower(user_id: i64, actor_id: i64) =
        ("DELETE FROM remote_followers WHERE user_id = $1 AND actor_id = $2");
    /// The id of the Follow an actor sent, waiting or accepted.
    pub(crate) value remote_follow_id(user_id: i64, actor_id: i64) -> String =
        ("SELECT follow_id FROM remote_followers WHERE user_id = $1 AND actor_id = $2");
    pub(crate) affects approve_remote_follower(user_id: i64, actor_id: i64) =
        ("UPDATE remote_followers SET pending = FALSE
          WHERE user_id = $1 AND actor_id = $2 AND pending");
    pub(crate) exec block_host(host: &str, by: i64, now: i64) =
        ("INSERT INTO blocked_hosts (host, blocked_by, created_at) VALUES ($1, $2, $3)
          ON CONFLICT (host) DO NOTHING");
    pub(crate) affects unblock_host(host: &str) = ("DELETE FROM blocked_hosts WHERE host = $1");
    /// Defederated domains, newest first, with when each was blocked.
    pub(crate) all blocked_hosts() -> (String, i64) =
        ("SELECT host, created_at FROM blocked_hosts ORDER BY created_at DESC, host");
    /// Forgets deliveries waiting for a domain (or its subdomains) blocked now.
    pub(crate) exec drop_host_deliveries(host: &str, subdomains: &str) =
        ("DELETE FROM deliveries WHERE host = $1 OR host LIKE $2");
    pub(crate) exec drop_remote_follows(actor_id: i64) =
        ("DELETE FROM remote_followers WHERE actor_id = $1");
    /// The reader's followers elsewhere; `pending` ones wait for approval.
    pub(crate) all remote_followers(user_id: i64, pending: bool) -> RemoteActor, by remote_actor_row = (concat!(
        "SELECT ", remote_columns!(), " FROM remote_actors
         WHERE id IN (SELECT actor_id FROM remote_followers WHERE user_id = $1 AND pending = $2)
         ORDER BY id"));
    /// Local readers who are not suspended, and local reviews, for NodeInfo.
    pub(crate) one site_counts() -> (i64, i64) =
        ("SELECT (SELECT count(*) FROM users WHERE NOT suspended AND NOT remote),
                 (SELECT count(*) FROM reviews r JOIN users u ON u.id = r.user_id WHERE NOT u.remote)");
    /// Takes an activity's id; false when it was taken before.
    pub(crate) affects mark_seen(activity_id: &str, actor_uri: &str, kind: &str, now: i64) =
        ("INSERT INTO inbox_seen (activity_id, actor_uri, kind, received_at)
          VALUES ($1, $2, $3, $4) ON CONFLICT (activity_id) DO NOTHING");
}

macro_rules! remote_columns {
    () => {
        "id, uri, username, host, name, summary, icon, inbox, shared_inbox, key_id,
         public_key_pem, bookwyrm, manual_approval, fetched_at"
    };
}
pub(super) use remote_columns;

pub(super) fn remote_actor_row(r: &dyn Row) -> StoreResult<RemoteActor> {
    Ok(RemoteActor {
        id: r.get(0)?,
        uri: r.get(1)?,
        username: r.get(2)?,
        host: r.get(3)?,
        name: r.get(4)?,
        summary: r.get(5)?,
        icon: r.get(6)?,
        inbox: r.get(7)?,
        shared_inbox: r.get(8)?,
        key_id: r.get(9)?,
        public_key_pem: r.get(10)?,
        bookwyrm: r.get(11)?,
        manual_approval: r.get(12)?,
        fetched_at: r.get(13)?,
    })
}

/// Keeps an actor as fetched, over what was kept of it before.
pub(crate) async fn keep_remote_actor<D: Db>(db: &D, a: &RemoteActor) -> StoreResult<RemoteActor> {
    db.one(
        sql!(concat!(
            "INSERT INTO remote_actors (uri, username, host, name, summary, icon, inbox,
                shared_inbox, key_id, public_key_pem, bookwyrm, manual_approval, fetched_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (uri) DO UPDATE SET username = excluded.username, host = excluded.host,
                name = excluded.name, summary = excluded.summary, icon = excluded.icon,
                inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
                key_id = excluded.key_id, public_key_pem = excluded.public_key_pem,
                bookwyrm = excluded.bookwyrm, manual_approval = excluded.manual_approval,
                fetched_at = excluded.fetched_at
             RETURNING ",
            remote_columns!()
        )),
        &[
            &a.uri,
            &a.username,
            &a.host,
            &a.name,
            &a.summary,
            &a.icon,
            &a.inbox,
            &a.shared_inbox,
            &a.key_id,
            &a.public_key_pem,
            &a.bookwyrm,
            &a.manual_approval,
            &a.fetched_at,
        ],
        remote_actor_row,
    )
    .await?
    .ok_or_else(|| StoreError::Database("the remote actor was not kept".into()))
}

/// Keeps `public`/`private` as the reader's key pair unless one is kept
/// already, and returns the kept one (two requests at once keep the first).
async fn keep_actor_key<D: Db>(
    db: &D,
    user_id: i64,
    public_pem: &str,
    private_pem: &str,
    now: i64,
) -> StoreResult<(String, String)> {
    offer_actor_key(db, user_id, public_pem, private_pem, now).await?;
    actor_key(db, user_id)
        .await?
        .ok_or_else(|| StoreError::Database(format!("no key was kept for reader {user_id}")))
}

async fn keep_instance_key<D: Db>(db: &D, private_pem: &str) -> StoreResult<String> {
    offer_secret(db, INSTANCE_KEY, private_pem).await?;
    kept_secret(db, INSTANCE_KEY)
        .await?
        .ok_or_else(|| StoreError::Database("the instance key was not kept".into()))
}

async fn instance_key<D: Db>(db: &D) -> StoreResult<Option<String>> {
    kept_secret(db, INSTANCE_KEY).await
}

store! {
    /// The reader's kept key pair (public, private) if one was made.
    lookup actor_key(user_id: i64) -> Option<(String, String)>;
    lookup remote_actor(uri: &str) -> Option<RemoteActor>;
    lookup remote_actor_by_key(key_id: &str) -> Option<RemoteActor>;
    write keep_remote_actor(actor: &RemoteActor) -> RemoteActor;
    write mark_seen(activity_id: &str, actor_uri: &str, kind: &str, now: i64) -> bool;
    lookup site_counts() -> Option<(i64, i64)>;
    write add_remote_follower(user_id: i64, actor_id: i64, follow_id: &str, pending: bool, now: i64) -> ();
    write drop_remote_follower(user_id: i64, actor_id: i64) -> bool;
    read remote_followers(user_id: i64, pending: bool) -> Vec<RemoteActor>;
    lookup remote_follow_id(user_id: i64, actor_id: i64) -> Option<String>;
    /// Keeps a follow waiting for the reader's answer; the reader hears of
    /// the first ask (`stand_in`: the asker's account here).
    write ask_to_follow(user_id: i64, actor_id: i64, stand_in: i64, follow_id: &str, now: i64) -> ();
    /// Lets a waiting follower in; false when none was waiting.
    write approve_remote_follower(user_id: i64, actor_id: i64) -> bool;
    write block_host(host: &str, by: i64, now: i64) -> ();
    write unblock_host(host: &str) -> bool;
    read blocked_hosts() -> Vec<(String, i64)>;
    write drop_host_deliveries(host: &str, subdomains: &str) -> ();
    /// Ends every follow by the actor (its account is gone).
    write drop_remote_follows(actor_id: i64) -> ();
    /// The instance actor's private key, if made.
    lookup instance_key() -> Option<String>;
}

/// A follow that waits for the reader's answer, and the notice telling them.
async fn ask_to_follow<D: Db>(
    db: &D,
    user_id: i64,
    actor_id: i64,
    stand_in: i64,
    follow_id: &str,
    now: i64,
) -> StoreResult<()> {
    let asked_before = remote_follow_id(db, user_id, actor_id).await?.is_some();
    add_remote_follower(db, user_id, actor_id, follow_id, true, now).await?;
    if !asked_before {
        let notice = super::notifications::Notice {
            user_id,
            kind: "follow_request",
            actor_id: stand_in,
            review_id: None,
            comment_id: None,
            now,
        };
        super::notifications::notify(db, &notice).await?;
    }
    Ok(())
}

impl Store {
    /// Keeps a freshly made pair for the reader unless one is kept; gives the kept one.
    pub async fn keep_actor_key(
        &self,
        user_id: i64,
        public_pem: &str,
        private_pem: &str,
        now: i64,
    ) -> StoreResult<(String, String)> {
        let (public, private) = (public_pem.to_string(), private_pem.to_string());
        write!(self, |db| keep_actor_key(
            db, user_id, &public, &private, now
        ))
    }

    /// Keeps a freshly made private key for the instance actor unless one is kept.
    pub async fn keep_instance_key(&self, private_pem: &str) -> StoreResult<String> {
        let private = private_pem.to_string();
        write!(self, |db| keep_instance_key(db, &private))
    }
}
