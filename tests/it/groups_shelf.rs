//! A group's shelf and the pages that keep a group: members put books
//! forward and vote, moderators move them, the owner sets the current book
//! (the last one goes to Read); editing, roles, hand-over, pin and lock, the
//! schedule through forms; and a public group's topics as a feed.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{Browser, TestApp, ok};
use crate::groups::{join_group, make_group, start_topic};

/// A browser signed in as a reader `api_user` made.
pub async fn signed_in(app: &TestApp, username: &str) -> Browser {
    let mut browser = app.browser();
    let done = browser
        .post_form(
            "/signin",
            &[
                ("username", username),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert!(done.status.is_redirection(), "{username} signs in");
    browser
}

async fn shelf(app: &TestApp, g: i64, token: &str) -> Vec<(String, String, i64)> {
    let got = ok(
        app,
        Method::GET,
        &format!("/api/v1/groups/{g}/shelf"),
        token,
        Value::Null,
    )
    .await;
    got["books"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["title"].as_str().unwrap().to_string(),
                b["shelf"].as_str().unwrap().to_string(),
                b["votes"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn row(title: &str, shelf: &str, votes: i64) -> (String, String, i64) {
    (title.to_string(), shelf.to_string(), votes)
}

#[tokio::test]
async fn members_put_books_forward_and_vote_and_the_owner_starts_one() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let g = make_group(&app, &ann, "Shelf club", "public", "open").await;
        join_group(&app, g, &bob).await;
        let kindred = app.book(&ann, "Kindred", "Octavia E. Butler").await;
        let dawn = app.book(&ann, "Dawn", "Octavia E. Butler").await;
        let sower = app
            .book(&ann, "Parable of the Sower", "Octavia E. Butler")
            .await;
        let propose = |book: i64| json!({"book_id": book});
        let path = format!("/api/v1/groups/{g}/shelf");
        let (status, _) = app
            .api(Method::POST, &path, Some(&bob), Some(propose(kindred)))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{}", app.backend());
        // Cat is not a member: no proposing, no voting.
        let (status, _) = app
            .api(Method::POST, &path, Some(&cat), Some(propose(dawn)))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let vote = format!("{path}/{kindred}/vote");
        let (status, _) = app.api(Method::PUT, &vote, Some(&cat), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = app
            .api(
                Method::POST,
                &path,
                Some(&bob),
                Some(json!({"book_id": 999999})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["errors"][0]["field"], "book_id", "{body}");
        // Twice is once.
        for _ in 0..2 {
            let (status, _) = app.api(Method::PUT, &vote, Some(&ann), None).await;
            assert_eq!(status, StatusCode::OK);
        }
        ok(&app, Method::POST, &path, &ann, propose(dawn)).await;
        assert_eq!(
            shelf(&app, g, &cat).await,
            vec![row("Kindred", "proposed", 2), row("Dawn", "proposed", 1)],
            "{}: proposals by votes, seen by anyone in a public group",
            app.backend()
        );
        // Moderators choose; members do not.
        let place = format!("{path}/{dawn}");
        let (status, _) = app
            .api(
                Method::PUT,
                &place,
                Some(&bob),
                Some(json!({"shelf": "next"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = app
            .api(
                Method::PUT,
                &place,
                Some(&ann),
                Some(json!({"shelf": "reading"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        ok(&app, Method::PUT, &place, &ann, json!({"shelf": "next"})).await;
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("{path}/{dawn}/vote"),
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "a chosen book takes no votes");
        // The owner starts Kindred, then Dawn: Kindred goes to Read.
        let current = format!("/api/v1/groups/{g}/current-book");
        ok(
            &app,
            Method::PUT,
            &current,
            &ann,
            json!({"book_id": kindred, "started_on": "2026-11-01"}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &current,
            &ann,
            json!({"book_id": dawn, "started_on": "2026-12-01"}),
        )
        .await;
        assert_eq!(
            shelf(&app, g, &bob).await,
            vec![row("Dawn", "reading", 1), row("Kindred", "read", 2)],
            "{}",
            app.backend()
        );
        // On the page, by form: a book named by its address, a vote taken back.
        let mut bob_page = signed_in(&app, "bob").await;
        let sent = bob_page
            .post_form(
                &format!("/groups/{g}/shelf"),
                &[("book", &format!("https://dogear.example/books/{sower}"))],
            )
            .await;
        assert!(sent.status.is_redirection(), "{}", sent.text);
        let bad = bob_page
            .post_form(&format!("/groups/{g}/shelf"), &[("book", "Middlemarch")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
        let page = bob_page.get(&format!("/groups/{g}")).await.text;
        let at = |words: &str| {
            page.find(words)
                .unwrap_or_else(|| panic!("{words}: {page}"))
        };
        assert!(at("Reading now") < at("Put forward") && at("Put forward") < at(">Read<"));
        assert!(page.contains("1 vote, put forward by bob") && page.contains("Take back my vote"));
        bob_page
            .post_form(
                &format!("/groups/{g}/shelf/{sower}/vote"),
                &[("vote", "no")],
            )
            .await;
        assert!(
            shelf(&app, g, &bob)
                .await
                .contains(&row("Parable of the Sower", "proposed", 0))
        );
        // A moderator takes it off the shelf.
        let mut ann_page = signed_in(&app, "ann").await;
        ann_page
            .post_form(
                &format!("/groups/{g}/shelf/{sower}/place"),
                &[("shelf", "remove")],
            )
            .await;
        assert_eq!(shelf(&app, g, &bob).await.len(), 2);
    }
}

#[tokio::test]
async fn the_owner_and_moderators_keep_the_group_through_its_pages() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let eve = app.api_user("eve").await;
        let g = make_group(&app, &ann, "Kept club", "public", "request").await;
        join_group(&app, g, &bob).await;
        join_group(&app, g, &eve).await;
        let mut owner = signed_in(&app, "ann").await;
        let mut bob_page = signed_in(&app, "bob").await;
        let bob_id = ok(&app, Method::GET, "/api/v1/accounts/me", &bob, Value::Null).await["id"]
            .as_i64()
            .unwrap();
        let eve_id = ok(&app, Method::GET, "/api/v1/accounts/me", &eve, Value::Null).await["id"]
            .as_i64()
            .unwrap();
        // The owner lets Bob in and makes him a moderator from the members page.
        let members = owner.get(&format!("/groups/{g}/members")).await.text;
        assert!(
            members.contains("Asking to join") && members.contains("Let in"),
            "{members}"
        );
        owner
            .post_form(
                &format!("/groups/{g}/members/{bob_id}/role"),
                &[("role", "member")],
            )
            .await;
        owner
            .post_form(
                &format!("/groups/{g}/members/{bob_id}/role"),
                &[("role", "moderator")],
            )
            .await;
        // Bob, a moderator now, turns Eve's request down; members cannot edit.
        let seen = bob_page.get(&format!("/groups/{g}/members")).await.text;
        assert!(
            seen.contains(&format!("request-{eve_id}")),
            "{}: {seen}",
            app.backend()
        );
        assert!(
            !seen.contains("Hand the group over"),
            "only the owner hands over"
        );
        bob_page
            .post_form(&format!("/groups/{g}/members/{eve_id}/remove"), &[])
            .await;
        let (_, waiting) = app
            .api(
                Method::GET,
                &format!("/api/v1/groups/{g}/members?waiting=true"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(
            waiting["members"].as_array().map(Vec::len),
            Some(0),
            "{waiting}"
        );
        assert_eq!(
            bob_page.get(&format!("/groups/{g}/edit")).await.status,
            StatusCode::FORBIDDEN
        );
        // The owner edits the group.
        let form = owner.get(&format!("/groups/{g}/edit")).await;
        assert_eq!(form.status, StatusCode::OK);
        let saved = owner
            .post_form(
                &format!("/groups/{g}/edit"),
                &[
                    ("name", "Kept <club>"),
                    ("description", "Renamed."),
                    ("picture", ""),
                    ("visibility", "public"),
                    ("joining", "open"),
                ],
            )
            .await;
        assert!(saved.status.is_redirection(), "{}", saved.text);
        let bad = owner
            .post_form(
                &format!("/groups/{g}/edit"),
                &[
                    ("name", ""),
                    ("visibility", "public"),
                    ("joining", "sideways"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let page = owner.get(&format!("/groups/{g}")).await.text;
        assert!(
            page.contains("Kept &#60;club&#62;") && !page.contains("Kept <club>"),
            "{page}"
        );
        // The current book and a checkpoint, by form.
        let book = app.book(&ann, "Middlemarch", "George Eliot").await;
        owner
            .post_form(
                &format!("/groups/{g}/current-book"),
                &[
                    ("book", &format!("/books/{book}")),
                    ("started_on", "2026-12-01"),
                ],
            )
            .await;
        let bad = owner
            .post_form(
                &format!("/groups/{g}/schedule"),
                &[
                    ("label", "Book one"),
                    ("up_to_page", "lots"),
                    ("due_on", "2026-12-08"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        owner
            .post_form(
                &format!("/groups/{g}/schedule"),
                &[
                    ("label", "Book one"),
                    ("up_to_page", "90"),
                    ("due_on", "2026-12-08"),
                ],
            )
            .await;
        let page = owner.get(&format!("/groups/{g}")).await.text;
        assert!(
            page.contains("Middlemarch") && page.contains("Book one"),
            "{page}"
        );
        // Pin and lock a topic from its page.
        let topic = start_topic(&app, g, &ann, "House rules", false).await;
        let shown = bob_page.get(&format!("/topics/{topic}")).await.text;
        assert!(shown.contains("Pin to the top"), "moderators see the tools");
        bob_page
            .post_form(&format!("/topics/{topic}/state"), &[("pinned", "yes")])
            .await;
        bob_page
            .post_form(&format!("/topics/{topic}/state"), &[("locked", "yes")])
            .await;
        let t = ok(
            &app,
            Method::GET,
            &format!("/api/v1/topics/{topic}"),
            &ann,
            Value::Null,
        )
        .await;
        assert_eq!(
            (
                t["topic"]["pinned"].as_bool(),
                t["topic"]["locked"].as_bool()
            ),
            (Some(true), Some(true))
        );
        // The owner hands the group to Bob and stays as a moderator.
        owner
            .post_form(&format!("/groups/{g}/members/{bob_id}/owner"), &[])
            .await;
        let me = ok(
            &app,
            Method::GET,
            &format!("/api/v1/groups/{g}"),
            &ann,
            Value::Null,
        )
        .await;
        assert_eq!(me["role"], "moderator", "{}", app.backend());
        // And the new owner removes the group.
        let gone = bob_page
            .post_form(&format!("/groups/{g}/delete"), &[])
            .await;
        assert!(gone.status.is_redirection());
        assert_eq!(
            app.api(Method::GET, &format!("/api/v1/groups/{g}"), None, None)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_public_groups_topics_are_a_feed_and_a_private_ones_are_not() {
    for app in TestApp::all().await {
        let _admin = app.api_user("root").await;
        let ann = app.api_user("ann").await;
        let open = make_group(&app, &ann, "Open & loud", "public", "open").await;
        let closed = make_group(&app, &ann, "Hush", "private", "invite").await;
        for (g, title) in [(open, "Chapter <one>"), (closed, "Secret plans")] {
            ok(
                &app,
                Method::POST,
                &format!("/api/v1/groups/{g}/topics"),
                &ann,
                json!({"title": title}),
            )
            .await;
        }
        let mut reader = app.browser();
        let feed = reader.get(&format!("/feeds/groups/{open}.rss")).await;
        assert_eq!(feed.status, StatusCode::OK, "{}", app.backend());
        assert!(
            feed.text.contains("<title>Chapter &#60;one&#62;</title>")
                && feed.text.contains("Open &#38; loud")
                && !feed.text.contains("<one>"),
            "{}",
            feed.text
        );
        let atom = reader.get(&format!("/feeds/groups/{open}.atom")).await;
        assert_eq!(atom.status, StatusCode::OK);
        // Even its owner gets no feed of a private group: feeds are for anyone.
        let mut owner = signed_in(&app, "ann").await;
        for path in [
            format!("/feeds/groups/{closed}.rss"),
            "/feeds/groups/999999.rss".to_string(),
            format!("/feeds/groups/{open}.txt"),
        ] {
            let got = owner.get(&path).await;
            assert_eq!(got.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!got.text.contains("Secret plans"));
        }
    }
}
