//! Recommendations: the background job that works out book neighbours, and
//! what the book page, home and the API read from them.

use std::collections::HashSet;

use crate::domain::recommend;
use crate::error::ActionResult;
use crate::store::{Book, Store};

/// A node takes the job at most this often, however often ratings change.
pub const REFRESH_EVERY: i64 = 5 * 60;

/// Works the neighbours out again if ratings changed since the last time and
/// no node took the job in the last `every` seconds; whether it ran.
pub async fn refresh(store: &Store, now: i64, every: i64) -> ActionResult<bool> {
    let Some(seen) = store.claim_neighbours(now, now - every).await? else {
        return Ok(false);
    };
    let signature = store.ratings_signature().await?;
    if signature == seen {
        return Ok(false);
    }
    let likes = store.liked_pairs().await?;
    let rows = tokio::task::spawn_blocking(move || recommend::neighbours(&likes))
        .await
        .map_err(|e| crate::error::ActionError::Internal(format!("neighbours: {e}")))?;
    store.replace_neighbours(&rows, &signature).await?;
    tracing::info!(neighbours = rows.len(), "book neighbours worked out");
    Ok(true)
}

/// Books readers who liked this one also liked, with how many liked both.
pub async fn similar(store: &Store, book_id: i64, limit: i64) -> ActionResult<Vec<(Book, i64)>> {
    let near = store.book_neighbours(book_id, limit).await?;
    if near.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = near.iter().map(|(id, _)| *id).collect();
    let found = store.books_by_ids(&ids).await?;
    Ok(near
        .iter()
        .filter_map(|(id, n)| found.iter().find(|b| b.id == *id).map(|b| (b.clone(), *n)))
        .collect())
}

/// A book picked for a reader, and the book they liked that led to it.
#[derive(Debug, Clone)]
pub struct Picked {
    pub book: Book,
    pub because: Book,
}

/// The reader's picks from their own ratings, best first, none they have shelved or rated.
pub async fn picks_for(store: &Store, user_id: i64, n: usize) -> ActionResult<Vec<Picked>> {
    let rows = store.near_liked(user_id).await?;
    let picks = recommend::picks(&rows, &HashSet::new(), n);
    if picks.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = picks.iter().flat_map(|p| [p.book, p.because]).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = store.books_by_ids(&ids).await?;
    let book = |id: i64| found.iter().find(|b| b.id == id).cloned();
    Ok(picks
        .iter()
        .filter_map(|p| {
            Some(Picked {
                book: book(p.book)?,
                because: book(p.because)?,
            })
        })
        .collect())
}

/// The offline measure on this database's ratings (see `domain::recommend::evaluate`).
pub async fn evaluate(store: &Store) -> ActionResult<recommend::Evaluation> {
    let ratings = store.all_ratings().await?;
    tokio::task::spawn_blocking(move || recommend::evaluate(&ratings))
        .await
        .map_err(|e| crate::error::ActionError::Internal(format!("evaluate: {e}")))
}
