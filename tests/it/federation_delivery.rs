//! The delivery queue: a follow from another server accepted by a signed
//! `Accept` posted to a local sink, and a failing inbox tried again later.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::http::{HeaderMap, StatusCode};
use dogear::AppState;
use dogear::config::Settings;
use dogear::domain::public_url::PublicUrl;
use dogear::federation::{delivery, signatures};

use crate::app::TestApp;
use crate::federation::{post_signed, remote_reader};

/// What the sink was sent: (headers, body).
pub(crate) type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// An inbox on 127.0.0.1 answering `status` to every post; gives its address.
pub(crate) async fn sink(status: StatusCode) -> (String, Received) {
    let received: Received = Arc::default();
    let kept = received.clone();
    let app = axum::Router::new().route(
        "/inbox",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let kept = kept.clone();
            async move {
                kept.lock().expect("lock").push((headers, body));
                status
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}/inbox"), received)
}

pub(crate) async fn sites() -> Vec<(TestApp, AppState)> {
    let mut out = Vec::new();
    for app in TestApp::all_with(|s| {
        s.public_url = Some(PublicUrl::parse("https://books.example").expect("url"));
    })
    .await
    {
        let mut settings = Settings::for_database("unused");
        settings.federation_allow_private = true;
        let state = AppState::new(
            app.store.clone(),
            settings,
            PublicUrl::parse("https://books.example").expect("url"),
        )
        .await
        .expect("state");
        out.push((app, state));
    }
    out
}

fn follow_of(actor: &str, n: i64) -> String {
    serde_json::json!({
        "id": format!("{actor}#follows/{n}"),
        "type": "Follow",
        "actor": actor,
        "object": "https://books.example/users/ann",
    })
    .to_string()
}

/// Ann, and mouse on another server (its inbox a sink answering `status`)
/// following her by a signed post; gives the sink's posts and mouse's key.
pub(crate) async fn mouse_follows_ann(
    app: &TestApp,
    status: StatusCode,
) -> (Received, dogear::federation::keys::KeyPair) {
    app.signup("ann").await;
    let (inbox, received) = sink(status).await;
    let pair = remote_reader(app, MOUSE, &inbox).await;
    let follow = follow_of(MOUSE, 1);
    let r = post_signed(
        app,
        "/users/ann/inbox",
        &follow,
        &follow,
        KEY_ID,
        &pair.private_pem,
    )
    .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
    (received, pair)
}

const MOUSE: &str = "https://bookwyrm.example/user/mouse";
const KEY_ID: &str = "https://bookwyrm.example/user/mouse#main-key";

#[tokio::test]
async fn a_follow_is_accepted_by_a_signed_post_to_the_followers_inbox() {
    for (app, state) in sites().await {
        let (received, pair) = mouse_follows_ann(&app, StatusCode::ACCEPTED).await;
        let (mouse, key_id) = (MOUSE, KEY_ID);
        let ann = app
            .store
            .user_by_username("ann")
            .await
            .expect("read")
            .expect("ann");
        let followers = app
            .store
            .remote_followers(ann.id, false)
            .await
            .expect("followers");
        assert_eq!(followers.len(), 1);
        assert_eq!(followers[0].uri, mouse);

        assert_eq!(app.store.deliveries().await.expect("queue").len(), 1);
        let sent = delivery::run_due(&state).await.expect("run");
        assert_eq!(sent, 1, "{}", app.backend());
        assert!(app.store.deliveries().await.expect("queue").is_empty());

        let got = received.lock().expect("lock").clone();
        assert_eq!(got.len(), 1);
        let (headers, body) = &got[0];
        let accept: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(accept["type"], "Accept");
        assert_eq!(accept["actor"], "https://books.example/users/ann");
        assert_eq!(accept["object"]["id"], format!("{mouse}#follows/1"));
        // Signed by ann's key over (request-target) host date digest.
        let (public, _) = app
            .store
            .actor_key(ann.id)
            .await
            .expect("read")
            .expect("key");
        let checked = signatures::prepare(
            "POST",
            "/inbox",
            headers,
            body.as_bytes(),
            SystemTime::now(),
        )
        .expect("signature");
        assert_eq!(checked.key_id(), "https://books.example/users/ann#main-key");
        assert_eq!(
            checked.params.headers,
            ["(request-target)", "host", "date", "digest"]
        );
        checked.verify(&public).expect("verified");

        // Undo of the follow drops it.
        let undo = serde_json::json!({
            "id": format!("{mouse}#undo/1"),
            "type": "Undo",
            "actor": mouse,
            "object": serde_json::from_str::<serde_json::Value>(&follow_of(mouse, 1)).expect("json"),
        })
        .to_string();
        let r = post_signed(&app, "/inbox", &undo, &undo, key_id, &pair.private_pem).await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
        assert!(
            app.store
                .remote_followers(ann.id, false)
                .await
                .expect("followers")
                .is_empty()
        );
    }
}

#[tokio::test]
async fn a_failing_inbox_is_tried_again_later_and_its_host_held_after_repeated_failures() {
    for (app, state) in sites().await {
        let (received, _) = mouse_follows_ann(&app, StatusCode::SERVICE_UNAVAILABLE).await;
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);
        assert_eq!(received.lock().expect("lock").len(), 1, "it was tried");
        let queue = app.store.deliveries().await.expect("queue");
        assert_eq!(queue.len(), 1, "kept to try again");
        assert_eq!(queue[0].attempts, 1);
        assert!(queue[0].next_at >= dogear::actions::now() + delivery::FIRST_WAIT - 1);
        assert!(
            queue[0]
                .last_error
                .as_deref()
                .is_some_and(|e| e.contains("503"))
        );
        // Not due yet: a second pass sends nothing.
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);
        assert_eq!(received.lock().expect("lock").len(), 1);

        // Enough failures in a row hold the host.
        for _ in 0..delivery::BREAKER_FAILURES {
            app.store
                .delivery_failed(
                    queue[0].id,
                    "127.0.0.1",
                    Some(0),
                    "down",
                    dogear::actions::now(),
                )
                .await
                .expect("failed");
        }
        let status = app.store.delivery_queue().await.expect("queue");
        assert_eq!(status.waiting, 1);
        assert_eq!(status.failing[0].0, "127.0.0.1");
        assert!(status.failing[0].2 > dogear::actions::now());
        // Due (next_at 0) but held: nothing is tried.
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);
        assert_eq!(received.lock().expect("lock").len(), 1);
    }
}
