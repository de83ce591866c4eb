//! Renaming and deleting a reader's own shelves.

use super::db::Db;
use super::limits::lock_user;
use super::shelves::shelf_exclusive;
use crate::store::StoreResult;

/// What became of a rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renamed {
    /// Renamed; whether the shelf is exclusive.
    Done { exclusive: bool },
    /// The reader has no own shelf by the old slug.
    NoSuchShelf,
    /// Another of their shelves already goes by the new slug.
    Taken,
}

queries! {
    exec rename(user_id: i64, from: &str, name: &str, slug: &str) =
        ("UPDATE shelves SET name = $3, slug = $4 WHERE user_id = $1 AND slug = $2");
    exec move_status(user_id: i64, from: &str, to: &str, now: i64) =
        ("UPDATE user_books SET status = $3, updated_at = $4 WHERE user_id = $1 AND status = $2");
    exec move_events(user_id: i64, from: &str, to: &str) =
        ("UPDATE reading_events SET status = $3 WHERE user_id = $1 AND status = $2");
    exec clear_status(user_id: i64, slug: &str, now: i64) =
        ("UPDATE user_books SET status = NULL, updated_at = $3 WHERE user_id = $1 AND status = $2");
    exec drop_shelf(user_id: i64, slug: &str) =
        ("DELETE FROM shelves WHERE user_id = $1 AND slug = $2");
}

/// Renames the shelf `from` to `name` (`slug`). An exclusive shelf is a
/// status: the books it holds, and their reading history, move with it.
pub(crate) async fn rename_shelf<D: Db>(
    db: &D,
    user_id: i64,
    from: &str,
    name: &str,
    slug: &str,
    now: i64,
) -> StoreResult<Renamed> {
    // Two renames of one reader's shelves at once take turns (PostgreSQL;
    // SQLite's writer holds the only lock), so a slug is never taken twice.
    lock_user(db, user_id).await?;
    let Some(exclusive) = shelf_exclusive(db, user_id, from).await? else {
        return Ok(Renamed::NoSuchShelf);
    };
    if slug != from && shelf_exclusive(db, user_id, slug).await?.is_some() {
        return Ok(Renamed::Taken);
    }
    rename(db, user_id, from, name, slug).await?;
    if exclusive && slug != from {
        move_status(db, user_id, from, slug, now).await?;
        move_events(db, user_id, from, slug).await?;
    }
    Ok(Renamed::Done { exclusive })
}

/// Deletes the shelf; its books stay in the reader's library. Those an
/// exclusive shelf held are left without a status. False if there was none.
pub(crate) async fn delete_shelf<D: Db>(
    db: &D,
    user_id: i64,
    slug: &str,
    now: i64,
) -> StoreResult<bool> {
    let Some(exclusive) = shelf_exclusive(db, user_id, slug).await? else {
        return Ok(false);
    };
    if exclusive {
        clear_status(db, user_id, slug, now).await?;
    }
    drop_shelf(db, user_id, slug).await?;
    Ok(true)
}

store! {
    write rename_shelf(user_id: i64, from: &str, name: &str, slug: &str, now: i64) -> Renamed;
    write delete_shelf(user_id: i64, slug: &str, now: i64) -> bool;
}
