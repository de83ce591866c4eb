//! Opaque cursors for every list: a client passes back the `next_cursor` it
//! was given and never builds one. Inside, a cursor names its list (so one
//! list's cursor is refused by another) and a position in it.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ActionError;

const MAX_POSITION: i64 = 1_000_000_000;

/// `?cursor=` on any list; absent means the first page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CursorQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Makes the cursor for `position` in the list called `list`.
pub fn encode(list: &str, position: i64) -> String {
    let plain = format!("{list}:{position}");
    crate::auth::secret::hex(plain.as_bytes())
}

/// The position a cursor stands for: 0 without one; a 422 naming `cursor`
/// for one that is not this list's.
pub fn decode(list: &str, cursor: Option<&str>) -> Result<i64, ActionError> {
    match key(list, cursor)? {
        None => Ok(0),
        // Deep enough for any list here, and far from overflowing sums.
        Some(position) if position <= MAX_POSITION => Ok(position),
        Some(_) => Err(refusal()),
    }
}

fn refusal() -> ActionError {
    ActionError::invalid(
        "cursor",
        "not a cursor of this list: pass back the next_cursor of its previous page",
    )
}

/// The key a keyed list's cursor holds (an id to continue after or before),
/// None without one; a 422 naming `cursor` for one that is not this list's.
pub fn key(list: &str, cursor: Option<&str>) -> Result<Option<i64>, ActionError> {
    let Some(raw) = cursor.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let plain = unhex(raw).ok_or_else(refusal)?;
    let (name, key) = plain.split_once(':').ok_or_else(refusal)?;
    match key.parse::<i64>() {
        Ok(k) if name == list && k >= 0 => Ok(Some(k)),
        _ => Err(refusal()),
    }
}

/// A cursor's text; none longer than any list's name and position.
fn unhex(raw: &str) -> Option<String> {
    if raw.len() > 96 {
        return None;
    }
    crate::auth::secret::unhex(raw).and_then(|b| String::from_utf8(b).ok())
}

impl CursorQuery {
    pub fn key(&self, list: &str) -> Result<Option<i64>, ActionError> {
        key(list, self.cursor.as_deref())
    }

    pub fn position(&self, list: &str) -> Result<i64, ActionError> {
        decode(list, self.cursor.as_deref())
    }
}

/// Takes one page of `per_page` from rows fetched with one extra, and the
/// cursor of the page after it (None on the last).
pub fn page<T>(
    list: &str,
    mut rows: Vec<T>,
    offset: i64,
    per_page: i64,
) -> (Vec<T>, Option<String>) {
    let more = rows.len() as i64 > per_page;
    rows.truncate(per_page as usize);
    (rows, more.then(|| encode(list, offset + per_page)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_comes_back_as_its_position() {
        let c = encode("reviews", 50);
        assert_eq!(decode("reviews", Some(&c)).ok(), Some(50));
        assert_eq!(decode("reviews", None).ok(), Some(0));
        assert_eq!(decode("reviews", Some("  ")).ok(), Some(0));
    }

    #[test]
    fn foreign_and_forged_cursors_are_refused() {
        let c = encode("reviews", 50);
        assert!(decode("shelf", Some(&c)).is_err());
        for bad in ["zz", "abc", "50", &encode("reviews", -1), &"ab".repeat(60)] {
            let refused = decode("reviews", Some(bad)).err();
            assert_eq!(refused.map(|e| e.status()), Some(422), "{bad}");
        }
    }

    #[test]
    fn keys_have_no_depth_cap() {
        let c = encode("feed", 5_000_000_000);
        assert_eq!(key("feed", Some(&c)).ok(), Some(Some(5_000_000_000)));
        assert!(decode("feed", Some(&c)).is_err(), "too deep for a position");
        assert!(key("flags", Some(&c)).is_err());
    }

    #[test]
    fn a_page_says_whether_more_follow() {
        let (rows, next) = page("l", vec![1, 2, 3], 0, 2);
        assert_eq!(rows, vec![1, 2]);
        assert_eq!(
            next.as_deref().map(|c| decode("l", Some(c)).ok()),
            Some(Some(2))
        );
        let (rows, next) = page("l", vec![1, 2], 2, 2);
        assert_eq!((rows.len(), next), (2, None));
    }
}
