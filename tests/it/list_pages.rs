//! A list on the pages: made, filled from search, voted on and suggested to;
//! a long one paged through its ranks in the API and on the page.

use axum::http::{Method, StatusCode};

use crate::app::TestApp;
use crate::lists::{add, make_list, shown, vote};

#[tokio::test]
async fn a_reader_makes_a_list_finds_books_votes_and_suggests_on_the_pages() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let token = app.api_user("bob").await;
        let book = app
            .book(&token, "The Left Hand of Darkness", "Ursula K. Le Guin")
            .await;
        let other = app
            .book(&token, "The Dispossessed", "Ursula K. Le Guin")
            .await;

        assert_eq!(ann.get("/lists/new").await.status, StatusCode::OK);
        let made = ann
            .post_form(
                "/lists",
                &[
                    ("title", "Le Guin <3"),
                    ("description", "Her *best*"),
                    ("mode", "curated"),
                ],
            )
            .await;
        assert_eq!(
            made.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            made.text
        );
        let path = made.location().to_string();
        let id: i64 = path.trim_start_matches("/lists/").parse().unwrap();
        let bad = ann
            .post_form("/lists", &[("title", ""), ("mode", "open")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        let page = ann.get(&format!("{path}?find=left+hand")).await;
        assert!(
            page.text.contains("Le Guin &#60;3"),
            "escaped: {}",
            page.text
        );
        assert!(page.text.contains("<em>best</em>"));
        assert!(
            page.text
                .contains(&format!("name=\"book_id\" value=\"{book}\"")),
            "search offers the book"
        );
        let added = ann
            .post_form(
                &format!("{path}/books"),
                &[("book_id", &book.to_string()), ("note", "Winter")],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
        let voted = ann
            .post_form(&format!("{path}/books/{book}/vote"), &[("back", &path)])
            .await;
        assert_eq!(
            (voted.status, voted.location()),
            (StatusCode::SEE_OTHER, path.as_str())
        );
        let page = ann.get(&path).await.text;
        assert!(page.contains("The Left Hand of Darkness") && page.contains("Winter"));
        assert!(
            page.contains("1 vote") && page.contains("Take back my vote"),
            "{page}"
        );

        // Someone else's addition to a curated list waits, and says so.
        let mut cat = app.signup("cat").await;
        let suggested = cat
            .post_form(
                &format!("{path}/books"),
                &[("book_id", &other.to_string()), ("note", "")],
            )
            .await;
        assert!(
            suggested.location().contains("notice=suggested"),
            "{}",
            suggested.location()
        );
        assert!(
            cat.get(suggested.location())
                .await
                .text
                .contains("will see your suggestion")
        );
        let owner_view = ann.get(&path).await.text;
        assert!(
            owner_view.contains("Waiting for your approval")
                && owner_view.contains("The Dispossessed")
        );
        let approved = ann
            .post_form(&format!("{path}/books/{other}/approve"), &[("back", &path)])
            .await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER);
        let cat_view = cat.get(&path).await.text;
        assert!(
            cat_view.contains("The Dispossessed")
                && !cat_view.contains("Waiting for your approval")
        );
        let vote_forbidden = cat
            .post_form(&format!("{path}/books/{other}/remove"), &[])
            .await;
        assert_eq!(vote_forbidden.status, StatusCode::FORBIDDEN);

        // Found by title, on the book's page, on the reader's lists, in a feed.
        let mut visitor = app.browser();
        assert!(
            visitor
                .get("/lists?q=le+guin")
                .await
                .text
                .contains(&format!("/lists/{id}"))
        );
        assert!(
            visitor
                .get("/lists?sort=newest")
                .await
                .text
                .contains("Le Guin &#60;3")
        );
        assert!(
            !visitor
                .get("/lists?q=nothing+like+it")
                .await
                .text
                .contains(&format!("/lists/{id}\""))
        );
        assert!(
            visitor
                .get(&format!("/books/{book}"))
                .await
                .text
                .contains(&format!("/lists/{id}"))
        );
        assert!(
            visitor
                .get("/users/ann/lists")
                .await
                .text
                .contains("Le Guin &#60;3")
        );
        let feed = visitor.get(&format!("/feeds/lists/{id}.rss")).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert!(feed.content_type().starts_with("application/rss+xml"));
        assert!(feed.text.contains("The Dispossessed by Ursula K. Le Guin"));
        let atom = visitor.get(&format!("/feeds/lists/{id}.atom")).await;
        assert!(atom.text.contains("<feed") && atom.text.contains("Winter"));
        assert_eq!(
            visitor.get("/lists/nope").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            visitor.get("/lists/new").await.status,
            StatusCode::SEE_OTHER,
            "sign in first"
        );

        // The owner edits, then deletes.
        assert!(
            ann.get(&format!("{path}/edit"))
                .await
                .text
                .contains("Le Guin &#60;3")
        );
        assert_eq!(
            cat.get(&format!("{path}/edit")).await.status,
            StatusCode::FORBIDDEN
        );
        let edited = ann
            .post_form(
                &format!("{path}/edit"),
                &[
                    ("title", "Le Guin"),
                    ("description", ""),
                    ("mode", "closed"),
                ],
            )
            .await;
        assert_eq!(edited.status, StatusCode::SEE_OTHER);
        assert!(
            ann.get(&path)
                .await
                .text
                .contains("Only the owner adds books")
        );
        let gone = ann.post_form(&format!("{path}/delete"), &[]).await;
        assert!(gone.location().starts_with("/users/ann/lists"));
        assert_eq!(ann.get(&path).await.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_long_list_pages_through_its_ranks() {
    for app in TestApp::all_with(|s| s.books_per_hour = 1_000).await {
        let ann = app.api_user("ann").await;
        let list = make_list(&app, &ann, "Sixty books", "open").await;
        let mut books = Vec::new();
        for n in 0..60 {
            let book = app.book(&ann, &format!("Book {n:02}"), "A. Writer").await;
            add(&app, &ann, list, book).await;
            books.push(book);
        }
        vote(&app, &ann, list, books[59], Method::PUT).await;
        let (_, first) = shown(&app, None, list).await;
        assert_eq!(first["books"].as_array().map(Vec::len), Some(50));
        assert_eq!(
            first["books"][0]["book"]["title"], "Book 59",
            "the voted one leads"
        );
        assert_eq!(first["books"][1]["book"]["title"], "Book 00");
        let cursor = first["next_cursor"].as_str().unwrap();
        let (_, second) = app
            .api(
                Method::GET,
                &format!("/api/v1/lists/{list}?cursor={cursor}"),
                None,
                None,
            )
            .await;
        assert_eq!(second["books"].as_array().map(Vec::len), Some(10));
        assert_eq!(second["books"][0]["rank"], 51);
        assert!(second["next_cursor"].is_null());
        let page = app
            .browser()
            .get(&format!("/lists/{list}?page=2"))
            .await
            .text;
        assert!(page.contains("page 2 of 2") && page.contains("Book 58"));
        assert!(!page.contains("Book 10<"));
    }
}
