//! Covers: uploads re-encoded in three sizes, hostile files refused with
//! nothing stored, long-lived caching, and a drawn placeholder.

use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::app::{TestApp, png};

/// PNG's CRC-32, for a rewritten header.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A small real PNG whose header claims 50,000 × 50,000 pixels (checksum fixed).
fn png_claiming_huge_dimensions() -> Vec<u8> {
    let mut bytes = png(20, 20);
    // Signature (8), chunk length (4), "IHDR" (4), then width and height.
    bytes[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

async fn book_json(app: &TestApp, id: i64) -> Value {
    app.api(Method::GET, &format!("/api/v1/books/{id}"), None, None)
        .await
        .1
}

#[tokio::test]
async fn an_uploaded_cover_is_re_encoded_in_three_sizes_and_cached_for_ever() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let id = app
            .book(&ann, "The Remains of the Day", "Kazuo Ishiguro")
            .await;
        let upload = png(400, 600);
        let put = app
            .api_bytes(
                Method::PUT,
                &format!("/api/v1/books/{id}/cover"),
                Some(&ann),
                "image/png",
                upload.clone(),
            )
            .await;
        assert_eq!(
            put.status,
            StatusCode::OK,
            "{}: {}",
            app.backend(),
            put.text
        );
        let book: Value = serde_json::from_str(&put.text).unwrap();
        let small = book["cover"]["small"].as_str().unwrap().to_string();
        assert!(
            small.starts_with(&format!("/covers/{id}/small-")),
            "{small}"
        );

        for (size, max_w, max_h) in [
            ("small", 100, 150),
            ("medium", 300, 450),
            ("full", 1200, 1200),
        ] {
            let url = book["cover"][size].as_str().unwrap();
            let got = app.browser().get(url).await;
            assert_eq!(got.status, StatusCode::OK, "{url}");
            assert_eq!(got.content_type(), "image/jpeg");
            assert!(
                got.headers[header::CACHE_CONTROL]
                    .to_str()
                    .unwrap()
                    .contains("immutable")
            );
            assert_eq!(&got.bytes[..3], &[0xFF, 0xD8, 0xFF], "re-encoded as JPEG");
            assert_ne!(got.bytes, upload, "never the uploaded bytes");
            let decoded = image::load_from_memory(&got.bytes).unwrap();
            assert!(
                decoded.width() <= max_w && decoded.height() <= max_h,
                "{size}: {}x{}",
                decoded.width(),
                decoded.height()
            );
            assert_eq!(
                decoded.width() * 3,
                decoded.height() * 2,
                "{size}: proportions kept"
            );
        }

        // A new cover gets a new address; the old one points at it.
        let second = app
            .api_bytes(
                Method::PUT,
                &format!("/api/v1/books/{id}/cover"),
                Some(&ann),
                "image/png",
                png(300, 450),
            )
            .await;
        assert_eq!(second.status, StatusCode::OK);
        let now = book_json(&app, id).await;
        assert_ne!(now["cover"]["small"].as_str().unwrap(), small);
        let old = app.browser().get(&small).await;
        assert!(old.status.is_redirection());
        assert_eq!(old.location(), now["cover"]["small"].as_str().unwrap());

        // The pages show it, and the form takes one too.
        let mut browser = app.signup("bea").await;
        let page = browser.get(&format!("/books/{id}")).await.text;
        assert!(
            page.contains(now["cover"]["medium"].as_str().unwrap()),
            "the book page shows the cover"
        );
        let posted = browser
            .post_file(
                &format!("/books/{id}/cover"),
                &[],
                "cover",
                "cover.png",
                &png(200, 300),
            )
            .await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text);
        assert_ne!(book_json(&app, id).await["cover"], now["cover"]);
    }
}

