//! "My books": a reader's shelf page sorted, filtered and paged on the
//! server, with the shelves beside it, and the privacy of the profile.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};
use dogear::store::ReaderDetails;

const DAY: i64 = 86_400;

/// Where each title first appears on the page, in page order; panics if one is missing.
fn order_of(html: &str, titles: &[&str]) -> Vec<String> {
    let mut found: Vec<(usize, String)> = titles
        .iter()
        .map(|t| {
            let at = html
                .find(&format!(">{t}</a>"))
                .unwrap_or_else(|| panic!("{t} is not on the page"));
            (at, t.to_string())
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, t)| t).collect()
}

/// Puts the book on the reader's shelves as added `days_ago`.
async fn added(app: &TestApp, username: &str, book: i64, days_ago: i64) {
    let user = app.store.user_by_username(username).await.unwrap().unwrap();
    app.store
        .set_reader_details(
            user.id,
            book,
            &ReaderDetails {
                added_at: 1_700_000_000 - days_ago * DAY,
                private_notes: None,
                owned_copies: None,
                details: None,
            },
        )
        .await
        .unwrap();
}

async fn rate(app: &TestApp, token: &str, book: i64, stars: f64) {
    ok(
        app,
        Method::PUT,
        &format!("/api/v1/books/{book}/rating"),
        token,
        json!({ "stars": stars }),
    )
    .await;
}

