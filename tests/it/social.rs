//! Reading together: friends, follows, blocks, privacy, and the feed.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{Browser, TestApp, ok, png};

pub(crate) async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
) -> (StatusCode, Value) {
    app.api(method, path, Some(token), None).await
}

pub(crate) async fn befriend(app: &TestApp, a: (&str, &str), b: (&str, &str)) {
    let (status, _) = call(
        app,
        Method::POST,
        &format!("/api/v1/users/{}/friend", b.0),
        a.1,
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{}", app.backend());
    let (status, _) = call(
        app,
        Method::POST,
        &format!("/api/v1/users/{}/friend/accept", a.0),
        b.1,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

async fn relation(app: &TestApp, token: &str, other: &str) -> Value {
    let (_, profile) = call(app, Method::GET, &format!("/api/v1/users/{other}"), token).await;
    profile["relation"].clone()
}

pub(crate) async fn signin(app: &TestApp, name: &str) -> Browser {
    let mut browser = app.browser();
    let response = browser
        .post_form(
            "/signin",
            &[("username", name), ("password", "correct horse battery")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "sign in {name}");
    browser
}

async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let (_, list) = call(app, Method::GET, "/api/v1/notifications", token).await;
    list["notifications"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n["kind"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn friendship_goes_from_request_to_friends_and_back() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;

        // Ask; asking again changes nothing; the other sees the request.
        let (status, out) = call(&app, Method::POST, "/api/v1/users/bob/friend", &ann).await;
        assert_eq!(
            (status, out["state"].as_str()),
            (StatusCode::ACCEPTED, Some("requested")),
            "{}",
            app.backend()
        );
        let (status, _) = call(&app, Method::POST, "/api/v1/users/bob/friend", &ann).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(relation(&app, &ann, "bob").await["request_sent"], true);
        let (_, mine) = call(&app, Method::GET, "/api/v1/me/friends", &bob).await;
        assert_eq!(mine["requests"][0]["username"], "ann");
        assert!(
            kinds(&app, &bob)
                .await
                .contains(&"friend_request".to_string())
        );

        // Accepting needs a request; Bob accepts Ann's.
        let (status, _) = call(&app, Method::POST, "/api/v1/users/cat/friend/accept", &bob).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, _) = call(&app, Method::POST, "/api/v1/users/ann/friend/accept", &bob).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(relation(&app, &ann, "bob").await["friends"], true);
        assert_eq!(relation(&app, &bob, "ann").await["friends"], true);
        assert!(
            kinds(&app, &ann)
                .await
                .contains(&"friend_accepted".to_string())
        );
        let (_, mine) = call(&app, Method::GET, "/api/v1/me/friends", &ann).await;
        assert_eq!(mine["friends"][0]["username"], "bob");
        assert_eq!(mine["requests"], json!([]));

        // Unfriending ends it for both.
        let (status, _) = call(&app, Method::DELETE, "/api/v1/users/bob/friend", &ann).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(relation(&app, &bob, "ann").await["friends"], false);

        // A declined request is gone; two readers asking each other are friends at once.
        call(&app, Method::POST, "/api/v1/users/bob/friend", &cat).await;
        let (status, _) = call(&app, Method::DELETE, "/api/v1/users/cat/friend", &bob).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(relation(&app, &bob, "cat").await["request_received"], false);
        call(&app, Method::POST, "/api/v1/users/ann/friend", &cat).await;
        let (status, out) = call(&app, Method::POST, "/api/v1/users/cat/friend", &ann).await;
        assert_eq!(
            (status, out["state"].as_str()),
            (StatusCode::OK, Some("friends"))
        );

        // Nobody befriends themselves or a reader who is not there.
        let (status, body) = call(&app, Method::POST, "/api/v1/users/ann/friend", &ann).await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("username"))
        );
        let (status, _) = call(&app, Method::POST, "/api/v1/users/nobody/friend", &ann).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = app
            .api(Method::POST, "/api/v1/users/bob/friend", None, None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        // Follows are one-way.
        let (status, _) = call(&app, Method::PUT, "/api/v1/users/bob/follow", &cat).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(relation(&app, &cat, "bob").await["following"], true);
        assert_eq!(relation(&app, &bob, "cat").await["followed_by"], true);
        assert_eq!(relation(&app, &bob, "cat").await["following"], false);
        call(&app, Method::DELETE, "/api/v1/users/bob/follow", &cat).await;
        assert_eq!(relation(&app, &cat, "bob").await["following"], false);

        // The same from the pages, with the form's token.
        let mut dan = app.signup("dan").await;
        let response = dan
            .post_form("/users/ann/relation", &[("do", "request")])
            .await;
        assert_eq!(
            (response.status, response.location()),
            (StatusCode::SEE_OTHER, "/users/ann")
        );
        let page = signin(&app, "ann").await.get("/friends").await.text;
        assert!(
            page.contains("/users/dan") && page.contains("Accept"),
            "the request waits on the friends page"
        );
        let mut ann_browser = signin(&app, "ann").await;
        ann_browser
            .post_form("/users/dan/relation", &[("do", "accept")])
            .await;
        let profile = ann_browser.get("/users/dan").await.text;
        assert!(profile.contains("Unfriend"), "{profile}");
    }
}

#[tokio::test]
async fn a_blocked_reader_cannot_see_reach_or_appear_to_the_blocker() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        befriend(&app, ("ann", &ann), ("bob", &bob)).await;
        call(&app, Method::PUT, "/api/v1/users/ann/follow", &bob).await;
        let book = app.book(&ann, "Persuasion", "Jane Austen").await;
        let ann_review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &ann,
            json!({"body": "Anne waits."}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &bob,
            json!({"body": "Bob talks."}),
        )
        .await;

        // Bob has spoken in a third reader's thread before the block.
        let cat = app.api_user("cat").await;
        let cat_review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &cat,
            json!({"body": "Wentworth!"}),
        )
        .await;
        let thread = format!("/api/v1/reviews/{}/comments", cat_review["id"]);
        let bobs = ok(
            &app,
            Method::POST,
            &thread,
            &bob,
            json!({"body": "Bob was here."}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &thread,
            &ann,
            json!({"body": "Ann too."}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &thread,
            &cat,
            json!({"body": "Cat quotes Bob.", "quote_of": bobs["id"]}),
        )
        .await;
        let (status, _) = call(&app, Method::PUT, "/api/v1/users/bob/block", &ann).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{}", app.backend());
        let rel = relation(&app, &ann, "bob").await;
        assert_eq!(
            (
                rel["friends"].as_bool(),
                rel["followed_by"].as_bool(),
                rel["blocking"].as_bool()
            ),
            (Some(false), Some(false), Some(true)),
            "blocking ends friendship and follows"
        );

        // Bob cannot see Ann, her review, or reach her.
        let (status, _) = call(&app, Method::GET, "/api/v1/users/ann", &bob).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            signin(&app, "bob").await.get("/users/ann").await.status,
            StatusCode::NOT_FOUND
        );
        let review_path = format!("/api/v1/reviews/{}", ann_review["id"]);
        assert_eq!(
            call(&app, Method::GET, &review_path, &bob).await.0,
            StatusCode::NOT_FOUND
        );
        let (status, _) = app
            .api(
                Method::POST,
                &format!("{review_path}/comments"),
                Some(&bob),
                Some(json!({"body": "hello?"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "no comments under the blocker's review"
        );
        assert_eq!(
            call(&app, Method::POST, "/api/v1/users/ann/friend", &bob)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            call(&app, Method::PUT, "/api/v1/users/ann/follow", &bob)
                .await
                .0,
            StatusCode::NOT_FOUND
        );
        // And each vanishes from the other's lists.
        let reviewers = |list: &Value| -> Vec<String> {
            list["reviews"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["reviewer"]["username"].as_str().map(str::to_string))
                .collect()
        };
        let (_, seen_by_bob) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{book}/reviews"),
            &bob,
        )
        .await;
        assert_eq!(reviewers(&seen_by_bob), vec!["cat", "bob"]);
        let (_, seen_by_ann) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{book}/reviews"),
            &ann,
        )
        .await;
        assert_eq!(reviewers(&seen_by_ann), vec!["cat", "ann"]);
        let (_, seen_by_all) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/reviews"),
                None,
                None,
            )
            .await;
        assert_eq!(
            reviewers(&seen_by_all).len(),
            3,
            "others still see them all"
        );
        // In others' threads the blocked reader's words vanish for Ann; the numbers stay.
        let (_, seen) = call(&app, Method::GET, &thread, &ann).await;
        assert_eq!(seen["comments"][0]["number"], 1);
        assert_eq!(
            (
                seen["comments"][0]["hidden"].as_bool(),
                seen["comments"][0]["body"].is_null()
            ),
            (Some(true), true),
            "{seen}"
        );
        assert_eq!(seen["comments"][1]["body"], "Ann too.");
        let page = signin(&app, "ann")
            .await
            .get(&format!("/reviews/{}", cat_review["id"]))
            .await
            .text;
        assert!(!page.contains("Bob was here.") && page.contains("this message is hidden"));
        assert!(
            page.contains("Cat quotes Bob.") && page.contains("[hidden] wrote"),
            "a quote of a hidden message hides it too"
        );
        let (_, for_cat) = call(&app, Method::GET, &thread, &cat).await;
        assert_eq!(
            for_cat["comments"][0]["body"], "Bob was here.",
            "others still hear Bob"
        );
        // Ann must unblock before befriending again; then all is as before.
        assert_eq!(
            call(&app, Method::POST, "/api/v1/users/bob/friend", &ann)
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        call(&app, Method::DELETE, "/api/v1/users/bob/block", &ann).await;
        assert_eq!(
            call(&app, Method::GET, &review_path, &bob).await.0,
            StatusCode::OK
        );
    }
}

/// Who sees what: every viewer against every setting, on each page and call.
#[tokio::test]
async fn privacy_holds_for_every_viewer_setting_and_surface() {
    for app in TestApp::all().await {
        let owner = app.api_user("owner").await;
        let friend = app.api_user("friend").await;
        let fan = app.api_user("fan").await; // follows, not a friend
        let stranger = app.api_user("stranger").await;
        befriend(&app, ("owner", &owner), ("friend", &friend)).await;
        call(&app, Method::PUT, "/api/v1/users/owner/follow", &fan).await;
        call(&app, Method::PUT, "/api/v1/users/owner/follow", &friend).await;
        let book = app.book(&owner, "Middlemarch", "George Eliot").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/rating"),
            &owner,
            json!({"stars": 5}),
        )
        .await;

        let viewers: [(&str, Option<&str>); 5] = [
            ("anonymous", None),
            ("stranger", Some(&stranger)),
            ("fan", Some(&fan)),
            ("friend", Some(&friend)),
            ("owner", Some(&owner)),
        ];
        // Profile and shelves (page and API) and the rating in the feed.
        for (setting, allowed) in [
            (
                "public",
                ["anonymous", "stranger", "fan", "friend", "owner"].as_slice(),
            ),
            ("friends", ["friend", "owner"].as_slice()),
            ("private", ["owner"].as_slice()),
        ] {
            ok(
                &app,
                Method::PUT,
                "/api/v1/me/profile",
                &owner,
                json!({"visibility": setting, "bio": "Reads slowly."}),
            )
            .await;
            for (who, token) in viewers {
                let expected = allowed.contains(&who);
                let (status, _) = app
                    .api(Method::GET, "/api/v1/users/owner", token, None)
                    .await;
                assert_eq!(
                    status.is_success(),
                    expected,
                    "{}: {setting} profile, API, {who}: {status}",
                    app.backend()
                );
                let mut browser = match who {
                    "anonymous" => app.browser(),
                    name => signin(&app, name).await,
                };
                let page = browser.get("/users/owner").await;
                assert_eq!(
                    page.status.is_success(),
                    expected,
                    "{setting} profile page, {who}"
                );
                if expected {
                    assert!(page.text.contains("Reads slowly."));
                } else {
                    assert!(!page.text.contains("Reads slowly."));
                }
                let shelf = browser.get("/users/owner/shelves/all").await;
                assert_eq!(
                    shelf.status.is_success(),
                    expected,
                    "{setting} shelf page, {who}"
                );
                if let Some(token) = token
                    && who != "owner"
                {
                    let (_, feed) = call(&app, Method::GET, "/api/v1/feed", token).await;
                    let shows = feed["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|i| i["reader"]["username"] == "owner");
                    let follows = matches!(who, "fan" | "friend");
                    assert_eq!(
                        shows,
                        expected && follows,
                        "{setting}: owner's rating in {who}'s feed"
                    );
                }
            }
        }
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &owner,
            json!({"visibility": "public"}),
        )
        .await;
        let (status, body) = app
            .api(
                Method::PUT,
                "/api/v1/me/profile",
                Some(&owner),
                Some(json!({"visibility": "secret"})),
            )
            .await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("visibility"))
        );

        // A friends-only review: review page, API, book lists, front page, feed.
        let review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &owner,
            json!({"body": "Only for friends.", "visibility": "friends"}),
        )
        .await;
        assert_eq!(review["visibility"], "friends");
        let id = review["id"].as_i64().unwrap();
        for (who, token) in viewers {
            let expected = matches!(who, "friend" | "owner");
            let (status, _) = app
                .api(Method::GET, &format!("/api/v1/reviews/{id}"), token, None)
                .await;
            assert_eq!(
                status.is_success(),
                expected,
                "friends-only review, API, {who}"
            );
            let (status, _) = app
                .api(
                    Method::GET,
                    &format!("/api/v1/reviews/{id}/comments"),
                    token,
                    None,
                )
                .await;
            assert_eq!(status.is_success(), expected, "its comments, API, {who}");
            let (_, list) = app
                .api(
                    Method::GET,
                    &format!("/api/v1/books/{book}/reviews"),
                    token,
                    None,
                )
                .await;
            assert_eq!(
                list["reviews"].as_array().unwrap().len(),
                usize::from(expected),
                "book's reviews, API, {who}"
            );
            let mut browser = match who {
                "anonymous" => app.browser(),
                name => signin(&app, name).await,
            };
            let page = browser.get(&format!("/reviews/{id}")).await;
            assert_eq!(page.status.is_success(), expected, "review page, {who}");
            let book_page = browser.get(&format!("/books/{book}")).await.text;
            assert_eq!(
                book_page.contains("Only for friends."),
                expected,
                "book page, {who}"
            );
            let home = browser.get("/").await.text;
            assert_eq!(
                home.contains(&format!("/reviews/{id}")),
                expected,
                "front page, {who}"
            );
            if who == "fan" {
                let (_, feed) = call(&app, Method::GET, "/api/v1/feed", token.unwrap()).await;
                assert!(
                    !feed.to_string().contains("\"reviewed\""),
                    "the fan's feed leaves it out"
                );
            }
        }
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&owner),
                Some(json!({"body": "x", "visibility": "private"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "reviews are public or friends-only"
        );
    }
}

