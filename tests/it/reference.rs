//! The API reference at /api: problems described once, each operation with
//! the statuses it can answer and an example call and answer.

use axum::http::StatusCode;
use serde_json::Value;

use crate::app::TestApp;

/// The page's text as a reader sees it (askama escapes quotes and ampersands).
fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The operation's section of the page, up to the next one.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} is on the page"));
    let rest = &page[start..];
    let end = rest[1..].find("<section").map_or(rest.len(), |at| at + 1);
    &rest[..end]
}

#[tokio::test]
async fn every_operation_has_an_example_and_names_its_problems_once() {
    for app in TestApp::all().await {
        let page = app.browser().get("/api").await;
        assert_eq!(page.status, StatusCode::OK);
        let text = &page.text;
        let (_, doc) = app
            .api(axum::http::Method::GET, "/api/v1/openapi.json", None, None)
            .await;
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                operations += 1;
                let id = op["operationId"].as_str().unwrap();
                let html = section(text, id);
                let plain = unescape(html);
                assert!(
                    html.contains("class=\"example example-request\""),
                    "{id} has an example request"
                );
                let call = format!("/api/v1{}", path.split('{').next().unwrap());
                assert!(
                    plain.contains("curl") && plain.contains(&call),
                    "{id}'s curl calls {call}: {plain}"
                );
                if method != "get" {
                    assert!(
                        plain.contains(&format!("-X {}", method.to_uppercase())),
                        "{id}"
                    );
                }
                assert!(
                    html.contains("class=\"example example-response\""),
                    "{id} has an example answer"
                );
                // A JSON body in the example is JSON.
                if let Some(body) = plain.split(" -d '").nth(1) {
                    let json = body
                        .split("'\n")
                        .next()
                        .unwrap()
                        .split("' \\")
                        .next()
                        .unwrap();
                    serde_json::from_str::<Value>(json)
                        .unwrap_or_else(|e| panic!("{id}'s body {json}: {e}"));
                }
                // Each shared answer is named and linked, not described again.
                for (status, answer) in op["responses"].as_object().unwrap() {
                    if answer["$ref"].is_string() {
                        assert!(
                            html.contains(&format!("href=\"#status-{status}\"")),
                            "{id} links {status}"
                        );
                    }
                }
                assert!(
                    !html.contains("a problem"),
                    "{id} describes no problem itself"
                );
            }
        }
        assert!(operations >= 90, "{operations}");
        for status in [
            "301", "304", "400", "401", "403", "404", "409", "413", "415", "422", "429",
        ] {
            assert_eq!(
                text.matches(&format!("id=\"status-{status}\"")).count(),
                1,
                "{status} is described once"
            );
        }
        // Before, every operation had a table of its answers, a row per
        // problem: 1,046 rows for 100 operations. Now only parameters and the
        // one table of statuses are tables.
        let operations_part = &text[..text.find("id=\"schemas\"").unwrap()];
        let rows = operations_part.matches("<tr").count();
        assert!(rows < 300, "{rows} table rows");

        let book = unescape(section(text, "get_books_id"));
        assert!(book.contains("\"title\": \"Middlemarch\""), "{book}");
        assert!(book.contains("curl \"$DOGEAR/api/v1/books/1\""), "{book}");
        let token = unescape(section(text, "post_books"));
        assert!(token.contains("-H \"Authorization: Bearer $TOKEN\""));
        // The contents: every tag and operation, once wide and once as a menu.
        assert!(text.contains("<details class=\"reference-toc narrow\">"));
        assert_eq!(text.matches("href=\"#get_books_id\"").count(), 2);
    }
}
