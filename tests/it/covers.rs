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
