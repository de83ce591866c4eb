//! The `dogear` command line, run as a user would.

use std::process::Command;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

fn dogear(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dogear"))
        .args(args)
        .output()
        .expect("run dogear")
}

#[test]
fn help_lists_the_commands() {
    let out = dogear(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for command in ["serve", "migrate", "demo", "admin"] {
        assert!(text.contains(command), "{command} in {text}");
    }
    assert!(text.contains("--database"));
}

#[tokio::test]
async fn migrate_demo_and_admin_grant_work_on_a_database() {
    for url in crate::support::database_urls().await {
        let out = dogear(&["--database", &url, "migrate"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = dogear(&["--database", &url, "demo"]);
        assert!(String::from_utf8_lossy(&out.stdout).contains("151-comment thread"));
        let store = dogear::store::connect(&url).await.unwrap();
        assert!(
            !store
                .user_by_username("erin")
                .await
                .unwrap()
                .unwrap()
                .is_moderator
        );
        let out = dogear(&["--database", &url, "admin", "grant", "Erin"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            store
                .user_by_username("erin")
                .await
                .unwrap()
                .unwrap()
                .is_moderator,
            "{url}"
        );
        let out = dogear(&["--database", &url, "admin", "grant", "nobody"]);
        assert!(!out.status.success(), "an unknown name is an error");
    }
}

#[tokio::test]
async fn a_moderator_removes_a_flagged_review() {
    for app in TestApp::all().await {
        let moderator = app.api_user("mod").await;
        let troll = app.api_user("troll").await;
        let book = app.book(&troll, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&troll),
                Some(json!({"body": "rude words"})),
            )
            .await;
        let (status, flag) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&moderator),
                Some(json!({"target": "review", "id": review["id"], "reason": "abuse"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/flags/{}/resolve", flag["id"]),
                Some(&troll),
                Some(json!({"action": "remove"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", app.backend());
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/flags/{}/resolve", flag["id"]),
                Some(&moderator),
                Some(json!({"action": "remove"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{}", review["id"]),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, queue) = app
            .api(Method::GET, "/api/v1/flags", Some(&moderator), None)
            .await;
        assert_eq!(queue["flags"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn a_public_url_that_is_not_a_site_root_is_refused_with_the_reason() {
    for (url, reason) in [
        ("ftp://books.example", "http:// or https://"),
        ("https://books.example/dogear", "no path"),
        ("https://books.example/?x=1", "no query"),
        ("https://", "no host"),
    ] {
        let out = dogear(&["--public-url", url, "migrate"]);
        assert!(!out.status.success(), "{url}");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains("--public-url") && text.contains(reason),
            "{url}: {text}"
        );
    }
}
