//! Everything a reader can do, one function each, called by both front doors
//! (the pages and the JSON API). Actions check who may do what, validate
//! through the domain types, and talk to the store; they know nothing of HTTP.

pub mod accounts;
pub mod admin;
pub mod bookdata;
pub mod books;
pub mod catalogue;
pub mod comments;
pub mod covers;
pub mod dumps;
pub mod editions;
pub mod email;
pub mod exports;
pub mod federation;
pub mod genres;
pub mod goals;
pub mod group_flags;
pub mod group_shelf;
pub mod groups;
pub mod imports;
pub mod lists;
pub mod memo;
pub mod moderation;
pub mod notifications;
pub mod operator;
pub mod outbox;
pub mod people;
pub mod quotes;
pub mod recommend;
pub mod registration;
pub mod reviews;
pub mod series;
pub mod shelves;
pub mod social;
pub mod stats;
pub mod topics;

use crate::error::{ActionError, ActionResult};
use crate::store::{Act, Book, HOUR, Limited, Store, User};

/// Seconds since the epoch, UTC: the one clock every action reads.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// A suspended reader may read but not write.
fn may_write(user: &User) -> ActionResult<()> {
    if user.suspended {
        return Err(ActionError::Forbidden("this account is suspended".into()));
    }
    Ok(())
}

/// Only moderators (and admins, who moderate too) may go on.
fn moderator(user: &User) -> ActionResult<()> {
    if !user.is_moderator {
        return Err(ActionError::Forbidden("only moderators can do that".into()));
    }
    Ok(())
}

async fn existing_book(store: &Store, id: i64) -> ActionResult<Book> {
    match store.book(id).await? {
        Some(book) => Ok(book),
        None => Err(moved_or_missing(
            store.book_redirect(id).await?,
            "books",
            "book",
        )),
    }
}

/// A merged-away id answers with where its content went; any other, not found.
fn moved_or_missing(redirect: Option<i64>, path: &str, what: &'static str) -> ActionError {
    match redirect {
        Some(id) => ActionError::Moved {
            to: format!("{path}/{id}"),
        },
        None => ActionError::NotFound(what),
    }
}

/// Refuses a limited act early when the reader's hour is full already: a
/// cheap count that turns a flood away without the write lock. The count
/// that decides is taken again inside the write (`Store` methods `*_within`).
async fn hour_has_room(store: &Store, user: &User, act: Act, per_hour: i64) -> ActionResult<()> {
    let now = now();
    let (recent, oldest) = store.acts_since(user.id, act, now - HOUR, per_hour).await?;
    if recent >= per_hour {
        return Err(over_the_hour(oldest, now));
    }
    Ok(())
}

/// The outcome of a limited write, or 429 with when to try again.
fn within_the_hour<T>(limited: Limited<T>, now: i64) -> ActionResult<T> {
    match limited {
        Limited::Done(done) => Ok(done),
        Limited::OverLimit { oldest } => Err(over_the_hour(oldest, now)),
    }
}

/// Over an hourly limit: retry when the oldest act of the hour leaves it.
fn over_the_hour(oldest: Option<i64>, now: i64) -> ActionError {
    let retry_after = oldest.map_or(HOUR, |t| (t + HOUR + 1 - now).clamp(1, HOUR)) as u64;
    ActionError::RateLimited { retry_after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_hour_opens_again_when_its_oldest_act_leaves_it() {
        let retry = |oldest, now| match over_the_hour(oldest, now) {
            ActionError::RateLimited { retry_after } => retry_after,
            _ => 0,
        };
        assert_eq!(retry(Some(1_000), 1_000), 3_600);
        assert_eq!(retry(Some(1_000), 4_000), 601);
        assert_eq!(retry(Some(1_000), 9_000), 1, "never zero");
        assert_eq!(retry(None, 1_000), 3_600);
    }
}
