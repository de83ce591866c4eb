//! What moderators do about other servers: watch the delivery queue, and
//! defederate a domain (nothing taken in from it, nothing sent to it).

use crate::domain::hosts;
use crate::error::ActionResult;
use crate::store::{DeliveryQueue, Store, User};

/// How federation's queues stand: deliveries waiting and failing hosts, and
/// readers' doings not yet turned into deliveries.
pub async fn queue(store: &Store, viewer: &User) -> ActionResult<(DeliveryQueue, i64)> {
    super::moderator(viewer)?;
    let deliveries = store.delivery_queue().await?;
    let events = store.outbox_waiting().await?.unwrap_or(0);
    Ok((deliveries, events))
}

/// The defederated domains, newest first, with when each was blocked.
pub async fn blocked_hosts(store: &Store, viewer: &User) -> ActionResult<Vec<(String, i64)>> {
    super::moderator(viewer)?;
    Ok(store.blocked_hosts().await?)
}

/// Defederates the domain `input` names (and its subdomains); what waits
/// to be delivered there is dropped. Gives the domain as kept.
pub async fn block_host(store: &Store, moderator: &User, input: &str) -> ActionResult<String> {
    super::moderator(moderator)?;
    let host = hosts::domain(input)?;
    store.block_host(&host, moderator.id, super::now()).await?;
    store
        .drop_host_deliveries(&host, &format!("%.{host}"))
        .await?;
    super::admin::record(
        store,
        Some(moderator),
        "defederated",
        ("domain", 0),
        Some(host.clone()),
    )
    .await?;
    Ok(host)
}

/// Federates with the domain again; false when it was not blocked.
pub async fn unblock_host(store: &Store, moderator: &User, input: &str) -> ActionResult<bool> {
    super::moderator(moderator)?;
    let host = hosts::domain(input)?;
    let was = store.unblock_host(&host).await?;
    if was {
        super::admin::record(
            store,
            Some(moderator),
            "federated again",
            ("domain", 0),
            Some(host),
        )
        .await?;
    }
    Ok(was)
}