#[tokio::test]
async fn the_feed_shows_friends_reading_newest_first_grouped_and_paged() {
    // Helen adds more books than an hour allows: the feed's pages are under test here.
    for app in TestApp::all_with(|s| s.books_per_hour = 100).await {
        let ann = app.api_user("ann").await;
        let helen = app.api_user("helen").await;
        let stranger = app.api_user("stranger").await;
        befriend(&app, ("ann", &ann), ("helen", &helen)).await;
        let a = app.book(&helen, "Emma", "Jane Austen").await;
        let b = app.book(&helen, "Sanditon", "Jane Austen").await;
        let c = app.book(&helen, "Lady Susan", "Jane Austen").await;
        let d = app.book(&helen, "Mansfield Park", "Jane Austen").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{a}/rating"),
            &helen,
            json!({"stars": 4}),
        )
        .await;
        for book in [b, c, d] {
            ok(
                &app,
                Method::PUT,
                &format!("/api/v1/books/{book}/status"),
                &helen,
                json!({"status": "to-read"}),
            )
            .await;
        }
        let review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{a}/review"),
            &helen,
            json!({"body": "Handsome, clever and rich."}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/books/{a}/progress"),
            &helen,
            json!({"page": 120}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/reviews/{}/comments", review["id"]),
            &helen,
            json!({"body": "And one more thing."}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{a}/rating"),
            &stranger,
            json!({"stars": 1}),
        )
        .await;

        let (_, feed) = call(&app, Method::GET, "/api/v1/feed", &ann).await;
        let got: Vec<(String, String)> = feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["kind"].as_str().unwrap_or("").to_string(),
                    i["reader"]["username"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = [
            "commented",
            "progress",
            "reviewed",
            "shelved",
            "shelved",
            "shelved",
            "rated",
        ]
        .iter()
        .map(|k| (k.to_string(), "helen".to_string()))
        .collect();
        assert_eq!(
            got,
            expected,
            "{}: newest first, friends only",
            app.backend()
        );
        assert_eq!(feed["items"][6]["rating"], 4.0);
        assert_eq!(feed["items"][1]["detail"], "page 120");
        assert_eq!(feed["next"], Value::Null);

        // A like reaches the reviewer.
        let (status, _) = call(
            &app,
            Method::PUT,
            &format!("/api/v1/reviews/{}/like", review["id"]),
            &ann,
        )
        .await;
        assert!(status.is_success());
        assert!(
            kinds(&app, &helen).await.contains(&"like".to_string()),
            "{}",
            app.backend()
        );

        // The page folds the shelving into one line, with like and comment at hand.
        let page = signin(&app, "ann").await.get("/").await.text;
        assert!(page.contains("added 3 books to"), "{page}");
        assert!(
            page.contains(&format!("/reviews/{}/unlike", review["id"])),
            "like (here: unlike, as Ann liked it) right there"
        );
        assert!(page.contains(&format!("/reviews/{}#comments", review["id"])));
        let (_, empty) = call(&app, Method::GET, "/api/v1/feed", &stranger).await;
        assert_eq!(empty["items"], json!([]));

        // Paged by cursor: 40 more acts make a full page and a next one, with no overlap.
        for n in 0..40 {
            let book = app
                .book(&helen, &format!("Juvenilia {n}"), "Jane Austen")
                .await;
            ok(
                &app,
                Method::PUT,
                &format!("/api/v1/books/{book}/rating"),
                &helen,
                json!({"stars": 3}),
            )
            .await;
        }
        let (_, first) = call(&app, Method::GET, "/api/v1/feed", &ann).await;
        let next = first["next"].as_str().expect("a next page").to_string();
        let (_, second) = call(
            &app,
            Method::GET,
            &format!("/api/v1/feed?before={next}"),
            &ann,
        )
        .await;
        let ids = |v: &Value| -> Vec<i64> {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|i| i["id"].as_i64())
                .collect()
        };
        let (one, two) = (ids(&first), ids(&second));
        assert_eq!((one.len(), two.len()), (30, 17));
        assert!(
            one.iter().min() > two.iter().max(),
            "strictly older on the next page"
        );
        assert_eq!(second["next"], Value::Null);
        let (status, body) = call(&app, Method::GET, "/api/v1/feed?before=yesterday", &ann).await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("before"))
        );
    }
}

