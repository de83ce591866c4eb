//! Readers' libraries from other sites: every fixture lands field by field,
//! a second run changes nothing, and an export comes back whole.

use serde_json::Value;

use crate::app::TestApp;
use dogear::actions::{exports, imports};
use dogear::import::Format;
use dogear::store::User;

const FIXTURES: &str = "../shared/fixtures/imports";

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).expect("the shared import fixtures")
}

pub(crate) async fn reader(app: &TestApp, name: &str) -> User {
    app.api_user(name).await;
    app.store.user_by_username(name).await.unwrap().unwrap()
}

pub(crate) async fn library(app: &TestApp, user: &User) -> Value {
    let text = exports::json(app.store.as_ref(), user).await.unwrap();
    let mut archive: Value = serde_json::from_str(&text).unwrap();
    archive["exported_at"] = Value::Null;
    archive["books"].clone()
}

fn find<'a>(books: &'a Value, title: &str) -> &'a Value {
    books
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["title"] == title)
        .unwrap_or_else(|| panic!("{title} not in the library"))
}

#[tokio::test]
async fn a_goodreads_export_lands_whole_and_only_once() {
    for app in TestApp::all().await {
        let erin = reader(&app, "erin").await;
        let bytes = fixture("mapmyreads-goodreads_library_export.csv");
        assert_eq!(Format::detect(&bytes), Some(Format::Goodreads));
        let summary = imports::import_file(app.store.as_ref(), &erin, &bytes, None)
            .await
            .unwrap();
        assert_eq!(
            (summary.rows, summary.imported),
            (358, 358),
            "{}: {summary}",
            app.backend()
        );
        let books = library(&app, &erin).await;
        assert_eq!(books.as_array().unwrap().len(), 358);
        let statuses = |s: &str| {
            books
                .as_array()
                .unwrap()
                .iter()
                .filter(|b| b["status"] == s)
                .count()
        };
        assert_eq!(
            (
                statuses("to-read"),
                statuses("read"),
                statuses("currently-reading")
            ),
            (339, 16, 3)
        );
        let rated = books
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| !b["rating"].is_null())
            .count();
        assert_eq!(rated, 9);
        let island = find(&books, "The Island of Missing Trees");
        assert_eq!(island["reads"].as_array().unwrap().len(), 2, "a re-read");
        assert_eq!(
            island["reads"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["finished"] == "2023-02-04")
                .count(),
            1
        );
        let peru = find(&books, "Historia mínima de Perú (Spanish Edition)");
        assert_eq!(peru["shelves"], serde_json::json!(["peru"]));
        assert_eq!(peru["isbn13"], "9786074626339");
        assert!(
            peru["date_added"]
                .as_str()
                .unwrap()
                .starts_with("2023-08-11")
        );
        let silk = find(&books, "The Silk Roads: A New History of the World");
        assert_eq!(silk["isbn10"], "1408839970", "=\"...\" cells unwrapped");
        assert_eq!(silk["details"]["Publisher"], "Bloomsbury", "no column lost");

        let again = imports::import_file(app.store.as_ref(), &erin, &bytes, None)
            .await
            .unwrap();
        assert_eq!(again.books_created, 0);
        assert_eq!(
            library(&app, &erin).await,
            books,
            "{}: a second run changes nothing",
            app.backend()
        );
    }
}

