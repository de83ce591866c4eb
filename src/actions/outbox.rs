//! Telling a reader's followers on other servers what the reader did. Each
//! action that federates makes one call here after its write; the event is
//! kept in the database (only for readers someone elsewhere follows) and the
//! delivery worker, which knows the site's address, renders it and queues it
//! for each follower's inbox. Who may see what is decided there, from the
//! rows as they stand when it is sent.

use crate::error::ActionResult;
use crate::store::Store;

/// What happened, about which subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told<'a> {
    /// A review written or replaced.
    Review(i64),
    /// A review removed; it was shared with `visibility`.
    ReviewDeleted {
        id: i64,
        visibility: &'a str,
    },
    /// A review liked; `since` is when the like was made.
    Liked {
        id: i64,
        since: &'a str,
    },
    /// A like taken back; `since` is when it had been made.
    Unliked {
        id: i64,
        since: &'a str,
    },
    /// The reader rated the book.
    Rated(i64),
    /// The reader put the book on the status with `slug`.
    Status {
        book_id: i64,
        slug: &'a str,
    },
    /// The book went onto the reader's shelf (a status or one of their
    /// own) with `slug`, or came off it.
    Shelved {
        book_id: i64,
        slug: &'a str,
    },
    Unshelved {
        book_id: i64,
        slug: &'a str,
    },
    Quote(i64),
    QuoteDeleted(i64),
    /// A message in a review's thread, posted, edited or deleted.
    Comment(i64),
    CommentEdited(i64),
    CommentDeleted(i64),
}

/// The kinds as the outbox keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Review,
    ReviewDeleted,
    Liked,
    Unliked,
    Rated,
    Status,
    Shelved,
    Unshelved,
    Quote,
    QuoteDeleted,
    Comment,
    CommentEdited,
    CommentDeleted,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Review,
        Kind::ReviewDeleted,
        Kind::Liked,
        Kind::Unliked,
        Kind::Rated,
        Kind::Status,
        Kind::Shelved,
        Kind::Unshelved,
        Kind::Quote,
        Kind::QuoteDeleted,
        Kind::Comment,
        Kind::CommentEdited,
        Kind::CommentDeleted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::ReviewDeleted => "review_deleted",
            Kind::Liked => "like",
            Kind::Unliked => "unlike",
            Kind::Rated => "rating",
            Kind::Status => "status",
            Kind::Shelved => "shelved",
            Kind::Unshelved => "unshelved",
            Kind::Quote => "quote",
            Kind::QuoteDeleted => "quote_deleted",
            Kind::Comment => "comment",
            Kind::CommentEdited => "comment_edited",
            Kind::CommentDeleted => "comment_deleted",
        }
    }

    pub fn stored(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }
}

impl<'a> Told<'a> {
    /// (kind, subject, detail) as kept.
    fn parts(self) -> (Kind, i64, &'a str) {
        match self {
            Told::Review(id) => (Kind::Review, id, ""),
            Told::ReviewDeleted { id, visibility } => (Kind::ReviewDeleted, id, visibility),
            Told::Liked { id, since } => (Kind::Liked, id, since),
            Told::Unliked { id, since } => (Kind::Unliked, id, since),
            Told::Rated(id) => (Kind::Rated, id, ""),
            Told::Status { book_id, slug } => (Kind::Status, book_id, slug),
            Told::Shelved { book_id, slug } => (Kind::Shelved, book_id, slug),
            Told::Unshelved { book_id, slug } => (Kind::Unshelved, book_id, slug),
            Told::Quote(id) => (Kind::Quote, id, ""),
            Told::QuoteDeleted(id) => (Kind::QuoteDeleted, id, ""),
            Told::Comment(id) => (Kind::Comment, id, ""),
            Told::CommentEdited(id) => (Kind::CommentEdited, id, ""),
            Told::CommentDeleted(id) => (Kind::CommentDeleted, id, ""),
        }
    }
}

/// Notes that reader `user_id` did `told`, for their followers elsewhere.
pub async fn tell(store: &Store, user_id: i64, told: Told<'_>) -> ActionResult<()> {
    let (kind, subject, detail) = told.parts();
    store
        .note_outbox(user_id, kind.key(), subject, detail, super::now())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_read_back_from_its_key() {
        for kind in Kind::ALL {
            assert_eq!(Kind::stored(kind.key()), Some(kind));
        }
        assert_eq!(Kind::stored("nonsense"), None);
    }
}
