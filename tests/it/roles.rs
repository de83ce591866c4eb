//! Who runs the site: the set-up step, admins above moderators, the
//! moderation log, and what happens to sessions, tokens and names.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{Browser, TestApp};

const PASSWORD: &str = "correct horse battery";

async fn role(app: &TestApp, token: &str) -> String {
    let (status, me) = app
        .api(Method::GET, "/api/v1/accounts/me", Some(token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    me["role"].as_str().unwrap_or_default().to_string()
}

async fn set_up(browser: &mut Browser, name: &str, code: &str) -> StatusCode {
    let fields = [("code", code), ("username", name), ("password", PASSWORD)];
    browser.post_form("/setup", &fields).await.status
}

#[tokio::test]
async fn a_new_site_is_run_by_who_has_the_set_up_code_not_the_first_stranger() {
    for app in TestApp::all_with(|s| s.first_sign_up_admin = false).await {
        let stranger = app.api_user("stranger").await;
        assert_eq!(role(&app, &stranger).await, "reader", "{}", app.backend());
        let mut browser = app.browser();
        assert_eq!(browser.get("/setup").await.status, StatusCode::OK);
        let wrong = set_up(&mut browser, "owner", "not-the-code").await;
        assert_eq!(wrong, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(app.store.user_by_username("owner").await.unwrap().is_none());

        let code = app.setup_code.clone();
        assert_eq!(
            set_up(&mut browser, "owner", &code).await,
            StatusCode::SEE_OTHER
        );
        let owner = app.store.user_by_username("owner").await.unwrap().unwrap();
        assert!(owner.is_admin && owner.is_moderator, "{}", app.backend());
        // Signed in as the admin, the log is theirs to read.
        assert_eq!(browser.get("/admin/log").await.status, StatusCode::OK);

        // Once someone runs the site the step is gone, code or not.
        let mut other = app.browser();
        assert_eq!(other.get("/setup").await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            set_up(&mut other, "second", &code).await,
            StatusCode::NOT_FOUND
        );
        assert!(
            app.store
                .user_by_username("second")
                .await
                .unwrap()
                .is_none()
        );
    }
}

/// A review by `author` flagged by `flagger`; the flag's id.
async fn flagged_review(app: &TestApp, author: &str, flagger: &str, title: &str) -> i64 {
    let book = app.book(author, title, "Anon").await;
    let path = format!("/api/v1/books/{book}/review");
    let review = crate::app::ok(
        app,
        Method::PUT,
        &path,
        author,
        json!({"body": "Buy pills"}),
    )
    .await;
    let target = json!({"target": "review", "id": review["id"], "reason": "spam"});
    let flag = crate::app::ok(app, Method::POST, "/api/v1/flags", flagger, target).await;
    flag["id"].as_i64().unwrap()
}

async fn resolve(app: &TestApp, token: &str, flag: i64, action: &str) -> StatusCode {
    let path = format!("/api/v1/flags/{flag}/resolve");
    let body = json!({ "action": action });
    app.api(Method::POST, &path, Some(token), Some(body))
        .await
        .0
}

#[tokio::test]
async fn moderators_cannot_suspend_each_other_or_the_admin_and_the_admin_reads_the_log() {
    for app in TestApp::all().await {
        let admin = app.api_user("owner").await; // the suite's first reader runs its site
        let (m1, m2) = (app.api_user("mod1").await, app.api_user("mod2").await);
        for name in ["mod1", "mod2"] {
            let u = app.store.user_by_username(name).await.unwrap().unwrap();
            app.store.set_roles(u.id, true, false).await.unwrap();
        }
        let reader = app.api_user("reader").await;

        let by_moderator = flagged_review(&app, &m2, &reader, "One").await;
        assert_eq!(
            resolve(&app, &m1, by_moderator, "suspend").await,
            StatusCode::FORBIDDEN
        );
        let by_admin = flagged_review(&app, &admin, &reader, "Two").await;
        assert_eq!(
            resolve(&app, &m1, by_admin, "suspend").await,
            StatusCode::FORBIDDEN
        );
        let owner = app.store.user_by_username("owner").await.unwrap().unwrap();
        assert!(!owner.suspended, "{}", app.backend());

        // The admin stands above moderators.
        assert_eq!(
            resolve(&app, &admin, by_moderator, "suspend").await,
            StatusCode::NO_CONTENT
        );
        let mod2 = app.store.user_by_username("mod2").await.unwrap().unwrap();
        assert!(mod2.suspended);
        let by_reader = flagged_review(&app, &reader, &m1, "Three").await;
        assert_eq!(
            resolve(&app, &m1, by_reader, "remove").await,
            StatusCode::NO_CONTENT
        );

        let log = app.store.moderation_log(10, i64::MAX).await.unwrap();
        let seen: Vec<_> = log
            .iter()
            .map(|e| {
                (
                    e.actor.as_ref().map(|a| a.username.as_str()),
                    e.action.as_str(),
                    e.target_kind.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (Some("mod1"), "removed", "review"),
                (Some("owner"), "suspended", "user")
            ],
            "{}",
            app.backend()
        );
    }
}

#[tokio::test]
async fn only_admins_open_the_moderation_log() {
    for app in TestApp::all().await {
        let mut owner = app.signup("owner").await;
        let mut moderator = app.signup("helper").await;
        let u = app.store.user_by_username("helper").await.unwrap().unwrap();
        app.store.set_roles(u.id, true, false).await.unwrap();
        let mut reader = app.signup("reader").await;
        assert_eq!(reader.get("/admin/log").await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            moderator.get("/admin/log").await.status,
            StatusCode::FORBIDDEN
        );
        let page = owner.get("/admin/log").await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        assert!(page.text.contains("Moderation log"));

        // An admin gives a suspended account back from the page; no one else may.
        let r = app.store.user_by_username("reader").await.unwrap().unwrap();
        dogear::actions::admin::operator_suspend(&app.store, &r, true)
            .await
            .unwrap();
        assert!(
            owner
                .get("/admin/log")
                .await
                .text
                .contains("/admin/users/reader/unsuspend")
        );
        let refused = moderator
            .post_form("/admin/users/reader/unsuspend", &[])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(app.store.user_by_id(r.id).await.unwrap().unwrap().suspended);
        let done = owner.post_form("/admin/users/reader/unsuspend", &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
        assert!(!app.store.user_by_id(r.id).await.unwrap().unwrap().suspended);
    }
}

#[tokio::test]
async fn the_command_line_unsuspends_and_its_grants_make_admins() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let token = app.api_user("erin").await;
        let erin = app.store.user_by_username("erin").await.unwrap().unwrap();
        dogear::actions::admin::operator_suspend(&app.store, &erin, true)
            .await
            .unwrap();
        let (status, _) = app
            .api(Method::GET, "/api/v1/accounts/me", Some(&token), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        dogear::actions::admin::operator_suspend(&app.store, &erin, false)
            .await
            .unwrap();
        assert_eq!(role(&app, &token).await, "reader");
        let log = app.store.moderation_log(10, i64::MAX).await.unwrap();
        assert_eq!(log[0].action, "unsuspended");
        assert!(log[0].actor.is_none(), "the command line is no reader");
    }
}

#[tokio::test]
async fn a_deleted_readers_name_waits_and_their_id_is_never_given_again() {
    for app in TestApp::all().await {
        let _ = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let bob_id = app.store.user_by_username("bob").await.unwrap().unwrap().id;
        let (status, _) = app
            .api(Method::DELETE, "/api/v1/accounts/me", Some(&bob), None)
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let again = json!({"username": "Bob", "password": PASSWORD});
        let (status, problem) = app
            .api(Method::POST, "/api/v1/accounts", None, Some(again))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{}: {problem}", app.backend());
        let (status, carl) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": "carl", "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert!(
            carl["id"].as_i64().unwrap() > bob_id,
            "{}: {carl} after {bob_id}",
            app.backend()
        );
    }
}

#[tokio::test]
async fn tokens_may_expire_and_an_expired_one_is_refused() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let _ = app.api_user("ann").await;
        let ask =
            |days: Value| json!({"username": "ann", "password": PASSWORD, "expires_in_days": days});
        use serde_json::Value;
        let (status, problem) = app
            .api(Method::POST, "/api/v1/tokens", None, Some(ask(json!(0))))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "expires_in_days");
        let (status, body) = app
            .api(Method::POST, "/api/v1/tokens", None, Some(ask(json!(30))))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let token = body["token"].as_str().unwrap().to_string();
        assert_eq!(role(&app, &token).await, "reader");

        // One whose time is up.
        let ann = app.store.user_by_username("ann").await.unwrap().unwrap();
        let secret = "cd".repeat(32);
        let hash = dogear::auth::secret::digest(&secret);
        let now = dogear::actions::now();
        app.store
            .create_token(&dogear::store::NewToken {
                user_id: ann.id,
                token_hash: hash.clone(),
                name: "old".into(),
                scope: "write".into(),
                now: now - 100,
                expires_at: Some(now - 1),
                password_proved_at: Some(now - 100),
            })
            .await
            .unwrap();
        let (status, _) = app
            .api(Method::GET, "/api/v1/accounts/me", Some(&secret), None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", app.backend());
        let listed = app.store.tokens(ann.id).await.unwrap();
        assert!(listed.iter().any(|t| t.expires_at.is_some_and(|e| e > now)));
    }
}

async fn signed_in(browser: &mut Browser) -> bool {
    browser.get("/settings").await.status == StatusCode::OK
}

#[tokio::test]
async fn a_new_password_signs_out_every_other_browser_and_sign_out_everywhere_ends_all() {
    for app in TestApp::all().await {
        let mut here = app.signup("ann").await;
        let mut there = app.browser();
        let fields = [("username", "ann"), ("password", PASSWORD)];
        assert_eq!(
            there.post_form("/signin", &fields).await.status,
            StatusCode::SEE_OTHER
        );
        assert!(signed_in(&mut there).await);

        let wrong = [
            ("current_password", "not it at all"),
            ("new_password", "a new long one"),
        ];
        assert_eq!(
            here.post_form("/settings/password", &wrong).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert!(signed_in(&mut there).await, "a refused change ends nothing");

        let change = [
            ("current_password", PASSWORD),
            ("new_password", "a new long one"),
        ];
        let page = here.post_form("/settings/password", &change).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("Your password is changed"));
        assert!(
            signed_in(&mut here).await,
            "{}: this browser stays",
            app.backend()
        );
        assert!(
            !signed_in(&mut there).await,
            "{}: the other is out",
            app.backend()
        );
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/tokens",
                None,
                Some(json!({"username": "ann", "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "the old password is gone");

        let mut third = app.browser();
        let fields = [("username", "ann"), ("password", "a new long one")];
        assert_eq!(
            third.post_form("/signin", &fields).await.status,
            StatusCode::SEE_OTHER
        );
        let out = here.post_form("/settings/sessions/end", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(!signed_in(&mut here).await && !signed_in(&mut third).await);
    }
}
