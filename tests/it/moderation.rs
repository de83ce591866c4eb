//! Flags, the moderation queue, suspensions, notifications, rate limits and leaving.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

/// A moderator (the first account), a reviewer with a review, and a spammer's comment on it.
pub async fn scene(app: &TestApp) -> (String, String, String, i64, i64) {
    let modr = app.api_user("mod").await;
    let helen = app.api_user("helen").await;
    let spammer = app.api_user("spammer").await;
    let book = app.book(&helen, "Emma", "Jane Austen").await;
    let (_, review) = app
        .api(
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            Some(&helen),
            Some(json!({"body": "Fun."})),
        )
        .await;
    let review = review["id"].as_i64().unwrap();
    let (_, c) = app
        .api(
            Method::POST,
            &format!("/api/v1/reviews/{review}/comments"),
            Some(&spammer),
            Some(json!({"body": "BUY CHEAP PILLS"})),
        )
        .await;
    (modr, helen, spammer, review, c["id"].as_i64().unwrap())
}

#[tokio::test]
async fn flags_are_once_each_and_validated() {
    for app in TestApp::all().await {
        let (_, helen, _, review, comment) = scene(&app).await;
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&helen),
                Some(json!({"target": "comment", "id": comment, "reason": "spam"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{}", app.backend());
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&helen),
                Some(json!({"target": "comment", "id": comment, "reason": "abuse"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "once each");
        for (body, code, field) in [
            (
                json!({"target": "comment", "id": comment, "reason": "boring"}),
                422,
                "reason",
            ),
            (
                json!({"target": "book", "id": 1, "reason": "spam"}),
                422,
                "target",
            ),
        ] {
            let (status, problem) = app
                .api(Method::POST, "/api/v1/flags", Some(&helen), Some(body))
                .await;
            assert_eq!(status.as_u16(), code);
            assert_eq!(problem["errors"][0]["field"], field);
        }
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&helen),
                Some(json!({"target": "review", "id": 999_999, "reason": "spam"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                None,
                Some(json!({"target": "review", "id": review, "reason": "spam"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = app
            .api(Method::GET, "/api/v1/flags", Some(&helen), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the queue is for moderators");
    }
}

#[tokio::test]
async fn a_moderator_removes_spam_and_suspends_the_spammer() {
    for app in TestApp::all().await {
        let (_, _, spammer, review, comment) = scene(&app).await;
        let mut helen = app.browser();
        helen
            .post_form(
                "/signin",
                &[("username", "helen"), ("password", "correct horse battery")],
            )
            .await;
        let form = helen.get(&format!("/comments/{comment}/flag")).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.text.contains("BUY CHEAP PILLS"));
        let flagged = helen
            .post_form(
                "/flags",
                &[
                    ("target", "comment"),
                    ("id", &comment.to_string()),
                    ("reason", "spam"),
                    ("back", &format!("/reviews/{review}")),
                ],
            )
            .await;
        assert_eq!(
            flagged.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            flagged.text
        );

        let mut moderator = app.browser();
        moderator
            .post_form(
                "/signin",
                &[("username", "mod"), ("password", "correct horse battery")],
            )
            .await;
        let queue = moderator.get("/moderation").await;
        assert_eq!(queue.status, StatusCode::OK);
        assert!(queue.text.contains("BUY CHEAP PILLS") && queue.text.contains("spam"));
        let flag_id: i64 = queue
            .text
            .split("id=\"flag-")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(helen.get("/moderation").await.status, StatusCode::FORBIDDEN);

        let removed = moderator
            .post_form(&format!("/moderation/flags/{flag_id}/remove"), &[])
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
        let page = moderator.get(&format!("/reviews/{review}")).await.text;
        assert!(
            page.contains("id=\"message-1\"")
                && page.contains("this comment has been deleted by a moderator")
        );
        assert!(!page.contains("BUY CHEAP PILLS"));
        assert!(
            !moderator
                .get("/moderation")
                .await
                .text
                .contains("BUY CHEAP PILLS"),
            "the flag is closed"
        );

        let (_, c2) = app
            .api(
                Method::POST,
                &format!("/api/v1/reviews/{review}/comments"),
                Some(&spammer),
                Some(json!({"body": "MORE PILLS"})),
            )
            .await;
        let (_, _) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&app_token(&app, "helen").await),
                Some(json!({"target": "comment", "id": c2["id"], "reason": "spam"})),
            )
            .await;
        let (_, flags) = app
            .api(
                Method::GET,
                "/api/v1/flags",
                Some(&app_token(&app, "mod").await),
                None,
            )
            .await;
        let id = flags["flags"][0]["id"].as_i64().unwrap();
        assert_eq!(flags["flags"][0]["author"], "spammer");
        let suspended = moderator
            .post_form(&format!("/moderation/flags/{id}/suspend"), &[])
            .await;
        assert_eq!(suspended.status, StatusCode::SEE_OTHER);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/reviews/{review}/comments"),
                Some(&spammer),
                Some(json!({"body": "again"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{}: a suspended account can't post",
            app.backend()
        );
        let mut spam_browser = app.browser();
        let signin = spam_browser
            .post_form(
                "/signin",
                &[
                    ("username", "spammer"),
                    ("password", "correct horse battery"),
                ],
            )
            .await;
        assert_eq!(signin.status, StatusCode::FORBIDDEN, "or sign in");
        assert!(signin.text.contains("suspended"));
    }
}

async fn app_token(app: &TestApp, name: &str) -> String {
    let (_, body) = app
        .api(
            Method::POST,
            "/api/v1/tokens",
            None,
            Some(json!({"username": name, "password": "correct horse battery"})),
        )
        .await;
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn reviewers_and_quoted_commenters_are_notified() {
    for app in TestApp::all().await {
        let (_, helen, spammer, review, comment) = scene(&app).await;
        let erin = app.api_user("erin").await;
        app.api(
            Method::POST,
            &format!("/api/v1/reviews/{review}/comments"),
            Some(&erin),
            Some(json!({"body": "Quoting.", "quote_of": comment})),
        )
        .await;
        let mut browser = app.browser();
        browser
            .post_form(
                "/signin",
                &[("username", "helen"), ("password", "correct horse battery")],
            )
            .await;
        let home = browser.get("/").await.text;
        assert!(
            home.contains("Notifications <span class=\"badge\">1</span>"),
            "{}: two comments on her review, one line",
            app.backend()
        );
        let page = browser.get("/notifications").await.text;
        assert!(
            page.contains("erin and 1 other commented on your review of Emma"),
            "{page}"
        );
        assert!(
            !browser.get("/").await.text.contains("class=\"badge\""),
            "seen now"
        );
        let (_, list) = app
            .api(Method::GET, "/api/v1/notifications", Some(&spammer), None)
            .await;
        assert_eq!(list["notifications"][0]["kind"], "quote");
        assert_eq!(list["notifications"][0]["actor"], "erin");
        let (_, list) = app
            .api(Method::GET, "/api/v1/notifications", Some(&helen), None)
            .await;
        assert_eq!(list["notifications"].as_array().unwrap().len(), 2);
        assert_eq!(list["notifications"][0]["read"], true);
    }
}

#[tokio::test]
async fn posting_too_fast_is_slowed_down() {
    for app in TestApp::all().await {
        let (_, helen, _, review, _) = scene(&app).await;
        let path = format!("/api/v1/reviews/{review}/comments");
        for n in 0..20 {
            let (status, _) = app
                .api(
                    Method::POST,
                    &path,
                    Some(&helen),
                    Some(json!({"body": format!("n{n}")})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let response = app
            .api_raw(
                Method::POST,
                &path,
                Some(&helen),
                Some(json!({"body": "one too many"}).to_string()),
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            app.backend()
        );
        let retry: u64 = response
            .headers
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=61).contains(&retry));
        let (_, page) = app.api(Method::GET, &path, None, None).await;
        assert_eq!(page["total"], 21, "the refused one was not written");
    }
}

#[tokio::test]
async fn leaving_from_the_settings_page_asks_for_the_password() {
    for app in TestApp::all().await {
        let (_, _, _, review, _) = scene(&app).await;
        let mut spam = app.browser();
        spam.post_form(
            "/signin",
            &[
                ("username", "spammer"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
        let settings = spam.get("/settings").await;
        assert!(settings.text.contains("Delete my account"));
        let wrong = spam
            .post_form("/settings/delete", &[("password", "nope nope nope")])
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.backend()
        );
        assert!(
            app.store
                .user_by_username("spammer")
                .await
                .unwrap()
                .is_some()
        );
        let gone = spam
            .post_form("/settings/delete", &[("password", "correct horse battery")])
            .await;
        assert_eq!(gone.status, StatusCode::SEE_OTHER);
        assert!(
            app.store
                .user_by_username("spammer")
                .await
                .unwrap()
                .is_none()
        );
        let page = spam.get(&format!("/reviews/{review}")).await.text;
        assert!(
            page.contains("[deleted user]") && page.contains("BUY CHEAP PILLS"),
            "the comment stays"
        );
        assert!(page.contains("Sign in"), "signed out");
    }
}

#[tokio::test]
async fn moderators_see_who_added_a_book_and_uploaded_its_cover_and_readers_do_not() {
    for app in TestApp::all().await {
        let modr = app.api_user("mod").await;
        let ann = app.api_user("ann").await;
        let bea = app.api_user("bea").await;
        let id = app.book(&ann, "Middlemarch", "George Eliot").await;
        let put = app
            .api_bytes(
                Method::PUT,
                &format!("/api/v1/books/{id}/cover"),
                Some(&bea),
                "image/png",
                crate::app::png(200, 300),
            )
            .await;
        assert_eq!(put.status, StatusCode::OK);
        let path = format!("/api/v1/books/{id}");

        let (_, seen) = app.api(Method::GET, &path, Some(&modr), None).await;
        assert_eq!(
            seen["created_by"]["username"],
            "ann",
            "{}: {seen}",
            app.backend()
        );
        assert_eq!(seen["cover_by"]["username"], "bea", "{seen}");
        for token in [Some(ann.as_str()), Some(bea.as_str()), None] {
            let (_, seen) = app.api(Method::GET, &path, token, None).await;
            assert!(
                seen.get("created_by").is_none() && seen.get("cover_by").is_none(),
                "{seen}"
            );
        }

        let mut browser = app.browser();
        browser
            .post_form(
                "/signin",
                &[("username", "mod"), ("password", "correct horse battery")],
            )
            .await;
        let page = browser.get(&format!("/books/{id}")).await.text;
        assert!(page.contains("added by <a href=\"/users/ann\">"), "{page}");
        assert!(page.contains("cover by <a href=\"/users/bea\">"), "{page}");
        let mut reader = app.browser();
        reader
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "correct horse battery")],
            )
            .await;
        for page in [
            reader.get(&format!("/books/{id}")).await.text,
            app.browser().get(&format!("/books/{id}")).await.text,
        ] {
            assert!(page.contains("Middlemarch"));
            assert!(!page.contains("added by") && !page.contains("cover by"));
        }

        // A deleted account leaves no name behind; nor does the catalogue's own book.
        let (status, _) = app
            .api(Method::DELETE, "/api/v1/accounts/me", Some(&bea), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, seen) = app.api(Method::GET, &path, Some(&modr), None).await;
        assert_eq!(seen["cover_by"], serde_json::Value::Null, "{seen}");
        assert_eq!(seen["created_by"]["username"], "ann");
        let page = browser.get(&format!("/books/{id}")).await.text;
        assert!(!page.contains("cover by"));
        let catalogued = app
            .store
            .create_book(&dogear::store::NewBook {
                title: "Adam Bede".into(),
                authors: vec!["George Eliot".into()],
                roles: Vec::new(),
                isbn13: None,
                isbn10: None,
                pages: None,
                year: None,
                description: None,
                series: None,
                series_position: None,
                language: None,
                popularity: 0,
                created_by: None,
                now: dogear::actions::now(),
            })
            .await
            .unwrap();
        let (_, seen) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{catalogued}"),
                Some(&modr),
                None,
            )
            .await;
        assert_eq!(seen["created_by"], serde_json::Value::Null, "{seen}");
        assert!(seen.as_object().unwrap().contains_key("created_by"));
    }
}
