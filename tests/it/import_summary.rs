//! The import pages: every format offered, privacy asked on the form, and a
//! finished job saying what arrived (with links) and what was skipped.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{Browser, TestApp, ok};

const FIXTURES: &str = "../shared/fixtures/imports";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).expect("the shared import fixtures")
}

/// Uploads the file from the page, runs the job, and returns the finished page.
async fn import(
    app: &TestApp,
    browser: &mut Browser,
    fields: &[(&str, &str)],
    bytes: &[u8],
) -> (String, String) {
    assert!(browser.get("/import").await.status.is_success());
    let queued = browser
        .post_file("/import", fields, "file", "export.csv", bytes)
        .await;
    assert_eq!(
        queued.status,
        StatusCode::SEE_OTHER,
        "{}: {}",
        app.backend(),
        queued.text
    );
    let job = queued.location().to_string();
    dogear::jobs::run_pending(app.store.as_ref()).await.unwrap();
    let done = browser.get(&job).await;
    assert_eq!(done.status, StatusCode::OK);
    (job, done.text)
}

/// The number the tally shows before `words`, as `<strong>N</strong> words`.
fn tally(page: &str, words: &str) -> i64 {
    let end = page
        .find(&format!("</strong> {words}</a>"))
        .unwrap_or_else(|| panic!("no {words} in {page}"));
    let start = page[..end].rfind("<strong>").unwrap() + "<strong>".len();
    page[start..end].parse().unwrap()
}

