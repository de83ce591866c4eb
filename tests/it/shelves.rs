//! Ratings, statuses, own shelves, reads and progress.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

#[tokio::test]
async fn ratings_in_halves_keep_the_average_right() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let book = app.book(&ann, "Middlemarch", "George Eliot").await;
        let path = format!("/api/v1/books/{book}/rating");
        let (status, body) = app
            .api(Method::PUT, &path, Some(&ann), Some(json!({"stars": 4.5})))
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", app.backend());
        assert_eq!(body["stars"], 4.5);
        app.api(Method::PUT, &path, Some(&bob), Some(json!({"stars": 3})))
            .await;
        let (_, b) = app
            .api(Method::GET, &format!("/api/v1/books/{book}"), None, None)
            .await;
        assert_eq!(b["ratings_count"], 2);
        assert_eq!(b["average_rating"], 3.75);
        app.api(Method::PUT, &path, Some(&bob), Some(json!({"stars": 5})))
            .await;
        let (_, b) = app
            .api(Method::GET, &format!("/api/v1/books/{book}"), None, None)
            .await;
        assert_eq!(
            (b["ratings_count"].as_i64(), b["average_rating"].as_f64()),
            (Some(2), Some(4.75)),
            "a re-rating replaces"
        );
        let (status, _) = app.api(Method::DELETE, &path, Some(&ann), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, b) = app
            .api(Method::GET, &format!("/api/v1/books/{book}"), None, None)
            .await;
        assert_eq!(
            (b["ratings_count"].as_i64(), b["average_rating"].as_f64()),
            (Some(1), Some(5.0))
        );

        for bad in [
            json!({"stars": 0}),
            json!({"stars": 5.5}),
            json!({"stars": 3.3}),
            json!({"stars": -1}),
        ] {
            let (status, problem) = app
                .api(Method::PUT, &path, Some(&ann), Some(bad.clone()))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert_eq!(problem["errors"][0]["field"], "stars");
        }
        let (status, _) = app
            .api(
                Method::PUT,
                &path,
                Some(&ann),
                Some(json!({"stars": "five"})),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = app
            .api(
                Method::PUT,
                "/api/v1/books/999999/rating",
                Some(&ann),
                Some(json!({"stars": 4})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, b) = app
            .api(Method::GET, &format!("/api/v1/books/{book}"), None, None)
            .await;
        assert_eq!(b["ratings_count"], 1, "bad ratings wrote nothing");
    }
}

