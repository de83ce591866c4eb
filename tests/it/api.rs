//! The API as a whole: every operation of its OpenAPI document called for a
//! success and a failure, and each answer checked against the document.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::{TestApp, TestResponse, png};

/// The document, as the server serves it.
pub(crate) async fn document(app: &TestApp) -> Value {
    let doc = app
        .api_raw(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.content_type().starts_with("application/json"));
    serde_json::from_str(&doc.text).expect("the document is JSON")
}

enum Send {
    Nothing,
    Json(Value),
    Bytes(&'static str, Vec<u8>),
}

/// Calls the API and holds each answer to the document: the status is one
/// the operation lists, errors are problems, and a success body has every
/// field its schema says is always there.
struct Tour<'a> {
    app: &'a TestApp,
    doc: Value,
    /// (method, path template) -> statuses seen.
    seen: BTreeMap<(String, String), BTreeSet<u16>>,
}

impl Tour<'_> {
    async fn call(
        &mut self,
        method: Method,
        template: &str,
        path: &str,
        token: Option<&str>,
        send: Send,
        expect: StatusCode,
    ) -> Value {
        let url = format!("/api/v1{path}");
        let response: TestResponse = match send {
            Send::Nothing => self.app.api_raw(method.clone(), &url, token, None).await,
            Send::Json(v) => {
                self.app
                    .api_raw(method.clone(), &url, token, Some(v.to_string()))
                    .await
            }
            Send::Bytes(content_type, bytes) => {
                self.app
                    .api_bytes(method.clone(), &url, token, content_type, bytes)
                    .await
            }
        };
        let what = format!("{} {method} {path}", self.app.backend());
        assert_eq!(response.status, expect, "{what}: {}", response.text);
        let op = &self.doc["paths"][template][method.as_str().to_lowercase()];
        assert!(op.is_object(), "{what}: {template} is not in the document");
        let status = response.status.as_str().to_string();
        let documented = &op["responses"][&status];
        assert!(documented.is_object(), "{what}: {status} is not documented");
        let body: Value = if response.text.is_empty() {
            Value::Null
        } else if response.content_type().contains("json") {
            serde_json::from_str(&response.text).expect("a JSON body")
        } else {
            Value::String(response.text.clone())
        };
        if response.status.is_client_error() {
            assert_eq!(
                response.content_type(),
                "application/problem+json",
                "{what}"
            );
            assert_eq!(body["status"], response.status.as_u16(), "{what}");
            assert!(
                body["code"].is_string() && body["detail"].is_string(),
                "{what}: {body}"
            );
        } else if let Some(name) = documented["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
        {
            let schema = &self.doc["components"]["schemas"][name];
            for field in schema["required"].as_array().into_iter().flatten() {
                let field = field.as_str().unwrap_or_default();
                assert!(
                    body.get(field).is_some(),
                    "{what}: {name}.{field} missing: {body}"
                );
            }
        }
        self.seen
            .entry((method.as_str().to_lowercase(), template.to_string()))
            .or_default()
            .insert(response.status.as_u16());
        body
    }

    /// Every operation in the document was called, and answered both a success and a failure.
    fn covered_everything(&self) {
        for (path, item) in self.doc["paths"].as_object().into_iter().flatten() {
            for (method, _) in item.as_object().into_iter().flatten() {
                let seen = self.seen.get(&(method.clone(), path.clone()));
                let seen = seen.cloned().unwrap_or_default();
                assert!(
                    seen.iter().any(|s| *s < 300) && seen.iter().any(|s| *s >= 400),
                    "{method} {path}: want a success and a failure, saw {seen:?}"
                );
            }
        }
    }
}

