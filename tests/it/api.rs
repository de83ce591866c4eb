//! The API as a whole: every operation of its OpenAPI document called for a
//! success and a failure, and each answer checked against the document;
//! token scopes, rate limits, cursors and the reference page.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::app::{TestApp, TestResponse, png};

/// The document, as the server serves it.
async fn document(app: &TestApp) -> Value {
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
    for app in TestApp::all().await {
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

async fn token_with(app: &TestApp, username: &str, scope: &str) -> String {
    let (status, body) = app
        .api(
            Method::POST,
            "/api/v1/tokens",
            None,
            Some(json!({"username": username, "password": "correct horse battery", "name": scope, "scope": scope})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_read_token_only_reads_and_a_write_token_does_the_rest() {
    for app in TestApp::all().await {
        let writer = app.api_user("wren").await;
        let book = app.book(&writer, "Piranesi", "Susanna Clarke").await;
        let reader = token_with(&app, "wren", "read").await;
        let (status, me) = app
            .api(Method::GET, "/api/v1/accounts/me", Some(&reader), None)
            .await;
        assert_eq!(
            (status, me["username"].as_str()),
            (StatusCode::OK, Some("wren"))
        );
        for (method, path, body) in [
            (
                Method::PUT,
                format!("/api/v1/books/{book}/rating"),
                Some(json!({"stars": 4})),
            ),
            (
                Method::POST,
                "/api/v1/books".to_string(),
                Some(json!({"title": "T", "authors": ["A"]})),
            ),
            (Method::DELETE, "/api/v1/accounts/me".to_string(), None),
        ] {
            let (status, problem) = app.api(method.clone(), &path, Some(&reader), body).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{} {method} {path}",
                app.backend()
            );
            assert_eq!(problem["code"], "insufficient_scope");
        }
        let (_, mine) = app
            .api(
                Method::GET,
                &format!("/api/v1/books/{book}/mine"),
                Some(&writer),
                None,
            )
            .await;
        assert!(
            mine["rating"].is_null(),
            "the refused rating was not written"
        );
        assert!(app.store.user_by_username("wren").await.unwrap().is_some());
        let write = token_with(&app, "wren", "write").await;
        let (status, _) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/rating"),
                Some(&write),
                Some(json!({"stars": 4})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, list) = app
            .api(Method::GET, "/api/v1/tokens", Some(&reader), None)
            .await;
        let scopes: BTreeSet<&str> = list["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["scope"].as_str())
            .collect();
        assert_eq!(scopes, BTreeSet::from(["read", "write"]));
    }
}

#[tokio::test]
async fn settings_make_read_or_write_tokens() {
    for app in TestApp::all().await {
        let mut browser = app.signup("sam").await;
        let form = browser.get("/settings").await.text;
        assert!(form.contains("name=\"scope\" value=\"read\" checked"));
        let made = browser
            .post_form("/settings/tokens", &[("name", "sync"), ("scope", "write")])
            .await;
        assert_eq!(made.status, StatusCode::OK);
        assert!(made.text.contains("read and write"));
        let bad = browser
            .post_form("/settings/tokens", &[("name", "odd"), ("scope", "root")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.text.contains("read"),
            "the page says what scopes there are"
        );
    }
}

#[tokio::test]
async fn each_token_has_its_own_rate_limit_told_in_headers() {
    for app in TestApp::all_with(|s| s.api_calls_per_minute = 3).await {
        let first = app.api_user("rita").await;
        let second = token_with(&app, "rita", "read").await;
        let mut remaining = Vec::new();
        for _ in 0..3 {
            let r = app
                .api_raw(Method::GET, "/api/v1/accounts/me", Some(&first), None)
                .await;
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.headers["ratelimit-limit"], "3");
            assert_eq!(r.headers["ratelimit-policy"], "\"token\";q=3;w=60");
            let reset: i64 = r.headers["ratelimit-reset"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&reset));
            remaining.push(
                r.headers["ratelimit-remaining"]
                    .to_str()
                    .unwrap()
                    .to_string(),
            );
        }
        assert_eq!(remaining, ["2", "1", "0"]);
        let refused = app
            .api_raw(Method::GET, "/api/v1/accounts/me", Some(&first), None)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            app.backend()
        );
        assert_eq!(refused.content_type(), "application/problem+json");
        assert!(refused.headers.contains_key(header::RETRY_AFTER));
        assert!(
            refused.headers["ratelimit"]
                .to_str()
                .unwrap()
                .starts_with("\"token\";r=0;t=")
        );
        let refused_write = app
            .api(
                Method::POST,
                "/api/v1/books",
                Some(&first),
                Some(json!({"title": "T", "authors": ["A"]})),
            )
            .await;
        assert_eq!(refused_write.0, StatusCode::TOO_MANY_REQUESTS);
        let other = app
            .api_raw(Method::GET, "/api/v1/accounts/me", Some(&second), None)
            .await;
        assert_eq!(
            other.status,
            StatusCode::OK,
            "another token has its own window"
        );
        assert_eq!(other.headers["ratelimit-remaining"], "2");
        let anonymous = app
            .api_raw(Method::GET, "/api/v1/search?q=x", None, None)
            .await;
        assert!(
            !anonymous.headers.contains_key("ratelimit-limit"),
            "only token calls count"
        );
    }
}

/// Follows `next_cursor` from the first page to the last, gathering one field of each item.
async fn walk(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    items: &str,
    field: &str,
) -> Vec<Value> {
    let (mut seen, mut cursor, mut pages) = (Vec::new(), None::<String>, 0);
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}cursor={c}"),
            None => path.to_string(),
        };
        let (status, page) = app.api(Method::GET, &url, token, None).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        pages += 1;
        seen.extend(
            page[items]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i[field].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
        assert!(pages < 20, "the cursor never ran out");
    }
    seen
}

#[tokio::test]
async fn lists_page_by_opaque_cursor_to_the_end_and_refuse_foreign_cursors() {
    // One reader adds more books than an hour allows: the lists are under test here.
    let busy = |s: &mut dogear::config::Settings| {
        s.comments_per_minute = 1000;
        s.books_per_hour = 1000;
    };
    for app in TestApp::all_with(busy).await {
        let owner = app.api_user("lena").await;
        let mut books = Vec::new();
        for i in 0..53 {
            let id = app
                .book(&owner, &format!("Volume {i}"), "Serial Author")
                .await;
            let (status, _) = app
                .api(
                    Method::PUT,
                    &format!("/api/v1/books/{id}/status"),
                    Some(&owner),
                    Some(json!({"status": "to-read"})),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            books.push(json!(id));
        }
        let shelf = walk(
            &app,
            "/api/v1/users/lena/shelves/to-read",
            None,
            "books",
            "book",
        )
        .await;
        let mut ids: Vec<Value> = shelf.iter().map(|b| b["id"].clone()).collect();
        ids.sort_by_key(|v| v.as_i64());
        assert_eq!(ids, books, "{}: every book once, none twice", app.backend());

        let review = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{}/review", books[0]),
                Some(&owner),
                Some(json!({"body": "Long thread ahead."})),
            )
            .await
            .1["id"]
            .as_i64()
            .unwrap();
        for i in 0..52 {
            let (status, _) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/reviews/{review}/comments"),
                    Some(&owner),
                    Some(json!({"body": format!("message {i}")})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let numbers = walk(
            &app,
            &format!("/api/v1/reviews/{review}/comments"),
            None,
            "comments",
            "number",
        )
        .await;
        assert_eq!(numbers, (1..=52).map(|n| json!(n)).collect::<Vec<_>>());
        let authors = walk(&app, "/api/v1/authors/1", None, "books", "id").await;
        assert_eq!(authors.len(), 53);

        // A cursor belongs to its list; a made-up one is refused, naming the parameter.
        let (_, first) = app
            .api(
                Method::GET,
                "/api/v1/users/lena/shelves/to-read",
                None,
                None,
            )
            .await;
        let shelf_cursor = first["next_cursor"].as_str().unwrap();
        assert!(!shelf_cursor.contains("50"), "opaque, not a bare offset");
        for url in [
            format!("/api/v1/reviews/{review}/comments?cursor={shelf_cursor}"),
            format!("/api/v1/feed?cursor={shelf_cursor}"),
            "/api/v1/notifications?cursor=%%%".to_string(),
            format!("/api/v1/books/{}/reviews?cursor=00", books[0]),
        ] {
            let (status, problem) = app.api(Method::GET, &url, Some(&owner), None).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
            assert_eq!(problem["errors"][0]["field"], "cursor", "{url}");
        }
    }
}

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

#[tokio::test]
async fn a_private_readers_lists_stay_private() {
    for app in TestApp::all().await {
        let owner = app.api_user("pia").await;
        let stranger = app.api_user("sven").await;
        let book = app.book(&owner, "Middlemarch", "George Eliot").await;
        for (path, body) in [
            (
                format!("/api/v1/books/{book}/status"),
                json!({"status": "read"}),
            ),
            (
                format!("/api/v1/books/{book}/review"),
                json!({"body": "Slow and vast."}),
            ),
        ] {
            assert_eq!(
                app.api(Method::PUT, &path, Some(&owner), Some(body))
                    .await
                    .0,
                StatusCode::OK
            );
        }
        let (status, _) = app
            .api(
                Method::PUT,
                "/api/v1/me/profile",
                Some(&owner),
                Some(json!({"visibility": "private"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        for list in ["reviews", "timeline", "shelves/read", "friends"] {
            let path = format!("/api/v1/users/pia/{list}");
            for token in [None, Some(stranger.as_str())] {
                let (status, body) = app.api(Method::GET, &path, token, None).await;
                assert!(
                    status.is_client_error(),
                    "{} {path}: {status} {body}",
                    app.backend()
                );
                assert!(!body.to_string().contains("Middlemarch"));
            }
            let (status, _) = app.api(Method::GET, &path, Some(&owner), None).await;
            assert_eq!(status, StatusCode::OK, "{path}: the owner sees their own");
        }
    }
}

#[tokio::test]
async fn keyed_lists_neither_skip_nor_mark_what_was_not_shown() {
    // More comments and flags than a minute and an hour allow: the lists are under test here.
    let busy = |s: &mut dogear::config::Settings| {
        s.comments_per_minute = 1000;
        s.flags_per_hour = 1000;
    };
    for app in TestApp::all_with(busy).await {
        let moderator = app.api_user("mona").await;
        let ann = app.api_user("ann").await;
        let bob = app.api_user("bob").await;
        let book = app.book(&ann, "Beloved", "Toni Morrison").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&ann),
                Some(json!({"body": "Haunting."})),
            )
            .await;
        let review = review["id"].as_i64().unwrap();
        for i in 0..53 {
            let (status, comment) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/reviews/{review}/comments"),
                    Some(&bob),
                    Some(json!({"body": format!("note {i}")})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
            let (status, _) = app
                .api(
                    Method::POST,
                    "/api/v1/flags",
                    Some(&ann),
                    Some(json!({"target": "comment", "id": comment["id"], "reason": "spam"})),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }

        // Notifications: a page marks only itself read.
        let (_, first) = app
            .api(Method::GET, "/api/v1/notifications", Some(&ann), None)
            .await;
        assert_eq!(first["notifications"].as_array().unwrap().len(), 50);
        let cursor = first["next_cursor"].as_str().unwrap().to_string();
        let (_, second) = app
            .api(
                Method::GET,
                &format!("/api/v1/notifications?cursor={cursor}"),
                Some(&ann),
                None,
            )
            .await;
        let older = second["notifications"].as_array().unwrap();
        assert_eq!(older.len(), 3, "{}", app.backend());
        assert!(
            older.iter().all(|n| n["read"] == false),
            "not shown before, so not read: {second}"
        );
        assert!(second["next_cursor"].is_null());
        let (_, again) = app
            .api(Method::GET, "/api/v1/notifications", Some(&ann), None)
            .await;
        assert!(
            again["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["read"] == true)
        );

        // Flags: resolving the first page does not make the next one skip.
        let (_, page) = app
            .api(Method::GET, "/api/v1/flags", Some(&moderator), None)
            .await;
        let flags = page["flags"].as_array().unwrap().clone();
        assert_eq!(flags.len(), 50);
        for flag in &flags {
            let (status, _) = app
                .api(
                    Method::POST,
                    &format!("/api/v1/flags/{}/resolve", flag["id"]),
                    Some(&moderator),
                    Some(json!({"action": "dismiss"})),
                )
                .await;
            assert_eq!(status, StatusCode::NO_CONTENT);
        }
        let cursor = page["next_cursor"].as_str().unwrap();
        let (_, rest) = app
            .api(
                Method::GET,
                &format!("/api/v1/flags?cursor={cursor}"),
                Some(&moderator),
                None,
            )
            .await;
        assert_eq!(
            rest["flags"].as_array().unwrap().len(),
            3,
            "{}: {rest}",
            app.backend()
        );
        assert!(rest["next_cursor"].is_null());
    }
}
