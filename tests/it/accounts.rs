//! Signing up, in and out, sessions, CSRF, tokens and leaving.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

#[tokio::test]
async fn signup_signs_in_with_a_safe_session_cookie() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        let page = browser.get("/signup").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text.contains("name=\"csrf\""),
            "{}: signup form carries a CSRF token",
            app.backend()
        );
        let response = browser
            .post_form(
                "/signup",
                &[
                    ("username", "Helen"),
                    ("password", "a long password"),
                    ("display_name", "Helen M."),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        let cookie = response
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("dogear_session="))
            .expect("session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "plain http by default");
        let home = browser.get("/").await;
        assert!(
            home.text.contains("Helen M."),
            "{}: signed in shows the name",
            app.backend()
        );
        assert!(home.text.contains("Sign out"));
    }
}

#[tokio::test]
async fn signup_mistakes_come_back_with_the_reason_and_write_nothing() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        for (name, password, expect) in [
            ("x", "a long password", "username"),
            ("has space", "a long password", "username"),
            ("me", "a long password", "username"),
            ("valid", "short", "password"),
        ] {
            let response = browser
                .post_form("/signup", &[("username", name), ("password", password)])
                .await;
            assert_eq!(
                response.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}: {name}",
                app.backend()
            );
            assert!(
                response.text.contains(expect),
                "{}: {name}: {}",
                app.backend(),
                response.text
            );
            assert!(response.text.contains("<form"), "the form comes back");
        }
        assert!(app.store.user_by_username("valid").await.unwrap().is_none());
        app.signup("taken").await;
        let response = browser
            .post_form(
                "/signup",
                &[("username", "TAKEN"), ("password", "a long password")],
            )
            .await;
        assert_eq!(response.status, StatusCode::CONFLICT);
        assert!(response.text.contains("taken"));
    }
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        let response = browser
            .post_raw("/signup", "username=eve&password=a+long+password")
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{}", app.backend());
        let response = browser
            .post_raw(
                "/signup",
                "csrf=wrong&username=eve&password=a+long+password",
            )
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN);
        assert!(
            app.store.user_by_username("eve").await.unwrap().is_none(),
            "nothing written"
        );
    }
}

#[tokio::test]
async fn a_first_visit_gets_a_csrf_cookie() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        browser.cookies.clear();
        let response = browser.get("/signin").await;
        let cookie = response
            .headers
            .get("set-cookie")
            .expect("csrf cookie")
            .to_str()
            .unwrap();
        assert!(cookie.starts_with("dogear_csrf=") && cookie.contains("HttpOnly"));
        let cookie = browser.cookies.get("dogear_csrf").unwrap().clone();
        let token = crate::app::form_token(&response.text).expect("the form carries a token");
        assert!(
            token.len() == 64 && token != cookie,
            "the form carries a token signed from the cookie, not the cookie"
        );
    }
}

#[tokio::test]
async fn signin_and_signout() {
    for app in TestApp::all().await {
        app.signup("ann").await;
        let mut browser = app.browser();
        let wrong = browser
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "not it at all")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.text.contains("do not match"));
        let unknown = browser
            .post_form(
                "/signin",
                &[("username", "nobody"), ("password", "not it at all")],
            )
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        let ok = browser
            .post_form(
                "/signin",
                &[("username", "ANN"), ("password", "correct horse battery")],
            )
            .await;
        assert_eq!(
            ok.status,
            StatusCode::SEE_OTHER,
            "{}: names are case-insensitive",
            app.backend()
        );
        assert!(browser.get("/").await.text.contains("Sign out"));
        let out = browser.post_form("/signout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(browser.get("/").await.text.contains("Sign in"));
    }
}

#[tokio::test]
async fn the_hourly_sweep_forgets_sessions_once_they_have_ended() {
    for app in TestApp::all().await {
        app.signup("ann").await;
        let mut browser = app.browser();
        browser
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "correct horse battery")],
            )
            .await;
        let now = dogear::actions::now();
        let days = |n: i64| n * 24 * 3600;
        let early = dogear::jobs::sweep(&app.store, now + days(29))
            .await
            .unwrap();
        assert_eq!(early, 0, "{}: nothing has ended yet", app.backend());
        assert!(browser.get("/").await.text.contains("Sign out"));
        // Two sessions: the sign-up's own and the sign-in's.
        let late = dogear::jobs::sweep(&app.store, now + days(31))
            .await
            .unwrap();
        assert_eq!(
            late,
            2,
            "{}: both sessions have ended by then",
            app.backend()
        );
        assert!(
            browser.get("/").await.text.contains("Sign in"),
            "{}: the row is gone, not only out of date",
            app.backend()
        );
    }
}

#[tokio::test]
async fn pages_that_need_a_reader_send_others_to_sign_in() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        let response = browser.get("/books/new").await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        assert_eq!(response.location(), "/signin");
    }
}

