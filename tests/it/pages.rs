//! The page frame around every page: the header a reader sees (on error pages
//! too), messages in a reader's words, the icon, the catalogue to browse, and
//! the steps that ask before deleting or blocking.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

/// Signed in, the header names the reader and their menu, not "Sign in".
fn has_readers_frame(html: &str, name: &str) -> bool {
    html.contains(&format!("href=\"/users/{name}/shelves/all\">My books</a>"))
        && html.contains("Sign out")
        && !html.contains("href=\"/signin\">Sign in</a>")
}

#[tokio::test]
async fn error_pages_wear_the_readers_own_header() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        for path in ["/books/999999", "/no/such/page", "/reviews/424242"] {
            let missing = ann.get(path).await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND, "{path}");
            assert!(missing.text.contains("Not found"), "{path}");
            assert!(
                has_readers_frame(&missing.text, "ann"),
                "{}: {path}: {}",
                app.backend(),
                missing.text
            );
        }
        // A form's refusal too, naming the field for a script to show it beside.
        let book = ann
            .post_form(
                "/books",
                &[("title", "Solaris"), ("authors", "Stanisław Lem")],
            )
            .await;
        let book = book.location().to_string();
        let refused = ann
            .post_form(&format!("{book}/progress"), &[("percent", "150")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_readers_frame(&refused.text, "ann"), "{}", refused.text);
        assert!(refused.text.contains("data-field=\"percent\""));
        assert!(
            refused
                .text
                .contains("The percentage must be between 0 and 100."),
            "{}",
            refused.text
        );
        assert!(!refused.text.contains("percent: "));

        // Signed out, the same page has the way in.
        let stranger = app.browser().get("/books/999999").await;
        assert!(stranger.text.contains("href=\"/signin\">Sign in</a>"));
        assert!(!stranger.text.contains("My books"));
    }
}

#[tokio::test]
async fn a_page_that_came_from_a_link_of_ours_offers_the_way_back() {
    for app in TestApp::all().await {
        let request = axum::http::Request::builder()
            .uri("/books/999999")
            .header("host", "reading.example")
            .header("referer", "http://reading.example/search?q=lem")
            .body(axum::body::Body::empty())
            .unwrap();
        let page = crate::app::TestResponse::from_router(&app, request).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(
            page.text.contains("href=\"/search?q=lem\">Go back</a>"),
            "{}",
            page.text
        );

        let request = axum::http::Request::builder()
            .uri("/books/999999")
            .header("host", "reading.example")
            .header("referer", "https://elsewhere.example/search?q=lem")
            .body(axum::body::Body::empty())
            .unwrap();
        let page = crate::app::TestResponse::from_router(&app, request).await;
        assert!(!page.text.contains("Go back</a>"), "only our own pages");
    }
}

