//! Readers' lists: modes, votes and ranks, checks, privacy and merges.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};

pub(crate) async fn make_list(app: &TestApp, token: &str, title: &str, mode: &str) -> i64 {
    let list = ok(
        app,
        Method::POST,
        "/api/v1/lists",
        token,
        json!({"title": title, "description": "A *few* good ones", "mode": mode}),
    )
    .await;
    list["id"].as_i64().unwrap()
}

pub(crate) async fn add(app: &TestApp, token: &str, list: i64, book: i64) -> (StatusCode, Value) {
    let path = format!("/api/v1/lists/{list}/books");
    app.api(
        Method::POST,
        &path,
        Some(token),
        Some(json!({"book_id": book, "note": "belongs here"})),
    )
    .await
}

pub(crate) async fn vote(
    app: &TestApp,
    token: &str,
    list: i64,
    book: i64,
    method: Method,
) -> StatusCode {
    let path = format!("/api/v1/lists/{list}/books/{book}/vote");
    app.api(method, &path, Some(token), None).await.0
}

pub(crate) async fn shown(app: &TestApp, token: Option<&str>, list: i64) -> (StatusCode, Value) {
    app.api(Method::GET, &format!("/api/v1/lists/{list}"), token, None)
        .await
}

pub(crate) fn titles(page: &Value, key: &str) -> Vec<String> {
    page[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["book"]["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn books_rank_by_votes_one_per_reader_and_ties_go_to_the_earlier() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let list = make_list(&app, &ann, "Books set at sea", "open").await;
        let moby = app.book(&ann, "Moby-Dick", "Herman Melville").await;
        let pip = app.book(&ann, "Life of Pi", "Yann Martel").await;
        let sea = app
            .book(&ann, "The Old Man and the Sea", "Ernest Hemingway")
            .await;
        for book in [moby, pip, sea] {
            let (status, added) = add(&app, &ann, list, book).await;
            assert_eq!(status, StatusCode::CREATED, "{}: {added}", app.backend());
            assert_eq!(added["status"], "listed");
        }
        // An open list takes anyone's book at once; twice is a conflict.
        let (status, _) = add(&app, &bob, list, moby).await;
        assert_eq!(status, StatusCode::CONFLICT);

        for token in [&bob, &cat] {
            assert_eq!(
                vote(&app, token, list, sea, Method::PUT).await,
                StatusCode::NO_CONTENT
            );
        }
        assert_eq!(
            vote(&app, &bob, list, pip, Method::PUT).await,
            StatusCode::NO_CONTENT
        );
        // A second vote by the same reader counts once.
        assert_eq!(
            vote(&app, &bob, list, pip, Method::PUT).await,
            StatusCode::NO_CONTENT
        );
        let (_, page) = shown(&app, Some(&bob), list).await;
        assert_eq!(
            titles(&page, "books"),
            ["The Old Man and the Sea", "Life of Pi", "Moby-Dick"],
            "{}",
            app.backend()
        );
        assert_eq!(page["books"][0]["votes"], 2);
        assert_eq!(page["books"][1]["votes"], 1);
        assert_eq!(page["books"][0]["rank"], 1);
        assert_eq!(page["books"][1]["voted"], true);
        assert_eq!(page["list"]["votes_count"], 3);
        assert_eq!(page["list"]["books_count"], 3);

        // Bob takes his vote back: Pi and Moby-Dick tie, and Moby-Dick came first.
        assert_eq!(
            vote(&app, &bob, list, pip, Method::DELETE).await,
            StatusCode::NO_CONTENT
        );
        let (_, page) = shown(&app, None, list).await;
        assert_eq!(
            titles(&page, "books"),
            ["The Old Man and the Sea", "Moby-Dick", "Life of Pi"]
        );
        assert_eq!(
            page["books"][0]["voted"], false,
            "a signed-out reader voted for nothing"
        );
        assert_eq!(page["pending"].as_array().map(Vec::len), Some(0));

        // A reader who leaves takes their vote with them.
        let (status, _) = app
            .api(
                Method::DELETE,
                "/api/v1/accounts/me",
                Some(&cat),
                Some(json!({"password": "correct horse battery"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, page) = shown(&app, None, list).await;
        assert_eq!(page["books"][0]["votes"], 1, "{}", app.backend());
        assert_eq!(page["list"]["votes_count"], 1);
    }
}

#[tokio::test]
async fn curated_lists_wait_for_their_owner_and_closed_ones_take_no_one_elses_books() {
    for app in TestApp::all().await {
        let moderator = app.api_user("moira").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let book = app.book(&ann, "Kindred", "Octavia E. Butler").await;
        let other = app.book(&ann, "Dawn", "Octavia E. Butler").await;

        let curated = make_list(&app, &ann, "Time travel done right", "curated").await;
        let (status, added) = add(&app, &bob, curated, book).await;
        assert_eq!(
            (status, added["status"].as_str()),
            (StatusCode::CREATED, Some("pending"))
        );
        let (_, seen) = shown(&app, Some(&bob), curated).await;
        assert!(titles(&seen, "books").is_empty(), "not on the list yet");
        assert!(
            titles(&seen, "pending").is_empty(),
            "only the owner sees suggestions"
        );
        assert_eq!(
            vote(&app, &bob, curated, book, Method::PUT).await,
            StatusCode::NOT_FOUND
        );
        let (_, mine) = shown(&app, Some(&ann), curated).await;
        assert_eq!(titles(&mine, "pending"), ["Kindred"]);
        assert_eq!(mine["list"]["books_count"], 0);

        let approve = format!("/api/v1/lists/{curated}/books/{book}/approve");
        assert_eq!(
            app.api(Method::POST, &approve, Some(&bob), None).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.api(Method::POST, &approve, Some(&ann), None).await.0,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            app.api(Method::POST, &approve, Some(&ann), None).await.0,
            StatusCode::CONFLICT
        );
        let (_, seen) = shown(&app, None, curated).await;
        assert_eq!(titles(&seen, "books"), ["Kindred"]);

        let (_, _) = add(&app, &bob, curated, other).await;
        let decline = format!("/api/v1/lists/{curated}/books/{other}/decline");
        assert_eq!(
            app.api(Method::POST, &decline, Some(&ann), None).await.0,
            StatusCode::NO_CONTENT
        );
        let (_, mine) = shown(&app, Some(&ann), curated).await;
        assert!(titles(&mine, "pending").is_empty(), "declined is gone");

        let closed = make_list(&app, &ann, "My own shelf of Butler", "closed").await;
        assert_eq!(add(&app, &bob, closed, book).await.0, StatusCode::FORBIDDEN);
        assert_eq!(add(&app, &ann, closed, book).await.0, StatusCode::CREATED);

        // The owner edits and removes; no one else does, but a moderator may delete.
        let path = format!("/api/v1/lists/{closed}");
        let edit = json!({"title": "Butler, all of her", "mode": "open"});
        assert_eq!(
            app.api(Method::PATCH, &path, Some(&bob), Some(edit.clone()))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        let edited = ok(&app, Method::PATCH, &path, &ann, edit).await;
        assert_eq!(
            (edited["title"].as_str(), edited["mode"].as_str()),
            (Some("Butler, all of her"), Some("open"))
        );
        let remove = format!("/api/v1/lists/{closed}/books/{book}");
        assert_eq!(
            app.api(Method::DELETE, &remove, Some(&bob), None).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.api(Method::DELETE, &remove, Some(&ann), None).await.0,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            app.api(Method::DELETE, &path, Some(&bob), None).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.api(Method::DELETE, &path, Some(&moderator), None)
                .await
                .0,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            shown(&app, Some(&ann), closed).await.0,
            StatusCode::NOT_FOUND
        );
        let log = app.store.moderation_log(1, i64::MAX).await.unwrap();
        assert_eq!(
            (log[0].action.as_str(), log[0].target_kind.as_str()),
            ("removed", "list")
        );
    }
}

#[tokio::test]
async fn a_list_is_checked_and_says_which_field_is_wrong() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        for (body, field) in [
            (json!({"title": "  "}), "title"),
            (json!({"title": "x".repeat(201)}), "title"),
            (json!({"title": "Fine", "mode": "public"}), "mode"),
            (
                json!({"title": "Fine", "description": "d".repeat(5001)}),
                "description",
            ),
        ] {
            let (status, problem) = app
                .api(Method::POST, "/api/v1/lists", Some(&ann), Some(body))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }
        let list = make_list(&app, &ann, "Notes", "open").await;
        let book = app.book(&ann, "Emma", "Jane Austen").await;
        let path = format!("/api/v1/lists/{list}/books");
        let long = json!({"book_id": book, "note": "n".repeat(1001)});
        let (status, problem) = app.api(Method::POST, &path, Some(&ann), Some(long)).await;
        assert_eq!(
            (status, problem["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("note"))
        );
        assert_eq!(
            add(&app, &ann, list, 999_999).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, _) = app
            .api(Method::GET, "/api/v1/lists?sort=sideways", None, None)
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn merging_a_book_moves_it_on_lists_and_keeps_every_vote_once() {
    for app in TestApp::all().await {
        let moderator = app.api_user("moira").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let kept = app.book(&ann, "Beloved", "Toni Morrison").await;
        let dupe = app.book(&ann, "Beloved (a copy)", "Toni Morrison").await;
        let both = make_list(&app, &ann, "Both copies", "open").await;
        let one = make_list(&app, &ann, "Only the copy", "open").await;
        for (list, book) in [(both, kept), (both, dupe), (one, dupe)] {
            add(&app, &ann, list, book).await;
        }
        vote(&app, &ann, both, kept, Method::PUT).await;
        vote(&app, &ann, both, dupe, Method::PUT).await;
        vote(&app, &bob, both, dupe, Method::PUT).await;
        vote(&app, &bob, one, dupe, Method::PUT).await;
        let path = format!("/api/v1/books/{dupe}/merge");
        ok(&app, Method::POST, &path, &moderator, json!({"into": kept})).await;

        let (_, page) = shown(&app, None, both).await;
        assert_eq!(titles(&page, "books"), ["Beloved"], "{}", app.backend());
        assert_eq!(
            page["books"][0]["votes"], 2,
            "ann's two votes are one, bob's stays"
        );
        assert_eq!(
            (
                page["list"]["books_count"].as_i64(),
                page["list"]["votes_count"].as_i64()
            ),
            (Some(1), Some(2))
        );
        let (_, page) = shown(&app, None, one).await;
        assert_eq!(titles(&page, "books"), ["Beloved"]);
        assert_eq!(page["books"][0]["votes"], 1);
    }
}

#[tokio::test]
async fn private_and_blocking_readers_lists_look_missing_everywhere() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let book = app.book(&ann, "Persuasion", "Jane Austen").await;
        let list = make_list(&app, &ann, "Second chances", "open").await;
        add(&app, &ann, list, book).await;
        assert_eq!(shown(&app, Some(&bob), list).await.0, StatusCode::OK);

        ok(
            &app,
            Method::PUT,
            "/api/v1/users/bob/block",
            &ann,
            json!({}),
        )
        .await;
        assert_eq!(
            shown(&app, Some(&bob), list).await.0,
            StatusCode::NOT_FOUND,
            "{}",
            app.backend()
        );
        assert_eq!(add(&app, &bob, list, book).await.0, StatusCode::NOT_FOUND);
        let (_, found) = app
            .api(Method::GET, "/api/v1/lists?q=second", Some(&bob), None)
            .await;
        assert_eq!(found["lists"].as_array().map(Vec::len), Some(0));
        let (_, on_book) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/lists"),
                Some(&bob),
                None,
            )
            .await;
        assert_eq!(on_book["lists"].as_array().map(Vec::len), Some(0));
        let (_, found) = app
            .api(Method::GET, "/api/v1/lists?q=second", None, None)
            .await;
        assert_eq!(
            found["lists"][0]["title"], "Second chances",
            "others still see it"
        );

        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann,
            json!({"visibility": "private"}),
        )
        .await;
        assert_eq!(shown(&app, None, list).await.0, StatusCode::NOT_FOUND);
        let mut visitor = app.browser();
        assert_eq!(
            visitor.get(&format!("/lists/{list}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert!(
            !visitor
                .get(&format!("/books/{book}"))
                .await
                .text
                .contains("Second chances")
        );
        assert!(!visitor.get("/lists").await.text.contains("Second chances"));
        assert_eq!(
            visitor
                .get(&format!("/feeds/lists/{list}.rss"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            shown(&app, Some(&ann), list).await.0,
            StatusCode::OK,
            "the owner still sees it"
        );
    }
}
