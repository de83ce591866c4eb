//! Hourly limits on what readers make: books, friend requests and flags.
//! Each is counted in the database, and over it nothing is written.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{Browser, TestApp, TestResponse};
use crate::moderation::scene;

/// A browser signed in as a reader made with `api_user`.
async fn signin(app: &TestApp, name: &str) -> Browser {
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

/// The seconds a 429 asks to wait, which must be within the hour.
fn retry_after(response: &TestResponse) -> u64 {
    let seconds: u64 = response
        .headers
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&seconds), "{seconds}");
    seconds
}

async fn titles(app: &TestApp) -> Vec<String> {
    let books = app.store.recent_books(1000).await.unwrap();
    books.into_iter().map(|b| b.title).collect()
}

#[tokio::test]
async fn the_thirty_first_book_in_an_hour_is_refused_and_not_added() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        for n in 1..=30 {
            app.book(&ann, &format!("Volume {n}"), "Prolific Author")
                .await;
        }
        let refused = app
            .api_raw(
                Method::POST,
                "/api/v1/books",
                Some(&ann),
                Some(json!({"title": "Volume 31", "authors": ["Prolific Author"]}).to_string()),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: {}",
            app.backend(),
            refused.text
        );
        assert_eq!(refused.content_type(), "application/problem+json");
        assert!(refused.text.contains("rate_limited"), "{}", refused.text);
        retry_after(&refused);
        assert_eq!(titles(&app).await.len(), 30, "{}", app.backend());
        assert!(!titles(&app).await.contains(&"Volume 31".to_string()));

        // The form counts against the same hour, and says so on a page.
        let mut browser = signin(&app, "ann").await;
        let page = browser
            .post_form(
                "/books",
                &[
                    ("title", "Volume 32"),
                    ("authors", "Prolific Author"),
                    ("confirm", "1"),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.text);
        assert!(page.content_type().starts_with("text/html"));
        assert!(page.text.contains("Slow down"), "{}", page.text);
        retry_after(&page);
        assert_eq!(titles(&app).await.len(), 30);

        // Another reader's hour is their own.
        let bob = app.api_user("bob").await;
        app.book(&bob, "Volume 31", "Prolific Author").await;
    }
}

#[tokio::test]
async fn imports_do_not_count_against_a_readers_hour_of_books() {
    for app in TestApp::all_with(|s| s.books_per_hour = 2).await {
        let token = app.api_user("erin").await;
        let erin = app.store.user_by_username("erin").await.unwrap().unwrap();
        let mut csv = String::from(
            "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,\
             Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,\
             Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,\
             Private Notes,Read Count,Owned Copies\n",
        );
        for n in 1..=5 {
            csv.push_str(&format!(
                "{n},Imported {n},Import Author,,,,,0,,,,,,,,2025/06/29,to-read,,to-read,,,,0,0\n"
            ));
        }
        let summary =
            dogear::actions::imports::import_file(app.store.as_ref(), &erin, csv.as_bytes(), None)
                .await
                .unwrap();
        assert_eq!(summary.imported, 5, "{}: {summary}", app.backend());
        app.book(&token, "By Hand 1", "Erin").await;
        app.book(&token, "By Hand 2", "Erin").await;
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/books",
                Some(&token),
                Some(json!({"title": "By Hand 3", "authors": ["Erin"]})),
            )
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(titles(&app).await.len(), 7);
    }
}

/// Readers made straight in the store: no password hashing, for tests that need many.
async fn quiet_readers(app: &TestApp, prefix: &str, n: usize) -> Vec<dogear::store::User> {
    let mut readers = Vec::new();
    for i in 0..n {
        let name = format!("{prefix}{i}");
        readers.push(
            app.store
                .create_user(&dogear::store::NewUser {
                    username: name.clone(),
                    username_key: name.clone(),
                    display_name: name,
                    password_hash: "x".into(),
                    appoint: dogear::store::Appoint::Reader,
                    now: dogear::actions::now(),
                })
                .await
                .unwrap(),
        );
    }
    readers
}

