//! What the search index is derived from: the books with their authors, and
//! the `search_changes` log the database writes itself (see V45); and the
//! catch-up that brings this node's index (`book_index`) up to the log.

use super::book_index::{IndexedBook, Wanted, Writer};
use super::db::{Db, List};
use crate::domain::ranking::QueryWord;
use crate::sql;
use crate::store::{Store, StoreResult};

/// Books read a batch at a time when the index is built.
const BUILD_BATCH: i64 = 5_000;
/// More changed books than this since the index's last look, and building
/// it anew is cheaper than replacing them one by one.
const REBUILD_PAST: usize = 100_000;
/// Tries for the index's writer, 50 ms apart, before searching the index as it is.
const WRITER_TRIES: usize = 40;
/// Change log entries kept behind the newest. A node further behind than
/// this (one stopped a long while) finds its place forgotten and builds its
/// index anew, which it would do for that many changed books anyway.
const LOG_KEPT: i64 = REBUILD_PAST as i64;

queries! {
    value_or_default newest_search_change() -> i64 =
        ("SELECT coalesce(max(seq), 0) FROM search_changes");
    all search_changes_after(after: i64, upto: i64) -> i64 =
        ("SELECT DISTINCT book_id FROM search_changes WHERE seq > $1 AND seq <= $2");
    exec ask_for_reindex() =
        ("INSERT INTO search_changes (book_id) VALUES (0)");
    value_or_default oldest_search_change() -> i64 =
        ("SELECT coalesce(min(seq), 0) FROM search_changes");
    changed forget_search_changes_upto(upto: i64) =
        ("DELETE FROM search_changes WHERE seq <= $1");
}

type BookRow = (i64, String, Option<String>, i64);

/// Each book with its authors' names in order, from rows in id order.
fn with_authors(books: Vec<BookRow>, names: Vec<(i64, String)>) -> Vec<IndexedBook> {
    let mut names = names.into_iter().peekable();
    books
        .into_iter()
        .map(|(id, title, series, popularity)| {
            while names.next_if(|(book, _)| *book < id).is_some() {}
            let mut authors = Vec::new();
            while let Some((_, name)) = names.next_if(|(book, _)| *book == id) {
                authors.push(name);
            }
            IndexedBook {
                id,
                title,
                series,
                popularity,
                authors,
            }
        })
        .collect()
}

