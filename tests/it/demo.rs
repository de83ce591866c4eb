//! `dogear demo`: a newcomer sees a living site at once.

use axum::http::StatusCode;

use crate::app::TestApp;

#[tokio::test]
async fn the_demo_fills_a_living_library_once() {
    for app in TestApp::all().await {
        let said = dogear::demo::fill(app.store.as_ref()).await.unwrap();
        assert!(said.contains("151-comment thread"), "{said}");
        let mut browser = app.browser();
        let home = browser.get("/").await.text;
        assert!(
            home.contains("Middlemarch") && home.contains("Helen Marsh"),
            "{}",
            app.backend()
        );
        let middlemarch = browser.get("/books/1").await.text;
        assert!(
            middlemarch.contains("Readers who liked this also liked")
                && middlemarch.contains("Wives and Daughters"),
            "{}: the demo has neighbours at once",
            app.backend()
        );
        let review = browser.get("/reviews/1").await.text;
        assert!(review.contains("(showing 1-50 of 151)"));
        assert!(review.contains("rated it 5 stars") && review.contains("bookshelves:"));
        assert!(
            review.contains("(last edited") && review.contains("this comment has been deleted")
        );
        let page2 = browser.get("/reviews/1?page=2").await.text;
        assert!(page2.contains(" wrote: \""), "a quoted message");
        let page3 = browser.get("/reviews/1?page=3").await.text;
        assert!(page3.contains("[deleted user]"));
        // A reading life: last year's forty books, this year's goal under way.
        let year = dogear::domain::dates::today(dogear::actions::now()).year;
        let (_, last) = app
            .api(
                axum::http::Method::GET,
                &format!("/api/v1/users/helen/years/{}", year - 1),
                None,
                None,
            )
            .await;
        assert!(last["books_read"].as_u64().unwrap() >= 40, "{last}");
        assert_eq!(last["goal"]["reached"], true);
        // A list with votes, ranked.
        let list = said.rsplit("/lists/").next().unwrap_or_default();
        let (_, shown) = app
            .api(
                axum::http::Method::GET,
                &format!("/api/v1/lists/{list}"),
                None,
                None,
            )
            .await;
        assert_eq!(
            shown["list"]["title"], "Classics worth a long winter",
            "{said}"
        );
        let votes: Vec<i64> = shown["books"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["votes"].as_i64().unwrap())
            .collect();
        assert!(
            votes.len() >= 8 && votes[0] > 0 && votes.windows(2).all(|w| w[0] >= w[1]),
            "{votes:?}"
        );
        assert!(
            browser
                .get(&format!("/lists/{list}"))
                .await
                .text
                .contains("Start here.")
        );
        let quotes = browser.get("/users/helen/quotes").await.text;
        assert!(quotes.contains("Call me Ishmael."), "{}", app.backend());
        let profile = browser.get("/users/helen").await.text;
        assert!(
            profile.contains(&format!("{year} reading goal:")),
            "{}",
            app.backend()
        );
        let mut helen = app.browser();
        let signed_in = helen
            .post_form(
                "/signin",
                &[
                    ("username", "helen"),
                    ("password", dogear::demo::DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            signed_in.status,
            StatusCode::SEE_OTHER,
            "the demo's readers can sign in"
        );
        let again = dogear::demo::fill(app.store.as_ref()).await.unwrap();
        assert!(again.contains("already here"));
    }
}

#[tokio::test]
async fn the_demo_refuses_a_site_with_readers_of_its_own() {
    for app in TestApp::all().await {
        app.api_user("owner").await;
        let refused = dogear::demo::fill(app.store.as_ref()).await;
        assert!(refused.is_err(), "{}", app.backend());
        let (status, _) = app
            .api(axum::http::Method::GET, "/api/v1/users/helen", None, None)
            .await;
        assert_eq!(
            status,
            axum::http::StatusCode::NOT_FOUND,
            "{}: no demo readers",
            app.backend()
        );
    }
}
