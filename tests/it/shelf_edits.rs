//! A reader renames and deletes their own shelves; their books stay theirs.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};

async fn titles(app: &TestApp, token: &str, shelf: &str) -> Vec<String> {
    let path = format!("/api/v1/users/ann/shelves/{shelf}");
    let (status, body) = app.api(Method::GET, &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body["books"]
        .as_array()
        .map(|b| {
            b.iter()
                .filter_map(|e| e["book"]["title"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn status_of(app: &TestApp, token: &str, title: &str) -> Value {
    let path = "/api/v1/users/ann/shelves/all";
    let (_, body) = app.api(Method::GET, path, Some(token), None).await;
    body["books"]
        .as_array()
        .and_then(|b| b.iter().find(|e| e["book"]["title"] == title))
        .map(|e| e["status"].clone())
        .unwrap_or(Value::Null)
}

/// Ann's Dune on her own shelf "Space", and Emma on her exclusive shelf "Paused".
async fn shelve_two(app: &TestApp, ann: &str) {
    let dune = app.book(ann, "Dune", "Frank Herbert").await;
    let emma = app.book(ann, "Emma", "Jane Austen").await;
    let shelves = format!("/api/v1/books/{dune}/shelves");
    ok(
        app,
        Method::PUT,
        &shelves,
        ann,
        json!({"shelves": ["Space"]}),
    )
    .await;
    let made = json!({"name": "Paused", "exclusive": true});
    ok(app, Method::POST, "/api/v1/me/shelves", ann, made).await;
    let status = format!("/api/v1/books/{emma}/status");
    ok(app, Method::PUT, &status, ann, json!({"status": "paused"})).await;
}

#[tokio::test]
async fn a_renamed_shelf_keeps_its_books_and_an_exclusive_one_its_status() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        shelve_two(&app, &ann).await;

        let renamed = json!({"name": "Science fiction"});
        let shelf = ok(
            &app,
            Method::PATCH,
            "/api/v1/me/shelves/space",
            &ann,
            renamed,
        )
        .await;
        assert_eq!(shelf["slug"], "science-fiction");
        assert_eq!(
            titles(&app, &ann, "science-fiction").await,
            ["Dune"],
            "{}",
            app.backend()
        );
        let (gone, _) = app
            .api(
                Method::GET,
                "/api/v1/users/ann/shelves/space",
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(gone, StatusCode::NOT_FOUND);

        let held = json!({"name": "On hold"});
        ok(&app, Method::PATCH, "/api/v1/me/shelves/paused", &ann, held).await;
        assert_eq!(
            status_of(&app, &ann, "Emma").await,
            "on-hold",
            "{}",
            app.backend()
        );
        assert_eq!(titles(&app, &ann, "on-hold").await, ["Emma"]);

        // A name another shelf has, a status's name, no name, or someone else's shelf.
        for (slug, name, expected) in [
            ("science-fiction", "On Hold", StatusCode::CONFLICT),
            ("science-fiction", "Read", StatusCode::UNPROCESSABLE_ENTITY),
            ("science-fiction", "  ", StatusCode::UNPROCESSABLE_ENTITY),
            ("read", "Finished", StatusCode::NOT_FOUND),
        ] {
            let path = format!("/api/v1/me/shelves/{slug}");
            let (got, body) = app
                .api(
                    Method::PATCH,
                    &path,
                    Some(&ann),
                    Some(json!({ "name": name })),
                )
                .await;
            assert_eq!(got, expected, "{slug} as {name}: {body}");
        }
        let bea = app.api_user("bea").await;
        let (theirs, _) = app
            .api(
                Method::PATCH,
                "/api/v1/me/shelves/science-fiction",
                Some(&bea),
                Some(json!({"name": "Mine now"})),
            )
            .await;
        assert_eq!(theirs, StatusCode::NOT_FOUND, "only one's own shelves");
    }
}

#[tokio::test]
async fn a_deleted_shelf_leaves_its_books_in_the_library() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        shelve_two(&app, &ann).await;

        for slug in ["space", "paused"] {
            let path = format!("/api/v1/me/shelves/{slug}");
            let (got, _) = app.api(Method::DELETE, &path, Some(&ann), None).await;
            assert_eq!(got, StatusCode::NO_CONTENT, "{slug}");
        }
        let mut all = titles(&app, &ann, "all").await;
        all.sort();
        assert_eq!(all, ["Dune", "Emma"], "{}", app.backend());
        assert_eq!(status_of(&app, &ann, "Emma").await, Value::Null);
        let (again, _) = app
            .api(Method::DELETE, "/api/v1/me/shelves/space", Some(&ann), None)
            .await;
        assert_eq!(again, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_shelf_is_renamed_and_deleted_from_its_page() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let made = ann
            .post_form("/shelves", &[("name", "Gothic"), ("exclusive", "")])
            .await;
        assert!(made.status.is_redirection());
        let page = ann.get("/users/ann/shelves/gothic").await;
        assert!(
            page.text.contains("Rename or delete this shelf"),
            "{}",
            page.text
        );
        let statuses = ann.get("/users/ann/shelves/read").await;
        assert!(
            !statuses.text.contains("Rename or delete"),
            "a status is not renamed"
        );
        let stranger = app.browser().get("/users/ann/shelves/gothic").await;
        assert!(!stranger.text.contains("Rename or delete"));

        let renamed = ann
            .post_form("/shelves/gothic/rename", &[("name", "Gothic novels")])
            .await;
        assert_eq!(renamed.location(), "/users/ann/shelves/gothic-novels");
        let refused = ann
            .post_form("/shelves/gothic-novels/rename", &[("name", "")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let deleted = ann.post_form("/shelves/gothic-novels/delete", &[]).await;
        assert_eq!(deleted.location(), "/users/ann/shelves/all");
        let gone = ann.get("/users/ann/shelves/gothic-novels").await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", app.backend());
        let forged = ann.post_raw("/shelves/read/delete", "").await;
        assert_eq!(
            forged.status,
            StatusCode::FORBIDDEN,
            "no CSRF token, no change"
        );
    }
}
