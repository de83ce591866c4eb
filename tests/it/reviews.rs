//! Reviews: one per reader and book, safe Markdown, spoilers, likes, and the review page.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

#[tokio::test]
async fn one_review_per_reader_and_book_replaced_on_rewrite() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let book = app.book(&ann, "Frankenstein", "Mary Shelley").await;
        let path = format!("/api/v1/books/{book}/review");
        let (status, first) = app
            .api(
                Method::PUT,
                &path,
                Some(&ann),
                Some(json!({"body": "Good.", "recommended_for": "insomniacs"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {first}", app.backend());
        let (_, second) = app
            .api(
                Method::PUT,
                &path,
                Some(&ann),
                Some(json!({"body": "Better on a second read."})),
            )
            .await;
        assert_eq!(first["id"], second["id"]);
        assert_eq!(second["body"], "Better on a second read.");
        let (_, b) = app
            .api(Method::GET, &format!("/api/v1/books/{book}"), None, None)
            .await;
        assert_eq!(b["reviews_count"], 1);
        for bad in [
            json!({"body": "   "}),
            json!({"body": "x".repeat(20_001)}),
            json!({"body": "ok", "recommended_for": "y".repeat(301)}),
        ] {
            let (status, problem) = app.api(Method::PUT, &path, Some(&ann), Some(bad)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                problem["errors"][0]["field"] == "body"
                    || problem["errors"][0]["field"] == "recommended_for"
            );
        }
        let (status, _) = app
            .api(
                Method::PUT,
                "/api/v1/books/999999/review",
                Some(&ann),
                Some(json!({"body": "x"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn markdown_is_rendered_and_html_never_passes() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let book = app.book(&ann, "Dracula", "Bram Stoker").await;
        let body = "**Bold** and [a link](https://example.com)\n\n<script>alert(1)</script> <img src=x onerror=alert(2)> [bad](javascript:alert(3))";
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&ann),
                Some(json!({"body": body})),
            )
            .await;
        let id = review["id"].as_i64().unwrap();
        let page = app.browser().get(&format!("/reviews/{id}")).await;
        assert!(
            page.text.contains("<strong>Bold</strong>"),
            "{}",
            app.backend()
        );
        assert!(page.text.contains("rel=\"nofollow ugc noopener\""));
        assert!(!page.text.contains("<script>alert"));
        // The page has images of its own (the cover); the review brought none.
        assert_eq!(
            page.text.matches("<img").count(),
            page.text.matches("<img class=\"cover").count()
        );
        assert!(!page.text.contains("href=\"javascript"));
    }
}

#[tokio::test]
async fn the_review_page_shows_everything_above_the_comments() {
    for app in TestApp::all().await {
        let helen = app.api_user("helen").await;
        let book = app.book(&helen, "Middlemarch", "George Eliot").await;
        let b = |p: &str| format!("/api/v1/books/{book}/{p}");
        app.api(
            Method::PUT,
            &b("status"),
            Some(&helen),
            Some(json!({"status": "currently-reading"})),
        )
        .await;
        app.api(
            Method::POST,
            &b("progress"),
            Some(&helen),
            Some(json!({"percent": 50})),
        )
        .await;
        app.api(
            Method::PUT,
            &b("status"),
            Some(&helen),
            Some(json!({"status": "read"})),
        )
        .await;
        app.api(
            Method::POST,
            &b("reads"),
            Some(&helen),
            Some(json!({"finished": "2007-01"})),
        )
        .await;
        app.api(
            Method::PUT,
            &b("rating"),
            Some(&helen),
            Some(json!({"stars": 5})),
        )
        .await;
        app.api(
            Method::PUT,
            &b("shelves"),
            Some(&helen),
            Some(json!({"shelves": ["literature"]})),
        )
        .await;
        let (_, review) = app
            .api(Method::PUT, &b("review"), Some(&helen), Some(json!({"body": "The ending *undid* me.", "spoiler": true, "recommended_for": "patient readers"})))
            .await;
        let id = review["id"].as_i64().unwrap();
        let erin = app.api_user("erin").await;
        let (status, liked) = app
            .api(
                Method::PUT,
                &format!("/api/v1/reviews/{id}/like"),
                Some(&erin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(liked["likes_count"], 1);
        app.api(
            Method::PUT,
            &format!("/api/v1/reviews/{id}/like"),
            Some(&erin),
            None,
        )
        .await;

        let mut visitor = app.browser();
        let page = visitor.get(&format!("/reviews/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        let t = &page.text;
        assert!(
            t.contains(&format!("href=\"/books/{book}\">Middlemarch</a>")),
            "book linked"
        );
        assert!(t.contains(">George Eliot</a>"), "author linked");
        assert!(t.contains("href=\"/users/helen\""), "reviewer linked");
        assert!(
            t.contains("rated it 5 stars") && t.contains("it was amazing"),
            "stars and words"
        );
        assert!(t.contains("bookshelves: ") && t.contains(">literature</a>"));
        assert!(t.contains("Recommended for: patient readers"));
        assert!(t.contains("Read in Jan 2007"));
        assert!(
            t.contains("<details class=\"spoiler\">") && t.contains("<em>undid</em>"),
            "spoiler hides the body"
        );
        assert!(t.contains("1 like"), "likes counted once");
        assert!(t.contains(">erin</a>"), "who liked it");
        assert!(t.contains(&format!("/reviews/{id}/flag")), "flag link");
        assert!(
            t.contains("marked as: Read") && t.contains("marked as: Currently reading"),
            "progress timeline"
        );
        assert!(t.contains("50%"));
        assert!(t.contains("Sign in to see if any of your friends have read Middlemarch"));
        assert!(t.contains("id=\"comments\""), "the thread's place");

        let mut erin_browser = app.signup("erin2").await;
        let page = erin_browser.get(&format!("/reviews/{id}")).await;
        assert!(
            page.text.contains("Rate this book"),
            "the viewer can rate from the review page"
        );
        assert!(page.text.contains(">Like</button>"));

        let (status, json) = app
            .api(Method::GET, &format!("/api/v1/reviews/{id}"), None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(json["rating"], 5.0);
        assert_eq!(json["likes_count"], 1);
        assert_eq!(json["shelves"], json!(["literature"]));
        assert_eq!(json["reviewer"]["username"], "helen");
        assert_eq!(json["book"]["title"], "Middlemarch");
        assert_eq!(json["spoiler"], true);
        assert!(json["created_at"].as_str().unwrap().ends_with('Z'));

        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/reviews/{id}/like"),
                Some(&erin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, json) = app
            .api(Method::GET, &format!("/api/v1/reviews/{id}"), None, None)
            .await;
        assert_eq!(json["likes_count"], 0);
    }
}

#[tokio::test]
async fn nobody_deletes_another_readers_review() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await; // first account: a moderator
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let book = app.book(&bob, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&bob),
                Some(json!({"body": "Mine."})),
            )
            .await;
        let id = review["id"].as_i64().unwrap();
        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/reviews/{id}"),
                Some(&cat),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", app.backend());
        let (status, _) = app
            .api(Method::GET, &format!("/api/v1/reviews/{id}"), None, None)
            .await;
        assert_eq!(status, StatusCode::OK, "still there");
        let mut cat_browser = app.signup("cat2").await;
        let response = cat_browser
            .post_form(&format!("/reviews/{id}/delete"), &[])
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/reviews/{id}"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "a moderator may");
        let (status, _) = app
            .api(Method::GET, &format!("/api/v1/reviews/{id}"), None, None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn writing_a_review_from_the_form() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let token = app.api_user("adder").await;
        let book = app.book(&token, "Persuasion", "Jane Austen").await;
        let form = ann.get(&format!("/books/{book}/review")).await;
        assert_eq!(form.status, StatusCode::OK);
        let empty = ann
            .post_form(&format!("/books/{book}/review"), &[("body", "  ")])
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        let saved = ann
            .post_form(
                &format!("/books/{book}/review"),
                &[("body", "Anne Elliot forever."), ("spoiler", "on")],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", app.backend());
        let page = ann.get(saved.location()).await;
        assert!(
            page.text.contains("Anne Elliot forever.")
                && page.text.contains("<details class=\"spoiler\">")
        );
    }
}
