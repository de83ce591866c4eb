//! Everything a reader can do, one function each, called by both front doors
//! (the pages and the JSON API). Actions check who may do what, validate
//! through the domain types, and talk to the store; they know nothing of HTTP.

pub mod accounts;
pub mod admin;
pub mod books;
pub mod catalogue;
pub mod comments;
pub mod covers;
pub mod editions;
pub mod exports;
pub mod goals;
pub mod imports;
pub mod moderation;
pub mod reviews;
pub mod shelves;
pub mod social;

use crate::error::{ActionError, ActionResult};
use crate::store::{Book, Store, User};

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
