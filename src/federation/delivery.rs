//! Posting activities to other servers' inboxes from a queue in the
//! database: one row per inbox (shared inboxes where actors have one),
//! signed when sent, tried again with a doubling wait for about three days,
//! and a per-host breaker so a dead instance costs one try now and then.

use std::time::SystemTime;

use super::signatures;
use crate::AppState;
use crate::error::ActionError;
use crate::store::Delivery;

/// The first wait after a failure unless the site sets another; each next one doubles.
pub const FIRST_WAIT: i64 = 60;
/// The longest single wait.
pub const LONGEST_WAIT: i64 = 6 * 3600;
/// A delivery still failing this long after it was queued is given up.
pub const GIVE_UP_AFTER: i64 = 3 * 24 * 3600;
/// Failures in a row that open a host's breaker.
pub const BREAKER_FAILURES: i64 = 5;
/// How long an open breaker holds a host's deliveries.
pub const BREAKER_OPEN: i64 = 10 * 60;
/// Deliveries claimed at once by one worker pass.
pub const BATCH: i64 = 16;
/// The largest answer read from an inbox.
const MAX_ANSWER: usize = 64 * 1024;

/// When a delivery that has failed `attempts` times is tried next (the
/// first wait `first_wait`), or None when it is given up.
pub fn next_try(created_at: i64, attempts: i64, now: i64, first_wait: i64) -> Option<i64> {
    if now - created_at >= GIVE_UP_AFTER {
        return None;
    }
    let doublings = (attempts - 1).clamp(0, 20) as u32;
    let wait = first_wait
        .saturating_mul(1_i64 << doublings)
        .min(LONGEST_WAIT);
    Some(now + wait)
}

/// Until when a host with `failures` in a row is held (0: not held).
pub fn breaker_open_until(failures: i64, now: i64) -> i64 {
    if failures >= BREAKER_FAILURES {
        now + BREAKER_OPEN
    } else {
        0
    }
}

/// Posts one delivery, signed; Err says why it failed.
async fn send(state: &AppState, d: &Delivery) -> Result<(), String> {
    let ids = super::Ids(&state.public_url);
    let (key_id, pair) = match d.user_id {
        Some(user_id) => {
            let user = state
                .store
                .user_by_id(user_id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("the sender is gone")?;
            let pair = super::reader_key(&state.store, user_id)
                .await
                .map_err(|e| e.to_string())?;
            (ids.key(&user.username), pair)
        }
        None => (
            ids.instance_key(),
            super::instance_key(&state.store)
                .await
                .map_err(|e| e.to_string())?,
        ),
    };
    let mut headers = signatures::sign_request(
        "POST",
        &d.inbox,
        Some(d.body.as_bytes()),
        &key_id,
        &pair.private_pem,
        SystemTime::now(),
    )
    .map_err(|e| e.to_string())?;
    headers.retain(|(name, _)| *name != "host");
    headers.push(("content-type", super::ACTIVITY_JSON.to_string()));
    let answer = state
        .outbound
        .send(
            reqwest::Method::POST,
            &d.inbox,
            &headers,
            Some(d.body.clone().into_bytes()),
            MAX_ANSWER,
        )
        .await
        .map_err(|e| e.to_string())?;
    if (200..300).contains(&answer.status) {
        Ok(())
    } else {
        Err(format!("the inbox answered {}", answer.status))
    }
}

/// Turns readers' doings into deliveries, then sends every delivery due now
/// (hosts with an open breaker wait); returns how many were sent.
///
/// A claimed batch goes out at once, one task per inbox: at most [`BATCH`]
/// sends are in flight, and each inbox still hears its activities in the
/// order they were queued (a Create before its Update or Delete).
pub async fn run_due(state: &AppState) -> Result<usize, ActionError> {
    super::outbox::fan_out(state).await?;
    let mut sent = 0;
    loop {
        let now = crate::actions::now();
        let batch = state.store.claim_deliveries(now, BATCH).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for group in by_inbox(batch) {
            let state = state.clone();
            tasks.spawn(async move { send_in_order(&state, group).await });
        }
        while let Some(done) = tasks.join_next().await {
            sent += done.map_err(|e| ActionError::Internal(e.to_string()))??;
        }
    }
}

/// The batch split by inbox, each part in the order it was claimed.
fn by_inbox(batch: Vec<Delivery>) -> Vec<Vec<Delivery>> {
    let mut groups: Vec<Vec<Delivery>> = Vec::new();
    for d in batch {
        match groups.iter_mut().find(|g| g[0].inbox == d.inbox) {
            Some(group) => group.push(d),
            None => groups.push(vec![d]),
        }
    }
    groups
}

/// Sends one inbox's deliveries one after another, recording each outcome.
async fn send_in_order(state: &AppState, group: Vec<Delivery>) -> Result<usize, ActionError> {
    let mut sent = 0;
    for d in &group {
        match send(state, d).await {
            Ok(()) => {
                state.store.delivered(d.id, &d.host).await?;
                sent += 1;
            }
            Err(why) => {
                let now = crate::actions::now();
                tracing::warn!(inbox = %d.inbox, error = %why, "a delivery failed");
                let first_wait = state.settings.delivery_first_retry_seconds;
                let next = next_try(d.created_at, d.attempts + 1, now, first_wait);
                state
                    .store
                    .delivery_failed(d.id, &d.host, next, &why, now)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// The node's delivery worker: sends what is due every second.
pub fn spawn_worker(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run_due(&state).await {
                tracing::error!(error = %e, "delivering activities failed");
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_a_cap_and_stop_after_three_days() {
        let first = FIRST_WAIT;
        assert_eq!(next_try(0, 1, 100, first), Some(160));
        assert_eq!(next_try(0, 2, 100, first), Some(220));
        assert_eq!(next_try(0, 3, 100, first), Some(340));
        assert_eq!(next_try(0, 30, 1000, first), Some(1000 + LONGEST_WAIT));
        assert_eq!(
            next_try(0, 5, GIVE_UP_AFTER - 1, first),
            Some(GIVE_UP_AFTER - 1 + 960)
        );
        assert_eq!(next_try(0, 5, GIVE_UP_AFTER, first), None);
        // A site's shorter first wait doubles the same way.
        assert_eq!(next_try(0, 1, 100, 10), Some(110));
        assert_eq!(next_try(0, 3, 100, 10), Some(140));
    }

    fn delivery(id: i64, inbox: &str) -> Delivery {
        Delivery {
            id,
            user_id: None,
            inbox: inbox.to_string(),
            host: "h.example".to_string(),
            body: String::new(),
            attempts: 0,
            next_at: 0,
            last_error: None,
            created_at: 0,
        }
    }

    #[test]
    fn a_batch_splits_by_inbox_keeping_each_inbox_in_order() {
        let batch = vec![
            delivery(1, "https://a/inbox"),
            delivery(2, "https://b/inbox"),
            delivery(3, "https://a/inbox"),
            delivery(4, "https://c/inbox"),
            delivery(5, "https://b/inbox"),
        ];
        let ids: Vec<Vec<i64>> = by_inbox(batch)
            .iter()
            .map(|g| g.iter().map(|d| d.id).collect())
            .collect();
        assert_eq!(ids, vec![vec![1, 3], vec![2, 5], vec![4]]);
    }

    #[test]
    fn a_host_is_held_after_failures_in_a_row() {
        assert_eq!(breaker_open_until(BREAKER_FAILURES - 1, 50), 0);
        assert_eq!(breaker_open_until(BREAKER_FAILURES, 50), 50 + BREAKER_OPEN);
    }
}
