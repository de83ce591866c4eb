//! A list's own numbered thread: the review threads' engine under a list.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};
use crate::lists::make_list;

#[tokio::test]
async fn a_list_has_its_own_numbered_thread_with_quotes_new_marks_and_moderation() {
    for app in TestApp::all().await {
        let moderator = app.api_user("moira").await;
        let ann = app.api_user("ann").await;
        let list = make_list(&app, &ann, "Books to argue about", "open").await;
        let path = format!("/lists/{list}/comments");
        let mut bob = app.signup("bob").await;
        let posted = bob
            .post_form(&path, &[("body", "First! *Emphatically*.")])
            .await;
        assert_eq!(
            posted.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            posted.text
        );
        assert_eq!(posted.location(), format!("{path}?page=1#message-1"));
        let first_id = {
            let (_, thread) = app
                .api(Method::GET, &format!("/api/v1{path}"), None, None)
                .await;
            assert_eq!(
                (
                    thread["total"].as_i64(),
                    thread["comments"][0]["number"].as_i64()
                ),
                (Some(1), Some(1))
            );
            thread["comments"][0]["id"].as_i64().unwrap()
        };
        let mut cat = app.signup("cat").await;
        let quoted = cat
            .post_form(
                &path,
                &[
                    ("body", "Second, and I disagree."),
                    ("quote_of", &first_id.to_string()),
                ],
            )
            .await;
        assert_eq!(quoted.location(), format!("{path}?page=1#message-2"));
        // The API posts to the same thread, numbered after the pages' posts.
        let via_api = ok(
            &app,
            Method::POST,
            &format!("/api/v1{path}"),
            &ann,
            json!({"body": "Keep it civil."}),
        )
        .await;
        assert_eq!(via_api["number"], 3);

        let page = cat.get(&path).await.text;
        assert!(
            page.contains("Comments <span class=\"showing\">(showing 1-3 of 3)</span>"),
            "{page}"
        );
        assert!(page.contains("<em>Emphatically</em>") && page.contains("wrote: \"First!"));
        assert!(
            page.contains(&format!("href=\"/lists/{list}/comments?page=1#message-1\"")),
            "a quote links into this thread"
        );
        assert!(page.contains(&format!("action=\"/lists/{list}/comments\"")));
        assert!(
            app.browser()
                .get(&format!("/lists/{list}"))
                .await
                .text
                .contains("discussion (3)")
        );
        // Posting shows no page: on his first look all three are new to Bob, then none.
        let first_look = bob.get(&path).await.text;
        assert!(
            first_look.contains("(3 new)"),
            "{}: {first_look}",
            app.backend()
        );
        let second_look = bob.get(&path).await.text;
        assert!(second_look.contains("(showing 1-3 of 3)") && !second_look.contains("new)</span>"));

        // The list's maker may delete any comment in it; its number stays.
        let (_, thread) = app
            .api(Method::GET, &format!("/api/v1{path}"), Some(&ann), None)
            .await;
        let cats = thread["comments"][1]["id"].as_i64().unwrap();
        let bobs_token = app.api_user("dan").await;
        let refused = app
            .api(
                Method::DELETE,
                &format!("/api/v1/comments/{cats}"),
                Some(&bobs_token),
                None,
            )
            .await
            .0;
        assert_eq!(refused, StatusCode::FORBIDDEN);
        let deleted = app
            .api(
                Method::DELETE,
                &format!("/api/v1/comments/{cats}"),
                Some(&ann),
                None,
            )
            .await
            .0;
        assert_eq!(deleted, StatusCode::NO_CONTENT);
        assert!(
            bob.get(&path)
                .await
                .text
                .contains("this comment has been deleted")
        );

        // A flag on it leads the moderator into the list's thread.
        let flagged = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&bobs_token),
                Some(json!({"target": "comment", "id": first_id, "reason": "spam"})),
            )
            .await;
        assert_eq!(flagged.0, StatusCode::CREATED, "{}", flagged.1);
        let mut moira = app.browser();
        moira
            .post_form(
                "/signin",
                &[("username", "moira"), ("password", "correct horse battery")],
            )
            .await;
        let queue = moira.get("/moderation").await.text;
        assert!(
            queue.contains(&format!("/lists/{list}/comments?page=1#message-1")),
            "{queue}"
        );
        let _ = moderator;

        // Across a block, and on a private list, the thread is missing.
        ok(
            &app,
            Method::PUT,
            "/api/v1/users/cat/block",
            &ann,
            json!({}),
        )
        .await;
        assert_eq!(cat.get(&path).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            cat.post_form(&path, &[("body", "Still here?")])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann,
            json!({"visibility": "private"}),
        )
        .await;
        let (status, _) = app
            .api(Method::GET, &format!("/api/v1{path}"), None, None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1{path}"),
                Some(&bobs_token),
                Some(json!({"body": "hello?"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // A deleted list takes its thread with it.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann,
            json!({"visibility": "public"}),
        )
        .await;
        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/lists/{list}"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/api/v1/comments/{first_id}"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
