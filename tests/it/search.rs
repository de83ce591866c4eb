//! Search over the real 10,000-book catalogue: typos, missing words, accents,
//! series, surnames and ISBN forms all find the book in the top three.

use axum::http::{Method, StatusCode};

use crate::app::TestApp;

const CATALOGUE: &str = "../shared/fixtures/catalogue/goodbooks-10k-books.csv";

/// (query, a title expected among the first three results)
const QUERIES: &[(&str, &str)] = &[
    ("ishiguro nevr let", "Never Let Me Go"),
    ("never let me go", "Never Let Me Go"),
    ("remains of the day", "The Remains of the Day"),
    ("remains day ishiguro", "The Remains of the Day"),
    ("hobbit", "The Hobbit"),
    ("the hobit", "The Hobbit"),
    ("tolkien hobbit", "The Hobbit"),
    ("hunger games", "The Hunger Games"),
    ("hunger gmes", "The Hunger Games"),
    ("catching fire", "Catching Fire"),
    ("mockingjay", "Mockingjay"),
    ("mockinjay", "Mockingjay"),
    (
        "harry potter sorcerer",
        "Harry Potter and the Sorcerer's Stone",
    ),
    (
        "harry potter philosophers stone",
        "Harry Potter and the Sorcerer's Stone",
    ),
    ("rowling", "Harry Potter and the Sorcerer's Stone"),
    ("1984 orwell", "1984"),
    ("orwell", "1984"),
    ("pride and prejudice", "Pride and Prejudice"),
    ("pride prejudice austen", "Pride and Prejudice"),
    (
        "one hundred years of solitude",
        "One Hundred Years of Solitude",
    ),
    ("garcia marquez solitude", "One Hundred Years of Solitude"),
    ("márquez cholera", "Love in the Time of Cholera"),
    ("gabriel garcia marquez", "One Hundred Years of Solitude"),
    ("brothers karamazov", "The Brothers Karamazov"),
    ("dostoevsky karamazov", "The Brothers Karamazov"),
    ("crime and punishment", "Crime and Punishment"),
    ("great gatsby", "The Great Gatsby"),
    ("gatsby fitzgerald", "The Great Gatsby"),
    ("to kill a mockingbird", "To Kill a Mockingbird"),
    ("mockingbird lee", "To Kill a Mockingbird"),
    ("dune herbert", "Dune"),
    ("dune chronicles", "Dune"),
    ("foundation asimov", "Foundation"),
    ("middlemarch", "Middlemarch"),
    ("middlemrch eliot", "Middlemarch"),
    ("wuthering heights", "Wuthering Heights"),
    ("bronte wuthering", "Wuthering Heights"),
    ("jane eyre", "Jane Eyre"),
    ("anna karenina tolstoy", "Anna Karenina"),
    ("handmaids tale", "The Handmaid's Tale"),
    ("handmaid's tale atwood", "The Handmaid's Tale"),
    ("catch 22", "Catch-22"),
    ("slaughterhouse five", "Slaughterhouse-Five"),
    ("vonnegut", "Slaughterhouse-Five"),
    ("murakami kafka shore", "Kafka on the Shore"),
    ("norwegian wood", "Norwegian Wood"),
    ("name of the wind", "The Name of the Wind"),
    ("kingkiller chronicle", "The Name of the Wind"),
    ("game thrones martin", "A Game of Thrones"),
    ("game of thrones", "A Game of Thrones"),
    ("outlander gabaldon", "Outlander"),
    ("gone girl", "Gone Girl"),
    ("da vinci code", "The Da Vinci Code"),
    ("the alchemist coelho", "The Alchemist"),
    ("little prince", "The Little Prince"),
    ("saint exupery", "The Little Prince"),
    ("the stranger camus", "The Stranger"),
    ("brave new world", "Brave New World"),
    ("fahrenheit 451", "Fahrenheit 451"),
    (
        "hitchhikers guide galaxy",
        "The Hitchhiker's Guide to the Galaxy",
    ),
    ("hitchiker guide", "The Hitchhiker's Guide to the Galaxy"),
    ("0439023483", "The Hunger Games"),
    ("978-0-439-02348-1", "The Hunger Games"),
    ("0-618-26030-7", "The Hobbit"),
    ("9780618260300", "The Hobbit"),
    ("hung", "The Hunger Games"),
];

#[tokio::test]
async fn the_expected_book_is_in_the_top_three() {
    for app in TestApp::all().await {
        let file = std::fs::File::open(CATALOGUE).expect("the shared catalogue fixture");
        let summary =
            dogear::actions::catalogue::import(app.store.as_ref(), std::io::BufReader::new(file))
                .await
                .unwrap();
        assert_eq!(summary.imported, 10_000, "{}: {summary}", app.backend());
        let mut misses = Vec::new();
        for (query, expected) in QUERIES {
            let path = format!(
                "/api/v1/search?q={}",
                query.replace(' ', "%20").replace('#', "%23")
            );
            let (status, found) = app.api(Method::GET, &path, None, None).await;
            assert_eq!(status, StatusCode::OK);
            let top: Vec<&str> = found["books"]
                .as_array()
                .unwrap()
                .iter()
                .take(3)
                .map(|b| b["title"].as_str().unwrap())
                .collect();
            if !top.contains(expected) {
                misses.push(format!("{query:?}: wanted {expected:?}, got {top:?}"));
            }
        }
        assert!(
            misses.is_empty(),
            "{}: {} of {} missed:\n{}",
            app.backend(),
            misses.len(),
            QUERIES.len(),
            misses.join("\n")
        );
        assert!(QUERIES.len() >= 40);
        assert_no_noise(&app).await;
    }
}