/// Up to `limit` books after id `after`, in id order, as the index holds them.
async fn books_after<D: Db>(db: &D, after: i64, limit: i64) -> StoreResult<Vec<IndexedBook>> {
    let books: Vec<BookRow> = db
        .all(
            sql!(
                "SELECT id, title, series, popularity FROM books WHERE id > $1 ORDER BY id LIMIT $2"
            ),
            &[&after, &limit],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .await?;
    let Some(last) = books.last().map(|b| b.0) else {
        return Ok(Vec::new());
    };
    let names = db
        .all(
            sql!("SELECT ba.book_id, a.name FROM book_authors ba JOIN authors a ON a.id = ba.author_id
             WHERE ba.book_id > $1 AND ba.book_id <= $2 ORDER BY ba.book_id, ba.position"),
            &[&after, &last],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .await?;
    Ok(with_authors(books, names))
}

/// These books (those still there), as the index holds them.
async fn books_by_id<D: Db>(db: &D, ids: &[i64]) -> StoreResult<Vec<IndexedBook>> {
    let books: Vec<BookRow> = db
        .all(
            sql!(
                sqlite: "SELECT id, title, series, popularity FROM books
                 WHERE id IN (SELECT value FROM json_each($1)) ORDER BY id",
                postgres: "SELECT id, title, series, popularity FROM books WHERE id = ANY($1) ORDER BY id",
            ),
            &[&List(ids)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .await?;
    let names = db
        .all(
            sql!(
                sqlite: "SELECT ba.book_id, a.name FROM book_authors ba JOIN authors a ON a.id = ba.author_id
                 WHERE ba.book_id IN (SELECT value FROM json_each($1)) ORDER BY ba.book_id, ba.position",
                postgres: "SELECT ba.book_id, a.name FROM book_authors ba JOIN authors a ON a.id = ba.author_id
                 WHERE ba.book_id = ANY($1) ORDER BY ba.book_id, ba.position",
            ),
            &[&List(ids)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .await?;
    Ok(with_authors(books, names))
}

/// The highest id stands in for the count: it costs an index probe, not a scan.
pub(crate) async fn book_count<D: Db>(db: &D) -> StoreResult<i64> {
    Ok(db
        .value(sql!("SELECT coalesce(max(id), 0) FROM books"), &[])
        .await?
        .unwrap_or(0))
}

store! {
    /// The last entry of the search change log.
    lookup newest_search_change() -> i64;
    /// The books changed after entry `after` up to `upto` (0 asks for everything).
    read search_changes_after(after: i64, upto: i64) -> Vec<i64>;
    /// Asks every node to build its search index again.
    write ask_for_reindex() -> ();
    /// The first entry of the search change log still kept.
    lookup oldest_search_change() -> i64;
    write forget_search_changes_upto(upto: i64) -> u64;
    read books_after(after: i64, limit: i64) -> Vec<IndexedBook>;
    read books_by_id(ids: &[i64]) -> Vec<IndexedBook>;
    /// How many books there are, near enough (the highest id): an index probe, not a count.
    lookup book_count() -> i64;
}

/// Where the change log is cut after a catch-up: once it holds more than
/// twice `LOG_KEPT` entries, so that most catch-ups delete nothing.
fn cut_at(oldest: i64, newest: i64) -> Option<i64> {
    (newest - oldest > 2 * LOG_KEPT).then_some(newest - LOG_KEPT)
}

/// Runs a writer's work on a blocking thread and hands it back.
async fn blocking<T: Send + 'static>(
    writer: Writer,
    work: impl FnOnce(&mut Writer) -> StoreResult<T> + Send + 'static,
) -> StoreResult<(Writer, T)> {
    tokio::task::spawn_blocking(move || {
        let mut writer = writer;
        let out = work(&mut writer)?;
        Ok((writer, out))
    })
    .await
    .map_err(|e| super::StoreError::Database(format!("search index: {e}")))?
}

impl Store {
    /// Book ids for these query words, best first (see `book_index::query`),
    /// once this node's index has taken in the log's changes: at once after
    /// a write of this node's, within a second for other nodes'.
    pub async fn search_books(&self, words: &[QueryWord], limit: usize) -> StoreResult<Vec<i64>> {
        if self.books_index.due(self.writes_so_far()) {
            self.catch_up_search().await?;
        }
        self.books_index.search(Wanted { words, limit })
    }

    /// Whether this node's index is kept in a folder (and so worth building from a command).
    pub fn search_index_is_kept(&self) -> bool {
        self.books_index.is_kept()
    }

    /// A writer for this node's index, waiting a little while another
    /// process on the same folder (a command beside the server) has it;
    /// None if it keeps it, and the index stays as it is until the next try.
    async fn search_writer(&self, big: bool) -> StoreResult<Option<Writer>> {
        for _ in 0..WRITER_TRIES {
            if let Some(writer) = self.books_index.writer(big)? {
                return Ok(Some(writer));
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        tracing::warn!("the search index is held by another process; it catches up later");
        Ok(None)
    }

    /// Brings this node's index up to the change log: the changed books
    /// replaced, or every book indexed anew when the index is new, a reindex
    /// was asked for, or too much changed. How many books it indexed.
    pub async fn catch_up_search(&self) -> StoreResult<i64> {
        let writes = self.writes_so_far();
        let newest = self.newest_search_change().await?;
        self.books_index.looked(writes);
        if newest == self.books_index.applied() {
            return Ok(0);
        }
        let _turn = self.books_index.writing.lock().await;
        let mut applied = self.books_index.applied();
        if newest == applied {
            return Ok(0);
        }
        // An index past the log's end was built from another database (one
        // restored from a backup in its place): it is built again.
        if newest < applied {
            applied = 0;
        }
        // Entries after this node's place were forgotten while it was away
        // (see `LOG_KEPT`): only a new build is complete. A PostgreSQL
        // sequence skips the numbers of rolled-back writes, so a skip right at
        // the place costs a needless build, never a missed change.
        let oldest = self.oldest_search_change().await?;
        if applied > 0 && oldest > applied + 1 {
            applied = 0;
        }
        let changed = if applied == 0 {
            Vec::new()
        } else {
            self.search_changes_after(applied, newest).await?
        };
        let rebuild = applied == 0 || changed.contains(&0) || changed.len() > REBUILD_PAST;
        let Some(mut writer) = self.search_writer(rebuild).await? else {
            return Ok(0);
        };
        let mut indexed = 0;
        if rebuild {
            writer = blocking(writer, |w| w.clear()).await?.0;
            let mut after = 0;
            loop {
                let books = self.books_after(after, BUILD_BATCH).await?;
                let Some(last) = books.last().map(|b| b.id) else {
                    break;
                };
                (after, indexed) = (last, indexed + books.len() as i64);
                writer = blocking(writer, move |w| w.add(&books)).await?.0;
            }
        } else {
            for ids in changed.chunks(BUILD_BATCH as usize) {
                let books = self.books_by_id(ids).await?;
                indexed += books.len() as i64;
                let ids = ids.to_vec();
                writer = blocking(writer, move |w| w.replace(&ids, &books)).await?.0;
            }
        }
        tokio::task::spawn_blocking(move || writer.commit(newest))
            .await
            .map_err(|e| super::StoreError::Database(format!("search index: {e}")))??;
        self.books_index.took_in(newest)?;
        if let Some(upto) = cut_at(oldest, newest) {
            self.forget_search_changes_upto(upto).await?;
        }
        Ok(indexed)
    }

    /// Drops the change log's entries but the newest `keep`: how many went.
    /// Every node follows the log, so it is never emptied; a node that had
    /// not yet read what went builds its index anew.
    pub async fn forget_old_search_changes(&self, keep: i64) -> StoreResult<u64> {
        let newest = self.newest_search_change().await?;
        self.forget_search_changes_upto(newest - keep.max(1)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_cut_in_large_steps_keeping_the_newest_entries() {
        assert_eq!(cut_at(1, 1), None);
        assert_eq!(cut_at(1, 2 * LOG_KEPT + 1), None);
        assert_eq!(cut_at(1, 2 * LOG_KEPT + 2), Some(LOG_KEPT + 2));
        let (oldest, newest) = (500_000, 500_000 + 3 * LOG_KEPT);
        assert_eq!(cut_at(oldest, newest), Some(newest - LOG_KEPT));
        assert_eq!(cut_at(newest - LOG_KEPT + 1, newest), None, "just cut");
    }
}
