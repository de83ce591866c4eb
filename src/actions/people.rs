//! Finding readers by name: a page of them, as far as each lets the searcher
//! see (a private profile is found by its name, and shows nothing more).

use crate::domain::people::{self, PAGE};
use crate::domain::privacy::{self, Standing, Visibility};
use crate::error::ActionResult;
use crate::store::{PersonHit, Store, User};

/// Readers matching `query` for `viewer` from `offset`, and whether more
/// follow. Nobody blocked either way is found; a bio the viewer may not see
/// on the profile is left out here too.
pub async fn search(
    store: &Store,
    viewer: &User,
    query: &str,
    offset: i64,
) -> ActionResult<(Vec<PersonHit>, bool)> {
    let words = people::query_words(query)?;
    if words.is_empty() {
        return Ok((Vec::new(), false));
    }
    let mut hits = store
        .search_people(
            viewer.id,
            &words,
            &crate::domain::username::key(query),
            PAGE + 1,
            offset,
        )
        .await?;
    let more = hits.len() as i64 > PAGE;
    hits.truncate(PAGE as usize);
    for hit in &mut hits {
        let standing = Standing {
            own: false,
            friends: hit.friends,
            blocked: false,
        };
        if !privacy::may_see(Visibility::stored(&hit.visibility), standing) {
            hit.bio = None;
        }
    }
    Ok((hits, more))
}
