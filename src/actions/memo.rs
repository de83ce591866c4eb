//! A reader's figures (stats, a year in books) kept between changes.
//!
//! They are worked out from the reader's whole history: two thousand finished
//! books take milliseconds to gather and count, on every view. So the answer
//! is kept with the library's stamp (`Store::library_stamp`: one indexed look
//! at the reader's own rows) and given again while the stamp is unchanged. A
//! catalogue edit by someone else (a book's pages) does not move the stamp:
//! such figures are worked out again after `KEPT_FOR` at the latest. Each node
//! keeps its own; the stamp comes from the database, so none is ever behind
//! the reader's own changes.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::store::LibraryStamp;

/// How long figures are given again without their stamp moving.
pub const KEPT_FOR: Duration = Duration::from_secs(300);

struct Kept<T> {
    stamp: LibraryStamp,
    made: Instant,
    value: Arc<T>,
}

/// Answers by key, each good while its stamp holds; at most `room` of them
/// (when full it starts again empty: simple, and the busy readers come back first).
pub struct Memo<K, T> {
    room: usize,
    kept: Mutex<HashMap<K, Kept<T>>>,
}

impl<K: Eq + Hash, T> Memo<K, T> {
    pub fn new(room: usize) -> Self {
        Memo {
            room,
            kept: Mutex::new(HashMap::new()),
        }
    }

    /// The answer kept for `key`, if it was made under `stamp` and is fresh.
    pub fn get(&self, key: &K, stamp: &LibraryStamp) -> Option<Arc<T>> {
        self.get_at(key, stamp, Instant::now())
    }

    fn get_at(&self, key: &K, stamp: &LibraryStamp, now: Instant) -> Option<Arc<T>> {
        let kept = self.kept.lock().ok()?;
        let found = kept.get(key)?;
        (found.stamp == *stamp && now.duration_since(found.made) < KEPT_FOR)
            .then(|| found.value.clone())
    }

    /// The answer kept for `key` under `stamp`, or `make`'s, kept from now on.
    pub async fn kept_or<E>(
        &self,
        key: K,
        stamp: LibraryStamp,
        make: impl std::future::Future<Output = Result<T, E>>,
    ) -> Result<Arc<T>, E> {
        if let Some(found) = self.get(&key, &stamp) {
            return Ok(found);
        }
        let made = Arc::new(make.await?);
        self.put(key, stamp, made.clone());
        Ok(made)
    }

    pub fn put(&self, key: K, stamp: LibraryStamp, value: Arc<T>) {
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() >= self.room && !kept.contains_key(&key) {
                kept.clear();
            }
            kept.insert(
                key,
                Kept {
                    stamp,
                    made: Instant::now(),
                    value,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(n: i64) -> LibraryStamp {
        LibraryStamp {
            marks: vec![n],
            time_zone: None,
        }
    }

    #[test]
    fn an_answer_holds_while_its_stamp_does() {
        let memo: Memo<i64, &str> = Memo::new(8);
        memo.put(1, stamp(5), Arc::new("five"));
        assert_eq!(memo.get(&1, &stamp(5)).as_deref(), Some(&"five"));
        assert_eq!(memo.get(&1, &stamp(6)), None, "the library changed");
        assert_eq!(memo.get(&2, &stamp(5)), None, "another reader");
    }

    #[test]
    fn an_answer_goes_stale_and_a_full_memo_starts_again() {
        let memo: Memo<i64, i64> = Memo::new(2);
        memo.put(1, stamp(0), Arc::new(10));
        let later = Instant::now() + KEPT_FOR + Duration::from_secs(1);
        assert_eq!(memo.get_at(&1, &stamp(0), later), None);
        memo.put(2, stamp(0), Arc::new(20));
        memo.put(3, stamp(0), Arc::new(30));
        assert_eq!(memo.get(&1, &stamp(0)), None);
        assert_eq!(memo.get(&3, &stamp(0)).as_deref(), Some(&30));
    }
}
