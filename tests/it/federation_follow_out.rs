//! Our readers finding and following readers on other servers: a handle
//! looked up by WebFinger, a Follow sent and pending until the other server
//! accepts, a Reject, an Undo, and handles that lead nowhere.

use std::sync::{Arc, Mutex};

use axum::extract::Query;
use axum::http::{Method, StatusCode, header};
use axum::response::IntoResponse;
use dogear::AppState;
use dogear::config::Settings;
use dogear::domain::public_url::PublicUrl;
use dogear::federation::{delivery, keys::KeyPair};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::federation::post_signed;

/// A reader's server on 127.0.0.1: it answers WebFinger for `mouse`, serves
/// mouse's actor and keeps what its inbox is sent.
pub(crate) struct Remote {
    host: String,
    actor: String,
    pair: KeyPair,
    inbox: Arc<Mutex<Vec<Value>>>,
}

impl Remote {
    pub(crate) fn handle(&self) -> String {
        format!("@mouse@{}", self.host)
    }

    fn key_id(&self) -> String {
        format!("{}#main-key", self.actor)
    }

    fn sent(&self) -> Vec<Value> {
        self.inbox.lock().expect("lock").drain(..).collect()
    }
}

pub(crate) async fn remote() -> Remote {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let host = listener.local_addr().expect("address").to_string();
    let actor = format!("http://{host}/users/mouse");
    let pair = dogear::federation::keys::generate().expect("key");
    let inbox: Arc<Mutex<Vec<Value>>> = Arc::default();
    let person = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": actor,
        "type": "Person",
        "preferredUsername": "mouse",
        "name": "Mouse Reads",
        "summary": "<p>Small books.</p><script>alert(1)</script>",
        "inbox": format!("{actor}/inbox"),
        "outbox": format!("{actor}/outbox"),
        "icon": {"type": "Image", "url": format!("http://{host}/mouse.png")},
        "publicKey": {"id": format!("{actor}#main-key"), "owner": actor,
                      "publicKeyPem": pair.public_pem},
    })
    .to_string();
    let account = format!("acct:mouse@{host}");
    let jrd = json!({"subject": account, "links": [
        {"rel": "self", "type": "application/activity+json", "href": actor}]})
    .to_string();
    let kept = inbox.clone();
    let app = axum::Router::new()
        .route(
            "/.well-known/webfinger",
            axum::routing::get(
                move |Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    if q.get("resource") == Some(&account) {
                        ([(header::CONTENT_TYPE, "application/jrd+json")], jrd).into_response()
                    } else {
                        StatusCode::NOT_FOUND.into_response()
                    }
                },
            ),
        )
        .route(
            "/users/mouse",
            axum::routing::get(move || async move {
                (
                    [(header::CONTENT_TYPE, "application/activity+json")],
                    person,
                )
            }),
        )
        .route(
            "/users/mouse/inbox",
            axum::routing::post(move |body: String| {
                let kept = kept.clone();
                async move {
                    kept.lock()
                        .expect("lock")
                        .push(serde_json::from_str(&body).expect("json"));
                    StatusCode::ACCEPTED
                }
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Remote {
        host,
        actor,
        pair,
        inbox,
    }
}

/// Sites allowed to reach loopback, each with the state its worker runs on.
async fn sites() -> Vec<(TestApp, AppState)> {
    let site = || PublicUrl::parse("https://books.example").expect("url");
    let mut out = Vec::new();
    for app in TestApp::all_with(|s| {
        s.public_url = Some(site());
        s.federation_allow_private = true;
    })
    .await
    {
        let mut settings = Settings::for_database("unused");
        settings.federation_allow_private = true;
        let state = AppState::new(app.store.clone(), settings, site())
            .await
            .expect("state");
        out.push((app, state));
    }
    out
}

/// Ann's token and the remote mouse as found by handle (its id here).
async fn ann_finds_mouse(app: &TestApp, remote: &Remote) -> (String, i64) {
    let token = app.api_user("ann").await;
    let path = format!("/api/v1/people/remote?handle={}", remote.handle());
    let (status, found) = app.api(Method::GET, &path, Some(&token), None).await;
    assert_eq!(status, StatusCode::OK, "{}: {found}", app.backend());
    (token, found["id"].as_i64().expect("id"))
}

async fn following(app: &TestApp, token: &str, id: i64) -> String {
    let path = format!("/api/v1/people/remote/{id}");
    let (status, body) = app.api(Method::GET, &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["following"].as_str().expect("following").to_string()
}

/// Ann follows mouse; gives the Follow mouse's inbox was sent.
async fn ann_follows(
    app: &TestApp,
    state: &AppState,
    remote: &Remote,
    token: &str,
    id: i64,
) -> Value {
    let path = format!("/api/v1/people/remote/{id}/follow");
    let (status, body) = app.api(Method::PUT, &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{}: {body}", app.backend());
    assert_eq!(body["following"], "requested");
    assert_eq!(delivery::run_due(state).await.expect("run"), 1);
    let mut sent = remote.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    sent.remove(0)
}

/// Mouse's server answers `follow` with a signed `kind` (Accept or Reject).
async fn answer(app: &TestApp, remote: &Remote, kind: &str, n: i64, object: Value) -> StatusCode {
    let doc = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}#answers/{n}", remote.actor),
        "type": kind,
        "actor": remote.actor,
        "object": object,
    })
    .to_string();
    let key_id = remote.key_id();
    let r = post_signed(
        app,
        "/users/ann/inbox",
        &doc,
        &doc,
        &key_id,
        &remote.pair.private_pem,
    )
    .await;
    r.status
}

#[tokio::test]
async fn a_handle_is_found_by_webfinger_and_shown_as_a_result_and_a_profile() {
    for (app, _state) in sites().await {
        let remote = remote().await;
        let token = app.api_user("ann").await;
        for typed in [remote.handle(), format!("mouse@{}", remote.host)] {
            let path = format!("/api/v1/people/remote?handle={typed}");
            let (status, found) = app.api(Method::GET, &path, Some(&token), None).await;
            assert_eq!(status, StatusCode::OK, "{}: {found}", app.backend());
            assert_eq!(found["handle"], remote.handle());
            assert_eq!(found["name"], "Mouse Reads");
            assert_eq!(found["url"], remote.actor.as_str());
            assert_eq!(found["following"], "none");
            let summary = found["summary"].as_str().expect("summary");
            assert!(summary.contains("Small books."), "{summary}");
            assert!(!summary.contains("<script"), "{summary}");
        }
        let kept = app
            .store
            .remote_actor(&remote.actor)
            .await
            .expect("read")
            .expect("kept");
        assert_eq!(kept.host, remote.host);

        // People search takes the handle too, and a direct address finds it.
        let mut browser = app.signup("bea").await;
        let page = browser.get(&format!("/people?q={}", remote.handle())).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text
                .contains(&format!("href=\"/people/remote/{}\"", kept.id)),
            "{}",
            page.text
        );
        let direct = browser.get(&format!("/people/{}", remote.handle())).await;
        assert_eq!(direct.status, StatusCode::SEE_OTHER, "{}", direct.text);
        assert_eq!(direct.location(), format!("/people/remote/{}", kept.id));
        let profile = browser.get(&format!("/people/remote/{}", kept.id)).await;
        assert_eq!(profile.status, StatusCode::OK);
        assert!(profile.text.contains("Mouse Reads"));
        assert!(profile.text.contains(&remote.handle()));
        assert!(profile.text.contains("value=\"follow\""));
        assert!(!profile.text.contains("alert(1)"));
    }
}

