//! Quotes readers keep from books.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};

async fn keep(app: &TestApp, token: &str, book: i64, body: Value) -> (StatusCode, Value) {
    let path = format!("/api/v1/books/{book}/quotes");
    app.api(Method::POST, &path, Some(token), Some(body)).await
}

fn bodies(list: &Value) -> Vec<String> {
    list["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["body"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn quotes_are_kept_liked_and_ranked_on_the_book_and_the_reader() {
    for app in TestApp::all().await {
        let moderator = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let book = app.book(&ann, "Middlemarch", "George Eliot").await;
        let (status, first) = keep(&app, &ann, book, json!({"body": "It is a narrow mind which cannot look at a subject from various points of view.", "page": 88})).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {first}", app.backend());
        let (_, second) = keep(&app, &ann, book, json!({"body": "What do we live for, if it is not to make life less difficult to each other?", "spoiler": true})).await;
        let second_id = second["id"].as_i64().unwrap();
        let liked = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/quotes/{second_id}/like"),
            &bob,
            json!({}),
        )
        .await;
        assert_eq!(
            (liked["likes_count"].as_i64(), liked["liked"].as_bool()),
            (Some(1), Some(true))
        );

        let (_, list) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/quotes"),
                Some(&bob),
                None,
            )
            .await;
        let ranked = bodies(&list);
        assert!(
            ranked[0].starts_with("What do we live for"),
            "most liked first: {ranked:?}"
        );
        assert_eq!(ranked.len(), 2);
        let (_, mine) = app
            .api(Method::GET, "/api/v1/users/ann/quotes", None, None)
            .await;
        assert!(
            bodies(&mine)[0].starts_with("What do we live for"),
            "newest first"
        );

        let mut browser = app.browser();
        let page = browser.get(&format!("/books/{book}")).await.text;
        assert!(page.contains("It is a narrow mind"), "{}", app.backend());
        assert!(
            page.contains("A quote with a spoiler: show it"),
            "a spoiler waits to be asked for"
        );
        assert!(
            browser
                .get("/users/ann/quotes")
                .await
                .text
                .contains("page 88")
        );

        // Only its keeper or a moderator deletes it; a moderator's removal is logged.
        let path = format!("/api/v1/quotes/{second_id}");
        assert_eq!(
            app.api(Method::DELETE, &path, Some(&bob), None).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.api(Method::DELETE, &path, Some(&moderator), None)
                .await
                .0,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            app.api(Method::DELETE, &path, Some(&ann), None).await.0,
            StatusCode::NOT_FOUND
        );
        let log = app.store.moderation_log(1, i64::MAX).await.unwrap();
        assert_eq!(
            (log[0].action.as_str(), log[0].target_kind.as_str()),
            ("removed", "quote")
        );
    }
}

#[tokio::test]
async fn a_quote_is_checked_and_says_which_field_is_wrong() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let book = app.book(&ann, "Emma", "Jane Austen").await;
        for (body, field) in [
            (json!({"body": "   "}), "body"),
            (json!({"body": "x", "page": 0}), "page"),
            (json!({"body": "x", "percent": 101}), "percent"),
            (json!({"body": "x", "page": 3, "percent": 5}), "percent"),
        ] {
            let (status, problem) = keep(&app, &ann, book, body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }
        let (status, _) = keep(&app, &ann, 999_999, json!({"body": "x"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn quotes_follow_their_readers_privacy_blocks_and_merges() {
    for app in TestApp::all().await {
        let moderator = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let carl = app.api_user("carl").await;
        let book = app.book(&ann, "Persuasion", "Jane Austen").await;
        let (_, q) = keep(&app, &ann, book, json!({"body": "You pierce my soul."})).await;
        let id = q["id"].as_i64().unwrap();

        // Blocked: carl can neither see nor like it; it looks missing.
        ok(
            &app,
            Method::PUT,
            "/api/v1/users/carl/block",
            &ann,
            json!({}),
        )
        .await;
        let (_, seen) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/quotes"),
                Some(&carl),
                None,
            )
            .await;
        assert!(bodies(&seen).is_empty(), "{}", app.backend());
        let like = format!("/api/v1/quotes/{id}/like");
        assert_eq!(
            app.api(Method::PUT, &like, Some(&carl), None).await.0,
            StatusCode::NOT_FOUND
        );
        ok(
            &app,
            Method::DELETE,
            "/api/v1/users/carl/block",
            &ann,
            json!({}),
        )
        .await;

        // Private: only ann sees it.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann,
            json!({"visibility": "private"}),
        )
        .await;
        let (_, seen) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/quotes"),
                Some(&carl),
                None,
            )
            .await;
        assert!(bodies(&seen).is_empty());
        let (status, _) = app
            .api(Method::GET, "/api/v1/users/ann/quotes", Some(&carl), None)
            .await;
        assert_ne!(status, StatusCode::OK);
        let (_, own) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/quotes"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(bodies(&own).len(), 1);

        // A merge carries the quote to the book kept.
        let kept = app
            .book(&moderator, "Persuasion (again)", "Jane Austen")
            .await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/books/{book}/merge"),
            &moderator,
            json!({"into": kept}),
        )
        .await;
        let (_, moved) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{kept}/quotes"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(bodies(&moved), ["You pierce my soul."], "{}", app.backend());
    }
}