/// (query, a title or an author's name that must not be listed for it)
const NOISE: &[(&str, &str)] = &[
    // A typo for a title word is not a first name.
    ("hary poter", "Mary GrandPré"),
    ("hunger games", "James Patterson"),
    // The small words of a language alone bring no book up.
    ("ensayo sobre la ceguera", "Moo, Baa, La La La!"),
];

async fn assert_no_noise(app: &TestApp) {
    for (query, unwanted) in NOISE {
        let path = format!("/api/v1/search?q={}", query.replace(' ', "%20"));
        let (status, found) = app.api(Method::GET, &path, None, None).await;
        assert_eq!(status, StatusCode::OK);
        let titles = found["books"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| &b["title"]);
        let names = found["authors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &a["name"]);
        let listed: Vec<&str> = titles.chain(names).filter_map(|v| v.as_str()).collect();
        assert!(
            !listed.contains(unwanted),
            "{}: {query:?} lists {unwanted:?}",
            app.backend()
        );
    }
    let (_, found) = app
        .api(Method::GET, "/api/v1/search?q=tolkein", None, None)
        .await;
    assert!(
        found["authors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "J.R.R. Tolkien"),
        "{}: a typo in a surname still names the author",
        app.backend()
    );
}

#[tokio::test]
async fn the_catalogue_repairs_and_is_idempotent() {
    for app in TestApp::all().await {
        let load = || async {
            let file = std::fs::File::open(CATALOGUE).unwrap();
            dogear::actions::catalogue::import(app.store.as_ref(), std::io::BufReader::new(file))
                .await
                .unwrap()
        };
        let first = load().await;
        assert_eq!(
            (first.rows, first.imported, first.dropped.len()),
            (10_000, 10_000, 0),
            "{}",
            app.backend()
        );
        assert!(
            first.repaired_isbn10 > 6_000,
            "leading zeros put back: {first}"
        );
        let again = load().await;
        assert_eq!(
            (again.imported, again.already_there),
            (0, 10_000),
            "{}: a second run changes nothing",
            app.backend()
        );
        let (_, found) = app
            .api(Method::GET, "/api/v1/search?q=0439023483", None, None)
            .await;
        let hunger = &found["books"][0];
        assert_eq!(hunger["title"], "The Hunger Games");
        assert_eq!(hunger["series"], "The Hunger Games");
        assert_eq!(hunger["series_position"], "1");
        assert_eq!(hunger["isbn13"], "9780439023481");
        assert_eq!(hunger["year"], 2008);
        let (_, first) = app
            .api(Method::GET, "/api/v1/search?q=the", None, None)
            .await;
        let (_, second) = app
            .api(Method::GET, "/api/v1/search?q=the&page=2", None, None)
            .await;
        assert_eq!(first["next_page"], 2);
        assert_eq!(first["books"].as_array().unwrap().len(), 20);
        assert_ne!(
            first["books"][0]["id"], second["books"][0]["id"],
            "pages differ"
        );
        let html = app.browser().get("/search?q=the").await.text;
        assert!(html.contains("href=\"/search?q=the&amp;page=2\" rel=\"next\""));
        let page = app.browser().get("/search?q=garcia+marquez").await.text;
        assert!(
            page.contains("One Hundred Years of Solitude"),
            "accents fold both ways"
        );
    }
}

async fn top_ids(app: &TestApp, query: &str) -> Vec<i64> {
    let path = format!("/api/v1/search?q={}", query.replace(' ', "%20"));
    let (status, found) = app.api(Method::GET, &path, None, None).await;
    assert_eq!(status, StatusCode::OK);
    found["books"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn the_index_is_written_again_from_the_books() {
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let hobbit = app.book(&token, "The Hobbit", "J.R.R. Tolkien").await;
        let wind = app
            .book(&token, "The Name of the Wind", "Patrick Rothfuss")
            .await;
        app.book(&token, "Wind, Sand and Stars", "Antoine de Saint-Exupéry")
            .await;
        let before = (
            top_ids(&app, "the hobit").await,
            top_ids(&app, "wind rothfuss").await,
        );
        assert_eq!(before.0, [hobbit], "{}", app.backend());
        assert_eq!(before.1[0], wind, "{}", app.backend());
        let indexed = dogear::actions::books::reindex_search(app.store.as_ref())
            .await
            .unwrap();
        assert_eq!(indexed, 3, "{}: every book, once", app.backend());
        let after = (
            top_ids(&app, "the hobit").await,
            top_ids(&app, "wind rothfuss").await,
        );
        assert_eq!(before, after, "{}: the same answers", app.backend());
        assert_eq!(
            top_ids(&app, "wind").await.len(),
            2,
            "{}: a word in two books finds both",
            app.backend()
        );
    }
}
