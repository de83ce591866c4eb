//! Reading goals and years in books.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};

fn this_year() -> i64 {
    i64::from(dogear::domain::dates::today(dogear::actions::now()).year)
}

async fn read(app: &TestApp, token: &str, book: i64, finished: &str) {
    let path = format!("/api/v1/books/{book}/reads");
    ok(
        app,
        Method::POST,
        &path,
        token,
        json!({ "finished": finished }),
    )
    .await;
}

#[tokio::test]
async fn a_goal_counts_finished_readings_re_reads_again_and_never_a_given_up_one() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let (y, last) = (this_year(), this_year() - 1);
        let dune = app.book(&ann, "Dune", "Frank Herbert").await;
        let emma = app.book(&ann, "Emma", "Jane Austen").await;
        let ulysses = app.book(&ann, "Ulysses", "James Joyce").await;
        let kindred = app.book(&ann, "Kindred", "Octavia Butler").await;
        read(&app, &ann, dune, &format!("{y}-01-15")).await;
        read(&app, &ann, dune, &format!("{y}-01")).await; // a re-read counts again
        read(&app, &ann, emma, &format!("{last}-12-31")).await; // last year's
        read(&app, &ann, ulysses, &format!("{y}-01-02")).await;
        let me = app.store.user_by_username("ann").await.unwrap().unwrap();
        let now = dogear::actions::now();
        app.store
            .set_status(me.id, ulysses, Some("did-not-finish"), now)
            .await
            .unwrap();
        // Marked read with no date: counted when it was marked.
        let path = format!("/api/v1/books/{kindred}/status");
        ok(&app, Method::PUT, &path, &ann, json!({"status": "read"})).await;

        let goal = format!("/api/v1/me/goals/{y}");
        let set = ok(
            &app,
            Method::PUT,
            &goal,
            &ann,
            json!({"books": 3, "pages": 5000}),
        )
        .await;
        assert_eq!(set["books_read"], 3, "{}: {set}", app.backend());
        assert_eq!(set["reached"], false, "the pages are not there yet");
        let past = format!("/api/v1/me/goals/{last}");
        ok(&app, Method::PUT, &past, &ann, json!({"books": 1})).await;

        let (status, list) = app
            .api(Method::GET, "/api/v1/users/ann/goals", None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        let years: Vec<(i64, i64, bool)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["year"].as_i64().unwrap(),
                    g["books_read"].as_i64().unwrap(),
                    g["reached"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(years, [(y, 3, false), (last, 1, true)], "{}", app.backend());

        let (status, problem) = app
            .api(Method::PUT, &goal, Some(&ann), Some(json!({"books": 0})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "books");
    }
}

#[tokio::test]
async fn a_year_in_books_lists_the_year_in_finish_order_with_its_highlights() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let y = this_year() - 1;
        let short = ok(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "Short", "authors": ["A"], "pages": 90}),
        )
        .await;
        let long = ok(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "Long", "authors": ["B"], "pages": 900}),
        )
        .await;
        let (short, long) = (short["id"].as_i64().unwrap(), long["id"].as_i64().unwrap());
        read(&app, &ann, long, &format!("{y}-03-01")).await;
        read(&app, &ann, short, &format!("{y}-02-01")).await;
        read(&app, &ann, short, &format!("{}-02-01", y - 3)).await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{long}/rating"),
            &ann,
            json!({"stars": 4.5}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{short}/rating"),
            &ann,
            json!({"stars": 2}),
        )
        .await;

        let (status, year) = app
            .api(
                Method::GET,
                &format!("/api/v1/users/ann/years/{y}"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{year}");
        let titles: Vec<&str> = year["books"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["book"]["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["Short", "Long"], "{}", app.backend());
        assert_eq!(year["pages_read"], 990);
        assert_eq!(year["average_rating"], 3.25);
        assert_eq!(year["years"], json!([y, y - 3]));

        let mut browser = app.browser();
        let page = browser.get(&format!("/users/ann/years/{y}")).await;
        assert_eq!(page.status, StatusCode::OK);
        for words in [
            "ann's",
            "in books",
            "Shortest",
            "Longest",
            "Highest rated",
            "Short",
            "990",
        ] {
            assert!(page.text.contains(words), "{words}");
        }
    }
}

#[tokio::test]
async fn goals_and_years_are_as_private_as_the_profile() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let stranger = app.api_user("stranger").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/me/goals/{}", this_year()),
            &ann,
            json!({"books": 12}),
        )
        .await;
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann,
            json!({"visibility": "private"}),
        )
        .await;
        for path in [
            "/api/v1/users/ann/goals".to_string(),
            format!("/api/v1/users/ann/years/{}", this_year()),
        ] {
            let (status, _): (StatusCode, Value) =
                app.api(Method::GET, &path, Some(&stranger), None).await;
            assert!(
                status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                "{path}: {status}"
            );
            let (status, _) = app.api(Method::GET, &path, Some(&ann), None).await;
            assert_eq!(status, StatusCode::OK, "{path}: the reader sees their own");
        }
        let mut browser = app.browser();
        let page = browser
            .get(&format!("/users/ann/years/{}", this_year()))
            .await;
        assert_ne!(page.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_goal_set_from_the_page_shows_on_the_profile() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let y = this_year().to_string();
        let done = ann
            .post_form("/goals", &[("year", &y), ("books", "24"), ("pages", "")])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
        assert_eq!(done.location(), format!("/users/ann/years/{y}"));
        let profile = ann.get("/users/ann").await;
        assert!(
            profile.text.contains(&format!("{y} reading goal:")),
            "{}",
            app.backend()
        );
        assert!(profile.text.contains("0 of 24 books"));
        let bad = ann
            .post_form("/goals", &[("year", &y), ("books", "lots")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn friends_see_a_goal_set_and_reached_once_in_their_feed() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        ok(
            &app,
            Method::POST,
            "/api/v1/users/bob/friend",
            &ann,
            json!({}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            "/api/v1/users/ann/friend",
            &bob,
            json!({}),
        )
        .await;
        let y = this_year();
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/me/goals/{y}"),
            &ann,
            json!({"books": 2}),
        )
        .await;
        let one = app.book(&ann, "One", "A").await;
        let two = app.book(&ann, "Two", "B").await;
        read(&app, &ann, one, &format!("{y}-01-01")).await;
        read(&app, &ann, two, &format!("{y}-01-02")).await;
        read(&app, &ann, one, &format!("{y}-01-03")).await; // past the goal: not told again
        let (status, feed) = app.api(Method::GET, "/api/v1/feed", Some(&bob), None).await;
        assert_eq!(status, StatusCode::OK, "{feed}");
        let kinds: Vec<&str> = feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i["kind"].as_str())
            .filter(|k| k.starts_with("goal"))
            .collect();
        assert_eq!(
            kinds,
            ["goal reached", "goal set"],
            "{}: {feed}",
            app.backend()
        );
        let mut browser = app.browser();
        let fields = [("username", "bob"), ("password", "correct horse battery")];
        browser.post_form("/signin", &fields).await;
        let home = browser.get("/").await.text;
        assert!(
            home.contains(&format!("reached their {y} reading goal of 2 books")),
            "{home}"
        );
        assert!(home.contains(&format!("/users/ann/years/{y}")));
    }
}

