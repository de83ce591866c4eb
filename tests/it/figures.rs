//! A reader's stats and years are kept between views: every change to their
//! library shows at once, on the page and in the API.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};

fn last_year() -> i64 {
    i64::from(dogear::domain::dates::today(dogear::actions::now()).year) - 1
}

async fn get(app: &TestApp, path: &str) -> Value {
    let (status, body) = app.api(Method::GET, path, None, None).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

#[tokio::test]
async fn kept_stats_and_years_follow_each_change_to_the_library() {
    for app in TestApp::all().await {
        let _ = app.api_user("owner").await;
        let ann = app.api_user("ann").await;
        let y = last_year();
        let stats = format!("/api/v1/users/ann/stats?year={y}");
        let year = format!("/api/v1/users/ann/years/{y}");
        let dune = app.book(&ann, "Dune", "Frank Herbert").await;
        let emma = app.book(&ann, "Emma", "Jane Austen").await;
        let finish = |book: i64| {
            let path = format!("/api/v1/books/{book}/reads");
            (path, json!({ "finished": format!("{y}-05-01") }))
        };
        let (path, body) = finish(dune);
        ok(&app, Method::POST, &path, &ann, body).await;
        assert_eq!(get(&app, &stats).await["books_read"], 1);
        assert_eq!(
            get(&app, &year).await["books"].as_array().map(Vec::len),
            Some(1)
        );

        // Seen once (and kept); a second finish, a rating and a goal each show.
        let (path, body) = finish(emma);
        ok(&app, Method::POST, &path, &ann, body).await;
        assert_eq!(
            get(&app, &stats).await["books_read"],
            2,
            "{}",
            app.backend()
        );
        assert_eq!(
            get(&app, &year).await["books"].as_array().map(Vec::len),
            Some(2)
        );

        let rated = |s: &Value| {
            s["ratings"]
                .as_array()
                .map(|r| r.iter().filter_map(|b| b["value"].as_i64()).sum::<i64>())
        };
        assert_eq!(rated(&get(&app, &stats).await), Some(0));
        let rating = format!("/api/v1/books/{emma}/rating");
        ok(&app, Method::PUT, &rating, &ann, json!({"stars": 4})).await;
        assert_eq!(
            rated(&get(&app, &stats).await),
            Some(1),
            "{}",
            app.backend()
        );

        assert!(get(&app, &year).await["goal"].is_null());
        let goal = format!("/api/v1/me/goals/{y}");
        ok(&app, Method::PUT, &goal, &ann, json!({"books": 2})).await;
        let with_goal = get(&app, &year).await;
        assert_eq!(with_goal["goal"]["books"], 2, "{with_goal}");

        // The page reads the same kept figures.
        let page = app
            .browser()
            .get(&format!("/users/ann/stats?year={y}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Jane Austen"), "{}", page.text);
    }
}
