//! Open Library's dumps as a catalogue source: a small `.txt.gz` written
//! from the recorded records, imported, and resumed after a cut-short run.

use std::io::Write;
use std::path::PathBuf;

use crate::bookdata_replay::fixture;
use crate::support::unique;

/// One dump line: type, key, revision, last modified, JSON on one line.
fn line(kind: &str, json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let key = value["key"].as_str().unwrap_or("/x/OL0X").to_string();
    format!("/type/{kind}\t{key}\t1\t2026-11-30T00:00:00\t{value}\n")
}

/// Authors first, then the work, then its editions; `padding` more authors
/// make the file long enough to be cut in the middle.
fn dump_text(padding: usize) -> String {
    let mut text = String::new();
    text.push_str(&line(
        "author",
        r#"{"key": "/authors/OL382982A", "name": "Garth Nix"}"#,
    ));
    for n in 0..padding {
        let json = format!(
            r#"{{"key": "/authors/OL{}A", "name": "Writer {n} {}"}}"#,
            9000 + n,
            n * 7919 % 1000
        );
        text.push_str(&line("author", &json));
    }
    text.push_str("/type/redirect\t/authors/OL1A\t1\t2026\t{\"location\": \"/authors/OL2A\"}\n");
    text.push_str(&line("work", &fixture("ol_work.json")));
    let list: serde_json::Value = serde_json::from_str(&fixture("ol_edition_list.json")).unwrap();
    for entry in list["entries"].as_array().unwrap() {
        text.push_str(&line("edition", &entry.to_string()));
    }
    text.push_str(&line("edition", &fixture("ol_edition.json")));
    text.push_str("/type/edition\t/books/OL5M\t1\t2026\t{not json\n");
    text
}

fn gzip(text: &str) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

fn dump_file(bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(unique("dump"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ol_dump_2026-11-30.txt.gz");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[tokio::test]
async fn a_dump_makes_books_with_their_editions_and_keys() {
    for store in crate::support::stores().await {
        let path = dump_file(&gzip(&dump_text(3)));
        let summary = dogear::actions::dumps::import(&store, &path, 4, |_, _, _| {})
            .await
            .unwrap();
        let c = summary.counts;
        assert_eq!((c.authors, c.works, c.editions), (4, 1, 12), "{summary}");
        // Three of the work's editions repeat an ISBN another has, and the
        // last edition line repeats one of them whole.
        assert_eq!(c.already, 4, "{summary}");
        assert_eq!((summary.unreadable, summary.other), (1, 1), "{summary}");
        let id = store
            .book_by_title_author("Sabriel", &dogear::store::author_key("Garth Nix"))
            .await
            .unwrap();
        let id = id.expect("the work became a book");
        let book = store.book(id).await.unwrap().unwrap();
        assert_eq!(book.authors[0].name, "Garth Nix");
        assert_eq!(book.year, Some(1995));
        assert!(book.pages.is_some(), "an edition's page count");
        assert_eq!(store.editions(id).await.unwrap().len(), 12);
        assert_eq!(
            store.ol_work_key(id).await.unwrap().flatten().as_deref(),
            Some("OL15832982W")
        );
        assert_eq!(store.book_subjects(id).await.unwrap()[0], "Fantasy");
        // Its subjects file it under its genres before any reader shelves it.
        let (_, fantasy, _) = dogear::actions::genres::books(&store, "fantasy", 1)
            .await
            .unwrap();
        let listed: Vec<(i64, i64)> = fantasy.iter().map(|(b, n)| (b.id, *n)).collect();
        assert_eq!(listed, [(id, 0)]);
        assert_eq!(
            store.book_by_isbn13("9780060273224").await.unwrap(),
            Some(id)
        );

        // Done: a second run reads nothing.
        let again = dogear::actions::dumps::import(&store, &path, 4, |_, _, _| {})
            .await
            .unwrap();
        assert!(again.already_done);
    }
}

#[tokio::test]
async fn a_run_cut_short_keeps_its_batches_and_the_next_one_goes_on_from_there() {
    for store in crate::support::stores().await {
        let whole = gzip(&dump_text(2000));
        // The first run ends where the file was cut, mid-stream.
        let path = dump_file(&whole[..whole.len() * 2 / 3]);
        let mut seen = Vec::new();
        let cut =
            dogear::actions::dumps::import(&store, &path, 50, |lines, _, _| seen.push(lines)).await;
        let message = cut.unwrap_err().to_string();
        assert!(message.contains("run the same command again"), "{message}");
        assert!(!seen.is_empty(), "batches were committed before the cut");
        let (kept, finished) = store
            .dump_progress("ol_dump_2026-11-30.txt.gz")
            .await
            .unwrap()
            .unwrap();
        assert!(!finished);
        assert_eq!(kept as u64, *seen.last().unwrap());

        std::fs::write(&path, &whole).unwrap();
        let resumed = dogear::actions::dumps::import(&store, &path, 50, |_, _, _| {})
            .await
            .unwrap();
        assert_eq!(resumed.resumed_at, kept as u64, "{resumed}");
        assert_eq!(resumed.counts.already, 4, "nothing read twice: {resumed}");
        assert_eq!((resumed.counts.works, resumed.counts.editions), (1, 12));
        let id = store
            .book_by_title_author("Sabriel", &dogear::store::author_key("Garth Nix"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(store.editions(id).await.unwrap().len(), 12);
        let writers = store.search_authors("writer", 5000).await.unwrap();
        assert_eq!(writers.len(), 2000, "every author once");
    }
}

#[tokio::test]
async fn subjects_from_before_genres_are_filed_when_the_store_opens() {
    let dir = std::env::temp_dir().join(unique("genres"));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("old.db");
    let url = format!("sqlite://{}", file.display());
    let store = dogear::store::connect(&url).await.unwrap();
    let path = dump_file(&gzip(&dump_text(0)));
    dogear::actions::dumps::import(&store, &path, 100, |_, _, _| {})
        .await
        .unwrap();
    drop(store);
    // As a database from before genres were filed from subjects.
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(
        "DELETE FROM book_genres;
         INSERT INTO genres_to_file (book_id) SELECT DISTINCT book_id FROM book_subjects;",
    )
    .unwrap();
    drop(conn);
    let store = dogear::store::connect(&url).await.unwrap();
    let (_, science_fiction, _) = dogear::actions::genres::books(&store, "science-fiction", 1)
        .await
        .unwrap();
    let titles: Vec<&str> = science_fiction
        .iter()
        .map(|(b, _)| b.title.as_str())
        .collect();
    assert_eq!(titles, ["Sabriel"]);
    let (_, fantasy, _) = dogear::actions::genres::books(&store, "fantasy", 1)
        .await
        .unwrap();
    assert_eq!(fantasy.len(), 1, "filed once");
}
