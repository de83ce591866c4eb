//! The API reference page: linked from every page, it lists every operation
//! of the OpenAPI document.

use axum::http::StatusCode;

use crate::api::document;
use crate::app::TestApp;

#[tokio::test]
async fn the_reference_page_is_linked_from_every_page_and_lists_every_operation() {
    for app in TestApp::all().await {
        let home = app.browser().get("/").await.text;
        assert!(
            home.contains("href=\"/api\""),
            "the footer links the reference"
        );
        let page = app.browser().get("/api").await;
        assert_eq!(page.status, StatusCode::OK);
        let doc = document(&app).await;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (_, op) in item.as_object().unwrap() {
                let id = op["operationId"].as_str().unwrap();
                assert!(
                    page.text.contains(&format!("id=\"{id}\"")),
                    "{id} is on the page"
                );
            }
            assert!(
                page.text.contains(&format!("<code>{path}</code>")),
                "{path}"
            );
        }
        assert!(page.text.contains("id=\"schema-BookJson\""));
        assert!(page.text.contains("insufficient_scope"));
    }
}
