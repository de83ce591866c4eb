//! Did-not-finish as a status everywhere, readers' own exclusive shelves,
//! and the shelf button on book pages and cards.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use dogear::actions::{exports, imports};

async fn mine(app: &TestApp, token: &str, book: i64) -> Value {
    ok(
        app,
        Method::GET,
        &format!("/api/v1/books/{book}/mine"),
        token,
        json!(null),
    )
    .await
}

async fn shelf_titles(app: &TestApp, username: &str, slug: &str) -> Vec<String> {
    let (status, shelf) = app
        .api(
            Method::GET,
            &format!("/api/v1/users/{username}/shelves/{slug}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}: {slug}: {shelf}", app.backend());
    shelf["books"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["book"]["title"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn did_not_finish_is_a_status_on_every_surface() {
    for app in TestApp::all().await {
        let adder = app.api_user("adder").await;
        let book = app.book(&adder, "The Secret History", "Donna Tartt").await;

        // The API takes it beside the contract's three.
        let api_mine = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/status"),
            &adder,
            json!({"status": "did-not-finish"}),
        )
        .await;
        assert_eq!(api_mine["status"], "did-not-finish", "{}", app.backend());
        assert_eq!(
            shelf_titles(&app, "adder", "did-not-finish").await,
            ["The Secret History"]
        );

        // The pages: set from the shelf menu, shown, and kept when the
        // reading panel's forms are saved.
        let mut bea = app.signup("bea").await;
        let set = bea
            .post_form(
                &format!("/books/{book}/status"),
                &[
                    ("status", "did-not-finish"),
                    ("back", &format!("/books/{book}")),
                ],
            )
            .await;
        assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
        let saved = bea
            .post_form(&format!("/books/{book}/reads"), &[("started", "2024-03")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        bea.post_form(&format!("/books/{book}/progress"), &[("page", "80")])
            .await;
        bea.post_form(&format!("/books/{book}/shelves"), &[("shelves", "campus")])
            .await;
        let page = bea.get(&format!("/books/{book}")).await;
        assert!(
            page.text.contains("shelf-current\">Did not finish"),
            "{}",
            page.text
        );
        assert!(!page.text.contains("Not on my shelves"));
        assert!(
            page.text.contains(
                "value=\"did-not-finish\" class=\"link\" aria-pressed=\"true\">Did not finish"
            ),
            "the menu marks it"
        );
        assert!(page.text.contains("Edit my reading"));
        let profile = bea.get("/users/bea").await;
        assert!(
            profile.text.contains(
                "/users/bea/shelves/did-not-finish\">Did not finish</a> <span class=\"count\">(1)"
            ),
            "{}",
            profile.text
        );
        let shelf = bea.get("/users/bea/shelves/did-not-finish").await;
        assert!(shelf.text.contains("The Secret History") && shelf.text.contains("Did not finish"));
        assert!(
            !bea.get("/users/bea/shelves/read")
                .await
                .text
                .contains("The Secret History")
        );

        // The export says it and an import brings it back.
        let bea_user = app.store.user_by_username("bea").await.unwrap().unwrap();
        let csv = exports::goodreads_csv(app.store.as_ref(), &bea_user)
            .await
            .unwrap();
        assert!(csv.contains(",did-not-finish,"), "{csv}");
        app.api_user("cal").await;
        let cal = app.store.user_by_username("cal").await.unwrap().unwrap();
        imports::import_file(app.store.as_ref(), &cal, csv.as_bytes(), None)
            .await
            .unwrap();
        assert_eq!(
            shelf_titles(&app, "cal", "did-not-finish").await,
            ["The Secret History"]
        );
        // Another site's spelling of it is the same status.
        let other = "Title,Author,ISBN13,My Rating,Exclusive Shelf,Date Read\nKindred,Octavia E. Butler,,0,Did Not Finish,\n";
        imports::import_file(app.store.as_ref(), &cal, other.as_bytes(), None)
            .await
            .unwrap();
        assert_eq!(
            shelf_titles(&app, "cal", "did-not-finish").await,
            ["Kindred", "The Secret History"]
        );
        let json = exports::json(app.store.as_ref(), &cal).await.unwrap();
        assert!(json.contains("\"status\": \"did-not-finish\""), "{json}");
        let shelves = app.store.user_shelves(cal.id).await.unwrap();
        assert!(
            !shelves
                .iter()
                .any(|s| s.slug == "did-not-finish" && s.name != "did-not-finish"),
            "built in, not made a shelf of cal's own: {shelves:?}"
        );
        assert_eq!(
            shelves
                .iter()
                .filter(|s| s.slug == "did-not-finish")
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn an_exclusive_shelf_takes_the_book_off_its_status() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let book = app.book(&ann, "Middlemarch", "George Eliot").await;
        let status_path = format!("/api/v1/books/{book}/status");
        let made = ok(
            &app,
            Method::POST,
            "/api/v1/me/shelves",
            &ann,
            json!({"name": "Abandoned", "exclusive": true}),
        )
        .await;
        assert_eq!(made["slug"], "abandoned", "{}", app.backend());
        let profile = ok(&app, Method::GET, "/api/v1/users/ann", &ann, json!(null)).await;
        let listed = profile["shelves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["slug"] == "abandoned")
            .cloned();
        assert_eq!(
            listed.map(|s| (s["name"].clone(), s["exclusive"].clone())),
            Some((json!("Abandoned"), json!(true))),
            "{profile}"
        );
        ok(
            &app,
            Method::PUT,
            &status_path,
            &ann,
            json!({"status": "to-read"}),
        )
        .await;
        let moved = ok(
            &app,
            Method::PUT,
            &status_path,
            &ann,
            json!({"status": "abandoned"}),
        )
        .await;
        assert_eq!(moved["status"], "abandoned");
        assert!(
            shelf_titles(&app, "ann", "to-read").await.is_empty(),
            "it left to-read"
        );
        assert_eq!(
            shelf_titles(&app, "ann", "abandoned").await,
            ["Middlemarch"]
        );
        ok(
            &app,
            Method::PUT,
            &status_path,
            &ann,
            json!({"status": "read"}),
        )
        .await;
        assert!(
            shelf_titles(&app, "ann", "abandoned").await.is_empty(),
            "and leaves it again"
        );
        assert_eq!(mine(&app, &ann, book).await["status"], "read");

        // It is a status, not a shelf to tick; and it keeps its kind.
        let (status, problem) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/shelves"),
                Some(&ann),
                Some(json!({"shelves": ["Abandoned"]})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "shelves");
        let (status, problem) = app
            .api(
                Method::POST,
                "/api/v1/me/shelves",
                Some(&ann),
                Some(json!({"name": "abandoned", "exclusive": false})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        let (status, problem) = app
            .api(
                Method::PUT,
                &status_path,
                Some(&ann),
                Some(json!({"status": "someday"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("abandoned"),
            "{problem}"
        );
        // Another reader's exclusive shelf is not one's own.
        let bob = app.api_user("bob").await;
        let (status, _) = app
            .api(
                Method::PUT,
                &status_path,
                Some(&bob),
                Some(json!({"status": "abandoned"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // An export's custom exclusive shelf comes in as an exclusive shelf.
        ok(
            &app,
            Method::PUT,
            &status_path,
            &ann,
            json!({"status": "abandoned"}),
        )
        .await;
        let ann_user = app.store.user_by_username("ann").await.unwrap().unwrap();
        let csv = exports::goodreads_csv(app.store.as_ref(), &ann_user)
            .await
            .unwrap();
        app.api_user("dee").await;
        let dee = app.store.user_by_username("dee").await.unwrap().unwrap();
        imports::import_file(app.store.as_ref(), &dee, csv.as_bytes(), None)
            .await
            .unwrap();
        let shelves = app.store.user_shelves(dee.id).await.unwrap();
        let abandoned = shelves.iter().find(|s| s.slug == "abandoned").unwrap();
        assert!(abandoned.exclusive && abandoned.count == 1, "{shelves:?}");
    }
}

#[tokio::test]
async fn the_shelf_menu_makes_ticks_and_exclusive_shelves() {
    for app in TestApp::all().await {
        let adder = app.api_user("adder").await;
        let book = app.book(&adder, "Jane Eyre", "Charlotte Brontë").await;
        let mut bea = app.signup("bea").await;
        let made = bea
            .post_form(
                &format!("/books/{book}/shelves/new"),
                &[("name", "Paused"), ("exclusive", "on")],
            )
            .await;
        assert_eq!(
            made.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.backend(),
            made.text
        );
        let page = bea.get(&format!("/books/{book}")).await;
        assert!(
            page.text.contains("shelf-current\">Paused"),
            "{}",
            page.text
        );
        bea.post_form(&format!("/books/{book}/shelves/new"), &[("name", "Gothic")])
            .await;
        bea.post_form(
            &format!("/books/{book}/shelves/new"),
            &[("name", "Victorian")],
        )
        .await;
        let page = bea.get(&format!("/books/{book}")).await;
        assert!(
            page.text
                .contains("name=\"shelf\" value=\"Gothic\" checked"),
            "{}",
            page.text
        );
        assert!(
            page.text
                .contains("name=\"shelf\" value=\"Victorian\" checked")
        );
        assert!(
            !page.text.contains("name=\"shelf\" value=\"Paused\""),
            "exclusive shelves are statuses"
        );

        // Unticking a box takes the book off that shelf only.
        let saved = bea
            .post_form(&format!("/books/{book}/shelves"), &[("shelf", "Gothic")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let page = bea.get(&format!("/books/{book}")).await;
        assert!(page.text.contains("value=\"Gothic\" checked"));
        assert!(page.text.contains("value=\"Victorian\">"), "{}", page.text);
        let refused = bea
            .post_form(&format!("/books/{book}/shelves/new"), &[("name", "Read")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let refused = bea
            .post_form(&format!("/books/{book}/status"), &[("status", "someday")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Shelves may be added from the profile too, empty until used.
        let added = bea
            .post_form("/shelves", &[("name", "On hold"), ("exclusive", "on")])
            .await;
        assert_eq!(added.location(), "/users/bea");
        bea.post_form("/shelves", &[("name", "Owned")]).await;
        let profile = bea.get("/users/bea").await;
        assert!(
            profile
                .text
                .contains("/users/bea/shelves/on-hold\">On hold</a> <span class=\"count\">(0)"),
            "{}",
            profile.text
        );
        assert!(
            profile
                .text
                .contains("/users/bea/shelves/owned\">Owned</a> <span class=\"count\">(0)")
        );
        let page = bea.get(&format!("/books/{book}")).await;
        assert!(
            page.text
                .contains("value=\"on-hold\" class=\"link\" aria-pressed=\"false\">On hold")
        );
        assert!(page.text.contains("name=\"shelf\" value=\"Owned\">"));
        assert_eq!(
            bea.post_form("/shelves", &[("name", "Owned"), ("exclusive", "on")])
                .await
                .status,
            StatusCode::CONFLICT,
            "a shelf keeps its kind"
        );

        // The same button on a search result, showing where the book is.
        let found = bea.get("/search?q=Jane+Eyre").await;
        assert!(
            found.text.contains("shelf-current\">Paused"),
            "{}",
            found.text
        );
        let set = bea
            .post_form(
                &format!("/books/{book}/status"),
                &[("status", "read"), ("back", "/search?q=Jane%20Eyre&page=1")],
            )
            .await;
        assert_eq!(set.location(), "/search?q=Jane%20Eyre&page=1");
        let found = bea.get("/search?q=Jane+Eyre").await;
        assert!(
            found.text.contains("shelf-current\">Read"),
            "{}",
            found.text
        );
        let signed_out = app.browser().get("/search?q=Jane+Eyre").await;
        assert!(signed_out.text.contains("Jane Eyre") && !signed_out.text.contains("shelf-button"));
        let fresh = app.signup("cy").await.get("/search?q=Jane+Eyre").await;
        assert!(
            fresh.text.contains(">Want to read</button>"),
            "{}",
            fresh.text
        );
    }
}

/// The statements the catalogue's first page takes, and its shelf buttons.
async fn catalogue_cost(app: &TestApp, browser: &mut crate::app::Browser) -> (u64, usize) {
    let start = app.store.query_count();
    let page = browser.get("/books").await;
    (
        app.store.query_count() - start,
        page.text.matches("class=\"shelf-button\"").count(),
    )
}

#[tokio::test]
async fn shelf_buttons_cost_the_same_for_any_number_of_cards() {
    for app in TestApp::all().await {
        let adder = app.api_user("adder").await;
        let mut bea = app.signup("bea").await;
        let first = app.book(&adder, "Book 0", "Ann Author").await;
        bea.post_form(
            &format!("/books/{first}/shelves/new"),
            &[("name", "Gothic")],
        )
        .await;
        let (few, buttons) = catalogue_cost(&app, &mut bea).await;
        assert_eq!(buttons, 1, "{}", app.backend());
        for i in 1..12 {
            let book = app.book(&adder, &format!("Book {i}"), "Ann Author").await;
            if i % 3 == 0 {
                bea.post_form(&format!("/books/{book}/shelves"), &[("shelf", "Gothic")])
                    .await;
            }
        }
        let (many, buttons) = catalogue_cost(&app, &mut bea).await;
        assert_eq!(buttons, 12);
        assert_eq!(
            few,
            many,
            "{}: the same statements for 1 card and 12",
            app.backend()
        );
    }
}
