//! Readers on other servers as local stand-in accounts: made once, named
//! `name@host`, never able to sign in, never counted or listed as readers.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use dogear::federation::remote_users;
use dogear::store::RemoteActor;

use crate::app::{TestApp, TestResponse};
use crate::federation::{remote_reader, sites};

const MOUSE: &str = "https://bookwyrm.example/user/mouse";

async fn mouse(app: &TestApp) -> RemoteActor {
    remote_reader(app, MOUSE, "https://bookwyrm.example/user/mouse/inbox").await;
    app.store
        .remote_actor(MOUSE)
        .await
        .expect("read")
        .expect("kept")
}

async fn json(app: &TestApp, path: &str, accept: &str) -> (StatusCode, serde_json::Value) {
    let request = Request::get(path)
        .header(header::ACCEPT, accept)
        .body(Body::empty())
        .expect("request");
    let r = TestResponse::from_router(app, request).await;
    (r.status, serde_json::from_str(&r.text).unwrap_or_default())
}

#[tokio::test]
async fn a_remote_actor_gets_one_stand_in_named_with_its_host() {
    for app in sites().await {
        let actor = mouse(&app).await;
        let id = remote_users::stand_in(&app.store, &actor)
            .await
            .expect("made");
        let again = remote_users::stand_in(&app.store, &actor)
            .await
            .expect("found");
        assert_eq!(id, again, "{}: made once", app.backend());
        let user = app
            .store
            .user_by_username("mouse@bookwyrm.example")
            .await
            .expect("read")
            .expect("stand-in");
        assert_eq!(user.id, id);
        assert_eq!(user.display_name, "Mouse");
        assert!(!user.is_moderator && !user.is_admin);
        assert!(app.store.is_remote_user(id).await.expect("read"));
        assert_eq!(
            app.store.stand_in_actor_uri(id).await.expect("read"),
            Some(MOUSE.to_string())
        );
        assert_eq!(
            app.store.stand_in_user(MOUSE).await.expect("read"),
            Some(id)
        );

        // A new display name at its server is taken on the next stand-in.
        let mut renamed = actor.clone();
        renamed.name = "Mouse the Reader".into();
        let renamed = app.store.keep_remote_actor(&renamed).await.expect("kept");
        remote_users::stand_in(&app.store, &renamed)
            .await
            .expect("found");
        let user = app
            .store
            .user_by_username("mouse@bookwyrm.example")
            .await
            .expect("read")
            .expect("stand-in");
        assert_eq!(user.display_name, "Mouse the Reader");
    }
}

#[tokio::test]
async fn a_stand_in_cannot_sign_in_by_form_or_api() {
    for app in sites().await {
        let actor = mouse(&app).await;
        remote_users::stand_in(&app.store, &actor)
            .await
            .expect("made");
        for password in ["", "!remote", "correct horse battery"] {
            let mut browser = app.browser();
            let r = browser
                .post_form(
                    "/signin",
                    &[
                        ("username", "mouse@bookwyrm.example"),
                        ("password", password),
                    ],
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}: {password:?}",
                app.backend()
            );
            assert!(!browser.get("/").await.text.contains("Sign out"));
            let (status, _) = app
                .api(
                    Method::POST,
                    "/api/v1/tokens",
                    None,
                    Some(serde_json::json!({
                        "username": "mouse@bookwyrm.example",
                        "password": password,
                        "name": "x",
                    })),
                )
                .await;
            assert_ne!(status, StatusCode::CREATED, "{password:?}");
        }
    }
}

#[tokio::test]
async fn a_stand_in_is_not_counted_listed_or_served_as_a_local_reader() {
    for app in sites().await {
        // Made before anyone signs up: the first reader still runs the site.
        let actor = mouse(&app).await;
        remote_users::stand_in(&app.store, &actor)
            .await
            .expect("made");
        let mut boss = app.signup("boss").await;
        let me = app
            .store
            .user_by_username("boss")
            .await
            .expect("read")
            .expect("boss");
        assert!(me.is_admin, "{}", app.backend());

        let (_, info) = json(&app, "/nodeinfo/2.0", "*/*").await;
        assert_eq!(info["usage"]["users"]["total"], 1, "{}", app.backend());

        // Not in the people directory, even after the index is rebuilt.
        app.store.index_missing_people().await.expect("indexed");
        let page = boss.get("/people?q=mouse").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.text.contains("bookwyrm.example"), "{}", page.text);

        // Not among the new accounts moderators review, nor every account.
        let new_accounts = boss.get("/moderation/new-accounts").await;
        assert_eq!(new_accounts.status, StatusCode::OK);
        assert!(!new_accounts.text.contains("bookwyrm.example"));
        let every = app.store.every_account().await.expect("accounts");
        assert_eq!(every.len(), 1);

        // Never an actor, a WebFinger account or a collection of this site.
        let (status, _) = json(
            &app,
            "/users/mouse@bookwyrm.example",
            "application/activity+json",
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = json(
            &app,
            "/.well-known/webfinger?resource=acct:mouse@bookwyrm.example@books.example",
            "*/*",
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = json(
            &app,
            "/users/mouse@bookwyrm.example/followers",
            "application/activity+json",
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