#[tokio::test]
async fn the_book_page_names_friends_who_read_it() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        befriend(&app, ("ann", &ann), ("bob", &bob)).await;
        befriend(&app, ("ann", &ann), ("cat", &cat)).await;
        let book = app.book(&ann, "Villette", "Charlotte Bronte").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/rating"),
            &bob,
            json!({"stars": 4.5}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/status"),
            &cat,
            json!({"status": "to-read"}),
        )
        .await;
        let page = signin(&app, "ann")
            .await
            .get(&format!("/books/{book}"))
            .await
            .text;
        assert!(
            page.contains("1 of your friends has read this"),
            "{}",
            app.backend()
        );
        assert!(page.contains("/users/bob") && page.contains("/users/cat"));
        let (_, friends) = call(
            &app,
            Method::GET,
            &format!("/api/v1/books/{book}/friends"),
            &ann,
        )
        .await;
        assert_eq!(friends["friends"][0]["reader"]["username"], "bob");
        assert_eq!(friends["friends"][0]["rating"], 4.5);
        let signed_out = app.browser().get(&format!("/books/{book}")).await.text;
        assert!(signed_out.contains("Sign in to see if any of your friends have read Villette."));
    }
}

#[tokio::test]
async fn the_feed_of_a_reader_with_500_friends_costs_the_same_on_page_1_and_page_20() {
    use dogear::store::NewUser;
    for app in TestApp::all().await {
        let _first = app.api_user("keeper").await;
        let _token = app.api_user("reader").await;
        let viewer = app.store.user_by_username("reader").await.unwrap().unwrap();
        let book = app.book(&_token, "Ulysses", "James Joyce").await;
        let now = dogear::actions::now();
        for n in 0..500 {
            let friend = app
                .store
                .create_user(&NewUser {
                    username: format!("friend{n}"),
                    username_key: format!("friend{n}"),
                    display_name: format!("Friend {n}"),
                    password_hash: "x".into(),
                    appoint: dogear::store::Appoint::Reader,
                    now,
                })
                .await
                .unwrap();
            app.store
                .request_friend(friend.id, viewer.id, now)
                .await
                .unwrap();
            assert!(
                app.store
                    .accept_friend(viewer.id, friend.id, now)
                    .await
                    .unwrap()
            );
            app.store
                .set_rating(friend.id, book, 4 * (1 + n % 5), now)
                .await
                .unwrap();
            app.store
                .set_status(friend.id, book, Some("read"), now)
                .await
                .unwrap();
        }
        // Find page 20's cursor through the API.
        let mut cursor: Option<String> = None;
        for _ in 0..19 {
            let path = match &cursor {
                Some(c) => format!("/api/v1/feed?before={c}"),
                None => "/api/v1/feed".to_string(),
            };
            let (_, page) = call(&app, Method::GET, &path, &_token).await;
            cursor = page["next"].as_str().map(str::to_string);
        }
        let cursor = cursor.expect("20 pages of feed");
        let mut browser = signin(&app, "reader").await;
        let cost = |before: u64, after: u64| after - before;
        let start = app.store.query_count();
        let first = browser.get("/").await.text;
        let page_one = cost(start, app.store.query_count());
        let start = app.store.query_count();
        let twentieth = browser.get(&format!("/?before={cursor}")).await.text;
        let page_twenty = cost(start, app.store.query_count());
        assert!(
            first.contains("Friend 499") && twentieth.contains("Friend"),
            "{}",
            app.backend()
        );
        assert_eq!(
            page_one,
            page_twenty,
            "{}: the same statements for any page",
            app.backend()
        );
        // Ten for the feed and the columns, one for the reader's own reading (home_state).
        assert!(page_one <= 11, "{}: {page_one} statements", app.backend());
    }
}

