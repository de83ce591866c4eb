//! What the site does against hostile pages and hostile data: headers that
//! fence every page in, formulas kept out of exports, no open redirects, JSON
//! only as JSON, and names that cannot pretend to be other names.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;

use image::ImageEncoder;

use crate::app::{TestApp, TestResponse, ok};

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let book = app.book(&token, "Ruth", "Elizabeth Gaskell").await;
        for path in [
            "/",
            "/signin",
            &format!("/books/{book}"),
            "/no/such/page",
            "/api",
            "/api/v1/search?q=ruth",
        ] {
            let answer = app.browser().get(path).await;
            let csp = answer
                .headers
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            assert!(
                csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
                "{path}: {csp:?}"
            );
            assert!(!csp.contains("unsafe-inline"), "{path}");
            assert_eq!(
                answer
                    .headers
                    .get(header::X_CONTENT_TYPE_OPTIONS)
                    .map(|v| v.as_bytes()),
                Some(&b"nosniff"[..]),
                "{path}"
            );
            assert_eq!(
                answer
                    .headers
                    .get(header::REFERRER_POLICY)
                    .map(|v| v.as_bytes()),
                Some(&b"same-origin"[..]),
                "{path}"
            );
            assert!(
                answer
                    .headers
                    .get(header::STRICT_TRANSPORT_SECURITY)
                    .is_none(),
                "{path}: no HSTS over plain HTTP"
            );
        }
    }
    for app in TestApp::all_with(|s| s.secure_cookies = true).await {
        let answer = app.browser().get("/").await;
        let hsts = answer
            .headers
            .get(header::STRICT_TRANSPORT_SECURITY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(hsts.starts_with("max-age="), "{}: {hsts:?}", app.backend());
    }
}

#[tokio::test]
async fn an_exported_library_holds_no_spreadsheet_formulas() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let token = crate::app::ok(
            &app,
            Method::POST,
            "/api/v1/tokens",
            "",
            json!({"username": "ann", "password": "correct horse battery"}),
        )
        .await["token"]
            .as_str()
            .unwrap()
            .to_string();
        let payloads = [
            "=HYPERLINK(\"http://evil.example\",\"Click\")",
            "+SUM(1,1)",
            "@cmd",
            "-2+3",
        ];
        for (i, title) in payloads.iter().enumerate() {
            let book = app.book(&token, title, &format!("=Author{i}")).await;
            ok(
                &app,
                Method::PUT,
                &format!("/api/v1/books/{book}/status"),
                &token,
                json!({"status": "read"}),
            )
            .await;
        }
        let csv = ann.get("/export/goodreads.csv").await.text;
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let mut titles = Vec::new();
        for row in reader.records() {
            let row = row.unwrap();
            for (column, cell) in row.iter().enumerate() {
                if column == 5 || column == 6 {
                    continue; // Goodreads' own ="ISBN" cells
                }
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{}: cell {cell:?}",
                    app.backend()
                );
            }
            titles.push(row[1].to_string());
        }
        for title in payloads {
            assert!(
                titles.contains(&format!("'{title}")),
                "{}: {titles:?}",
                app.backend()
            );
        }
    }
}

#[tokio::test]
async fn forms_go_back_only_to_pages_of_this_site() {
    for app in TestApp::all().await {
        let token = app.api_user("ann").await;
        let book = app
            .book(&token, "North and South", "Elizabeth Gaskell")
            .await;
        let mut bob = app.signup("bob").await;
        for hostile in [
            "/\t/evil.example",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/x\r\nSet-Cookie: a=b",
        ] {
            let answer = bob
                .post_form(
                    &format!("/books/{book}/status"),
                    &[("status", "read"), ("back", hostile)],
                )
                .await;
            assert_eq!(
                answer.status,
                StatusCode::SEE_OTHER,
                "{}: {hostile:?}",
                app.backend()
            );
            assert_eq!(
                answer.location(),
                format!("/books/{book}"),
                "{}: {hostile:?}",
                app.backend()
            );
        }
        let fine = bob
            .post_form(
                &format!("/books/{book}/status"),
                &[("status", "read"), ("back", "/search?q=gaskell")],
            )
            .await;
        assert_eq!(fine.location(), "/search?q=gaskell");
    }
}

#[tokio::test]
async fn json_bodies_must_say_they_are_json() {
    for app in TestApp::all().await {
        let body = json!({"username": "mallory", "password": "correct horse battery"}).to_string();
        for content_type in [
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            None,
        ] {
            let mut request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/accounts");
            if let Some(t) = content_type {
                request = request.header(header::CONTENT_TYPE, t);
            }
            let answer =
                TestResponse::from_router(&app, request.body(Body::from(body.clone())).unwrap())
                    .await;
            assert_eq!(
                answer.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{}: {content_type:?}",
                app.backend()
            );
            assert!(
                answer
                    .content_type()
                    .starts_with("application/problem+json")
            );
        }
        let (status, _) = app
            .api(Method::GET, "/api/v1/users/mallory", None, None)
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{}: no account was made",
            app.backend()
        );
        let answer = TestResponse::from_router(
            &app,
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/accounts")
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", app.backend());
    }
}

