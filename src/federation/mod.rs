//! ActivityPub federation: keys and HTTP Signatures, discovery (WebFinger,
//! NodeInfo, host-meta), actors, the objects Dogear sends and the ones it
//! reads from BookWyrm, Mastodon and other Dogears.

pub mod actors;
pub mod delivery;
pub mod discovery;
pub mod follow_answers;
pub mod follow_out;
pub mod followed_here;
pub mod followers_here;
pub mod format;
pub mod inbox;
pub mod incoming;
pub mod keys;
pub mod lookup;
pub mod objects;
pub mod outbox;
pub mod parse;
pub mod queue;
pub mod remote;
pub mod remote_users;
pub mod routes;
pub mod serve;
pub mod shelves;
pub mod signatures;

use crate::domain::public_url::PublicUrl;
use crate::error::ActionError;
use crate::store::Store;

/// The media type of ActivityPub documents.
pub const ACTIVITY_JSON: &str = "application/activity+json";
/// The JSON-LD form some servers ask for instead.
pub const LD_JSON: &str = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
/// The public collection: addressed to it, an object is for everyone.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// Whether an `Accept` header asks for an ActivityPub document rather than a page.
pub fn wants_activity_json(accept: &str) -> bool {
    accept.split(',').any(|part| {
        let media = part.split(';').next().unwrap_or("").trim();
        media.eq_ignore_ascii_case("application/activity+json")
            || (media.eq_ignore_ascii_case("application/ld+json")
                && part.contains("activitystreams"))
    })
}

/// Where each of Dogear's ActivityPub documents lives, all built on the
/// site's public URL.
#[derive(Debug, Clone)]
pub struct Ids<'a>(pub &'a PublicUrl);

impl Ids<'_> {
    pub fn actor(&self, username: &str) -> String {
        self.0.join(&format!("/users/{username}"))
    }
    pub fn key(&self, username: &str) -> String {
        format!("{}#main-key", self.actor(username))
    }
    pub fn inbox(&self, username: &str) -> String {
        format!("{}/inbox", self.actor(username))
    }
    pub fn outbox(&self, username: &str) -> String {
        format!("{}/outbox", self.actor(username))
    }
    pub fn followers(&self, username: &str) -> String {
        format!("{}/followers", self.actor(username))
    }
    pub fn following(&self, username: &str) -> String {
        format!("{}/following", self.actor(username))
    }
    pub fn shared_inbox(&self) -> String {
        self.0.join("/inbox")
    }
    pub fn instance_actor(&self) -> String {
        self.0.join("/actor")
    }
    pub fn instance_key(&self) -> String {
        format!("{}#main-key", self.instance_actor())
    }
    /// A book's `Edition`.
    pub fn edition(&self, book_id: i64) -> String {
        self.0.join(&format!("/books/{book_id}"))
    }
    /// The `Work` a book's editions belong to.
    pub fn work(&self, book_id: i64) -> String {
        self.0.join(&format!("/books/{book_id}/work"))
    }
    pub fn author(&self, author_id: i64) -> String {
        self.0.join(&format!("/authors/{author_id}"))
    }
    pub fn review(&self, review_id: i64) -> String {
        self.0.join(&format!("/reviews/{review_id}"))
    }
    /// The message numbered `number` in a review's thread.
    pub fn comment(&self, review_id: i64, number: i64) -> String {
        self.0
            .join(&format!("/reviews/{review_id}/comments/{number}"))
    }
    pub fn rating(&self, username: &str, book_id: i64) -> String {
        format!("{}/ratings/{book_id}", self.actor(username))
    }
    /// One of a reader's shelves (a status or their own), at its page's address.
    pub fn shelf(&self, username: &str, slug: &str) -> String {
        format!("{}/shelves/{slug}", self.actor(username))
    }
    pub fn quote(&self, quote_id: i64) -> String {
        self.0.join(&format!("/quotes/{quote_id}"))
    }
}

fn internal(e: impl std::fmt::Display) -> ActionError {
    ActionError::Internal(e.to_string())
}

/// Makes a key pair off the async workers (it takes a while).
async fn fresh_pair() -> Result<keys::KeyPair, ActionError> {
    tokio::task::spawn_blocking(keys::generate)
        .await
        .map_err(internal)?
        .map_err(internal)
}

/// The reader's key pair, made and kept the first time it is asked for.
pub async fn reader_key(store: &Store, user_id: i64) -> Result<keys::KeyPair, ActionError> {
    if let Some((public_pem, private_pem)) = store.actor_key(user_id).await? {
        return Ok(keys::KeyPair {
            private_pem,
            public_pem,
        });
    }
    let made = fresh_pair().await?;
    let (public_pem, private_pem) = store
        .keep_actor_key(
            user_id,
            &made.public_pem,
            &made.private_pem,
            crate::actions::now(),
        )
        .await?;
    Ok(keys::KeyPair {
        private_pem,
        public_pem,
    })
}

/// The instance actor's key pair, made and kept on first need.
pub async fn instance_key(store: &Store) -> Result<keys::KeyPair, ActionError> {
    let private_pem = match store.instance_key().await? {
        Some(kept) => kept,
        None => {
            let made = fresh_pair().await?;
            store.keep_instance_key(&made.private_pem).await?
        }
    };
    let public_pem = keys::public_of(&private_pem).map_err(internal)?;
    Ok(keys::KeyPair {
        private_pem,
        public_pem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_json_is_told_from_a_browser() {
        assert!(wants_activity_json("application/activity+json"));
        assert!(wants_activity_json(
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""
        ));
        assert!(wants_activity_json(
            "text/html, application/activity+json;q=0.9"
        ));
        assert!(!wants_activity_json(
            "text/html,application/xhtml+xml,*/*;q=0.8"
        ));
        assert!(!wants_activity_json("application/ld+json"));
        assert!(!wants_activity_json("application/json"));
    }
}
