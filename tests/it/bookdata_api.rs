//! Book data through the JSON API, against the replay server: lookups by
//! ISBN and words, adding a candidate (once), its subjects as genres, and
//! every failure answered as a problem with nothing written.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::bookdata_replay::{self as replay, SABRIEL};

async fn apps() -> Vec<TestApp> {
    let base = replay::start().await;
    TestApp::all_with(replay::pointing_at(&base)).await
}

async fn lookup(app: &TestApp, token: &str, query: &str) -> (StatusCode, Value) {
    let url = format!("/api/v1/bookdata/lookup?{query}");
    app.api(Method::GET, &url, Some(token), None).await
}

async fn add(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    app.api(
        Method::POST,
        "/api/v1/bookdata/add",
        Some(token),
        Some(body),
    )
    .await
}

/// The field a problem names.
fn field(problem: &Value) -> &str {
    problem["errors"][0]["field"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn the_api_looks_up_by_isbn_and_words_and_adds_a_candidate_once() {
    for app in apps().await {
        let token = app.api_user("ann").await;
        let (status, found) = lookup(&app, &token, "isbn=0-06-027322-4").await;
        assert_eq!(status, StatusCode::OK, "{}: {found}", app.backend());
        assert_eq!(found["isbn13"], SABRIEL, "the ISBN-10 read as its ISBN-13");
        let first = &found["candidates"][0];
        assert_eq!(first["source"], "openlibrary");
        assert_eq!(first["title"], "Sabriel");
        assert_eq!(first["authors"], json!(["Garth Nix"]));
        assert_eq!(first["edition"], "OL22951843M");
        assert_eq!(first["work"], "OL15832982W");
        assert_eq!(first["publisher"], "Harper Trophy");
        assert_eq!(first["book_id"], Value::Null);
        assert_eq!(
            app.store.book_count().await.unwrap(),
            0,
            "a lookup writes nothing"
        );

        let (status, words) = lookup(&app, &token, "q=time+war").await;
        assert_eq!(status, StatusCode::OK, "{words}");
        let titles: Vec<&str> = words["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles.len(), 2, "{words}");
        assert_eq!(titles[0], "This Is How You Lose the Time War");
        let (_, nothing) = lookup(&app, &token, "q=nothing+like+it").await;
        assert_eq!(nothing["candidates"], json!([]));

        let (status, book) = add(&app, &token, json!({"edition": "OL22951843M"})).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {book}", app.backend());
        assert_eq!(book["title"], "Sabriel");
        assert_eq!(book["isbn13"], SABRIEL);
        assert_eq!(book["pages"], 491);
        assert_eq!(book["authors"][0]["name"], "Garth Nix");
        assert!(book["cover"].is_object(), "the cover was fetched: {book}");
        let id = book["id"].as_i64().unwrap();

        // The same edition, its work, or its ISBN's lookup: the same book.
        let (status, again) = add(&app, &token, json!({"edition": "OL22951843M"})).await;
        assert_eq!((status, again["id"].as_i64()), (StatusCode::OK, Some(id)));
        let (status, by_work) = add(&app, &token, json!({"work": "/works/OL15832982W"})).await;
        assert_eq!((status, by_work["id"].as_i64()), (StatusCode::OK, Some(id)));
        let (_, known) = lookup(&app, &token, &format!("isbn={SABRIEL}")).await;
        assert_eq!(known["candidates"][0]["book_id"], id);
        assert_eq!(app.store.book_count().await.unwrap(), 1);

        // Its subjects file it under genres before any reader shelves it.
        let (status, genres) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{id}/genres"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let slugs: Vec<&str> = genres
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["fantasy", "science-fiction", "fiction"], "{genres}");
        assert_eq!(genres[0]["readers"], 0);
        let page = app.browser().get(&format!("/books/{id}")).await;
        assert!(
            page.text.contains("href=\"/genres/fantasy\""),
            "{}",
            page.text
        );
        assert!(page.text.contains("from its subjects"));

        // Its genre's page lists it as its subjects file it, until a reader
        // shelves it there; then it counts as shelved, once.
        let listed = genre_books(&app, "fantasy").await;
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0]["book"]["id"], id);
        assert_eq!(
            (&listed[0]["readers"], &listed[0]["from_subjects"]),
            (&json!(0), &json!(true))
        );
        let page = app.browser().get("/genres/fantasy").await;
        assert!(page.text.contains(&format!("/books/{id}")), "{}", page.text);
        assert!(page.text.contains("from its subjects"));
        let path = format!("/api/v1/books/{id}/shelves");
        crate::app::ok(
            &app,
            Method::PUT,
            &path,
            &token,
            json!({"shelves": ["fantasy"]}),
        )
        .await;
        let listed = genre_books(&app, "fantasy").await;
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(
            (&listed[0]["readers"], &listed[0]["from_subjects"]),
            (&json!(1), &json!(false))
        );
        let fiction = genre_books(&app, "fiction").await;
        assert_eq!(fiction[0]["book"]["id"], id, "{fiction:?}");
    }
}

