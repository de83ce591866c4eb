//! The cover job: looks for missing covers on Open Library, politely (a
//! configurable rate, backoff after failures, giving up on a book after a few).

use std::sync::Arc;
use std::time::Duration;

use crate::actions::bookdata::fill_covers;
use crate::bookdata::{Connector, Sources};
use crate::outbound::Outbound;
use crate::store::Store;

/// Books looked at per round.
const ROUND: i64 = 20;

/// Starts the job on this node: a round of lookups at `per_minute`, then a
/// rest of a minute when nothing was left to look for.
pub fn spawn(store: Arc<Store>, outbound: Arc<Outbound>, sources: Sources, per_minute: u32) {
    let pause = Duration::from_millis(60_000 / u64::from(per_minute.max(1)));
    tokio::spawn(async move {
        loop {
            let connector = Connector {
                outbound: outbound.as_ref(),
                sources: &sources,
            };
            let rest = match fill_covers(store.as_ref(), &connector, ROUND, pause).await {
                Ok(round) => {
                    if round.found + round.none + round.failed > 0 {
                        tracing::info!(?round, "looked for covers on Open Library");
                    }
                    if round.found + round.none + round.failed < ROUND as usize {
                        Duration::from_secs(60)
                    } else {
                        pause
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "looking for covers failed");
                    Duration::from_secs(60)
                }
            };
            tokio::time::sleep(rest).await;
        }
    });
}
