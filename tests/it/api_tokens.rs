//! API tokens: read and write scopes, made in the API or in Settings, each
//! with its own rate limit told in headers.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode, header};
use serde_json::json;

use crate::app::TestApp;

async fn token_with(app: &TestApp, username: &str, scope: &str) -> String {
    let (status, body) = app
        .api(
            Method::POST,
            "/api/v1/tokens",
            None,
            Some(json!({"username": username, "password": "correct horse battery", "name": scope, "scope": scope})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_read_token_only_reads_and_a_write_token_does_the_rest() {
    for app in TestApp::all().await {
        let writer = app.api_user("wren").await;
        let book = app.book(&writer, "Piranesi", "Susanna Clarke").await;
        let reader = token_with(&app, "wren", "read").await;
        let (status, me) = app
            .api(Method::GET, "/api/v1/accounts/me", Some(&reader), None)
            .await;
        assert_eq!(
            (status, me["username"].as_str()),
            (StatusCode::OK, Some("wren"))
        );
        for (method, path, body) in [
            (
                Method::PUT,
                format!("/api/v1/books/{book}/rating"),
                Some(json!({"stars": 4})),
            ),
            (
                Method::POST,
                "/api/v1/books".to_string(),
                Some(json!({"title": "T", "authors": ["A"]})),
            ),
            (Method::DELETE, "/api/v1/accounts/me".to_string(), None),
        ] {
            let (status, problem) = app.api(method.clone(), &path, Some(&reader), body).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{} {method} {path}",
                app.backend()
            );
            assert_eq!(problem["code"], "insufficient_scope");
        }
        let (_, mine) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/mine"),
                Some(&writer),
                None,
            )
            .await;
        assert!(
            mine["rating"].is_null(),
            "the refused rating was not written"
        );
        assert!(app.store.user_by_username("wren").await.unwrap().is_some());
        let write = token_with(&app, "wren", "write").await;
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/rating"),
                Some(&write),
                Some(json!({"stars": 4})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, list) = app
            .api(Method::GET, "/api/v1/tokens", Some(&reader), None)
            .await;
        let scopes: BTreeSet<&str> = list["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["scope"].as_str())
            .collect();
        assert_eq!(scopes, BTreeSet::from(["read", "write"]));
    }
}

#[tokio::test]
async fn settings_make_read_or_write_tokens() {
    for app in TestApp::all().await {
        let mut browser = app.signup("sam").await;
        let form = browser.get("/settings").await.text;
        assert!(form.contains("name=\"scope\" value=\"read\" checked"));
        let made = browser
            .post_form("/settings/tokens", &[("name", "sync"), ("scope", "write")])
            .await;
        assert_eq!(made.status, StatusCode::OK);
        assert!(made.text.contains("read and write"));
        let bad = browser
            .post_form("/settings/tokens", &[("name", "odd"), ("scope", "root")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.text.contains("read"),
            "the page says what scopes there are"
        );
    }
}

#[tokio::test]
async fn each_token_has_its_own_rate_limit_told_in_headers() {
    for app in TestApp::all_with(|s| s.api_calls_per_minute = 3).await {
        let first = app.api_user("rita").await;
        let second = token_with(&app, "rita", "read").await;
        let mut remaining = Vec::new();
        for _ in 0..3 {
            let r = app
                .api_raw(Method::GET, "/api/v1/accounts/me", Some(&first), None)
                .await;
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.headers["ratelimit-limit"], "3");
            assert_eq!(r.headers["ratelimit-policy"], "\"token\";q=3;w=60");
            let reset: i64 = r.headers["ratelimit-reset"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&reset));
            remaining.push(
                r.headers["ratelimit-remaining"]
                    .to_str()
                    .unwrap()
                    .to_string(),
            );
        }
        assert_eq!(remaining, ["2", "1", "0"]);
        let refused = app
            .api_raw(Method::GET, "/api/v1/accounts/me", Some(&first), None)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            app.backend()
        );
        assert_eq!(refused.content_type(), "application/problem+json");
        assert!(refused.headers.contains_key(header::RETRY_AFTER));
        assert!(
            refused.headers["ratelimit"]
                .to_str()
                .unwrap()
                .starts_with("\"token\";r=0;t=")
        );
        let refused_write = app
            .api(
                Method::POST,
                "/api/v1/books",
                Some(&first),
                Some(json!({"title": "T", "authors": ["A"]})),
            )
            .await;
        assert_eq!(refused_write.0, StatusCode::TOO_MANY_REQUESTS);
        let other = app
            .api_raw(Method::GET, "/api/v1/accounts/me", Some(&second), None)
            .await;
        assert_eq!(
            other.status,
            StatusCode::OK,
            "another token has its own window"
        );
        assert_eq!(other.headers["ratelimit-remaining"], "2");
        let anonymous = app
            .api_raw(Method::GET, "/api/v1/search?q=x", None, None)
            .await;
        assert!(
            !anonymous.headers.contains_key("ratelimit-limit"),
            "only token calls count"
        );
    }
}
