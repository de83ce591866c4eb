//! People search: by username and display name, folded; blocks either way
//! keep a reader out; private profiles found by name only; paged.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, ok};
use crate::social::{call, signin};

/// A reader with a display name and a profile setting; their token.
async fn reader(app: &TestApp, username: &str, display: &str, visibility: &str) -> String {
    let body =
        json!({"username": username, "password": "correct horse battery", "display_name": display});
    let (status, _) = app
        .api(Method::POST, "/api/v1/accounts", None, Some(body))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{username}");
    let (_, token) = app
        .api(
            Method::POST,
            "/api/v1/tokens",
            None,
            Some(json!({"username": username, "password": "correct horse battery"})),
        )
        .await;
    let token = token["token"].as_str().unwrap().to_string();
    ok(
        app,
        Method::PUT,
        "/api/v1/me/profile",
        &token,
        json!({"visibility": visibility, "bio": format!("Bio of {username}.")}),
    )
    .await;
    token
}

async fn found(app: &TestApp, token: &str, q: &str) -> Value {
    let (status, body) = call(app, Method::GET, &format!("/api/v1/people?q={q}"), token).await;
    assert_eq!(status, StatusCode::OK, "{q}: {body}");
    body
}

fn names(body: &Value) -> Vec<String> {
    body["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["reader"]["username"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn readers_are_found_by_either_name_except_across_a_block() {
    for app in TestApp::all().await {
        let ann = reader(&app, "ann", "Ann Shirley", "public").await;
        reader(&app, "hbrook", "Hélène Brook", "public").await;
        reader(&app, "helen_b", "Helen Burns", "friends").await;
        reader(&app, "privy", "Helen Private", "private").await;
        let blocker = reader(&app, "blocker", "Helen Blocker", "public").await;
        reader(&app, "blockee", "Helen Blocked", "public").await;
        let (status, _) = call(&app, Method::PUT, "/api/v1/users/ann/block", &blocker).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = call(&app, Method::PUT, "/api/v1/users/blockee/block", &ann).await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        let mut hel = names(&found(&app, &ann, "hel").await);
        hel.sort();
        assert_eq!(
            hel,
            vec!["hbrook", "helen_b", "privy"],
            "{}: folded, by either name, nobody blocked either way",
            app.backend()
        );
        let mut two = names(&found(&app, &ann, "HELEN%20b").await);
        two.sort();
        assert_eq!(two, vec!["hbrook", "helen_b"]);
        assert_eq!(names(&found(&app, &ann, "brook").await), vec!["hbrook"]);
        assert_eq!(names(&found(&app, &ann, "helen_b").await)[0], "helen_b");
        assert_eq!(
            names(&found(&app, &ann, "blocker").await),
            Vec::<String>::new()
        );
        assert_eq!(
            names(&found(&app, &ann, "blocked").await),
            Vec::<String>::new()
        );
        assert_eq!(
            names(&found(&app, &ann, "ann").await),
            Vec::<String>::new(),
            "not oneself"
        );
        assert_eq!(found(&app, &ann, "").await["people"], json!([]));
        // The blocker does not find Ann either.
        assert_eq!(
            names(&found(&app, &blocker, "shirley").await),
            Vec::<String>::new()
        );

        // Found by name, shown no more than the profile shows.
        let privy = found(&app, &ann, "private").await;
        assert_eq!(privy["people"][0]["bio"], Value::Null);
        let burns = found(&app, &ann, "burns").await;
        assert_eq!(burns["people"][0]["bio"], Value::Null, "friends only");
        let brook = found(&app, &ann, "brook").await;
        assert_eq!(brook["people"][0]["bio"], "Bio of hbrook.");
        let page = signin(&app, "ann").await.get("/people?q=helen").await.text;
        assert!(page.contains("Helen Private") && !page.contains("Bio of privy."));
        assert!(page.contains("Bio of hbrook.") && !page.contains("Helen Blocker"));

        let (status, _) = call(&app, Method::GET, "/api/v1/people?q=ann", "nope").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let signed_out = app.browser().get("/people?q=helen").await;
        assert_ne!(signed_out.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn a_result_has_add_friend_and_the_page_links_from_menu_and_friends() {
    for app in TestApp::all().await {
        let _ann = reader(&app, "ann", "Ann Shirley", "public").await;
        let diana = reader(&app, "diana", "Diana Barry", "public").await;
        reader(&app, "gilbert", "Gilbert Blythe", "public").await;
        let (status, _) = call(&app, Method::POST, "/api/v1/users/ann/friend", &diana).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let mut browser = signin(&app, "ann").await;
        let home = browser.get("/").await.text;
        assert!(home.contains("href=\"/people\""), "in the menu");
        assert!(
            browser
                .get("/friends")
                .await
                .text
                .contains("href=\"/people\"")
        );
        let page = browser.get("/people?q=b").await.text;
        assert!(
            page.contains("action=\"/users/gilbert/relation\""),
            "{page}"
        );
        assert!(page.contains("value=\"request\">Add friend"));
        assert!(
            page.contains("value=\"accept\">Accept request"),
            "Diana asked"
        );
        assert!(page.contains("name=\"back\" value=\"/people?q=b\""));
        let asked = browser
            .post_form(
                "/users/gilbert/relation",
                &[("do", "request"), ("back", "/people?q=b")],
            )
            .await;
        assert_eq!(asked.status, StatusCode::SEE_OTHER);
        assert_eq!(asked.location(), "/people?q=b");
        let page = browser.get("/people?q=b").await.text;
        assert!(page.contains("Request sent"), "{}: {page}", app.backend());
        let page = browser.get("/people?q=%3Cscript%3E").await.text;
        assert!(
            page.contains("No readers match “&#60;script&#62;”."),
            "escaped: {page}"
        );
        let bad = browser.get("/people?q=b&page=zero").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn two_thousand_readers_page_twenty_at_a_time_to_the_end() {
    use dogear::store::{Appoint, NewUser};
    for app in TestApp::all().await {
        let ann = reader(&app, "ann", "Ann Shirley", "public").await;
        let now = dogear::actions::now();
        for n in 0..2000 {
            // Forty-six of them are called Marilla; the rest are someone else.
            let display = if n % 44 == 0 {
                format!("Marilla Cuthbert {n}")
            } else {
                format!("Reader {n}")
            };
            app.store
                .create_user(&NewUser {
                    username: format!("reader{n}"),
                    username_key: format!("reader{n}"),
                    display_name: display,
                    password_hash: "x".into(),
                    appoint: Appoint::Reader,
                    now,
                })
                .await
                .unwrap();
        }
        let mut all = Vec::new();
        let mut path = "/api/v1/people?q=marilla".to_string();
        let mut pages = 0;
        loop {
            let start = app.store.query_count();
            let (_, page) = call(&app, Method::GET, &path, &ann).await;
            assert!(
                app.store.query_count() - start <= 4,
                "{}: a page is a few statements, never one a reader",
                app.backend()
            );
            pages += 1;
            all.extend(names(&page));
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/people?q=marilla&cursor={c}"),
                None => break,
            }
        }
        assert_eq!((pages, all.len()), (3, 46), "{}", app.backend());
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 46, "none twice");
        assert_eq!(
            names(&found(&app, &ann, "reader1999").await),
            vec!["reader1999"]
        );
        let exact = names(&found(&app, &ann, "reader1").await);
        assert_eq!(exact[0], "reader1", "the exact username first");
        let mut browser = signin(&app, "ann").await;
        let first = browser.get("/people?q=marilla").await.text;
        assert!(
            first.contains("href=\"/people?q=marilla&#38;page=2\""),
            "{first}"
        );
        let third = browser.get("/people?q=marilla&page=3").await.text;
        assert!(third.contains("rel=\"prev\"") && !third.contains("rel=\"next\""));
    }
}

#[tokio::test]
async fn readers_from_before_the_index_are_found_once_the_site_starts() {
    use dogear::store::{Appoint, NewUser};
    let dir = std::env::temp_dir().join(crate::support::unique("people_index_"));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("site.db");
    let url = format!("sqlite://{}", file.display());
    {
        let store = dogear::store::connect(&url).await.unwrap();
        for (name, display) in [("marilla", "Marilla Cuthbert"), ("matthew", "Matthew")] {
            store
                .create_user(&NewUser {
                    username: name.into(),
                    username_key: name.into(),
                    display_name: display.into(),
                    password_hash: "x".into(),
                    appoint: Appoint::Reader,
                    now: 1,
                })
                .await
                .unwrap();
        }
    }
    // As a site from before the index left them: no words at all.
    let forgotten = rusqlite::Connection::open(&file)
        .unwrap()
        .execute("DELETE FROM people_words", [])
        .unwrap();
    assert!(forgotten > 0);
    let store = dogear::store::connect(&url).await.unwrap();
    let matthew = store.user_by_username("matthew").await.unwrap().unwrap();
    let hits = store
        .search_people(matthew.id, &["cuth".to_string()], "cuth", 20, 0)
        .await
        .unwrap();
    assert_eq!(
        hits.iter()
            .map(|h| h.reader.username.as_str())
            .collect::<Vec<_>>(),
        vec!["marilla"]
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