#[tokio::test]
async fn a_follow_is_sent_signed_and_pending_until_their_server_accepts() {
    for (app, state) in sites().await {
        let remote = remote().await;
        let (token, id) = ann_finds_mouse(&app, &remote).await;
        let follow = ann_follows(&app, &state, &remote, &token, id).await;
        assert_eq!(follow["type"], "Follow");
        assert_eq!(follow["actor"], "https://books.example/users/ann");
        assert_eq!(follow["object"], remote.actor.as_str());
        assert_eq!(following(&app, &token, id).await, "requested");

        // Asking again sends nothing more.
        let path = format!("/api/v1/people/remote/{id}/follow");
        let (status, _) = app.api(Method::PUT, &path, Some(&token), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);

        // An Accept of someone else's Follow changes nothing.
        let other = json!({"id": "https://books.example/users/zed#follows/1", "type": "Follow",
            "actor": "https://books.example/users/zed", "object": remote.actor});
        assert_eq!(
            answer(&app, &remote, "Accept", 1, other).await,
            StatusCode::ACCEPTED
        );
        assert_eq!(following(&app, &token, id).await, "requested");

        assert_eq!(
            answer(&app, &remote, "Accept", 2, follow).await,
            StatusCode::ACCEPTED
        );
        assert_eq!(following(&app, &token, id).await, "following");
        let ann = app
            .store
            .user_by_username("ann")
            .await
            .expect("read")
            .expect("ann");
        let followed = app
            .store
            .remote_following(ann.id, false)
            .await
            .expect("read");
        assert_eq!(followed.len(), 1);
        assert_eq!(followed[0].uri, remote.actor);
        // Followed here too, through mouse's stand-in, for the feed.
        let stand_in = app
            .store
            .stand_in_user(&remote.actor)
            .await
            .expect("read")
            .expect("a stand-in");
        let relation = app
            .store
            .relation(ann.id, stand_in)
            .await
            .expect("relation");
        assert!(relation.following, "{}", app.backend());
        let mut browser = app.browser();
        let page = browser.get(&format!("/people/remote/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "signed out, the page shows");
        assert!(!page.text.contains("value=\"follow\""));
    }
}

#[tokio::test]
async fn a_rejected_follow_is_dropped() {
    for (app, state) in sites().await {
        let remote = remote().await;
        let (token, id) = ann_finds_mouse(&app, &remote).await;
        let follow = ann_follows(&app, &state, &remote, &token, id).await;
        // Named by its id alone, as some servers do.
        let status = answer(&app, &remote, "Reject", 1, follow["id"].clone()).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(
            following(&app, &token, id).await,
            "none",
            "{}",
            app.backend()
        );
        // Following again is a new Follow.
        let again = ann_follows(&app, &state, &remote, &token, id).await;
        assert_ne!(again["id"], follow["id"]);
    }
}

#[tokio::test]
async fn an_update_of_their_profile_is_read_afresh_and_renames_their_account_here() {
    for (app, _) in sites().await {
        let remote = remote().await;
        ann_finds_mouse(&app, &remote).await;
        let mut kept = app
            .store
            .remote_actor(&remote.actor)
            .await
            .expect("read")
            .expect("kept");
        kept.name = "Old Mouse".into();
        let kept = app.store.keep_remote_actor(&kept).await.expect("kept");
        let stand_in = dogear::federation::remote_users::stand_in(&app.store, &kept)
            .await
            .expect("stand-in");
        let profile = json!({"id": remote.actor, "type": "Person", "name": "Whatever"});
        let status = answer(&app, &remote, "Update", 9, profile).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{}", app.backend());
        let now = app
            .store
            .remote_actor(&remote.actor)
            .await
            .expect("read")
            .expect("kept");
        assert_eq!(
            now.name, "Mouse Reads",
            "as their server serves it, not as the post says"
        );
        let user = app
            .store
            .user_by_id(stand_in)
            .await
            .expect("read")
            .expect("stand-in");
        assert_eq!(user.display_name, "Mouse Reads");
    }
}

#[tokio::test]
async fn unfollowing_sends_an_undo_of_the_follow() {
    for (app, state) in sites().await {
        let remote = remote().await;
        let (token, id) = ann_finds_mouse(&app, &remote).await;
        let follow = ann_follows(&app, &state, &remote, &token, id).await;
        answer(&app, &remote, "Accept", 1, follow.clone()).await;
        assert_eq!(following(&app, &token, id).await, "following");

        let path = format!("/api/v1/people/remote/{id}/follow");
        let (status, _) = app.api(Method::DELETE, &path, Some(&token), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{}", app.backend());
        assert_eq!(following(&app, &token, id).await, "none");
        let ann = app
            .store
            .user_by_username("ann")
            .await
            .expect("read")
            .expect("ann");
        let stand_in = app
            .store
            .stand_in_user(&remote.actor)
            .await
            .expect("read")
            .expect("a stand-in");
        let relation = app
            .store
            .relation(ann.id, stand_in)
            .await
            .expect("relation");
        assert!(!relation.following, "the stand-in is not followed any more");
        assert_eq!(delivery::run_due(&state).await.expect("run"), 1);
        let sent = remote.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["type"], "Undo");
        assert_eq!(sent[0]["actor"], "https://books.example/users/ann");
        assert_eq!(sent[0]["object"]["type"], "Follow");
        assert_eq!(sent[0]["object"]["id"], follow["id"]);
        assert_eq!(sent[0]["object"]["object"], remote.actor.as_str());

        // Not following: unfollowing again sends nothing.
        let (status, _) = app.api(Method::DELETE, &path, Some(&token), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);
    }
}

#[tokio::test]
async fn bad_handles_and_unreachable_servers_get_a_clear_answer() {
    for (app, _state) in sites().await {
        let remote = remote().await;
        let token = app.api_user("ann").await;
        let lookup = |handle: String| {
            let token = token.clone();
            let app = &app;
            async move {
                let path = format!("/api/v1/people/remote?handle={handle}");
                app.api(Method::GET, &path, Some(&token), None).await
            }
        };
        let (status, body) = lookup("nonsense".into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "handle", "{body}");
        let (status, _) = lookup("@ann@books.example".into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "our own reader");
        let (status, body) = lookup(format!("@nobody@{}", remote.host)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        // Nothing listens on port 9 here.
        let (status, body) = lookup("@mouse@127.0.0.1:9".into()).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
        assert_eq!(body["code"], "unavailable");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains("127.0.0.1:9 could not be reached")),
            "{body}"
        );

        // On the page: a sentence in the results, not an error page.
        let mut browser = app.signup("bea").await;
        for (typed, says) in [
            ("@a/b@books.example".to_string(), "give a handle such as"),
            (format!("@nobody@{}", remote.host), "No reader"),
            ("@mouse@127.0.0.1:9".to_string(), "could not be reached"),
        ] {
            let page = browser.get(&format!("/people?q={typed}")).await;
            assert_eq!(page.status, StatusCode::OK, "{typed}");
            assert!(page.text.contains(says), "{typed}: {}", page.text);
        }
        let page = browser.get("/people/@mouse@127.0.0.1:9").await;
        assert_eq!(page.status, StatusCode::BAD_GATEWAY);
        let page = browser.get("/people/remote/999999").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_site_closed_to_private_addresses_does_not_look_them_up() {
    for app in TestApp::all_with(|s| {
        s.public_url = Some(PublicUrl::parse("https://books.example").expect("url"));
    })
    .await
    {
        let remote = remote().await;
        let token = app.api_user("ann").await;
        let path = format!("/api/v1/people/remote?handle={}", remote.handle());
        let (status, body) = app.api(Method::GET, &path, Some(&token), None).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");
        assert!(
            app.store
                .remote_actor(&remote.actor)
                .await
                .expect("read")
                .is_none()
        );
    }
}

#[tokio::test]
async fn a_defederated_domain_is_neither_looked_up_nor_followed() {
    for (app, state) in sites().await {
        let remote = remote().await;
        let (token, id) = ann_finds_mouse(&app, &remote).await;
        let ann = app
            .store
            .user_by_username("ann")
            .await
            .expect("read")
            .expect("ann");
        app.store
            .block_host("127.0.0.1", ann.id, dogear::actions::now())
            .await
            .expect("block");
        let path = format!("/api/v1/people/remote?handle={}", remote.handle());
        let (status, body) = app.api(Method::GET, &path, Some(&token), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", app.backend());
        let path = format!("/api/v1/people/remote/{id}/follow");
        let (status, _) = app.api(Method::PUT, &path, Some(&token), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(following(&app, &token, id).await, "none");
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);
        assert!(remote.sent().is_empty());
    }
}
