//! What a blocked or private reader keeps from others: single comments and
//! quotes across a block, pictures, profiles, and a private reader's library
//! behind a public review. Each must find nothing, as for what does not exist.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::ok;
use crate::leaks::{befriend, block, call, comment, reader, review, site};

#[tokio::test]
async fn blocks_hold_for_single_comments_quotes_and_deleted_authors() {
    for app in site().await {
        let ann = reader(&app, "ann").await;
        let bob = reader(&app, "bob").await;
        let cat = reader(&app, "cat").await;
        let book = app.book(&cat.token, "Cranford", "Elizabeth Gaskell").await;
        let thread = review(&app, &cat, book, "Cat's thread.", "public").await;
        let anns = comment(&app, &ann, thread, "Ann's words.").await;
        block(&app, &ann, "bob").await;
        let (status, body) = call(
            &app,
            Method::GET,
            &format!("/api/v1/comments/{anns}"),
            &bob,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}: {body}", app.backend());
        assert!(!body.to_string().contains("Ann's words"));
        let (status, body) = call(
            &app,
            Method::POST,
            &format!("/api/v1/reviews/{thread}/comments"),
            &bob,
            Some(json!({"body": "Quoting her anyway.", "quote_of": anns})),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {body}",
            app.backend()
        );
        let (_, notes) = call(&app, Method::GET, "/api/v1/notifications", &ann, None).await;
        assert!(
            !notes.to_string().contains("quote"),
            "{}: {notes}",
            app.backend()
        );

        // A deleted comment names no one.
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/rating"),
            &cat.token,
            json!({"stars": 4}),
        )
        .await;
        let gone = comment(&app, &cat, thread, "Soon gone.").await;
        call(
            &app,
            Method::DELETE,
            &format!("/api/v1/comments/{gone}"),
            &cat,
            None,
        )
        .await;
        let (_, shown) = call(
            &app,
            Method::GET,
            &format!("/api/v1/comments/{gone}"),
            &ann,
            None,
        )
        .await;
        assert_eq!(shown["author"], Value::Null, "{}: {shown}", app.backend());
        assert_eq!(
            shown["commenter_rating"],
            Value::Null,
            "{}: {shown}",
            app.backend()
        );
        assert_eq!(shown["body"], Value::Null);
    }
}

#[tokio::test]
async fn a_picture_follows_its_readers_privacy_and_blocks() {
    for app in site().await {
        let ann = reader(&app, "ann").await;
        let mut bob = reader(&app, "bob").await;
        let uploaded = app
            .api_bytes(
                Method::PUT,
                "/api/v1/me/avatar",
                Some(&ann.token),
                "image/png",
                crate::app::png(64, 64),
            )
            .await;
        assert!(
            uploaded.status.is_success(),
            "{}: avatar {}",
            app.backend(),
            uploaded.text
        );
        let seen = bob.browser.get("/users/ann/avatar").await;
        assert_eq!(seen.content_type(), "image/jpeg", "{}", app.backend());
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann.token,
            json!({"visibility": "private"}),
        )
        .await;
        let hidden = bob.browser.get("/users/ann/avatar").await;
        assert_ne!(
            hidden.content_type(),
            "image/jpeg",
            "{}: a private reader's photo",
            app.backend()
        );
        let anonymous = app.browser().get("/users/ann/avatar").await;
        assert_ne!(anonymous.content_type(), "image/jpeg", "{}", app.backend());
        let cache = anonymous
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(!cache.contains("public"), "{}: {cache}", app.backend());
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann.token,
            json!({"visibility": "public"}),
        )
        .await;
        block(&app, &ann, "bob").await;
        let blocked = bob.browser.get("/users/ann/avatar").await;
        assert_ne!(
            blocked.content_type(),
            "image/jpeg",
            "{}: across a block",
            app.backend()
        );
    }
}

