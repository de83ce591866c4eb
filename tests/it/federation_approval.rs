//! A private profile's followers elsewhere wait: the reader hears of each,
//! lets them in (their server is sent an Accept) or turns them away (a
//! Reject), on the pages and in the API; nobody answers for another reader.

use axum::http::{Method, StatusCode};
use dogear::federation::delivery;

use crate::federation::{post_signed, remote_reader};
use crate::federation_delivery::{Received, sink, sites};

const MOUSE: &str = "https://bookwyrm.example/user/mouse";
const KEY_ID: &str = "https://bookwyrm.example/user/mouse#main-key";

fn follow(n: i64) -> String {
    serde_json::json!({
        "id": format!("{MOUSE}#follows/{n}"),
        "type": "Follow",
        "actor": MOUSE,
        "object": "https://books.example/users/ann",
    })
    .to_string()
}

/// What the sink was sent since last asked, as JSON.
fn taken(received: &Received) -> Vec<serde_json::Value> {
    received
        .lock()
        .expect("lock")
        .drain(..)
        .map(|(_, body)| serde_json::from_str(&body).expect("json"))
        .collect()
}

#[tokio::test]
async fn a_private_profiles_follower_waits_until_let_in_and_can_be_turned_away() {
    for (app, state) in sites().await {
        let mut ann = app.signup("ann").await;
        let r = ann
            .post_form(
                "/settings/profile",
                &[
                    ("display_name", "Ann"),
                    ("visibility", "private"),
                    ("bio", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let (inbox, received) = sink(StatusCode::ACCEPTED).await;
        let pair = remote_reader(&app, MOUSE, &inbox).await;
        let ann_id = app
            .store
            .user_by_username("ann")
            .await
            .expect("read")
            .expect("ann")
            .id;
        let mouse = app
            .store
            .remote_actor(MOUSE)
            .await
            .expect("read")
            .expect("mouse");

        // Asked twice: one waiting follow, one notice, no answer sent.
        for n in [1, 2] {
            let body = follow(n);
            let r = post_signed(
                &app,
                "/users/ann/inbox",
                &body,
                &body,
                KEY_ID,
                &pair.private_pem,
            )
            .await;
            assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
        }
        assert_eq!(
            app.store
                .remote_followers(ann_id, true)
                .await
                .expect("read")
                .len(),
            1
        );
        assert!(
            app.store
                .remote_followers(ann_id, false)
                .await
                .expect("read")
                .is_empty()
        );
        assert_eq!(delivery::run_due(&state).await.expect("run"), 0);
        assert!(
            taken(&received).is_empty(),
            "nothing is answered before Ann does"
        );
        let notices = ann.get("/notifications").await;
        assert_eq!(
            notices
                .text
                .matches("Mouse asked to follow you from another server")
                .count(),
            1,
            "{}",
            notices.text
        );
        assert!(notices.text.contains("href=\"/friends\""));
        let friends = ann.get("/friends").await;
        assert!(
            friends.text.contains("Followers on other servers"),
            "{}",
            friends.text
        );
        assert!(friends.text.contains("@mouse@bookwyrm.example"));
        assert!(friends.text.contains("Let them follow"));

        // Another reader cannot answer for Ann.
        let mut bo = app.signup("bo").await;
        let path = format!("/people/remote/{}/follower", mouse.id);
        let r = bo.post_form(&path, &[("do", "approve")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", app.backend());
        assert!(
            app.store
                .remote_followers(ann_id, false)
                .await
                .expect("read")
                .is_empty()
        );

        // Let in: an Accept of the latest Follow, signed by Ann, once.
        let r = ann.post_form(&path, &[("do", "approve")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(r.location(), "/friends");
        let r = ann.post_form(&path, &[("do", "approve")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.store
                .remote_followers(ann_id, false)
                .await
                .expect("read")
                .len(),
            1
        );
        assert_eq!(
            delivery::run_due(&state).await.expect("run"),
            1,
            "{}",
            app.backend()
        );
        let sent = taken(&received);
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0]["type"], "Accept");
        assert_eq!(sent[0]["actor"], "https://books.example/users/ann");
        assert_eq!(sent[0]["object"]["type"], "Follow");
        assert_eq!(sent[0]["object"]["id"], format!("{MOUSE}#follows/2"));
        assert_eq!(sent[0]["object"]["actor"], MOUSE);
        let friends = ann.get("/friends").await;
        assert!(
            friends.text.contains(">Remove</button>"),
            "{}",
            friends.text
        );
        assert!(!friends.text.contains("Let them follow"));

        // Removed: a Reject goes, and nothing more is theirs.
        let r = ann.post_form(&path, &[("do", "decline")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            app.store
                .remote_followers(ann_id, false)
                .await
                .expect("read")
                .is_empty()
        );
        assert_eq!(delivery::run_due(&state).await.expect("run"), 1);
        let sent = taken(&received);
        assert_eq!(sent[0]["type"], "Reject");
        assert_eq!(sent[0]["object"]["id"], format!("{MOUSE}#follows/2"));
        let r = ann.post_form(&path, &[("do", "decline")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "nobody left to remove");
        let r = ann.post_form(&path, &[("do", "shrug")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn the_api_lists_answers_and_turns_away_followers_elsewhere() {
    for (app, state) in sites().await {
        let token = app.api_user("ann").await;
        let (status, _) = app
            .api(
                Method::PUT,
                "/api/v1/me/profile",
                Some(&token),
                Some(serde_json::json!({"visibility": "friends"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (inbox, received) = sink(StatusCode::ACCEPTED).await;
        let pair = remote_reader(&app, MOUSE, &inbox).await;
        let body = follow(1);
        let r = post_signed(
            &app,
            "/users/ann/inbox",
            &body,
            &body,
            KEY_ID,
            &pair.private_pem,
        )
        .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);

        let (status, list) = app
            .api(
                Method::GET,
                "/api/v1/people/remote/followers",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["waiting"][0]["handle"], "@mouse@bookwyrm.example");
        assert_eq!(list["followers"].as_array().map(Vec::len), Some(0));
        let id = list["waiting"][0]["id"].as_i64().expect("id");
        let path = format!("/api/v1/people/remote/{id}/follower");

        let stranger = app.api_user("cy").await;
        let (status, _) = app.api(Method::PUT, &path, Some(&stranger), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (status, _) = app.api(Method::DELETE, &path, Some(&token), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, list) = app
            .api(
                Method::GET,
                "/api/v1/people/remote/followers",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(list["waiting"].as_array().map(Vec::len), Some(0));
        assert_eq!(delivery::run_due(&state).await.expect("run"), 1);
        let sent = taken(&received);
        assert_eq!(sent[0]["type"], "Reject");
        let (status, _) = app.api(Method::PUT, &path, Some(&token), None).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "turned away: nothing to let in"
        );
    }
}
