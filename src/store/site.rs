//! Site-wide secrets, shared by every node that uses the database.

use super::Store;
use super::db::Db;
use crate::sql;
use crate::store::{StoreError, StoreResult};

/// Keeps `candidate` as the secret `name` unless one is kept already, and
/// returns the kept one: nodes starting at once all end up with the first written.
async fn site_secret<D: Db>(db: &D, name: &str, candidate: &str) -> StoreResult<String> {
    db.exec(
        sql!("INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING"),
        &[&name, &candidate],
    )
    .await?;
    db.value(
        sql!("SELECT value FROM site_secrets WHERE name = $1"),
        &[&name],
    )
    .await?
    .ok_or_else(|| StoreError::Database(format!("the site secret {name} was not kept")))
}

impl Store {
    /// The site's secret called `name`; on the first call for it, `candidate`
    /// (fresh random bytes) becomes that secret.
    pub async fn site_secret(&self, name: &str, candidate: &str) -> StoreResult<String> {
        let (name, candidate) = (name.to_string(), candidate.to_string());
        write!(self, |db| site_secret(db, &name, &candidate))
    }
}
