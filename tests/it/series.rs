//! A book's series and its page, more books by the book's author, and the
//! books a reader's profile shows them reading.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};
use crate::social::{befriend, call, signin};

/// A book in a series, through the API.
async fn in_series(
    app: &TestApp,
    token: &str,
    title: &str,
    series: &str,
    position: Option<&str>,
    year: i64,
) -> i64 {
    let body = ok(
        app,
        Method::POST,
        "/api/v1/books",
        token,
        json!({"title": title, "authors": ["Frank Herbert"], "year": year,
               "series": series, "series_position": position}),
    )
    .await;
    body["id"].as_i64().unwrap()
}

/// The part of the page from one marker to the next (the section under test).
fn section<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// Where each title first shows in the text; panics if one is missing.
fn order_of(html: &str, titles: &[&str]) -> Vec<usize> {
    titles
        .iter()
        .map(|t| {
            html.find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("no {t}"))
        })
        .collect()
}

#[tokio::test]
async fn the_series_page_lists_its_books_in_reading_order() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let messiah = in_series(
            &app,
            &ann,
            "Dune Messiah",
            "Dune Chronicles",
            Some("2"),
            1969,
        )
        .await;
        let dune = in_series(&app, &ann, "Dune", "Dune Chronicles", Some("1"), 1965).await;
        in_series(
            &app,
            &ann,
            "Chapterhouse",
            "Dune Chronicles",
            Some("10"),
            1985,
        )
        .await;
        in_series(
            &app,
            &ann,
            "A Novella",
            "Dune Chronicles",
            Some("1.5"),
            1999,
        )
        .await;
        in_series(&app, &ann, "Later Extra", "Dune Chronicles", None, 2001).await;
        in_series(&app, &ann, "Early Extra", "Dune Chronicles", None, 1990).await;
        in_series(
            &app,
            &ann,
            "Other Saga",
            "Other Chronicles",
            Some("1"),
            1990,
        )
        .await;

        // The book page names the series and its place, and links to it.
        let mut visitor = app.browser();
        let page = visitor.get(&format!("/books/{dune}")).await;
        assert!(
            page.text
                .contains(r#"<a href="/series/Dune%20Chronicles">Dune Chronicles #1</a>"#),
            "{}",
            app.backend()
        );
        let page = visitor.get(&format!("/books/{messiah}")).await;
        assert!(page.text.contains("Dune Chronicles #2</a>"));

        let page = visitor.get("/series/Dune%20Chronicles").await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        assert!(page.text.contains("<h1>Dune Chronicles</h1>"));
        assert!(page.text.contains("6 books, in reading order"));
        let at = order_of(
            &page.text,
            &[
                "Dune",
                "A Novella",
                "Dune Messiah",
                "Chapterhouse",
                "Early Extra",
                "Later Extra",
            ],
        );
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        assert!(page.text.contains("Book 1.5"));
        let (status, body) = app
            .api(Method::GET, "/api/v1/series/Dune%20Chronicles", None, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        let titles: Vec<&str> = body["books"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|b| b["title"].as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "Dune",
                "A Novella",
                "Dune Messiah",
                "Chapterhouse",
                "Early Extra",
                "Later Extra"
            ]
        );
        assert_eq!(body["name"], "Dune Chronicles");
        assert!(!page.text.contains("Other Saga"));
        // Signed out there are no shelf buttons; signed in, each card has one.
        assert!(!page.text.contains("class=\"shelf-button\""));
        let mut reader = signin(&app, "ann").await;
        let page = reader.get("/series/Dune%20Chronicles").await;
        assert_eq!(page.text.matches("class=\"shelf-button\"").count(), 6);
        assert!(
            page.text
                .contains(r#"name="back" value="/series/Dune%20Chronicles""#)
        );
    }
}

#[tokio::test]
async fn a_series_no_book_has_is_not_found_and_names_are_kept_safe() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let odd = "Rivers & <Roads>/Two";
        let book = in_series(&app, &ann, "First Crossing", odd, Some("#1"), 2000).await;
        let mut visitor = app.browser();
        let page = visitor.get(&format!("/books/{book}")).await;
        let href = "/series/Rivers%20%26%20%3CRoads%3E%2FTwo";
        assert!(
            page.text.contains(&format!(
                r#"<a href="{href}">Rivers &#38; &#60;Roads&#62;/Two #1</a>"#
            )),
            "{}: {}",
            app.backend(),
            page.text
                .lines()
                .find(|l| l.contains("/series/"))
                .unwrap_or("no link")
        );
        let page = visitor.get(href).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        assert!(page.text.contains("First Crossing"));
        assert!(!page.text.contains("<Roads>"));

        for missing in [
            "/series/Nobody%20Wrote%20This",
            "/series/rivers%20%26%20%3Croads%3E%2Ftwo",
            "/series/%20",
        ] {
            let page = visitor.get(missing).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{missing}");
        }
    }
}

