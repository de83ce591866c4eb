//! Password reset by mail: the link works once and for an hour, a wrong
//! link does nothing, and the answer never tells whether an address has an
//! account.

use axum::http::StatusCode;

use crate::email::{address, mail_sites, path, prove_address};
use dogear::auth::secret;
use dogear::store::NewEmailToken;

const RESET: &str = "http://127.0.0.1:8080/reset?token=";

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_signs_everyone_out() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mut ann = app.signup("ann").await;
        let to = address(&app, "ann");
        prove_address(&sink, &mut ann, &to).await;

        let mut forgetful = app.browser();
        let page = forgetful.post_form("/forgot", &[("email", &to)]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("If an account has that address"));
        let mail = sink.wait_for(&to, 2).await;
        assert_eq!(
            mail.header("Subject").unwrap(),
            "Reset your Dogear password"
        );
        let link = path(&mail.link(RESET));
        let token = link.rsplit('=').next().unwrap().to_string();

        let form = forgetful.get(&link).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.text.contains("Set the new password"));
        let short = forgetful
            .post_form("/reset", &[("token", &token), ("password", "short")])
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            short.text.contains("Set the new password"),
            "the form again"
        );

        let done = forgetful
            .post_form(
                "/reset",
                &[("token", &token), ("password", "a brand new password")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
        assert!(done.location().contains("notice=password-reset"));
        // Signed in here; Ann's old browser is signed out.
        assert_eq!(forgetful.get("/settings").await.status, StatusCode::OK);
        assert_ne!(ann.get("/settings").await.status, StatusCode::OK);

        let mut fresh = app.browser();
        let old = fresh
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "correct horse battery")],
            )
            .await;
        assert_ne!(
            old.status,
            StatusCode::SEE_OTHER,
            "the old password is gone"
        );
        let new = fresh
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "a brand new password")],
            )
            .await;
        assert_eq!(new.status, StatusCode::SEE_OTHER);

        // Single use: the same link again changes nothing.
        let again = app
            .browser()
            .post_form(
                "/reset",
                &[("token", &token), ("password", "stolen password!")],
            )
            .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.text.contains("This link no longer works"));
        assert_eq!(
            app.browser().get(&link).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}

#[tokio::test]
async fn the_answer_is_the_same_for_a_known_and_an_unknown_address() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mut ann = app.signup("ann").await;
        let known = address(&app, "ann");
        prove_address(&sink, &mut ann, &known).await;
        let unknown = address(&app, "nobody");

        let mut asker = app.browser();
        let a = asker.post_form("/forgot", &[("email", &known)]).await;
        let b = asker.post_form("/forgot", &[("email", &unknown)]).await;
        let c = asker
            .post_form("/forgot", &[("email", &known.to_uppercase())])
            .await;
        assert_eq!(a.status, b.status);
        assert_eq!(a.text, b.text, "the pages differ");
        assert_eq!(a.text, c.text);
        sink.wait_for(&known, 3).await;
        assert!(sink.to(&unknown).is_empty());
        // A newer link spends the older one: of the two (they may arrive in
        // either order), one works.
        let mut works = Vec::new();
        for mail in &sink.to(&known)[1..] {
            works.push(asker.get(&path(&mail.link(RESET))).await.status);
        }
        works.sort();
        assert_eq!(works, [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY]);
    }
}

#[tokio::test]
async fn wrong_and_expired_links_do_nothing() {
    let (_sink, apps) = mail_sites().await;
    for app in apps {
        let _ann = app.signup("ann").await;
        let ann = app.store.user_by_username("ann").await.unwrap().unwrap();
        // A link made two hours ago: past its hour.
        let token = secret::new_secret();
        let now = dogear::actions::now();
        app.store
            .create_email_token(&NewEmailToken {
                token_hash: secret::digest(&token),
                user_id: ann.id,
                purpose: "reset",
                address: "ann@example.org".into(),
                now: now - 7200,
                expires_at: now - 3600,
            })
            .await
            .unwrap();
        let mut b = app.browser();
        let expired = b.get(&format!("/reset?token={token}")).await;
        assert_eq!(expired.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(expired.text.contains("This link no longer works"));
        let post = b
            .post_form(
                "/reset",
                &[("token", &token), ("password", "a brand new password")],
            )
            .await;
        assert_eq!(post.status, StatusCode::UNPROCESSABLE_ENTITY);
        let wrong = secret::new_secret();
        let post = b
            .post_form(
                "/reset",
                &[("token", &wrong), ("password", "a brand new password")],
            )
            .await;
        assert_eq!(post.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The stored row is a digest, never the secret mailed.
        assert!(app.store.email_token(&token).await.unwrap().is_none());
        assert!(
            app.store
                .email_token(&secret::digest(&token))
                .await
                .unwrap()
                .is_some()
        );
        // The password still works.
        let mut fresh = app.browser();
        let signin = fresh
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "correct horse battery")],
            )
            .await;
        assert_eq!(signin.status, StatusCode::SEE_OTHER);
    }
}
