//! Notification mail goes out from a queue in the database, written as each
//! notice is made and sent by the worker; a reader's weekly digest is queued
//! the same way.

use std::sync::Arc;
use std::time::Duration;

use super::{Mailer, compose};
use crate::domain::email::DIGEST_EVERY;
use crate::error::ActionResult;
use crate::store::Store;

/// How many times one mail is tried before it is left alone.
pub const MAX_ATTEMPTS: i64 = 5;
const BATCH: i64 = 50;

/// Queues the digests due now and sends every waiting mail; how many went.
/// Without SMTP, nothing is sent and the queue keeps its mail.
pub async fn deliver(store: &Store, mailer: &Mailer, now: i64) -> ActionResult<usize> {
    if !mailer.configured() {
        return Ok(0);
    }
    store.queue_digests(now, DIGEST_EVERY).await?;
    let mut sent = 0;
    loop {
        let batch = store.pending_mail(BATCH, MAX_ATTEMPTS).await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        let mut failed = false;
        for mail in &batch {
            let unsubscribe = mailer.unsubscribe_link(mail.user_id, &mail.kind);
            let site = mailer.link("");
            let letter = if mail.kind == "digest" {
                let counts = store
                    .unread_since(mail.user_id, mail.created_at - DIGEST_EVERY)
                    .await?;
                compose::digest(mail, &counts, &site, unsubscribe)
            } else {
                compose::notice(mail, &site, unsubscribe)
            };
            match mailer.send(&letter).await {
                Ok(()) => {
                    store.mark_mail_sent(mail.id, now).await?;
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(error = %e, mail = mail.id, "a notification mail was not sent");
                    store.mark_mail_failed(mail.id).await?;
                    failed = true;
                }
            }
        }
        // A server refusing now is tried again on the worker's next round.
        if failed {
            return Ok(sent);
        }
    }
}

/// The server's mail worker: sends what is queued every few seconds.
pub fn spawn_sender(store: Arc<Store>, mailer: Arc<Mailer>) {
    if !mailer.configured() {
        return;
    }
    tokio::spawn(async move {
        loop {
            let now = crate::actions::now();
            if let Err(e) = deliver(store.as_ref(), mailer.as_ref(), now).await {
                tracing::error!(error = %e, "sending mail failed");
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}