#[tokio::test]
async fn api_accounts_and_tokens() {
    for app in TestApp::all().await {
        let (status, body) = app.api(Method::POST, "/api/v1/accounts", None, Some(json!({"username": "bob", "password": "a long password", "display_name": "Bob B"}))).await;
        assert_eq!(status, StatusCode::CREATED, "{}", app.backend());
        assert_eq!(body["username"], "bob");
        assert_eq!(body["display_name"], "Bob B");
        assert!(body["id"].is_i64());

        let (status, body) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": "BOB", "password": "a long password"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["errors"][0]["field"], "username");

        let (status, body) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": "carl"})),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "password", "{body}");

        let (status, body) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": "carl", "password": "short"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "password");
        assert_eq!(body["status"], 422);
        assert!(body["title"].is_string() && body["detail"].is_string());

        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/tokens",
                None,
                Some(json!({"username": "bob", "password": "wrong password"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, body) = app
            .api(
                Method::POST,
                "/api/v1/tokens",
                None,
                Some(json!({"username": "bob", "password": "a long password"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let token = body["token"].as_str().unwrap().to_string();
        let (status, me) = app
            .api(Method::GET, "/api/v1/accounts/me", Some(&token), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["username"], "bob");

        let response = app
            .api_raw(
                Method::GET,
                "/api/v1/accounts/me",
                Some(&"0".repeat(64)),
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        assert_eq!(response.content_type(), "application/problem+json");
        let response = app
            .api_raw(Method::GET, "/api/v1/accounts/me", None, None)
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn tokens_are_stored_hashed() {
    for app in TestApp::all().await {
        let token = app.api_user("dora").await;
        let digest = dogear::auth::secret::digest(&token);
        assert!(
            app.store.token_user(&digest, 0).await.unwrap().is_some(),
            "found by digest"
        );
        assert!(
            app.store.token_user(&token, 0).await.unwrap().is_none(),
            "not by the token itself"
        );
    }
}

#[tokio::test]
async fn malformed_and_oversized_json_are_clear_errors() {
    for app in TestApp::all().await {
        let response = app
            .api_raw(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some("{not json".into()),
            )
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert_eq!(response.content_type(), "application/problem+json");
        let big = format!(
            "{{\"username\": \"{}\", \"password\": \"x\"}}",
            "a".repeat(3 * 1024 * 1024)
        );
        let response = app
            .api_raw(Method::POST, "/api/v1/accounts", None, Some(big))
            .await;
        assert_eq!(
            response.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            app.backend()
        );
        let (status, body) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": 5, "password": "a long password"})),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "username");
        let (status, body) = app.api(Method::GET, "/api/v1/nowhere", None, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["status"], 404);
    }
}

#[tokio::test]
async fn deleting_an_account_through_the_api() {
    for app in TestApp::all().await {
        let token = app.api_user("gone").await;
        let (status, _) = app
            .api(Method::DELETE, "/api/v1/accounts/me", Some(&token), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app
            .api(Method::GET, "/api/v1/accounts/me", Some(&token), None)
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{}: the token went with the account",
            app.backend()
        );
        assert!(app.store.user_by_username("gone").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn api_account_deletion_asks_for_the_password_unless_it_just_made_the_token() {
    for app in TestApp::all().await {
        let mut browser = app.signup("wary").await;
        let page = browser
            .post_form("/settings/tokens", &[("name", "sync"), ("scope", "write")])
            .await;
        let token = page
            .text
            .split("<code class=\"token\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("the new token is shown once")
            .to_string();
        let (status, body) = app
            .api(Method::DELETE, "/api/v1/accounts/me", Some(&token), None)
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {body}",
            app.backend()
        );
        assert_eq!(body["errors"][0]["field"], "password", "{body}");
        let wrong = serde_json::json!({"password": "not the password"});
        let (status, _) = app
            .api(
                Method::DELETE,
                "/api/v1/accounts/me",
                Some(&token),
                Some(wrong),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            app.store.user_by_username("wary").await.unwrap().is_some(),
            "{}: a token made from a page is not the password",
            app.backend()
        );
        // A token the password made an hour ago no longer stands for it.
        let wary = app.store.user_by_username("wary").await.unwrap().unwrap();
        let old = "ef".repeat(32);
        let hour_ago = dogear::actions::now() - 3600;
        let digest = dogear::auth::secret::digest(&old);
        app.store
            .create_token(&dogear::store::NewToken {
                user_id: wary.id,
                token_hash: digest.clone(),
                name: "old".into(),
                scope: "write".into(),
                now: hour_ago,
                expires_at: None,
                password_proved_at: Some(hour_ago),
            })
            .await
            .unwrap();
        let (status, _) = app
            .api(Method::DELETE, "/api/v1/accounts/me", Some(&old), None)
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.backend()
        );
        let right = serde_json::json!({"password": "correct horse battery"});
        let (status, _) = app
            .api(
                Method::DELETE,
                "/api/v1/accounts/me",
                Some(&token),
                Some(right),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(app.store.user_by_username("wary").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn readers_make_list_and_revoke_their_api_tokens_from_settings() {
    for app in TestApp::all().await {
        let mut browser = app.signup("tove").await;
        let page = browser
            .post_form("/settings/tokens", &[("name", "reading stats <script>")])
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        let token = page
            .text
            .split("<code class=\"token\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("the new token is shown once")
            .to_string();
        assert!(
            page.text.contains("reading stats &#60;script&#62;")
                || page.text.contains("reading stats &lt;script&gt;")
        );
        let (status, me) = app
            .api(Method::GET, "/api/v1/tokens", Some(&token), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["tokens"][0]["name"], "reading stats <script>");
        assert_eq!(
            me["tokens"][0]["scope"], "read",
            "the form offers read-only first"
        );
        assert!(
            me["tokens"][0]["last_used_at"].is_string(),
            "use is recorded: {me}"
        );
        let settings = browser.get("/settings").await.text;
        assert!(
            !settings.contains(&token),
            "the secret is never shown again"
        );
        assert!(settings.contains("Revoke"));

        // Nobody revokes another reader's token.
        let other = app.api_user("ulla").await;
        let id = me["tokens"][0]["id"].as_i64().unwrap();
        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/tokens/{id}"),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let revoked = browser
            .post_form(&format!("/settings/tokens/{id}/revoke"), &[])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        let (status, _) = app
            .api(Method::GET, "/api/v1/tokens", Some(&token), None)
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "a revoked token opens nothing"
        );
        let empty = browser
            .post_form("/settings/tokens", &[("name", "  ")])
            .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