#[tokio::test]
async fn the_old_goodreads_layout_and_other_sites_import() {
    for app in TestApp::all().await {
        let tom = reader(&app, "tom").await;
        let old = imports::import_file(
            app.store.as_ref(),
            &tom,
            &fixture("bookwyrm-goodreads.csv"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            (old.format, old.rows, old.imported),
            ("goodreads", 3, 3),
            "{}",
            app.backend()
        );
        let books = library(&app, &tom).await;
        let gideon = find(&books, "Gideon the Ninth");
        assert_eq!(gideon["rating"], 3.0);
        assert_eq!(gideon["status"], "read");
        assert_eq!(gideon["details"]["Series"], "The Locked Tomb #1");
        assert_eq!(gideon["reads"][0]["finished"], "2020-10-25");

        let sg = reader(&app, "sg").await;
        let bytes = fixture("mapmyreads-storygraph_export.csv");
        let summary = imports::import_file(app.store.as_ref(), &sg, &bytes, None)
            .await
            .unwrap();
        assert_eq!(
            (summary.format, summary.rows, summary.imported),
            ("storygraph", 193, 193),
            "{summary}"
        );
        let books = library(&app, &sg).await;
        let noche = find(&books, "En plena noche");
        assert_eq!(noche["rating"], 3.75, "quarter stars are kept exactly");
        assert_eq!(noche["reads"][0]["started"], "2024-01-03");
        assert_eq!(noche["reads"][0]["finished"], "2024-01-05");
        assert_eq!(noche["details"]["Pace"], "medium");
        assert!(
            noche["details"]["Moods"]
                .as_str()
                .unwrap()
                .contains("mysterious")
        );
        assert_eq!(
            find(&books, "The Secret History")["status"],
            "did-not-finish",
            "a custom exclusive shelf"
        );
        let again = imports::import_file(app.store.as_ref(), &sg, &bytes, None)
            .await
            .unwrap();
        assert_eq!(again.books_created, 0);
        assert_eq!(library(&app, &sg).await, books);

        let lt = reader(&app, "lt").await;
        let summary = imports::import_file(
            app.store.as_ref(),
            &lt,
            &fixture("bookwyrm-librarything.tsv"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            (summary.format, summary.imported),
            ("librarything", 3),
            "{summary}"
        );
        let books = library(&app, &lt).await;
        let marelle = find(&books, "Marelle");
        assert_eq!(marelle["rating"], 4.5);
        assert_eq!(marelle["isbn13"], "9782070291342");
        assert_eq!(marelle["reads"][0]["started"], "2007-04-16");
        assert!(
            marelle["shelves"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "roman")
        );
    }
}

#[tokio::test]
async fn a_goodreads_export_round_trips() {
    for app in TestApp::all().await {
        let erin = reader(&app, "erin").await;
        imports::import_file(
            app.store.as_ref(),
            &erin,
            &fixture("bookwyrm-goodreads.csv"),
            None,
        )
        .await
        .unwrap();
        let csv = exports::goodreads_csv(app.store.as_ref(), &erin)
            .await
            .unwrap();
        assert!(csv.starts_with(
            "Book Id,Title,Author,Author l-f,Additional Authors,ISBN,ISBN13,My Rating"
        ));
        let fresh = reader(&app, "fresh").await;
        let back = imports::import_file(app.store.as_ref(), &fresh, csv.as_bytes(), None)
            .await
            .unwrap();
        assert_eq!(back.failed.len(), 0, "{back}");
        let strip = |mut books: Value| {
            for b in books.as_array_mut().unwrap() {
                b["details"] = Value::Null;
                b["date_added"] = Value::Null;
            }
            books
        };
        assert_eq!(
            strip(library(&app, &fresh).await),
            strip(library(&app, &erin).await),
            "{}",
            app.backend()
        );
    }
}

#[tokio::test]
async fn the_smaller_formats_land_too() {
    for app in TestApp::all().await {
        let bw = reader(&app, "bw").await;
        let s = imports::import_file(
            app.store.as_ref(),
            &bw,
            &fixture("bookwyrm-bookwyrm.csv"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            (s.format, s.imported, s.failed.len()),
            ("bookwyrm", 3, 0),
            "{}: {s}",
            app.backend()
        );
        let books = library(&app, &bw).await;
        let ottolenghi = find(&books, "Ottolenghi Simple");
        assert_eq!(ottolenghi["rating"], 4.0);
        assert_eq!(ottolenghi["shelves"], serde_json::json!(["Cooking"]));
        assert_eq!(ottolenghi["reads"][0]["finished"], "2022-10-10");
        assert!(
            ottolenghi["review"]
                .as_str()
                .unwrap()
                .contains("Too much tahini")
        );
        assert!(
            books
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["title"] == "我穿我自己"),
            "CJK titles"
        );

        let cal = reader(&app, "cal").await;
        let s = imports::import_file(
            app.store.as_ref(),
            &cal,
            &fixture("bookwyrm-calibre.csv"),
            None,
        )
        .await
        .unwrap();
        assert_eq!((s.format, s.imported), ("calibre", 1), "{s}");
        let witch = find(&library(&app, &cal).await, "That Ain't Witchcraft").clone();
        assert_eq!(witch["rating"], 5.0);
        assert_eq!(witch["isbn13"], "9780756411800");
        assert_eq!(witch["owned_copies"], 1);

        let or = reader(&app, "or").await;
        let s = imports::import_file(
            app.store.as_ref(),
            &or,
            &fixture("bookwyrm-openreads-csv-example.csv"),
            None,
        )
        .await
        .unwrap();
        assert_eq!((s.format, s.imported), ("openreads", 4), "{s}");
        let books = library(&app, &or).await;
        let wild = find(&books, "Wild Flowers Electric Beasts");
        assert_eq!(wild["status"], "to-read");
        assert_eq!(wild["shelves"], serde_json::json!(["Solarpunk"]));

        let generic = reader(&app, "gen").await;
        let s = imports::import_file(
            app.store.as_ref(),
            &generic,
            &fixture("bookwyrm-generic.csv"),
            None,
        )
        .await
        .unwrap();
        assert_eq!((s.format, s.imported), ("generic", 4), "{s}");
        let books = library(&app, &generic).await;
        assert_eq!(find(&books, "Harrow the Ninth")["rating"], 3.0);

        let ol = reader(&app, "ol").await;
        let s = imports::import_file(
            app.store.as_ref(),
            &ol,
            &fixture("bookwyrm-openlibrary.csv"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            (s.format, s.imported, s.failed.len()),
            ("openlibrary", 0, 4),
            "every row said why"
        );
        assert!(s.failed[0].1.contains("OL102749W"));

        let json = reader(&app, "json").await;
        let s = imports::import_file(
            app.store.as_ref(),
            &json,
            &fixture("bookwyrm-user_import.json"),
            None,
        )
        .await
        .unwrap();
        assert_eq!((s.format, s.imported), ("bookwyrm-json", 2), "{s}");
        let state = find(&library(&app, &json).await, "Seeing Like A State").clone();
        assert_eq!(state["authors"][0], "James C. Scott");
        assert_eq!(state["isbn13"], "9780300070163");
        assert_eq!(state["reads"][0]["finished"], "2023-08-13");
    }
}

#[tokio::test]
async fn every_cut_in_a_reader_import_is_said_by_its_line() {
    for app in TestApp::all().await {
        let user = reader(&app, "cutter").await;
        let names = |n: usize| {
            (2..=n)
                .map(|i| format!("Writer {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let most = dogear::domain::text::AUTHORS_MAX;
        let file = format!(
            "Title,Author,Additional Authors,ISBN13,My Rating,Exclusive Shelf,Date Read,Date Added\n\
             Forty Voices,Writer 1,\"{}\",,4,read,2023/05/01,2023/04/01\n\
             Everyone,Writer 1,\"{}\",,4,read,2023/05/01,2023/04/01\n\
             Odd Cells,Ann Author,,,9,read,last summer,2023/04/01\n",
            names(40),
            names(most + 5),
        );
        let summary = imports::import_file(app.store.as_ref(), &user, file.as_bytes(), None)
            .await
            .unwrap();
        assert_eq!(summary.imported, 3, "{summary}");
        let cut = &summary.tally.cut;
        assert!(
            cut.iter().all(|(line, _)| *line != 2),
            "forty authors fit: {cut:?}"
        );
        assert!(
            cut.iter().any(|(line, what)| *line == 3
                && what.contains(&format!(
                    "{} authors: the catalogue lists the first {most}",
                    most + 5
                ))),
            "{cut:?}"
        );
        for said in [
            "My Rating 9 is not 1 to 5 stars",
            "Date Read \"last summer\"",
        ] {
            assert!(
                cut.iter()
                    .any(|(line, what)| *line == 4 && what.contains(said)),
                "{said}: {cut:?}"
            );
        }
        assert!(
            summary
                .to_string()
                .contains("line 4: shortened: My Rating 9"),
            "{summary}"
        );
        let books = library(&app, &user).await;
        assert_eq!(
            find(&books, "Forty Voices")["authors"]
                .as_array()
                .unwrap()
                .len(),
            40
        );
        assert_eq!(
            find(&books, "Everyone")["authors"]
                .as_array()
                .unwrap()
                .len(),
            most
        );
    }
}