#[tokio::test]
async fn the_twenty_first_friend_request_in_an_hour_is_refused_and_not_sent() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let ann_id = app.store.user_by_username("ann").await.unwrap().unwrap().id;
        let others = quiet_readers(&app, "reader", 23).await;
        for other in &others[..20] {
            let path = format!("/api/v1/users/{}/friend", other.username);
            let (status, _) = app.api(Method::POST, &path, Some(&ann), None).await;
            assert_eq!(status, StatusCode::ACCEPTED, "{}", app.backend());
        }
        let refused = app
            .api_raw(
                Method::POST,
                "/api/v1/users/reader20/friend",
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: {}",
            app.backend(),
            refused.text
        );
        assert_eq!(refused.content_type(), "application/problem+json");
        retry_after(&refused);
        let relation = app.store.relation(ann_id, others[20].id).await.unwrap();
        assert!(!relation.request_sent, "nothing was sent");
        assert!(
            app.store
                .friend_requests(others[20].id)
                .await
                .unwrap()
                .is_empty()
        );

        // Withdrawing a request does not give it back; asking again is free.
        let (status, _) = app
            .api(
                Method::DELETE,
                "/api/v1/users/reader0/friend",
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/users/reader0/friend",
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/users/reader1/friend",
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "already asked: nothing new");
        // Answering a request by asking back sends nothing new either.
        app.store
            .request_friend(others[21].id, ann_id, dogear::actions::now())
            .await
            .unwrap();
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/users/reader21/friend",
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "now friends");

        // The profile's button says so on a page.
        let mut browser = signin(&app, "ann").await;
        let page = browser
            .post_form("/users/reader22/relation", &[("do", "request")])
            .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.text);
        retry_after(&page);
        assert!(page.text.contains("Slow down"), "{}", page.text);
        let relation = app.store.relation(ann_id, others[22].id).await.unwrap();
        assert!(!relation.request_sent);
    }
}

#[tokio::test]
async fn the_twenty_first_flag_in_an_hour_is_refused_and_not_filed() {
    for app in TestApp::all_with(|s| s.comments_per_minute = 100).await {
        let (modr, helen, spammer, review, first) = scene(&app).await;
        let mut comments = vec![first];
        for n in 1..22 {
            let (status, c) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/reviews/{review}/comments"),
                    Some(&spammer),
                    Some(json!({"body": format!("BUY PILLS {n}")})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
            comments.push(c["id"].as_i64().unwrap());
        }
        for id in &comments[..20] {
            let (status, _) = app
                .api(
                    Method::POST,
                    "/api/v1/flags",
                    Some(&helen),
                    Some(json!({"target": "comment", "id": id, "reason": "spam"})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{}", app.backend());
        }
        let refused = app
            .api_raw(
                Method::POST,
                "/api/v1/flags",
                Some(&helen),
                Some(
                    json!({"target": "comment", "id": comments[20], "reason": "spam"}).to_string(),
                ),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: {}",
            app.backend(),
            refused.text
        );
        assert_eq!(refused.content_type(), "application/problem+json");
        retry_after(&refused);
        assert_eq!(app.store.open_flags(100, 0).await.unwrap().len(), 20);

        // The page's flag form is refused with a page that says so.
        let mut browser = signin(&app, "helen").await;
        let id = comments[21].to_string();
        let page = browser
            .post_form(
                "/flags",
                &[("target", "comment"), ("id", &id), ("reason", "spam")],
            )
            .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.text);
        retry_after(&page);
        assert!(page.text.contains("Slow down"));
        assert_eq!(app.store.open_flags(100, 0).await.unwrap().len(), 20);

        // Another reader, and the moderator, still may flag.
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&modr),
                Some(json!({"target": "comment", "id": comments[20], "reason": "spam"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
}