#[tokio::test]
async fn stats_count_a_year_by_month_and_draw_charts_anyone_may_read() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let y = this_year() - 1;
        let a = ok(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "Alpha", "authors": ["Ursula K. Le Guin"], "pages": 250}),
        )
        .await;
        let b = ok(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "Beta", "authors": ["Ursula K. Le Guin"], "pages": 520}),
        )
        .await;
        let (a, b) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
        let path = format!("/api/v1/books/{a}/reads");
        ok(
            &app,
            Method::POST,
            &path,
            &ann,
            json!({"started": format!("{y}-03-01"), "finished": format!("{y}-03-11")}),
        )
        .await;
        read(&app, &ann, b, &format!("{y}-07-04")).await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{a}/rating"),
            &ann,
            json!({"stars": 3.5}),
        )
        .await;

        let (status, stats) = app
            .api(
                Method::GET,
                &format!("/api/v1/users/ann/stats?year={y}"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{stats}");
        let months: Vec<i64> = stats["books_by_period"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["value"].as_i64().unwrap())
            .collect();
        assert_eq!(
            months,
            [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
            "{}",
            app.backend()
        );
        assert_eq!(stats["pages_read"], 770);
        assert_eq!(stats["days_per_book"], 10.0);
        assert_eq!(
            stats["top_authors"][0],
            json!({"label": "Ursula K. Le Guin", "value": 2})
        );
        let rated: Vec<(String, i64)> = stats["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["value"].as_i64() > Some(0))
            .map(|r| {
                (
                    r["label"].as_str().unwrap().to_string(),
                    r["value"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(rated, [("3.5".to_string(), 1)]);

        let mut browser = app.browser();
        let page = browser.get(&format!("/users/ann/stats?year={y}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text.contains("<svg")
                && page
                    .text
                    .contains("<title id=\"books-title\">Books finished by month</title>")
        );
        assert!(
            page.text.contains("<th scope=\"row\">Mar</th><td>1</td>"),
            "a table for screen readers"
        );
        let all = browser.get("/users/ann/stats").await;
        assert!(all.text.contains("Books finished by year"));

        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann,
            json!({"visibility": "private"}),
        )
        .await;
        assert_ne!(browser.get("/users/ann/stats").await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn stats_chart_the_moods_and_pace_a_storygraph_import_brought() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        app.api_user("sg").await;
        let sg = app.store.user_by_username("sg").await.unwrap().unwrap();
        let bytes = std::fs::read("../shared/fixtures/imports/mapmyreads-storygraph_export.csv")
            .expect("the shared import fixtures");
        dogear::actions::imports::import_file(app.store.as_ref(), &sg, &bytes, None)
            .await
            .unwrap();
        let (status, stats) = app
            .api(Method::GET, "/api/v1/users/sg/stats", None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        let moods = stats["moods"].as_array().unwrap();
        assert!(
            moods.iter().any(|m| m["label"] == "mysterious"),
            "{}: {stats}",
            app.backend()
        );
        let pace: Vec<&str> = stats["pace"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["label"].as_str().unwrap())
            .collect();
        assert_eq!(pace, vec!["slow", "medium", "fast"]);
        let counted: i64 = stats["pace"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["value"].as_i64().unwrap())
            .sum();
        assert!((1..=6).contains(&counted), "finished books only: {counted}");
        let page = app.browser().get("/users/sg/stats").await.text;
        assert!(
            page.contains("Moods")
                && page.contains("mysterious")
                && page.contains("Pace of the books")
        );
    }
}