/// The books on the first page of a genre, through the API.
async fn genre_books(app: &TestApp, slug: &str) -> Vec<Value> {
    let (status, page) = app
        .api(Method::GET, &format!("/api/v1/genres/{slug}"), None, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["books"].as_array().unwrap().clone()
}

#[tokio::test]
async fn bad_isbns_keys_and_calls_are_problems_naming_the_field() {
    for app in apps().await {
        let token = app.api_user("ann").await;
        for (query, name) in [
            ("isbn=9780060273225", "isbn"),
            ("isbn=12345", "isbn"),
            ("isbn=", "isbn"),
            ("", "q"),
            (&format!("isbn={SABRIEL}&q=sabriel"), "q"),
            ("q=%20", "q"),
        ] {
            let (status, problem) = lookup(&app, &token, query).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{query}: {problem}"
            );
            assert_eq!(field(&problem), name, "{query}: {problem}");
        }
        let long = format!("q={}", "a".repeat(201));
        let (status, problem) = lookup(&app, &token, &long).await;
        assert_eq!(
            (status, field(&problem)),
            (StatusCode::UNPROCESSABLE_ENTITY, "q")
        );

        for (body, name) in [
            (json!({}), "edition"),
            (json!({"edition": " "}), "edition"),
            (json!({"edition": "../../admin"}), "edition"),
            (json!({"edition": "OL1W"}), "edition"),
            (json!({"work": "OL1M"}), "work"),
        ] {
            let (status, problem) = add(&app, &token, body.clone()).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{body}: {problem}"
            );
            assert_eq!(field(&problem), name, "{body}: {problem}");
        }
        let (status, problem) = add(&app, &token, json!({"edition": 7})).await;
        assert_eq!(
            (status, field(&problem)),
            (StatusCode::BAD_REQUEST, "edition")
        );
        let (status, _) = add(&app, &token, json!({"isbn": SABRIEL})).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "unknown fields are refused"
        );

        // Signed out, no lookups: they cost requests to another server.
        let url = format!("/api/v1/bookdata/lookup?isbn={SABRIEL}");
        let (status, _) = app.api(Method::GET, &url, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let body = Some(json!({"edition": "OL22951843M"}));
        let (status, _) = app
            .api(Method::POST, "/api/v1/bookdata/add", None, body)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.store.book_count().await.unwrap(), 0);
    }
}

