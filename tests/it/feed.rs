//! The home feed: friends' reading newest first, grouped and paged; pages
//! filled with lines after folding, in activity time across pages, one line
//! per reader's rating of a book, with covers, stars and review excerpts; the
//! same cost on any page.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use crate::social::{befriend, call, kinds, signin};

fn lines(page: &str) -> usize {
    page.matches("<li class=\"feed-line\">").count()
}

/// The `before` of the feed's Older link.
fn older(page: &str) -> Option<String> {
    let start = page.find("/?before=")? + "/?before=".len();
    let len = page[start..].find('#')?;
    Some(page[start..start + len].to_string())
}

async fn rate(app: &TestApp, token: &str, book: i64, stars: f64) {
    ok(
        app,
        Method::PUT,
        &format!("/api/v1/books/{book}/rating"),
        token,
        json!({ "stars": stars }),
    )
    .await;
}

#[tokio::test]
async fn every_page_but_the_last_holds_twenty_lines_however_much_they_fold() {
    for app in TestApp::all_with(|s| s.books_per_hour = 100).await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let helen = app.api_user("helen").await;
        befriend(&app, ("ann", &ann), ("bob", &bob)).await;
        befriend(&app, ("ann", &ann), ("helen", &helen)).await;
        for n in 0..25 {
            let book = app.book(&bob, &format!("Rated {n}"), "Anon").await;
            rate(&app, &bob, book, 3.0).await;
        }
        // The newest 35 acts are one line: the old page of 30 acts was one line long.
        for n in 0..35 {
            let book = app.book(&helen, &format!("Wanted {n}"), "Anon").await;
            ok(
                &app,
                Method::PUT,
                &format!("/api/v1/books/{book}/status"),
                &helen,
                json!({"status": "to-read"}),
            )
            .await;
        }
        let mut browser = signin(&app, "ann").await;
        let first = browser.get("/").await.text;
        assert_eq!(lines(&first), 20, "{}: {first}", app.backend());
        assert!(first.contains("added 35 books to"), "one run, one line");
        assert_eq!(first.matches("added 35 books to").count(), 1);
        let before = older(&first).expect("an Older link");
        let second = browser.get(&format!("/?before={before}")).await.text;
        assert_eq!(lines(&second), 6, "{second}");
        assert_eq!(older(&second), None, "the last page");
        assert!(second.contains("Rated 0") && !second.contains("Rated 6<"));
        assert!(!second.contains("added 35 books"), "nothing twice");
        let past = browser.get("/?before=1").await.text;
        assert!(past.contains("No older activity."));
        let bad = browser.get("/?before=yesterday").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn the_feed_runs_in_activity_time_across_pages() {
    for app in TestApp::all_with(|s| s.books_per_hour = 100).await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        befriend(&app, ("ann", &ann), ("bob", &bob)).await;
        let reader = app.store.user_by_username("bob").await.unwrap().unwrap();
        let now = dogear::actions::now();
        // Written in one order, done in another: each later write happened
        // earlier, except every third, which happened last.
        let mut books = Vec::new();
        for n in 0..45_i64 {
            let book = app.book(&bob, &format!("Book {n}"), "Anon").await;
            let at = if n % 3 == 0 { now + n } else { now - 3600 * n };
            app.store.set_rating(reader.id, book, 12, at).await.unwrap();
            books.push(book);
        }
        let mut times = Vec::new();
        let mut ids = Vec::new();
        let mut path = "/api/v1/feed".to_string();
        loop {
            let (_, page) = call(&app, Method::GET, &path, &ann).await;
            for item in page["items"].as_array().unwrap() {
                times.push(item["created_at"].as_str().unwrap().to_string());
                ids.push(item["id"].as_i64().unwrap());
            }
            match page["next"].as_str() {
                Some(next) => path = format!("/api/v1/feed?before={next}"),
                None => break,
            }
        }
        assert_eq!(ids.len(), 45, "{}: every act once", app.backend());
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 45);
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted, "newest first across pages");
        assert!(times[0] > times[44]);
    }
}

