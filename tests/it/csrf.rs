//! CSRF tokens: signed with the site's key over the browser's CSRF cookie and
//! its session cookie, renewed at sign-in, `__Host-` cookies behind HTTPS.

use axum::http::StatusCode;

use crate::app::{TestApp, TestResponse, encode, form_token};

const PASSWORD: &str = "correct horse battery";

fn signup_body(token: &str, username: &str) -> String {
    encode(&[
        ("csrf", token),
        ("username", username),
        ("password", PASSWORD),
    ])
}

fn signout_body(token: &str) -> String {
    encode(&[("csrf", token)])
}

fn set_cookies(response: &TestResponse) -> Vec<String> {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_cookie_the_client_chose_does_not_make_its_value_a_token() {
    for app in TestApp::all().await {
        let chosen = "ab".repeat(32);
        let mut browser = app.browser();
        browser.cookies.insert("dogear_csrf".into(), chosen.clone());
        let response = browser
            .post_raw("/signup", &signup_body(&chosen, "eve"))
            .await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{}", app.backend());
        assert!(response.text.contains("did not come from this site"));
        assert!(
            app.store.user_by_username("eve").await.unwrap().is_none(),
            "{}: nothing written",
            app.backend()
        );

        // A signed-in reader's forms, plain and multipart, refuse it too.
        let mut ann = app.signup("ann").await;
        ann.cookies.insert("dogear_csrf".into(), chosen.clone());
        let out = ann.post_raw("/signout", &signout_body(&chosen)).await;
        assert_eq!(out.status, StatusCode::FORBIDDEN, "{}", app.backend());
        let upload = ann
            .post_file(
                "/import",
                &[("csrf", &chosen)],
                "file",
                "export.csv",
                b"Title,Author\n",
            )
            .await;
        assert_eq!(upload.status, StatusCode::FORBIDDEN, "{}", app.backend());
        assert!(
            ann.get("/").await.text.contains("Sign out"),
            "still signed in"
        );
    }
}

#[tokio::test]
async fn a_good_token_from_the_page_works() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        let page = browser.get("/signup").await;
        let token = form_token(&page.text).expect("the form carries a token");
        let response = browser
            .post_raw("/signup", &signup_body(&token, "ann"))
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            response.text
        );
        assert!(app.store.user_by_username("ann").await.unwrap().is_some());
    }
}

#[tokio::test]
async fn a_token_from_before_sign_in_is_refused_after_it() {
    for app in TestApp::all().await {
        app.signup("ann").await;
        let mut browser = app.browser();
        let before = form_token(&browser.get("/signin").await.text).unwrap();
        let cookie_before = browser.cookies["dogear_csrf"].clone();
        let signed_in = browser
            .post_raw(
                "/signin",
                &encode(&[
                    ("csrf", &before),
                    ("username", "ann"),
                    ("password", PASSWORD),
                ]),
            )
            .await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", app.backend());
        assert_ne!(
            browser.cookies["dogear_csrf"],
            cookie_before,
            "{}: signing in sets a fresh CSRF cookie",
            app.backend()
        );

        let stale = browser.post_raw("/signout", &signout_body(&before)).await;
        assert_eq!(stale.status, StatusCode::FORBIDDEN, "{}", app.backend());

        // The page the sign-in leads to carries a token that works.
        let next = browser.get(signed_in.location()).await;
        assert!(next.text.contains("Sign out"), "{}", app.backend());
        let fresh = form_token(&next.text).expect("the sign-out form's token");
        assert_ne!(fresh, before);
        let out = browser.post_raw("/signout", &signout_body(&fresh)).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", app.backend());
        assert!(
            set_cookies(&out)
                .iter()
                .any(|c| c.starts_with("dogear_csrf=") && !c.contains("Max-Age=0")),
            "{}: signing out renews the CSRF cookie too",
            app.backend()
        );
        assert!(browser.get("/").await.text.contains("Sign in"));
    }
}

#[tokio::test]
async fn a_token_from_one_session_does_not_work_with_another() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let mut bob = app.signup("bob").await;
        let anns = ann.csrf_token().await;
        let refused = bob.post_raw("/signout", &signout_body(&anns)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", app.backend());
        // Not even with Ann's CSRF cookie: the token is bound to her session.
        bob.cookies
            .insert("dogear_csrf".into(), ann.cookies["dogear_csrf"].clone());
        let refused = bob.post_raw("/signout", &signout_body(&anns)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", app.backend());
        assert!(bob.get("/").await.text.contains("Sign out"), "bob stays in");

        let out = ann.post_raw("/signout", &signout_body(&anns)).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", app.backend());
    }
}

#[tokio::test]
async fn nodes_on_one_database_sign_tokens_alike() {
    for app in TestApp::all().await {
        let second = dogear::AppState::new(
            app.store.clone(),
            dogear::config::Settings::for_database("the same database"),
            dogear::domain::public_url::PublicUrl::for_listen("127.0.0.1:8081").unwrap(),
        )
        .await
        .unwrap();
        let other = TestApp {
            setup_code: second.setup_code.to_string(),
            router: dogear::router(second),
            store: app.store.clone(),
        };
        let mut browser = app.browser();
        let token = browser.csrf_token().await;
        let mut elsewhere = other.browser();
        elsewhere.cookies = browser.cookies.clone();
        let response = elsewhere
            .post_raw("/signup", &signup_body(&token, "ann"))
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "{}: a token from one node works on another",
            app.backend()
        );
    }
}

#[tokio::test]
async fn secure_cookies_carry_the_host_prefix() {
    for app in TestApp::all_with(|s| s.secure_cookies = true).await {
        let mut browser = app.browser();
        let first = browser.get("/signin").await;
        let signup = browser
            .post_form("/signup", &[("username", "ann"), ("password", PASSWORD)])
            .await;
        assert_eq!(signup.status, StatusCode::SEE_OTHER, "{}", app.backend());
        let mut cookies = set_cookies(&first);
        cookies.extend(set_cookies(&signup));
        for name in ["__Host-dogear_csrf=", "__Host-dogear_session="] {
            assert!(
                cookies.iter().any(|c| c.starts_with(name)),
                "{}: {name} in {cookies:?}",
                app.backend()
            );
        }
        for cookie in &cookies {
            assert!(cookie.starts_with("__Host-dogear_"), "{cookie}");
            assert!(
                cookie.contains("; Secure") && cookie.contains("; Path=/;"),
                "{cookie}"
            );
            assert!(!cookie.to_ascii_lowercase().contains("domain"), "{cookie}");
        }
        assert!(browser.get("/").await.text.contains("Sign out"));

        // The unprefixed name, which anyone on the network could plant, counts for nothing.
        let mut plain = app.browser();
        plain.cookies.insert(
            "dogear_session".into(),
            browser.cookies["__Host-dogear_session"].clone(),
        );
        assert!(plain.get("/").await.text.contains("Sign in"));
    }
}
