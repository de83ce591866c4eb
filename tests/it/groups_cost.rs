//! A read-along topic of 500 messages costs the same statements on any page
//! as one of three: pages are ranges of numbers, folds one query a page.

use axum::http::Method;
use dogear::store::NewComment;
use serde_json::{Value, json};

use crate::app::{Browser, TestApp, ok};
use crate::groups::make_group;

/// The statements one view of `path` runs.
async fn cost(app: &TestApp, browser: &mut Browser, path: &str) -> u64 {
    let before = app.store.query_count();
    let page = browser.get(path).await.text;
    assert!(page.contains("id=\"message-"), "{path}: {page}");
    app.store.query_count() - before
}

/// A read-along topic of `messages`, every tenth tied to the second checkpoint.
async fn read_along(app: &TestApp, owner: &str, g: i64, messages: i64) -> i64 {
    let topic = ok(
        app,
        Method::POST,
        &format!("/api/v1/groups/{g}/topics"),
        owner,
        json!({"title": format!("{messages} messages"), "read_along": true}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let schedule = ok(
        app,
        Method::GET,
        &format!("/api/v1/groups/{g}/schedule"),
        owner,
        Value::Null,
    )
    .await;
    let later = schedule["checkpoints"][1]["id"].as_i64().unwrap();
    let author = app.store.user_by_username("ann").await.unwrap().unwrap().id;
    for n in 1..=messages {
        let new = NewComment {
            thread: dogear::domain::thread::Thread::Topic(topic),
            author_id: author,
            body: format!("Message {n}"),
            body_html: format!("<p>Message {n}</p>"),
            quote_of: None,
            now: 1_000 + n,
        };
        let (id, number) = app.store.add_comment(&new).await.unwrap();
        assert_eq!(number, n);
        if n % 10 == 0 {
            app.store.tie_comment(id, later).await.unwrap();
        }
    }
    topic
}

#[tokio::test]
async fn a_500_message_topic_costs_the_same_statements_on_any_page() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let g = make_group(&app, &ann, "Big club", "public", "open").await;
        let book = app
            .book(&ann, "Infinite Jest", "David Foster Wallace")
            .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/groups/{g}/current-book"),
            &ann,
            json!({"book_id": book, "started_on": "2026-12-01"}),
        )
        .await;
        for (label, page) in [("Part one", 100), ("Part two", 500)] {
            ok(
                &app,
                Method::POST,
                &format!("/api/v1/groups/{g}/schedule"),
                &ann,
                json!({"label": label, "up_to_page": page, "due_on": "2026-12-31"}),
            )
            .await;
        }
        let big = read_along(&app, &ann, g, 500).await;
        let small = read_along(&app, &ann, g, 3).await;
        let mut reader = app.signup("counter").await;
        reader.post_form(&format!("/groups/{g}/join"), &[]).await;
        let first = cost(&app, &mut reader, &format!("/topics/{big}?page=1")).await;
        let middle = cost(&app, &mut reader, &format!("/topics/{big}?page=5")).await;
        let last = cost(&app, &mut reader, &format!("/topics/{big}?page=10")).await;
        let tiny = cost(&app, &mut reader, &format!("/topics/{small}")).await;
        let again = cost(&app, &mut reader, &format!("/topics/{big}?page=5")).await;
        assert_eq!(
            (first, middle, last),
            (middle, middle, middle),
            "{}: any page of 500",
            app.backend()
        );
        assert_eq!(
            first,
            tiny,
            "{}: 500 messages cost what 3 do",
            app.backend()
        );
        assert!(again <= first, "a re-read writes nothing");
        assert!(
            first <= 24,
            "{}: {first} statements for a topic page",
            app.backend()
        );
        let page = reader.get(&format!("/topics/{big}?page=5")).await.text;
        assert!(page.contains("Message 201") && page.contains("message 250"));
        assert!(
            !page.contains("Message 210<"),
            "tied to Part two, beyond a new reader"
        );
    }
}
