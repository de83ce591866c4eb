//! Reading groups through the API: the three doors, roles, leaving and
//! handing over, pinned and locked topics on the thread engine.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};

/// Starts a group owned by `token`'s reader; returns its id.
pub async fn make_group(
    app: &TestApp,
    token: &str,
    name: &str,
    visibility: &str,
    joining: &str,
) -> i64 {
    let made = ok(
        app,
        Method::POST,
        "/api/v1/groups",
        token,
        json!({"name": name, "description": "We read slowly.", "visibility": visibility, "joining": joining}),
    )
    .await;
    made["id"].as_i64().unwrap()
}

/// Joins (or asks to join) group `g` as `token`'s reader.
pub async fn join_group(app: &TestApp, g: i64, token: &str) {
    ok(
        app,
        Method::POST,
        &format!("/api/v1/groups/{g}/join"),
        token,
        json!({}),
    )
    .await;
}

/// Starts a topic in group `g`; returns its id.
pub async fn start_topic(app: &TestApp, g: i64, token: &str, title: &str, read_along: bool) -> i64 {
    ok(
        app,
        Method::POST,
        &format!("/api/v1/groups/{g}/topics"),
        token,
        json!({"title": title, "read_along": read_along}),
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

/// Posts `body` (a message's JSON) in a topic; returns the message's id.
pub async fn post_message(app: &TestApp, topic: i64, token: &str, body: Value) -> i64 {
    ok(
        app,
        Method::POST,
        &format!("/api/v1/topics/{topic}/comments"),
        token,
        body,
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.api(method, path, Some(token), Some(body)).await
}

async fn user_id(app: &TestApp, token: &str) -> i64 {
    let (_, me) = app
        .api(Method::GET, "/api/v1/accounts/me", Some(token), None)
        .await;
    me["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_three_doors_roles_leaving_and_handing_over() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let open = make_group(&app, &ann, "Open door", "public", "open").await;
        let asked = make_group(&app, &ann, "Knock first", "public", "request").await;
        let invited = make_group(&app, &ann, "By invitation", "public", "invite").await;

        let join = |g: i64| format!("/api/v1/groups/{g}/join");
        let (_, j) = call(&app, Method::POST, &join(open), &bob, json!({})).await;
        assert_eq!(j["status"], "joined", "{}", app.backend());
        let (_, j) = call(&app, Method::POST, &join(asked), &bob, json!({})).await;
        assert_eq!(j["status"], "requested");
        let (status, j) = call(&app, Method::POST, &join(invited), &bob, json!({})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{j}");
        let (_, wrong) = call(
            &app,
            Method::POST,
            &join(invited),
            &bob,
            json!({"code": "guess"}),
        )
        .await;
        assert_eq!(wrong["status"].as_str(), None, "a wrong code opens nothing");
        // Only its moderators get the link's secret.
        let (_, seen) = app
            .api(
                Method::GET,
                &format!("/api/v1/groups/{invited}"),
                Some(&bob),
                None,
            )
            .await;
        assert!(seen["invite_code"].is_null());
        let code = ok(
            &app,
            Method::GET,
            &format!("/api/v1/groups/{invited}"),
            &ann,
            Value::Null,
        )
        .await["invite_code"]
            .as_str()
            .unwrap()
            .to_string();
        let (_, j) = call(
            &app,
            Method::POST,
            &join(invited),
            &bob,
            json!({"code": code}),
        )
        .await;
        assert_eq!(j["status"], "joined");

        // A request waits for a moderator; a member cannot let it in.
        let bob_id = user_id(&app, &bob).await;
        let cat_id = user_id(&app, &cat).await;
        let members = format!("/api/v1/groups/{asked}/members");
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("{members}/{bob_id}"),
            &cat,
            json!({"role": "member"}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let waiting = ok(
            &app,
            Method::GET,
            &format!("{members}?waiting=true"),
            &ann,
            Value::Null,
        )
        .await;
        assert_eq!(waiting["members"][0]["user"]["username"], "bob");
        let (status, _) = app
            .api(
                Method::GET,
                &format!("{members}?waiting=true"),
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "requests are for moderators");
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("{members}/{bob_id}"),
            &ann,
            json!({"role": "member"}),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let shown = ok(
            &app,
            Method::GET,
            &format!("/api/v1/groups/{asked}"),
            &bob,
            Value::Null,
        )
        .await;
        assert_eq!(
            (shown["role"].as_str(), shown["members_count"].as_i64()),
            (Some("member"), Some(2))
        );

        // The owner makes a moderator, who lets cat in but cannot make moderators.
        call(
            &app,
            Method::PUT,
            &format!("{members}/{bob_id}"),
            &ann,
            json!({"role": "moderator"}),
        )
        .await;
        call(&app, Method::POST, &join(asked), &cat, json!({})).await;
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("{members}/{cat_id}"),
            &bob,
            json!({"role": "moderator"}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("{members}/{cat_id}"),
            &bob,
            json!({"role": "member"}),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("{members}/{cat_id}"),
            &bob,
            json!({"role": "owner"}),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "ownership is handed over, not granted"
        );

        // The owner cannot leave before handing over; then they can.
        let leave = format!("/api/v1/groups/{asked}/leave");
        let (status, _) = call(&app, Method::POST, &leave, &ann, json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = call(
            &app,
            Method::POST,
            &format!("/api/v1/groups/{asked}/owner"),
            &bob,
            json!({"user_id": cat_id}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only the owner hands over");
        let (status, _) = call(
            &app,
            Method::POST,
            &format!("/api/v1/groups/{asked}/owner"),
            &ann,
            json!({"user_id": cat_id}),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(&app, Method::POST, &leave, &ann, json!({})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let listed = ok(&app, Method::GET, &members, &cat, Value::Null).await;
        let roles: Vec<(String, String)> = listed["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["user"]["username"].as_str().unwrap().into(),
                    m["role"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert_eq!(
            roles,
            [
                ("cat".into(), "owner".into()),
                ("bob".into(), "moderator".into())
            ]
        );
        let mine = ok(&app, Method::GET, "/api/v1/groups/mine", &ann, Value::Null).await;
        assert_eq!(
            mine["groups"].as_array().unwrap().len(),
            2,
            "ann left one of three"
        );
    }
}

#[tokio::test]
async fn topics_are_numbered_threads_that_moderators_pin_and_lock() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let eve = app.api_user("eve").await;
        let g = make_group(&app, &ann, "Talkers", "public", "open").await;
        call(
            &app,
            Method::POST,
            &format!("/api/v1/groups/{g}/join"),
            &bob,
            json!({}),
        )
        .await;
        let topics = format!("/api/v1/groups/{g}/topics");
        let (status, _) = call(
            &app,
            Method::POST,
            &topics,
            &eve,
            json!({"title": "Not a member"}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", app.backend());
        let first = ok(
            &app,
            Method::POST,
            &topics,
            &bob,
            json!({"title": "Introductions"}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let rules = ok(
            &app,
            Method::POST,
            &topics,
            &ann,
            json!({"title": "House rules"}),
        )
        .await["id"]
            .as_i64()
            .unwrap();
        let post = |t: i64| format!("/api/v1/topics/{t}/comments");
        assert_eq!(
            ok(
                &app,
                Method::POST,
                &post(first),
                &bob,
                json!({"body": "Hello"})
            )
            .await["number"],
            1
        );
        assert_eq!(
            ok(
                &app,
                Method::POST,
                &post(first),
                &ann,
                json!({"body": "Welcome"})
            )
            .await["number"],
            2
        );
        let (status, _) = call(
            &app,
            Method::POST,
            &post(first),
            &eve,
            json!({"body": "Drive-by"}),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "outsiders read a public group but do not post"
        );

        // The latest talk first, a pinned topic above it all.
        let order = |v: &Value| -> Vec<i64> {
            v["topics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_i64().unwrap())
                .collect()
        };
        let (status, _) = call(
            &app,
            Method::PATCH,
            &format!("/api/v1/topics/{rules}"),
            &bob,
            json!({"pinned": true}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "members do not pin");
        ok(
            &app,
            Method::PATCH,
            &format!("/api/v1/topics/{rules}"),
            &ann,
            json!({"pinned": true}),
        )
        .await;
        assert_eq!(
            order(&ok(&app, Method::GET, &topics, &eve, Value::Null).await),
            [rules, first]
        );

        // Locked: members stop, the group's moderators may still speak.
        ok(
            &app,
            Method::PATCH,
            &format!("/api/v1/topics/{first}"),
            &ann,
            json!({"locked": true}),
        )
        .await;
        let (status, _) = call(
            &app,
            Method::POST,
            &post(first),
            &bob,
            json!({"body": "One more"}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(
            ok(
                &app,
                Method::POST,
                &post(first),
                &ann,
                json!({"body": "Closing"})
            )
            .await["number"],
            3
        );

        // The thread reads like any other: numbers, "new" marks per reader.
        let thread = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{first}"),
            &bob,
            Value::Null,
        )
        .await;
        assert_eq!(
            (thread["total"].as_i64(), thread["new_count"].as_i64()),
            (Some(3), Some(3))
        );
        assert_eq!(thread["topic"]["locked"], true);
        let again = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{first}"),
            &bob,
            Value::Null,
        )
        .await;
        assert_eq!(again["new_count"], 0);
        // A group moderator deletes a member's message; its number stays.
        let hello = thread["comments"][0]["id"].as_i64().unwrap();
        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/comments/{hello}"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let after = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{first}"),
            &eve,
            Value::Null,
        )
        .await;
        assert_eq!(
            (
                after["comments"][0]["deleted"].as_bool(),
                after["total"].as_i64()
            ),
            (Some(true), Some(3))
        );
    }
}
