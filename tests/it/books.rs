//! The catalogue: adding books, ISBNs, author and book pages, search.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

#[tokio::test]
async fn a_book_added_through_the_api_has_its_isbns_converted() {
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let (status, book) = app
            .api(Method::POST, "/api/v1/books", Some(&token), Some(json!({
                "title": "The Remains of the Day", "authors": ["Kazuo Ishiguro"],
                "isbn10": "0-306-40615-2", "pages": 245, "year": 1989, "description": "A butler's road trip."
            })))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{}: {book}", app.backend());
        assert_eq!(book["isbn10"], "0306406152");
        assert_eq!(
            book["isbn13"], "9780306406157",
            "the missing form is filled in"
        );
        assert_eq!(book["authors"][0]["name"], "Kazuo Ishiguro");
        assert_eq!(book["pages"], 245);
        assert_eq!(book["average_rating"], serde_json::Value::Null);
        assert_eq!(book["ratings_count"], 0);
        assert_eq!(book["reviews_count"], 0);
        let id = book["id"].as_i64().unwrap();
        let (status, again) = app
            .api(Method::GET, &format!("/api/v1/books/{id}"), None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(again, book);

        let (status, body) = app
            .api(
                Method::POST,
                "/api/v1/books",
                Some(&token),
                Some(json!({"title": "Copy", "authors": ["X"], "isbn13": "978-0-306-40615-7"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "{}: same ISBN twice",
            app.backend()
        );
        assert_eq!(body["errors"][0]["field"], "isbn13");
    }
}

#[tokio::test]
async fn bad_books_are_refused_naming_the_field() {
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let cases = [
            (json!({"title": "  ", "authors": ["A"]}), "title", 422),
            (
                json!({"title": "x".repeat(301), "authors": ["A"]}),
                "title",
                422,
            ),
            (json!({"title": "T", "authors": []}), "authors", 422),
            (
                json!({"title": "T", "authors": ["A"], "isbn13": "9780306406158"}),
                "isbn13",
                422,
            ),
            (
                json!({"title": "T", "authors": ["A"], "isbn10": "123"}),
                "isbn10",
                422,
            ),
            (
                json!({"title": "T", "authors": ["A"], "pages": -3}),
                "pages",
                422,
            ),
            (
                json!({"title": "T", "authors": ["A"], "pages": "many"}),
                "pages",
                400,
            ),
            (json!({"authors": ["A"]}), "title", 400),
        ];
        for (body, field, status) in cases {
            let (got, problem) = app
                .api(
                    Method::POST,
                    "/api/v1/books",
                    Some(&token),
                    Some(body.clone()),
                )
                .await;
            assert_eq!(got.as_u16(), status, "{}: {body}: {problem}", app.backend());
            assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
        }
        let (_, none) = app.api(Method::GET, "/api/v1/search?q=T", None, None).await;
        assert_eq!(
            none["books"].as_array().unwrap().len(),
            0,
            "nothing was written"
        );
        let (status, _) = app
            .api(
                Method::POST,
                "/api/v1/books",
                None,
                Some(json!({"title": "T", "authors": ["A"]})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn adding_a_book_from_the_form() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let form = ann.get("/books/new").await;
        assert_eq!(form.status, StatusCode::OK);
        let bad = ann
            .post_form(
                "/books",
                &[
                    ("title", "Never Let Me Go"),
                    ("authors", "Kazuo Ishiguro"),
                    ("isbn13", "1234"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.text.contains("isbn13") && bad.text.contains("Never Let Me Go"),
            "the form keeps what was typed"
        );
        let ok = ann
            .post_form(
                "/books",
                &[
                    ("title", "Never Let Me Go"),
                    ("authors", "Ishiguro, Kazuo\nSomeone Else"),
                    ("pages", "288"),
                    ("year", "2005"),
                ],
            )
            .await;
        assert_eq!(
            ok.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            ok.text
        );
        let page = ann.get(ok.location()).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Never Let Me Go"));
        assert!(
            page.text.contains("Ishiguro, Kazuo"),
            "a comma stays inside one name"
        );
        assert!(page.text.contains("Someone Else"));
        assert!(page.text.contains("Rate this book"));
    }
}

#[tokio::test]
async fn adding_a_likely_duplicate_asks_first() {
    for app in TestApp::all().await {
        let token = app.api_user("adder").await;
        let emma = app.book(&token, "Emma", "Jane Austen").await;
        let mut ann = app.signup("ann").await;
        let asked = ann
            .post_form("/books", &[("title", "EMMA"), ("authors", "Austen, Jane")])
            .await;
        assert_eq!(asked.status, StatusCode::OK, "{}", app.backend());
        assert!(
            asked.text.contains("Is it one of these?")
                && asked.text.contains(&format!("/books/{emma}"))
        );
        let (_, found) = app
            .api(Method::GET, "/api/v1/search?q=emma", None, None)
            .await;
        assert_eq!(
            found["books"].as_array().unwrap().len(),
            1,
            "nothing added yet"
        );
        let added = ann
            .post_form(
                "/books",
                &[
                    ("title", "EMMA"),
                    ("authors", "Austen, Jane"),
                    ("confirm", "on"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        let other = ann
            .post_form("/books", &[("title", "Emma"), ("authors", "Someone Else")])
            .await;
        assert_eq!(
            other.status,
            StatusCode::SEE_OTHER,
            "another author's Emma is no duplicate"
        );
    }
}

#[tokio::test]
async fn authors_have_pages_listing_their_books() {
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let first = app.book(&token, "The Unconsoled", "Kazuo Ishiguro").await;
        app.book(&token, "Klara and the Sun", "kazuo  ishiguro")
            .await;
        let (_, book) = app
            .api(Method::GET, &format!("/api/v1/books/{first}"), None, None)
            .await;
        let author = book["authors"][0]["id"].as_i64().unwrap();
        let third = app.book(&token, "Nocturnes", "Ishiguro, Kazuo").await;
        let (_, nocturnes) = app
            .api(Method::GET, &format!("/api/v1/books/{third}"), None, None)
            .await;
        assert_eq!(
            nocturnes["authors"][0]["id"],
            author,
            "{}: the catalogue form of a name is the same author",
            app.backend()
        );
        let mut browser = app.browser();
        let page = browser.get(&format!("/authors/{author}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text.contains("The Unconsoled") && page.text.contains("Klara and the Sun"),
            "{}: one author, both books",
            app.backend()
        );
        assert_eq!(
            browser.get("/authors/999999").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            browser.get("/authors/nope").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn search_finds_by_title_author_and_either_isbn() {
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let (_, _) = app
            .api(Method::POST, "/api/v1/books", Some(&token), Some(json!({"title": "Frankenstein", "authors": ["Mary Shelley"], "isbn10": "0-306-40615-2"})))
            .await;
        app.book(&token, "Dracula", "Bram Stoker").await;
        for q in ["franken", "SHELLEY", "0306406152", "978-0-306-40615-7"] {
            let (status, found) = app
                .api(Method::GET, &format!("/api/v1/search?q={q}"), None, None)
                .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(
                found["books"][0]["title"],
                "Frankenstein",
                "{}: {q}",
                app.backend()
            );
            assert_eq!(found["books"].as_array().unwrap().len(), 1, "{q}");
        }
        let page = app.browser().get("/search?q=stoker").await;
        assert!(page.text.contains("Dracula") && !page.text.contains("Frankenstein"));
        assert!(page.text.contains("Bram Stoker"), "authors are found too");
        let page = app.browser().get("/search?q=%25").await;
        assert!(
            !page.text.contains("Dracula"),
            "a % is a character, not a wildcard"
        );
    }
}

#[tokio::test]
async fn unknown_books_are_404_pages_and_problems() {
    for app in TestApp::all().await {
        let mut browser = app.browser();
        let page = browser.get("/books/424242").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.text.contains("no such book"));
        assert_eq!(
            browser.get("/books/abc").await.status,
            StatusCode::NOT_FOUND
        );
        let (status, body) = app
            .api(Method::GET, "/api/v1/books/424242", None, None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "not_found");
    }
}

#[tokio::test]
async fn api_reads_carry_etags_and_may_be_made_from_other_origins() {
    use axum::http::header;
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let id = app
            .book(&token, "Small Things Like These", "Claire Keegan")
            .await;
        let path = format!("/api/v1/books/{id}");
        let first = app.api_raw(Method::GET, &path, None, None).await;
        assert_eq!(first.status, StatusCode::OK);
        let tag = first.headers[header::ETAG].to_str().unwrap().to_string();
        assert!(tag.starts_with('"') && tag.len() > 10, "{tag}");
        assert_eq!(first.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");

        // The same representation again: 304 and no body.
        let request = axum::http::Request::builder()
            .uri(&path)
            .header(header::IF_NONE_MATCH, &tag)
            .body(axum::body::Body::empty())
            .unwrap();
        let again = crate::app::TestResponse::from_router(&app, request).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{}", app.backend());
        assert!(again.bytes.is_empty());

        // A change makes a new tag.
        app.api(
            Method::PUT,
            &format!("{path}/rating"),
            Some(&token),
            Some(json!({"stars": 4})),
        )
        .await;
        let changed = app.api_raw(Method::GET, &path, None, None).await;
        assert_ne!(changed.headers[header::ETAG].to_str().unwrap(), tag);

        // Reads may come from any origin; writes are not opened to them.
        let preflight = axum::http::Request::builder()
            .method(Method::OPTIONS)
            .uri(&path)
            .header(header::ORIGIN, "https://example.org")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .body(axum::body::Body::empty())
            .unwrap();
        let answer = crate::app::TestResponse::from_router(&app, preflight).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT);
        assert_eq!(
            answer.headers[header::ACCESS_CONTROL_ALLOW_METHODS],
            "GET, HEAD"
        );
        let write = app
            .api_raw(
                Method::PUT,
                &format!("{path}/rating"),
                Some(&token),
                Some(json!({"stars": 5}).to_string()),
            )
            .await;
        assert!(
            write
                .headers
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none()
        );
        assert!(write.headers.get(header::ETAG).is_none());
    }
}
