//! What an attacker tried: walking ids, merging, flagging and liking to see
//! what is not theirs. Each must find nothing, exactly as for an id that does
//! not exist. The readers and calls here serve `hidden_readers` too.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{Browser, TestApp, ok};

const PASSWORD: &str = "correct horse battery";

/// A reader with a browser session and an API token.
pub(crate) struct Reader {
    pub(crate) browser: Browser,
    pub(crate) token: String,
}

pub(crate) async fn reader(app: &TestApp, name: &str) -> Reader {
    let browser = app.signup(name).await;
    let (status, body) = app
        .api(
            Method::POST,
            "/api/v1/tokens",
            None,
            Some(json!({"username": name, "password": PASSWORD})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    Reader {
        browser,
        token: body["token"].as_str().unwrap().to_string(),
    }
}

pub(crate) async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    who: &Reader,
    body: Option<Value>,
) -> (StatusCode, Value) {
    app.api(method, path, Some(&who.token), body).await
}

/// A site whose first account (the moderator) is nobody in the story.
pub(crate) async fn site() -> Vec<TestApp> {
    let apps = TestApp::all().await;
    for app in &apps {
        app.api_user("keeper").await;
    }
    apps
}

pub(crate) async fn review(
    app: &TestApp,
    who: &Reader,
    book: i64,
    body: &str,
    visibility: &str,
) -> i64 {
    let review = ok(
        app,
        Method::PUT,
        &format!("/api/v1/books/{book}/review"),
        &who.token,
        json!({"body": body, "visibility": visibility}),
    )
    .await;
    review["id"].as_i64().unwrap()
}

pub(crate) async fn comment(app: &TestApp, who: &Reader, review: i64, body: &str) -> i64 {
    let posted = ok(
        app,
        Method::POST,
        &format!("/api/v1/reviews/{review}/comments"),
        &who.token,
        json!({"body": body}),
    )
    .await;
    posted["id"].as_i64().unwrap()
}

pub(crate) async fn befriend(app: &TestApp, a: (&str, &Reader), b: (&str, &Reader)) {
    call(
        app,
        Method::POST,
        &format!("/api/v1/users/{}/friend", b.0),
        a.1,
        None,
    )
    .await;
    let (status, _) = call(
        app,
        Method::POST,
        &format!("/api/v1/users/{}/friend/accept", a.0),
        b.1,
        None,
    )
    .await;
    assert!(status.is_success(), "{}: befriend", app.backend());
}

pub(crate) async fn block(app: &TestApp, blocker: &Reader, blocked: &str) {
    let (status, _) = call(
        app,
        Method::PUT,
        &format!("/api/v1/users/{blocked}/block"),
        blocker,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{}: block", app.backend());
}

/// A page that must not be there, and must not say the secret.
async fn absent(app: &TestApp, browser: &mut Browser, path: &str, secret: &str) {
    let page = browser.get(path).await;
    assert_eq!(
        page.status,
        StatusCode::NOT_FOUND,
        "{}: {path}",
        app.backend()
    );
    assert!(
        secret.is_empty() || !page.text.contains(secret),
        "{}: {path} shows {secret:?}",
        app.backend()
    );
}

#[tokio::test]
async fn flag_forms_show_nothing_the_flagger_may_not_see() {
    for app in site().await {
        let ann = reader(&app, "ann").await;
        let cat = reader(&app, "cat").await;
        let mut bob = reader(&app, "bob").await;
        befriend(&app, ("ann", &ann), ("cat", &cat)).await;
        let book = app.book(&ann.token, "Villette", "Charlotte Bronte").await;
        let hidden = review(&app, &ann, book, "Lucy Snowe, for friends only.", "friends").await;
        let under_hidden = comment(&app, &cat, hidden, "A friend's reply under it.").await;
        let open = review(&app, &cat, book, "Cat's open review.", "public").await;
        let deleted = comment(&app, &ann, open, "Words later taken back.").await;
        let (status, _) = call(
            &app,
            Method::DELETE,
            &format!("/api/v1/comments/{deleted}"),
            &ann,
            None,
        )
        .await;
        assert!(status.is_success());
        absent(
            &app,
            &mut bob.browser,
            &format!("/reviews/{hidden}/flag"),
            "Lucy Snowe",
        )
        .await;
        absent(
            &app,
            &mut bob.browser,
            &format!("/comments/{under_hidden}/flag"),
            "friend's reply",
        )
        .await;
        absent(
            &app,
            &mut bob.browser,
            &format!("/comments/{deleted}/flag"),
            "taken back",
        )
        .await;
        absent(&app, &mut bob.browser, "/reviews/99999/flag", "").await;

        // Across a block, the blocker's words are not there for the blocked.
        let said = comment(&app, &cat, open, "Cat speaks to everyone.").await;
        block(&app, &cat, "bob").await;
        absent(
            &app,
            &mut bob.browser,
            &format!("/reviews/{open}/flag"),
            "Cat's open review",
        )
        .await;
        absent(
            &app,
            &mut bob.browser,
            &format!("/comments/{said}/flag"),
            "Cat speaks",
        )
        .await;
    }
}

#[tokio::test]
async fn a_merge_keeps_a_friends_only_review_from_strangers() {
    for app in TestApp::all().await {
        let moderator = reader(&app, "mod").await;
        let ann = reader(&app, "ann").await;
        let bob = reader(&app, "bob").await;
        let kept = app.book(&ann.token, "Middlemarch", "George Eliot").await;
        let duplicate = app
            .book(&ann.token, "Middlemarch: A Study", "George Eliot")
            .await;
        review(&app, &ann, kept, "Dorothea, for everyone.", "public").await;
        review(
            &app,
            &ann,
            duplicate,
            "Casaubon, for friends only.",
            "friends",
        )
        .await;
        let (status, _) = call(
            &app,
            Method::POST,
            &format!("/api/v1/books/{duplicate}/merge"),
            &moderator,
            Some(json!({"into": kept})),
        )
        .await;
        assert!(status.is_success(), "{}: merge", app.backend());
        let (_, reviews) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{kept}/reviews"),
            &bob,
            None,
        )
        .await;
        assert!(
            !reviews.to_string().contains("Casaubon"),
            "{}: {reviews}",
            app.backend()
        );
        let anonymous = app
            .browser()
            .get(&format!("/feeds/books/{kept}.rss"))
            .await
            .text;
        assert!(
            !anonymous.contains("Casaubon"),
            "{}: the book's feed",
            app.backend()
        );
        let (_, listed) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{kept}/reviews"),
                Some(&ann.token),
                None,
            )
            .await;
        let id = listed["reviews"][0]["id"].as_i64().unwrap();
        let (status, _) = call(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            &bob,
            None,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{}: the merged review is friends-only",
            app.backend()
        );
        let (_, mine) = call(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            &ann,
            None,
        )
        .await;
        assert!(
            mine["body"].as_str().unwrap().contains("Casaubon"),
            "{}: the writer keeps both texts",
            app.backend()
        );
    }
}

