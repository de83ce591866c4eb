//! Book covers and their history: every upload is kept (the last `KEPT` a
//! book had) with who made it, the book shows its newest, and a moderator
//! may put an older one back. Also who added a book, for the moderators.

use super::Store;
use super::db::Db;
use super::shelves::lock_book;
use crate::store::{BookCredits, CoverEntry, StoreError, StoreResult};

/// Covers kept per book, the current one among them: a vandal's uploads
/// push out only that book's oldest, and no book's history grows for ever.
pub const KEPT: i64 = 10;

queries! {
    /// Drops the book's covers older than its last `KEPT` (`$2`).
    exec prune_to(book_id: i64, kept: i64) = (
        "DELETE FROM covers WHERE book_id = $1 AND id NOT IN
         (SELECT id FROM covers WHERE book_id = $1 ORDER BY id DESC LIMIT $2)"
    );
}

/// Makes the cover the book's newest. Taken first, the book's row lock keeps
/// two uploads' history in the order `books.cover` ends up in.
async fn point_book_at<D: Db>(db: &D, book_id: i64, digest: &str) -> StoreResult<()> {
    if !point_at(db, book_id, digest).await? {
        return Err(StoreError::MissingReference);
    }
    Ok(())
}

queries! {
    affects point_at(book_id: i64, digest: &str) = ("UPDATE books SET cover = $2 WHERE id = $1");
    value insert_cover(book_id: i64, digest: &str, uploader: Option<i64>, now: i64) -> i64 = (
        "INSERT INTO covers (book_id, digest, uploaded_by, uploaded_at, created_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id"
    );
    exec insert_size(cover_id: i64, size: &str, bytes: &[u8]) =
        ("INSERT INTO cover_sizes (cover_id, size, bytes) VALUES ($1, $2, $3)") with (cover_id, size, bytes);
    one cover_and_newest(cover_id: i64, book_id: i64) -> (String, i64) = (
        "SELECT c.digest, (SELECT max(id) FROM covers WHERE book_id = c.book_id)
         FROM covers c WHERE c.id = $1 AND c.book_id = $2"
    );
    value copy_cover(cover_id: i64, by: i64, now: i64) -> i64 = (
        "INSERT INTO covers (book_id, digest, uploaded_by, uploaded_at, restored_by, created_at)
         SELECT book_id, digest, uploaded_by, uploaded_at, CAST($2 AS BIGINT), CAST($3 AS BIGINT)
         FROM covers WHERE id = $1 RETURNING id"
    );
    exec copy_sizes(cover_id: i64, copy: i64) = (
        "INSERT INTO cover_sizes (cover_id, size, bytes)
         SELECT CAST($2 AS BIGINT), size, bytes FROM cover_sizes WHERE cover_id = $1"
    );
}

pub(crate) async fn set_cover<D: Db>(
    db: &D,
    book_id: i64,
    digest: &str,
    sizes: &[(String, Vec<u8>)],
    uploader: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    point_book_at(db, book_id, digest).await?;
    let id = insert_cover(db, book_id, digest, uploader, now).await?;
    let id = id.ok_or_else(|| StoreError::Database("a cover was not inserted".into()))?;
    for (size, bytes) in sizes {
        insert_size(db, id, size, bytes).await?;
    }
    prune_to(db, book_id, KEPT).await
}

/// Puts cover `cover_id` of the book back as a new newest entry, copied with
/// its uploader, so the cover it replaces stays in the history. False when
/// the book has no such cover; a cover that is current already stays as it is.
pub(crate) async fn restore_cover<D: Db>(
    db: &D,
    book_id: i64,
    cover_id: i64,
    by: i64,
    now: i64,
) -> StoreResult<bool> {
    // Changes to one book's covers take turns on its row, so the history read
    // here is the one written to (SQLite's writer holds the only lock already).
    lock_book(db, book_id).await?;
    let found = cover_and_newest(db, cover_id, book_id).await?;
    let Some((digest, newest)) = found else {
        return Ok(false);
    };
    if newest == cover_id {
        return Ok(true);
    }
    point_book_at(db, book_id, &digest).await?;
    let copy = copy_cover(db, cover_id, by, now).await?;
    let copy = copy.ok_or_else(|| StoreError::Database("a cover was not copied".into()))?;
    copy_sizes(db, cover_id, copy).await?;
    prune_to(db, book_id, KEPT).await?;
    Ok(true)
}

queries! {
    /// One size of the book's current (newest) cover, with its digest.
    pub(crate) one cover_image(book_id: i64, size: &str) -> (String, Vec<u8>) = (
        "SELECT c.digest, s.bytes FROM covers c JOIN cover_sizes s ON s.cover_id = c.id
         WHERE c.book_id = $1 AND s.size = $2 ORDER BY c.id DESC LIMIT 1"
    );
    /// One size of any cover in the book's history.
    pub(crate) value history_image(book_id: i64, cover_id: i64, size: &str) -> Vec<u8> = (
        "SELECT s.bytes FROM cover_sizes s JOIN covers c ON c.id = s.cover_id
         WHERE c.id = $2 AND c.book_id = $1 AND s.size = $3"
    );
    /// Who added the book and who uploaded its current cover.
    pub(crate) one_or_default book_credits(book_id: i64) -> BookCredits = (
        "SELECT a.id, a.username, a.display_name, u.id, u.username, u.display_name
         FROM books b
         LEFT JOIN users a ON a.id = b.created_by
         LEFT JOIN covers c ON c.id = (SELECT max(id) FROM covers WHERE book_id = b.id)
         LEFT JOIN users u ON u.id = c.uploaded_by
         WHERE b.id = $1"
    );
    /// The book's covers, newest (the current one) first.
    pub(crate) all cover_history(book_id: i64) -> CoverEntry = (
        "SELECT c.id, c.digest, u.id, u.username, u.display_name, c.uploaded_at,
            m.id, m.username, m.display_name, c.created_at
         FROM covers c
         LEFT JOIN users u ON u.id = c.uploaded_by
         LEFT JOIN users m ON m.id = c.restored_by
         WHERE c.book_id = $1 ORDER BY c.id DESC"
    );
}

store! {
    /// One size of the book's current cover, with its digest.
    lookup cover_image(book_id: i64, size: &str) -> Option<(String, Vec<u8>)>;
    /// One size of a cover in the book's history.
    lookup history_image(book_id: i64, cover_id: i64, size: &str) -> Option<Vec<u8>>;
    /// The book's covers, the current one first.
    lookup cover_history(book_id: i64) -> Vec<CoverEntry>;
    /// Puts an older cover back as the newest; false when the book has no such cover.
    write restore_cover(book_id: i64, cover_id: i64, by: i64, now: i64) -> bool;
    /// Who added the book and who uploaded its current cover.
    lookup book_credits(book_id: i64) -> BookCredits;
}

impl Store {
    /// Makes the upload the book's cover, keeping the one it replaces in the history.
    pub async fn set_cover(
        &self,
        book_id: i64,
        digest: &str,
        sizes: &[(&str, Vec<u8>)],
        uploader: Option<i64>,
        now: i64,
    ) -> StoreResult<()> {
        let digest = digest.to_string();
        let sizes: Vec<(String, Vec<u8>)> = sizes
            .iter()
            .map(|(s, b)| (s.to_string(), b.clone()))
            .collect();
        write!(self, |db| set_cover(
            db, book_id, &digest, &sizes, uploader, now
        ))
    }
}
