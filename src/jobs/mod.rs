//! Background work kept in the database: any worker on any node picks up a
//! queued job, a job whose worker died is picked up again, and tests run
//! pending jobs on demand instead of waiting for a worker.

pub mod covers;

use std::sync::Arc;
use std::time::Duration;

use crate::actions::{imports, now, recommend};
use crate::error::ActionResult;
use crate::store::Store;

/// A running job that has said nothing for this long has lost its worker.
pub const STALE_AFTER_SECONDS: i64 = 60;

/// Runs every job waiting now, and works out book neighbours if ratings
/// changed; returns how many imports ran.
pub async fn run_pending(store: &Store) -> ActionResult<usize> {
    let ran = run_imports(store).await?;
    recommend::refresh(store, now(), 0).await?;
    Ok(ran)
}

async fn run_imports(store: &Store) -> ActionResult<usize> {
    let mut ran = 0;
    loop {
        let at = now();
        let Some(job) = store.claim_import_job(at, at - STALE_AFTER_SECONDS).await? else {
            return Ok(ran);
        };
        imports::run_job(store, &job, imports::Steps::ALL, |_, _| {}).await?;
        ran += 1;
    }
}

/// The server's worker: looks for imports every second, and works the
/// neighbours out again every few minutes while ratings change.
pub fn spawn_worker(store: Arc<Store>) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_imports(store.as_ref()).await {
                tracing::error!(error = %e, "background job failed");
            }
            let refreshed = recommend::refresh(store.as_ref(), now(), recommend::REFRESH_EVERY);
            if let Err(e) = refreshed.await {
                tracing::error!(error = %e, "working out book neighbours failed");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}