#[tokio::test]
async fn messages_say_what_is_wrong_without_field_names() {
    for app in TestApp::all().await {
        app.signup("ann").await;
        let mut browser = app.browser();
        let wrong = browser
            .post_form(
                "/signin",
                &[("username", "ann"), ("password", "not it at all")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong
                .text
                .contains("That username and password do not match."),
            "{}",
            wrong.text
        );
        assert!(!wrong.text.contains("password: "));

        let short = app
            .browser()
            .post_form("/signup", &[("username", "bob"), ("password", "short")])
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            short
                .text
                .contains("The password must be at least 8 characters."),
            "{}",
            short.text
        );
        assert!(!short.text.contains("password: must"));

        // The API keeps naming the field, as its clients expect.
        let (status, problem) = app
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(json!({"username": "cat", "password": "short"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem["errors"][0]["field"], "password");
    }
}

#[tokio::test]
async fn the_site_has_an_icon() {
    for app in TestApp::all().await {
        let ico = app.api_raw(Method::GET, "/favicon.ico", None, None).await;
        assert_eq!(ico.status, StatusCode::OK);
        assert_eq!(ico.content_type(), "image/x-icon");
        assert_eq!(&ico.bytes[..4], &[0, 0, 1, 0], "an ICO header");
        let svg = app
            .api_raw(Method::GET, "/static/favicon.svg", None, None)
            .await;
        assert_eq!(svg.status, StatusCode::OK);
        assert_eq!(svg.content_type(), "image/svg+xml");
        let home = app.browser().get("/").await.text;
        assert!(home.contains("<link rel=\"icon\" href=\"/static/favicon.svg\""));
    }
}

#[tokio::test]
async fn home_has_one_main_heading_signed_in_or_out() {
    for app in TestApp::all().await {
        let out = app.browser().get("/").await.text;
        assert_eq!(out.matches("<h1").count(), 1, "signed out");
        let mut ann = app.signup("ann").await;
        let signed_in = ann.get("/").await.text;
        assert_eq!(signed_in.matches("<h1").count(), 1, "signed in");
    }
}

#[tokio::test]
async fn the_footer_leads_to_a_catalogue_of_books() {
    // Thirty-one books from one reader: more than an hour allows.
    for app in TestApp::all_with(|s| s.books_per_hour = 100).await {
        let ann = app.api_user("ann").await;
        for n in 1..=31 {
            app.book(&ann, &format!("Book number {n}"), "Some Writer")
                .await;
        }
        let home = app.browser().get("/").await.text;
        assert!(home.contains("<a href=\"/books\">Browse the catalogue</a>"));
        let first = app.browser().get("/books").await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.text.contains("Book number 31"), "newest first");
        assert!(first.text.contains("Book number 2<"));
        assert!(!first.text.contains("Book number 1<"), "30 a page");
        assert!(first.text.contains("href=\"/books?page=2\" rel=\"next\""));
        let second = app.browser().get("/books?page=2").await.text;
        assert!(second.contains("Book number 1<"));
        assert!(!second.contains("rel=\"next\""));
        // An empty search leads there too.
        let search = app.browser().get("/search?q=").await.text;
        assert!(search.contains("href=\"/books\""));
    }
}

#[tokio::test]
async fn deleting_and_blocking_ask_first_when_the_form_says_so() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        app.signup("bob").await;
        let book = ann
            .post_form(
                "/books",
                &[("title", "Solaris"), ("authors", "Stanisław Lem")],
            )
            .await
            .location()
            .to_string();
        let review = ann
            .post_form(&format!("{book}/review"), &[("body", "The ocean thinks.")])
            .await
            .location()
            .to_string();
        let page = ann.get(&review).await.text;
        assert!(page.contains("name=\"confirmed\" value=\"no\""));
        assert!(page.contains("data-confirm=\"Delete this review?"));

        let asked = ann
            .post_form(&format!("{review}/delete"), &[("confirmed", "no")])
            .await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(asked.text.contains("Delete this review?"));
        assert!(asked.text.contains("The ocean thinks."));
        assert!(asked.text.contains("name=\"confirmed\" value=\"yes\""));
        assert_eq!(ann.get(&review).await.status, StatusCode::OK, "still there");

        let done = ann
            .post_form(&format!("{review}/delete"), &[("confirmed", "yes")])
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
        assert_eq!(done.location(), format!("{book}?notice=review-deleted"));
        assert!(
            ann.get(done.location())
                .await
                .text
                .contains("Your review was deleted.")
        );
        assert_eq!(ann.get(&review).await.status, StatusCode::NOT_FOUND);

        let asked = ann
            .post_form(
                "/users/bob/relation",
                &[("do", "block"), ("confirmed", "no")],
            )
            .await;
        assert_eq!(asked.status, StatusCode::OK);
        assert!(asked.text.contains("Block bob?"), "{}", asked.text);
        let profile = ann.get("/users/bob").await.text;
        assert!(profile.contains("value=\"block\""), "not blocked yet");
        let done = ann
            .post_form(
                "/users/bob/relation",
                &[("do", "block"), ("confirmed", "yes")],
            )
            .await;
        assert_eq!(done.location(), "/users/bob?notice=blocked");
        assert!(
            ann.get("/users/bob")
                .await
                .text
                .contains("value=\"unblock\"")
        );
        // Other buttons of the same form do not ask.
        let unblock = ann
            .post_form(
                "/users/bob/relation",
                &[("do", "unblock"), ("confirmed", "no")],
            )
            .await;
        assert_eq!(unblock.location(), "/users/bob");
    }
}

#[tokio::test]
async fn a_flag_is_acknowledged_where_the_reader_was() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let book = ann
            .post_form(
                "/books",
                &[("title", "Solaris"), ("authors", "Stanisław Lem")],
            )
            .await
            .location()
            .to_string();
        let review = ann
            .post_form(&format!("{book}/review"), &[("body", "The ocean thinks.")])
            .await
            .location()
            .to_string();
        let id = review.rsplit('/').next().unwrap().to_string();
        let mut bob = app.signup("bob").await;
        let form = bob.get(&format!("{review}/flag")).await.text;
        assert!(form.contains("class=\"choices\""));
        let back = format!("{review}?page=1#top");
        let flagged = bob
            .post_form(
                "/flags",
                &[
                    ("target", "review"),
                    ("id", &id),
                    ("reason", "spam"),
                    ("back", &back),
                ],
            )
            .await;
        assert_eq!(flagged.status, StatusCode::SEE_OTHER);
        assert_eq!(
            flagged.location(),
            format!("{review}?page=1&notice=flagged#top")
        );
        let page = bob.get(flagged.location()).await.text;
        assert!(page.contains("your flag was received"), "{page}");
        // A link cannot make a page say anything else.
        let made_up = bob.get(&format!("{review}?notice=pwned")).await.text;
        assert!(!made_up.contains("class=\"toast\""));
    }
}
