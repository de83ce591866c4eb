//! Federation's front: WebFinger, NodeInfo, host-meta, and readers as actors.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use dogear::domain::public_url::PublicUrl;
use serde_json::Value;

use crate::app::{TestApp, TestResponse};

pub async fn sites() -> Vec<TestApp> {
    TestApp::all_with(|s| {
        s.public_url = Some(PublicUrl::parse("https://books.example").expect("url"));
    })
    .await
}

async fn get(app: &TestApp, path: &str, accept: &str) -> TestResponse {
    let request = Request::get(path)
        .header(header::ACCEPT, accept)
        .body(Body::empty())
        .expect("request");
    TestResponse::from_router(app, request).await
}

fn json(r: &TestResponse) -> Value {
    serde_json::from_str(&r.text).expect("json")
}

#[tokio::test]
async fn webfinger_finds_a_reader_by_acct_whatever_the_case() {
    for app in sites().await {
        app.signup("ann").await;
        let r = get(
            &app,
            "/.well-known/webfinger?resource=acct:ANN@Books.Example",
            "*/*",
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", app.backend());
        assert_eq!(r.content_type(), "application/jrd+json");
        let jrd = json(&r);
        assert_eq!(jrd["subject"], "acct:ann@books.example");
        let link = &jrd["links"][0];
        assert_eq!(link["rel"], "self");
        assert_eq!(link["type"], "application/activity+json");
        assert_eq!(link["href"], "https://books.example/users/ann");

        for missing in [
            "acct:bob@books.example",
            "acct:ann@elsewhere.example",
            "nonsense",
        ] {
            let r = get(
                &app,
                &format!("/.well-known/webfinger?resource={missing}"),
                "*/*",
            )
            .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{missing}");
        }
        let r = get(&app, "/.well-known/webfinger", "*/*").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn nodeinfo_and_host_meta_point_at_the_public_url() {
    for app in sites().await {
        app.signup("ann").await;
        let links = json(&get(&app, "/.well-known/nodeinfo", "*/*").await);
        assert_eq!(
            links["links"][0]["href"],
            "https://books.example/nodeinfo/2.0"
        );
        let info = get(&app, "/nodeinfo/2.0", "*/*").await;
        assert_eq!(info.status, StatusCode::OK);
        let info = json(&info);
        assert_eq!(info["version"], "2.0");
        assert_eq!(info["software"]["name"], "dogear");
        assert_eq!(info["protocols"][0], "activitypub");
        assert_eq!(info["usage"]["users"]["total"], 1);

        let meta = get(&app, "/.well-known/host-meta", "*/*").await;
        assert_eq!(meta.content_type(), "application/xrd+xml");
        assert!(
            meta.text.contains(
                "template=\"https://books.example/.well-known/webfinger?resource={uri}\""
            )
        );
    }
}

#[tokio::test]
async fn a_profile_is_a_page_or_an_actor_by_what_is_accepted() {
    for app in sites().await {
        app.signup("ann").await;
        let page = get(&app, "/users/ann", "text/html").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.content_type().starts_with("text/html"));

        let r = get(&app, "/users/ann", "application/activity+json").await;
        assert_eq!(r.status, StatusCode::OK, "{}", app.backend());
        assert_eq!(r.content_type(), "application/activity+json");
        let person = json(&r);
        assert_eq!(person["type"], "Person");
        assert_eq!(person["id"], "https://books.example/users/ann");
        assert_eq!(person["preferredUsername"], "ann");
        assert_eq!(person["inbox"], "https://books.example/users/ann/inbox");
        assert_eq!(
            person["endpoints"]["sharedInbox"],
            "https://books.example/inbox"
        );
        assert_eq!(person["bookwyrmUser"], true);
        assert_eq!(person["manuallyApprovesFollowers"], false);
        assert_eq!(
            person["publicKey"]["id"],
            "https://books.example/users/ann#main-key"
        );
        assert_eq!(person["publicKey"]["owner"], person["id"]);
        let pem = person["publicKey"]["publicKeyPem"].as_str().unwrap_or("");
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");

        // The key is made once and kept: asked again, the same key.
        let ld = get(
            &app,
            "/users/ANN",
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
        )
        .await;
        assert_eq!(json(&ld)["publicKey"]["publicKeyPem"], pem);

        let none = get(&app, "/users/nobody", "application/activity+json").await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_private_profile_asks_for_follows_to_be_approved() {
    for app in sites().await {
        let token = app.api_user("ann").await;
        let (status, _) = app
            .api(
                Method::PUT,
                "/api/v1/me/profile",
                Some(&token),
                Some(serde_json::json!({"visibility": "private", "bio": "Reads slowly."})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let person = json(&get(&app, "/users/ann", "application/activity+json").await);
        assert_eq!(person["manuallyApprovesFollowers"], true);
        assert_eq!(person["summary"], "");
    }
}

#[tokio::test]
async fn the_instance_actor_has_a_key_of_its_own() {
    for app in sites().await {
        let r = get(&app, "/actor", "application/activity+json").await;
        assert_eq!(r.status, StatusCode::OK);
        let actor = json(&r);
        assert_eq!(actor["id"], "https://books.example/actor");
        assert_eq!(actor["publicKey"]["owner"], "https://books.example/actor");
        let again = json(&get(&app, "/actor", "application/activity+json").await);
        assert_eq!(again["publicKey"], actor["publicKey"]);
    }
}

/// A reader on another server, kept as if fetched, with their key.
pub async fn remote_reader(
    app: &TestApp,
    uri: &str,
    inbox: &str,
) -> dogear::federation::keys::KeyPair {
    let pair = dogear::federation::keys::generate().expect("key");
    let actor = dogear::store::RemoteActor {
        id: 0,
        uri: uri.into(),
        username: "mouse".into(),
        host: "bookwyrm.example".into(),
        name: "Mouse".into(),
        summary: String::new(),
        icon: None,
        inbox: inbox.into(),
        shared_inbox: None,
        key_id: format!("{uri}/#main-key"),
        public_key_pem: pair.public_pem.clone(),
        bookwyrm: true,
        manual_approval: false,
        fetched_at: 0,
    };
    app.store.keep_remote_actor(&actor).await.expect("kept");
    pair
}

pub async fn post_signed(
    app: &TestApp,
    path: &str,
    body: &str,
    sent_body: &str,
    key_id: &str,
    private_pem: &str,
) -> TestResponse {
    let url = format!("https://books.example{path}");
    let signed = dogear::federation::signatures::sign_request(
        "POST",
        &url,
        Some(body.as_bytes()),
        key_id,
        private_pem,
        std::time::SystemTime::now(),
    )
    .expect("signed");
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/activity+json");
    for (name, value) in signed {
        request = request.header(name, value);
    }
    let request = request
        .body(Body::from(sent_body.to_string()))
        .expect("request");
    TestResponse::from_router(app, request).await
}

#[tokio::test]
async fn the_inbox_takes_a_signed_activity_once_and_refuses_a_forged_one() {
    for app in sites().await {
        app.signup("ann").await;
        let mouse = "https://bookwyrm.example/user/mouse";
        let pair = remote_reader(&app, mouse, "https://bookwyrm.example/user/mouse/inbox").await;
        let follow = serde_json::json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "https://bookwyrm.example/user/mouse#follows/1",
            "type": "Follow",
            "actor": mouse,
            "object": "https://books.example/users/ann",
        })
        .to_string();
        // BookWyrm's keyId form, with the slash.
        let key_id = format!("{mouse}/#main-key");
        let r = post_signed(
            &app,
            "/users/ann/inbox",
            &follow,
            &follow,
            &key_id,
            &pair.private_pem,
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::ACCEPTED,
            "{}: {}",
            app.backend(),
            r.text
        );
        // The same activity again (a retry) is not taken twice.
        let r = post_signed(&app, "/inbox", &follow, &follow, &key_id, &pair.private_pem).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);

        // A body changed after signing.
        let changed = follow.replace("users/ann", "users/bob");
        let r = post_signed(
            &app,
            "/inbox",
            &follow,
            &changed,
            &key_id,
            &pair.private_pem,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
        assert!(r.text.contains("Digest"), "{}", r.text);

        // Signed by mouse, claiming to be someone else.
        let forged = serde_json::json!({
            "id": "https://bookwyrm.example/forged/1",
            "type": "Like",
            "actor": "https://bookwyrm.example/user/rat",
            "object": "https://books.example/reviews/1",
        })
        .to_string();
        let r = post_signed(&app, "/inbox", &forged, &forged, &key_id, &pair.private_pem).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

        // Signed with a key that is not mouse's, by the legacy keyId form;
        // mouse's document cannot be fetched again here, so it stays refused.
        let stranger = dogear::federation::keys::generate().expect("key");
        let like = forged
            .replace("/user/rat", "/user/mouse")
            .replace("forged/1", "forged/2");
        let r = post_signed(
            &app,
            "/inbox",
            &like,
            &like,
            &format!("{mouse}#main-key"),
            &stranger.private_pem,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);

        // Unsigned.
        let request = Request::post("/inbox")
            .body(Body::from(like.clone()))
            .expect("request");
        let r = TestResponse::from_router(&app, request).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // Not an activity.
        let request = Request::post("/inbox")
            .body(Body::from("{}"))
            .expect("request");
        let r = TestResponse::from_router(&app, request).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
    }
}
