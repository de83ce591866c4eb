//! The signed-in front page: the books being read, their progress and its
//! quick form, the reading goal, and the first steps of a new account.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{Browser, TestApp, ok};
use crate::social::signin;

/// A book with a known length, through the API.
async fn long_book(app: &TestApp, token: &str, title: &str, pages: i64) -> i64 {
    let body = ok(
        app,
        Method::POST,
        "/api/v1/books",
        token,
        json!({"title": title, "authors": ["Someone Wrote"], "pages": pages}),
    )
    .await;
    body["id"].as_i64().unwrap()
}

async fn status(app: &TestApp, token: &str, book: i64, status: &str) {
    let path = format!("/api/v1/books/{book}/status");
    ok(app, Method::PUT, &path, token, json!({ "status": status })).await;
}

/// The part of the page between two markers (the section under test).
fn section<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

fn reading(html: &str) -> &str {
    section(html, "id=\"reading-heading\"", "id=\"feed-heading\"")
}

#[tokio::test]
async fn currently_reading_shows_each_book_with_its_progress_and_a_quick_form() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let dune = long_book(&app, &ann, "Dune", 300).await;
        let emma = app.book(&ann, "Emma", "Jane Austen").await;
        let done = app.book(&ann, "Finished Already", "Someone").await;
        // Progress alone puts Dune on the currently-reading shelf.
        let path = format!("/api/v1/books/{dune}/progress");
        ok(&app, Method::POST, &path, &ann, json!({"page": 60})).await;
        ok(&app, Method::POST, &path, &ann, json!({"page": 120})).await;
        // Started a while ago, so Dune (touched now) comes first.
        let me = app.store.user_by_username("ann").await.unwrap().unwrap();
        let earlier = dogear::actions::now() - 1000;
        app.store
            .set_status(me.id, emma, Some("currently-reading"), earlier)
            .await
            .unwrap();
        status(&app, &ann, done, "read").await;

        let mut browser = signin(&app, "ann").await;
        let page = browser.get("/").await;
        assert_eq!(page.status, StatusCode::OK);
        let now = reading(&page.text);
        assert!(
            now.contains("Dune") && now.contains("Emma"),
            "{}: {now}",
            app.backend()
        );
        assert!(
            !now.contains("Finished Already"),
            "a read book is not being read"
        );
        assert!(
            now.contains("page 120 of 300 (40%)"),
            "the latest progress: {now}"
        );
        assert!(now.contains(r#"<progress max="100" value="40""#), "{now}");
        assert!(
            now.contains("Not started yet"),
            "Emma has no progress: {now}"
        );
        // Dune's length is known, so its form asks for a page within it;
        // Emma's is not, so it asks for a percent.
        assert!(now.contains(&format!(r#"action="/books/{dune}/progress""#)));
        assert!(
            now.contains(
                r#"name="page" type="number" inputmode="numeric" min="0" max="300" value="120""#
            ),
            "{now}"
        );
        assert!(
            now.contains(r#"name="percent" type="number" inputmode="numeric" min="0" max="100""#),
            "{now}"
        );
        assert!(now.contains(r#"name="back" value="/""#));
        assert!(
            now.find("Dune") < now.find("Emma"),
            "the latest touched first: {now}"
        );

        // The quick form posts to the progress endpoint and comes back home.
        let sent = browser
            .post_form(
                &format!("/books/{dune}/progress"),
                &[("page", "150"), ("back", "/")],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
        assert_eq!(sent.location(), "/");
        let after = browser.get("/").await.text;
        assert!(
            reading(&after).contains("page 150 of 300 (50%)"),
            "{}",
            app.backend()
        );

        // A page past the book's end is refused by the same rule as the book page.
        let wrong = browser
            .post_form(
                &format!("/books/{dune}/progress"),
                &[("page", "301"), ("back", "/")],
            )
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.backend()
        );
        assert!(
            wrong.text.contains("The book has 300 pages"),
            "{}",
            wrong.text
        );
    }
}

#[tokio::test]
async fn currently_reading_costs_the_same_statements_for_one_book_or_many() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let first = long_book(&app, &ann, "Book 0", 100).await;
        let path = format!("/api/v1/books/{first}/progress");
        ok(&app, Method::POST, &path, &ann, json!({"page": 10})).await;
        let mut browser = signin(&app, "ann").await;
        browser.get("/").await;
        let start = app.store.query_count();
        browser.get("/").await;
        let one = app.store.query_count() - start;
        for n in 1..8 {
            let book = long_book(&app, &ann, &format!("Book {n}"), 100 + n).await;
            let path = format!("/api/v1/books/{book}/progress");
            ok(&app, Method::POST, &path, &ann, json!({"page": n})).await;
        }
        let start = app.store.query_count();
        let page = browser.get("/").await.text;
        let eight = app.store.query_count() - start;
        assert_eq!(reading(&page).matches("class=\"reading-book\"").count(), 8);
        assert_eq!(one, eight, "{}: no statement per book", app.backend());
    }
}

#[tokio::test]
async fn home_shows_the_readers_goal_for_this_year() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let year = dogear::domain::dates::today(dogear::actions::now()).year;
        let mut browser = signin(&app, "ann").await;
        assert!(!browser.get("/").await.text.contains("reading goal:"));
        let path = format!("/api/v1/me/goals/{year}");
        ok(&app, Method::PUT, &path, &ann, json!({"books": 12})).await;
        let page = browser.get("/").await.text;
        let now = reading(&page);
        assert!(
            now.contains(&format!("{year} reading goal:</strong> 0 of 12 books")),
            "{}: {now}",
            app.backend()
        );
    }
}

fn first_run(html: &str) -> bool {
    html.contains("first-run-heading")
}

async fn new_reader(app: &TestApp, name: &str) -> Browser {
    app.signup(name).await
}

#[tokio::test]
async fn a_new_account_sees_three_first_steps_until_it_shelves_a_book_or_follows_someone() {
    for app in TestApp::all().await {
        let owner = app.api_user("owner").await;
        let book = app.book(&owner, "Middlemarch", "George Eliot").await;
        let mut ann = new_reader(&app, "ann").await;
        let page = ann.get("/").await.text;
        assert!(first_run(&page), "{}", app.backend());
        let steps = section(&page, "first-run-heading", "</section>");
        for link in ["href=\"/import\"", "href=\"/books\"", "href=\"/people\""] {
            assert!(steps.contains(link), "{link}: {steps}");
        }
        // Nothing is being read yet, so no empty "Currently reading" either.
        assert!(!page.contains("reading-heading"));
        let signed_out = app.browser().get("/").await.text;
        assert!(!first_run(&signed_out));

        // A book on a shelf ends it.
        let form = ann.get(&format!("/books/{book}")).await;
        assert_eq!(form.status, StatusCode::OK);
        let shelved = ann
            .post_form(
                &format!("/books/{book}/status"),
                &[("status", "to-read"), ("back", "/")],
            )
            .await;
        assert!(shelved.status.is_redirection(), "{}", shelved.text);
        let page = ann.get("/").await.text;
        assert!(!first_run(&page), "{}", app.backend());
        assert!(page.contains("reading-heading"));

        // So does following a reader.
        let bo = app.api_user("bo").await;
        let mut bo_browser = signin(&app, "bo").await;
        assert!(first_run(&bo_browser.get("/").await.text));
        ok(
            &app,
            Method::PUT,
            "/api/v1/users/owner/follow",
            &bo,
            json!({}),
        )
        .await;
        assert!(
            !first_run(&bo_browser.get("/").await.text),
            "{}",
            app.backend()
        );
    }
}
