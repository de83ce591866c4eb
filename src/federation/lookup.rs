//! Finding a reader on another server by handle: WebFinger at their host,
//! then their actor document, kept like every actor we hear from.

use super::remote::{InboxError, fetch_actor};
use crate::AppState;
use crate::domain::handle::{self, Handle};
use crate::error::ActionError;
use crate::store::RemoteActor;

/// The largest WebFinger answer read.
const MAX_JRD_BYTES: usize = 64 * 1024;
/// An actor fetched this recently is not fetched again for a lookup.
const FRESH_FOR: i64 = 3600;

/// The actor id a WebFinger answer links as the account's `self`.
pub fn self_link(jrd: &serde_json::Value) -> Option<String> {
    jrd.get("links")?.as_array()?.iter().find_map(|link| {
        let rel = link.get("rel")?.as_str()?;
        let kind = link.get("type").and_then(|t| t.as_str()).unwrap_or("");
        let activity = kind.starts_with("application/activity+json")
            || (kind.starts_with("application/ld+json") && kind.contains("activitystreams"));
        (rel == "self" && activity)
            .then(|| link.get("href")?.as_str().map(str::to_string))
            .flatten()
    })
}

/// What a failed fetch means to the reader who asked.
fn unreachable(handle: &Handle, e: impl std::fmt::Display) -> ActionError {
    ActionError::Unavailable(format!("{} could not be reached: {e}", handle.host))
}

fn blocked_host(host: &str) -> ActionError {
    ActionError::Forbidden(format!("this site does not federate with {host}"))
}

/// Asks the handle's server which actor it is. Sites allowed private
/// addresses (tests, closed networks) also ask over plain http.
async fn webfinger(state: &AppState, handle: &Handle) -> Result<String, ActionError> {
    let query = format!("/.well-known/webfinger?resource={}", handle.resource());
    let mut schemes = vec!["https"];
    if state.settings.federation_allow_private {
        schemes.push("http");
    }
    let mut last = None;
    for scheme in schemes {
        let url = format!("{scheme}://{}{query}", handle.host);
        match state
            .outbound
            .get(
                &url,
                "application/jrd+json, application/json",
                MAX_JRD_BYTES,
            )
            .await
        {
            Ok(answer) if answer.status == 404 || answer.status == 410 => {
                return Err(ActionError::NotFound("reader"));
            }
            Ok(answer) if answer.status == 200 => {
                let jrd: serde_json::Value = serde_json::from_slice(&answer.body)
                    .map_err(|_| unreachable(handle, "its answer is not WebFinger"))?;
                return self_link(&jrd)
                    .ok_or_else(|| unreachable(handle, "it names no ActivityPub actor"));
            }
            Ok(answer) => last = Some(format!("it answered {}", answer.status)),
            Err(e) => last = Some(e.to_string()),
        }
    }
    Err(unreachable(handle, last.unwrap_or_default()))
}

/// The actor a handle names, fetched (or as kept, when fetched lately).
pub async fn find(state: &AppState, typed: &str) -> Result<RemoteActor, ActionError> {
    let handle = handle::parse(typed)?;
    if handle.host == state.public_url.authority() {
        return Err(ActionError::invalid(
            "handle",
            "that reader is on this site: search for their name",
        ));
    }
    // Checked before what is kept, too: a domain blocked since is not shown.
    let blocked: Vec<String> = state
        .store
        .blocked_hosts()
        .await?
        .into_iter()
        .map(|(host, _)| host)
        .collect();
    if crate::domain::hosts::refused(&blocked, &format!("https://{}/", handle.host)) {
        return Err(blocked_host(&handle.host));
    }
    let now = crate::actions::now();
    if let Some(kept) = state
        .store
        .remote_actor_by_handle(&handle.name, &handle.host)
        .await?
        .filter(|a| now - a.fetched_at < FRESH_FOR)
    {
        return Ok(kept);
    }
    let actor = webfinger(state, &handle).await?;
    fetch_actor(state, &actor).await.map_err(|e| match e {
        InboxError::Blocked(host) => blocked_host(&host),
        InboxError::Internal(e) => ActionError::Internal(e),
        other => unreachable(&handle, other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_self_link_is_the_activitypub_one() {
        let jrd = json!({"links": [
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "https://a/@m"},
            {"rel": "self", "type": "application/activity+json", "href": "https://a/users/m"},
        ]});
        assert_eq!(self_link(&jrd).as_deref(), Some("https://a/users/m"));
        let ld = json!({"links": [{"rel": "self",
            "type": "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
            "href": "https://b/u/m"}]});
        assert_eq!(self_link(&ld).as_deref(), Some("https://b/u/m"));
        assert_eq!(
            self_link(&json!({"links": [{"rel": "self", "type": "text/html", "href": "x"}]})),
            None
        );
        assert_eq!(self_link(&json!({"subject": "acct:m@a"})), None);
    }
}