/// Ann's read shelf: four books with her stars, others' stars, reads and
/// the days she added them, all in different orders.
async fn anns_shelf(app: &TestApp) -> String {
    let ann = app.api_user("ann").await;
    let bob = app.api_user("bob").await;
    // (title, author, ann's stars, bob's stars, finished, added days ago)
    let books = [
        (
            "Middlemarch",
            "George Eliot",
            Some(5.0),
            2.0,
            Some("2021-03-04"),
            30,
        ),
        (
            "Beloved",
            "Toni Morrison",
            Some(3.0),
            5.0,
            Some("2023-01"),
            10,
        ),
        ("Dracula", "Bram Stoker", None, 4.0, None, 20),
        (
            "Atonement",
            "Ian McEwan",
            Some(4.5),
            1.0,
            Some("2019-12-25"),
            40,
        ),
    ];
    for (title, author, mine, theirs, finished, days) in books {
        let id = app.book(&ann, title, author).await;
        ok(
            app,
            Method::PUT,
            &format!("/api/v1/books/{id}/status"),
            &ann,
            json!({"status": "read"}),
        )
        .await;
        if let Some(stars) = mine {
            rate(app, &ann, id, stars).await;
        }
        rate(app, &bob, id, theirs).await;
        if let Some(finished) = finished {
            let (status, body) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/books/{id}/reads"),
                    Some(&ann),
                    Some(json!({ "finished": finished })),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        added(app, "ann", id, days).await;
    }
    ann
}

const TITLES: [&str; 4] = ["Middlemarch", "Beloved", "Dracula", "Atonement"];

#[tokio::test]
async fn every_column_sorts_on_the_server_both_ways() {
    for app in TestApp::all().await {
        anns_shelf(&app).await;
        let mut browser = app.browser();
        for (query, expected) in [
            ("", ["Beloved", "Dracula", "Middlemarch", "Atonement"]),
            (
                "?sort=title",
                ["Atonement", "Beloved", "Dracula", "Middlemarch"],
            ),
            (
                "?sort=title&dir=desc",
                ["Middlemarch", "Dracula", "Beloved", "Atonement"],
            ),
            // Bram, George, Ian, Toni: by the author's name as written.
            (
                "?sort=author",
                ["Dracula", "Middlemarch", "Atonement", "Beloved"],
            ),
            // Unrated last whichever way.
            (
                "?sort=rating",
                ["Middlemarch", "Atonement", "Beloved", "Dracula"],
            ),
            (
                "?sort=rating&dir=asc",
                ["Beloved", "Atonement", "Middlemarch", "Dracula"],
            ),
            // Averages: Beloved 4, Middlemarch 3.5, Atonement 2.75, Dracula 4 (one rating).
            (
                "?sort=avg",
                ["Beloved", "Dracula", "Middlemarch", "Atonement"],
            ),
            (
                "?sort=avg&dir=asc",
                ["Atonement", "Middlemarch", "Beloved", "Dracula"],
            ),
            // Never finished last whichever way.
            (
                "?sort=read",
                ["Beloved", "Middlemarch", "Atonement", "Dracula"],
            ),
            (
                "?sort=read&dir=asc",
                ["Atonement", "Middlemarch", "Beloved", "Dracula"],
            ),
            (
                "?sort=added&dir=asc",
                ["Atonement", "Middlemarch", "Dracula", "Beloved"],
            ),
        ] {
            let page = browser
                .get(&format!("/users/ann/shelves/read{query}"))
                .await;
            assert_eq!(page.status, StatusCode::OK, "{}: {query}", app.backend());
            assert_eq!(
                order_of(&page.text, &TITLES),
                expected,
                "{}: {query}",
                app.backend()
            );
        }

        let page = browser.get("/users/ann/shelves/read?sort=avg").await;
        assert!(page.text.contains("aria-sort=\"descending\"><a href=\"/users/ann/shelves/read?sort=avg&#38;dir=asc\">Average"), "{}", page.text);
        assert_eq!(page.text.matches("aria-sort=").count(), 1);
        assert!(page.text.contains("Mar 04, 2021"), "the date read is shown");
        assert!(page.text.contains("4.00"), "the average is shown");
        assert!(page.text.contains("Jan 2023"), "a month without a day");
        assert!(page.text.contains("/covers/") || page.text.contains("class=\"thumb\""));
    }
}

#[tokio::test]
async fn the_filter_box_matches_titles_and_authors_and_counts_what_it_found() {
    for app in TestApp::all().await {
        anns_shelf(&app).await;
        let mut browser = app.browser();
        let by_author = browser.get("/users/ann/shelves/read?q=eliot").await;
        assert!(by_author.text.contains(">Middlemarch</a>"));
        assert!(!by_author.text.contains(">Beloved</a>"));
        assert!(
            by_author.text.contains("Showing 1–1 of 1 matching “eliot”"),
            "{}: {}",
            app.backend(),
            by_author.text
        );
        let by_title = browser.get("/users/ann/shelves/all?q=ACU&sort=title").await;
        assert!(by_title.text.contains(">Dracula</a>"));
        assert!(!by_title.text.contains(">Middlemarch</a>"));
        assert!(
            by_title.text.contains("value=\"ACU\""),
            "the box keeps the text"
        );
        // What the reader types is matched as itself, not as a wildcard.
        let wild = browser.get("/users/ann/shelves/read?q=%25").await;
        assert!(
            wild.text.contains("No books on this shelf match"),
            "{}",
            wild.text
        );
        assert!(wild.text.contains("No books"));
        // The filter form works without JavaScript: a GET form keeping the order.
        assert!(
            by_title
                .text
                .contains("method=\"get\" action=\"/users/ann/shelves/all\"")
        );
        assert!(by_title.text.contains("<option value=\"title\" selected>"));
    }
}

#[tokio::test]
async fn pages_are_numbered_with_totals() {
    for app in TestApp::all_with(|s| s.books_per_hour = 1_000).await {
        let ann = app.api_user("ann").await;
        for n in 0..45 {
            let id = app
                .book(&ann, &format!("Volume {n:02}"), "Anon Ymous")
                .await;
            ok(
                &app,
                Method::PUT,
                &format!("/api/v1/books/{id}/status"),
                &ann,
                json!({"status": "to-read"}),
            )
            .await;
        }
        let mut browser = app.browser();
        let first = browser.get("/users/ann/shelves/to-read?sort=title").await;
        assert!(first.text.contains("Showing 1–20 of 45"), "{}", first.text);
        assert!(first.text.contains(">Volume 00</a>") && !first.text.contains(">Volume 20</a>"));
        assert!(first.text.contains("<em aria-current=\"page\">1</em>"));
        assert!(first.text.contains(
            "href=\"/users/ann/shelves/to-read?sort=title&#38;dir=asc&#38;page=3\">3</a>"
        ));
        let second = browser
            .get("/users/ann/shelves/to-read?sort=title&page=2")
            .await;
        assert!(
            second.text.contains("Showing 21–40 of 45"),
            "{}",
            second.text
        );
        assert!(second.text.contains(">Volume 20</a>") && second.text.contains(">Volume 39</a>"));
        assert!(!second.text.contains(">Volume 19</a>") && !second.text.contains(">Volume 40</a>"));
        let last = browser
            .get("/users/ann/shelves/to-read?sort=title&page=3")
            .await;
        assert!(last.text.contains("Showing 41–45 of 45"));
        // A page past the end shows the last.
        let past = browser
            .get("/users/ann/shelves/to-read?sort=title&page=99")
            .await;
        assert!(past.text.contains("Showing 41–45 of 45"));
        assert!(past.text.contains(">Volume 44</a>"));
        // A filter counts and pages what it found.
        let found = browser.get("/users/ann/shelves/to-read?q=volume+1").await;
        assert!(found.text.contains("Showing 1–10 of 10"), "{}", found.text);
        assert!(!found.text.contains("aria-label=\"Shelf pages\""));
    }
}

#[tokio::test]
async fn the_side_lists_every_shelf_in_words_with_counts() {
    for app in TestApp::all().await {
        let ann = anns_shelf(&app).await;
        let book = app.book(&ann, "War and Peace", "Leo Tolstoy").await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/shelves"),
            &ann,
            json!({"shelves": ["Russian Lit"]}),
        )
        .await;
        let page = app.browser().get("/users/ann/shelves/russian-lit").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let side = &page.text
            [page.text.find("bookshelf-side").unwrap()..page.text.find("bookshelf-books").unwrap()];
        for (name, count) in [
            ("All books", 5),
            ("Want to read", 0),
            ("Currently reading", 0),
            ("Read", 4),
            ("Did not finish", 0),
            ("Russian Lit", 1),
        ] {
            assert!(
                side.contains(&format!(
                    "<span class=\"name\">{name}</span> <span class=\"count\">{count}</span>"
                )),
                "{}: {name} {count}: {side}",
                app.backend()
            );
        }
        assert!(side.contains("aria-current=\"page\"><span class=\"name\">Russian Lit"));
        assert!(page.text.contains("books: Russian Lit</h1>"));
        assert!(page.text.contains(">War and Peace</a>") && !page.text.contains(">Dracula</a>"));
    }
}

