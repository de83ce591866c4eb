//! The delivery queue's door: which inboxes reach a set of actors, and
//! queuing an activity for each (never for a defederated domain).

use crate::AppState;
use crate::error::ActionError;
use crate::store::RemoteActor;

/// The inboxes that reach `actors`: each one's shared inbox when it has one,
/// once each.
pub fn inboxes(actors: &[RemoteActor]) -> Vec<String> {
    let mut out: Vec<String> = actors
        .iter()
        .map(|a| a.shared_inbox.clone().unwrap_or_else(|| a.inbox.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn host_of(inbox: &str) -> String {
    url::Url::parse(inbox)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// Queues `activity` for each inbox, signed as `user_id` (None: the
/// instance); none goes to a defederated domain.
pub async fn enqueue(
    state: &AppState,
    user_id: Option<i64>,
    inboxes: &[String],
    activity: &serde_json::Value,
) -> Result<(), ActionError> {
    if inboxes.is_empty() {
        return Ok(());
    }
    let body = activity.to_string();
    let now = crate::actions::now();
    let blocked: Vec<String> = state
        .store
        .blocked_hosts()
        .await?
        .into_iter()
        .map(|(host, _)| host)
        .collect();
    for inbox in inboxes {
        if crate::domain::hosts::refused(&blocked, inbox) {
            continue;
        }
        state
            .store
            .queue_delivery(user_id, inbox, &host_of(inbox), &body, now)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_inboxes_are_used_once() {
        let actor = |uri: &str, shared: Option<&str>| RemoteActor {
            id: 0,
            uri: uri.into(),
            username: "x".into(),
            host: "h".into(),
            name: String::new(),
            summary: String::new(),
            icon: None,
            inbox: format!("{uri}/inbox"),
            shared_inbox: shared.map(str::to_string),
            key_id: String::new(),
            public_key_pem: String::new(),
            bookwyrm: false,
            manual_approval: false,
            fetched_at: 0,
        };
        let got = inboxes(&[
            actor("https://a/u/1", Some("https://a/inbox")),
            actor("https://a/u/2", Some("https://a/inbox")),
            actor("https://b/u/3", None),
        ]);
        assert_eq!(got, ["https://a/inbox", "https://b/u/3/inbox"]);
    }
}
