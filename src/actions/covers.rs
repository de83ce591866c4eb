//! Book covers: uploaded by readers, re-encoded before anything is stored.

use super::{existing_book, may_write};
use crate::auth::secret;
use crate::domain::cover::{self, CoverError};
use crate::error::{ActionError, ActionResult};
use crate::store::{Book, Store, User};

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
        )
        .await?;
    existing_book(store, book_id).await
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
