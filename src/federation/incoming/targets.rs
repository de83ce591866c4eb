//! What an incoming activity points at: a local review, message or quote by
//! the id Dogear gave it, or one that arrived from elsewhere by its own id.

use super::super::remote::{InboxError, internal};
use crate::AppState;

/// A thing here that an activity can reply to, like, flag or remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Review(i64),
    Comment { id: i64, review_id: i64 },
    Quote(i64),
}

/// The local path of `uri` when it is one of this site's ids.
fn local_path<'a>(state: &AppState, uri: &'a str) -> Option<&'a str> {
    uri.strip_prefix(state.public_url.as_str().trim_end_matches('/'))
        .filter(|p| p.starts_with('/'))
}

pub async fn find(state: &AppState, uri: &str) -> Result<Option<Target>, InboxError> {
    if let Some(path) = local_path(state, uri) {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let number = |s: &str| s.parse::<i64>().ok();
        return Ok(match parts.as_slice() {
            ["reviews", id] => number(id).map(Target::Review),
            ["reviews", review, "comments", n] => match (number(review), number(n)) {
                (Some(review_id), Some(n)) => state
                    .store
                    .comment_numbered(review_id, n)
                    .await
                    .map_err(internal)?
                    .map(|id| Target::Comment { id, review_id }),
                _ => None,
            },
            ["quotes", id] => number(id).map(Target::Quote),
            _ => None,
        });
    }
    let store = &state.store;
    if let Some((id, _)) = store.remote_review(uri).await.map_err(internal)? {
        return Ok(Some(Target::Review(id)));
    }
    if let Some((id, _, Some(review_id))) = store.remote_comment(uri).await.map_err(internal)? {
        return Ok(Some(Target::Comment { id, review_id }));
    }
    if let Some((id, _)) = store.remote_quote(uri).await.map_err(internal)? {
        return Ok(Some(Target::Quote(id)));
    }
    Ok(None)
}
