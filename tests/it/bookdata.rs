//! Books from Open Library, against a local server replaying its answers:
//! lookups by ISBN and by words, adding the chosen book with its cover, and
//! every kind of failure leaving the catalogue as it was.

use axum::http::StatusCode;

use crate::app::TestApp;
use crate::bookdata_replay::{self as replay, SABRIEL};

async fn apps() -> Vec<TestApp> {
    let base = replay::start().await;
    TestApp::all_with(replay::pointing_at(&base)).await
}

async fn book_count(app: &TestApp) -> i64 {
    app.store.book_count().await.unwrap()
}

#[tokio::test]
async fn an_isbn_finds_its_book_and_adding_it_keeps_everything_open_library_said() {
    for app in apps().await {
        let mut ann = app.signup("ann").await;
        let page = ann.get("/books/lookup?q=978-0-06-027322-4").await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{}: {}",
            app.backend(),
            page.text
        );
        assert!(page.text.contains("Sabriel"), "{}", page.text);
        assert!(page.text.contains("Garth Nix"), "{}", page.text);
        assert!(page.text.contains("Harper Trophy"));
        assert!(page.text.contains("name=\"edition\" value=\"OL22951843M\""));
        assert_eq!(book_count(&app).await, 0, "a lookup writes nothing");

        let added = ann
            .post_form(
                "/books/lookup",
                &[
                    ("work", "OL15832982W"),
                    ("edition", "OL22951843M"),
                    ("q", SABRIEL),
                ],
            )
            .await;
        let (id, book) = added_book(&app, &added).await;
        assert_eq!(book.title, "Sabriel");
        assert_eq!(book.authors[0].name, "Garth Nix");
        assert_eq!(book.isbn13.as_deref(), Some(SABRIEL));
        assert_eq!(book.pages, Some(491));
        assert_eq!(book.year, Some(1995), "the work's first publication");
        assert_eq!(
            book.description.as_deref(),
            Some("First in the Old Kingdom/Abhorsen series.")
        );
        assert!(book.cover.is_some(), "the cover was fetched and kept");
        let data = dogear::actions::bookdata::book_data(&app.store, &book)
            .await
            .unwrap();
        assert_eq!(data.work.as_deref(), Some("OL15832982W"));
        assert_eq!(data.edition.as_deref(), Some("OL22951843M"));
        assert_eq!(data.publisher.as_deref(), Some("Harper Trophy"));
        assert_eq!(data.format.as_deref(), Some("Hardcover"));
        assert_eq!(data.subjects[0], "Fantasy");
        assert!(data.subjects.contains(&"Magical thinking".to_string()));
        let digest = book.cover.as_deref();
        let cover = ann
            .get(&dogear::domain::cover::cover_url(id, digest, "medium"))
            .await;
        assert_eq!(cover.status, StatusCode::OK, "{}", app.backend());

        // Looked up again, it is the catalogue's; added again, no second copy.
        let again = ann.get(&format!("/books/lookup?q={SABRIEL}")).await;
        assert!(
            again.text.contains(&format!("href=\"/books/{id}\"")),
            "{}",
            again.text
        );
        let twice = ann
            .post_form(
                "/books/lookup",
                &[("work", "OL15832982W"), ("edition", ""), ("q", "")],
            )
            .await;
        assert_eq!(twice.location(), format!("/books/{id}"));
        assert_eq!(book_count(&app).await, 1);
    }
}

#[tokio::test]
async fn words_search_open_library_and_a_work_alone_is_added_from_its_editions() {
    for app in apps().await {
        let mut ann = app.signup("ann").await;
        let page = ann.get("/books/lookup?q=time+war").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("This Is How You Lose the Time War"));
        assert!(page.text.contains("Amal El-Mohtar, Max Gladstone"));
        assert!(page.text.contains("value=\"OL20639540W\""));
        let none = ann.get("/books/lookup?q=nothing+like+it").await;
        assert!(
            none.text.contains("Open Library found no book"),
            "{}",
            none.text
        );

        // The form names the work only: its edition with an ISBN is taken.
        let added = ann
            .post_form(
                "/books/lookup",
                &[("work", "OL15832982W"), ("edition", ""), ("q", "x")],
            )
            .await;
        let (_, book) = added_book(&app, &added).await;
        assert_eq!(book.title, "Sabriel");
        assert_eq!(book.isbn13.as_deref(), Some("9788478710539"));
        let data = dogear::actions::bookdata::book_data(&app.store, &book)
            .await
            .unwrap();
        assert_eq!(data.publisher.as_deref(), Some("Rba Libros"));
    }
}

