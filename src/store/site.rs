//! Site-wide secrets, shared by every node that uses the database.

use super::db::Db;
use crate::store::{StoreError, StoreResult};

/// Keeps `candidate` as the secret `name` unless one is kept already, and
/// returns the kept one: nodes starting at once all end up with the first written.
async fn site_secret<D: Db>(db: &D, name: &str, candidate: &str) -> StoreResult<String> {
    keep_secret(db, name, candidate).await?;
    let kept = kept_secret(db, name).await?;
    kept.ok_or_else(|| StoreError::Database(format!("the site secret {name} was not kept")))
}

queries! {
    exec keep_secret(name: &str, value: &str) =
        ("INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING");
    value kept_secret(name: &str) -> String = ("SELECT value FROM site_secrets WHERE name = $1");
}

store! {
    /// The site's secret called `name`; on the first call for it, `candidate`
    /// (fresh random bytes) becomes that secret.
    write site_secret(name: &str, candidate: &str) -> String;
}