#[tokio::test]
async fn liking_flagging_and_deleting_the_invisible_answer_as_for_the_missing() {
    for app in site().await {
        let ann = reader(&app, "ann").await;
        let bob = reader(&app, "bob").await;
        let book = app.book(&ann.token, "Shirley", "Charlotte Bronte").await;
        let hidden = review(&app, &ann, book, "For friends.", "friends").await;
        let missing = 99_999;
        for (method, path, body) in [
            (Method::PUT, "/api/v1/reviews/{}/like", None),
            (Method::DELETE, "/api/v1/reviews/{}", None),
            (Method::GET, "/api/v1/reviews/{}/comments", None),
            (Method::POST, "/api/v1/flags", Some("review")),
        ] {
            let answer = |id: i64| {
                let path = path.replace("{}", &id.to_string());
                let body = body.map(|kind| json!({"target": kind, "id": id, "reason": "spam"}));
                let method = method.clone();
                let app = &app;
                let bob = &bob;
                async move { call(app, method, &path, bob, body).await }
            };
            let (invisible, one) = answer(hidden).await;
            let (nothing, other) = answer(missing).await;
            assert_eq!(
                (invisible, one["code"].clone()),
                (nothing, other["code"].clone()),
                "{}: {method} {path}",
                app.backend()
            );
            assert_eq!(
                invisible,
                StatusCode::NOT_FOUND,
                "{}: {method} {path}",
                app.backend()
            );
        }
        let (_, notes) = call(&app, Method::GET, "/api/v1/notifications", &ann, None).await;
        assert_eq!(
            notes["notifications"].as_array().unwrap().len(),
            0,
            "{}: {notes}",
            app.backend()
        );

        // A reader who blocked you hears nothing from your likes.
        let open = review(
            &app,
            &ann,
            app.book(&ann.token, "Emma", "Jane Austen").await,
            "Open.",
            "public",
        )
        .await;
        block(&app, &ann, "bob").await;
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("/api/v1/reviews/{open}/like"),
            &bob,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{}", app.backend());
        let (_, notes) = call(&app, Method::GET, "/api/v1/notifications", &ann, None).await;
        assert_eq!(
            notes["notifications"].as_array().unwrap().len(),
            0,
            "{}: {notes}",
            app.backend()
        );
    }
}
