//! Works and editions, author roles and other names, and moderators' merges.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok as call};

#[tokio::test]
async fn editions_belong_to_the_work_and_a_reader_remembers_theirs() {
    for app in TestApp::all().await {
        let moderator = app.api_user("mod").await;
        let ann = app.api_user("ann").await;
        let book = call(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({
                "title": "Norwegian Wood",
                "authors": ["Haruki Murakami", "Jay Rubin (Translator)"],
                "isbn13": "9780000000019", "year": 1987
            }),
        )
        .await;
        let id = book["id"].as_i64().unwrap();
        assert_eq!(book["authors"][0]["role"], "author");
        assert_eq!(book["authors"][1]["name"], "Jay Rubin", "{}", app.backend());
        assert_eq!(book["authors"][1]["role"], "translator");

        let (_, list) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{id}/editions"),
                None,
                None,
            )
            .await;
        assert_eq!(
            list["editions"].as_array().map(Vec::len),
            Some(1),
            "{}: the first edition is the book's ISBN: {list}",
            app.backend()
        );
        assert_eq!(list["editions"][0]["isbn13"], "9780000000019");

        let editions = format!("/api/v1/books/{id}/editions");
        let second = call(
            &app,
            Method::POST,
            &editions,
            &ann,
            json!({
                "isbn13": "978-1-111-11111-3", "publisher": "Vintage", "year": 2000,
                "pages": 389, "format": "Paperback", "language": "English"
            }),
        )
        .await;
        assert_eq!(second["book_id"], id);
        assert_eq!(
            second["isbn10"], "1111111111",
            "the other form is filled in"
        );
        let second_id = second["id"].as_i64().unwrap();

        // Bad editions name the field at fault; nothing is created.
        let (status, body) = app
            .api(
                Method::POST,
                &editions,
                Some(&ann),
                Some(json!({"isbn13": "9781111111113"})),
            )
            .await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::CONFLICT, Some("isbn13"))
        );
        let (status, body) = app
            .api(
                Method::POST,
                &editions,
                Some(&ann),
                Some(json!({"publisher": "No ISBN"})),
            )
            .await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("isbn13"))
        );
        let (status, _) = app
            .api(
                Method::POST,
                &editions,
                None,
                Some(json!({"isbn13": "9780222222220"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (_, list) = app.api(Method::GET, &editions, None, None).await;
        assert_eq!(list["editions"].as_array().unwrap().len(), 2);

        // Ratings belong to the work: the same whichever edition it was read in.
        call(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{id}/rating"),
            &ann,
            json!({"stars": 5}),
        )
        .await;
        call(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{id}/edition"),
            &ann,
            json!({"edition_id": second_id}),
        )
        .await;
        let (_, mine) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{id}/mine"),
                Some(&ann),
                None,
            )
            .await;
        assert_eq!(mine["edition_id"], second_id);
        assert_eq!(mine["rating"], 5.0);
        let (_, shown) = app
            .api(
                Method::GET,
                &format!("/api/v1/editions/{second_id}"),
                None,
                None,
            )
            .await;
        assert_eq!(
            (shown["readers"].as_i64(), shown["publisher"].as_str()),
            (Some(1), Some("Vintage"))
        );

        // Another book's edition is not this book's.
        let other = app
            .book(&moderator, "Kafka on the Shore", "Haruki Murakami")
            .await;
        let (status, body) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{other}/edition"),
                Some(&ann),
                Some(json!({"edition_id": second_id})),
            )
            .await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("edition_id"))
        );

        // Either edition's ISBN finds the work.
        let (_, found) = app
            .api(
                Method::GET,
                "/api/v1/search?q=978-1-111-11111-3",
                None,
                None,
            )
            .await;
        assert_eq!(found["books"][0]["id"], id, "{}: {found}", app.backend());

        // The work's page lists its editions, and the reader's one.
        let mut browser = app.browser();
        let page = browser.get(&format!("/books/{id}")).await;
        assert!(
            page.text.contains("Vintage") && page.text.contains("9781111111113"),
            "{}",
            page.text
        );
        assert!(
            page.text.contains("Jay Rubin</a> (Translator)"),
            "roles show after names"
        );
        let edition_page = browser.get(&format!("/editions/{second_id}")).await;
        assert_eq!(
            edition_page.location(),
            format!("/books/{id}#edition-{second_id}")
        );
    }
}