#[tokio::test]
async fn the_search_page_offers_open_library_and_add_a_book_offers_an_isbn() {
    for app in apps().await {
        let mut ann = app.signup("ann").await;
        let search = ann.get("/search?q=sabriel").await;
        assert!(
            search.text.contains("href=\"/books/lookup?q=sabriel\""),
            "{}",
            search.text
        );
        let form = ann.get("/books/new").await;
        assert!(form.text.contains("action=\"/books/lookup\""));
        // Signed out, no lookups: they cost requests to another server.
        let anonymous = app.browser().get("/books/lookup?q=sabriel").await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn every_failure_is_told_plainly_and_writes_nothing() {
    let cases = [
        (
            replay::SLOW,
            StatusCode::BAD_GATEWAY,
            "did not answer in time",
        ),
        (
            replay::FAILING,
            StatusCode::BAD_GATEWAY,
            "answered with an error (500)",
        ),
        (
            replay::GARBAGE,
            StatusCode::BAD_GATEWAY,
            "could not be read",
        ),
        (replay::HUGE, StatusCode::BAD_GATEWAY, "too large"),
    ];
    for app in apps().await {
        let mut ann = app.signup("ann").await;
        for (isbn, status, message) in cases {
            let page = ann.get(&format!("/books/lookup?q={isbn}")).await;
            assert_eq!(
                page.status,
                status,
                "{}: {isbn}: {}",
                app.backend(),
                page.text
            );
            assert!(page.text.contains(message), "{isbn}: {}", page.text);
            assert!(page.text.contains("role=\"alert\""));
        }
        let missing = ann
            .get(&format!("/books/lookup?q={}", replay::MISSING))
            .await;
        assert_eq!(missing.status, StatusCode::OK);
        assert!(
            missing
                .text
                .contains("Open Library has no book with this ISBN")
        );

        // The edition answers but its work fails: the whole add fails.
        let broken = ann
            .post_form(
                "/books/lookup",
                &[("work", ""), ("edition", "OL1000M"), ("q", "")],
            )
            .await;
        assert_eq!(broken.status, StatusCode::BAD_GATEWAY, "{}", broken.text);
        assert!(broken.text.contains("answered with an error (500)"));
        let gone = ann
            .post_form(
                "/books/lookup",
                &[("work", ""), ("edition", "OL999M"), ("q", "")],
            )
            .await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.text);
        let page = ann
            .get(&format!("/books/lookup?q={}", replay::BROKEN_WORK))
            .await;
        assert_eq!(page.status, StatusCode::BAD_GATEWAY, "{}", page.text);
        // Keys that are not Open Library's never reach a URL.
        let odd = ann
            .post_form(
                "/books/lookup",
                &[("work", "../../admin"), ("edition", ""), ("q", "")],
            )
            .await;
        assert_eq!(odd.status, StatusCode::NOT_FOUND, "{}", odd.text);
        assert_eq!(book_count(&app).await, 0, "{}", app.backend());
    }
}

#[tokio::test]
async fn the_cover_job_fills_missing_covers_and_backs_off_politely() {
    let base = replay::start().await;
    for app in TestApp::all_with(replay::pointing_at(&base)).await {
        let token = app.api_user("ann").await;
        let with_cover = book_with_isbn(&app, &token, "Sabriel", SABRIEL).await;
        let none = book_with_isbn(&app, &token, "Missing", replay::MISSING).await;
        let failing = book_with_isbn(&app, &token, "Failing", replay::FAILING).await;
        let garbage = book_with_isbn(&app, &token, "Garbage", replay::GARBAGE).await;
        let settings = {
            let mut s = dogear::config::Settings::for_database("unused");
            replay::pointing_at(&base)(&mut s);
            s
        };
        let sources = dogear::bookdata::Sources::from_settings(&settings);
        let outbound = dogear::outbound::Outbound::new("test", true).unwrap();
        let connector = dogear::bookdata::Connector {
            outbound: &outbound,
            sources: &sources,
        };
        let pause = std::time::Duration::ZERO;
        let round = dogear::actions::bookdata::fill_covers(&app.store, &connector, 10, pause)
            .await
            .unwrap();
        assert_eq!(
            (round.found, round.none, round.failed),
            (1, 2, 1),
            "{}",
            app.backend()
        );
        assert!(
            app.store
                .book(with_cover)
                .await
                .unwrap()
                .unwrap()
                .cover
                .is_some()
        );
        let (_, gave_up, why) = app.store.cover_fetch(none).await.unwrap().unwrap();
        assert!(gave_up && why.unwrap().contains("no cover"));
        let (_, gave_up, why) = app.store.cover_fetch(garbage).await.unwrap().unwrap();
        assert!(gave_up && why.unwrap().contains("refused"));
        let (tries, gave_up, why) = app.store.cover_fetch(failing).await.unwrap().unwrap();
        assert_eq!((tries, gave_up), (1, false));
        assert!(why.unwrap().contains("500"));
        // The failed one waits its backoff; the others are not asked again.
        let next = dogear::actions::bookdata::fill_covers(&app.store, &connector, 10, pause)
            .await
            .unwrap();
        assert_eq!(next, Default::default());
        // After its last try, it is given up on.
        let later = dogear::actions::now() + 10 * 86_400;
        for _ in 0..10 {
            let due = app.store.books_wanting_covers(later, 10).await.unwrap();
            if due.is_empty() {
                break;
            }
            app.store
                .note_cover_fetch(
                    failing,
                    app.store.cover_tries(failing).await.unwrap().unwrap(),
                    0,
                    false,
                    None,
                )
                .await
                .unwrap();
            dogear::actions::bookdata::fill_covers(&app.store, &connector, 10, pause)
                .await
                .unwrap();
        }
        let (tries, gave_up, _) = app.store.cover_fetch(failing).await.unwrap().unwrap();
        assert_eq!(
            (tries, gave_up),
            (dogear::actions::bookdata::COVER_TRIES, true)
        );
    }
}

async fn book_with_isbn(app: &TestApp, token: &str, title: &str, isbn: &str) -> i64 {
    let body = serde_json::json!({"title": title, "authors": ["Someone"], "isbn13": isbn});
    let got = crate::app::ok(app, axum::http::Method::POST, "/api/v1/books", token, body).await;
    got["id"].as_i64().unwrap()
}

/// The book an add redirected to.
async fn added_book(app: &TestApp, added: &crate::app::TestResponse) -> (i64, dogear::store::Book) {
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    let id: i64 = added
        .location()
        .trim_start_matches("/books/")
        .parse()
        .unwrap();
    (id, app.store.book(id).await.unwrap().unwrap())
}
