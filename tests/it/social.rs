//! Reading together: friends and follows, and the friends a book page names;
//! the calls the other reading-together files share.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{Browser, TestApp, ok};

pub(crate) async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
) -> (StatusCode, Value) {
    app.api(method, path, Some(token), None).await
}

pub(crate) async fn befriend(app: &TestApp, a: (&str, &str), b: (&str, &str)) {
    let (status, _) = call(
        app,
        Method::POST,
        &format!("/api/v1/users/{}/friend", b.0),
        a.1,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{}", app.backend());
    let (status, _) = call(
        app,
        Method::POST,
        &format!("/api/v1/users/{}/friend/accept", a.0),
        b.1,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

pub(crate) async fn relation(app: &TestApp, token: &str, other: &str) -> Value {
    let (_, profile) = call(app, Method::GET, &format!("/api/v1/users/{other}"), token).await;
    profile["relation"].clone()
}

pub(crate) async fn signin(app: &TestApp, name: &str) -> Browser {
    let mut browser = app.browser();
    let response = browser
        .post_form(
            "/signin",
            &[("username", name), ("password", "correct horse battery")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "sign in {name}");
    browser
}

pub(crate) async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let (_, list) = call(app, Method::GET, "/api/v1/notifications", token).await;
    list["notifications"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n["kind"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn friendship_goes_from_request_to_friends_and_back() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;

        // Ask; asking again changes nothing; the other sees the request.
        let (status, out) = call(&app, Method::POST, "/api/v1/users/bob/friend", &ann).await;
        assert_eq!(
            (status, out["state"].as_str()),
            (StatusCode::ACCEPTED, Some("requested")),
            "{}",
            app.backend()
        );
        let (status, _) = call(&app, Method::POST, "/api/v1/users/bob/friend", &ann).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(relation(&app, &ann, "bob").await["request_sent"], true);
        let (_, mine) = call(&app, Method::GET, "/api/v1/me/friends", &bob).await;
        assert_eq!(mine["requests"][0]["username"], "ann");
        assert!(
            kinds(&app, &bob)
                .await
                .contains(&"friend_request".to_string())
        );

        // Accepting needs a request; Bob accepts Ann's.
        let (status, _) = call(&app, Method::POST, "/api/v1/users/cat/friend/accept", &bob).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = call(&app, Method::POST, "/api/v1/users/ann/friend/accept", &bob).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(relation(&app, &ann, "bob").await["friends"], true);
        assert_eq!(relation(&app, &bob, "ann").await["friends"], true);
        assert!(
            kinds(&app, &ann)
                .await
                .contains(&"friend_accepted".to_string())
        );
        let (_, mine) = call(&app, Method::GET, "/api/v1/me/friends", &ann).await;
        assert_eq!(mine["friends"][0]["username"], "bob");
        assert_eq!(mine["requests"], json!([]));

        // Unfriending ends it for both.
        let (status, _) = call(&app, Method::DELETE, "/api/v1/users/bob/friend", &ann).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(relation(&app, &bob, "ann").await["friends"], false);

        // A declined request is gone; two readers asking each other are friends at once.
        call(&app, Method::POST, "/api/v1/users/bob/friend", &cat).await;
        let (status, _) = call(&app, Method::DELETE, "/api/v1/users/cat/friend", &bob).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(relation(&app, &bob, "cat").await["request_received"], false);
        call(&app, Method::POST, "/api/v1/users/ann/friend", &cat).await;
        let (status, out) = call(&app, Method::POST, "/api/v1/users/cat/friend", &ann).await;
        assert_eq!(
            (status, out["state"].as_str()),
            (StatusCode::OK, Some("friends"))
        );

        // Nobody befriends themselves or a reader who is not there.
        let (status, body) = call(&app, Method::POST, "/api/v1/users/ann/friend", &ann).await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("username"))
        );
        let (status, _) = call(&app, Method::POST, "/api/v1/users/nobody/friend", &ann).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .api(Method::POST, "/api/v1/users/bob/friend", None, None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        // Follows are one-way.
        let (status, _) = call(&app, Method::PUT, "/api/v1/users/bob/follow", &cat).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(relation(&app, &cat, "bob").await["following"], true);
        assert_eq!(relation(&app, &bob, "cat").await["followed_by"], true);
        assert_eq!(relation(&app, &bob, "cat").await["following"], false);
        call(&app, Method::DELETE, "/api/v1/users/bob/follow", &cat).await;
        assert_eq!(relation(&app, &cat, "bob").await["following"], false);

        // The same from the pages, with the form's token.
        let mut dan = app.signup("dan").await;
        let response = dan
            .post_form("/users/ann/relation", &[("do", "request")])
            .await;
        assert_eq!(
            (response.status, response.location()),
            (StatusCode::SEE_OTHER, "/users/ann")
        );
        let page = signin(&app, "ann").await.get("/friends").await.text;
        assert!(
            page.contains("/users/dan") && page.contains("Accept"),
            "the request waits on the friends page"
        );
        let mut ann_browser = signin(&app, "ann").await;
        ann_browser
            .post_form("/users/dan/relation", &[("do", "accept")])
            .await;
        let profile = ann_browser.get("/users/dan").await.text;
        assert!(profile.contains("Unfriend"), "{profile}");
    }
}

#[tokio::test]
async fn the_book_page_names_friends_who_read_it() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        befriend(&app, ("ann", &ann), ("bob", &bob)).await;
        befriend(&app, ("ann", &ann), ("cat", &cat)).await;
        let book = app.book(&ann, "Villette", "Charlotte Bronte").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/rating"),
            &bob,
            json!({"stars": 4.5}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/status"),
            &cat,
            json!({"status": "to-read"}),
        )
        .await;
        let page = signin(&app, "ann")
            .await
            .get(&format!("/books/{book}"))
            .await
            .text;
        assert!(
            page.contains("1 of your friends has read this"),
            "{}",
            app.backend()
        );
        assert!(page.contains("/users/bob") && page.contains("/users/cat"));
        let (_, friends) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{book}/friends"),
            &ann,
        )
        .await;
        assert_eq!(friends["friends"][0]["reader"]["username"], "bob");
        assert_eq!(friends["friends"][0]["rating"], 4.5);
        let signed_out = app.browser().get(&format!("/books/{book}")).await.text;
        assert!(signed_out.contains("Sign in to see if any of your friends have read Villette."));
    }
}
