//! RSS and Atom feeds: what they hold, what they never hold, where pages point to them.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use dogear::domain::public_url::PublicUrl;
use serde_json::json;

use crate::app::{TestApp, TestResponse, ok};

#[tokio::test]
async fn feeds_carry_public_things_only_in_rss_and_atom() {
    for app in TestApp::all().await {
        let helen = app.api_user("helen").await;
        let erin = app.api_user("erin").await;
        let book = app
            .book(&helen, "Middlemarch & <Other> Stories", "George Eliot")
            .await;
        let review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &helen,
            json!({"body": "A **great** novel."}),
        )
        .await;
        let id = review["id"].as_i64().unwrap();
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/status"),
            &helen,
            json!({"status": "read"}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/reviews/{id}/comments"),
            &erin,
            json!({"body": "Agreed, *entirely*."}),
        )
        .await;
        let other = app.book(&helen, "Silas Marner", "George Eliot").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{other}/review"),
            &helen,
            json!({"body": "For friends only.", "visibility": "friends"}),
        )
        .await;

        let mut browser = app.browser();
        for (path, needle) in [
            ("/feeds/users/helen/reviews", "great"),
            ("/feeds/users/helen/shelves/read", "Other"),
            (&*format!("/feeds/reviews/{id}"), "Agreed"),
            (&*format!("/feeds/books/{book}"), "helen reviewed"),
        ] {
            let rss = browser.get(&format!("{path}.rss")).await;
            assert_eq!(rss.status, StatusCode::OK, "{}: {path}.rss", app.backend());
            assert!(rss.content_type().starts_with("application/rss+xml"));
            assert!(
                rss.text.contains("<rss version=\"2.0\"") && rss.text.contains("<item>"),
                "{}",
                rss.text
            );
            assert!(
                rss.text.contains(needle),
                "{path}: {needle} in {}",
                rss.text
            );
            assert!(
                !rss.text.contains("<strong>")
                    && !rss.text.contains("<Other>")
                    && !rss.text.contains("<p>"),
                "{path}: HTML and titles travel escaped"
            );
            assert!(
                !rss.text.contains("For friends only."),
                "{path}: a friends-only review"
            );
            let atom = browser.get(&format!("{path}.atom")).await;
            assert!(atom.content_type().starts_with("application/atom+xml"));
            assert!(
                atom.text
                    .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
                    && atom.text.contains("<entry>")
            );
            assert!(!atom.text.contains("For friends only."));
        }
        // Pages point to their feeds.
        let page = browser.get("/users/helen").await.text;
        assert!(
            page.contains(r#"<link rel="alternate" type="application/rss+xml""#)
                && page.contains("/feeds/users/helen/reviews.atom")
        );
        assert!(
            browser
                .get(&format!("/books/{book}"))
                .await
                .text
                .contains(&format!("/feeds/books/{book}.rss"))
        );
        assert!(
            browser
                .get(&format!("/reviews/{id}"))
                .await
                .text
                .contains(&format!("/feeds/reviews/{id}.atom"))
        );

        // A profile that is not public has no feed at all; nor has a friends-only review.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &helen,
            json!({"visibility": "friends"}),
        )
        .await;
        assert_eq!(
            browser.get("/feeds/users/helen/reviews.rss").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            browser
                .get("/feeds/users/helen/shelves/read.atom")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let hidden = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{other}/review"),
            &helen,
            json!({"body": "Still for friends.", "visibility": "friends"}),
        )
        .await;
        assert_eq!(
            browser
                .get(&format!("/feeds/reviews/{}.rss", hidden["id"]))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            browser.get("/feeds/books/nope.rss").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            browser
                .get(&format!("/feeds/books/{book}.json"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

/// A reviewed book's feeds (RSS and Atom, the book's and the reader's),
/// asked for with a forged `Host`.
async fn feeds_asked_by_host(app: &TestApp, host: &str) -> Vec<String> {
    let helen = app.api_user("helen").await;
    let book = app.book(&helen, "Middlemarch", "George Eliot").await;
    ok(
        app,
        Method::PUT,
        &format!("/api/v1/books/{book}/review"),
        &helen,
        json!({"body": "A great novel."}),
    )
    .await;
    let mut feeds = Vec::new();
    for path in [
        format!("/feeds/books/{book}.rss"),
        format!("/feeds/books/{book}.atom"),
        "/feeds/users/helen/reviews.rss".to_string(),
        "/feeds/users/helen/reviews.atom".to_string(),
    ] {
        let request = Request::builder()
            .uri(&path)
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let response = TestResponse::from_router(app, request).await;
        assert_eq!(response.status, StatusCode::OK, "{}: {path}", app.backend());
        feeds.push(response.text);
    }
    feeds
}

#[tokio::test]
async fn feed_links_are_built_on_the_public_url_whatever_the_host_header_says() {
    let public = PublicUrl::parse("https://books.example/").unwrap();
    for app in TestApp::all_with(|s| s.public_url = Some(public.clone())).await {
        for feed in feeds_asked_by_host(&app, "evil.example").await {
            assert!(
                feed.contains("https://books.example/reviews/")
                    && feed.contains("https://books.example/feeds/"),
                "{}: {feed}",
                app.backend()
            );
            assert!(!feed.contains("evil.example"), "{}: {feed}", app.backend());
            assert!(!feed.contains("books.example//"), "no doubled slash");
        }
    }
}

#[tokio::test]
async fn without_a_public_url_feed_links_use_the_listen_address_not_the_host_header() {
    for app in TestApp::all().await {
        for feed in feeds_asked_by_host(&app, "evil.example").await {
            assert!(
                feed.contains("http://127.0.0.1:8080/reviews/")
                    && feed.contains("http://127.0.0.1:8080/feeds/"),
                "{}: {feed}",
                app.backend()
            );
            assert!(!feed.contains("evil.example"), "{}: {feed}", app.backend());
        }
    }
}
