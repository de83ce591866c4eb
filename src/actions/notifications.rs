//! A reader's notifications: one by one (the API's first list) or folded
//! into groups, paged by cursor; seeing a page marks it read, and "Mark all
//! read" clears the rest. Also which kinds the reader wants at all.

use crate::domain::notifications::{self, PAGE};
use crate::domain::preferences::{self, NOTIFICATION_KINDS};
use crate::error::ActionResult;
use crate::store::{Notification, NotificationGroup, Store, User};

/// A page of the reader's notifications, newest first, and whether older
/// ones follow; seeing them marks them read.
pub async fn notifications(
    store: &Store,
    reader: &User,
    limit: i64,
    before: Option<i64>,
) -> ActionResult<(Vec<Notification>, bool)> {
    let mut list = store.notifications(reader.id, limit + 1, before).await?;
    let more = list.len() as i64 > limit;
    list.truncate(limit.max(0) as usize);
    // Only what is shown counts as read; later pages keep theirs.
    if list.iter().any(|n| !n.read) {
        let first = list.iter().map(|n| n.id).min().unwrap_or_default();
        let last = list.iter().map(|n| n.id).max().unwrap_or_default();
        store
            .mark_notifications_read(reader.id, first..=last, super::now())
            .await?;
    }
    Ok((list, more))
}

/// A page of the reader's notification groups, newest first, and the cursor
/// of the next page (None on the last). The groups come as they were before
/// this look, so their unread marks show what was new; seeing them marks
/// them read, up to the newest shown (anything arriving since stays new).
pub async fn groups(
    store: &Store,
    reader: &User,
    before: Option<i64>,
) -> ActionResult<(Vec<NotificationGroup>, Option<i64>)> {
    let before = before.unwrap_or(i64::MAX);
    let mut list = store
        .notification_groups(reader.id, before, PAGE + 1)
        .await?;
    let more = list.len() as i64 > PAGE;
    list.truncate(PAGE as usize);
    let unread: Vec<String> = list
        .iter()
        .filter(|g| g.unread > 0)
        .map(|g| notifications::group_key(&g.kind, g.review_id, g.last_id))
        .collect();
    if !unread.is_empty() {
        let last = list.iter().map(|g| g.last_id).max().unwrap_or_default();
        store
            .mark_groups_read(reader.id, &unread, last, super::now())
            .await?;
    }
    let next = list.last().filter(|_| more).map(|g| g.last_id);
    Ok((list, next))
}

/// Marks every notification read, up to notification `up_to` when given
/// (the newest the reader had in front of them).
pub async fn mark_all_read(store: &Store, reader: &User, up_to: Option<i64>) -> ActionResult<()> {
    Ok(store.mark_all_read(reader.id, up_to, super::now()).await?)
}

/// One kind of notification and whether the reader gets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindChoice {
    pub kind: &'static str,
    pub label: &'static str,
    pub wanted: bool,
}

/// Every kind of notification, each with whether the reader gets it.
pub async fn preferences(store: &Store, reader: &User) -> ActionResult<Vec<KindChoice>> {
    let muted = store.notification_mutes(reader.id).await?;
    Ok(NOTIFICATION_KINDS
        .iter()
        .map(|(kind, label)| KindChoice {
            kind,
            label,
            wanted: !muted.iter().any(|m| m == kind),
        })
        .collect())
}

/// The reader's choices, each kind named with whether they want it (a kind
/// not named is wanted); an unknown kind changes nothing.
pub async fn set_preferences(
    store: &Store,
    reader: &User,
    choices: &[(&str, bool)],
) -> ActionResult<Vec<KindChoice>> {
    super::may_write(reader)?;
    let muted = preferences::mutes(choices.iter().copied())?;
    save_mutes(store, reader, &muted).await
}

/// The boxes ticked on Settings: the kinds not ticked are muted.
pub async fn set_wanted(
    store: &Store,
    reader: &User,
    wanted: &[&str],
) -> ActionResult<Vec<KindChoice>> {
    super::may_write(reader)?;
    let muted = preferences::mutes_from_wanted(wanted.iter().copied())?;
    save_mutes(store, reader, &muted).await
}

async fn save_mutes(
    store: &Store,
    reader: &User,
    muted: &[&'static str],
) -> ActionResult<Vec<KindChoice>> {
    let muted: Vec<String> = muted.iter().map(|k| k.to_string()).collect();
    store.set_notification_mutes(reader.id, &muted).await?;
    preferences(store, reader).await
}