#[tokio::test]
async fn more_by_the_author_shows_six_others_most_rated_first() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let raters = [app.api_user("bob").await, app.api_user("cat").await];
        let this = app.book(&ann, "Dune", "Frank Herbert").await;
        let mut others = Vec::new();
        for n in 1..=7 {
            others.push(
                app.book(&ann, &format!("Herbert Book {n}"), "Frank Herbert")
                    .await,
            );
        }
        app.book(&ann, "Somebody Else's", "Ursula K. Le Guin").await;
        // Book 7 is rated by two readers, book 3 by one: they lead.
        for (book, who) in [(others[6], &raters[..]), (others[2], &raters[..1])] {
            for token in who {
                let path = format!("/api/v1/books/{book}/rating");
                ok(&app, Method::PUT, &path, token, json!({"stars": 4})).await;
            }
        }
        // This book's own rating does not put it among the others.
        let path = format!("/api/v1/books/{this}/rating");
        ok(&app, Method::PUT, &path, &raters[0], json!({"stars": 5})).await;

        let mut visitor = app.browser();
        let page = visitor.get(&format!("/books/{this}")).await;
        let more = section(&page.text, "id=\"more-by\"", "</section>");
        assert!(more.contains("More by Frank Herbert"), "{}", app.backend());
        assert_eq!(more.matches("<li>").count(), 6, "{more}");
        assert!(!more.contains("Dune<"), "{more}");
        assert!(!more.contains("Somebody Else"));
        let seven = more.find("Herbert Book 7").unwrap();
        let three = more.find("Herbert Book 3").unwrap();
        let one = more.find("Herbert Book 1").unwrap();
        assert!(seven < three && three < one, "{more}");

        // A book whose author wrote nothing else has no such section.
        let alone = app.book(&ann, "Only One", "Single Author").await;
        let page = visitor.get(&format!("/books/{alone}")).await;
        assert!(!page.text.contains("id=\"more-by\""));
    }
}

#[tokio::test]
async fn the_profile_shows_what_they_are_reading_to_those_who_may_see_it() {
    for app in TestApp::all().await {
        let owner = app.api_user("owner").await;
        let friend = app.api_user("friend").await;
        let stranger = app.api_user("stranger").await;
        befriend(&app, ("owner", &owner), ("friend", &friend)).await;
        let body = ok(
            &app,
            Method::POST,
            "/api/v1/books",
            &owner,
            json!({"title": "Middlemarch", "authors": ["George Eliot"], "pages": 800}),
        )
        .await;
        let book = body["id"].as_i64().unwrap();
        let path = format!("/api/v1/books/{book}/progress");
        ok(&app, Method::POST, &path, &owner, json!({"page": 200})).await;
        let wanted = app.book(&owner, "Emma", "Jane Austen").await;
        let path = format!("/api/v1/books/{wanted}/status");
        ok(
            &app,
            Method::PUT,
            &path,
            &owner,
            json!({"status": "to-read"}),
        )
        .await;

        // Public: anyone sees the book, its cover and how far they are.
        let mut anonymous = app.browser();
        let page = anonymous.get("/users/owner").await;
        let reading = section(&page.text, "id=\"profile-reading\"", "</section>");
        assert!(reading.contains("Middlemarch"), "{}", app.backend());
        assert!(reading.contains(&format!("/covers/{book}/placeholder.svg")));
        assert!(reading.contains("value=\"25\""), "{reading}");
        assert!(!reading.contains("Emma"));
        // Shelves are named in words, not by their slugs.
        let shelves = section(&page.text, "id=\"shelves-heading\"", "</ul>");
        for words in ["Want to read", "Currently reading", "Read", "All books"] {
            assert!(shelves.contains(&format!(">{words}</a>")), "{shelves}");
        }
        assert!(!shelves.contains(">to-read<") && !shelves.contains(">currently-reading<"));

        // Friends only: the friend sees it, a stranger sees nothing of it.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &owner,
            json!({"visibility": "friends"}),
        )
        .await;
        let page = signin(&app, "friend").await.get("/users/owner").await;
        assert!(page.text.contains("id=\"profile-reading\""));
        let mut stranger_browser = signin(&app, "stranger").await;
        let page = stranger_browser.get("/users/owner").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(!page.text.contains("Middlemarch"));

        // Private: not even the friend; the owner still does.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &owner,
            json!({"visibility": "private"}),
        )
        .await;
        let page = signin(&app, "friend").await.get("/users/owner").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(!page.text.contains("Middlemarch"));
        let page = signin(&app, "owner").await.get("/users/owner").await;
        assert!(page.text.contains("id=\"profile-reading\""));

        // Public again, but the stranger has blocked them: nothing but the
        // button to unblock.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &owner,
            json!({"visibility": "public"}),
        )
        .await;
        call(&app, Method::PUT, "/api/v1/users/owner/block", &stranger).await;
        let page = stranger_browser.get("/users/owner").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Unblock"));
        assert!(!page.text.contains("id=\"profile-reading\""));
        assert!(!page.text.contains("Middlemarch"));
    }
}
