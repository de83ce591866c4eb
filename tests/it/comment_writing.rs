//! Writing under a review: who may edit and delete, what is refused, and
//! commenting, quoting and editing from the pages.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;
use crate::comments::text_of;

#[tokio::test]
async fn editing_and_deleting_are_for_the_right_people() {
    for app in TestApp::all().await {
        let owner = app.api_user("owner").await; // first account: moderator
        let helen = app.api_user("helen").await;
        let erin = app.api_user("erin").await;
        let cat = app.api_user("cat").await;
        let book = app.book(&helen, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&helen),
                Some(json!({"body": "Fun."})),
            )
            .await;
        let c = format!("/api/v1/reviews/{}/comments", review["id"]);
        let (_, posted) = app
            .api(
                Method::POST,
                &c,
                Some(&erin),
                Some(json!({"body": "Mine."})),
            )
            .await;
        let comment = format!("/api/v1/comments/{}", posted["id"]);
        let (status, _) = app
            .api(
                Method::PATCH,
                &comment,
                Some(&cat),
                Some(json!({"body": "Hijacked"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", app.backend());
        let (status, _) = app
            .api(
                Method::PATCH,
                &comment,
                Some(&helen),
                Some(json!({"body": "Hijacked"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the reviewer may delete, not edit"
        );
        let (status, _) = app.api(Method::DELETE, &comment, Some(&cat), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, problem) = app
            .api(
                Method::PATCH,
                &comment,
                Some(&erin),
                Some(json!({"body": "  "})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "body");
        let (_, shown) = app.api(Method::GET, &comment, None, None).await;
        assert_eq!(shown["body"], "Mine.", "nothing changed");
        let (status, _) = app.api(Method::DELETE, &comment, Some(&helen), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "the reviewer may delete");
        let (_, posted) = app
            .api(
                Method::POST,
                &c,
                Some(&erin),
                Some(json!({"body": "Again."})),
            )
            .await;
        assert_eq!(posted["number"], 2, "numbers are never reused");
        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/comments/{}", posted["id"]),
                Some(&owner),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "a moderator may delete");
        let (_, shown) = app
            .api(
                Method::GET,
                &format!("/api/v1/comments/{}", posted["id"]),
                None,
                None,
            )
            .await;
        assert_eq!(shown["removed"], true);
    }
}

#[tokio::test]
async fn bad_comments_are_refused() {
    for app in TestApp::all().await {
        let helen = app.api_user("helen").await;
        let book = app.book(&helen, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&helen),
                Some(json!({"body": "Fun."})),
            )
            .await;
        let (_, other) = app
            .api(
                Method::PUT,
                &format!(
                    "/api/v1/books/{}/review",
                    app.book(&helen, "Persuasion", "Jane Austen").await
                ),
                Some(&helen),
                Some(json!({"body": "Also fun."})),
            )
            .await;
        let (_, elsewhere) = app
            .api(
                Method::POST,
                &format!("/api/v1/reviews/{}/comments", other["id"]),
                Some(&helen),
                Some(json!({"body": "x"})),
            )
            .await;
        let c = format!("/api/v1/reviews/{}/comments", review["id"]);
        let cases = [
            (json!({"body": ""}), 422, "body"),
            (json!({"body": "x".repeat(5001)}), 422, "body"),
            (
                json!({"body": "hi", "quote_of": elsewhere["id"]}),
                422,
                "quote_of",
            ),
            (json!({"body": "hi", "quote_of": 999_999}), 422, "quote_of"),
            (json!({"text": "hi"}), 400, "body"),
        ];
        for (body, status, field) in cases {
            let (got, problem) = app
                .api(Method::POST, &c, Some(&helen), Some(body.clone()))
                .await;
            assert_eq!(got.as_u16(), status, "{}: {body}: {problem}", app.backend());
            assert_eq!(problem["errors"][0]["field"], field);
        }
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/reviews/999999/comments",
                Some(&helen),
                Some(json!({"body": "hi"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .api(Method::POST, &c, None, Some(json!({"body": "hi"})))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (_, page) = app.api(Method::GET, &c, None, None).await;
        assert_eq!(page["total"], 0, "nothing was written");
    }
}

#[tokio::test]
async fn commenting_quoting_and_editing_from_the_pages() {
    for app in TestApp::all().await {
        let helen = app.api_user("helen").await;
        let book = app.book(&helen, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&helen),
                Some(json!({"body": "Fun."})),
            )
            .await;
        let id = review["id"].as_i64().unwrap();
        let mut erin = app.signup("erin").await;
        let posted = erin
            .post_form(
                &format!("/reviews/{id}/comments"),
                &[("body", "Mr Knightley is *right*.")],
            )
            .await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", app.backend());
        assert_eq!(posted.location(), format!("/reviews/{id}?page=1#message-1"));
        let page = erin.get(&format!("/reviews/{id}")).await.text;
        assert!(page.contains("<em>right</em>"));
        let (_, list) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{id}/comments"),
                None,
                None,
            )
            .await;
        let first = list["comments"][0]["id"].as_i64().unwrap();
        let quoting = erin.get(&format!("/reviews/{id}?quote={first}")).await.text;
        assert!(quoting.contains(&format!("name=\"quote_of\" value=\"{first}\"")));
        assert!(
            quoting.contains("erin wrote: \"Mr Knightley is right.\""),
            "{quoting}"
        );
        let reply = erin
            .post_form(
                &format!("/reviews/{id}/comments"),
                &[
                    ("body", "Quoting myself."),
                    ("quote_of", &first.to_string()),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let page = erin.get(&format!("/reviews/{id}")).await.text;
        assert!(
            text_of(&page, "id=\"message-2\"").contains("erin wrote: \"Mr Knightley is right.\"")
        );
        let edit = erin.get(&format!("/comments/{first}/edit")).await;
        assert_eq!(edit.status, StatusCode::OK);
        let saved = erin
            .post_form(
                &format!("/comments/{first}/edit"),
                &[("body", "Knightley is right.")],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let page = erin.get(&format!("/reviews/{id}")).await.text;
        assert!(text_of(&page, "id=\"message-1\"").contains("(last edited"));
        let mut stranger = app.signup("stranger").await;
        assert_eq!(
            stranger
                .get(&format!("/comments/{first}/edit"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            stranger
                .post_form(&format!("/comments/{first}/delete"), &[])
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let empty = erin
            .post_form(&format!("/reviews/{id}/comments"), &[("body", " ")])
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