#[tokio::test]
async fn hostile_cover_files_are_refused_and_nothing_is_stored() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let id = app.book(&ann, "Klara and the Sun", "Kazuo Ishiguro").await;
        let whole = png(400, 600);
        let mut gif = b"GIF89a".to_vec();
        gif.extend([0u8; 64]);
        let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
            (
                "truncated",
                whole[..whole.len() / 2].to_vec(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "damaged",
            ),
            (
                "huge dimensions",
                png_claiming_huge_dimensions(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "pixels",
            ),
            ("a GIF", gif, StatusCode::UNPROCESSABLE_ENTITY, "GIF"),
            (
                "text",
                b"title,author\nEmma,Austen\n".to_vec(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "not a JPEG",
            ),
            (
                "empty",
                Vec::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "empty",
            ),
            (
                "too small",
                png(4, 4),
                StatusCode::UNPROCESSABLE_ENTITY,
                "at least 16 pixels",
            ),
            (
                "over 5 MB",
                vec![0xFF; 6 * 1024 * 1024],
                StatusCode::PAYLOAD_TOO_LARGE,
                "",
            ),
        ];
        for (what, bytes, status, words) in cases {
            let got = app
                .api_bytes(
                    Method::PUT,
                    &format!("/api/v1/books/{id}/cover"),
                    Some(&ann),
                    "image/png",
                    bytes,
                )
                .await;
            assert_eq!(
                got.status,
                status,
                "{}: {what}: {}",
                app.backend(),
                got.text
            );
            assert!(
                got.content_type().contains("json"),
                "{what}: a problem body"
            );
            if status == StatusCode::UNPROCESSABLE_ENTITY {
                let problem: Value = serde_json::from_str(&got.text).unwrap();
                assert_eq!(problem["errors"][0]["field"], "cover", "{what}");
                let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
                assert!(message.contains(words), "{what}: {message}");
            }
            assert_eq!(
                book_json(&app, id).await["cover"],
                Value::Null,
                "{what}: nothing stored"
            );
        }
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{id}/cover"),
                None,
                Some(json!({})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Without the form's token, the page's upload is refused.
        let mut stranger = app.signup("sly").await;
        stranger
            .cookies
            .insert("dogear_csrf".into(), "cd".repeat(32));
        let forged = stranger
            .post_file(
                &format!("/books/{id}/cover"),
                &[("csrf", "ab")],
                "cover",
                "c.png",
                &whole,
            )
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(book_json(&app, id).await["cover"], Value::Null);
    }
}

#[tokio::test]
async fn a_book_without_a_cover_gets_a_drawn_placeholder_with_its_title_escaped() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let id = app
            .book(&ann, "<script>alert(1)</script> & Co", "Mallory")
            .await;
        let page = app.browser().get(&format!("/books/{id}")).await.text;
        assert!(page.contains(&format!("/covers/{id}/placeholder.svg")));
        let svg = app
            .browser()
            .get(&format!("/covers/{id}/placeholder.svg"))
            .await;
        assert_eq!(svg.status, StatusCode::OK);
        assert_eq!(svg.content_type(), "image/svg+xml");
        assert!(
            svg.text.starts_with("<svg") || svg.text.starts_with("<?xml"),
            "{}",
            svg.text
        );
        assert!(
            !svg.text.contains("<script>") && svg.text.contains("&lt;script&gt;"),
            "{}",
            svg.text
        );
        assert_eq!(
            app.browser()
                .get("/covers/999999/placeholder.svg")
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.browser()
                .get(&format!("/covers/{id}/small-0123.jpg"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // A merge brings a cover the kept book lacked.
        let moderator = ann;
        let other = app.book(&moderator, "Klara", "Kazuo Ishiguro").await;
        let put = app
            .api_bytes(
                Method::PUT,
                &format!("/api/v1/books/{other}/cover"),
                Some(&moderator),
                "image/png",
                png(200, 300),
            )
            .await;
        assert_eq!(put.status, StatusCode::OK);
        let digest = book_json(&app, other).await["cover"]["small"]
            .as_str()
            .unwrap()
            .rsplit('-')
            .next()
            .unwrap()
            .to_string();
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{other}/merge"),
                Some(&moderator),
                Some(json!({"into": id})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let kept = book_json(&app, id).await;
        assert!(
            kept["cover"]["small"].as_str().unwrap().ends_with(&digest),
            "{kept}"
        );
        let image = app
            .browser()
            .get(kept["cover"]["small"].as_str().unwrap())
            .await;
        assert_eq!(image.status, StatusCode::OK);
    }
}

/// A browser signed in as a reader made with `api_user`.
async fn signin(app: &TestApp, name: &str) -> crate::app::Browser {
    let mut browser = app.browser();
    let response = browser
        .post_form(
            "/signin",
            &[("username", name), ("password", "correct horse battery")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "sign in {name}");
    browser
}

async fn upload(app: &TestApp, token: &str, id: i64, image: Vec<u8>) -> Value {
    let put = app
        .api_bytes(
            Method::PUT,
            &format!("/api/v1/books/{id}/cover"),
            Some(token),
            "image/png",
            image,
        )
        .await;
    assert_eq!(
        put.status,
        StatusCode::OK,
        "{}: {}",
        app.backend(),
        put.text
    );
    serde_json::from_str(&put.text).unwrap()
}

/// The medium image the book shows now, as anyone is served it.
async fn shown_cover(app: &TestApp, id: i64) -> Vec<u8> {
    let book = book_json(app, id).await;
    let url = book["cover"]["medium"]
        .as_str()
        .expect("a cover")
        .to_string();
    let got = app.browser().get(&url).await;
    assert_eq!(got.status, StatusCode::OK, "{url}");
    got.bytes
}

async fn history(app: &TestApp, token: &str, id: i64) -> Vec<Value> {
    let (status, body) = app
        .api(
            Method::GET,
            &format!("/api/v1/books/{id}/covers"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}: {body}", app.backend());
    body["covers"].as_array().unwrap().clone()
}

/// A picture unlike `png`'s: a different image, so a different cover.
fn other_png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, _| {
        image::Rgb([250, (x % 7) as u8 * 30, 10])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn a_cover_a_stranger_replaced_is_put_back_by_a_moderator_byte_for_byte() {
    for app in TestApp::all().await {
        let moderator = app.api_user("mod").await;
        let ann = app.api_user("ann").await;
        let sly = app.api_user("sly").await;
        let id = app.book(&ann, "Never Let Me Go", "Kazuo Ishiguro").await;
        upload(&app, &ann, id, png(400, 600)).await;
        let original = shown_cover(&app, id).await;
        upload(&app, &sly, id, other_png(400, 600)).await;
        let vandalised = shown_cover(&app, id).await;
        assert_ne!(vandalised, original);

        let covers = history(&app, &moderator, id).await;
        assert_eq!(covers.len(), 2, "{covers:?}");
        assert_eq!(covers[0]["current"], true);
        assert_eq!(covers[0]["uploaded_by"]["username"], "sly");
        assert_eq!(covers[1]["uploaded_by"]["username"], "ann");
        let anns = covers[1]["id"].as_i64().unwrap();
        let slys = covers[0]["id"].as_i64().unwrap();

        let (status, book) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{id}/covers/{anns}/restore"),
                Some(&moderator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {book}", app.backend());
        assert_eq!(book["cover_by"]["username"], "ann");
        assert_eq!(shown_cover(&app, id).await, original, "the same bytes back");

        // The cover it replaced is still in the history, image and all.
        let covers = history(&app, &moderator, id).await;
        let who: Vec<&str> = covers
            .iter()
            .map(|c| c["uploaded_by"]["username"].as_str().unwrap())
            .collect();
        assert_eq!(who, ["ann", "sly", "ann"]);
        assert_eq!(covers[0]["restored_by"]["username"], "mod");
        assert_eq!(covers[1]["id"], slys);
        let log = app.store.moderation_log(5, i64::MAX).await.unwrap();
        assert_eq!(
            (log[0].action.as_str(), log[0].target_id),
            ("restored cover", id)
        );
        let kept = app
            .api_raw(
                Method::GET,
                &format!("/api/v1/books/{id}/covers/{slys}/image"),
                Some(&moderator),
                None,
            )
            .await;
        assert_eq!(kept.status, StatusCode::OK);
        assert_eq!(kept.bytes, vandalised);

        // The page does the same, through its form; undoing a revert is a revert too.
        let mut browser = signin(&app, "mod").await;
        let page = browser.get(&format!("/books/{id}")).await.text;
        assert!(page.contains(&format!("/books/{id}/covers")), "linked");
        let page = browser.get(&format!("/books/{id}/covers")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text
                .contains(&format!("/books/{id}/covers/{slys}/restore"))
        );
        assert!(page.text.contains("The current cover"));
        let image = browser
            .get(&format!("/books/{id}/covers/{slys}/image"))
            .await;
        assert_eq!(
            (image.status, image.bytes.clone()),
            (StatusCode::OK, vandalised.clone())
        );
        let posted = browser
            .post_form(&format!("/books/{id}/covers/{slys}/restore"), &[])
            .await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text);
        assert_eq!(shown_cover(&app, id).await, vandalised);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/books/{id}/covers/999999/restore"),
                Some(&moderator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn readers_neither_see_a_books_cover_history_nor_put_a_cover_back() {
    for app in TestApp::all().await {
        let _moderator = app.api_user("mod").await;
        let ann = app.api_user("ann").await;
        let sly = app.api_user("sly").await;
        let id = app.book(&ann, "Nocturnes", "Kazuo Ishiguro").await;
        upload(&app, &ann, id, png(200, 300)).await;
        upload(&app, &sly, id, other_png(200, 300)).await;
        let shown = shown_cover(&app, id).await;
        let first = app
            .store
            .cover_history(id)
            .await
            .unwrap()
            .last()
            .unwrap()
            .id;
        for token in [Some(ann.as_str()), Some(sly.as_str()), None] {
            let want = if token.is_some() {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            };
            for (method, path) in [
                (Method::GET, format!("/api/v1/books/{id}/covers")),
                (
                    Method::GET,
                    format!("/api/v1/books/{id}/covers/{first}/image"),
                ),
                (
                    Method::POST,
                    format!("/api/v1/books/{id}/covers/{first}/restore"),
                ),
            ] {
                let (status, _) = app.api(method, &path, token, None).await;
                assert_eq!(status, want, "{}: {path}", app.backend());
            }
        }
        let mut browser = signin(&app, "ann").await;
        let page = browser.get(&format!("/books/{id}")).await.text;
        assert!(!page.contains(&format!("/books/{id}/covers")), "not linked");
        for path in [
            format!("/books/{id}/covers"),
            format!("/books/{id}/covers/{first}/image"),
        ] {
            assert_eq!(
                browser.get(&path).await.status,
                StatusCode::FORBIDDEN,
                "{path}"
            );
        }
        let posted = browser
            .post_form(&format!("/books/{id}/covers/{first}/restore"), &[])
            .await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN);
        let signed_out = app.browser().get(&format!("/books/{id}/covers")).await;
        assert_eq!(signed_out.location(), "/signin");
        assert_eq!(shown_cover(&app, id).await, shown, "nothing changed");
    }
}

#[tokio::test]
async fn a_book_keeps_its_last_ten_covers() {
    for app in TestApp::all().await {
        let moderator = app.api_user("mod").await;
        let id = app.book(&moderator, "Klara", "Kazuo Ishiguro").await;
        for n in 0..12 {
            upload(&app, &moderator, id, png(40 + n, 60 + n)).await;
        }
        let covers = history(&app, &moderator, id).await;
        assert_eq!(covers.len(), dogear::store::COVERS_KEPT as usize);
        assert_eq!(covers[0]["current"], true);
        let digest = covers[0]["digest"].as_str().unwrap();
        assert!(
            book_json(&app, id).await["cover"]["small"]
                .as_str()
                .unwrap()
                .ends_with(&format!("{digest}.jpg")),
            "the book shows the newest"
        );
    }
}