#[tokio::test]
async fn a_profile_has_a_picture_or_initials_a_bio_and_a_reading_timeline() {
    for app in TestApp::all().await {
        let helen = app.api_user("helen").await;
        let drawn = app.browser().get("/users/helen/avatar").await;
        assert_eq!(drawn.content_type(), "image/svg+xml", "{}", app.backend());
        assert!(drawn.text.contains(">H<"), "{}", drawn.text);

        let put = app
            .api_bytes(
                Method::PUT,
                "/api/v1/me/avatar",
                Some(&helen),
                "image/png",
                png(500, 300),
            )
            .await;
        assert_eq!(put.status, StatusCode::NO_CONTENT, "{}", put.text);
        let picture = app.browser().get("/users/helen/avatar").await;
        assert_eq!(picture.content_type(), "image/jpeg");
        let decoded = image::load_from_memory(&picture.bytes).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (256, 256),
            "the middle square"
        );
        let bad = app
            .api_bytes(
                Method::PUT,
                "/api/v1/me/avatar",
                Some(&helen),
                "image/png",
                b"not an image".to_vec(),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("\"field\":\"avatar\""), "{}", bad.text);
        let (status, _) = call(&app, Method::DELETE, "/api/v1/me/avatar", &helen).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.browser()
                .get("/users/helen/avatar")
                .await
                .content_type(),
            "image/svg+xml"
        );
        let mut browser = signin(&app, "helen").await;
        let posted = browser
            .post_file("/settings/avatar", &[], "avatar", "me.png", &png(64, 64))
            .await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text);
        assert_eq!(
            app.browser()
                .get("/users/helen/avatar")
                .await
                .content_type(),
            "image/jpeg"
        );

        // Bio and privacy from the settings form; progress on the profile.
        let saved = browser
            .post_form(
                "/settings/profile",
                &[
                    ("visibility", "public"),
                    ("bio", "Slow reader, long reviews."),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let book = app.book(&helen, "Middlemarch", "George Eliot").await;
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/books/{book}/progress"),
            &helen,
            json!({"page": 120}),
        )
        .await;
        let profile = app.browser().get("/users/helen").await.text;
        assert!(profile.contains("Slow reader, long reviews."));
        assert!(
            profile.contains("Reading progress") && profile.contains("page 120"),
            "{profile}"
        );
        assert!(profile.contains("/users/helen/avatar"));
    }
}