#[tokio::test]
#[rustfmt::skip]
async fn every_operation_answers_success_and_failure_as_documented() {
    use Method as M;
    use StatusCode as S;
    // Open Library's answers come from the replay server.
    let replayed = crate::bookdata_replay::start().await;
    for app in TestApp::all_with(crate::bookdata_replay::pointing_at(&replayed)).await {
        let doc = document(&app).await;
        assert_eq!(doc["openapi"], "3.1.0");
        let mut t = Tour {
            app: &app,
            doc,
            seen: BTreeMap::new(),
        };
        let moderator = app.api_user("moira").await; // the first reader moderates
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let (a, b) = (Some(ann.as_str()), Some(bob.as_str()));
        let m = Some(moderator.as_str());
        let none = None;
        use Send::{Bytes, Json, Nothing};

        // Accounts and tokens.
        t.call(M::POST, "/accounts", "/accounts", none, Json(json!({"username": "cat", "password": "correct horse battery"})), S::CREATED).await;
        t.call(M::POST, "/accounts", "/accounts", none, Json(json!({"username": "x", "password": "correct horse battery"})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::POST, "/accounts", "/accounts", none, Json(json!({"password": "no name"})), S::BAD_REQUEST).await;
        t.call(M::GET, "/accounts/me", "/accounts/me", a, Nothing, S::OK).await;
        t.call(M::GET, "/accounts/me", "/accounts/me", none, Nothing, S::UNAUTHORIZED).await;
        let spare = t.call(M::POST, "/tokens", "/tokens", none, Json(json!({"username": "ann", "password": "correct horse battery", "name": "spare", "scope": "read"})), S::CREATED).await;
        assert_eq!(
            (spare["name"].as_str(), spare["scope"].as_str()),
            (Some("spare"), Some("read"))
        );
        t.call(M::POST, "/tokens", "/tokens", none, Json(json!({"username": "ann", "password": "wrong"})), S::UNAUTHORIZED).await;
        t.call(M::POST, "/tokens", "/tokens", none, Json(json!({"username": "ann", "password": "correct horse battery", "scope": "admin"})), S::UNPROCESSABLE_ENTITY).await;
        let tokens = t.call(M::GET, "/tokens", "/tokens", a, Nothing, S::OK).await;
        t.call(M::GET, "/tokens", "/tokens", Some("not-a-token"), Nothing, S::UNAUTHORIZED).await;
        let spare_id = tokens["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == "spare")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        t.call(M::DELETE, "/tokens/{id}", &format!("/tokens/{spare_id}"), b, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/tokens/{id}", &format!("/tokens/{spare_id}"), a, Nothing, S::NO_CONTENT).await;

        // The catalogue.
        let book = t.call(M::POST, "/books", "/books", a, Json(json!({"title": "Kindred", "authors": ["Octavia E. Butler"], "isbn13": "9780807083697"})), S::CREATED).await;
        let book_id = book["id"].as_i64().unwrap();
        let author_id = book["authors"][0]["id"].as_i64().unwrap();
        let other = t.call(M::POST, "/books", "/books", a, Json(json!({"title": "Kindred (again)", "authors": ["O. E. Butler"]})), S::CREATED).await;
        let other_id = other["id"].as_i64().unwrap();
        let other_author = other["authors"][0]["id"].as_i64().unwrap();
        t.call(M::POST, "/books", "/books", a, Json(json!({"title": " ", "authors": ["Nobody"]})), S::UNPROCESSABLE_ENTITY).await;
        let bk = format!("/books/{book_id}");
        t.call(M::GET, "/books/{id}", &bk, none, Nothing, S::OK).await;
        t.call(M::GET, "/books/{id}", "/books/999999", none, Nothing, S::NOT_FOUND).await;
        let found = t.call(M::GET, "/search", "/search?q=kindred", none, Nothing, S::OK).await;
        assert!(found["books"].as_array().is_some_and(|b| !b.is_empty()));
        t.call(M::GET, "/search", "/search?q=kindred&cursor=nonsense", none, Nothing, S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/search", "/search?page=banana", none, Nothing, S::BAD_REQUEST).await;
        t.call(M::PUT, "/books/{id}/cover", &format!("{bk}/cover"), a, Bytes("image/png", png(40, 60)), S::OK).await;
        t.call(M::PUT, "/books/{id}/cover", &format!("{bk}/cover"), a, Bytes("image/png", b"not a picture".to_vec()), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::PUT, "/books/{id}/cover", &format!("{bk}/cover"), b, Bytes("image/png", png(60, 90)), S::OK).await;
        let covers = t.call(M::GET, "/books/{id}/covers", &format!("{bk}/covers"), m, Nothing, S::OK).await;
        let anns_cover = covers["covers"][1]["id"].as_i64().unwrap();
        t.call(M::GET, "/books/{id}/covers", &format!("{bk}/covers"), a, Nothing, S::FORBIDDEN).await;
        t.call(M::GET, "/books/{id}/covers/{n}/image", &format!("{bk}/covers/{anns_cover}/image"), m, Nothing, S::OK).await;
        t.call(M::GET, "/books/{id}/covers/{n}/image", &format!("{bk}/covers/999999/image"), m, Nothing, S::NOT_FOUND).await;
        t.call(M::POST, "/books/{id}/covers/{n}/restore", &format!("{bk}/covers/{anns_cover}/restore"), a, Nothing, S::FORBIDDEN).await;
        let restored = t.call(M::POST, "/books/{id}/covers/{n}/restore", &format!("{bk}/covers/{anns_cover}/restore"), m, Nothing, S::OK).await;
        assert_eq!(restored["cover_by"]["username"], "ann");
        let eds = t.call(M::GET, "/books/{id}/editions", &format!("{bk}/editions"), none, Nothing, S::OK).await;
        assert_eq!(eds["editions"].as_array().map(Vec::len), Some(1));
        t.call(M::GET, "/books/{id}/editions", "/books/999999/editions", none, Nothing, S::NOT_FOUND).await;
        let ed = t.call(M::POST, "/books/{id}/editions", &format!("{bk}/editions"), a, Json(json!({"isbn13": "9780807083697"})), S::CONFLICT).await;
        assert_eq!(ed["errors"][0]["field"], "isbn13");
        let ed = t.call(M::POST, "/books/{id}/editions", &format!("{bk}/editions"), a, Json(json!({"isbn13": "9780307265418", "publisher": "Beacon", "year": 2003, "format": "paperback"})), S::CREATED).await;
        let ed_id = ed["id"].as_i64().unwrap();
        t.call(M::GET, "/editions/{id}", &format!("/editions/{ed_id}"), none, Nothing, S::OK).await;
        t.call(M::GET, "/editions/{id}", "/editions/999999", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/authors/{id}", &format!("/authors/{author_id}"), none, Nothing, S::OK).await;
        t.call(M::GET, "/authors/{id}", "/authors/999999", none, Nothing, S::NOT_FOUND).await;

        // The reader's own relation to the book.
        t.call(M::PUT, "/books/{id}/rating", &format!("{bk}/rating"), a, Json(json!({"stars": 4.5})), S::OK).await;
        t.call(M::PUT, "/books/{id}/rating", &format!("{bk}/rating"), a, Json(json!({"stars": 7})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::DELETE, "/books/{id}/rating", &format!("{bk}/rating"), b, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/books/{id}/rating", &format!("{bk}/rating"), none, Nothing, S::UNAUTHORIZED).await;
        t.call(M::PUT, "/books/{id}/rating", &format!("{bk}/rating"), b, Json(json!({"stars": 5})), S::OK).await;
        t.call(M::PUT, "/books/{id}/status", &format!("{bk}/status"), a, Json(json!({"status": "read"})), S::OK).await;
        t.call(M::PUT, "/books/{id}/status", &format!("{bk}/status"), a, Json(json!({"status": "sort-of-read"})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::PUT, "/books/{id}/status", &format!("/books/{other_id}/status"), b, Json(json!({"status": "to-read"})), S::OK).await;
        t.call(M::DELETE, "/books/{id}/status", &format!("/books/{other_id}/status"), b, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/books/{id}/status", &format!("{bk}/status"), none, Nothing, S::UNAUTHORIZED).await;
        t.call(M::PUT, "/books/{id}/shelves", &format!("{bk}/shelves"), a, Json(json!({"shelves": ["time travel"]})), S::OK).await;
        t.call(M::PUT, "/books/{id}/shelves", &format!("{bk}/shelves"), a, Json(json!({"shelves": "time travel"})), S::BAD_REQUEST).await;
        t.call(M::POST, "/books/{id}/reads", &format!("{bk}/reads"), a, Json(json!({"started": "2024-01", "finished": "2024-02-10"})), S::CREATED).await;
        t.call(M::POST, "/books/{id}/reads", &format!("{bk}/reads"), a, Json(json!({"started": "2024-13"})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::POST, "/books/{id}/progress", &format!("{bk}/progress"), a, Json(json!({"percent": 40, "note": "the fire"})), S::CREATED).await;
        t.call(M::POST, "/books/{id}/progress", &format!("{bk}/progress"), a, Json(json!({"percent": 140})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::PUT, "/books/{id}/edition", &format!("{bk}/edition"), a, Json(json!({"edition_id": ed_id})), S::NO_CONTENT).await;
        t.call(M::PUT, "/books/{id}/edition", &format!("/books/{other_id}/edition"), a, Json(json!({"edition_id": ed_id})), S::UNPROCESSABLE_ENTITY).await;
        let mine = t.call(M::GET, "/books/{id}/mine", &format!("{bk}/mine"), a, Nothing, S::OK).await;
        assert_eq!(
            (mine["rating"].as_f64(), mine["edition_id"].as_i64()),
            (Some(4.5), Some(ed_id))
        );
        t.call(M::GET, "/books/{id}/mine", &format!("{bk}/mine"), none, Nothing, S::UNAUTHORIZED).await;

        // Reviews, likes, the conversation.
        let review = t.call(M::PUT, "/books/{id}/review", &format!("{bk}/review"), a, Json(json!({"body": "A *hard* book to put down.", "spoiler": false})), S::OK).await;
        let rid = review["id"].as_i64().unwrap();
        t.call(M::PUT, "/books/{id}/review", &format!("{bk}/review"), a, Json(json!({"body": ""})), S::UNPROCESSABLE_ENTITY).await;
        let bobs = t.call(M::PUT, "/books/{id}/review", &format!("/books/{other_id}/review"), b, Json(json!({"body": "Short."})), S::OK).await;
        let bobs_id = bobs["id"].as_i64().unwrap();
        let rv = format!("/reviews/{rid}");
        t.call(M::GET, "/reviews/{id}", &rv, none, Nothing, S::OK).await;
        t.call(M::GET, "/reviews/{id}", "/reviews/999999", none, Nothing, S::NOT_FOUND).await;
        let list = t.call(M::GET, "/books/{id}/reviews", &format!("{bk}/reviews"), none, Nothing, S::OK).await;
        assert_eq!(list["reviews"][0]["id"], rid);
        t.call(M::GET, "/books/{id}/reviews", "/books/999999/reviews", none, Nothing, S::NOT_FOUND).await;
        t.call(M::PUT, "/reviews/{id}/like", &format!("{rv}/like"), b, Nothing, S::OK).await;
        t.call(M::PUT, "/reviews/{id}/like", "/reviews/999999/like", b, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/reviews/{id}/like", &format!("{rv}/like"), b, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/reviews/{id}/like", "/reviews/999999/like", b, Nothing, S::NOT_FOUND).await;
        let c = t.call(M::POST, "/reviews/{id}/comments", &format!("{rv}/comments"), b, Json(json!({"body": "Agreed, and the ending!"})), S::CREATED).await;
        let cid = c["id"].as_i64().unwrap();
        t.call(M::POST, "/reviews/{id}/comments", &format!("{rv}/comments"), b, Json(json!({"body": "   "})), S::UNPROCESSABLE_ENTITY).await;
        let thread = t.call(M::GET, "/reviews/{id}/comments", &format!("{rv}/comments"), a, Nothing, S::OK).await;
        assert_eq!(
            (thread["total"].as_i64(), thread["new_count"].as_i64()),
            (Some(1), Some(1))
        );
        t.call(M::GET, "/reviews/{id}/comments", "/reviews/999999/comments", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/comments/{id}", &format!("/comments/{cid}"), none, Nothing, S::OK).await;
        t.call(M::GET, "/comments/{id}", "/comments/999999", none, Nothing, S::NOT_FOUND).await;
        t.call(M::PATCH, "/comments/{id}", &format!("/comments/{cid}"), a, Json(json!({"body": "Not mine"})), S::FORBIDDEN).await;
        let edited = t.call(M::PATCH, "/comments/{id}", &format!("/comments/{cid}"), b, Json(json!({"body": "Agreed, and that ending!"})), S::OK).await;
        assert!(edited["edited_at"].is_string());
        let c2 = t.call(M::POST, "/reviews/{id}/comments", &format!("{rv}/comments"), b, Json(json!({"body": "Buy cheap pills", "quote_of": cid})), S::CREATED).await;
        let c2id = c2["id"].as_i64().unwrap();
        t.call(M::DELETE, "/comments/{id}", &format!("/comments/{cid}"), Some(&moderator), Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/comments/{id}", "/comments/999999", b, Nothing, S::NOT_FOUND).await;

        // Flags and moderation.
        t.call(M::POST, "/flags", "/flags", a, Json(json!({"target": "comment", "id": c2id, "reason": "spam"})), S::CREATED).await;
        t.call(M::POST, "/flags", "/flags", a, Json(json!({"target": "book", "id": c2id, "reason": "spam"})), S::UNPROCESSABLE_ENTITY).await;
        let queue = t.call(M::GET, "/flags", "/flags", m, Nothing, S::OK).await;
        let flag_id = queue["flags"][0]["id"].as_i64().unwrap();
        t.call(M::GET, "/flags", "/flags", a, Nothing, S::FORBIDDEN).await;
        t.call(M::POST, "/flags/{id}/resolve", &format!("/flags/{flag_id}/resolve"), a, Json(json!({"action": "remove"})), S::FORBIDDEN).await;
        t.call(M::POST, "/flags/{id}/resolve", &format!("/flags/{flag_id}/resolve"), m, Json(json!({"action": "remove"})), S::NO_CONTENT).await;
        // Who may join: invitations, requests, new accounts.
        let invite = t.call(M::POST, "/invites", "/invites", m, Json(json!({"uses": 3, "days": 2})), S::CREATED).await;
        assert!(invite["link"].as_str().is_some_and(|l| l.contains("/join/")), "{invite}");
        t.call(M::POST, "/invites", "/invites", a, Json(json!({})), S::FORBIDDEN).await;
        t.call(M::GET, "/invites", "/invites", m, Nothing, S::OK).await;
        t.call(M::GET, "/invites", "/invites", none, Nothing, S::UNAUTHORIZED).await;
        let invite_id = invite["id"].as_i64().unwrap();
        t.call(M::DELETE, "/invites/{id}", &format!("/invites/{invite_id}"), a, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/invites/{id}", &format!("/invites/{invite_id}"), m, Nothing, S::NO_CONTENT).await;
        let request = dogear::store::NewRequest {
            username: "dee".into(),
            username_key: "dee".into(),
            display_name: "dee".into(),
            password_hash: "not-a-hash".into(),
            reason: "I would like to join the club".into(),
            now: 1,
        };
        let request_id = app.store.create_request(&request).await.unwrap();
        t.call(M::GET, "/registration-requests", "/registration-requests", m, Nothing, S::OK).await;
        t.call(M::GET, "/registration-requests", "/registration-requests", a, Nothing, S::FORBIDDEN).await;
        t.call(M::POST, "/registration-requests/{id}", &format!("/registration-requests/{request_id}"), a, Json(json!({"approve": false})), S::FORBIDDEN).await;
        t.call(M::POST, "/registration-requests/{id}", &format!("/registration-requests/{request_id}"), m, Json(json!({"approve": false})), S::OK).await;
        t.call(M::GET, "/new-accounts", "/new-accounts", m, Nothing, S::OK).await;
        t.call(M::GET, "/new-accounts", "/new-accounts", a, Nothing, S::FORBIDDEN).await;
        t.call(M::POST, "/books/{id}/merge", &format!("/books/{other_id}/merge"), a, Json(json!({"into": book_id})), S::FORBIDDEN).await;
        t.call(M::POST, "/authors/{id}/merge", &format!("/authors/{other_author}/merge"), a, Json(json!({"into": author_id})), S::FORBIDDEN).await;
        let merged = t.call(M::POST, "/authors/{id}/merge", &format!("/authors/{other_author}/merge"), m, Json(json!({"into": author_id})), S::OK).await;
        assert_eq!(merged["books"], 1);
        let merged = t.call(M::POST, "/books/{id}/merge", &format!("/books/{other_id}/merge"), m, Json(json!({"into": book_id})), S::OK).await;
        assert_eq!(merged["reviews"], 1, "bob's review came along");
        t.call(M::GET, "/books/{id}", &format!("/books/{other_id}"), none, Nothing, S::MOVED_PERMANENTLY).await;
        let notes = t.call(M::GET, "/notifications", "/notifications", a, Nothing, S::OK).await;
        assert!(
            notes["notifications"]
                .as_array()
                .is_some_and(|n| !n.is_empty()),
            "ann's review got a comment"
        );
        t.call(M::GET, "/notifications", "/notifications", none, Nothing, S::UNAUTHORIZED).await;
        let groups = t.call(M::GET, "/notifications/groups", "/notifications/groups", a, Nothing, S::OK).await;
        assert!(groups["groups"].as_array().is_some_and(|g| !g.is_empty()), "{groups}");
        t.call(M::GET, "/notifications/groups", "/notifications/groups?cursor=zz", a, Nothing, S::UNPROCESSABLE_ENTITY).await;
        t.call(M::POST, "/notifications/read", "/notifications/read", a, Nothing, S::NO_CONTENT).await;
        t.call(M::POST, "/notifications/read", "/notifications/read", none, Nothing, S::UNAUTHORIZED).await;

        // People.
        t.call(M::GET, "/users/{username}", "/users/ann", none, Nothing, S::OK).await;
        t.call(M::GET, "/users/{username}", "/users/nobody-here", none, Nothing, S::NOT_FOUND).await;
        let asked = t.call(M::POST, "/users/{username}/friend", "/users/bob/friend", a, Nothing, S::ACCEPTED).await;
        assert_eq!(asked["state"], "requested");
        t.call(M::POST, "/users/{username}/friend", "/users/nobody-here/friend", a, Nothing, S::NOT_FOUND).await;
        t.call(M::POST, "/users/{username}/friend/accept", "/users/moira/friend/accept", b, Nothing, S::CONFLICT).await;
        t.call(M::POST, "/users/{username}/friend/accept", "/users/ann/friend/accept", b, Nothing, S::OK).await;
        let friends = t.call(M::GET, "/me/friends", "/me/friends", a, Nothing, S::OK).await;
        assert_eq!(friends["friends"][0]["username"], "bob");
        t.call(M::GET, "/me/friends", "/me/friends", none, Nothing, S::UNAUTHORIZED).await;
        let theirs = t.call(M::GET, "/users/{username}/friends", "/users/bob/friends", none, Nothing, S::OK).await;
        assert_eq!((theirs["friends"][0]["username"].as_str(), theirs["next_cursor"].as_str()), (Some("ann"), None));
        let fr = t.call(M::GET, "/books/{id}/friends", &format!("{bk}/friends"), a, Nothing, S::OK).await;
        assert_eq!(fr["friends"][0]["reader"]["username"], "bob");
        t.call(M::GET, "/books/{id}/friends", "/books/999999/friends", a, Nothing, S::NOT_FOUND).await;
        let feed = t.call(M::GET, "/feed", "/feed", a, Nothing, S::OK).await;
        assert!(feed["items"].as_array().is_some_and(|i| !i.is_empty()));
        t.call(M::GET, "/feed", "/feed?cursor=abc", a, Nothing, S::UNPROCESSABLE_ENTITY).await;
        let found = t.call(M::GET, "/people", "/people?q=bo", a, Nothing, S::OK).await;
        assert_eq!(found["people"][0]["reader"]["username"], "bob", "{found}");
        t.call(M::GET, "/people", &format!("/people?q={}", "x".repeat(101)), a, Nothing, S::UNPROCESSABLE_ENTITY).await;
        t.call(M::DELETE, "/users/{username}/friend", "/users/bob/friend", a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/users/{username}/friend", "/users/nobody-here/friend", a, Nothing, S::NOT_FOUND).await;
        t.call(M::PUT, "/users/{username}/follow", "/users/bob/follow", a, Nothing, S::NO_CONTENT).await;
        t.call(M::PUT, "/users/{username}/follow", "/users/ann/follow", a, Nothing, S::UNPROCESSABLE_ENTITY).await;
        t.call(M::DELETE, "/users/{username}/follow", "/users/bob/follow", a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/users/{username}/follow", "/users/nobody-here/follow", a, Nothing, S::NOT_FOUND).await;
        t.call(M::PUT, "/users/{username}/block", "/users/cat/block", a, Nothing, S::NO_CONTENT).await;
        t.call(M::PUT, "/users/{username}/block", "/users/nobody-here/block", a, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/users/{username}/block", "/users/cat/block", a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/users/{username}/block", "/users/nobody-here/block", a, Nothing, S::NOT_FOUND).await;
        t.call(M::PUT, "/me/profile", "/me/profile", a, Json(json!({"visibility": "friends", "bio": "Reads on trains."})), S::NO_CONTENT).await;
        t.call(M::PUT, "/me/profile", "/me/profile", a, Json(json!({"visibility": "everyone-ish"})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::PUT, "/me/profile", "/me/profile", a, Json(json!({"visibility": "public"})), S::NO_CONTENT).await;
        t.call(M::PUT, "/me/avatar", "/me/avatar", a, Bytes("image/png", png(64, 64)), S::NO_CONTENT).await;
        t.call(M::PUT, "/me/avatar", "/me/avatar", a, Bytes("image/png", Vec::new()), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::DELETE, "/me/avatar", "/me/avatar", a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/me/avatar", "/me/avatar", none, Nothing, S::UNAUTHORIZED).await;

        // Shelves as lists, imports, exports.
        let shelf = t.call(M::GET, "/users/{username}/shelves/{shelf}", "/users/ann/shelves/read", none, Nothing, S::OK).await;
        assert_eq!(shelf["books"][0]["book"]["title"], "Kindred");
        t.call(M::GET, "/users/{username}/shelves/{shelf}", "/users/ann/shelves/no-such-shelf", none, Nothing, S::NOT_FOUND).await;
        let theirs = t.call(M::GET, "/users/{username}/reviews", "/users/ann/reviews", none, Nothing, S::OK).await;
        assert_eq!(theirs["reviews"][0]["id"], rid);
        t.call(M::GET, "/users/{username}/reviews", "/users/nobody-here/reviews", none, Nothing, S::NOT_FOUND).await;
        let timeline = t.call(M::GET, "/users/{username}/timeline", "/users/ann/timeline", none, Nothing, S::OK).await;
        let entries = timeline["entries"].as_array().unwrap();
        assert!(entries.iter().any(|e| e["percent"] == 40 && e["note"] == "the fire"), "{timeline}");
        assert!(entries.iter().any(|e| e["status"] == "read"), "{timeline}");
        t.call(M::GET, "/users/{username}/timeline", "/users/ann/timeline?cursor=zz", none, Nothing, S::UNPROCESSABLE_ENTITY).await;
        let goal = t.call(M::PUT, "/me/goals/{year}", "/me/goals/2024", a, Json(json!({"books": 12})), S::OK).await;
        assert_eq!(goal["books"], 12);
        t.call(M::PUT, "/me/goals/{year}", "/me/goals/2024", a, Json(json!({"books": -1})), S::UNPROCESSABLE_ENTITY).await;
        let goals = t.call(M::GET, "/users/{username}/goals", "/users/ann/goals", none, Nothing, S::OK).await;
        assert_eq!(goals[0]["year"], 2024);
        t.call(M::GET, "/users/{username}/goals", "/users/nobody/goals", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/users/{username}/years/{year}", "/users/ann/years/2024", none, Nothing, S::OK).await;
        t.call(M::GET, "/users/{username}/years/{year}", "/users/nobody/years/2024", none, Nothing, S::NOT_FOUND).await;
        let stats = t.call(M::GET, "/users/{username}/stats", "/users/ann/stats?year=2024", none, Nothing, S::OK).await;
        assert_eq!(stats["books_by_period"].as_array().map(Vec::len), Some(12));
        t.call(M::GET, "/users/{username}/stats", "/users/ann/stats?year=soon", none, Nothing, S::BAD_REQUEST).await;
        t.call(M::DELETE, "/me/goals/{year}", "/me/goals/2024", a, Nothing, S::NO_CONTENT).await;
        let quote = t.call(M::POST, "/books/{id}/quotes", &format!("/books/{book_id}/quotes"), a, Json(json!({"body": "I am a free human being", "page": 12})), S::CREATED).await;
        let qid = quote["id"].as_i64().unwrap();
        t.call(M::POST, "/books/{id}/quotes", &format!("/books/{book_id}/quotes"), a, Json(json!({"body": ""})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/books/{id}/quotes", &format!("/books/{book_id}/quotes"), none, Nothing, S::OK).await;
        t.call(M::GET, "/books/{id}/quotes", "/books/999999/quotes", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/users/{username}/quotes", "/users/ann/quotes", none, Nothing, S::OK).await;
        t.call(M::GET, "/users/{username}/quotes", "/users/nobody/quotes", none, Nothing, S::NOT_FOUND).await;
        t.call(M::PUT, "/quotes/{id}/like", &format!("/quotes/{qid}/like"), b, Nothing, S::OK).await;
        t.call(M::PUT, "/quotes/{id}/like", "/quotes/999999/like", b, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/quotes/{id}/like", &format!("/quotes/{qid}/like"), b, Nothing, S::OK).await;
        t.call(M::DELETE, "/quotes/{id}/like", "/quotes/999999/like", b, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/quotes/{id}", &format!("/quotes/{qid}"), b, Nothing, S::FORBIDDEN).await;
        t.call(M::DELETE, "/quotes/{id}", &format!("/quotes/{qid}"), a, Nothing, S::NO_CONTENT).await;
        let list = t.call(M::POST, "/lists", "/lists", a, Json(json!({"title": "Time travel", "mode": "curated"})), S::CREATED).await;
        let lid = list["id"].as_i64().unwrap();
        let lp = format!("/lists/{lid}");
        t.call(M::POST, "/lists", "/lists", a, Json(json!({"title": "", "mode": "open"})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/lists", "/lists?q=time", none, Nothing, S::OK).await;
        t.call(M::GET, "/lists", "/lists?sort=sideways", none, Nothing, S::BAD_REQUEST).await;
        t.call(M::PATCH, "/lists/{id}", &lp, a, Json(json!({"title": "Time travel, done well", "mode": "curated"})), S::OK).await;
        t.call(M::PATCH, "/lists/{id}", &lp, b, Json(json!({"title": "Mine now"})), S::FORBIDDEN).await;
        let added = t.call(M::POST, "/lists/{id}/books", &format!("{lp}/books"), b, Json(json!({"book_id": book_id, "note": "the best"})), S::CREATED).await;
        assert_eq!(added["status"], "pending");
        t.call(M::POST, "/lists/{id}/books", &format!("{lp}/books"), b, Json(json!({"book_id": book_id})), S::CONFLICT).await;
        t.call(M::POST, "/lists/{id}/books/{book_id}/approve", &format!("{lp}/books/{book_id}/approve"), b, Nothing, S::FORBIDDEN).await;
        t.call(M::POST, "/lists/{id}/books/{book_id}/approve", &format!("{lp}/books/{book_id}/approve"), a, Nothing, S::NO_CONTENT).await;
        t.call(M::PUT, "/lists/{id}/books/{book_id}/vote", &format!("{lp}/books/{book_id}/vote"), b, Nothing, S::NO_CONTENT).await;
        t.call(M::PUT, "/lists/{id}/books/{book_id}/vote", &format!("{lp}/books/999999/vote"), b, Nothing, S::NOT_FOUND).await;
        let shown = t.call(M::GET, "/lists/{id}", &lp, none, Nothing, S::OK).await;
        assert_eq!(shown["books"][0]["votes"], 1);
        t.call(M::GET, "/lists/{id}", "/lists/999999", none, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/lists/{id}/books/{book_id}/vote", &format!("{lp}/books/{book_id}/vote"), b, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/lists/{id}/books/{book_id}/vote", &format!("{lp}/books/{book_id}/vote"), none, Nothing, S::UNAUTHORIZED).await;
        t.call(M::GET, "/users/{username}/lists", "/users/ann/lists", none, Nothing, S::OK).await;
        t.call(M::GET, "/users/{username}/lists", "/users/nobody/lists", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/books/{id}/lists", &format!("/books/{book_id}/lists"), none, Nothing, S::OK).await;
        t.call(M::GET, "/books/{id}/lists", "/books/999999/lists", none, Nothing, S::NOT_FOUND).await;
        let dawn = app.book(&ann, "Dawn", "Octavia E. Butler").await;
        t.call(M::POST, "/lists/{id}/books", &format!("{lp}/books"), b, Json(json!({"book_id": dawn})), S::CREATED).await;
        t.call(M::POST, "/lists/{id}/books/{book_id}/decline", &format!("{lp}/books/{dawn}/decline"), b, Nothing, S::FORBIDDEN).await;
        t.call(M::POST, "/lists/{id}/books/{book_id}/decline", &format!("{lp}/books/{dawn}/decline"), a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/lists/{id}/books/{book_id}", &format!("{lp}/books/{book_id}"), b, Nothing, S::FORBIDDEN).await;
        t.call(M::DELETE, "/lists/{id}/books/{book_id}", &format!("{lp}/books/{book_id}"), a, Nothing, S::NO_CONTENT).await;
        t.call(M::POST, "/lists/{id}/comments", &format!("{lp}/comments"), b, Json(json!({"body": "Which is the best?"})), S::CREATED).await;
        t.call(M::POST, "/lists/{id}/comments", &format!("{lp}/comments"), b, Json(json!({"body": " "})), S::UNPROCESSABLE_ENTITY).await;
        let talk = t.call(M::GET, "/lists/{id}/comments", &format!("{lp}/comments"), none, Nothing, S::OK).await;
        assert_eq!(talk["total"], 1);
        t.call(M::GET, "/lists/{id}/comments", "/lists/999999/comments", none, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/lists/{id}", &lp, b, Nothing, S::FORBIDDEN).await;
        t.call(M::DELETE, "/lists/{id}", &lp, a, Nothing, S::NO_CONTENT).await;
        t.call(M::GET, "/books/{id}/genres", &format!("/books/{book_id}/genres"), none, Nothing, S::OK).await;
        t.call(M::GET, "/books/{id}/genres", "/books/999999/genres", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/genres/{slug}", "/genres/fantasy", none, Nothing, S::OK).await;
        t.call(M::GET, "/genres/{slug}", "/genres/to-read", none, Nothing, S::NOT_FOUND).await;
        t.call(M::POST, "/books", "/books", a, Json(json!({"title": "Dune", "authors": ["Frank Herbert"], "series": "Dune Chronicles", "series_position": "1"})), S::CREATED).await;
        let dune = t.call(M::GET, "/series/{name}", "/series/Dune%20Chronicles", none, Nothing, S::OK).await;
        assert_eq!(dune["books"][0]["series_position"], "1");
        t.call(M::GET, "/series/{name}", "/series/No%20Such%20Series", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/books/{id}/similar", &format!("/books/{book_id}/similar"), none, Nothing, S::OK).await;
        t.call(M::GET, "/books/{id}/similar", "/books/999999/similar", none, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/recommendations", "/recommendations", a, Nothing, S::OK).await;
        t.call(M::GET, "/recommendations", "/recommendations", none, Nothing, S::UNAUTHORIZED).await;
        t.call(M::PUT, "/me/time-zone", "/me/time-zone", a, Json(json!({"time_zone": "europe/madrid"})), S::OK).await;
        t.call(M::PUT, "/me/time-zone", "/me/time-zone", a, Json(json!({"time_zone": "Mars/Olympus"})), S::UNPROCESSABLE_ENTITY).await;
        let zone = t.call(M::GET, "/me/time-zone", "/me/time-zone", a, Nothing, S::OK).await;
        assert_eq!(zone["time_zone"], "Europe/Madrid");
        t.call(M::GET, "/me/time-zone", "/me/time-zone", none, Nothing, S::UNAUTHORIZED).await;
        let prefs = t.call(M::GET, "/me/notification-preferences", "/me/notification-preferences", a, Nothing, S::OK).await;
        assert_eq!(prefs["kinds"]["like"], true, "every kind is on until muted: {prefs}");
        t.call(M::GET, "/me/notification-preferences", "/me/notification-preferences", none, Nothing, S::UNAUTHORIZED).await;
        let kept = t.call(M::PUT, "/me/notification-preferences", "/me/notification-preferences", a, Json(json!({"kinds": {"like": false}})), S::OK).await;
        assert_eq!((kept["kinds"]["like"].as_bool(), kept["kinds"]["comment"].as_bool()), (Some(false), Some(true)));
        let unknown = t.call(M::PUT, "/me/notification-preferences", "/me/notification-preferences", a, Json(json!({"kinds": {"likes": false}})), S::UNPROCESSABLE_ENTITY).await;
        assert_eq!(unknown["errors"][0]["field"], "kinds", "{unknown}");
        t.call(M::PUT, "/me/notification-preferences", "/me/notification-preferences", a, Json(json!({"kinds": {"like": true}})), S::OK).await;
        t.call(M::DELETE, "/me/goals/{year}", "/me/goals/2024", a, Nothing, S::NOT_FOUND).await;
        let paused = t.call(M::POST, "/me/shelves", "/me/shelves", a, Json(json!({"name": "Paused", "exclusive": true})), S::CREATED).await;
        assert_eq!((paused["slug"].as_str(), paused["exclusive"].as_bool()), (Some("paused"), Some(true)));
        t.call(M::POST, "/me/shelves", "/me/shelves", a, Json(json!({"name": "Did not finish"})), S::UNPROCESSABLE_ENTITY).await;
        let on_hold = t.call(M::PATCH, "/me/shelves/{slug}", "/me/shelves/paused", a, Json(json!({"name": "On hold"})), S::OK).await;
        assert_eq!((on_hold["slug"].as_str(), on_hold["exclusive"].as_bool()), (Some("on-hold"), Some(true)));
        t.call(M::PATCH, "/me/shelves/{slug}", "/me/shelves/paused", a, Json(json!({"name": "Again"})), S::NOT_FOUND).await;
        t.call(M::DELETE, "/me/shelves/{slug}", "/me/shelves/on-hold", a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/me/shelves/{slug}", "/me/shelves/on-hold", a, Nothing, S::NOT_FOUND).await;
        t.call(M::GET, "/users/{username}/friends", "/users/nobody-here/friends", none, Nothing, S::NOT_FOUND).await;
        let csv = "Title,Author,ISBN13,My Rating,Exclusive Shelf,Date Read\nParable of the Sower,Octavia E. Butler,=\"9780446675505\",5,read,2023/05/01\n";
        let job = t.call(M::POST, "/imports", "/imports", a, Bytes("text/csv", csv.as_bytes().to_vec()), S::ACCEPTED).await;
        let job_id = job["id"].as_i64().unwrap();
        assert_eq!(
            (job["format"].as_str(), job["total"].as_i64()),
            (Some("goodreads"), Some(1))
        );
        t.call(M::POST, "/imports", "/imports", a, Bytes("text/csv", b"just,some,columns\n1,2,3\n".to_vec()), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/imports/{id}", &format!("/imports/{job_id}"), a, Nothing, S::OK).await;
        t.call(M::GET, "/imports/{id}", &format!("/imports/{job_id}"), b, Nothing, S::NOT_FOUND).await;
        let export = t.call(M::GET, "/export", "/export", a, Nothing, S::OK).await;
        assert_eq!(export["username"], "ann");
        t.call(M::GET, "/export", "/export?format=goodreads", a, Nothing, S::OK).await;
        t.call(M::GET, "/export", "/export?format=xml", a, Nothing, S::UNPROCESSABLE_ENTITY).await;

        // Reading groups, their topics and read-alongs.
        let club = t.call(M::POST, "/groups", "/groups", a, Json(json!({"name": "Kindred readers", "visibility": "private", "joining": "request"})), S::CREATED).await;
        let club_id = club["id"].as_i64().unwrap();
        t.call(M::POST, "/groups", "/groups", a, Json(json!({"name": "", "visibility": "public"})), S::UNPROCESSABLE_ENTITY).await;
        let gp = format!("/groups/{club_id}");
        t.call(M::GET, "/groups", "/groups", none, Nothing, S::OK).await;
        t.call(M::GET, "/groups", "/groups?page=x", none, Nothing, S::BAD_REQUEST).await;
        t.call(M::GET, "/groups/mine", "/groups/mine", a, Nothing, S::OK).await;
        t.call(M::GET, "/groups/mine", "/groups/mine", none, Nothing, S::UNAUTHORIZED).await;
        t.call(M::GET, "/groups/{id}", &gp, b, Nothing, S::OK).await;
        t.call(M::GET, "/groups/{id}", "/groups/999999", b, Nothing, S::NOT_FOUND).await;
        t.call(M::PATCH, "/groups/{id}", &gp, a, Json(json!({"name": "Kindred club", "visibility": "private", "joining": "request"})), S::OK).await;
        t.call(M::PATCH, "/groups/{id}", &gp, b, Json(json!({"name": "Mine now"})), S::NOT_FOUND).await;
        t.call(M::GET, "/groups/{id}/members", &format!("{gp}/members"), b, Nothing, S::NOT_FOUND).await;
        let asked = t.call(M::POST, "/groups/{id}/join", &format!("{gp}/join"), b, Json(json!({})), S::OK).await;
        assert_eq!(asked["status"], "requested");
        t.call(M::POST, "/groups/{id}/join", "/groups/999999/join", b, Json(json!({})), S::NOT_FOUND).await;
        let bob_user = t.call(M::GET, "/accounts/me", "/accounts/me", b, Nothing, S::OK).await["id"].as_i64().unwrap();
        let gm = format!("{gp}/members/{bob_user}");
        t.call(M::PUT, "/groups/{id}/members/{user_id}", &gm, a, Json(json!({"role": "owner"})), S::FORBIDDEN).await;
        t.call(M::PUT, "/groups/{id}/members/{user_id}", &gm, a, Json(json!({"role": "member"})), S::NO_CONTENT).await;
        t.call(M::GET, "/groups/{id}/members", &format!("{gp}/members"), b, Nothing, S::OK).await;
        t.call(M::PUT, "/groups/{id}/current-book", &format!("{gp}/current-book"), b, Json(json!({"book_id": book_id, "started_on": "2026-12-01"})), S::FORBIDDEN).await;
        t.call(M::PUT, "/groups/{id}/current-book", &format!("{gp}/current-book"), a, Json(json!({"book_id": book_id, "started_on": "2026-12-01"})), S::OK).await;
        let k = t.call(M::POST, "/groups/{id}/schedule", &format!("{gp}/schedule"), a, Json(json!({"label": "Chapter 1", "up_to_page": 20, "due_on": "2026-12-08"})), S::CREATED).await;
        t.call(M::POST, "/groups/{id}/schedule", &format!("{gp}/schedule"), a, Json(json!({"label": "Chapter 2", "up_to_page": 0, "due_on": "2026-12-15"})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/groups/{id}/schedule", &format!("{gp}/schedule"), b, Nothing, S::OK).await;
        t.call(M::GET, "/groups/{id}/schedule", &format!("{gp}/schedule"), none, Nothing, S::NOT_FOUND).await;
        let next_book = t.call(M::POST, "/books", "/books", a, Json(json!({"title": "Parable of the Talents", "authors": ["Octavia E. Butler"]})), S::CREATED).await["id"].as_i64().unwrap();
        let shelf = t.call(M::POST, "/groups/{id}/shelf", &format!("{gp}/shelf"), b, Json(json!({"book_id": next_book})), S::CREATED).await;
        assert_eq!(shelf["books"][1]["votes"], 1, "the proposer's vote: {shelf}");
        t.call(M::POST, "/groups/{id}/shelf", &format!("{gp}/shelf"), b, Json(json!({"book_id": next_book})), S::CONFLICT).await;
        t.call(M::GET, "/groups/{id}/shelf", &format!("{gp}/shelf"), b, Nothing, S::OK).await;
        t.call(M::GET, "/groups/{id}/shelf", &format!("{gp}/shelf"), none, Nothing, S::NOT_FOUND).await;
        let sb = format!("{gp}/shelf/{next_book}");
        t.call(M::PUT, "/groups/{id}/shelf/{book_id}/vote", &format!("{sb}/vote"), a, Nothing, S::OK).await;
        t.call(M::PUT, "/groups/{id}/shelf/{book_id}/vote", &format!("{gp}/shelf/{book_id}/vote"), a, Nothing, S::CONFLICT).await;
        t.call(M::DELETE, "/groups/{id}/shelf/{book_id}/vote", &format!("{sb}/vote"), a, Nothing, S::OK).await;
        t.call(M::DELETE, "/groups/{id}/shelf/{book_id}/vote", &format!("{gp}/shelf/999999/vote"), a, Nothing, S::NOT_FOUND).await;
        t.call(M::PUT, "/groups/{id}/shelf/{book_id}", &sb, b, Json(json!({"shelf": "next"})), S::FORBIDDEN).await;
        t.call(M::PUT, "/groups/{id}/shelf/{book_id}", &sb, a, Json(json!({"shelf": "next"})), S::OK).await;
        t.call(M::DELETE, "/groups/{id}/shelf/{book_id}", &sb, b, Nothing, S::FORBIDDEN).await;
        t.call(M::DELETE, "/groups/{id}/shelf/{book_id}", &sb, a, Nothing, S::NO_CONTENT).await;
        let topic = t.call(M::POST, "/groups/{id}/topics", &format!("{gp}/topics"), b, Json(json!({"title": "Week one", "read_along": true})), S::CREATED).await;
        let topic_id = topic["id"].as_i64().unwrap();
        t.call(M::POST, "/groups/{id}/topics", &format!("{gp}/topics"), b, Json(json!({"title": " "})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/groups/{id}/topics", &format!("{gp}/topics"), b, Nothing, S::OK).await;
        t.call(M::GET, "/groups/{id}/topics", &format!("{gp}/topics"), none, Nothing, S::NOT_FOUND).await;
        let tp = format!("/topics/{topic_id}");
        let jump = t.call(M::POST, "/topics/{id}/comments", &format!("{tp}/comments"), b, Json(json!({"body": "The first jump!", "checkpoint_id": k["id"]})), S::CREATED).await;
        let jump_flag = t.call(M::POST, "/flags", "/flags", a, Json(json!({"target": "comment", "id": jump["id"], "reason": "spoiler"})), S::CREATED).await["id"].as_i64().unwrap();
        let held = t.call(M::GET, "/groups/{id}/flags", &format!("{gp}/flags"), a, Nothing, S::OK).await;
        assert_eq!(held["flags"][0]["id"], jump_flag, "a topic's flag waits for the group: {held}");
        t.call(M::GET, "/groups/{id}/flags", &format!("{gp}/flags"), b, Nothing, S::FORBIDDEN).await;
        let gf = format!("{gp}/flags/{jump_flag}");
        t.call(M::POST, "/groups/{id}/flags/{flag_id}", &gf, a, Json(json!({"action": "shrug"})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::POST, "/groups/{id}/flags/{flag_id}", &gf, a, Json(json!({"action": "escalate"})), S::NO_CONTENT).await;
        t.call(M::POST, "/groups/{id}/flags/{flag_id}", &gf, a, Json(json!({"action": "dismiss"})), S::NOT_FOUND).await;
        t.call(M::POST, "/topics/{id}/comments", &format!("{tp}/comments"), b, Json(json!({"body": "x", "checkpoint_id": 999999})), S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/topics/{id}", &tp, a, Nothing, S::OK).await;
        t.call(M::GET, "/topics/{id}", &tp, none, Nothing, S::NOT_FOUND).await;
        t.call(M::PATCH, "/topics/{id}", &tp, b, Json(json!({"pinned": true})), S::FORBIDDEN).await;
        t.call(M::PATCH, "/topics/{id}", &tp, a, Json(json!({"pinned": true, "locked": true})), S::OK).await;
        t.call(M::POST, "/groups/{id}/owner", &format!("{gp}/owner"), b, Json(json!({"user_id": bob_user})), S::FORBIDDEN).await;
        t.call(M::POST, "/groups/{id}/owner", &format!("{gp}/owner"), a, Json(json!({"user_id": bob_user})), S::NO_CONTENT).await;
        t.call(M::POST, "/groups/{id}/leave", &format!("{gp}/leave"), b, Nothing, S::CONFLICT).await;
        t.call(M::POST, "/groups/{id}/leave", &format!("{gp}/leave"), a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/groups/{id}/members/{user_id}", &gm, a, Nothing, S::NOT_FOUND).await;
        let again = t.call(M::POST, "/groups/{id}/join", &format!("{gp}/join"), a, Json(json!({})), S::OK).await;
        assert_eq!(again["status"], "requested");
        let ann_user = t.call(M::GET, "/accounts/me", "/accounts/me", a, Nothing, S::OK).await["id"].as_i64().unwrap();
        t.call(M::DELETE, "/groups/{id}/members/{user_id}", &format!("{gp}/members/{ann_user}"), b, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/groups/{id}", &gp, a, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/groups/{id}", &gp, m, Nothing, S::NO_CONTENT).await;

        // Book data from Open Library.
        let sabriel = crate::bookdata_replay::SABRIEL;
        let found = t.call(M::GET, "/bookdata/lookup", &format!("/bookdata/lookup?isbn={sabriel}"), m, Nothing, S::OK).await;
        assert_eq!(found["candidates"][0]["edition"], "OL22951843M");
        t.call(M::GET, "/bookdata/lookup", "/bookdata/lookup?isbn=12345", m, Nothing, S::UNPROCESSABLE_ENTITY).await;
        t.call(M::POST, "/bookdata/add", "/bookdata/add", m, Json(json!({"edition": "OL22951843M"})), S::CREATED).await;
        t.call(M::POST, "/bookdata/add", "/bookdata/add", m, Json(json!({"edition": "OL22951843M"})), S::OK).await;
        t.call(M::POST, "/bookdata/add", "/bookdata/add", m, Json(json!({"work": "books"})), S::UNPROCESSABLE_ENTITY).await;

        // Readers on other servers: found by handle, followed, unfollowed.
        let elsewhere = crate::federation_follow_out::remote().await;
        let found = t.call(M::GET, "/people/remote", &format!("/people/remote?handle={}", elsewhere.handle()), a, Nothing, S::OK).await;
        let rid = found["id"].as_i64().expect("remote id");
        t.call(M::GET, "/people/remote", "/people/remote?handle=not%20a%20handle", a, Nothing, S::UNPROCESSABLE_ENTITY).await;
        t.call(M::GET, "/people/remote/{id}", &format!("/people/remote/{rid}"), a, Nothing, S::OK).await;
        t.call(M::GET, "/people/remote/{id}", "/people/remote/987654", a, Nothing, S::NOT_FOUND).await;
        t.call(M::PUT, "/people/remote/{id}/follow", &format!("/people/remote/{rid}/follow"), a, Nothing, S::OK).await;
        t.call(M::PUT, "/people/remote/{id}/follow", "/people/remote/987654/follow", a, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/people/remote/{id}/follow", &format!("/people/remote/{rid}/follow"), a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/people/remote/{id}/follow", &format!("/people/remote/{rid}/follow"), none, Nothing, S::UNAUTHORIZED).await;
        t.call(M::GET, "/people/remote/followers", "/people/remote/followers", a, Nothing, S::OK).await;
        t.call(M::GET, "/people/remote/followers", "/people/remote/followers", none, Nothing, S::UNAUTHORIZED).await;
        // They never asked to follow: nothing to let in or turn away.
        t.call(M::PUT, "/people/remote/{id}/follower", &format!("/people/remote/{rid}/follower"), a, Nothing, S::NOT_FOUND).await;
        t.call(M::DELETE, "/people/remote/{id}/follower", &format!("/people/remote/{rid}/follower"), a, Nothing, S::NOT_FOUND).await;
        // Now they ask (as their server's Follow would have it kept).
        t.app.store.add_remote_follower(ann_user, rid, "https://elsewhere.example/follows/1", true, 1).await.expect("asked");
        t.call(M::PUT, "/people/remote/{id}/follower", &format!("/people/remote/{rid}/follower"), a, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/people/remote/{id}/follower", &format!("/people/remote/{rid}/follower"), a, Nothing, S::NO_CONTENT).await;

        // Last, what ends things.
        t.call(M::DELETE, "/reviews/{id}", &format!("/reviews/{bobs_id}"), a, Nothing, S::FORBIDDEN).await;
        t.call(M::DELETE, "/reviews/{id}", &format!("/reviews/{bobs_id}"), b, Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/comments/{id}", &format!("/comments/{c2id}"), a, Nothing, S::NO_CONTENT).await;
        let gone = app.api_user("leaving").await;
        t.call(M::DELETE, "/accounts/me", "/accounts/me", Some(&gone), Nothing, S::NO_CONTENT).await;
        t.call(M::DELETE, "/accounts/me", "/accounts/me", Some(&gone), Nothing, S::UNAUTHORIZED).await;
        t.covered_everything();
    }
}
