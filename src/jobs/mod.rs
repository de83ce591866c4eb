//! Background work kept in the database: any worker on any node picks up a
//! queued job, a job whose worker died is picked up again, and tests run
//! pending jobs on demand instead of waiting for a worker.

pub mod covers;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::actions::{imports, now, recommend};
use crate::error::ActionResult;
use crate::store::Store;

/// Seconds after which a running job that has said nothing has lost its
/// worker: one value for the whole process, set from the settings at start.
static STALE_AFTER_SECONDS: AtomicI64 = AtomicI64::new(60);

/// How long a running job may stay silent before it counts as lost.
pub fn stale_after() -> i64 {
    STALE_AFTER_SECONDS.load(Ordering::Relaxed)
}

/// Sets [`stale_after`] (`--import-stale-seconds`).
pub fn set_stale_after(seconds: i64) {
    STALE_AFTER_SECONDS.store(seconds, Ordering::Relaxed);
}

/// Runs every job waiting now, and works out book neighbours if ratings
/// changed; returns how many imports ran.
pub async fn run_pending(store: &Store) -> ActionResult<usize> {
    let ran = run_imports(store).await?;
    recommend::refresh(store, now(), 0).await?;
    Ok(ran)
}

/// The import job this process is running, if any (0: none), for `release`.
static RUNNING: AtomicI64 = AtomicI64::new(0);

async fn run_imports(store: &Store) -> ActionResult<usize> {
    let mut ran = 0;
    loop {
        let at = now();
        let Some(job) = store.claim_import_job(at, at - stale_after()).await? else {
            return Ok(ran);
        };
        RUNNING.store(job.id, Ordering::SeqCst);
        let result = imports::run_job(store, &job, imports::Steps::ALL, |_, _| {}).await;
        RUNNING.store(0, Ordering::SeqCst);
        result?;
        ran += 1;
    }
}

/// As the node stops: the import it was running goes back to the queue, to
/// resume on another node (or this one restarted) from its last saved row.
pub async fn release(store: &Store) {
    let id = RUNNING.swap(0, Ordering::SeqCst);
    if id == 0 {
        return;
    }
    match store.release_import_job(id).await {
        Ok(n) if n > 0 => tracing::info!(job = id, "import handed back to the queue"),
        Ok(_) => {}
        Err(e) => tracing::warn!(job = id, error = %e, "could not hand the import back"),
    }
}

/// Seconds between two sweeps of what has run out.
pub const SWEEP_EVERY: i64 = 3600;

/// Forgets what has run out by `now` (sessions past their end): how many rows went.
pub async fn sweep(store: &Store, now: i64) -> ActionResult<u64> {
    Ok(store.forget_expired_sessions(now).await?)
}

/// The server's worker: looks for imports every second, works the
/// neighbours out again every few minutes while ratings change, and sweeps
/// once an hour.
pub fn spawn_worker(store: Arc<Store>) {
    tokio::spawn(async move {
        let mut swept_at = 0;
        loop {
            let at = now();
            if at - swept_at >= SWEEP_EVERY {
                swept_at = at;
                match sweep(store.as_ref(), swept_at).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(rows = n, "expired sessions forgotten"),
                    Err(e) => tracing::error!(error = %e, "sweeping expired sessions failed"),
                }
            }
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
