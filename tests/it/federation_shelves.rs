//! A reader's shelves reach their BookWyrm followers as BookWyrm keeps them:
//! a book onto a shelf is an `Add` of a `ShelfItem` aimed at the shelf, off
//! it a `Remove`, and the shelf itself is served at its page's address.
//! Servers without shelves hear nothing of them; a private library is not
//! told anywhere.

use axum::http::StatusCode;
use dogear::actions::{shelves, social};
use dogear::domain::shelf::ShelfName;
use serde_json::Value;

use crate::federation_delivery::{Received, sink, sites};
use crate::federation_outbox::{fetch, followed_ann, sent, user};

const SHELVES: &str = "https://books.example/users/ann/shelves";

/// (type, target) of each shelf activity sent, in order.
fn moves(got: &[Value]) -> Vec<(String, String)> {
    got.iter()
        .filter(|d| d["object"]["type"] == "ShelfItem")
        .map(|d| {
            (
                d["type"].as_str().unwrap_or("").to_string(),
                d["target"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn moved(kind: &str, slug: &str) -> (String, String) {
    (kind.to_string(), format!("{SHELVES}/{slug}"))
}

/// A Mastodon reader following ann too: an inbox of its own, no BookWyrm types.
async fn plain_follower(app: &crate::app::TestApp, ann_id: i64) -> Received {
    let (inbox, received) = sink(StatusCode::ACCEPTED).await;
    let uri = "https://mastodon.example/users/vole";
    crate::federation::remote_reader(app, uri, &inbox).await;
    let mut actor = app
        .store
        .remote_actor(uri)
        .await
        .expect("read")
        .expect("kept");
    actor.bookwyrm = false;
    actor.host = "mastodon.example".into();
    app.store.keep_remote_actor(&actor).await.expect("kept");
    app.store
        .add_remote_follower(ann_id, actor.id, &format!("{uri}#follow"), false, 1)
        .await
        .expect("follow");
    received
}

#[tokio::test]
async fn shelving_goes_out_as_adds_and_removes_to_bookwyrm_alone() {
    for (app, state) in sites().await {
        let (ann, book, received) = followed_ann(&app, &state).await;
        let vole = plain_follower(&app, ann.id).await;
        shelves::set_status(&app.store, &ann, book, Some("to-read"))
            .await
            .expect("status");
        shelves::set_status(&app.store, &ann, book, Some("read"))
            .await
            .expect("status");
        let name = ShelfName::parse("Comfort reads").expect("name");
        shelves::add_shelf(&app.store, &ann, name.clone(), false)
            .await
            .expect("shelf");
        shelves::set_shelves(&app.store, &ann, book, vec![name])
            .await
            .expect("shelves");
        shelves::set_shelves(&app.store, &ann, book, Vec::new())
            .await
            .expect("shelves");
        shelves::set_status(&app.store, &ann, book, None)
            .await
            .expect("off");
        let got = sent(&state, &received).await;
        assert_eq!(
            moves(&got),
            [
                moved("Add", "to-read"),
                moved("Remove", "to-read"),
                moved("Add", "read"),
                moved("Add", "comfort-reads"),
                moved("Remove", "comfort-reads"),
                moved("Remove", "read"),
            ],
            "{}",
            app.backend()
        );
        let add = got.iter().find(|d| d["type"] == "Add").expect("an add");
        assert_eq!(add["actor"], "https://books.example/users/ann");
        assert_eq!(
            add["object"]["book"],
            format!("https://books.example/books/{book}")
        );
        // The statuses still go out as notes, to both servers; shelves to BookWyrm alone.
        let plain = sent(&state, &vole).await;
        assert!(!plain.is_empty(), "{}", app.backend());
        assert!(moves(&plain).is_empty(), "{plain:?}");
        assert!(
            plain.iter().all(|d| d["object"]["type"] == "Note"),
            "{plain:?}"
        );

        // The shelf is there for BookWyrm to fetch, as a signed-out reader sees it.
        shelves::set_status(&app.store, &ann, book, Some("read"))
            .await
            .expect("status");
        let r = fetch(&app, "/users/ann/shelves/read").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let shelf: Value = serde_json::from_str(&r.text).expect("json");
        assert_eq!(shelf["type"], "Shelf");
        assert_eq!(shelf["id"], format!("{SHELVES}/read"));
        assert_eq!(shelf["owner"], "https://books.example/users/ann");
        assert_eq!(shelf["totalItems"], 1);
        assert_eq!(
            fetch(&app, "/users/ann/shelves/nothing-here").await.status,
            StatusCode::NOT_FOUND
        );

        // A private library: nothing of its shelves goes out or is served.
        sent(&state, &received).await;
        social::set_profile(&app.store, &ann, "private", None)
            .await
            .expect("private");
        let ann = user(&app, "ann").await;
        shelves::set_status(&app.store, &ann, book, Some("to-read"))
            .await
            .expect("status");
        assert!(
            sent(&state, &received).await.is_empty(),
            "{}",
            app.backend()
        );
        assert_eq!(
            fetch(&app, "/users/ann/shelves/read").await.status,
            StatusCode::NOT_FOUND
        );
    }
}
