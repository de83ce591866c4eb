//! A local server replaying Open Library's and Inventaire's recorded answers
//! (the fixtures in ../shared/fixtures/bookdata), plus answers that go wrong
//! on purpose.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use dogear::config::Settings;

pub const FIXTURES: &str = "../shared/fixtures/bookdata";

/// Sabriel's ISBN (its edition lists the ISBN-10 0060273224).
pub const SABRIEL: &str = "9780060273224";
/// ISBNs whose answers go wrong.
pub const SLOW: &str = "9780000000019";
pub const FAILING: &str = "9780000000026";
pub const MISSING: &str = "9780000000033";
pub const GARBAGE: &str = "9780000000040";
pub const HUGE: &str = "9780000000057";
/// An edition whose work answers 500: nothing may be written.
pub const BROKEN_WORK: &str = "9780000000064";
/// The Moonstone: not on Open Library, on Inventaire.
pub const MOONSTONE: &str = "9780375757853";
/// Not on Open Library, and Inventaire answers 500.
pub const INVENTAIRE_FAILING: &str = "9780000000071";

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("fixture")
}

/// A small JPEG, as the covers server sends.
pub fn jpeg() -> Vec<u8> {
    let image = image::RgbImage::from_fn(120, 180, |x, y| {
        image::Rgb([(x * 2) as u8, (y % 200) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("jpeg");
    out.into_inner()
}

fn json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn edition_with(isbn10_to_replace: &str, work: &str) -> String {
    fixture("ol_edition.json")
        .replace("\"0060273224\"", &format!("\"{isbn10_to_replace}\""))
        .replace("/books/OL22951843M", "/books/OL1000M")
        .replace("/works/OL15832982W", work)
}

/// Inventaire's `by-uris` answers: the recorded edition and work, and
/// labels for the work's author and genres.
fn inventaire_entities(query: &str) -> Response {
    let uris: String = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "uris")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let wanted: Vec<&str> = uris.split('|').collect();
    if wanted == [format!("isbn:{MOONSTONE}")] {
        return json(fixture("inventaire_edition.json"));
    }
    if wanted == ["isbn:9782290349229"] {
        return json(fixture("inventaire_isbn_search.json"));
    }
    if wanted == [format!("isbn:{INVENTAIRE_FAILING}")] {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if wanted == ["wd:Q2362563"] {
        return json(fixture("inventaire_work.json"));
    }
    let labels = [
        ("wd:Q210740", "human", "Wilkie Collins"),
        ("wd:Q465821", "genre", "epistolary novel"),
        ("wd:Q208505", "genre", "detective novel"),
        ("wd:Q10992055", "genre", "mystery fiction"),
    ];
    let mut entities = serde_json::Map::new();
    for (uri, kind, label) in labels {
        if wanted.contains(&uri) {
            entities.insert(
                uri.to_string(),
                serde_json::json!({"uri": uri, "type": kind, "labels": {"en": label}, "claims": {}}),
            );
        }
    }
    json(serde_json::json!({"entities": entities, "redirects": {}}).to_string())
}

async fn answer(uri: Uri) -> Response {
    let path = uri.path();
    let query = uri.query().unwrap_or("");
    match path {
        "/api/entities" => inventaire_entities(query),
        "/api/search" if query.contains("search=nabokov") => {
            json(fixture("inventaire_search.json"))
        }
        "/api/search" => json(r#"{"results": []}"#.into()),
        p if p.starts_with("/img/entities/") => {
            ([(header::CONTENT_TYPE, "image/jpeg")], jpeg()).into_response()
        }
        p if p == format!("/isbn/{SABRIEL}.json") => (
            StatusCode::FOUND,
            [(header::LOCATION, "/books/OL22951843M.json")],
        )
            .into_response(),
        "/books/OL22951843M.json" => json(fixture("ol_edition.json")),
        "/works/OL15832982W.json" => json(fixture("ol_work.json")),
        "/works/OL15832982W/editions.json" => json(fixture("ol_edition_list.json")),
        "/authors/OL382982A.json" => json(
            r#"{"key": "/authors/OL382982A", "name": "Garth Nix", "type": {"key": "/type/author"}}"#
                .into(),
        ),
        "/search.json" if query.contains("q=time+war") || query.contains("q=time%20war") => {
            json(fixture("ol_search.json"))
        }
        "/search.json" => json(r#"{"start": 0, "num_found": 0, "docs": []}"#.into()),
        "/b/id/6796986-L.jpg" => ([(header::CONTENT_TYPE, "image/jpeg")], jpeg()).into_response(),
        p if p == format!("/b/isbn/{SABRIEL}-L.jpg") => {
            ([(header::CONTENT_TYPE, "image/jpeg")], jpeg()).into_response()
        }
        p if p.starts_with("/b/isbn/") && p.contains(GARBAGE) => {
            ([(header::CONTENT_TYPE, "image/jpeg")], "not an image").into_response()
        }
        p if p.starts_with("/b/isbn/") && p.contains(FAILING) => {
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        p if p == format!("/isbn/{SLOW}.json") => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            json(fixture("ol_edition.json"))
        }
        p if p == format!("/isbn/{FAILING}.json") => {
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
        }
        p if p == format!("/isbn/{GARBAGE}.json") => json("{\"key\": \"/books/OL1M\", tit".into()),
        p if p == format!("/isbn/{HUGE}.json") => {
            let body = format!("{{\"padding\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
            json(body)
        }
        p if p == format!("/isbn/{BROKEN_WORK}.json") => {
            json(edition_with("0000000064", "/works/OL999W"))
        }
        "/books/OL1000M.json" => json(edition_with("0000000064", "/works/OL999W")),
        "/works/OL999W.json" => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        _ => (StatusCode::NOT_FOUND, Body::from("not found")).into_response(),
    }
}

/// Starts the replay server; returns its base URL.
pub async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let address = listener.local_addr().expect("address");
    let app = Router::new().fallback(answer);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{address}")
}

/// Settings pointing a site at the replay server.
pub fn pointing_at(base: &str) -> impl Fn(&mut Settings) + '_ {
    move |settings: &mut Settings| {
        settings.open_library_url = base.to_string();
        settings.open_library_covers_url = base.to_string();
        settings.inventaire_url = base.to_string();
        settings.federation_allow_private = true;
        settings.book_data_timeout_seconds = 1;
    }
}
