//! Blocking: a blocked reader cannot see, reach or appear to the blocker, in
//! profiles, reviews, lists and others' threads, until the block is lifted.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use crate::social::{befriend, call, relation, signin};

#[tokio::test]
async fn a_blocked_reader_cannot_see_reach_or_appear_to_the_blocker() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        befriend(&app, ("ann", &ann), ("bob", &bob)).await;
        call(&app, Method::PUT, "/api/v1/users/ann/follow", &bob).await;
        let book = app.book(&ann, "Persuasion", "Jane Austen").await;
        let ann_review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &ann,
            json!({"body": "Anne waits."}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &bob,
            json!({"body": "Bob talks."}),
        )
        .await;

        // Bob has spoken in a third reader's thread before the block.
        let cat = app.api_user("cat").await;
        let cat_review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &cat,
            json!({"body": "Wentworth!"}),
        )
        .await;
        let thread = format!("/api/v1/reviews/{}/comments", cat_review["id"]);
        let bobs = ok(
            &app,
            Method::POST,
            &thread,
            &bob,
            json!({"body": "Bob was here."}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &thread,
            &ann,
            json!({"body": "Ann too."}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &thread,
            &cat,
            json!({"body": "Cat quotes Bob.", "quote_of": bobs["id"]}),
        )
        .await;
        let (status, _) = call(&app, Method::PUT, "/api/v1/users/bob/block", &ann).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{}", app.backend());
        let rel = relation(&app, &ann, "bob").await;
        assert_eq!(
            (
                rel["friends"].as_bool(),
                rel["followed_by"].as_bool(),
                rel["blocking"].as_bool()
            ),
            (Some(false), Some(false), Some(true)),
            "blocking ends friendship and follows"
        );

        // Bob cannot see Ann, her review, or reach her.
        let (status, _) = call(&app, Method::GET, "/api/v1/users/ann", &bob).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            signin(&app, "bob").await.get("/users/ann").await.status,
            StatusCode::NOT_FOUND
        );
        let review_path = format!("/api/v1/reviews/{}", ann_review["id"]);
        assert_eq!(
            call(&app, Method::GET, &review_path, &bob).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, _) = app
            .api(
                Method::POST,
                &format!("{review_path}/comments"),
                Some(&bob),
                Some(json!({"body": "hello?"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "no comments under the blocker's review"
        );
        assert_eq!(
            call(&app, Method::POST, "/api/v1/users/ann/friend", &bob)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call(&app, Method::PUT, "/api/v1/users/ann/follow", &bob)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        // And each vanishes from the other's lists.
        let reviewers = |list: &Value| -> Vec<String> {
            list["reviews"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["reviewer"]["username"].as_str().map(str::to_string))
                .collect()
        };
        let (_, seen_by_bob) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{book}/reviews"),
            &bob,
        )
        .await;
        assert_eq!(reviewers(&seen_by_bob), vec!["cat", "bob"]);
        let (_, seen_by_ann) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{book}/reviews"),
            &ann,
        )
        .await;
        assert_eq!(reviewers(&seen_by_ann), vec!["cat", "ann"]);
        let (_, seen_by_all) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/reviews"),
                None,
                None,
            )
            .await;
        assert_eq!(
            reviewers(&seen_by_all).len(),
            3,
            "others still see them all"
        );
        // In others' threads the blocked reader's words vanish for Ann; the numbers stay.
        let (_, seen) = call(&app, Method::GET, &thread, &ann).await;
        assert_eq!(seen["comments"][0]["number"], 1);
        assert_eq!(
            (
                seen["comments"][0]["hidden"].as_bool(),
                seen["comments"][0]["body"].is_null()
            ),
            (Some(true), true),
            "{seen}"
        );
        assert_eq!(seen["comments"][1]["body"], "Ann too.");
        let page = signin(&app, "ann")
            .await
            .get(&format!("/reviews/{}", cat_review["id"]))
            .await
            .text;
        assert!(!page.contains("Bob was here.") && page.contains("this message is hidden"));
        assert!(
            page.contains("Cat quotes Bob.") && page.contains("[hidden] wrote"),
            "a quote of a hidden message hides it too"
        );
        let (_, for_cat) = call(&app, Method::GET, &thread, &cat).await;
        assert_eq!(
            for_cat["comments"][0]["body"], "Bob was here.",
            "others still hear Bob"
        );
        // Ann must unblock before befriending again; then all is as before.
        assert_eq!(
            call(&app, Method::POST, "/api/v1/users/bob/friend", &ann)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        call(&app, Method::DELETE, "/api/v1/users/bob/block", &ann).await;
        assert_eq!(
            call(&app, Method::GET, &review_path, &bob).await.0,
            StatusCode::OK
        );
    }
}