#[tokio::test]
async fn blocking_a_private_reader_reveals_nothing_of_their_profile() {
    for app in site().await {
        let ann = reader(&app, "ann").await;
        let mut bob = reader(&app, "bob").await;
        let cat = reader(&app, "cat").await;
        befriend(&app, ("ann", &ann), ("cat", &cat)).await;
        let book = app
            .book(&ann.token, "Wives and Daughters", "Elizabeth Gaskell")
            .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/status"),
            &ann.token,
            json!({"status": "read"}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann.token,
            json!({"visibility": "private", "bio": "A bio nobody may read."}),
        )
        .await;
        let (status, _) = call(&app, Method::GET, "/api/v1/users/ann", &bob, None).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{}: private before the block",
            app.backend()
        );
        block(&app, &bob, "ann").await;
        let (status, profile) = call(&app, Method::GET, "/api/v1/users/ann", &bob, None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{}: the blocker may unblock",
            app.backend()
        );
        assert_eq!(profile["bio"], Value::Null, "{}: {profile}", app.backend());
        assert_eq!(
            profile["shelves"],
            json!([]),
            "{}: {profile}",
            app.backend()
        );
        assert_eq!(
            profile["friends"],
            json!([]),
            "{}: {profile}",
            app.backend()
        );
        let page = bob.browser.get("/users/ann").await.text;
        assert!(!page.contains("A bio nobody may read"), "{}", app.backend());
        assert!(page.contains("Unblock"), "{}", app.backend());
        let (status, _) = call(
            &app,
            Method::GET,
            "/api/v1/users/ann/shelves/read",
            &bob,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", app.backend());
    }
}

#[tokio::test]
async fn a_private_readers_public_review_shows_the_review_not_their_library() {
    for app in site().await {
        let pia = reader(&app, "pia").await;
        let mut bob = reader(&app, "bob").await;
        let fay = reader(&app, "fay").await;
        befriend(&app, ("pia", &pia), ("fay", &fay)).await;
        let book = app
            .book(&pia.token, "Mary Barton", "Elizabeth Gaskell")
            .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/rating"),
            &pia.token,
            json!({"stars": 4.5}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/status"),
            &pia.token,
            json!({"status": "currently-reading"}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/books/{book}/progress"),
            &pia.token,
            json!({"page": 120, "note": "A progress note for friends"}),
        )
        .await;
        let id = review(&app, &pia, book, "Manchester, in public.", "public").await;
        let other = review(&app, &fay, book, "Fay's thread.", "public").await;
        comment(&app, &pia, other, "Pia speaks in Fay's thread.").await;
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &pia.token,
            json!({"visibility": "private"}),
        )
        .await;

        let (status, seen) = call(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            &bob,
            None,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{}: the review itself is public",
            app.backend()
        );
        assert_eq!(
            (seen["rating"].clone(), seen["status"].clone()),
            (Value::Null, Value::Null),
            "{}: {seen}",
            app.backend()
        );
        assert_eq!(seen["shelves"], json!([]), "{}", app.backend());
        let page = bob.browser.get(&format!("/reviews/{id}")).await.text;
        assert!(page.contains("Manchester, in public."), "{}", app.backend());
        assert!(
            !page.contains("A progress note for friends"),
            "{}: the progress note shows",
            app.backend()
        );
        assert!(
            !page.to_lowercase().contains("currently reading"),
            "{}: the status shows",
            app.backend()
        );
        let (_, listed) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{book}/reviews"),
            &bob,
            None,
        )
        .await;
        let mine = listed["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap();
        assert_eq!(mine["rating"], Value::Null, "{}: {mine}", app.backend());
        let (_, thread) = call(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{other}/comments"),
            &bob,
            None,
        )
        .await;
        assert_eq!(
            thread["comments"][0]["commenter_status"],
            Value::Null,
            "{}: {thread}",
            app.backend()
        );
        assert_eq!(
            thread["comments"][0]["commenter_rating"],
            Value::Null,
            "{}: {thread}",
            app.backend()
        );

        // Her friends see it all, as her privacy allows; so does she.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &pia.token,
            json!({"visibility": "friends"}),
        )
        .await;
        let (_, friendly) = call(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            &fay,
            None,
        )
        .await;
        assert_eq!(
            friendly["rating"],
            json!(4.5),
            "{}: {friendly}",
            app.backend()
        );
        let (_, thread) = call(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{other}/comments"),
            &fay,
            None,
        )
        .await;
        assert_eq!(
            thread["comments"][0]["commenter_rating"],
            json!(4.5),
            "{}: {thread}",
            app.backend()
        );
        let (_, own) = call(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            &pia,
            None,
        )
        .await;
        assert_eq!(
            own["status"],
            "currently-reading",
            "{}: {own}",
            app.backend()
        );
    }
}