#[tokio::test]
async fn unknown_sorts_and_overlong_filters_are_refused_plainly() {
    for app in TestApp::all().await {
        anns_shelf(&app).await;
        let mut browser = app.browser();
        for (query, field) in [
            ("?sort=stars", "title, author, rating, avg, read or added"),
            ("?sort=title&dir=sideways", "asc or desc"),
            (&format!("?q={}", "x".repeat(201)), "at most 200 characters"),
        ] {
            let page = browser
                .get(&format!("/users/ann/shelves/read{query}"))
                .await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}: {query}",
                app.backend()
            );
            assert!(page.text.contains(field), "{query}: {}", page.text);
        }
        assert_eq!(
            browser
                .get("/users/ann/shelves/nope?sort=title")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_private_readers_shelves_stay_hidden_from_strangers() {
    for app in TestApp::all().await {
        let ann = anns_shelf(&app).await;
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            &ann,
            json!({"visibility": "private"}),
        )
        .await;
        let mut stranger = app.signup("cal").await;
        let mut anonymous = app.browser();
        for path in [
            "/users/ann/shelves/read",
            "/users/ann/shelves/all?sort=rating",
            "/users/ann/shelves/read?q=eliot",
        ] {
            for (who, page) in [
                ("stranger", stranger.get(path).await),
                ("anonymous", anonymous.get(path).await),
            ] {
                // The rule the profile keeps: a private reader's shelves are refused.
                assert_eq!(
                    page.status,
                    StatusCode::FORBIDDEN,
                    "{}: {who} {path}",
                    app.backend()
                );
                assert!(
                    page.text.contains("keeps their shelves private"),
                    "{who} {path}"
                );
                assert!(!page.text.contains("Middlemarch"), "{who} {path}");
            }
        }
        assert_eq!(
            anonymous
                .get("/users/nobody/shelves/read?sort=title")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let mut owner = app.browser();
        owner
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "correct horse battery")],
            )
            .await;
        let own = owner.get("/users/ann/shelves/read").await;
        assert_eq!(own.status, StatusCode::OK, "{}", app.backend());
        assert!(own.text.contains(">Middlemarch</a>"));
    }
}

/// Statements one shelf page costs, in each order.
async fn page_costs(app: &TestApp) -> Vec<u64> {
    let mut browser = app.browser();
    let mut costs = Vec::new();
    for sort in ["title", "author", "rating", "avg", "read", "added"] {
        let start = app.store.query_count();
        let page = browser
            .get(&format!("/users/ann/shelves/all?sort={sort}&q=a"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        costs.push(app.store.query_count() - start);
    }
    costs
}

#[tokio::test]
async fn a_page_costs_the_same_statements_for_four_books_or_a_full_page() {
    for app in TestApp::all_with(|s| s.books_per_hour = 1_000).await {
        let ann = anns_shelf(&app).await;
        let few = page_costs(&app).await;
        for n in 0..26 {
            let id = app
                .book(&ann, &format!("Almanac {n}"), &format!("Writer {n}"))
                .await;
            rate(&app, &ann, id, 3.5).await;
            ok(
                &app,
                Method::POST,
                &format!("/api/v1/books/{id}/reads"),
                &ann,
                json!({"finished": "2024-05"}),
            )
            .await;
        }
        let many = page_costs(&app).await;
        assert_eq!(few, many, "{}: 4 books and 20 of 30", app.backend());
        // The reader, the shelves and their counts, the page, its total, its authors.
        assert!(many.iter().all(|&n| n <= 8), "{}: {many:?}", app.backend());
    }
}
