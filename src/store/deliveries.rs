//! The delivery queue: activities waiting for other servers' inboxes, the
//! hosts whose deliveries keep failing, and the readers' doings waiting to
//! become deliveries.

use super::db::{Db, Row};
use crate::sql;
use crate::store::{Delivery, DeliveryQueue, OutboxEvent, StoreResult};

/// How long a claimed delivery is left to its worker before another may take it.
const LEASE: i64 = 120;

fn delivery_row(r: &dyn Row) -> StoreResult<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        user_id: r.get(1)?,
        inbox: r.get(2)?,
        host: r.get(3)?,
        body: r.get(4)?,
        attempts: r.get(5)?,
        next_at: r.get(6)?,
        last_error: r.get(7)?,
        created_at: r.get(8)?,
    })
}

macro_rules! due {
    () => {
        "SELECT d.id, d.user_id, d.inbox, d.host, d.body, d.attempts, d.next_at, d.last_error,
                d.created_at
         FROM deliveries d LEFT JOIN delivery_hosts h ON h.host = d.host
         WHERE d.next_at <= $1 AND COALESCE(h.open_until, 0) <= $1
         ORDER BY d.next_at, d.id LIMIT $2"
    };
}

/// Takes up to `limit` due deliveries, leased to this worker for a while
/// (SKIP LOCKED lets workers on several nodes take different ones).
async fn claim_deliveries<D: Db>(db: &D, now: i64, limit: i64) -> StoreResult<Vec<Delivery>> {
    let claimed = db
        .all(
            sql!(
                // SQLite's writer holds the only write lock already.
                sqlite: due!(),
                postgres: concat!(due!(), " FOR UPDATE OF d SKIP LOCKED"),
            ),
            &[&now, &limit],
            delivery_row,
        )
        .await?;
    for d in &claimed {
        lease(db, d.id, now + LEASE).await?;
    }
    Ok(claimed)
}