#[tokio::test]
async fn merging_books_moves_every_rating_review_shelf_and_comment() {
    for app in TestApp::all().await {
        let moderator = app.api_user("mod").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let dupe = app.book(&ann, "The Buried Giant", "Kazuo Ishiguro").await;
        let keep = app
            .book(&bob, "The Buried Giant: A Novel", "Kazuo Ishiguro")
            .await;
        let b = |id: i64, what: &str| format!("/api/v1/books/{id}/{what}");

        call(
            &app,
            Method::PUT,
            &b(dupe, "rating"),
            &ann,
            json!({"stars": 5}),
        )
        .await;
        call(
            &app,
            Method::PUT,
            &b(dupe, "status"),
            &ann,
            json!({"status": "read"}),
        )
        .await;
        call(
            &app,
            Method::PUT,
            &b(dupe, "shelves"),
            &ann,
            json!({"shelves": ["dragons"]}),
        )
        .await;
        let ann_dupe = call(
            &app,
            Method::PUT,
            &b(dupe, "review"),
            &ann,
            json!({"body": "First thoughts."}),
        )
        .await;
        let ann_keep = call(
            &app,
            Method::PUT,
            &b(keep, "review"),
            &ann,
            json!({"body": "Second thoughts."}),
        )
        .await;
        call(
            &app,
            Method::PUT,
            &b(keep, "rating"),
            &bob,
            json!({"stars": 3}),
        )
        .await;
        let bob_review = call(
            &app,
            Method::PUT,
            &b(keep, "review"),
            &bob,
            json!({"body": "Fog."}),
        )
        .await;
        call(
            &app,
            Method::PUT,
            &b(dupe, "rating"),
            &cat,
            json!({"stars": 2}),
        )
        .await;
        let comments = |r: &Value| format!("/api/v1/reviews/{}/comments", r["id"]);
        call(
            &app,
            Method::POST,
            &comments(&ann_keep),
            &bob,
            json!({"body": "on the kept one"}),
        )
        .await;
        call(
            &app,
            Method::POST,
            &comments(&ann_dupe),
            &cat,
            json!({"body": "on the duplicate, one"}),
        )
        .await;
        call(
            &app,
            Method::POST,
            &comments(&ann_dupe),
            &bob,
            json!({"body": "on the duplicate, two"}),
        )
        .await;

        // Only moderators merge, and only two different books that exist.
        let merge = b(dupe, "merge");
        let (status, _) = app
            .api(
                Method::POST,
                &merge,
                Some(&ann),
                Some(json!({"into": keep})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = app
            .api(
                Method::POST,
                &merge,
                Some(&moderator),
                Some(json!({"into": dupe})),
            )
            .await;
        assert_eq!(
            (status, body["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("into"))
        );
        let (status, _) = app
            .api(
                Method::POST,
                &merge,
                Some(&moderator),
                Some(json!({"into": 999_999})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        let report = call(
            &app,
            Method::POST,
            &merge,
            &moderator,
            json!({"into": keep}),
        )
        .await;
        assert_eq!(report["ratings"], 2, "{}: {report}", app.backend());
        assert_eq!(report["reviews"], 1);
        assert_eq!(report["comments"], 2);
        assert_eq!(report["shelf_entries"], 2);

        // The old address redirects, on the pages and in the API.
        let old = app
            .api_raw(Method::GET, &format!("/api/v1/books/{dupe}"), None, None)
            .await;
        assert_eq!(
            (old.status, old.location()),
            (
                StatusCode::MOVED_PERMANENTLY,
                format!("/api/v1/books/{keep}").as_str()
            )
        );
        let page = app.browser().get(&format!("/books/{dupe}")).await;
        assert!(page.status.is_redirection());
        assert_eq!(page.location(), format!("/books/{keep}"));

        // Everything landed on the kept book.
        let (_, book) = app
            .api(Method::GET, &format!("/api/v1/books/{keep}"), None, None)
            .await;
        assert_eq!(
            (
                book["ratings_count"].as_i64(),
                book["reviews_count"].as_i64()
            ),
            (Some(3), Some(2)),
            "{book}"
        );
        let (_, mine) = app
            .api(Method::GET, &b(keep, "mine"), Some(&ann), None)
            .await;
        assert_eq!(mine["rating"], 5.0);
        assert_eq!(mine["status"], "read");
        assert_eq!(mine["shelves"], json!(["dragons"]));
        assert_eq!(
            mine["review_id"], ann_keep["id"],
            "one review per reader and book"
        );
        let (_, cat_mine) = app
            .api(Method::GET, &b(keep, "mine"), Some(&cat), None)
            .await;
        assert_eq!(cat_mine["rating"], 2.0);

        // Ann's two reviews are one, holding both texts and both threads.
        let (_, review) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{}", ann_keep["id"]),
                None,
                None,
            )
            .await;
        let body = review["body"].as_str().unwrap_or_default();
        assert!(
            body.contains("Second thoughts.") && body.contains("First thoughts."),
            "{review}"
        );
        let (_, thread) = app.api(Method::GET, &comments(&ann_keep), None, None).await;
        let text = thread.to_string();
        for words in [
            "on the kept one",
            "on the duplicate, one",
            "on the duplicate, two",
        ] {
            assert!(
                text.contains(words),
                "{}: {words} in {thread}",
                app.backend()
            );
        }
        let old_review = app
            .api_raw(
                Method::GET,
                &format!("/api/v1/reviews/{}", ann_dupe["id"]),
                None,
                None,
            )
            .await;
        assert_eq!(
            old_review.location(),
            format!("/api/v1/reviews/{}", ann_keep["id"])
        );
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{}", bob_review["id"]),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        // Comment numbers stay unique and readable on the review page.
        let html = app
            .browser()
            .get(&format!("/reviews/{}", ann_keep["id"]))
            .await
            .text;
        for n in 1..=3 {
            assert!(html.contains(&format!("id=\"message-{n}\"")), "message {n}");
        }
    }
}

#[tokio::test]
async fn merging_authors_files_every_book_under_one_name_and_remembers_the_other() {
    for app in TestApp::all().await {
        let moderator = app.api_user("mod").await;
        let ann = app.api_user("ann").await;
        let war = call(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "War and Peace", "authors": ["Lev Tolstoy"]}),
        )
        .await;
        let anna = call(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "Anna Karenina", "authors": ["Leo Tolstoy"]}),
        )
        .await;
        let lev = war["authors"][0]["id"].as_i64().unwrap();
        let leo = anna["authors"][0]["id"].as_i64().unwrap();
        assert_ne!(lev, leo);

        let merge = format!("/api/v1/authors/{leo}/merge");
        let (status, _) = app
            .api(Method::POST, &merge, Some(&ann), Some(json!({"into": lev})))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let report = call(&app, Method::POST, &merge, &moderator, json!({"into": lev})).await;
        assert_eq!(report["books"], 1);

        let old = app
            .api_raw(Method::GET, &format!("/api/v1/authors/{leo}"), None, None)
            .await;
        assert_eq!(old.location(), format!("/api/v1/authors/{lev}"));
        assert_eq!(
            app.browser()
                .get(&format!("/authors/{leo}"))
                .await
                .location(),
            format!("/authors/{lev}")
        );
        let (_, author) = app
            .api(Method::GET, &format!("/api/v1/authors/{lev}"), None, None)
            .await;
        assert_eq!(
            author["other_names"],
            json!(["Leo Tolstoy"]),
            "{}",
            app.backend()
        );
        let titles: Vec<&str> = author["books"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|b| b["title"].as_str())
            .collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        // A book naming the other spelling is filed under the author.
        let later = call(
            &app,
            Method::POST,
            "/api/v1/books",
            &ann,
            json!({"title": "Resurrection", "authors": ["Leo Tolstoy"]}),
        )
        .await;
        assert_eq!(later["authors"][0]["id"], lev);
        let html = app.browser().get(&format!("/authors/{lev}")).await.text;
        assert!(
            html.contains("Leo Tolstoy"),
            "the page names the other spelling"
        );
    }
}