#[tokio::test]
async fn every_failure_of_open_library_is_a_clear_problem_and_writes_nothing() {
    let cases = [
        (replay::SLOW, "did not answer in time"),
        (replay::FAILING, "answered with an error (500)"),
        (replay::GARBAGE, "could not be read"),
        (replay::HUGE, "too large"),
        (replay::BROKEN_WORK, "answered with an error (500)"),
    ];
    for app in apps().await {
        let token = app.api_user("ann").await;
        for (isbn, message) in cases {
            let (status, problem) = lookup(&app, &token, &format!("isbn={isbn}")).await;
            let what = format!("{}: {isbn}: {problem}", app.backend());
            assert_eq!(status, StatusCode::BAD_GATEWAY, "{what}");
            assert_eq!(problem["code"], "unavailable", "{what}");
            assert_eq!(problem["status"], 502, "{what}");
            assert!(
                problem["detail"].as_str().unwrap().contains(message),
                "{what}"
            );
        }
        let (status, missing) = lookup(&app, &token, &format!("isbn={}", replay::MISSING)).await;
        assert_eq!(status, StatusCode::OK, "no such book is an empty answer");
        assert_eq!(missing["candidates"], json!([]));

        // The edition answers but its work fails: the whole add fails.
        let (status, problem) = add(&app, &token, json!({"edition": "OL1000M"})).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("(500)"));
        let (status, problem) = add(&app, &token, json!({"edition": "OL999M"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
        let (status, problem) = add(&app, &token, json!({"work": "OL999W"})).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{problem}");
        assert_eq!(
            app.store.book_count().await.unwrap(),
            0,
            "{}: nothing half-written",
            app.backend()
        );
    }
}

#[tokio::test]
async fn inventaire_answers_when_open_library_has_nothing() {
    use replay::{INVENTAIRE_FAILING, MOONSTONE};
    for app in apps().await {
        let token = app.api_user("ann").await;
        let (status, found) = lookup(&app, &token, &format!("isbn={MOONSTONE}")).await;
        assert_eq!(status, StatusCode::OK, "{}: {found}", app.backend());
        let first = &found["candidates"][0];
        assert_eq!(first["source"], "inventaire", "{found}");
        assert_eq!(first["title"], "The Moonstone");
        assert_eq!(first["authors"], json!(["Wilkie Collins"]));
        assert_eq!(first["edition"], format!("isbn:{MOONSTONE}"));
        assert_eq!(first["work"], "wd:Q2362563");
        assert_eq!(first["year"], 1868, "the work's first publication");
        assert_eq!(first["has_cover"], true);

        let edition = format!("isbn:{MOONSTONE}");
        let body = json!({"edition": edition, "work": "wd:Q2362563"});
        let (status, book) = add(&app, &token, body).await;
        assert_eq!(status, StatusCode::CREATED, "{}: {book}", app.backend());
        assert_eq!(book["title"], "The Moonstone");
        assert_eq!(book["isbn13"], MOONSTONE);
        assert_eq!(book["authors"][0]["name"], "Wilkie Collins");
        assert!(
            book["cover"].is_object(),
            "Inventaire's image was kept: {book}"
        );
        let id = book["id"].as_i64().unwrap();
        let stored = app.store.book(id).await.unwrap().unwrap();
        let data = dogear::actions::bookdata::book_data(&app.store, &stored)
            .await
            .unwrap();
        assert_eq!(data.inventaire.as_deref(), Some("wd:Q2362563"));
        assert_eq!(data.work, None, "no Open Library key was made up");
        assert_eq!(
            data.subjects,
            ["epistolary novel", "detective novel", "mystery fiction"]
        );
        let (_, genres) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{id}/genres"),
                None,
                None,
            )
            .await;
        assert_eq!(genres[0]["slug"], "mystery", "{genres}");
        assert_eq!(genres.as_array().unwrap().len(), 1, "{genres}");

        // Its URIs find it again.
        for body in [json!({"work": "wd:Q2362563"}), json!({"edition": edition})] {
            let (status, again) = add(&app, &token, body).await;
            assert_eq!((status, again["id"].as_i64()), (StatusCode::OK, Some(id)));
        }
        let (_, known) = lookup(&app, &token, &format!("isbn={MOONSTONE}")).await;
        assert_eq!(known["candidates"][0]["book_id"], id);

        // Words Open Library does not know are searched on Inventaire.
        let (status, words) = lookup(&app, &token, "q=nabokov").await;
        assert_eq!(status, StatusCode::OK, "{words}");
        assert_eq!(words["candidates"].as_array().unwrap().len(), 10);
        assert_eq!(words["candidates"][0]["source"], "inventaire");
        assert_eq!(
            words["candidates"][0]["title"],
            "The Stories of Vladimir Nabokov"
        );
        assert_eq!(
            words["candidates"][0]["authors"],
            json!(["Vladimir Nabokov"])
        );
        let mut bob = app.signup("bob").await;
        let page = bob.get("/books/lookup?q=nabokov").await;
        assert!(
            page.text.contains("name=\"work\" value=\"wd:Q7766679\""),
            "{}",
            page.text
        );

        // Inventaire failing is told as such, and nothing is written.
        let (status, problem) = lookup(&app, &token, &format!("isbn={INVENTAIRE_FAILING}")).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(
            detail.contains("Inventaire answered with an error (500)"),
            "{detail}"
        );
        let body = json!({"edition": format!("isbn:{INVENTAIRE_FAILING}")});
        let (status, _) = add(&app, &token, body).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY);
        let (status, problem) = add(&app, &token, json!({"edition": "wd:Q2362563"})).await;
        assert_eq!(
            (status, field(&problem)),
            (StatusCode::UNPROCESSABLE_ENTITY, "edition")
        );
        assert_eq!(
            app.store.book_count().await.unwrap(),
            1,
            "{}",
            app.backend()
        );
    }
}