#[tokio::test]
async fn a_real_goodreads_export_says_what_arrived_with_links_to_each_shelf() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let bytes = fixture("mapmyreads-goodreads_library_export.csv");
        let (job, page) = import(&app, &mut ann, &[("format", "goodreads")], &bytes).await;
        // Counted from the file itself: 358 rows, 16 read, 339 to-read, 3
        // currently reading, 9 with stars, no reviews, and six shelves of
        // the reader's own besides the statuses.
        assert!(
            page.contains("358 of 358 rows from your goodreads export"),
            "{}: {page}",
            app.backend()
        );
        assert_eq!(tally(&page, "marked read"), 16);
        assert_eq!(tally(&page, "to read"), 339);
        assert_eq!(tally(&page, "currently reading"), 3);
        assert_eq!(tally(&page, "rated"), 9);
        assert_eq!(tally(&page, "reviewed"), 0);
        assert_eq!(tally(&page, "shelves created"), 6);
        for shelf in [
            "2022-reading-challenge",
            "shortlisted-barb",
            "peru",
            "economics",
            "almost-finished",
            "detectives",
        ] {
            let link = format!(r#"href="/users/ann/shelves/{shelf}""#);
            assert!(page.contains(&link), "{shelf}");
            assert_eq!(
                ann.get(&format!("/users/ann/shelves/{shelf}")).await.status,
                StatusCode::OK
            );
        }
        for status in ["read", "to-read", "currently-reading"] {
            assert!(
                page.contains(&format!(r#"href="/users/ann/shelves/{status}""#)),
                "{status}"
            );
        }
        assert!(page.contains("Nothing: every row was read."));
        assert!(
            page.contains(r#"class="import-progress""#)
                && page.contains(r#"<progress id="progress" max="358" value="358">"#)
        );

        // The counts are kept with the job: the page says the same later,
        // and a second run of the same file makes no shelves again.
        assert_eq!(ann.get(&job).await.text, page);
        let (_, again) = import(&app, &mut ann, &[], &bytes).await;
        assert_eq!(tally(&again, "shelves created"), 0, "{}", app.backend());
        assert_eq!(
            tally(&again, "marked read"),
            16,
            "each row is counted as it lands"
        );
    }
}

#[tokio::test]
async fn the_import_form_asks_who_sees_the_library_and_the_reviews() {
    for app in TestApp::all().await {
        let mut bob = app.signup("bob").await;
        let form = bob.get("/import").await.text;
        for format in [
            "goodreads",
            "storygraph",
            "librarything",
            "bookwyrm",
            "bookwyrm-json",
            "calibre",
            "openreads",
            "openlibrary",
            "generic",
        ] {
            assert!(
                form.contains(&format!(r#"<option value="{format}">"#)),
                "{format} offered"
            );
        }
        assert!(
            form.contains(r#"name="visibility""#) && form.contains(r#"name="review_visibility""#)
        );
        assert!(
            form.contains("This is your profile’s setting"),
            "the page says what the choice covers"
        );

        // A choice the form does not offer is refused beside its field, and nothing is queued.
        let bytes = fixture("bookwyrm-goodreads.csv");
        let wrong = bob
            .post_file(
                "/import",
                &[("review_visibility", "private")],
                "file",
                "export.csv",
                &bytes,
            )
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.backend()
        );
        let select = wrong.text.find(r#"id="review_visibility""#).unwrap();
        let error = wrong.text.find("field-error").unwrap();
        assert!(error > select, "the error follows its field");
        let bad_format = bob
            .post_file(
                "/import",
                &[("format", "kindle")],
                "file",
                "export.csv",
                &bytes,
            )
            .await;
        assert_eq!(bad_format.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad_format
                .text
                .contains("Choose one of the formats listed."),
            "{}",
            bad_format.text
        );

        let (_, page) = import(
            &app,
            &mut bob,
            &[("visibility", "friends"), ("review_visibility", "friends")],
            &bytes,
        )
        .await;
        assert_eq!(tally(&page, "marked read"), 3, "{page}");
        assert_eq!(tally(&page, "rated"), 2);
        assert_eq!(tally(&page, "reviewed"), 1);
        assert!(page.contains(r#"href="/users/bob#reviews-heading""#));
        assert!(
            page.contains("Imported reviews are shown to: Friends only."),
            "{page}"
        );
        let me = app.store.user_by_username("bob").await.unwrap().unwrap();
        assert_eq!(
            me.visibility, "friends",
            "the profile setting, chosen on the form"
        );

        // The review came in for friends only.
        let _ = app.api_user("cy").await;
        let token = {
            let (_, body) = app
                .api(
                    Method::POST,
                    "/api/v1/tokens",
                    None,
                    Some(json!({"username": "bob", "password": "correct horse battery"})),
                )
                .await;
            body["token"].as_str().unwrap().to_string()
        };
        let list = ok(
            &app,
            Method::GET,
            "/api/v1/users/bob/reviews",
            &token,
            json!({}),
        )
        .await;
        let id = list["reviews"][0]["id"].as_i64().expect("bob's review");
        let review = ok(
            &app,
            Method::GET,
            &format!("/api/v1/reviews/{id}"),
            &token,
            json!({}),
        )
        .await;
        assert_eq!(
            review["visibility"],
            "friends",
            "{}: {review}",
            app.backend()
        );
        let (stranger, _) = app
            .api(Method::GET, &format!("/api/v1/reviews/{id}"), None, None)
            .await;
        assert_eq!(stranger, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_finished_import_lists_the_rows_it_skipped_by_line() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let csv = "Title,Author,ISBN13,My Rating,Exclusive Shelf,Date Read\n\
                   Kindred,Octavia E. Butler,,4,read,2023/05/01\n\
                   ,Nobody,,3,read,\n";
        let (_, page) = import(&app, &mut ann, &[], csv.as_bytes()).await;
        let skipped = &page[page.find(r#"id="skipped""#).unwrap()..];
        assert!(
            skipped.contains("1 row could not be imported"),
            "{}: {skipped}",
            app.backend()
        );
        assert!(skipped.contains("<li>Line 3: "), "{skipped}");
        assert_eq!(tally(&page, "marked read"), 1);
    }
}

#[tokio::test]
async fn the_summary_counts_editions_and_says_what_was_cut_short_row_by_row() {
    for app in TestApp::all().await {
        let mut cy = app.signup("cy").await;
        let bytes = fixture("mapmyreads-goodreads_library_export.csv");
        let (_, page) = import(&app, &mut cy, &[("format", "goodreads")], &bytes).await;
        // 302 rows name their edition by an ISBN; 56 have none.
        assert_eq!(tally(&page, "editions"), 302, "{}", app.backend());
        assert_eq!(tally(&page, "skipped"), 0);
        // Two anthologies of 33 and 35 writers land with every one of them
        // in the catalogue: nothing is cut, so nothing is said to be.
        for (isbn, count) in [("9780813527536", 33), ("9781529113303", 35)] {
            let id = app.store.book_by_isbn13(isbn).await.unwrap().unwrap();
            let book = app.store.book(id).await.unwrap().unwrap();
            assert_eq!(book.authors.len(), count, "{}: {isbn}", app.backend());
        }
        assert!(!page.contains("authors: the catalogue lists"), "{page}");

        // A StoryGraph reading that ends before it starts is kept by the
        // day it ended, and said so.
        let (_, page) = import(
            &app,
            &mut cy,
            &[("format", "storygraph")],
            &fixture("mapmyreads-storygraph_export.csv"),
        )
        .await;
        assert!(
            page.contains("Line 137: the reading 2025/04/14-2025/04/04 ends before it starts: it was kept as finished on 2025/04/04"),
            "{}: {page}",
            app.backend()
        );
    }
}

#[tokio::test]
async fn skipped_rows_are_counted_with_why() {
    for app in TestApp::all().await {
        let mut di = app.signup("di").await;
        let file = "Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,Moods,Pace,Character- or Plot-Driven?,Strong Character Development?,Loveable Characters?,Diverse Characters?,Flawed Characters?,Star Rating,Review,Content Warnings,Content Warning Description,Tags,Owned?\n\
            Kept,Ann Author,,,,read,2024/01/02,,,1,,,,,,,,4,,,,,No\n\
            ,Ann Author,,,,read,2024/01/02,,,1,,,,,,,,4,,,,,No\n\
            Too Bright,Ann Author,,,,read,2024/01/02,,,1,,,,,,,,7,,,,,No\n";
        let (_, page) = import(&app, &mut di, &[("format", "storygraph")], file.as_bytes()).await;
        assert_eq!(tally(&page, "skipped"), 2, "{}: {page}", app.backend());
        assert_eq!(tally(&page, "marked read"), 1);
        assert_eq!(tally(&page, "rated"), 1);
        assert!(page.contains("Line 3: no title"), "{page}");
        assert!(
            page.contains("Line 4: Star Rating 7 is not 0.25 to 5 stars"),
            "{page}"
        );
        assert!(!page.contains(r#"id="shortened""#), "nothing was cut short");
    }
}
