//! People search: readers found by the start of their names' words, through
//! the `people_words` index, with blocks either way keeping them out.

use super::Store;
use super::db::{Db, List};
use super::queries::FromRow;
use crate::domain::people::{index_words, prefix_range};
use crate::sql;
use crate::store::{PersonHit, StoreResult};

/// Writes the words a reader is found by.
pub(crate) async fn index_reader<D: Db>(
    db: &D,
    user_id: i64,
    username: &str,
    display_name: &str,
) -> StoreResult<()> {
    let words = index_words(username, display_name);
    db.exec(
        sql!(
            sqlite: "INSERT INTO people_words (word, user_id)
             SELECT value, $2 FROM json_each($1) WHERE true ON CONFLICT DO NOTHING",
            postgres: "INSERT INTO people_words (word, user_id)
             SELECT DISTINCT w, $2::BIGINT FROM unnest($1::TEXT[]) AS x(w) ON CONFLICT DO NOTHING",
        ),
        &[&List(&words), &user_id],
    )
    .await?;
    Ok(())
}

queries! {
    all unindexed() -> (i64, String, String) = ("SELECT u.id, u.username, u.display_name FROM users u
        WHERE NOT u.remote AND NOT EXISTS (SELECT 1 FROM people_words w WHERE w.user_id = u.id)");
}

/// Indexes the readers who have no words yet: those from before the index
/// (folding names is Rust's work, so a migration cannot). Run on start.
pub(crate) async fn index_missing<D: Db>(db: &D) -> StoreResult<i64> {
    let missing = unindexed(db).await?;
    for (id, username, display_name) in &missing {
        index_reader(db, *id, username, display_name).await?;
    }
    Ok(missing.len() as i64)
}

/// Readers each of whose query words starts one of their words (up to three
/// words), the exact username first, then by name; never the searcher, a
/// suspended reader, or anyone blocked either way. Each reader is checked by
/// index lookups, never a scan.
pub(crate) async fn search_people<D: Db>(
    db: &D,
    viewer: i64,
    words: &[String],
    exact: &str,
    limit: i64,
    offset: i64,
) -> StoreResult<Vec<PersonHit>> {
    let Some(first) = words.first() else {
        return Ok(Vec::new());
    };
    let (a_from, a_to) = prefix_range(Some(first));
    let (b_from, b_to) = prefix_range(words.get(1).map(String::as_str));
    let (c_from, c_to) = prefix_range(words.get(2).map(String::as_str));
    db.all(
        sql!(
            "SELECT u.id, u.username, u.display_name, u.visibility, u.bio,
                EXISTS (SELECT 1 FROM friends f WHERE f.user_id = $1 AND f.friend_id = u.id),
                EXISTS (SELECT 1 FROM friend_requests q WHERE q.from_id = $1 AND q.to_id = u.id),
                EXISTS (SELECT 1 FROM friend_requests q WHERE q.from_id = u.id AND q.to_id = $1)
             FROM users u
             WHERE u.id IN (SELECT w.user_id FROM people_words w WHERE w.word >= $2 AND w.word < $3)
               AND EXISTS (SELECT 1 FROM people_words w WHERE w.user_id = u.id AND w.word >= $4 AND w.word < $5)
               AND EXISTS (SELECT 1 FROM people_words w WHERE w.user_id = u.id AND w.word >= $6 AND w.word < $7)
               AND u.id <> $1 AND NOT u.suspended
               AND NOT EXISTS (SELECT 1 FROM blocks k WHERE k.blocker_id = $1 AND k.blocked_id = u.id)
               AND NOT EXISTS (SELECT 1 FROM blocks k WHERE k.blocker_id = u.id AND k.blocked_id = $1)
             ORDER BY CASE WHEN u.username_key = $8 THEN 0 ELSE 1 END, lower(u.display_name), u.id
             LIMIT $9 OFFSET $10"
        ),
        &[&viewer, &a_from, &a_to, &b_from, &b_to, &c_from, &c_to, &exact, &limit, &offset],
        FromRow::from_row,
    )
    .await
}

store! {
    /// Readers matching the query words (`exact`: the username typed whole,
    /// found first), for `viewer`: see `search_people`.
    read search_people(viewer: i64, words: &[String], exact: &str, limit: i64, offset: i64) -> Vec<PersonHit>;
    /// Indexes readers who have no search words yet; how many.
    write index_missing_people() -> i64 = index_missing;
}

impl Store {
    /// Makes sure every reader can be found (see `index_missing`).
    pub async fn index_people(&self) -> StoreResult<()> {
        self.index_missing_people().await.map(|_| ())
    }
}
