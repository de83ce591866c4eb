//! API lists paged by cursor: opaque, followed to the end, refused when they
//! belong to another list; keyed lists neither skip nor mark what was not shown.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;

/// Follows `next_cursor` from the first page to the last, gathering one field of each item.
async fn walk(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    items: &str,
    field: &str,
) -> Vec<Value> {
    let (mut seen, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_string(),
        };
        let (status, page) = app.api(Method::GET, &url, token, None).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        pages += 1;
        seen.extend(
            page[items]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i[field].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
        assert!(pages < 20, "the cursor never ran out");
    }
    seen
}

#[tokio::test]
async fn lists_page_by_opaque_cursor_to_the_end_and_refuse_foreign_cursors() {
    // One reader adds more books than an hour allows: the lists are under test here.
    let busy = |s: &mut dogear::config::Settings| {
        s.comments_per_minute = 1000;
        s.books_per_hour = 1000;
    };
    for app in TestApp::all_with(busy).await {
        let owner = app.api_user("lena").await;
        let mut books = Vec::new();
        for i in 0..53 {
            let id = app
                .book(&owner, &format!("Volume {i}"), "Serial Author")
                .await;
            let (status, _) = app
                .api(
                    Method::PUT,
                    &format!("/api/v1/books/{id}/status"),
                    Some(&owner),
                    Some(json!({"status": "to-read"})),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            books.push(json!(id));
        }
        let shelf = walk(
            &app,
            "/api/v1/users/lena/shelves/to-read",
            None,
            "books",
            "book",
        )
        .await;
        let mut ids: Vec<Value> = shelf.iter().map(|b| b["id"].clone()).collect();
        ids.sort_by_key(|v| v.as_i64());
        assert_eq!(ids, books, "{}: every book once, none twice", app.backend());

        let review = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{}/review", books[0]),
                Some(&owner),
                Some(json!({"body": "Long thread ahead."})),
            )
            .await
            .1["id"]
            .as_i64()
            .unwrap();
        for i in 0..52 {
            let (status, _) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/reviews/{review}/comments"),
                    Some(&owner),
                    Some(json!({"body": format!("message {i}")})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let numbers = walk(
            &app,
            &format!("/api/v1/reviews/{review}/comments"),
            None,
            "comments",
            "number",
        )
        .await;
        assert_eq!(numbers, (1..=52).map(|n| json!(n)).collect::<Vec<_>>());
        let authors = walk(&app, "/api/v1/authors/1", None, "books", "id").await;
        assert_eq!(authors.len(), 53);

        // A cursor belongs to its list; a made-up one is refused, naming the parameter.
        let (_, first) = app
            .api(
                Method::GET,
                "/api/v1/users/lena/shelves/to-read",
                None,
                None,
            )
            .await;
        let shelf_cursor = first["next_cursor"].as_str().unwrap();
        assert!(!shelf_cursor.contains("50"), "opaque, not a bare offset");
        for url in [
            format!("/api/v1/reviews/{review}/comments?cursor={shelf_cursor}"),
            format!("/api/v1/feed?cursor={shelf_cursor}"),
            "/api/v1/notifications?cursor=%%%".to_string(),
            format!("/api/v1/books/{}/reviews?cursor=00", books[0]),
        ] {
            let (status, problem) = app.api(Method::GET, &url, Some(&owner), None).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
            assert_eq!(problem["errors"][0]["field"], "cursor", "{url}");
        }
    }
}

#[tokio::test]
async fn keyed_lists_neither_skip_nor_mark_what_was_not_shown() {
    // More comments and flags than a minute and an hour allow: the lists are under test here.
    let busy = |s: &mut dogear::config::Settings| {
        s.comments_per_minute = 1000;
        s.flags_per_hour = 1000;
    };
    for app in TestApp::all_with(busy).await {
        let moderator = app.api_user("mona").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let book = app.book(&ann, "Beloved", "Toni Morrison").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&ann),
                Some(json!({"body": "Haunting."})),
            )
            .await;
        let review = review["id"].as_i64().unwrap();
        for i in 0..53 {
            let (status, comment) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/reviews/{review}/comments"),
                    Some(&bob),
                    Some(json!({"body": format!("note {i}")})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
            let (status, _) = app
                .api(
                    Method::POST,
                    "/api/v1/flags",
                    Some(&ann),
                    Some(json!({"target": "comment", "id": comment["id"], "reason": "spam"})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }

        // Notifications: a page marks only itself read.
        let (_, first) = app
            .api(Method::GET, "/api/v1/notifications", Some(&ann), None)
            .await;
        assert_eq!(first["notifications"].as_array().unwrap().len(), 50);
        let cursor = first["next_cursor"].as_str().unwrap().to_string();
        let (_, second) = app
            .api(
                Method::GET,
                &format!("/api/v1/notifications?cursor={cursor}"),
                Some(&ann),
                None,
            )
            .await;
        let older = second["notifications"].as_array().unwrap();
        assert_eq!(older.len(), 3, "{}", app.backend());
        assert!(
            older.iter().all(|n| n["read"] == false),
            "not shown before, so not read: {second}"
        );
        assert!(second["next_cursor"].is_null());
        let (_, again) = app
            .api(Method::GET, "/api/v1/notifications", Some(&ann), None)
            .await;
        assert!(
            again["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["read"] == true)
        );

        // Flags: resolving the first page does not make the next one skip.
        let (_, page) = app
            .api(Method::GET, "/api/v1/flags", Some(&moderator), None)
            .await;
        let flags = page["flags"].as_array().unwrap().clone();
        assert_eq!(flags.len(), 50);
        for flag in &flags {
            let (status, _) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/flags/{}/resolve", flag["id"]),
                    Some(&moderator),
                    Some(json!({"action": "dismiss"})),
                )
                .await;
            assert_eq!(status, StatusCode::NO_CONTENT);
        }
        let cursor = page["next_cursor"].as_str().unwrap();
        let (_, rest) = app
            .api(
                Method::GET,
                &format!("/api/v1/flags?cursor={cursor}"),
                Some(&moderator),
                None,
            )
            .await;
        assert_eq!(
            rest["flags"].as_array().unwrap().len(),
            3,
            "{}: {rest}",
            app.backend()
        );
        assert!(rest["next_cursor"].is_null());
    }
}
