//! Who sees what: every viewer against every profile setting, on each page
//! and call, and a private reader's lists in the API.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};
use crate::social::{befriend, call, signin};

#[tokio::test]
async fn a_private_readers_lists_stay_private() {
    for app in TestApp::all().await {
        let owner = app.api_user("pia").await;
        let stranger = app.api_user("sven").await;
        let book = app.book(&owner, "Middlemarch", "George Eliot").await;
        for (path, body) in [
            (
                format!("/api/v1/books/{book}/status"),
                json!({"status": "read"}),
            ),
            (
                format!("/api/v1/books/{book}/review"),
                json!({"body": "Slow and vast."}),
            ),
        ] {
            assert_eq!(
                app.api(Method::PUT, &path, Some(&owner), Some(body))
                    .await
                    .0,
                StatusCode::OK
            );
        }
        let (status, _) = app
            .api(
                Method::PUT,
                "/api/v1/me/profile",
                Some(&owner),
                Some(json!({"visibility": "private"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        for list in ["reviews", "timeline", "shelves/read", "friends"] {
            let path = format!("/api/v1/users/pia/{list}");
            for token in [None, Some(stranger.as_str())] {
                let (status, body) = app.api(Method::GET, &path, token, None).await;
                assert!(
                    status.is_client_error(),
                    "{} {path}: {status} {body}",
                    app.backend()
                );
                assert!(!body.to_string().contains("Middlemarch"));
            }
            let (status, _) = app.api(Method::GET, &path, Some(&owner), None).await;
            assert_eq!(status, StatusCode::OK, "{path}: the owner sees their own");
        }
    }
}

/// Who sees what: every viewer against every setting, on each page and call.
#[tokio::test]
async fn privacy_holds_for_every_viewer_setting_and_surface() {
    for app in TestApp::all().await {
        let owner = app.api_user("owner").await;
        let friend = app.api_user("friend").await;
        let fan = app.api_user("fan").await; // follows, not a friend
        let stranger = app.api_user("stranger").await;
        befriend(&app, ("owner", &owner), ("friend", &friend)).await;
        call(&app, Method::PUT, "/api/v1/users/owner/follow", &fan).await;
        call(&app, Method::PUT, "/api/v1/users/owner/follow", &friend).await;
        let book = app.book(&owner, "Middlemarch", "George Eliot").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/rating"),
            &owner,
            json!({"stars": 5}),
        )
        .await;

        let viewers: [(&str, Option<&str>); 5] = [
            ("anonymous", None),
            ("stranger", Some(&stranger)),
            ("fan", Some(&fan)),
            ("friend", Some(&friend)),
            ("owner", Some(&owner)),
        ];
        // Profile and shelves (page and API) and the rating in the feed.
        for (setting, allowed) in [
            (
                "public",
                ["anonymous", "stranger", "fan", "friend", "owner"].as_slice(),
            ),
            ("friends", ["friend", "owner"].as_slice()),
            ("private", ["owner"].as_slice()),
        ] {
            ok(
                &app,
                Method::PUT,
                "/api/v1/me/profile",
                &owner,
                json!({"visibility": setting, "bio": "Reads slowly."}),
            )
            .await;
            for (who, token) in viewers {
                let expected = allowed.contains(&who);
                let (status, _) = app
                    .api(Method::GET, "/api/v1/users/owner", token, None)
                    .await;
                assert_eq!(
                    status.is_success(),
                    expected,
                    "{}: {setting} profile, API, {who}: {status}",
                    app.backend()
                );
                let mut browser = match who {
                    "anonymous" => app.browser(),
                    name => signin(&app, name).await,
                };
                let page = browser.get("/users/owner").await;
                assert_eq!(
                    page.status.is_success(),
                    expected,
                    "{setting} profile page, {who}"
                );
                if expected {
                    assert!(page.text.contains("Reads slowly."));
                } else {
                    assert!(!page.text.contains("Reads slowly."));
                }
                let shelf = browser.get("/users/owner/shelves/all").await;
                assert_eq!(
                    shelf.status.is_success(),
                    expected,
                    "{setting} shelf page, {who}"
                );
                if let Some(token) = token
                    && who != "owner"
                {
                    let (_, feed) = call(&app, Method::GET, "/api/v1/feed", token).await;
                    let shows = feed["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|i| i["reader"]["username"] == "owner");
                    let follows = matches!(who, "fan" | "friend");
                    assert_eq!(
                        shows,
                        expected && follows,
                        "{setting}: owner's rating in {who}'s feed"
                    );
                }
            }
        }
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &owner,
            json!({"visibility": "public"}),
        )
        .await;
        let (status, body) = app
            .api(
                Method::PUT,
                "/api/v1/me/profile",
                Some(&owner),
                Some(json!({"visibility": "secret"})),
            )
            .await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("visibility"))
        );

        // A friends-only review: review page, API, book lists, front page, feed.
        let review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &owner,
            json!({"body": "Only for friends.", "visibility": "friends"}),
        )
        .await;
        assert_eq!(review["visibility"], "friends");
        let id = review["id"].as_i64().unwrap();
        for (who, token) in viewers {
            let expected = matches!(who, "friend" | "owner");
            let (status, _) = app
                .api(Method::GET, &format!("/api/v1/reviews/{id}"), token, None)
                .await;
            assert_eq!(
                status.is_success(),
                expected,
                "friends-only review, API, {who}"
            );
            let (status, _) = app
                .api(
                    Method::GET,
                    &format!("/api/v1/reviews/{id}/comments"),
                    token,
                    None,
                )
                .await;
            assert_eq!(status.is_success(), expected, "its comments, API, {who}");
            let (_, list) = app
                .api(
                    Method::GET,
                    &format!("/api/v1/books/{book}/reviews"),
                    token,
                    None,
                )
                .await;
            assert_eq!(
                list["reviews"].as_array().unwrap().len(),
                usize::from(expected),
                "book's reviews, API, {who}"
            );
            let mut browser = match who {
                "anonymous" => app.browser(),
                name => signin(&app, name).await,
            };
            let page = browser.get(&format!("/reviews/{id}")).await;
            assert_eq!(page.status.is_success(), expected, "review page, {who}");
            let book_page = browser.get(&format!("/books/{book}")).await.text;
            assert_eq!(
                book_page.contains("Only for friends."),
                expected,
                "book page, {who}"
            );
            let home = browser.get("/").await.text;
            assert_eq!(
                home.contains(&format!("/reviews/{id}")),
                expected,
                "front page, {who}"
            );
            if who == "fan" {
                let (_, feed) = call(&app, Method::GET, "/api/v1/feed", token.unwrap()).await;
                assert!(
                    !feed.to_string().contains("\"reviewed\""),
                    "the fan's feed leaves it out"
                );
            }
        }
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&owner),
                Some(json!({"body": "x", "visibility": "private"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "reviews are public or friends-only"
        );
    }
}
