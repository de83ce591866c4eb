//! A private group's topics, members and shelf are for its members: every
//! surface (pages, API, feeds, search, notifications) treats its insides as
//! missing for anyone else, and a block hides messages as in review threads.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use crate::groups::{join_group, make_group, start_topic};

#[tokio::test]
async fn a_private_groups_insides_are_missing_for_everyone_but_members() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let eve = app.api_user("eve").await;
        let g = make_group(&app, &ann, "Secret society", "private", "request").await;
        let code = ok(
            &app,
            Method::GET,
            &format!("/api/v1/groups/{g}"),
            &ann,
            Value::Null,
        )
        .await["invite_code"]
            .as_str()
            .unwrap()
            .to_string();
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/groups/{g}/join"),
            &bob,
            json!({"code": code}),
        )
        .await;
        // Eve asked: waiting is not membership.
        join_group(&app, g, &eve).await;
        let topic = start_topic(&app, g, &bob, "Whispered title", false).await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/topics/{topic}/comments"),
            &bob,
            json!({"body": "A secret message"}),
        )
        .await;

        let api_paths = [
            format!("/api/v1/groups/{g}/topics"),
            format!("/api/v1/groups/{g}/members"),
            format!("/api/v1/groups/{g}/schedule"),
            format!("/api/v1/groups/{g}/shelf"),
            format!("/api/v1/topics/{topic}"),
        ];
        let page_paths = [
            format!("/groups/{g}/members"),
            format!("/topics/{topic}"),
            format!("/feeds/groups/{g}.rss"),
        ];
        // (who, token, sees inside)
        let readers: [(&str, Option<&str>, bool); 4] = [
            ("a stranger", None, false),
            ("eve, waiting", Some(&eve), false),
            ("bob, a member", Some(&bob), true),
            ("ann, the owner", Some(&ann), true),
        ];
        for (who, token, inside) in readers {
            for path in &api_paths {
                let (status, body) = app.api(Method::GET, path, token, None).await;
                let want = if inside {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                };
                assert_eq!(status, want, "{}: {who} GET {path}: {body}", app.backend());
            }
            // Everyone sees the group's outside: its name and its door.
            let (status, outside) = app
                .api(Method::GET, &format!("/api/v1/groups/{g}"), token, None)
                .await;
            assert_eq!(
                (status, outside["name"].as_str()),
                (StatusCode::OK, Some("Secret society"))
            );
            // A non-member's post is refused as if the topic were not there.
            if let Some(token) = token.filter(|_| !inside) {
                let (status, _) = app
                    .api(
                        Method::POST,
                        &format!("/api/v1/topics/{topic}/comments"),
                        Some(token),
                        Some(json!({"body": "let me in"})),
                    )
                    .await;
                assert_eq!(status, StatusCode::NOT_FOUND, "{who} posts");
            }
        }
        // Pages: the outside shows, the insides do not.
        let mut stranger = app.browser();
        let outside = stranger.get(&format!("/groups/{g}")).await;
        assert_eq!(outside.status, StatusCode::OK);
        assert!(
            outside.text.contains("Secret society") && !outside.text.contains("Whispered title")
        );
        for path in &page_paths {
            assert_eq!(
                stranger.get(path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let listed = stranger.get("/groups").await;
        assert_eq!(listed.status, StatusCode::OK, "{}", app.backend());
        let listed = listed.text;
        assert!(
            !listed.contains("Secret society"),
            "a private group is not listed"
        );
        // Search and the feeds know nothing of topics or their messages.
        let found = stranger.get("/search?q=whispered").await.text;
        assert!(!found.contains("Whispered title") && !found.contains("A secret message"));
        let (_, feed) = app.api(Method::GET, "/api/v1/feed", Some(&eve), None).await;
        assert!(!feed.to_string().contains("A secret message"));
        let (_, notices) = app
            .api(Method::GET, "/api/v1/notifications", Some(&eve), None)
            .await;
        assert!(!notices.to_string().contains("A secret message"));
        // A member reads the page.
        let mut member = app.browser();
        member
            .post_form(
                "/signin",
                &[("username", "bob"), ("password", "correct horse battery")],
            )
            .await;
        let inside = member.get(&format!("/topics/{topic}")).await.text;
        assert!(inside.contains("A secret message") && inside.contains("Whispered title"));
    }
}

#[tokio::test]
async fn a_blocked_reader_sees_the_group_but_not_the_blockers_messages() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let g = make_group(&app, &ann, "Open talk", "public", "open").await;
        join_group(&app, g, &bob).await;
        let topic = start_topic(&app, g, &ann, "Anything", false).await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/topics/{topic}/comments"),
            &ann,
            json!({"body": "Ann speaks"}),
        )
        .await;
        let (status, _) = app
            .api(Method::PUT, "/api/v1/users/bob/block", Some(&ann), None)
            .await;
        assert!(status.is_success(), "{status}");
        let seen = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{topic}"),
            &bob,
            Value::Null,
        )
        .await;
        assert_eq!(
            seen["comments"][0]["hidden"],
            true,
            "{}: {seen}",
            app.backend()
        );
        assert!(seen["comments"][0]["body"].is_null());
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/api/v1/groups/{g}"),
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "the group itself stays in sight");
    }
}
