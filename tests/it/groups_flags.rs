//! Flags on topic messages wait for the group's moderators before the
//! site's; they hide, dismiss or pass them on. Topic messages notify the
//! topic's starter and the quoted, members only; new accounts post slower.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use crate::groups::{join_group, make_group, post_message, start_topic};
use crate::groups_shelf::signed_in;

async fn flag(app: &TestApp, token: &str, comment: i64) -> i64 {
    ok(
        app,
        Method::POST,
        "/api/v1/flags",
        token,
        json!({"target": "comment", "id": comment, "reason": "abuse"}),
    )
    .await["id"]
        .as_i64()
        .unwrap()
}

fn ids(list: &Value) -> Vec<i64> {
    list["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_topic_flag_goes_to_the_group_first_then_the_site() {
    for app in TestApp::all().await {
        let root = app.api_user("root").await; // the first reader moderates the site
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let g = make_group(&app, &ann, "Flag club", "public", "open").await;
        for t in [&bob, &cat] {
            join_group(&app, g, t).await;
        }
        let topic = start_topic(&app, g, &ann, "Talk", false).await;
        let rude = post_message(&app, topic, &bob, json!({"body": "Something rude"})).await;
        let worse = post_message(&app, topic, &bob, json!({"body": "Something worse"})).await;
        let first = flag(&app, &cat, rude).await;
        let second = flag(&app, &cat, worse).await;
        let site = ok(&app, Method::GET, "/api/v1/flags", &root, Value::Null).await;
        assert!(
            ids(&site).is_empty(),
            "{}: the site waits: {site}",
            app.backend()
        );
        let held = ok(
            &app,
            Method::GET,
            &format!("/api/v1/groups/{g}/flags"),
            &ann,
            Value::Null,
        )
        .await;
        assert_eq!(ids(&held), vec![first, second]);
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/api/v1/groups/{g}/flags"),
                Some(&cat),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "members do not see flags");
        // Passed on, the first reaches the site's queue and leaves the group's.
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/groups/{g}/flags/{first}"),
                Some(&ann),
                Some(json!({"action": "escalate"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let site = ok(&app, Method::GET, "/api/v1/flags", &root, Value::Null).await;
        assert_eq!(ids(&site), vec![first], "{site}");
        // The site's page links it in place, in its topic.
        let mut moderator = signed_in(&app, "root").await;
        let queue = moderator.get("/moderation").await.text;
        assert!(queue.contains(&format!("/topics/{topic}")), "{queue}");
        // The second is hidden from the group's own page.
        let mut owner = signed_in(&app, "ann").await;
        let page = owner.get(&format!("/groups/{g}/flags")).await.text;
        assert!(
            page.contains("Something worse") && !page.contains("Something rude"),
            "{page}"
        );
        let done = owner
            .post_form(
                &format!("/groups/{g}/flags/{second}"),
                &[("action", "remove")],
            )
            .await;
        assert!(done.status.is_redirection(), "{}", done.text);
        let held = ok(
            &app,
            Method::GET,
            &format!("/api/v1/groups/{g}/flags"),
            &ann,
            Value::Null,
        )
        .await;
        assert!(ids(&held).is_empty());
        let shown = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{topic}"),
            &cat,
            Value::Null,
        )
        .await;
        assert_eq!(shown["comments"][1]["removed"], true, "{shown}");
        assert!(shown["comments"][1]["body"].is_null(), "{shown}");
        // What the group's moderator did is in the site's log, beside what
        // the site's own moderators do.
        let log = app.store.moderation_log(5, i64::MAX).await.expect("log");
        let done: Vec<(&str, &str, i64)> = log
            .iter()
            .map(|e| (e.action.as_str(), e.target_kind.as_str(), e.target_id))
            .collect();
        assert_eq!(
            done,
            vec![
                ("removed", "comment", worse),
                ("passed on", "comment", rude)
            ],
            "{}",
            app.backend()
        );
        assert!(
            log.iter()
                .all(|e| e.actor.as_ref().map(|a| a.username.as_str()) == Some("ann"))
        );
        assert!(
            log[0]
                .detail
                .as_deref()
                .is_some_and(|d| d.starts_with(&format!("in group {g}")))
        );
        // Another group's moderator cannot answer this group's flags.
        let other = make_group(&app, &cat, "Elsewhere", "public", "open").await;
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/groups/{other}/flags/{first}"),
                Some(&cat),
                Some(json!({"action": "dismiss"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Group moderators delete messages in their group outright too.
        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/comments/{rude}"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }
}

async fn kinds(app: &TestApp, token: &str) -> Vec<(String, Option<String>, Option<i64>)> {
    let got = ok(
        app,
        Method::GET,
        "/api/v1/notifications",
        token,
        Value::Null,
    )
    .await;
    got["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_string(),
                n["book_title"].as_str().map(str::to_string),
                n["topic_id"].as_i64(),
            )
        })
        .collect()
}

#[tokio::test]
async fn topic_messages_notify_the_starter_and_the_quoted_members() {
    for app in TestApp::all().await {
        let _root = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let g = make_group(&app, &ann, "Quiet club", "private", "open").await;
        for t in [&bob, &cat] {
            join_group(&app, g, t).await;
        }
        let topic = start_topic(&app, g, &ann, "Week one", false).await;
        post_message(&app, topic, &ann, json!({"body": "Start here"})).await;
        let bobs = post_message(&app, topic, &bob, json!({"body": "I loved it"})).await;
        post_message(
            &app,
            topic,
            &cat,
            json!({"body": "Me too", "quote_of": bobs}),
        )
        .await;
        let title = Some("Week one".to_string());
        assert_eq!(
            kinds(&app, &ann).await,
            vec![
                ("topic_reply".into(), title.clone(), Some(topic)),
                ("topic_reply".into(), title.clone(), Some(topic)),
            ],
            "{}: the starter hears of both, not of their own",
            app.backend()
        );
        assert_eq!(
            kinds(&app, &bob).await,
            vec![("topic_quote".into(), title.clone(), Some(topic))]
        );
        assert!(kinds(&app, &cat).await.is_empty());
        // The page says so, and links the message.
        let mut page = signed_in(&app, "bob").await;
        let text = page.get("/notifications").await.text;
        assert!(
            text.contains("cat quoted you in the topic Week one"),
            "{text}"
        );
        assert!(
            text.contains(&format!("/topics/{topic}?page=1#message-3")),
            "{text}"
        );
        // Once Bob leaves the private group, its topic names nothing to him.
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/groups/{g}/leave"),
            &bob,
            Value::Null,
        )
        .await;
        assert_eq!(
            kinds(&app, &bob).await,
            vec![("topic_quote".into(), None, None)]
        );
        let text = page.get("/notifications").await.text;
        assert!(!text.contains("Week one"), "{text}");
        // And he hears of nothing new there.
        post_message(
            &app,
            topic,
            &cat,
            json!({"body": "Again", "quote_of": bobs}),
        )
        .await;
        assert_eq!(kinds(&app, &bob).await.len(), 1);
    }
}

#[tokio::test]
async fn a_new_account_posts_in_topics_at_the_new_account_pace() {
    let slow = |s: &mut dogear::config::Settings| {
        s.comments_per_minute = 10;
        s.new_account_comments_per_minute = 1;
    };
    for app in TestApp::all_with(slow).await {
        let _root = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let g = make_group(&app, &ann, "Fast club", "public", "open").await;
        let topic = start_topic(&app, g, &ann, "Go", false).await;
        post_message(&app, topic, &ann, json!({"body": "One"})).await;
        let (status, body) = app
            .api(
                Method::POST,
                &format!("/api/v1/topics/{topic}/comments"),
                Some(&ann),
                Some(json!({"body": "Two"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: {body}",
            app.backend()
        );
    }
}
