//! "Readers who liked this also liked" and readers' picks, worked out by the
//! background job from public readers' ratings.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};

async fn rate(app: &TestApp, token: &str, book: i64, stars: f64) {
    let path = format!("/api/v1/books/{book}/rating");
    ok(app, Method::PUT, &path, token, json!({ "stars": stars })).await;
}

fn titles(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item[key]["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn books_liked_together_become_neighbours_and_picks_name_their_reason() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let mut cy_browser = app.signup("cy").await;
        let login = json!({"username": "cy", "password": "correct horse battery"});
        let (_, made) = app
            .api(Method::POST, "/api/v1/tokens", None, Some(login))
            .await;
        let cy = made["token"].as_str().unwrap().to_string();
        let eve = app.api_user("eve").await;
        let fay = app.api_user("fay").await;
        let dune = app.book(&ann, "Dune", "Frank Herbert").await;
        let hyperion = app.book(&ann, "Hyperion", "Dan Simmons").await;
        let solaris = app.book(&ann, "Solaris", "Stanislaw Lem").await;
        let emma = app.book(&ann, "Emma", "Jane Austen").await;
        let secret = app.book(&ann, "A Private Taste", "Nobody Known").await;
        for reader in [&ann, &bob] {
            rate(&app, reader, dune, 5.0).await;
            rate(&app, reader, hyperion, 4.5).await;
            rate(&app, reader, solaris, 4.0).await;
        }
        // Liked by one and disliked by the other: no neighbour of Dune.
        rate(&app, &ann, emma, 5.0).await;
        rate(&app, &bob, emma, 2.0).await;
        // Two private readers who like Dune and their secret book: not counted.
        for reader in [&eve, &fay] {
            let me = "/api/v1/me/profile";
            ok(
                &app,
                Method::PUT,
                me,
                reader,
                json!({"visibility": "private"}),
            )
            .await;
            rate(&app, reader, dune, 5.0).await;
            rate(&app, reader, secret, 5.0).await;
        }
        // Cy liked Dune and already wants to read Solaris.
        rate(&app, &cy, dune, 4.0).await;
        let status = format!("/api/v1/books/{solaris}/status");
        ok(
            &app,
            Method::PUT,
            &status,
            &cy,
            json!({"status": "to-read"}),
        )
        .await;

        let (_, before) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{dune}/similar"),
                None,
                None,
            )
            .await;
        assert_eq!(
            before,
            json!([]),
            "{}: nothing until the job runs",
            app.backend()
        );
        dogear::jobs::run_pending(app.store.as_ref()).await.unwrap();

        let (status, similar) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{dune}/similar"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let mut near = titles(&similar, "book");
        near.sort();
        assert_eq!(
            near,
            vec!["Hyperion", "Solaris"],
            "{}: {similar}",
            app.backend()
        );
        assert_eq!(similar[0]["readers"], 2);

        let page = app.browser().get(&format!("/books/{dune}")).await;
        assert!(page.text.contains("Readers who liked this also liked"));
        assert!(page.text.contains("Hyperion") && !page.text.contains("A Private Taste"));

        let (_, picks) = app
            .api(Method::GET, "/api/v1/recommendations", Some(&cy), None)
            .await;
        assert_eq!(
            titles(&picks, "book"),
            vec!["Hyperion"],
            "{}: {picks}",
            app.backend()
        );
        assert_eq!(picks[0]["because"]["title"], "Dune");
        let text = cy_browser.get("/").await.text;
        assert!(text.contains("Picked for you") && text.contains("because you liked"));

        let (status, _) = app
            .api(Method::GET, "/api/v1/books/999999/similar", None, None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_job_runs_again_only_when_ratings_change() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let dune = app.book(&ann, "Dune", "Frank Herbert").await;
        let emma = app.book(&ann, "Emma", "Jane Austen").await;
        let store = app.store.as_ref();
        let now = dogear::actions::now();
        use dogear::actions::recommend::refresh;
        assert!(
            refresh(store, now, 0).await.unwrap(),
            "the first run works them out"
        );
        assert!(!refresh(store, now, 0).await.unwrap(), "nothing changed");
        rate(&app, &ann, dune, 5.0).await;
        rate(&app, &bob, dune, 5.0).await;
        rate(&app, &ann, emma, 5.0).await;
        rate(&app, &bob, emma, 5.0).await;
        assert!(
            !refresh(store, now, 300).await.unwrap(),
            "{}: a node took it moments ago",
            app.backend()
        );
        assert!(refresh(store, now + 1, 0).await.unwrap());
        let near = store.book_neighbours(dune, 5).await.unwrap();
        assert_eq!(near, vec![(emma, 2)]);
    }
}
