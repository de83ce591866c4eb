//! Property tests for what readers upload and type at the site: importers
//! fed any bytes, and the real exported files of other sites bent out of
//! shape (cut short, bytes changed, lines doubled), then search queries sent
//! through the site itself. Any input gives entries or reasons, never a panic.

use axum::http::StatusCode;
use dogear::domain::isbn::Isbn13;
use dogear::import::{Format, catalogue, entry::Parsed};
use proptest::prelude::*;

use crate::app::TestApp;
use crate::properties::config;

const FORMATS: [Format; 9] = [
    Format::Goodreads,
    Format::StoryGraph,
    Format::LibraryThing,
    Format::BookWyrm,
    Format::BookWyrmJson,
    Format::Calibre,
    Format::Openreads,
    Format::OpenLibrary,
    Format::Generic,
];

/// The real exports in the shared fixtures: the corpus the mutations start from.
fn corpus() -> &'static [(String, Vec<u8>)] {
    static CORPUS: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = std::path::Path::new("../shared/fixtures/imports");
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .expect("the shared import fixtures")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x != "md"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    })
}

/// What every importer promises of what it read, whatever the bytes.
fn well_formed(parsed: &Parsed) -> Result<(), TestCaseError> {
    for entry in &parsed.entries {
        prop_assert!(!entry.title.trim().is_empty(), "{:?}", entry);
        if let Some(isbn) = &entry.isbn13 {
            prop_assert!(Isbn13::parse(isbn).is_ok(), "{}", isbn);
        }
        if let Some(stars) = entry.rating {
            prop_assert!((1..=20).contains(&stars), "{}", stars);
        }
    }
    for (_, why) in &parsed.failed {
        prop_assert!(!why.trim().is_empty());
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    CutAt(usize),
    Replace(usize, u8),
    Insert(usize, Vec<u8>),
    DoubleLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let noise = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"{\"a\":[".to_vec()),
        Just(b"=\"978".to_vec()),
        prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::CutAt),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        (any::<usize>(), noise).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        any::<usize>().prop_map(Mutation::DoubleLine),
    ]
}

fn apply(file: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = file.to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::CutAt(at) => bytes.truncate(at % len),
            Mutation::Replace(at, b) => {
                if let Some(slot) = bytes.get_mut(at % len) {
                    *slot = *b;
                }
            }
            Mutation::Insert(at, noise) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, noise.iter().copied());
            }
            Mutation::DoubleLine(n) => {
                let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
                let pick = n % lines.len();
                let mut out = Vec::with_capacity(bytes.len() * 2);
                for (i, line) in lines.iter().enumerate() {
                    out.extend_from_slice(line);
                    out.push(b'\n');
                    if i == pick {
                        out.extend_from_slice(line);
                        out.push(b'\n');
                    }
                }
                bytes = out;
            }
        }
    }
    bytes
}

#[test]
fn every_fixture_is_recognised_and_read_whole() {
    for (name, bytes) in corpus() {
        let format = Format::detect(bytes).unwrap_or_else(|| panic!("{name} not recognised"));
        let parsed = format.read(bytes);
        // Open Library's export names works by id only: each row is a reason.
        assert!(
            !parsed.entries.is_empty() || parsed.failed.len() > 1,
            "{name} as {}",
            format.name()
        );
        well_formed(&parsed).unwrap();
    }
    assert!(corpus().len() >= 10);
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_bytes_in_any_format_give_entries_or_reasons(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Format::detect(&bytes);
        for format in FORMATS {
            well_formed(&format.read(&bytes))?;
        }
        let _ = catalogue::parse(bytes.as_slice(), 0);
    }

    #[test]
    fn bent_real_exports_give_entries_or_reasons(
        pick in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let (_, file) = &corpus()[pick % corpus().len()];
        let bytes = apply(file, &mutations);
        if let Some(format) = Format::detect(&bytes) {
            well_formed(&format.read(&bytes))?;
        }
        // Read as every other format too: a file sent with the wrong one named.
        for format in FORMATS {
            well_formed(&format.read(&bytes))?;
        }
    }

    #[test]
    fn bent_catalogues_give_books_or_dropped_lines(
        cut in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        static HEAD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        let head = HEAD.get_or_init(|| {
            let all = std::fs::read("../shared/fixtures/catalogue/goodbooks-10k-books.csv").unwrap();
            all.split(|b| *b == b'\n').take(60).collect::<Vec<_>>().join(&b'\n')
        });
        let mut bytes = apply(head, &mutations);
        bytes.truncate(cut % (bytes.len() + 1));
        if let Ok(parsed) = catalogue::parse(bytes.as_slice(), 0) {
            for book in &parsed.books {
                prop_assert!(!book.title.trim().is_empty());
            }
        }
    }
}

/// Search queries sent to the site itself, HTML and API, on each database:
/// an answer for every one, never a server error.
#[tokio::test]
async fn any_search_query_gets_an_answer_not_a_server_error() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let cases = config(48).cases;
    for app in TestApp::all().await {
        let token = app.api_user("searcher").await;
        app.book(&token, "The Left Hand of Darkness", "Ursula K. Le Guin")
            .await;
        let mut runner = TestRunner::new(config(48));
        let query = prop_oneof![
            any::<String>(),
            "[a-z %\"'*()_:-]{0,40}",
            Just("\"".to_string()),
            Just("%".repeat(300)),
            Just("a ".repeat(200)),
        ];
        for _ in 0..cases {
            let q = query.new_tree(&mut runner).unwrap().current();
            let encoded: String = url_escape(&q);
            let mut browser = app.browser();
            let page = browser.get(&format!("/search?q={encoded}")).await;
            assert!(
                page.status.as_u16() < 500,
                "{}: /search?q={q:?} answered {}",
                app.backend(),
                page.status
            );
            let api = app
                .api_raw(
                    axum::http::Method::GET,
                    &format!("/api/v1/search?q={encoded}"),
                    Some(&token),
                    None,
                )
                .await;
            assert!(
                api.status == StatusCode::OK || api.status.is_client_error(),
                "{}: API search {q:?} answered {}",
                app.backend(),
                api.status
            );
        }
    }
}

fn url_escape(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