#[tokio::test]
async fn display_names_cannot_hide_or_turn_their_letters() {
    for app in TestApp::all().await {
        for hostile in ["\u{202E}rotaredom", "Ad\u{200B}min", "\u{2066}Ann\u{2069}"] {
            let (status, body) = app
                .api(
                    Method::POST,
                    "/api/v1/accounts",
                    None,
                    Some(json!({"username": "eve", "password": "correct horse battery", "display_name": hostile})),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}: {hostile:?}",
                app.backend()
            );
            assert_eq!(body["errors"][0]["field"], "display_name", "{body}");
        }
    }
}

#[tokio::test]
async fn password_guesses_are_limited_per_account_and_per_address() {
    for app in TestApp::all_with(|s| s.trusted_proxy_header = Some("x-forwarded-for".into())).await
    {
        app.api_user("ann").await;
        let guess = |name: &str, from: &str| {
            Request::builder()
                .method(Method::POST)
                .uri("/api/v1/tokens")
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-forwarded-for", format!("10.9.9.9, {from}"))
                .body(Body::from(
                    json!({"username": name, "password": "wrong guess"}).to_string(),
                ))
                .unwrap()
        };
        let mut statuses = Vec::new();
        for i in 0..12 {
            let from = format!("192.0.2.{i}"); // a new address each time: the account's own limit
            statuses.push(
                TestResponse::from_router(&app, guess("ann", &from))
                    .await
                    .status
                    .as_u16(),
            );
        }
        assert_eq!(
            statuses[..9].iter().filter(|s| **s == 429).count(),
            0,
            "{}: {statuses:?}",
            app.backend()
        );
        assert_eq!(
            &statuses[10..],
            &[429, 429],
            "{}: {statuses:?}",
            app.backend()
        );
        let refused = TestResponse::from_router(&app, guess("ann", "192.0.2.99")).await;
        assert!(
            refused.headers.contains_key(header::RETRY_AFTER),
            "{}",
            app.backend()
        );
        assert!(
            refused
                .content_type()
                .starts_with("application/problem+json")
        );
        // A reader who gets her password right uses up nothing.
        app.api_user("bea").await;
        for _ in 0..15 {
            let right = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/tokens")
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-forwarded-for", "203.0.113.5")
                .body(Body::from(
                    json!({"username": "bea", "password": "correct horse battery"}).to_string(),
                ))
                .unwrap();
            assert_eq!(
                TestResponse::from_router(&app, right).await.status,
                StatusCode::CREATED,
                "{}",
                app.backend()
            );
        }
        // One address trying many names stops at its own limit.
        let mut from_one = Vec::new();
        for i in 0..102 {
            from_one.push(
                TestResponse::from_router(&app, guess(&format!("name{i}"), "198.51.100.7"))
                    .await
                    .status
                    .as_u16(),
            );
        }
        assert_eq!(
            from_one.iter().filter(|s| **s == 429).count(),
            2,
            "{}: {from_one:?}",
            app.backend()
        );
        // The reader herself, from elsewhere, is not locked out of other ways in for long:
        // the window is a minute.
        let page = app.browser().get("/signin").await;
        assert_eq!(page.status, StatusCode::OK);
    }
}

/// The real server, as a process, on a fresh SQLite file: for what only a
/// process shows (its peak memory).
struct RealServer {
    child: std::process::Child,
    port: u16,
    db: std::path::PathBuf,
}

impl RealServer {
    async fn start() -> RealServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let db =
            std::env::temp_dir().join(format!("{}.db", crate::support::unique("dogear-real-")));
        let server = RealServer {
            child: std::process::Command::new(env!("CARGO_BIN_EXE_dogear"))
                .args([
                    "--database",
                    &format!("sqlite://{}", db.display()),
                    "serve",
                    "--listen",
                    &format!("127.0.0.1:{port}"),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap(),
            port,
            db,
        };
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        drop(server);
        panic!("the server did not start");
    }

    /// One request on its own connection: the status and the body.
    async fn send(port: u16, head: String, body: Vec<u8>) -> Option<(String, String)> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .ok()?;
        let request = format!(
            "{head}\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.ok()?;
        stream.write_all(&body).await.ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.ok()?;
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer.get(9..12)?.to_string();
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Some((status, body))
    }

    /// The most memory the process has held, in MB.
    fn peak_mb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kb: u64 = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        kb / 1024
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.db);
    }
}

