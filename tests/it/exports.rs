//! Exports that lose nothing: real exports from other sites imported, then
//! exported in the same layout, come back cell by cell.

use std::collections::BTreeMap;

use crate::app::TestApp;
use crate::imports::{fixture, reader};
use dogear::actions::exports::{self, Layout};
use dogear::actions::imports;

type Table = Vec<BTreeMap<String, String>>;

fn table(bytes: &[u8]) -> (Vec<String>, Table) {
    let mut file = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = file
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = file
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    (header, rows)
}

/// Imports `name`, exports it as `layout`, and compares every column of every
/// row with the file, but for `exceptions` (column, why). Rows are matched
/// by `key`, columns compared afterwards too. Returns the export.
async fn round_trip(
    app: &TestApp,
    name: &str,
    layout: Layout,
    key: &[&str],
    exceptions: &[(&str, &str)],
) -> String {
    let who = format!("r{}", name.len() + key.len());
    round_trip_file(app, &who, &fixture(name), layout, key, exceptions).await
}

/// `round_trip` of the file `source`, imported by a new reader `who`.
async fn round_trip_file(
    app: &TestApp,
    who: &str,
    source: &[u8],
    layout: Layout,
    key: &[&str],
    exceptions: &[(&str, &str)],
) -> String {
    let name = who;
    let user = reader(app, who).await;
    let summary = imports::import_file(app.store.as_ref(), &user, source, None)
        .await
        .unwrap();
    assert!(summary.failed.is_empty(), "{summary}");
    let written = exports::export(app.store.as_ref(), &user, layout)
        .await
        .unwrap();
    let (source_header, source_rows) = table(source);
    let (header, rows) = table(written.as_bytes());
    assert_eq!(
        rows.len(),
        source_rows.len(),
        "{}: a row per book",
        app.backend()
    );
    let key_of = |row: &BTreeMap<String, String>| {
        key.iter()
            .map(|k| row.get(*k).cloned().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let mut wrong: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for source_row in &source_rows {
        let Some(row) = rows.iter().find(|r| key_of(r) == key_of(source_row)) else {
            panic!("{}: no row for {:?}", app.backend(), key_of(source_row));
        };
        for column in &source_header {
            if exceptions.iter().any(|(c, _)| c == column) {
                continue;
            }
            let was = &source_row[column];
            // A column of an older layout that nobody filled is not written.
            let now = row.get(column).map_or("", String::as_str);
            assert!(
                header.contains(column) || was.is_empty(),
                "{column} is not written but holds {was}"
            );
            if was != now {
                wrong.entry(column).or_default().push(format!(
                    "{:?}: {was:?} came back as {now:?}",
                    key_of(source_row)
                ));
            }
        }
    }
    let report: Vec<String> = wrong
        .iter()
        .map(|(c, rows)| {
            format!(
                "{c} ({} rows): {}",
                rows.len(),
                rows[..rows.len().min(3)].join("; ")
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{} {name}:\n{}",
        app.backend(),
        report.join("\n")
    );
    written
}

/// The two columns a Goodreads file holds that are Goodreads' own and no
/// reader's: its id for the book (Dogear writes the row's number), and
/// the site-wide average of everyone's ratings.
const GOODREADS_EXCEPTIONS: [(&str, &str); 2] = [
    (
        "Book Id",
        "Goodreads' id for the book; Dogear numbers the rows",
    ),
    (
        "Average Rating",
        "the average of every Goodreads reader, not this reader's",
    ),
];

#[tokio::test]
async fn a_real_goodreads_library_comes_back_cell_by_cell() {
    for app in TestApp::all().await {
        let written = round_trip(
            &app,
            "mapmyreads-goodreads_library_export.csv",
            Layout::Goodreads,
            &["ISBN13", "Date Added", "Author", "Title"],
            &GOODREADS_EXCEPTIONS,
        )
        .await;
        assert!(
            written.contains("\"Ninth House (Alex Stern, #1)\""),
            "the series suffix is back"
        );
    }
}

/// Two editions of one work, as a Goodreads library lists them: a row each.
const TWO_EDITIONS: &str = "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating,Average Rating,Publisher,Binding,Number of Pages,Year Published,Original Publication Year,Date Read,Date Added,Bookshelves,Bookshelves with positions,Exclusive Shelf,My Review,Spoiler,Private Notes,Read Count,Owned Copies
60931,Kindred,Octavia E. Butler,\"Butler, Octavia E.\",,\"=\"\"0807083690\"\"\",\"=\"\"9780807083697\"\"\",5,4.28,Beacon Press,Paperback,264,2004,1979,2019/03/02,2019/01/05,\"classics, time\",\"classics (#4), time (#1)\",read,,,,1,0
4100,Kindred,Octavia E. Butler,\"Butler, Octavia E.\",,\"=\"\"0575094036\"\"\",\"=\"\"9780575094031\"\"\",5,4.28,Headline,Hardcover,320,2018,1979,2021/07/09,2021/06/30,\"classics, time\",\"classics (#9), time (#2)\",read,,,,1,0
";

#[tokio::test]
async fn two_editions_of_one_work_are_a_row_each_with_their_own_data() {
    for app in TestApp::all().await {
        // One reading of the work per row, so the readings are the work's
        // two, on each row: the one column the two rows share.
        let written = round_trip_file(
            &app,
            "twice",
            TWO_EDITIONS.as_bytes(),
            Layout::Goodreads,
            &["ISBN13"],
            &[
                GOODREADS_EXCEPTIONS[0],
                GOODREADS_EXCEPTIONS[1],
                ("Read Count", "the work's readings, both on each row"),
                ("Date Read", "the work's last reading, on each row"),
            ],
        )
        .await;
        let (_, rows) = table(written.as_bytes());
        let headline = rows.iter().find(|r| r["Publisher"] == "Headline").unwrap();
        assert_eq!(headline["ISBN13"], "=\"9780575094031\"");
        assert_eq!(headline["Binding"], "Hardcover");
        assert_eq!(headline["Number of Pages"], "320");
        assert_eq!(headline["Year Published"], "2018");
        assert_eq!(headline["Date Added"], "2021/06/30");
        assert_eq!(headline["Read Count"], "2");
        let user = app.store.user_by_username("twice").await.unwrap().unwrap();
        let library = crate::imports::library(&app, &user).await;
        assert_eq!(
            library.as_array().unwrap().len(),
            1,
            "one work in the catalogue"
        );
        assert_eq!(library[0]["editions_held"].as_array().unwrap().len(), 2);
        // StoryGraph's layout, too, has a row for each edition held.
        let sg = exports::export(app.store.as_ref(), &user, Layout::StoryGraph)
            .await
            .unwrap();
        let (_, rows) = table(sg.as_bytes());
        let isbns: Vec<&str> = rows.iter().map(|r| r["ISBN/UID"].as_str()).collect();
        assert_eq!(
            isbns,
            ["9780807083697", "9780575094031"],
            "{}",
            app.backend()
        );
        assert_eq!(rows[1]["Format"], "hardcover");

        // Taken off the library and shelved again, it is one book again.
        let book = library[0]["isbn13"].as_str().unwrap();
        let id = app.store.book_by_isbn13(book).await.unwrap().unwrap();
        let store = app.store.as_ref();
        dogear::actions::shelves::set_shelves(store, &user, id, Vec::new())
            .await
            .unwrap();
        dogear::actions::shelves::set_status(store, &user, id, None)
            .await
            .unwrap();
        dogear::actions::shelves::set_status(store, &user, id, Some("to-read"))
            .await
            .unwrap();
        let again = exports::goodreads_csv(store, &user).await.unwrap();
        assert_eq!(table(again.as_bytes()).1.len(), 1, "{again}");

        // Naming on the site each edition read holds them both; naming
        // none forgets them.
        let rows_now = || async {
            let csv = exports::goodreads_csv(store, &user).await.unwrap();
            table(csv.as_bytes()).1
        };
        for edition in app.store.editions(id).await.unwrap() {
            dogear::actions::editions::set_reader_edition(store, &user, id, Some(edition.id))
                .await
                .unwrap();
        }
        let isbns: Vec<String> = rows_now()
            .await
            .iter()
            .map(|r| r["ISBN13"].clone())
            .collect();
        assert_eq!(isbns.len(), 2, "{isbns:?}");
        assert_ne!(isbns[0], isbns[1]);
        dogear::actions::editions::set_reader_edition(store, &user, id, None)
            .await
            .unwrap();
        assert_eq!(rows_now().await.len(), 1);
    }
}

#[tokio::test]
async fn the_old_goodreads_layout_comes_back_cell_by_cell() {
    for app in TestApp::all().await {
        round_trip(
            &app,
            "bookwyrm-goodreads.csv",
            Layout::Goodreads,
            &["ISBN13", "Date Added", "Author", "Title"],
            &GOODREADS_EXCEPTIONS,
        )
        .await;
    }
}

#[tokio::test]
async fn storygraph_libraries_come_back_cell_by_cell() {
    for app in TestApp::all().await {
        for name in [
            "mapmyreads-storygraph_export.csv",
            "bookwyrm-storygraph.csv",
        ] {
            round_trip(
                &app,
                name,
                Layout::StoryGraph,
                &["Title", "Date Added"],
                &[],
            )
            .await;
        }
    }
}

#[tokio::test]
async fn a_bookwyrm_library_comes_back_in_bookwyrm_layout() {
    for app in TestApp::all().await {
        let written = round_trip(
            &app,
            "bookwyrm-bookwyrm.csv",
            Layout::BookWyrm,
            &["title"],
            &[],
        )
        .await;
        let source = fixture("bookwyrm-bookwyrm.csv");
        let header = String::from_utf8_lossy(&source);
        assert_eq!(
            written.lines().next(),
            header.lines().next(),
            "the same columns in the same order"
        );
    }
}

#[tokio::test]
async fn quarter_stars_are_rounded_for_goodreads_and_the_json_says_so() {
    for app in TestApp::all().await {
        let user = reader(&app, "quinn").await;
        let file = "Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Last Date Read,Dates Read,Read Count,Moods,Pace,Character- or Plot-Driven?,Strong Character Development?,Loveable Characters?,Diverse Characters?,Flawed Characters?,Star Rating,Review,Content Warnings,Content Warning Description,Tags,Owned?\n\
            Half Way,Ann Author,,,,read,2024/01/02,,,1,,,,,,,,4.5,,,,,No\n\
            Quarter Less,Ann Author,,,,read,2024/01/03,,,1,,,,,,,,4.25,,,,,No\n";
        imports::import_file(app.store.as_ref(), &user, file.as_bytes(), None)
            .await
            .unwrap();
        let csv = exports::goodreads_csv(app.store.as_ref(), &user)
            .await
            .unwrap();
        let (_, rows) = table(csv.as_bytes());
        let stars = |title: &str| {
            rows.iter()
                .find(|r| r["Title"] == title)
                .map(|r| r["My Rating"].clone())
        };
        assert_eq!(stars("Half Way").as_deref(), Some("5"), "halves go up");
        assert_eq!(stars("Quarter Less").as_deref(), Some("4"));
        let json: serde_json::Value =
            serde_json::from_str(&exports::json(app.store.as_ref(), &user).await.unwrap()).unwrap();
        let half = json["books"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["title"] == "Half Way")
            .unwrap();
        assert_eq!(half["rating"], 4.5);
        assert_eq!(half["goodreads_rating"], 5);
        assert!(
            half["rating_note"]
                .as_str()
                .unwrap()
                .contains("written as 5 in the Goodreads layout"),
            "{half}"
        );
        // StoryGraph keeps the quarter stars as they are.
        let sg = exports::export(app.store.as_ref(), &user, Layout::StoryGraph)
            .await
            .unwrap();
        let (_, rows) = table(sg.as_bytes());
        assert!(
            rows.iter()
                .any(|r| r["Title"] == "Quarter Less" && r["Star Rating"] == "4.25")
        );
    }
}

#[tokio::test]
async fn every_layout_downloads_from_the_site_and_the_api() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let token = app.api_user("bea").await;
        for (path, format, first) in [
            ("/export/goodreads.csv", "goodreads", "Book Id,Title,Author"),
            (
                "/export/storygraph.csv",
                "storygraph",
                "Title,Authors,Contributors",
            ),
            (
                "/export/bookwyrm.csv",
                "bookwyrm",
                "title,author_text,remote_id",
            ),
        ] {
            let page = ann.get(path).await;
            assert_eq!(page.status, axum::http::StatusCode::OK, "{path}");
            assert!(page.text.starts_with(first), "{path}: {}", page.text);
            let api = app
                .api_raw(
                    axum::http::Method::GET,
                    &format!("/api/v1/export?format={format}"),
                    Some(&token),
                    None,
                )
                .await;
            assert!(api.text.starts_with(first), "{format}: {}", api.text);
        }
        let settings = ann.get("/settings").await.text;
        for path in ["/export/storygraph.csv", "/export/bookwyrm.csv"] {
            assert!(settings.contains(path), "{path} linked from the settings");
        }
        let wrong = app
            .api_raw(
                axum::http::Method::GET,
                "/api/v1/export?format=kindle",
                Some(&token),
                None,
            )
            .await;
        assert_eq!(wrong.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.text.contains("storygraph"), "{}", wrong.text);
    }
}
