//! What arrived from other servers: books copied from them, and the reviews,
//! messages, quotes and ratings they sent, found again by their ids there.

use super::db::Db;
use super::methods::Record;
use crate::store::{NewBook, StoreResult};

/// A book described by another server, to copy unless it is here already.
#[derive(Debug, Clone)]
pub struct CopiedBook {
    pub book: NewBook,
    /// The id it has at the server it came from.
    pub origin: String,
    pub ol_edition: Option<String>,
    pub ol_work: Option<String>,
}

impl Record for CopiedBook {}

queries! {
    pub(crate) value book_by_origin(uri: &str) -> i64 =
        ("SELECT id FROM books WHERE origin_uri = $1");
    // ISBNs first, then Open Library's keys: the same book however it came.
    value matching_book(isbn13: Option<&str>, isbn10: Option<&str>, ol_edition: Option<&str>, ol_work: Option<&str>) -> i64 =
        ("SELECT id FROM books WHERE isbn13 = $1
          UNION ALL SELECT book_id FROM editions WHERE isbn13 = $1
          UNION ALL SELECT id FROM books WHERE isbn10 = $2
          UNION ALL SELECT book_id FROM editions WHERE isbn10 = $2
          UNION ALL SELECT book_id FROM editions WHERE ol_edition_key = $3
          UNION ALL SELECT id FROM books WHERE ol_work_key = $4
          LIMIT 1");
    exec keep_origin(id: i64, origin: &str, ol_work: Option<&str>) =
        ("UPDATE books SET origin_uri = $2, ol_work_key = coalesce(ol_work_key, $3) WHERE id = $1");
    exec keep_edition_key(id: i64, ol_edition: &str) =
        ("UPDATE editions SET ol_edition_key = $2 WHERE book_id = $1 AND ol_edition_key IS NULL");
    /// The host a copied book came from may change what it says.
    pub(crate) exec update_copied_book(id: i64, title: &str, description: Option<&str>) =
        ("UPDATE books SET title = $2, description = coalesce($3, description) WHERE id = $1");

    pub(crate) exec mark_review(id: i64, uri: &str) =
        ("UPDATE reviews SET remote_uri = $2 WHERE id = $1");
    pub(crate) exec mark_comment(id: i64, uri: &str) =
        ("UPDATE comments SET remote_uri = $2 WHERE id = $1");
    pub(crate) exec mark_quote(id: i64, uri: &str) =
        ("UPDATE quotes SET remote_uri = $2 WHERE id = $1");
    pub(crate) exec mark_rating(user_id: i64, book_id: i64, uri: &str) =
        ("UPDATE ratings SET remote_uri = $3 WHERE user_id = $1 AND book_id = $2");

    /// (review, its writer) sent with this id.
    pub(crate) one remote_review(uri: &str) -> (i64, i64) =
        ("SELECT id, user_id FROM reviews WHERE remote_uri = $1");
    /// (message, its writer, its review) sent with this id.
    pub(crate) one remote_comment(uri: &str) -> (i64, Option<i64>, Option<i64>) =
        ("SELECT id, author_id, review_id FROM comments WHERE remote_uri = $1");
    /// (quote, its writer) sent with this id.
    pub(crate) one remote_quote(uri: &str) -> (i64, i64) =
        ("SELECT id, user_id FROM quotes WHERE remote_uri = $1");
    /// (reader, book) of the rating sent with this id.
    pub(crate) one remote_rating(uri: &str) -> (i64, i64) =
        ("SELECT user_id, book_id FROM ratings WHERE remote_uri = $1");
    /// The id a review that came from elsewhere has there.
    pub(crate) value review_origin(id: i64) -> String =
        ("SELECT remote_uri FROM reviews WHERE id = $1 AND remote_uri IS NOT NULL");
    /// The id the message numbered `number` under the review has at the
    /// server it came from, if it came from one.
    pub(crate) value comment_origin(review_id: i64, number: i64) -> String =
        ("SELECT remote_uri FROM comments WHERE review_id = $1 AND number = $2 AND remote_uri IS NOT NULL");
    /// The message numbered `number` under the review.
    pub(crate) value comment_numbered(review_id: i64, number: i64) -> i64 =
        ("SELECT id FROM comments WHERE review_id = $1 AND number = $2");
    pub(crate) exec edit_remote_review(id: i64, body: &str, body_html: &str, spoiler: bool, now: i64) =
        ("UPDATE reviews SET body = $2, body_html = $3, spoiler = $4, updated_at = $5 WHERE id = $1");
    pub(crate) exec edit_remote_quote(id: i64, body: &str) =
        ("UPDATE quotes SET body = $2 WHERE id = $1");
}

/// The book here that is the one described, copied if none is: by its
/// origin id, then its ISBNs and Open Library keys; a new copy keeps its
/// origin id.
pub(crate) async fn copy_book<D: Db>(db: &D, copied: &CopiedBook) -> StoreResult<i64> {
    if let Some(id) = book_by_origin(db, &copied.origin).await? {
        return Ok(id);
    }
    let known = matching_book(
        db,
        copied.book.isbn13.as_deref(),
        copied.book.isbn10.as_deref(),
        copied.ol_edition.as_deref(),
        copied.ol_work.as_deref(),
    )
    .await?;
    if let Some(id) = known {
        return Ok(id);
    }
    let id = super::catalogue::create_book(db, &copied.book).await?;
    keep_origin(db, id, &copied.origin, copied.ol_work.as_deref()).await?;
    if let Some(key) = copied.ol_edition.as_deref() {
        keep_edition_key(db, id, key).await?;
    }
    Ok(id)
}

store! {
    /// The book a remote description names, copied once.
    write copy_book(copied: &CopiedBook) -> i64;
    lookup book_by_origin(uri: &str) -> Option<i64>;
    write update_copied_book(id: i64, title: &str, description: Option<&str>) -> ();
    write mark_review(id: i64, uri: &str) -> ();
    write mark_comment(id: i64, uri: &str) -> ();
    write mark_quote(id: i64, uri: &str) -> ();
    write mark_rating(user_id: i64, book_id: i64, uri: &str) -> ();
    lookup remote_review(uri: &str) -> Option<(i64, i64)>;
    lookup remote_comment(uri: &str) -> Option<(i64, Option<i64>, Option<i64>)>;
    lookup remote_quote(uri: &str) -> Option<(i64, i64)>;
    lookup remote_rating(uri: &str) -> Option<(i64, i64)>;
    lookup comment_numbered(review_id: i64, number: i64) -> Option<i64>;
    /// A review's id at the server it came from (None: written here).
    lookup review_origin(id: i64) -> Option<String>;
    /// A thread message's id at the server it came from (None: written here).
    lookup comment_origin(review_id: i64, number: i64) -> Option<String>;
    write edit_remote_review(id: i64, body: &str, body_html: &str, spoiler: bool, now: i64) -> ();
    write edit_remote_quote(id: i64, body: &str) -> ();
}