#[tokio::test]
async fn a_readers_ratings_of_one_book_are_one_line_the_last() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let helen = app.api_user("helen").await;
        befriend(&app, ("ann", &ann), ("helen", &helen)).await;
        let emma = app.book(&helen, "Emma", "Jane Austen").await;
        let persuasion = app.book(&helen, "Persuasion", "Jane Austen").await;
        for stars in [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.5] {
            rate(&app, &helen, emma, stars).await;
        }
        rate(&app, &helen, persuasion, 5.0).await;
        let (_, feed) = call(&app, Method::GET, "/api/v1/feed", &ann).await;
        let rated: Vec<(i64, f64)> = feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "rated")
            .map(|i| {
                (
                    i["book"]["id"].as_i64().unwrap(),
                    i["rating"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rated,
            vec![(persuasion, 5.0), (emma, 4.5)],
            "{}",
            app.backend()
        );
        let page = signin(&app, "ann").await.get("/").await.text;
        assert_eq!(page.matches("<cite>Emma</cite>").count(), 1, "{page}");
        assert!(page.contains("aria-label=\"4.5 of 5 stars\""));

        // A rating taken back leaves no line saying it was given.
        let (status, _) = call(
            &app,
            Method::DELETE,
            &format!("/api/v1/books/{emma}/rating"),
            &helen,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, feed) = call(&app, Method::GET, "/api/v1/feed", &ann).await;
        assert!(
            feed["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| !(i["kind"] == "rated" && i["book"]["id"] == emma)),
            "{feed}"
        );
    }
}

#[tokio::test]
async fn feed_lines_show_covers_stars_and_review_excerpts() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let helen = app.api_user("helen").await;
        befriend(&app, ("ann", &ann), ("helen", &helen)).await;
        let emma = app.book(&helen, "Emma", "Jane Austen").await;
        let sanditon = app.book(&helen, "Sanditon", "Jane Austen").await;
        rate(&app, &helen, emma, 4.0).await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{emma}/review"),
            &helen,
            json!({"body": "Handsome, clever and rich, with a comfortable home and a happy disposition."}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{sanditon}/review"),
            &helen,
            json!({"body": "The ending is a secret.", "spoiler": true}),
        )
        .await;
        let page = signin(&app, "ann").await.get("/").await.text;
        assert!(
            page.contains(&format!("src=\"/covers/{emma}/placeholder.svg\"")),
            "{}: {page}",
            app.backend()
        );
        assert!(page.contains("<p class=\"excerpt\">Handsome, clever and rich"));
        assert!(page.contains("aria-label=\"4 of 5 stars\""));
        assert!(page.contains("This review contains spoilers."));
        assert!(
            !page.contains("The ending is a secret."),
            "a spoiler stays hidden"
        );
        let signed_out = app.browser().get("/").await.text;
        assert!(!signed_out.contains("feed-line"));
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
            page.contains("— on Want to read"),
            "shelves in words: {page}"
        );
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
async fn a_shelving_in_the_feed_says_what_the_reader_did_in_words() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let helen = app.api_user("helen").await;
        befriend(&app, ("ann", &ann), ("helen", &helen)).await;
        for (title, status, words) in [
            ("Persuasion", "currently-reading", "started reading <a href"),
            ("Emma", "to-read", "wants to read <a href"),
            ("Sanditon", "did-not-finish", "did not finish <a href"),
        ] {
            let book = app.book(&helen, title, "Jane Austen").await;
            let path = format!("/api/v1/books/{book}/status");
            ok(
                &app,
                Method::PUT,
                &path,
                &helen,
                json!({ "status": status }),
            )
            .await;
            let page = signin(&app, "ann").await.get("/").await.text;
            assert!(page.contains(words), "{status}: {page}");
        }
    }
}
