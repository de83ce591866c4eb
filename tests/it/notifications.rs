//! Notifications folded per review, paged to the end, marked read all at
//! once, friend requests answered on the line; blocked readers absent.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use crate::social::{call, signin};

/// Helen's review of a new book; its id.
async fn review(app: &TestApp, helen: &str, title: &str) -> i64 {
    let book = app.book(helen, title, "George Eliot").await;
    let review = ok(
        app,
        Method::PUT,
        &format!("/api/v1/books/{book}/review"),
        helen,
        json!({"body": format!("On {title}.")}),
    )
    .await;
    review["id"].as_i64().unwrap()
}

async fn comment(app: &TestApp, token: &str, review: i64, body: &str) {
    ok(
        app,
        Method::POST,
        &format!("/api/v1/reviews/{review}/comments"),
        token,
        json!({ "body": body }),
    )
    .await;
}

/// The number in the header's badge, 0 without one.
fn badge(page: &str) -> i64 {
    page.split("Notifications <span class=\"badge\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn lines(page: &str) -> usize {
    let list = page
        .split("<ul class=\"notifications\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_default();
    list.matches("<li").count()
}

/// The `before` of the page's Older link.
fn older(page: &str) -> Option<String> {
    let start = page.find("/notifications?before=")? + "/notifications?before=".len();
    let len = page[start..].find('"')?;
    Some(page[start..start + len].to_string())
}

#[tokio::test]
async fn notifications_fold_per_review_page_to_the_end_and_all_mark_read() {
    let settings = |s: &mut dogear::config::Settings| {
        s.books_per_hour = 100;
        s.comments_per_minute = 100;
    };
    for app in TestApp::all_with(settings).await {
        let helen = app.api_user("helen").await;
        let ann = app.api_user("ann").await;
        let others = [
            app.api_user("bob").await,
            app.api_user("cat").await,
            app.api_user("dan").await,
            app.api_user("eve").await,
        ];
        let middlemarch = review(&app, &helen, "Middlemarch").await;
        comment(&app, &ann, middlemarch, "First.").await;
        comment(&app, &ann, middlemarch, "And again.").await;
        // Twenty-one more reviews, each with Ann's comment: a line each.
        for n in 0..21 {
            let r = review(&app, &helen, &format!("Essay {n}")).await;
            comment(&app, &ann, r, "Noted.").await;
        }
        for token in &others {
            comment(&app, token, middlemarch, "Me too.").await;
        }
        let (status, _) = call(&app, Method::POST, "/api/v1/users/helen/friend", &others[0]).await;
        assert_eq!(status, StatusCode::ACCEPTED);

        let mut browser = signin(&app, "helen").await;
        let home = browser.get("/").await.text;
        assert_eq!(badge(&home), 23, "{}: a line each, not 27", app.backend());

        let first = browser.get("/notifications").await.text;
        assert_eq!(lines(&first), 20, "{first}");
        assert_eq!(
            first
                .matches("commented on your review of Middlemarch")
                .count(),
            1
        );
        assert!(
            first.contains("eve and 4 others commented on your review of Middlemarch"),
            "{first}"
        );
        let request = first
            .find("bob asked to be your friend")
            .expect("the request");
        let middle = first.find("eve and 4 others").unwrap();
        assert!(request < middle, "newest first");
        assert!(
            first.contains("action=\"/users/bob/relation\""),
            "Accept on the line"
        );
        assert!(first.contains("value=\"accept\"") && first.contains("value=\"remove\""));
        assert!(first.contains("Mark all read"));
        assert_eq!(badge(&first), 3, "page 1 is read now; page 2 is not");

        let before = older(&first).expect("an Older link");
        let second = browser
            .get(&format!("/notifications?before={before}"))
            .await
            .text;
        assert_eq!(lines(&second), 3, "{second}");
        assert!(second.contains("ann commented on your review of Essay 0"));
        assert_eq!(older(&second), None, "the last page");
        assert_eq!(badge(&second), 0);
        let past = browser.get("/notifications?before=1").await.text;
        assert!(past.contains("No older notifications."), "{past}");
        let bad = browser.get("/notifications?before=soon").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        // News after the pages were seen, then "Mark all read".
        comment(&app, &others[1], middlemarch, "Later.").await;
        for r in [middlemarch] {
            ok(
                &app,
                Method::PUT,
                &format!("/api/v1/reviews/{r}/like"),
                &ann,
                json!({}),
            )
            .await;
        }
        assert_eq!(badge(&browser.get("/").await.text), 2);
        let marked = browser.post_form("/notifications/read", &[]).await;
        assert_eq!(marked.status, StatusCode::SEE_OTHER);
        assert_eq!(marked.location(), "/notifications");
        assert_eq!(badge(&browser.get("/").await.text), 0, "{}", app.backend());
        let refused = browser.post_raw("/notifications/read", "csrf=forged").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_friend_request_is_answered_on_its_line() {
    for app in TestApp::all().await {
        let _helen = app.api_user("helen").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        for token in [&bob, &cat] {
            let (status, _) = call(&app, Method::POST, "/api/v1/users/helen/friend", token).await;
            assert_eq!(status, StatusCode::ACCEPTED);
        }
        let mut browser = signin(&app, "helen").await;
        let page = browser.get("/notifications").await.text;
        assert!(
            page.contains("action=\"/users/bob/relation\"")
                && page.contains("action=\"/users/cat/relation\"")
        );
        let accepted = browser
            .post_form(
                "/users/bob/relation",
                &[("do", "accept"), ("back", "/notifications")],
            )
            .await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER);
        assert_eq!(accepted.location(), "/notifications");
        let declined = browser
            .post_form(
                "/users/cat/relation",
                &[("do", "remove"), ("back", "/notifications")],
            )
            .await;
        assert_eq!(declined.location(), "/notifications");
        let page = browser.get("/notifications").await.text;
        assert!(
            !page.contains("action=\"/users/bob/relation\"")
                && !page.contains("action=\"/users/cat/relation\""),
            "answered: {page}"
        );
        assert!(
            page.contains("bob asked to be your friend"),
            "the line stays"
        );
        let (_, me) = call(&app, Method::GET, "/api/v1/users/helen", &bob).await;
        assert_eq!(me["relation"]["friends"], true, "{}", app.backend());
        let (_, me) = call(&app, Method::GET, "/api/v1/users/helen", &cat).await;
        assert_eq!(me["relation"]["friends"], false);
        let (_, bobs) = call(&app, Method::GET, "/api/v1/notifications/groups", &bob).await;
        assert_eq!(
            bobs["groups"][0]["text"],
            "helen accepted your friend request"
        );
        // A way back off the site is not followed.
        let off = browser
            .post_form(
                "/users/bob/relation",
                &[("do", "follow"), ("back", "https://elsewhere.example/")],
            )
            .await;
        assert_eq!(off.location(), "/users/bob");
    }
}

#[tokio::test]
async fn the_api_pages_groups_to_the_end_and_answers_requests() {
    for app in TestApp::all_with(|s| s.comments_per_minute = 100).await {
        let helen = app.api_user("helen").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let book = review(&app, &helen, "Romola").await;
        for n in 0..30 {
            comment(&app, &ann, book, &format!("Comment {n}")).await;
        }
        comment(&app, &bob, book, "Mine.").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/reviews/{book}/like"),
            &ann,
            json!({}),
        )
        .await;
        let (status, _) = call(&app, Method::POST, "/api/v1/users/helen/friend", &bob).await;
        assert_eq!(status, StatusCode::ACCEPTED);

        let (_, page) = call(&app, Method::GET, "/api/v1/notifications/groups", &helen).await;
        let groups = page["groups"].as_array().unwrap();
        let got: Vec<(&str, i64, i64)> = groups
            .iter()
            .map(|g| {
                (
                    g["kind"].as_str().unwrap_or_default(),
                    g["count"].as_i64().unwrap_or_default(),
                    g["others"].as_i64().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![("friend_request", 1, 0), ("like", 1, 0), ("comment", 31, 1)],
            "{}: {page}",
            app.backend()
        );
        assert_eq!(groups[0]["request_pending"], true);
        assert_eq!(groups[0]["actor"]["username"], "bob");
        assert_eq!(
            groups[2]["text"],
            "bob and 1 other commented on your review of Romola"
        );
        assert_eq!(groups[2]["unread"], true);
        assert_eq!(page["unread"], 0, "the page was the whole of it");
        assert_eq!(page["next_cursor"], Value::Null);
        let (_, again) = call(&app, Method::GET, "/api/v1/notifications/groups", &helen).await;
        assert_eq!(again["groups"][2]["unread"], false, "seen now");

        let (status, _) = call(
            &app,
            Method::POST,
            "/api/v1/users/bob/friend/accept",
            &helen,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (_, answered) = call(&app, Method::GET, "/api/v1/notifications/groups", &helen).await;
        assert_eq!(answered["groups"][0]["request_pending"], false);

        // Twenty-two lines page as 20 and 2, then stop.
        for n in 0..22 {
            let r = review(&app, &ann, &format!("Fragment {n}")).await;
            comment(&app, &helen, r, "Yes.").await;
        }
        let (_, first) = call(&app, Method::GET, "/api/v1/notifications/groups", &ann).await;
        assert_eq!(first["groups"].as_array().map(Vec::len), Some(20));
        assert_eq!(first["unread"], 2);
        let cursor = first["next_cursor"]
            .as_str()
            .expect("a next page")
            .to_string();
        let (_, second) = call(
            &app,
            Method::GET,
            &format!("/api/v1/notifications/groups?cursor={cursor}"),
            &ann,
        )
        .await;
        assert_eq!(
            second["groups"].as_array().map(Vec::len),
            Some(2),
            "{second}"
        );
        assert_eq!(second["next_cursor"], Value::Null);
        let first_ids: Vec<i64> = first["groups"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|g| g["id"].as_i64())
            .collect();
        assert!(
            second["groups"]
                .as_array()
                .unwrap()
                .iter()
                .all(|g| g["id"].as_i64() < first_ids.iter().min().copied()),
            "strictly older"
        );
        let (status, _) = call(&app, Method::POST, "/api/v1/notifications/read", &helen).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
}

#[tokio::test]
async fn a_blocked_readers_notifications_look_like_nothing() {
    for app in TestApp::all().await {
        let helen = app.api_user("helen").await;
        let ann = app.api_user("ann").await;
        let book = review(&app, &helen, "Silas Marner").await;
        comment(&app, &ann, book, "Hello.").await;
        let mut browser = signin(&app, "helen").await;
        assert_eq!(badge(&browser.get("/").await.text), 1);
        let (status, _) = call(&app, Method::PUT, "/api/v1/users/ann/block", &helen).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let home = browser.get("/").await.text;
        assert_eq!(badge(&home), 0, "{}", app.backend());
        let page = browser.get("/notifications").await.text;
        assert!(!page.contains("ann commented"), "{page}");
        let (_, groups) = call(&app, Method::GET, "/api/v1/notifications/groups", &helen).await;
        assert_eq!(groups["groups"], json!([]));
        let (_, flat) = call(&app, Method::GET, "/api/v1/notifications", &helen).await;
        assert_eq!(flat["notifications"], json!([]));
    }
}