#[tokio::test]
async fn concurrent_raters_leave_an_exact_count() {
    for app in TestApp::all().await {
        let owner = app.api_user("owner").await;
        let book = app.book(&owner, "Moby-Dick", "Herman Melville").await;
        let mut readers = Vec::new();
        for i in 0..12 {
            readers.push(
                app.store
                    .create_user(&dogear::store::NewUser {
                        username: format!("r{i}"),
                        username_key: format!("r{i}"),
                        display_name: format!("R{i}"),
                        password_hash: "x".into(),
                        appoint: dogear::store::Appoint::Reader,
                        now: 1,
                    })
                    .await
                    .unwrap()
                    .id,
            );
        }
        let mut tasks = Vec::new();
        for (i, id) in readers.iter().enumerate() {
            let store = app.store.clone();
            let id = *id;
            tasks.push(tokio::spawn(async move {
                store.set_rating(id, book, 4 + (i as i64 % 2) * 4, 10).await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let b = app.store.book(book).await.unwrap().unwrap();
        assert_eq!(b.ratings_count, 12, "{}", app.backend());
        assert_eq!(b.ratings_sum, 6 * 4 + 6 * 8);
    }
}

#[tokio::test]
async fn rating_from_the_book_page_form() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let token = app.api_user("adder").await;
        let book = app.book(&token, "Jane Eyre", "Charlotte Brontë").await;
        let response = ann
            .post_form(&format!("/books/{book}/rating"), &[("stars", "4")])
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            response.text
        );
        let page = ann.get(&format!("/books/{book}")).await;
        assert!(page.text.contains("My rating: 4 stars"), "{}", page.text);
        assert!(page.text.contains("really liked it"));
        assert!(page.text.contains("Clear rating"));
        assert!(
            page.text.contains("id=\"stars-4\" value=\"4\" checked"),
            "the current rating is checked"
        );
        let bad = ann
            .post_form(&format!("/books/{book}/rating"), &[("stars", "7")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("stars"));
        let cleared = ann
            .post_form(&format!("/books/{book}/rating/clear"), &[])
            .await;
        assert_eq!(cleared.status, StatusCode::SEE_OTHER);
        let page = ann.get(&format!("/books/{book}")).await;
        assert!(!page.text.contains("Clear rating") && page.text.contains("Rate this book"));
    }
}

#[tokio::test]
async fn statuses_shelves_reads_and_progress() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let book = app.book(&ann, "War and Peace", "Leo Tolstoy").await;
        let (status, mine) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/status"),
                Some(&ann),
                Some(json!({"status": "to-read"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {mine}", app.backend());
        assert_eq!(mine["status"], "to-read");
        let (status, problem) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/status"),
                Some(&ann),
                Some(json!({"status": "someday"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "status");

        let (status, mine) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/shelves"),
                Some(&ann),
                Some(json!({"shelves": ["Russian Lit", "long", "long"]})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(mine["shelves"], json!(["long", "Russian Lit"]));
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/shelves"),
                Some(&ann),
                Some(json!({"shelves": ["read"]})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a status is not an own shelf"
        );

        let (status, read) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{book}/reads"),
                Some(&ann),
                Some(json!({"started": "2006-12", "finished": "2007-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(read["finished"], "2007-01");
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{book}/reads"),
                Some(&ann),
                Some(json!({"finished": "2019-05-03"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "a re-read adds another");
        for bad in [
            json!({"finished": "2007-13"}),
            json!({"finished": "yesterday"}),
            json!({"started": "2008-01", "finished": "2007-01"}),
        ] {
            let (status, problem) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/books/{book}/reads"),
                    Some(&ann),
                    Some(bad.clone()),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(
                problem["errors"][0]["field"] == "finished"
                    || problem["errors"][0]["field"] == "started"
            );
        }

        let (status, p) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{book}/progress"),
                Some(&ann),
                Some(json!({"percent": 40, "note": "Pierre!"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        assert_eq!(p["percent"], 40);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{book}/progress"),
                Some(&ann),
                Some(json!({"percent": 140})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{book}/progress"),
                Some(&ann),
                Some(json!({})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        let (_, mine) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/mine"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(mine["reads"].as_array().unwrap().len(), 2);
        assert_eq!(
            mine["status"], "to-read",
            "progress does not override a chosen status"
        );

        let mut browser = app.browser();
        let profile = browser.get("/users/ann").await;
        assert!(
            profile.text.contains("to-read") && profile.text.contains("(1)"),
            "{}",
            profile.text
        );
        assert!(profile.text.contains("Russian Lit"));
        let shelf = browser.get("/users/ann/shelves/russian-lit").await;
        assert_eq!(shelf.status, StatusCode::OK);
        assert!(shelf.text.contains("War and Peace"));
        assert!(
            browser
                .get("/users/ann/shelves/to-read")
                .await
                .text
                .contains("War and Peace")
        );
        assert!(
            !browser
                .get("/users/ann/shelves/read")
                .await
                .text
                .contains("War and Peace")
        );
        assert_eq!(
            browser.get("/users/ann/shelves/nope").await.status,
            StatusCode::NOT_FOUND
        );

        let (status, _) = app
            .api(
                Method::DELETE,
                &format!("/api/v1/books/{book}/status"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, mine) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/mine"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(mine["status"], serde_json::Value::Null);
    }
}

#[tokio::test]
async fn shelving_from_the_forms() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let token = app.api_user("adder").await;
        let book = app
            .book(&token, "Great Expectations", "Charles Dickens")
            .await;
        assert_eq!(
            ann.post_form(
                &format!("/books/{book}/status"),
                &[("status", "currently-reading")]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            ann.post_form(
                &format!("/books/{book}/shelves"),
                &[("shelves", "victorian, orphans")]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            ann.post_form(
                &format!("/books/{book}/progress"),
                &[("page", "120"), ("percent", "")]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            ann.post_form(
                &format!("/books/{book}/reads"),
                &[("started", "2016-01"), ("finished", "2016-01-29")]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        let page = ann.get(&format!("/books/{book}")).await;
        assert!(
            page.text.contains("shelf-current\">Currently reading"),
            "{}",
            app.backend()
        );
        assert!(
            page.text.contains("victorian, orphans") || page.text.contains("orphans, victorian")
        );
        assert!(page.text.contains("marked as: Currently reading"));
        assert!(page.text.contains("page 120"));
        assert!(
            page.text.contains("Read from Jan 2016 to Jan 29, 2016"),
            "{}",
            page.text
        );
        let bad = ann
            .post_form(&format!("/books/{book}/progress"), &[("page", "lots")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let bad = ann
            .post_form(&format!("/books/{book}/status"), &[("status", "abandoned")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
