//! Who may join: each registration mode, invitations, the honeypot, the new
//! accounts page, and new accounts' slower first comments.

use axum::http::{Method, StatusCode};
use dogear::domain::registration::Mode;
use serde_json::json;

use crate::app::{Browser, TestApp};

const PASSWORD: &str = "correct horse battery";

/// An admin added as `dogear user add` does, signed in.
async fn admin(app: &TestApp, name: &str) -> Browser {
    dogear::actions::operator::add_user(&app.store, name, PASSWORD, true)
        .await
        .unwrap();
    sign_in(app, name).await
}

async fn sign_in(app: &TestApp, name: &str) -> Browser {
    let mut browser = app.browser();
    let page = browser
        .post_form("/signin", &[("username", name), ("password", PASSWORD)])
        .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "sign in {name}: {}",
        page.text
    );
    browser
}

async fn suspended(app: &TestApp, name: &str) -> bool {
    let user = app.store.user_by_username(name).await.unwrap();
    user.expect("an account").suspended
}

async fn exists(app: &TestApp, name: &str) -> bool {
    app.store.user_by_username(name).await.unwrap().is_some()
}

fn signup_fields<'a>(name: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("username", name),
        ("password", PASSWORD),
        ("display_name", ""),
    ];
    fields.extend_from_slice(extra);
    fields
}

#[tokio::test]
async fn a_closed_site_takes_no_one_through_the_form_or_the_api() {
    for app in TestApp::all_with(|s| s.registration = Mode::Closed).await {
        let mut browser = app.browser();
        let form = browser.get("/signup").await;
        assert!(
            form.text.contains("not taking new readers"),
            "{}",
            form.text
        );
        assert!(!form.text.contains("name=\"password\""));
        let refused = browser
            .post_form("/signup", &signup_fields("ann", &[]))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", app.backend());
        let (status, body) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": "bob", "password": PASSWORD})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(!exists(&app, "ann").await && !exists(&app, "bob").await);
        // The operator still adds readers.
        admin(&app, "boss").await;
        assert!(exists(&app, "boss").await);
    }
}

#[tokio::test]
async fn by_request_an_admin_approves_or_refuses_with_the_reason_in_view() {
    for app in TestApp::all_with(|s| s.registration = Mode::Request).await {
        let mut boss = admin(&app, "boss").await;
        let mut ann = app.browser();
        let form = ann.get("/signup").await;
        assert!(form.text.contains("name=\"reason\""));
        let no_reason = ann.post_form("/signup", &signup_fields("ann", &[])).await;
        assert_eq!(
            no_reason.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            no_reason.text
        );
        assert!(no_reason.text.contains("why you would like to join"));
        let asked = ann
            .post_form(
                "/signup",
                &signup_fields("ann", &[("reason", "I run the Tuesday <b>club</b>")]),
            )
            .await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.text);
        assert_eq!(asked.location(), "/signup/requested");
        assert!(!exists(&app, "ann").await, "no account before approval");
        let (status, waiting) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": "cy", "password": PASSWORD, "reason": "A friend of Ann's, from the club"})),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{waiting}");
        assert_eq!(waiting["state"], "waiting");
        // The name is held while the request waits.
        let again = app
            .browser()
            .post_form(
                "/signup",
                &signup_fields("Ann", &[("reason", "me again, the same Ann")]),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let denied = app
            .browser()
            .post_form("/signin", &[("username", "ann"), ("password", PASSWORD)])
            .await;
        assert_ne!(denied.status, StatusCode::SEE_OTHER);

        let queue = boss.get("/admin/requests").await;
        assert_eq!(queue.status, StatusCode::OK);
        assert!(
            queue
                .text
                .contains("I run the Tuesday &#60;b&#62;club&#60;/b&#62;"),
            "escaped: {}",
            queue.text
        );
        let requests = app.store.waiting_requests(10).await.unwrap();
        assert_eq!(requests.len(), 2);
        let (ann_id, cy_id) = (requests[0].id, requests[1].id);
        let approved = boss
            .post_form(&format!("/admin/requests/{ann_id}/approve"), &[])
            .await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER);
        let refused = boss
            .post_form(&format!("/admin/requests/{cy_id}/refuse"), &[])
            .await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        assert!(exists(&app, "ann").await);
        assert!(!exists(&app, "cy").await);
        sign_in(&app, "ann").await;
        // Decided once: a second click finds nothing waiting.
        let twice = boss
            .post_form(&format!("/admin/requests/{ann_id}/approve"), &[])
            .await;
        assert_eq!(twice.status, StatusCode::NOT_FOUND);
        // Only admins see or decide requests.
        let mut reader = sign_in(&app, "ann").await;
        assert_eq!(
            reader.get("/admin/requests").await.status,
            StatusCode::FORBIDDEN
        );
    }
}

