//! RSS and Atom feeds: what they hold, what they never hold, where pages point to them.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};

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
