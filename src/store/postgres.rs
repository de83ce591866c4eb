//! The PostgreSQL store: tokio-postgres with a deadpool pool, for larger sites.

use std::sync::Arc;

use super::{Store, StoreError, StoreResult};

pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    Err(StoreError::Url(format!(
        "PostgreSQL is not available yet: {url}"
    )))
}