/// The code in the link the invitations page shows once.
fn link_code(page: &str) -> String {
    let start = page.find("/join/").expect("a link") + "/join/".len();
    page[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn an_invitation_lets_in_as_many_as_it_says_and_no_more() {
    for app in TestApp::all_with(|s| s.registration = Mode::Invite).await {
        let mut boss = admin(&app, "boss").await;
        let without = app
            .browser()
            .post_form("/signup", &signup_fields("ann", &[]))
            .await;
        assert_eq!(without.status, StatusCode::FORBIDDEN);
        let made = boss
            .post_form("/invites", &[("uses", "2"), ("days", "3")])
            .await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.text);
        let code = link_code(&made.text);
        assert!(code.len() > 20, "{code}");
        let mut ann = app.browser();
        let form = ann.get(&format!("/join/{code}")).await;
        assert!(
            form.text
                .contains(&format!("name=\"invite\" value=\"{code}\"")),
            "{}",
            form.text
        );
        for name in ["ann", "bob"] {
            let joined = app
                .browser()
                .post_form("/signup", &signup_fields(name, &[("invite", &code)]))
                .await;
            assert_eq!(
                joined.status,
                StatusCode::SEE_OTHER,
                "{name}: {}",
                joined.text
            );
        }
        let third = app
            .browser()
            .post_form("/signup", &signup_fields("cy", &[("invite", &code)]))
            .await;
        assert_eq!(third.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(third.text.contains("used up"));
        assert!(!exists(&app, "cy").await);
        let spent = app.browser().get(&format!("/join/{code}")).await;
        assert!(
            spent.text.contains("This invitation is used up"),
            "{}",
            spent.text
        );
        let list = boss.get("/invites").await;
        assert!(list.text.contains("2 of 2 joined"), "{}", list.text);
        let new_accounts = boss.get("/moderation/new-accounts").await;
        assert!(
            new_accounts
                .text
                .contains("invited by <a href=\"/users/boss\">boss</a>"),
            "{}",
            new_accounts.text
        );

        // A refused sign-up does not spend a use.
        let one = boss.post_form("/invites", &[("uses", "1")]).await;
        let one = link_code(&one.text);
        let taken = app
            .browser()
            .post_form("/signup", &signup_fields("ann", &[("invite", &one)]))
            .await;
        assert_eq!(taken.status, StatusCode::CONFLICT);
        let after = app
            .browser()
            .post_form("/signup", &signup_fields("dee", &[("invite", &one)]))
            .await;
        assert_eq!(after.status, StatusCode::SEE_OTHER, "{}", after.text);

        // An expired invitation and a withdrawn one let no one in.
        let boss_id = app
            .store
            .user_by_username("boss")
            .await
            .unwrap()
            .unwrap()
            .id;
        let now = dogear::actions::now();
        let old = "an-old-invitation-code";
        app.store
            .create_invite(
                &dogear::auth::secret::digest(old),
                boss_id,
                5,
                now - 1,
                now - 100,
            )
            .await
            .unwrap();
        let late = app
            .browser()
            .post_form("/signup", &signup_fields("eve", &[("invite", old)]))
            .await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            app.browser()
                .get(&format!("/join/{old}"))
                .await
                .text
                .contains("is expired")
        );
        let again = boss.post_form("/invites", &[("uses", "5")]).await;
        let code = link_code(&again.text);
        let id = app.store.invites_by(boss_id).await.unwrap()[0].id;
        assert_eq!(
            boss.post_form(&format!("/invites/{id}/revoke"), &[])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let withdrawn = app
            .browser()
            .post_form("/signup", &signup_fields("fay", &[("invite", &code)]))
            .await;
        assert_eq!(withdrawn.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Another reader cannot withdraw the admin's invitation.
        let mut ann = sign_in(&app, "ann").await;
        assert_eq!(
            ann.post_form(&format!("/invites/{id}/revoke"), &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // Bad terms are named.
        let bad = boss.post_form("/invites", &[("uses", "1000")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("from 1 to 100"));
    }
}

#[tokio::test]
async fn readers_invite_only_where_the_site_lets_them() {
    for allowed in [false, true] {
        for app in TestApp::all_with(|s| {
            s.registration = Mode::Invite;
            s.readers_invite = allowed;
        })
        .await
        {
            dogear::actions::operator::add_user(&app.store, "ann", PASSWORD, false)
                .await
                .unwrap();
            let mut ann = sign_in(&app, "ann").await;
            let made = ann.post_form("/invites", &[("uses", "1")]).await;
            if allowed {
                assert_eq!(made.status, StatusCode::OK, "{}", made.text);
                let code = link_code(&made.text);
                let joined = app
                    .browser()
                    .post_form("/signup", &signup_fields("bob", &[("invite", &code)]))
                    .await;
                assert_eq!(joined.status, StatusCode::SEE_OTHER);
            } else {
                assert_eq!(made.status, StatusCode::FORBIDDEN, "{}", made.text);
                assert!(
                    ann.get("/invites")
                        .await
                        .text
                        .contains("only admins make invitations")
                );
            }
        }
    }
}

#[tokio::test]
async fn the_honeypot_turns_a_robot_away() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        let form = browser.get("/signup").await;
        assert!(form.text.contains("name=\"website\""));
        let robot = browser
            .post_form(
                "/signup",
                &signup_fields("spambot", &[("website", "http://pills.example")]),
            )
            .await;
        assert_eq!(
            robot.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            robot.text
        );
        assert!(!exists(&app, "spambot").await, "{}", app.backend());
        let person = app
            .browser()
            .post_form("/signup", &signup_fields("ann", &[("website", "")]))
            .await;
        assert_eq!(person.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn moderators_see_new_accounts_and_suspend_one_in_a_click() {
    for app in TestApp::all().await {
        let mut modr = app.signup("modr").await;
        let troll = app.api_user("troll").await;
        let book = app.book(&troll, "Emma", "Jane Austen").await;
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&troll),
                Some(json!({"body": "BUY PILLS"})),
            )
            .await;
        assert!(status.is_success());
        let page = modr.get("/moderation/new-accounts").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("id=\"account-troll\""), "{}", page.text);
        assert!(page.text.contains("1 reviews"), "{}", page.text);
        let done = modr
            .post_form("/moderation/new-accounts/troll/suspend", &[])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert!(suspended(&app, "troll").await);
        assert!(
            modr.get("/moderation/new-accounts")
                .await
                .text
                .contains("<strong>suspended</strong>")
        );
        let back = modr
            .post_form("/moderation/new-accounts/troll/unsuspend", &[])
            .await;
        assert_eq!(back.status, StatusCode::SEE_OTHER);
        assert!(!suspended(&app, "troll").await);
        // Readers neither see the page nor suspend.
        let mut reader = app.signup("reader").await;
        assert_eq!(
            reader.get("/moderation/new-accounts").await.status,
            StatusCode::FORBIDDEN
        );
        let tried = reader
            .post_form("/moderation/new-accounts/troll/suspend", &[])
            .await;
        assert_eq!(tried.status, StatusCode::FORBIDDEN);
        assert!(!suspended(&app, "troll").await);
    }
}

#[tokio::test]
async fn a_new_account_comments_at_a_slower_pace() {
    for app in TestApp::all_with(|s| s.new_account_comments_per_minute = 2).await {
        let ann = app.api_user("ann").await;
        let book = app.book(&ann, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&ann),
                Some(json!({"body": "Lovely."})),
            )
            .await;
        let path = format!("/api/v1/reviews/{}/comments", review["id"]);
        for n in 0..2 {
            let (status, body) = app
                .api(
                    Method::POST,
                    &path,
                    Some(&ann),
                    Some(json!({"body": format!("note {n}")})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let (status, _) = app
            .api(
                Method::POST,
                &path,
                Some(&ann),
                Some(json!({"body": "one more"})),
            )
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{}", app.backend());
    }
}
