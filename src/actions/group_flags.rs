//! Flags on messages in a group's topics: they wait for the group's own
//! moderators first, who hide the message, dismiss the flag, or pass it on
//! to the site's moderators.

use super::groups::moderated;
use crate::domain::thread::Thread;
use crate::error::{ActionError, ActionResult};
use crate::store::{Comment, FlagItem, Store, User};

/// The group whose moderators answer a flag on this comment first, if any.
pub async fn answered_by(store: &Store, comment: &Comment) -> ActionResult<Option<i64>> {
    Ok(match comment.thread {
        Thread::Topic(topic) => store.topic(topic).await?.map(|t| t.group_id),
        _ => None,
    })
}

/// What a group moderator does with a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Hides the message; its number stays, as a placeholder.
    Remove,
    Dismiss,
    /// Hands it to the site's moderators, who see it in their queue.
    Escalate,
}

impl Answer {
    pub fn parse(raw: &str) -> ActionResult<Answer> {
        match raw.trim() {
            "remove" => Ok(Answer::Remove),
            "dismiss" => Ok(Answer::Dismiss),
            "escalate" => Ok(Answer::Escalate),
            _ => Err(ActionError::invalid(
                "action",
                "must be remove, dismiss or escalate",
            )),
        }
    }
}

/// The flags waiting for the group's moderators, oldest first.
pub async fn queue(store: &Store, actor: &User, id: i64) -> ActionResult<Vec<FlagItem>> {
    moderated(store, actor, id).await?;
    Ok(store.group_flags(id, 200).await?)
}

/// A group moderator answers one of the group's open flags.
pub async fn answer(
    store: &Store,
    actor: &User,
    id: i64,
    flag_id: i64,
    answer: Answer,
) -> ActionResult<()> {
    moderated(store, actor, id).await?;
    let flag = store
        .flag(flag_id)
        .await?
        .filter(|f| f.group_id == Some(id) && f.state == "open")
        .ok_or(ActionError::NotFound("flag"))?;
    let now = super::now();
    let kind = flag.target_kind.as_str();
    let done = match answer {
        Answer::Remove => "removed",
        Answer::Dismiss => "dismissed",
        Answer::Escalate => "passed on",
    };
    // The site's log holds what group moderators did too: the site's
    // moderators answer for what is hidden anywhere on it.
    let detail = format!("in group {id}: {}", flag.reason);
    super::admin::record(
        store,
        Some(actor),
        done,
        (kind, flag.target_id),
        Some(detail),
    )
    .await?;
    match answer {
        Answer::Remove => {
            store.delete_comment(flag.target_id, true, now).await?;
            store
                .resolve_flags(kind, flag.target_id, "removed", actor.id, now)
                .await?;
        }
        Answer::Dismiss => {
            store
                .resolve_flags(kind, flag.target_id, "dismissed", actor.id, now)
                .await?;
        }
        Answer::Escalate => store.escalate_flags(id, kind, flag.target_id).await?,
    }
    Ok(())
}
