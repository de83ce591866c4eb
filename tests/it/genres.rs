//! Genres read from readers' shelves.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};

async fn shelve(app: &TestApp, token: &str, book: i64, shelves: &[&str]) {
    let path = format!("/api/v1/books/{book}/shelves");
    ok(
        app,
        Method::PUT,
        &path,
        token,
        json!({ "shelves": shelves }),
    )
    .await;
}

#[tokio::test]
async fn a_books_genres_come_from_public_shelves_and_a_genre_lists_its_books() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let dune = app.book(&ann, "Dune", "Frank Herbert").await;
        let emma = app.book(&ann, "Emma", "Jane Austen").await;
        shelve(&app, &ann, dune, &["sci-fi", "owned"]).await;
        shelve(&app, &bob, dune, &["science-fiction", "classics"]).await;
        shelve(&app, &ann, emma, &["classics"]).await;
        shelve(&app, &cat, emma, &["sci-fi"]).await;
        // A private reader's shelves are not counted.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &cat,
            json!({"visibility": "private"}),
        )
        .await;

        let (status, genres) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{dune}/genres"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            genres[0],
            json!({"slug": "science-fiction", "name": "Science fiction", "readers": 2}),
            "{}: {genres}",
            app.backend()
        );
        assert_eq!(genres[1]["slug"], "classics");
        assert_eq!(
            genres.as_array().map(Vec::len),
            Some(2),
            "owned is no genre"
        );

        let (_, classics) = app
            .api(Method::GET, "/api/v1/genres/classics", None, None)
            .await;
        let titles: Vec<&str> = classics["books"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["book"]["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles.len(), 2, "{classics}");
        let (_, scifi) = app
            .api(Method::GET, "/api/v1/genres/science-fiction", None, None)
            .await;
        let titles: Vec<&str> = scifi["books"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["book"]["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            ["Dune"],
            "a private reader's sci-fi shelf does not count"
        );

        let mut browser = app.browser();
        let book = browser.get(&format!("/books/{dune}")).await.text;
        assert!(
            book.contains(
                "href=\"/genres/science-fiction\">Science fiction</a> <small>(2 readers)</small>"
            ),
            "{}",
            app.backend()
        );
        let page = browser.get("/genres/science-fiction").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Dune") && page.text.contains("2 readers shelved it"));
        assert_eq!(
            browser.get("/genres/to-read").await.status,
            StatusCode::NOT_FOUND
        );
    }
}