queries! {
    exec lease(id: i64, until: i64) = ("UPDATE deliveries SET next_at = $2 WHERE id = $1");
    pub(crate) exec queue_delivery(user_id: Option<i64>, inbox: &str, host: &str, body: &str, now: i64) =
        ("INSERT INTO deliveries (user_id, inbox, host, body, next_at, created_at)
          VALUES ($1, $2, $3, $4, $5, $5)");
    exec forget_delivery(id: i64) = ("DELETE FROM deliveries WHERE id = $1");
    exec host_worked(host: &str) = ("DELETE FROM delivery_hosts WHERE host = $1");
    exec retry_later(id: i64, next_at: i64, error: &str) =
        ("UPDATE deliveries SET attempts = attempts + 1, next_at = $2, last_error = $3 WHERE id = $1");
    value host_failures(host: &str) -> i64 =
        ("SELECT failures FROM delivery_hosts WHERE host = $1");
    exec host_failed(host: &str, failures: i64, open_until: i64) =
        ("INSERT INTO delivery_hosts (host, failures, open_until) VALUES ($1, $2, $3)
          ON CONFLICT (host) DO UPDATE SET failures = excluded.failures,
             open_until = excluded.open_until");
    value waiting() -> i64 = ("SELECT count(*) FROM deliveries");
    all failing_hosts() -> (String, i64, i64) =
        ("SELECT host, failures, open_until FROM delivery_hosts ORDER BY failures DESC, host LIMIT 50");
    /// Every delivery waiting, oldest first (for tests and the moderators' page).
    pub(crate) all deliveries() -> Delivery, by delivery_row =
        ("SELECT id, user_id, inbox, host, body, attempts, next_at, last_error, created_at
          FROM deliveries ORDER BY id");
}

fn event_row(r: &dyn Row) -> StoreResult<OutboxEvent> {
    Ok(OutboxEvent {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: r.get(2)?,
        subject_id: r.get(3)?,
        detail: r.get(4)?,
        created_at: r.get(5)?,
    })
}

macro_rules! due_events {
    () => {
        "SELECT id, user_id, kind, subject_id, detail, created_at FROM outbox_events
         WHERE due_at <= $1 ORDER BY id LIMIT $2"
    };
}

/// Takes up to `limit` events to render, leased like deliveries.
async fn claim_outbox<D: Db>(db: &D, now: i64, limit: i64) -> StoreResult<Vec<OutboxEvent>> {
    let claimed = db
        .all(
            sql!(
                sqlite: due_events!(),
                postgres: concat!(due_events!(), " FOR UPDATE SKIP LOCKED"),
            ),
            &[&now, &limit],
            event_row,
        )
        .await?;
    for e in &claimed {
        lease_event(db, e.id, now + LEASE).await?;
    }
    Ok(claimed)
}

queries! {
    exec lease_event(id: i64, until: i64) = ("UPDATE outbox_events SET due_at = $2 WHERE id = $1");
    /// Notes what the reader did, only when someone elsewhere follows them:
    /// a site nobody federates with writes nothing.
    pub(crate) exec note_outbox(user_id: i64, kind: &str, subject_id: i64, detail: &str, now: i64) =
        ("INSERT INTO outbox_events (user_id, kind, subject_id, detail, due_at, created_at)
          SELECT CAST($1 AS BIGINT), CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS TEXT),
                 CAST($5 AS BIGINT), CAST($5 AS BIGINT)
          WHERE EXISTS (SELECT 1 FROM remote_followers WHERE user_id = $1 AND pending = FALSE)
             OR (CAST($2 AS TEXT) IN ('comment', 'comment_edited', 'comment_deleted') AND EXISTS (
                 SELECT 1 FROM comments c JOIN reviews r ON r.id = c.review_id
                 WHERE c.id = $3 AND r.remote_uri IS NOT NULL))
             OR (CAST($2 AS TEXT) IN ('like', 'unlike') AND EXISTS (
                 SELECT 1 FROM reviews WHERE id = $3 AND remote_uri IS NOT NULL))");
    pub(crate) exec outbox_done(id: i64) = ("DELETE FROM outbox_events WHERE id = $1");
    value outbox_waiting() -> i64 = ("SELECT count(*) FROM outbox_events");
}

async fn delivered<D: Db>(db: &D, id: i64, host: &str) -> StoreResult<()> {
    forget_delivery(db, id).await?;
    host_worked(db, host).await
}

/// A failed try: tried again at `next` (None: given up), and one more failure
/// in a row for the host, which opens its breaker after enough.
async fn delivery_failed<D: Db>(
    db: &D,
    id: i64,
    host: &str,
    next: Option<i64>,
    error: &str,
    now: i64,
) -> StoreResult<()> {
    match next {
        Some(at) => retry_later(db, id, at, error).await?,
        None => forget_delivery(db, id).await?,
    }
    let failures = host_failures(db, host).await?.unwrap_or(0) + 1;
    let open_until = crate::federation::delivery::breaker_open_until(failures, now);
    host_failed(db, host, failures, open_until).await
}

async fn delivery_queue<D: Db>(db: &D) -> StoreResult<DeliveryQueue> {
    Ok(DeliveryQueue {
        waiting: waiting(db).await?.unwrap_or(0),
        failing: failing_hosts(db).await?,
    })
}

store! {
    write claim_deliveries(now: i64, limit: i64) -> Vec<Delivery>;
    write queue_delivery(user_id: Option<i64>, inbox: &str, host: &str, body: &str, now: i64) -> ();
    write delivered(id: i64, host: &str) -> ();
    write delivery_failed(id: i64, host: &str, next: Option<i64>, error: &str, now: i64) -> ();
    read delivery_queue() -> DeliveryQueue;
    read deliveries() -> Vec<Delivery>;
    write claim_outbox(now: i64, limit: i64) -> Vec<OutboxEvent>;
    write note_outbox(user_id: i64, kind: &str, subject_id: i64, detail: &str, now: i64) -> ();
    write outbox_done(id: i64) -> ();
    /// Readers' doings not yet turned into deliveries.
    lookup outbox_waiting() -> Option<i64>;
}
