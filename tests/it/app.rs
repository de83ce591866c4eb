//! `TestApp`: the real router on a fresh database, driven in-process, with
//! browsers that keep cookies and API clients that carry tokens.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use dogear::config::Settings;
use dogear::domain::public_url::PublicUrl;
use dogear::store::{self, Store};
use dogear::{AppState, router};

pub struct TestApp {
    pub router: Router,
    pub store: Arc<Store>,
    /// The code `/setup` asks for.
    pub setup_code: String,
}

impl TestApp {
    /// One fresh site per backend under test.
    pub async fn all() -> Vec<TestApp> {
        Self::all_with(|_| {}).await
    }

    /// One fresh site per backend, with some settings changed.
    pub async fn all_with(change: impl Fn(&mut Settings)) -> Vec<TestApp> {
        let mut apps = Vec::new();
        for url in crate::support::database_urls().await {
            let store = store::connect(&url).await.expect("open test store");
            let mut settings = Settings::for_database(url);
            // The suite's sites let their first reader run them (the tests of
            // the set-up step turn it off).
            settings.first_sign_up_admin = true;
            // Their readers are all new: they comment at the usual pace
            // (the tests of the new accounts' pace set it).
            settings.new_account_comments_per_minute = 0;
            change(&mut settings);
            // As `serve` does when no public URL is given: its listen address.
            let public_url = settings.public_url.clone().unwrap_or_else(|| {
                PublicUrl::for_listen("127.0.0.1:8080").expect("listen address")
            });
            let state = AppState::new(store.clone(), settings, public_url)
                .await
                .expect("app state");
            let setup_code = state.setup_code.to_string();
            apps.push(TestApp {
                router: router(state),
                store,
                setup_code,
            });
        }
        apps
    }

    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// A browser with no session yet.
    pub fn browser(&self) -> Browser {
        Browser {
            router: self.router.clone(),
            cookies: HashMap::new(),
            form_token: None,
        }
    }

    /// Signs a new reader up through the form and returns their browser.
    pub async fn signup(&self, username: &str) -> Browser {
        let mut browser = self.browser();
        let response = browser
            .post_form(
                "/signup",
                &[
                    ("username", username),
                    ("password", "correct horse battery"),
                    ("display_name", ""),
                ],
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "{}: signup {username}: {}",
            self.backend(),
            response.text
        );
        browser
    }

    /// A new reader and an API token for them.
    pub async fn api_user(&self, username: &str) -> String {
        let (status, _) = self
            .api(
                Method::POST,
                "/api/v1/accounts",
                None,
                Some(
                    serde_json::json!({"username": username, "password": "correct horse battery"}),
                ),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{}: create {username}",
            self.backend()
        );
        let (status, body) = self
            .api(
                Method::POST,
                "/api/v1/tokens",
                None,
                Some(
                    serde_json::json!({"username": username, "password": "correct horse battery"}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        body["token"].as_str().expect("token").to_string()
    }

    /// Adds a book through the API and returns its id.
    pub async fn book(&self, token: &str, title: &str, author: &str) -> i64 {
        let (status, body) = self
            .api(
                Method::POST,
                "/api/v1/books",
                Some(token),
                Some(serde_json::json!({"title": title, "authors": [author]})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{}: add book: {body}",
            self.backend()
        );
        body["id"].as_i64().expect("book id")
    }

    /// One JSON API call; the body comes back parsed (Null when empty).
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let response = self
            .api_raw(method, path, token, body.map(|b| b.to_string()))
            .await;
        let json = if response.text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&response.text).unwrap_or(Value::String(response.text.clone()))
        };
        (response.status, json)
    }

    /// A call whose body is raw bytes (an image, say).
    pub async fn api_bytes(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> TestResponse {
        self.send(method, path, token, Some((content_type, body)))
            .await
    }

    pub async fn api_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<String>,
    ) -> TestResponse {
        let body = body.map(|b| ("application/json", b.into_bytes()));
        self.send(method, path, token, body).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, Vec<u8>)>,
    ) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some((content_type, body)) => request
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body)),
            None => request.body(Body::empty()),
        }
        .expect("request");
        TestResponse::from(
            self.router
                .clone()
                .oneshot(request)
                .await
                .expect("response"),
        )
        .await
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    /// Sends a hand-made request to the app.
    pub async fn from_router(app: &TestApp, request: Request<Body>) -> TestResponse {
        TestResponse::from(app.router.clone().oneshot(request).await.expect("response")).await
    }

    async fn from(response: axum::response::Response) -> TestResponse {
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        TestResponse {
            status: parts.status,
            headers: parts.headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A browser: keeps the cookies the site sets and sends the CSRF token with
/// forms, as read from the last page it loaded with the cookies it has now.
pub struct Browser {
    router: Router,
    pub cookies: HashMap<String, String>,
    /// A form's token and the cookies it was made for.
    form_token: Option<(HashMap<String, String>, String)>,
}

/// The CSRF token a page's forms carry.
pub fn form_token(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_string())
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, request: Request<Body>) -> TestResponse {
        let response = TestResponse::from(
            self.router
                .clone()
                .oneshot(request)
                .await
                .expect("response"),
        )
        .await;
        for value in response.headers.get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap_or("");
            let pair = value.split(';').next().unwrap_or("");
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() || value.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        response
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        let request = Request::builder()
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .expect("request");
        let response = self.send(request).await;
        if response.status.is_success()
            && let Some(token) = form_token(&response.text)
        {
            self.form_token = Some((self.cookies.clone(), token));
        }
        response
    }

    /// The token a form posted now must carry: the last page's, if it was
    /// made for these cookies; else a fresh page's (a sign-in changes them).
    pub async fn csrf_token(&mut self) -> String {
        match &self.form_token {
            Some((cookies, token)) if *cookies == self.cookies => token.clone(),
            _ => {
                let page = self.get("/signin").await;
                form_token(&page.text).expect("the sign-in page carries a CSRF token")
            }
        }
    }

    /// Posts a form with this browser's CSRF token added.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let csrf = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &encode(&all)).await
    }

    /// Posts exactly these fields, CSRF token or not.
    pub async fn post_raw(&mut self, path: &str, body: &str) -> TestResponse {
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.send(request).await
    }
}

impl Browser {
    /// Uploads a file the way a browser's multipart form does, with the CSRF token.
    pub async fn post_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_field: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> TestResponse {
        let boundary = "dogear-test-boundary";
        let csrf = self.csrf_token().await;
        let mut body = Vec::new();
        for (name, value) in std::iter::once(&("csrf", csrf.as_str())).chain(fields.iter()) {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }
}

pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One JSON API call that must succeed; its body comes back parsed.
pub async fn ok(app: &TestApp, method: Method, path: &str, token: &str, body: Value) -> Value {
    let (status, out) = app.api(method, path, Some(token), Some(body)).await;
    assert!(
        status.is_success(),
        "{}: {path}: {status} {out}",
        app.backend()
    );
    out
}

/// A real PNG of the given size, made in memory.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}
