//! Flags from readers, and what moderators do about them.

use crate::domain::text;
use crate::error::{ActionError, ActionResult};
use crate::store::{Act, FlagItem, NewFlag, Store, StoreError, User};

pub const REASONS: [&str; 4] = ["spam", "abuse", "spoiler", "other"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Review(i64),
    Comment(i64),
}

impl Target {
    pub fn parse(kind: &str, id: i64) -> ActionResult<Target> {
        match kind {
            "review" => Ok(Target::Review(id)),
            "comment" => Ok(Target::Comment(id)),
            _ => Err(ActionError::invalid("target", "must be review or comment")),
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Target::Review(_) => "review",
            Target::Comment(_) => "comment",
        }
    }

    fn id(self) -> i64 {
        match self {
            Target::Review(id) | Target::Comment(id) => id,
        }
    }
}

/// Flags a review or comment once per reader; a reader may file `per_hour`
/// flags in any hour (counted in the database, for every node alike).
pub async fn flag(
    store: &Store,
    reporter: &User,
    target: Target,
    reason: &str,
    note: Option<&str>,
    per_hour: i64,
) -> ActionResult<i64> {
    super::may_write(reporter)?;
    super::hour_has_room(store, reporter, Act::Flag, per_hour).await?;
    let reason = reason.trim().to_ascii_lowercase();
    if !REASONS.contains(&reason.as_str()) {
        return Err(ActionError::invalid(
            "reason",
            "must be spam, abuse, spoiler or other",
        ));
    }
    let note = text::optional_line("note", note, text::NOTE_MAX)?;
    // What the reporter may not see is not there to flag.
    let group_id = match target {
        Target::Review(id) => {
            super::reviews::visible_review(store, Some(reporter), id).await?;
            None
        }
        Target::Comment(id) => {
            let comment = super::comments::standing_comment(store, reporter, id).await?;
            // A message in a group's topic goes to that group's moderators first.
            super::group_flags::answered_by(store, &comment).await?
        }
    };
    let new = NewFlag {
        reporter_id: reporter.id,
        target_kind: target.kind().to_string(),
        target_id: target.id(),
        reason,
        note,
        group_id,
        now: super::now(),
    };
    let filed = store
        .create_flag(&new, per_hour)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => ActionError::Conflict {
                field: "id",
                message: "you have flagged this already".into(),
            },
            other => other.into(),
        })?;
    super::within_the_hour(filed, new.now)
}

/// The open flags, oldest first, up to `limit` after flag `after` (0: from the first).
pub async fn queue(
    store: &Store,
    moderator_user: &User,
    limit: i64,
    after: i64,
) -> ActionResult<Vec<FlagItem>> {
    super::moderator(moderator_user)?;
    Ok(store.open_flags(limit, after).await?)
}

/// What the log says of a flag acted on.
fn reason(flag: &FlagItem) -> String {
    format!("flag {} ({})", flag.id, flag.reason)
}

async fn open_flag(store: &Store, id: i64) -> ActionResult<FlagItem> {
    store.flag(id).await?.ok_or(ActionError::NotFound("flag"))
}

/// Takes the flagged content down: a comment keeps its number as a placeholder.
pub async fn remove(store: &Store, by: &User, flag_id: i64) -> ActionResult<()> {
    super::moderator(by)?;
    let flag = open_flag(store, flag_id).await?;
    let now = super::now();
    match flag.target_kind.as_str() {
        "comment" => store.delete_comment(flag.target_id, true, now).await?,
        _ => store.delete_review(flag.target_id).await?,
    }
    store
        .resolve_flags(&flag.target_kind, flag.target_id, "removed", by.id, now)
        .await?;
    let target = (flag.target_kind.as_str(), flag.target_id);
    super::admin::record(store, Some(by), "removed", target, Some(reason(&flag))).await
}

pub async fn dismiss(store: &Store, by: &User, flag_id: i64) -> ActionResult<()> {
    super::moderator(by)?;
    let flag = open_flag(store, flag_id).await?;
    store
        .resolve_flags(
            &flag.target_kind,
            flag.target_id,
            "dismissed",
            by.id,
            super::now(),
        )
        .await?;
    let target = (flag.target_kind.as_str(), flag.target_id);
    super::admin::record(store, Some(by), "dismissed", target, Some(reason(&flag))).await
}

/// Suspends the flagged content's author: they can no longer sign in or
/// post. Only someone above them may.
pub async fn suspend_author(store: &Store, by: &User, flag_id: i64) -> ActionResult<()> {
    super::moderator(by)?;
    let flag = open_flag(store, flag_id).await?;
    let author = match &flag.target_author {
        Some(a) => store.user_by_id(a.id).await?,
        None => None,
    };
    let author = author.ok_or(ActionError::NotFound("account"))?;
    super::admin::suspend(store, by, &author, true).await?;
    store
        .resolve_flags(
            &flag.target_kind,
            flag.target_id,
            "suspended",
            by.id,
            super::now(),
        )
        .await?;
    Ok(())
}