/// 128 wrong passwords sent at once are hashed a core's worth at a time, the
/// rest refused, and memory stays low.
#[tokio::test]
async fn a_burst_of_wrong_passwords_stays_small_and_is_refused() {
    let server = RealServer::start().await;
    let port = server.port;
    let burst: Vec<_> = (0..128)
        .map(|i| {
            let body =
                json!({"username": format!("guess{i}"), "password": "not it at all"}).to_string();
            tokio::spawn(RealServer::send(
                port,
                "POST /api/v1/tokens HTTP/1.1\r\nContent-Type: application/json".into(),
                body.into_bytes(),
            ))
        })
        .collect();
    let mut codes = Vec::new();
    for task in burst {
        codes.push(
            task.await
                .unwrap()
                .map(|(status, _)| status)
                .unwrap_or_default(),
        );
    }
    let peak = server.peak_mb();
    assert!(peak > 0 && peak < 150, "peak {peak} MB");
    eprintln!("peak with 128 wrong passwords at once: {peak} MB");
    // The address's hundred a minute are hashed, two at a time; the rest refused.
    let refused = codes.iter().filter(|c| *c == "429").count();
    assert!(refused >= 20, "{refused} of 128 refused: {codes:?}");
    assert!(codes.iter().all(|c| c == "429" || c == "401"), "{codes:?}");
}

/// Uploads that decode to a great deal, sent at once: the 16-bit giants are
/// refused from their headers, the large 8-bit ones decoded two at a time.
#[tokio::test]
async fn a_burst_of_heavy_images_stays_under_300_mb() {
    let server = RealServer::start().await;
    let port = server.port;
    let json = |body: serde_json::Value| body.to_string().into_bytes();
    let post = |path: &str, token: Option<&str>| {
        let auth = token
            .map(|t| format!("\r\nAuthorization: Bearer {t}"))
            .unwrap_or_default();
        format!("POST {path} HTTP/1.1\r\nContent-Type: application/json{auth}")
    };
    let account = json!({"username": "ann", "password": "correct horse battery"});
    RealServer::send(port, post("/api/v1/accounts", None), json(account.clone()))
        .await
        .unwrap();
    let (_, token) = RealServer::send(port, post("/api/v1/tokens", None), json(account))
        .await
        .unwrap();
    let token: serde_json::Value = serde_json::from_str(&token).unwrap();
    let token = token["token"].as_str().unwrap().to_string();
    let (_, book) = RealServer::send(
        port,
        post("/api/v1/books", Some(&token)),
        json(json!({"title": "Sylvia's Lovers", "authors": ["Elizabeth Gaskell"]})),
    )
    .await
    .unwrap();
    let book: serde_json::Value = serde_json::from_str(&book).unwrap();
    let book = book["id"].as_i64().unwrap();
    // 6000 × 4000 of one colour: a few kilobytes, 72 MB decoded (8-bit RGB) or
    // 192 MB (16-bit RGBA).
    let mut deep = Vec::new();
    image::codecs::png::PngEncoder::new(&mut deep)
        .write_image(
            &vec![7u8; 8 * 600 * 400],
            600,
            400,
            image::ExtendedColorType::Rgba16,
        )
        .unwrap();
    deep[16..20].copy_from_slice(&6000u32.to_be_bytes());
    deep[20..24].copy_from_slice(&4000u32.to_be_bytes());
    let crc = crate::covers::crc32(&deep[12..29]);
    deep[29..33].copy_from_slice(&crc.to_be_bytes());
    let mut wide = Vec::new();
    image::codecs::png::PngEncoder::new(&mut wide)
        .write_image(
            &vec![200u8; 3 * 6000 * 4000],
            6000,
            4000,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    let uploads: Vec<_> = (0..8)
        .map(|i| {
            let bytes = if i % 2 == 0 { deep.clone() } else { wide.clone() };
            let head = format!("PUT /api/v1/books/{book}/cover HTTP/1.1\r\nContent-Type: image/png\r\nAuthorization: Bearer {token}");
            tokio::spawn(RealServer::send(port, head, bytes))
        })
        .collect();
    let mut codes = Vec::new();
    for task in uploads {
        codes.push(
            task.await
                .unwrap()
                .map(|(status, _)| status)
                .unwrap_or_default(),
        );
    }
    let peak = server.peak_mb();
    assert!(peak > 0 && peak < 300, "peak {peak} MB");
    eprintln!("peak with eight heavy uploads at once: {peak} MB");
    assert_eq!(codes.iter().filter(|c| *c == "422").count(), 4, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| *c == "200").count(), 4, "{codes:?}");
}
