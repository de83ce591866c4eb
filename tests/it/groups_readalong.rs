//! Read-alongs: a message tied to a checkpoint folds for a member whose own
//! progress on the book has not reached it, on the page and in the API, and
//! the schedule counts who is past each checkpoint.

use axum::http::Method;
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use crate::groups::{join_group, make_group};

#[tokio::test]
async fn a_chapter_ten_message_folds_at_chapter_three_and_opens_at_chapter_eleven() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let g = make_group(&app, &ann, "Slow club", "public", "open").await;
        join_group(&app, g, &bob).await;
        let book = ok(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "The Long Book", "authors": ["A. Writer"], "pages": 300}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/groups/{g}/current-book"),
            &ann,
            json!({"book_id": book, "started_on": "2026-12-01"}),
        )
        .await;
        let schedule = format!("/api/v1/groups/{g}/schedule");
        ok(
            &app,
            Method::POST,
            &schedule,
            &ann,
            json!({"label": "Chapter 3", "up_to_page": 30, "due_on": "2026-12-05"}),
        )
        .await;
        let ch10 = ok(
            &app,
            Method::POST,
            &schedule,
            &ann,
            json!({"label": "Chapter 10", "up_to_page": 100, "due_on": "2026-12-20"}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let topic = ok(
            &app,
            Method::POST,
            &format!("/api/v1/groups/{g}/topics"),
            &ann,
            json!({"title": "Spoilers by chapter", "read_along": true}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let post = format!("/api/v1/topics/{topic}/comments");
        ok(
            &app,
            Method::POST,
            &post,
            &ann,
            json!({"body": "Welcome, read at your pace."}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &post,
            &ann,
            json!({"body": "The butler did it", "checkpoint_id": ch10}),
        )
        .await;

        // Bob is at chapter 3 (page 30): the second message is folded.
        let progress = format!("/api/v1/books/{book}/progress");
        ok(&app, Method::POST, &progress, &bob, json!({"page": 30})).await;
        let folded = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{topic}"),
            &bob,
            Value::Null,
        )
        .await;
        let second = &folded["comments"][1];
        assert_eq!(
            second["beyond_progress"],
            "Chapter 10",
            "{}: {folded}",
            app.backend()
        );
        assert!(second["body"].is_null() && second["body_html"].is_null());
        assert_eq!(folded["comments"][0]["body"], "Welcome, read at your pace.");
        let mut browser = app.browser();
        let signed_in = browser
            .post_form(
                "/signin",
                &[("username", "bob"), ("password", "correct horse battery")],
            )
            .await;
        assert_eq!(signed_in.status, axum::http::StatusCode::SEE_OTHER);
        let page = browser.get(&format!("/topics/{topic}")).await.text;
        assert!(!page.contains("The butler did it"), "{page}");
        assert!(page.contains("beyond your progress: this message speaks of Chapter 10"));
        // Its author reads their own words.
        let own = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{topic}"),
            &ann,
            Value::Null,
        )
        .await;
        assert_eq!(own["comments"][1]["body"], "The butler did it");
        // Signed out, a public read-along folds everything tied to a checkpoint.
        let (_, stranger) = app
            .api(Method::GET, &format!("/api/v1/topics/{topic}"), None, None)
            .await;
        assert!(stranger["comments"][1]["body"].is_null());

        // The schedule counts who is past each checkpoint.
        let counts = |v: &Value| -> Vec<i64> {
            v["checkpoints"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["members_past"].as_i64().unwrap())
                .collect()
        };
        assert_eq!(
            counts(&ok(&app, Method::GET, &schedule, &bob, Value::Null).await),
            [1, 0]
        );

        // Chapter 11 (page 110), reported as everywhere: it opens.
        ok(&app, Method::POST, &progress, &bob, json!({"page": 110})).await;
        let open = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{topic}"),
            &bob,
            Value::Null,
        )
        .await;
        assert_eq!(open["comments"][1]["body"], "The butler did it", "{open}");
        assert!(open["comments"][1]["beyond_progress"].is_null());
        let page = browser.get(&format!("/topics/{topic}")).await.text;
        assert!(page.contains("The butler did it") && !page.contains("beyond your progress:"));
        assert_eq!(
            counts(&ok(&app, Method::GET, &schedule, &bob, Value::Null).await),
            [1, 1]
        );
        let group_page = browser.get(&format!("/groups/{g}")).await.text;
        assert!(
            group_page.contains("1 member past Chapter 10"),
            "{group_page}"
        );
    }
}
