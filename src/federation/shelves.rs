//! A reader's shelves as BookWyrm keeps them: each shelf a `Shelf`
//! collection at its page's address, and a book going onto or off it an
//! `Add` or `Remove` of a `ShelfItem`. Only BookWyrm reads these; other
//! servers hear of statuses as notes instead.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Ids;
use super::format::activity_response;
use super::objects::{self, Reach};
use crate::AppState;
use crate::actions::shelves as shelf_actions;
use crate::domain::shelf_view::ShelfOrder;
use crate::error::ActionError;

/// `Add` (onto the shelf) or `Remove` (off it) of the book, as event
/// `event_id` of the reader's, addressed by how far their library is seen.
pub fn shelf_item(
    add: bool,
    ids: &Ids,
    username: &str,
    slug: &str,
    book_id: i64,
    event_id: i64,
    reach: Reach,
) -> Value {
    let actor = ids.actor(username);
    let shelf = ids.shelf(username, slug);
    let item = json!({
        "id": format!("{shelf}/{book_id}"),
        "type": "ShelfItem",
        "actor": actor,
        "book": ids.edition(book_id),
    });
    let kind = if add { "Add" } else { "Remove" };
    let id = format!("{shelf}/{book_id}#{}/{event_id}", kind.to_lowercase());
    let mut doc = objects::activity(kind, &id, &actor, item);
    objects::readdress(&mut doc, reach, &ids.followers(username));
    doc["target"] = shelf.into();
    doc
}

/// `GET /users/{name}/shelves/{slug}` as ActivityPub: the shelf as a
/// signed-out reader may see it (a private library is not there).
pub async fn shelf(state: &AppState, username: &str, slug: &str) -> Result<Response, ActionError> {
    let shown = shelf_actions::shelf_view(
        &state.store,
        None,
        username,
        slug,
        ShelfOrder::default(),
        None,
        1,
    )
    .await;
    let view = match shown {
        Ok(view) => view,
        // Not there, or not for everyone: the same answer, as the page gives.
        Err(ActionError::NotFound(_) | ActionError::Forbidden(_)) => {
            return Ok(StatusCode::NOT_FOUND.into_response());
        }
        Err(e) => return Err(e),
    };
    let ids = Ids(&state.public_url);
    let name = &view.owner.username;
    let id = ids.shelf(name, slug);
    let mut doc = json!({
        "@context": objects::CONTEXT,
        "id": id,
        "type": "Shelf",
        "name": view.name,
        "owner": ids.actor(name),
        "totalItems": view.paging.total,
        "first": format!("{id}?page=1"),
    });
    objects::readdress(&mut doc, Reach::Public, &ids.followers(name));
    Ok(activity_response(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::public_url::PublicUrl;

    #[test]
    fn a_book_onto_a_shelf_is_an_add_of_a_shelf_item_aimed_at_the_shelf() {
        let url = PublicUrl::parse("https://books.example").expect("url");
        let ids = Ids(&url);
        let doc = shelf_item(true, &ids, "ann", "to-read", 7, 31, Reach::Public);
        assert_eq!(doc["type"], "Add");
        assert_eq!(
            doc["target"],
            "https://books.example/users/ann/shelves/to-read"
        );
        assert_eq!(doc["object"]["type"], "ShelfItem");
        assert_eq!(doc["object"]["book"], "https://books.example/books/7");
        assert_eq!(doc["object"]["actor"], "https://books.example/users/ann");
        assert_eq!(doc["to"][0], super::super::PUBLIC);
        let gone = shelf_item(false, &ids, "ann", "to-read", 7, 32, Reach::Followers);
        assert_eq!(gone["type"], "Remove");
        assert_ne!(gone["id"], doc["id"]);
        assert_eq!(gone["to"][0], "https://books.example/users/ann/followers");
        assert_eq!(gone["cc"], json!([]));
    }
}
