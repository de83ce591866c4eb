//! Instance blocks: a domain moderators defederate is heard no more and
//! sent nothing, its subdomains too, until unblocked.

use axum::http::StatusCode;
use dogear::actions::{federation, reviews};
use dogear::error::ActionError;
use dogear::federation::delivery;

use crate::app::TestApp;
use crate::federation::post_signed;
use crate::federation_delivery::{mouse_follows_ann, sites};

const MOUSE: &str = "https://bookwyrm.example/user/mouse";

fn like(n: i64) -> String {
    serde_json::json!({
        "id": format!("{MOUSE}#likes/{n}"),
        "type": "Like",
        "actor": MOUSE,
        "object": "https://books.example/reviews/1",
    })
    .to_string()
}

#[tokio::test]
async fn a_blocked_domain_is_turned_away_and_sent_nothing() {
    for (app, state) in sites().await {
        let (received, pair) = mouse_follows_ann(&app, StatusCode::ACCEPTED).await;
        let ann = app
            .store
            .user_by_username("ann")
            .await
            .expect("read")
            .expect("ann");
        let key_id = format!("{MOUSE}#main-key");

        // Ann runs the site (the first sign-up): she defederates mouse's server
        // by a subdomain-covering block typed as a URL.
        let kept = federation::block_host(&app.store, &ann, "https://BookWyrm.example/about")
            .await
            .expect("block");
        assert_eq!(kept, "bookwyrm.example");
        let body = like(1);
        let r = post_signed(&app, "/inbox", &body, &body, &key_id, &pair.private_pem).await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{}: {}",
            app.backend(),
            r.text
        );
        assert!(r.text.contains("bookwyrm.example"));

        // Its inbox's host blocked too: the waiting Accept is dropped and a
        // review goes nowhere.
        federation::block_host(&app.store, &ann, "127.0.0.1")
            .await
            .expect("block");
        assert!(app.store.deliveries().await.expect("queue").is_empty());
        let token = app.api_user("librarian").await;
        let book = app
            .book(&token, "Always Coming Home", "Ursula K. Le Guin")
            .await;
        let input = reviews::ReviewInput {
            body: "A whole valley.".into(),
            ..Default::default()
        };
        reviews::write_review(&app.store, &ann, book, &input)
            .await
            .expect("review");
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);
        assert!(
            received.lock().expect("lock").is_empty(),
            "{}",
            app.backend()
        );

        // Unblocked, mouse is heard again.
        assert!(
            federation::unblock_host(&app.store, &ann, "bookwyrm.example")
                .await
                .expect("unblock")
        );
        let body = like(2);
        let r = post_signed(&app, "/inbox", &body, &body, &key_id, &pair.private_pem).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
        // Each block and unblock is in the moderation log, by whom, naming the domain.
        let log = app.store.moderation_log(5, i64::MAX).await.expect("log");
        let done: Vec<(&str, Option<&str>)> = log
            .iter()
            .map(|e| (e.action.as_str(), e.detail.as_deref()))
            .collect();
        assert_eq!(
            done,
            vec![
                ("federated again", Some("bookwyrm.example")),
                ("defederated", Some("127.0.0.1")),
                ("defederated", Some("bookwyrm.example")),
            ],
            "{}",
            app.backend()
        );
        let mut admin = crate::groups_shelf::signed_in(&app, "ann").await;
        let page = admin.get("/admin/log").await.text;
        assert!(
            page.contains("bookwyrm.example") && !page.contains("domain 0"),
            "{page}"
        );

        // A reader who does not moderate may not; a domain must be one.
        app.signup("bob").await;
        let bob = app
            .store
            .user_by_username("bob")
            .await
            .expect("read")
            .expect("bob");
        let refused = federation::block_host(&app.store, &bob, "evil.example").await;
        assert!(matches!(refused, Err(ActionError::Forbidden(_))));
        let bad = federation::block_host(&app.store, &ann, "not a domain").await;
        assert!(matches!(bad, Err(ActionError::Invalid(ref i)) if i.field == "host"));
    }
}

#[tokio::test]
async fn moderators_block_and_unblock_a_domain_from_the_federation_page() {
    for app in TestApp::all().await {
        let mut moderator = app.signup("mod").await;
        let r = moderator
            .post_form("/moderation/federation/blocks", &[("host", "Spam.Example")])
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            r.text
        );
        let page = moderator.get("/moderation/federation").await;
        assert!(
            page.text.contains("<strong>spam.example</strong>"),
            "{}",
            page.text
        );

        let r = moderator
            .post_form("/moderation/federation/blocks", &[("host", "<b>x</b>")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(!r.text.contains("<b>x</b>"));

        moderator
            .post_form(
                "/moderation/federation/blocks/remove",
                &[("host", "spam.example")],
            )
            .await;
        let page = moderator.get("/moderation/federation").await;
        assert!(page.text.contains("No domain is blocked"));

        let mut reader = app.signup("bob").await;
        let r = reader
            .post_form("/moderation/federation/blocks", &[("host", "a.example")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(app.store.blocked_hosts().await.expect("read").is_empty());
    }
}
