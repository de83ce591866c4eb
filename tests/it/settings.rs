//! Settings: the display name, which notifications a reader gets, the
//! theme, the way to their data, and the table of contents.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};
use crate::social::signin;

#[tokio::test]
async fn a_reader_renames_themselves_and_a_refused_name_keeps_the_form_and_says_why() {
    for app in TestApp::all().await {
        let _ = app.api_user("ann").await;
        let mut ann = signin(&app, "ann").await;
        let page = ann.get("/settings").await.text;
        assert!(
            page.contains(r#"name="display_name" value="ann""#),
            "{}",
            app.backend()
        );

        let saved = ann
            .post_form(
                "/settings/profile",
                &[
                    ("display_name", "  Ann Bee  "),
                    ("visibility", "public"),
                    ("bio", ""),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
        let me = app.store.user_by_username("ann").await.unwrap().unwrap();
        assert_eq!(me.display_name, "Ann Bee", "trimmed, as at sign-up");
        // People search knows the new name.
        let found = ann.get("/people?q=bee").await.text;
        assert!(found.contains("Ann Bee"), "{}", app.backend());

        let long = "x".repeat(61);
        for (bad, says) in [
            (
                long.as_str(),
                "The display name must be at most 60 characters.",
            ),
            ("Ann\u{202E}Bee", "invisible or direction-changing"),
        ] {
            let refused = ann
                .post_form(
                    "/settings/profile",
                    &[
                        ("display_name", bad),
                        ("visibility", "private"),
                        ("bio", "kept bio"),
                    ],
                )
                .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                app.backend()
            );
            let html = &refused.text;
            let field = html.find(r#"id="display_name""#).expect("the field");
            let error = html.find(r#"id="display_name-error""#).expect("its error");
            assert!(
                error > field && error - field < 800,
                "the error is beside the field"
            );
            assert!(html.contains(says), "{says}: {html}");
            assert!(html.contains(r#"aria-describedby="display_name-error""#));
            assert!(html.contains("kept bio"), "what was typed is kept");
            assert!(html.contains(r#"<option value="private" selected>"#));
        }
        let me = app.store.user_by_username("ann").await.unwrap().unwrap();
        assert_eq!(
            (me.display_name.as_str(), me.visibility.as_str()),
            ("Ann Bee", "public"),
            "a refused form changes nothing"
        );
        // Empty gives the username back, as at sign-up.
        ann.post_form(
            "/settings/profile",
            &[("display_name", " "), ("visibility", "public"), ("bio", "")],
        )
        .await;
        let me = app.store.user_by_username("ann").await.unwrap().unwrap();
        assert_eq!(me.display_name, "ann");
    }
}

/// The kinds of ann's notifications, newest first.
async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let list = ok(app, Method::GET, "/api/v1/notifications", token, json!({})).await;
    list["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_muted_kind_raises_no_notification_on_any_surface() {
    for app in TestApp::all().await {
        let ann = app.api_user("ann").await;
        let bo = app.api_user("bo").await;
        let cy = app.api_user("cy").await;
        let book = app.book(&ann, "Middlemarch", "George Eliot").await;
        let review = ok(
            &app,
            Method::PUT,
            &format!("/api/v1/books/{book}/review"),
            &ann,
            json!({"body": "Long."}),
        )
        .await;
        let review = review["id"].as_i64().unwrap();

        // Settings: everything ticked at first; ann unticks likes and friend requests.
        let mut browser = signin(&app, "ann").await;
        let page = browser.get("/settings").await.text;
        for kind in [
            "comment",
            "quote",
            "like",
            "friend_request",
            "friend_accepted",
        ] {
            assert!(
                page.contains(&format!(r#"name="kinds" value="{kind}" checked"#)),
                "{kind}"
            );
        }
        let saved = browser
            .post_form(
                "/settings/notifications",
                &[
                    ("kinds", "comment"),
                    ("kinds", "quote"),
                    ("kinds", "friend_accepted"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
        assert!(saved.text.contains("Your notification choices are saved."));
        assert!(
            saved.text.contains(r#"name="kinds" value="like">"#),
            "unticked now"
        );

        // Bo likes the review (web and API both go through one store write),
        // comments on it, and asks to be friends; only the comment reaches ann.
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/reviews/{review}/like"),
            &bo,
            json!({}),
        )
        .await;
        let comment = ok(
            &app,
            Method::POST,
            &format!("/api/v1/reviews/{review}/comments"),
            &bo,
            json!({"body": "Agreed."}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            "/api/v1/users/ann/friend",
            &bo,
            json!({}),
        )
        .await;
        assert_eq!(kinds(&app, &ann).await, ["comment"], "{}", app.backend());

        // Quotes: cy quotes bo; bo muted quotes through the API.
        ok(
            &app,
            Method::PUT,
            "/api/v1/me/notification-preferences",
            &bo,
            json!({"kinds": {"quote": false}}),
        )
        .await;
        let quote_of = comment["id"].as_i64().unwrap();
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/reviews/{review}/comments"),
            &cy,
            json!({"body": "Yes.", "quote_of": quote_of}),
        )
        .await;
        assert!(kinds(&app, &bo).await.is_empty(), "{}", app.backend());

        // Ticked again, the kinds come back.
        browser
            .post_form(
                "/settings/notifications",
                &[
                    ("kinds", "comment"),
                    ("kinds", "quote"),
                    ("kinds", "like"),
                    ("kinds", "friend_request"),
                    ("kinds", "friend_accepted"),
                ],
            )
            .await;
        ok(
            &app,
            Method::PUT,
            &format!("/api/v1/reviews/{review}/like"),
            &cy,
            json!({}),
        )
        .await;
        ok(
            &app,
            Method::POST,
            "/api/v1/users/ann/friend",
            &cy,
            json!({}),
        )
        .await;
        let now = kinds(&app, &ann).await;
        assert!(
            now.contains(&"like".to_string()) && now.contains(&"friend_request".to_string()),
            "{now:?}"
        );

        // An unknown kind from the form is refused, and nothing changes.
        let wrong = browser
            .post_form("/settings/notifications", &[("kinds", "likes")])
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.backend()
        );
        let prefs = ok(
            &app,
            Method::GET,
            "/api/v1/me/notification-preferences",
            &ann,
            json!({}),
        )
        .await;
        assert_eq!(prefs["kinds"]["comment"], true, "{prefs}");
    }
}

#[test]
fn notifications_are_written_in_one_place_only() {
    // Every other module makes its notifications through `notifications::notify`,
    // which is where muted kinds are kept out.
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("INSERT INTO notifications") {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with("store/notifications.rs"), "{found:?}");
}

fn theme_of(html: &str) -> Option<&str> {
    let tag = &html[html.find("<html")?..];
    let tag = &tag[..tag.find('>')?];
    let start = tag.find("data-theme=\"")? + "data-theme=\"".len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

#[tokio::test]
async fn the_theme_is_the_readers_choice_on_every_page_without_javascript() {
    for app in TestApp::all().await {
        let _ = app.api_user("ann").await;
        let mut ann = signin(&app, "ann").await;
        let page = ann.get("/settings").await.text;
        assert_eq!(theme_of(&page), None, "the system's until chosen");
        assert!(page.contains(r#"name="theme" value="system" checked"#));

        let dark = ann.post_form("/settings/theme", &[("theme", "dark")]).await;
        assert_eq!(dark.status, StatusCode::OK, "{}", dark.text);
        assert_eq!(
            theme_of(&dark.text),
            Some("dark"),
            "this very answer is dark"
        );
        assert!(dark.text.contains(r#"name="theme" value="dark" checked"#));
        assert!(
            dark.text
                .contains(r#"<meta name="color-scheme" content="dark">"#)
        );
        assert_eq!(
            theme_of(&ann.get("/").await.text),
            Some("dark"),
            "{}",
            app.backend()
        );
        assert_eq!(theme_of(&ann.get("/books").await.text), Some("dark"));

        ann.post_form("/settings/theme", &[("theme", "light")])
            .await;
        assert_eq!(theme_of(&ann.get("/").await.text), Some("light"));
        ann.post_form("/settings/theme", &[("theme", "system")])
            .await;
        let home = ann.get("/").await.text;
        assert_eq!(theme_of(&home), None);
        assert!(home.contains(r#"<meta name="color-scheme" content="light dark">"#));

        let wrong = ann
            .post_form("/settings/theme", &[("theme", "sepia")])
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong.text.contains("light, dark or system"),
            "{}",
            wrong.text
        );
        // Someone signed out gets the system's.
        assert_eq!(theme_of(&app.browser().get("/").await.text), None);
    }
}

#[tokio::test]
async fn the_stylesheet_follows_the_chosen_theme_before_the_device() {
    let app = TestApp::all().await.remove(0);
    let css = app.browser().get("/static/style.css").await.text;
    let media = css.find("@media (prefers-color-scheme: dark)").unwrap();
    assert!(
        css[media..]
            .trim_start_matches("@media (prefers-color-scheme: dark) {")
            .trim_start()
            .starts_with(r#":root:not([data-theme="light"])"#),
        "the device's dark never overrides a chosen light"
    );
    let dark = css
        .find(r#":root[data-theme="dark"]"#)
        .expect("a dark block");
    let light = css
        .find(r#":root[data-theme="light"]"#)
        .expect("a light block");
    assert!(dark > media && light > media, "both after the media query");
    assert!(css[dark..].contains("--paper: #171513"));
    assert!(css[light..].contains("--paper: #fbf8f3"));
}

#[tokio::test]
async fn settings_open_with_a_table_of_contents_and_link_the_readers_data() {
    for app in TestApp::all().await {
        let _ = app.api_user("ann").await;
        let mut ann = signin(&app, "ann").await;
        let page = ann.get("/settings").await.text;
        let toc = &page[page.find("settings-toc").unwrap()..];
        let toc = &toc[..toc.find("</nav>").unwrap()];
        let anchors: Vec<&str> = toc
            .split("href=\"#")
            .skip(1)
            .map(|a| &a[..a.find('"').unwrap()])
            .collect();
        assert!(anchors.len() >= 8, "{anchors:?}");
        for anchor in &anchors {
            assert!(
                page.contains(&format!(r#"id="{anchor}""#)),
                "#{anchor} has a section"
            );
        }
        let data = &page[page.find(r#"id="data""#).unwrap()..];
        assert!(data.contains(r#"href="/export/library.json""#));
        assert!(data.contains(r#"href="/export/goodreads.csv""#));
        for path in ["/export/library.json", "/export/goodreads.csv"] {
            assert_eq!(ann.get(path).await.status, StatusCode::OK, "{path}");
        }
    }
}
