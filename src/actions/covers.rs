//! Book covers: uploaded by readers, re-encoded before anything is stored,
//! kept with their uploader so moderators can put a replaced one back.

use super::moderator;
use super::{existing_book, may_write};
use crate::auth::secret;
use crate::domain::cover::{self, CoverError};
use crate::error::{ActionError, ActionResult};
use crate::store::{Book, BookCredits, CoverEntry, Store, User};

/// The sizes kept of every cover, smallest first.
pub const SIZES: [&str; 3] = ["small", "medium", "full"];

/// Images decoded at once. Each may hold 150 MB while it is turned into
/// JPEGs (a 24-megapixel image, and resizing's working rows), and uploads are
/// rare: one at a time keeps a burst of them near that, the rest waiting.
static DECODERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Runs an image's decoding and encoding off the async workers (it takes a
/// while), one image at a time.
pub async fn decoding<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> ActionResult<T> {
    let _turn = DECODERS
        .acquire()
        .await
        .map_err(|e| ActionError::Internal(format!("image decoding: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ActionError::Internal(format!("image worker: {e}")))
}

/// Decodes, checks and re-encodes the upload, then makes it the book's cover.
pub async fn set_cover(
    store: &Store,
    user: &User,
    book_id: i64,
    bytes: Vec<u8>,
) -> ActionResult<Book> {
    may_write(user)?;
    existing_book(store, book_id).await?;
    keep_image(store, book_id, bytes, Some(user.id)).await?;
    existing_book(store, book_id).await
}

/// Decodes, checks and re-encodes an image (an upload, or one fetched from a
/// book-data source), then makes it the book's cover.
pub(crate) async fn keep_image(
    store: &Store,
    book_id: i64,
    bytes: Vec<u8>,
    uploader: Option<i64>,
) -> ActionResult<()> {
    let processed = decoding(move || cover::process(&bytes)).await?;
    let cover = processed.map_err(|e| match e {
        CoverError::TooLarge { .. } => ActionError::TooLarge(e.to_string()),
        other => ActionError::Invalid(other.into()),
    })?;
    let digest: String = secret::digest_bytes(&cover.full).chars().take(16).collect();
    store
        .set_cover(
            book_id,
            &digest,
            &[
                ("small", cover.small),
                ("medium", cover.medium),
                ("full", cover.full),
            ],
            uploader,
            super::now(),
        )
        .await?;
    Ok(())
}

/// The book and every cover it has had, newest (the current one) first: for
/// moderators, who may put an earlier one back.
pub async fn history(
    store: &Store,
    viewer: &User,
    book_id: i64,
) -> ActionResult<(Book, Vec<CoverEntry>)> {
    moderator(viewer)?;
    let book = existing_book(store, book_id).await?;
    Ok((book, store.cover_history(book_id).await?))
}

/// One size of a cover in the book's history, for moderators: a replaced
/// cover is not the public's to see.
pub async fn history_image(
    store: &Store,
    viewer: &User,
    book_id: i64,
    cover_id: i64,
    size: &str,
) -> ActionResult<Vec<u8>> {
    moderator(viewer)?;
    if !SIZES.contains(&size) {
        return Err(ActionError::NotFound("cover size"));
    }
    store
        .history_image(book_id, cover_id, size)
        .await?
        .ok_or(ActionError::NotFound("cover"))
}

/// Puts an earlier cover back as the book's cover; the one it replaces stays
/// in the history, so a mistaken revert can be reverted too.
pub async fn restore(store: &Store, by: &User, book_id: i64, cover_id: i64) -> ActionResult<Book> {
    moderator(by)?;
    existing_book(store, book_id).await?;
    if !store
        .restore_cover(book_id, cover_id, by.id, super::now())
        .await?
    {
        return Err(ActionError::NotFound("cover"));
    }
    let detail = Some(format!("cover {cover_id} put back"));
    super::admin::record(store, Some(by), "restored cover", ("book", book_id), detail).await?;
    existing_book(store, book_id).await
}

/// Who added the book and uploaded its cover, if the viewer moderates;
/// nobody else is told.
pub async fn credits(
    store: &Store,
    viewer: Option<&User>,
    book_id: i64,
) -> ActionResult<Option<BookCredits>> {
    match viewer {
        Some(viewer) if viewer.is_moderator => Ok(Some(store.book_credits(book_id).await?)),
        _ => Ok(None),
    }
}

/// One size of the book's current cover, with its digest.
pub async fn image(store: &Store, book_id: i64, size: &str) -> ActionResult<(String, Vec<u8>)> {
    if !SIZES.contains(&size) {
        return Err(ActionError::NotFound("cover size"));
    }
    store
        .cover_image(book_id, size)
        .await?
        .ok_or(ActionError::NotFound("cover"))
}

/// The drawn stand-in for a book without a cover.
pub async fn placeholder(store: &Store, book_id: i64) -> ActionResult<String> {
    let book = existing_book(store, book_id).await?;
    let author = book.authors.first().map(|a| a.name.as_str()).unwrap_or("");
    Ok(crate::domain::placeholder::placeholder_svg(
        &book.title,
        author,
    ))
}
