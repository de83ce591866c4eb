//! Content from readers elsewhere landing here: BookWyrm's fixtures, their
//! ids rewritten to a local server that serves the books they name.

use axum::http::StatusCode;
use dogear::domain::public_url::PublicUrl;
use dogear::domain::thread::Thread;
use dogear::federation::keys::KeyPair;
use dogear::store::{NewReview, RemoteActor};
use serde_json::{Value, json};

use crate::app::TestApp;
use crate::federation::post_signed;

const DIR: &str = "../shared/fixtures/activitypub/bookwyrm/extracted";
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// A fixture with BookWyrm's example hosts replaced by `base`.
fn fixture(name: &str, base: &str) -> Value {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).expect("fixture");
    let text = text
        .replace("https://www.example.com/", &format!("{base}/"))
        .replace("https://example.net/", &format!("{base}/"));
    serde_json::from_str(&text).expect("json")
}

/// A server on 127.0.0.1 serving the fixtures' Work (`/book/1`), Edition
/// (`/book/2`), the same edition under another id (`/book/3`) and Author.
async fn book_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let docs: Vec<(String, Value)> = {
        let mut third = fixture("edition_current.json", &base);
        third["id"] = json!(format!("{base}/book/3"));
        vec![
            ("/book/1".into(), fixture("work_current.json", &base)),
            ("/book/2".into(), fixture("edition_current.json", &base)),
            ("/book/3".into(), third),
            ("/author/1".into(), fixture("author.json", &base)),
        ]
    };
    let mut app = axum::Router::new();
    for (path, doc) in docs {
        let body = doc.to_string();
        app = app.route(
            &path,
            axum::routing::get(move || {
                let body = body.clone();
                async move { ([("content-type", "application/activity+json")], body) }
            }),
        );
    }
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

async fn sites() -> Vec<TestApp> {
    TestApp::all_with(|s| {
        s.public_url = Some(PublicUrl::parse("https://books.example").expect("url"));
        s.federation_allow_private = true;
    })
    .await
}

/// A reader at `uri` (on `host`), kept with a fresh key.
async fn remote(app: &TestApp, uri: &str, username: &str, host: &str) -> KeyPair {
    let pair = dogear::federation::keys::generate().expect("key");
    let actor = RemoteActor {
        id: 0,
        uri: uri.into(),
        username: username.into(),
        host: host.into(),
        name: username.into(),
        summary: String::new(),
        icon: None,
        inbox: format!("{uri}/inbox"),
        shared_inbox: None,
        key_id: format!("{uri}#main-key"),
        public_key_pem: pair.public_pem.clone(),
        bookwyrm: true,
        manual_approval: false,
        fetched_at: 0,
    };
    app.store.keep_remote_actor(&actor).await.expect("kept");
    pair
}

async fn send(app: &TestApp, actor: &str, pair: &KeyPair, activity: &Value) -> StatusCode {
    let body = activity.to_string();
    let key_id = format!("{actor}#main-key");
    let r = post_signed(app, "/inbox", &body, &body, &key_id, &pair.private_pem).await;
    r.status
}

fn wrap(kind: &str, n: u32, actor: &str, object: Value) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{actor}/activity/{kind}/{n}"),
        "type": kind,
        "actor": actor,
        "to": [PUBLIC],
        "object": object,
    })
}

/// The 4.5-star review fixture by `actor`, about `book`, to everyone.
fn review_by(base: &str, actor: &str, n: u32, book: &str) -> Value {
    let mut review = fixture("review_federation_md.json", base);
    review["id"] = json!(format!("{actor}/review/{n}"));
    review["attributedTo"] = json!(actor);
    review["inReplyToBook"] = json!(book);
    review["to"] = json!([PUBLIC]);
    review["cc"] = json!([format!("{actor}/followers")]);
    review
}

async fn user_id(app: &TestApp, name: &str) -> i64 {
    app.store
        .user_by_username(name)
        .await
        .expect("read")
        .expect("user")
        .id
}

#[tokio::test]
async fn a_review_copies_its_book_once_keeping_its_rating_and_spoiler() {
    let base = book_server().await;
    let host = base.trim_start_matches("http://").to_string();
    for app in sites().await {
        app.signup("ann").await;
        let mouse = format!("{base}/user/library_lurker");
        let pair = remote(&app, &mouse, "library_lurker", &host).await;
        let review = review_by(&base, &mouse, 2, &format!("{base}/book/2"));
        let status = send(&app, &mouse, &pair, &wrap("Create", 1, &mouse, review)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{}", app.backend());

        let book_id = app
            .store
            .book_by_origin(&format!("{base}/book/2"))
            .await
            .expect("read")
            .expect("copied, keeping its origin id");
        let reviews = app
            .store
            .book_reviews(book_id, None, 10, 0)
            .await
            .expect("reviews");
        assert_eq!(reviews.len(), 1);
        let got = &reviews[0];
        assert_eq!(got.book_title, "Seeing Like A State");
        assert_eq!(got.rating, Some(18), "4.5 stars stay 4.5");
        assert!(got.review.spoiler, "summary is a spoiler warning");
        assert_eq!(
            got.review.reviewer.username,
            format!("library_lurker@{host}")
        );
        assert!(got.review.body_html.contains("What a cracking read"));
        assert!(got.review.body_html.contains("great characters"));
        let page = app.browser().get(&format!("/books/{book_id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.text.contains("James C. Scott"),
            "the author was fetched"
        );
        assert!(page.text.contains(&format!("library_lurker@{host}")));
        // Their name leads to them as their server describes them, where
        // the reviews that reached this site are listed.
        let mut browser = app.browser();
        let profile = browser.get(&format!("/users/library_lurker@{host}")).await;
        assert_eq!(profile.status, StatusCode::SEE_OTHER, "{}", app.backend());
        let remote_page = profile.location().to_string();
        assert!(remote_page.starts_with("/people/remote/"), "{remote_page}");
        let shown = browser.get(&remote_page).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.text.contains("Seeing Like A State"), "{}", shown.text);
        assert!(shown.text.contains(&format!("href=\"/books/{book_id}\"")));
        assert!(!shown.text.contains("None have arrived yet"));

        // The same edition under another id, reviewed by someone else on
        // another host: found by its ISBN, not copied again.
        let rat = format!(
            "http://localhost:{}/user/rat",
            host.rsplit(':').next().unwrap_or("")
        );
        let rat_pair = remote(&app, &rat, "rat", "localhost").await;
        let second = review_by(&base, &rat, 7, &format!("{base}/book/3"));
        let status = send(&app, &rat, &rat_pair, &wrap("Create", 1, &rat, second)).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(
            app.store
                .book_by_origin(&format!("{base}/book/3"))
                .await
                .expect("read"),
            None
        );
        let reviews = app
            .store
            .book_reviews(book_id, None, 10, 0)
            .await
            .expect("reviews");
        assert_eq!(reviews.len(), 2, "{}", app.backend());

        // The book changes only from the server it came from.
        let mut edition = fixture("edition_current.json", &base);
        edition["title"] = json!("Seeing Like a State, Revised");
        let status = send(
            &app,
            &rat,
            &rat_pair,
            &wrap("Update", 2, &rat, edition.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let status = send(&app, &mouse, &pair, &wrap("Update", 2, &mouse, edition)).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let page = app.browser().get(&format!("/books/{book_id}")).await;
        assert!(page.text.contains("Seeing Like a State, Revised"));
    }
}

#[tokio::test]
async fn replies_are_numbered_liked_updated_deleted_and_flagged() {
    let base = book_server().await;
    let host = base.trim_start_matches("http://").to_string();
    for app in sites().await {
        let token = app.api_user("ann").await;
        let book_id = app
            .book(&token, "Anne of Green Gables", "L. M. Montgomery")
            .await;
        let ann = user_id(&app, "ann").await;
        let review_id = app
            .store
            .upsert_review(&NewReview {
                user_id: ann,
                book_id,
                body: "Lovely.".into(),
                body_html: "<p>Lovely.</p>".into(),
                spoiler: false,
                recommended_for: None,
                visibility: "public".into(),
                now: dogear::actions::now(),
            })
            .await
            .expect("review");
        let review_url = format!("https://books.example/reviews/{review_id}");
        let mouse = format!("{base}/user/mouse");
        let pair = remote(&app, &mouse, "mouse", &host).await;

        let mut note = fixture("comment_federation_md.json", &base);
        note["type"] = json!("Note");
        note["id"] = json!(format!("{mouse}/note/1"));
        note["attributedTo"] = json!(mouse);
        note["inReplyTo"] = json!(review_url);
        note["to"] = json!([PUBLIC]);
        note["summary"] = Value::Null;
        note["sensitive"] = json!(false);
        note["content"] = json!("<p>Agreed <script>x()</script>entirely</p>");
        let status = send(
            &app,
            &mouse,
            &pair,
            &wrap("Create", 1, &mouse, note.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{}", app.backend());
        let mut answer = note.clone();
        answer["id"] = json!(format!("{mouse}/note/2"));
        answer["inReplyTo"] = json!(format!("{review_url}/comments/1"));
        answer["content"] = json!("<p>And quoted</p>");
        let status = send(&app, &mouse, &pair, &wrap("Create", 2, &mouse, answer)).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let thread = app
            .store
            .comments_page(Thread::Review(review_id), 1, 10, None)
            .await
            .expect("thread");
        assert_eq!(thread.len(), 2);
        assert_eq!(thread[0].number, 1);
        assert!(thread[0].body_html.contains("Agreed"));
        assert!(!thread[0].body_html.contains("script"), "sanitised");
        assert_eq!(
            thread[0].author.as_ref().map(|a| a.username.clone()),
            Some(format!("mouse@{host}"))
        );
        assert_eq!(thread[1].number, 2);
        assert!(thread[1].quote.is_some(), "a reply to a message quotes it");

        // Likes count, and are taken back.
        let like = json!({"id": format!("{mouse}/like/1"), "type": "Like", "actor": mouse, "object": review_url});
        assert_eq!(send(&app, &mouse, &pair, &like).await, StatusCode::ACCEPTED);
        let likes = |app: &TestApp| {
            let store = app.store.clone();
            async move {
                store
                    .review(review_id)
                    .await
                    .expect("read")
                    .expect("review")
                    .likes_count
            }
        };
        assert_eq!(likes(&app).await, 1);
        let undo = wrap("Undo", 1, &mouse, like);
        assert_eq!(send(&app, &mouse, &pair, &undo).await, StatusCode::ACCEPTED);
        assert_eq!(likes(&app).await, 0);

        // An edit changes the words; a deletion keeps the number.
        note["content"] = json!("<p>Changed my mind</p>");
        assert_eq!(
            send(&app, &mouse, &pair, &wrap("Update", 1, &mouse, note)).await,
            StatusCode::ACCEPTED
        );
        let thread = app
            .store
            .comments_page(Thread::Review(review_id), 1, 10, None)
            .await
            .expect("thread");
        assert!(thread[0].body_html.contains("Changed my mind"));
        let tombstone = json!({"id": format!("{mouse}/note/1"), "type": "Tombstone"});
        assert_eq!(
            send(&app, &mouse, &pair, &wrap("Delete", 1, &mouse, tombstone)).await,
            StatusCode::ACCEPTED
        );
        let thread = app
            .store
            .comments_page(Thread::Review(review_id), 1, 10, None)
            .await
            .expect("thread");
        assert!(thread[0].deleted);
        assert_eq!(thread[0].number, 1);
        assert_eq!(thread[1].number, 2);

        // Someone else may not change or delete mouse's words.
        let rat = format!("{base}/user/rat");
        let rat_pair = remote(&app, &rat, "rat", &host).await;
        let gone = json!({"id": format!("{mouse}/note/2"), "type": "Tombstone"});
        send(&app, &rat, &rat_pair, &wrap("Delete", 1, &rat, gone)).await;
        let thread = app
            .store
            .comments_page(Thread::Review(review_id), 1, 10, None)
            .await
            .expect("thread");
        assert!(!thread[1].deleted);

        // A flag from their server reaches the moderation queue.
        let flag = json!({
            "id": format!("{base}/flag/1"), "type": "Flag", "actor": rat,
            "object": [review_url], "content": "Spam, surely",
        });
        assert_eq!(
            send(&app, &rat, &rat_pair, &flag).await,
            StatusCode::ACCEPTED
        );
        let flags = app.store.open_flags(10, 0).await.expect("flags");
        assert_eq!(flags.len(), 1, "{}", app.backend());
        assert_eq!(flags[0].target_kind, "review");
        assert_eq!(flags[0].target_id, review_id);
        assert!(
            flags[0]
                .note
                .as_deref()
                .unwrap_or("")
                .contains("Spam, surely")
        );
    }
}

#[tokio::test]
async fn followers_only_stays_with_followers_and_a_block_refuses() {
    let base = book_server().await;
    let host = base.trim_start_matches("http://").to_string();
    for app in sites().await {
        app.signup("ann").await;
        app.signup("bob").await;
        let (ann, bob) = (user_id(&app, "ann").await, user_id(&app, "bob").await);
        let mouse = format!("{base}/user/mouse");
        let pair = remote(&app, &mouse, "mouse", &host).await;
        let mut review = fixture("review.json", &base);
        review["id"] = json!(format!("{mouse}/review/7"));
        review["attributedTo"] = json!(mouse);
        review["to"] = json!([format!("{mouse}/followers")]);
        review["inReplyToBook"] = json!(format!("{base}/book/2"));
        let mut create = wrap("Create", 1, &mouse, review);
        create["to"] = json!([format!("{mouse}/followers")]);
        assert_eq!(
            send(&app, &mouse, &pair, &create).await,
            StatusCode::ACCEPTED
        );
        let book_id = app
            .store
            .book_by_origin(&format!("{base}/book/2"))
            .await
            .expect("read")
            .expect("copied");
        let stand_in = app
            .store
            .stand_in_user(&mouse)
            .await
            .expect("read")
            .expect("stand-in");
        app.store
            .set_follow(bob, stand_in, true, dogear::actions::now())
            .await
            .expect("follow");
        let seen = |viewer: Option<i64>| {
            let store = app.store.clone();
            async move {
                store
                    .book_reviews(book_id, viewer, 10, 0)
                    .await
                    .expect("reviews")
                    .len()
            }
        };
        assert_eq!(seen(None).await, 0, "{}", app.backend());
        assert_eq!(seen(Some(ann)).await, 0, "not a follower");
        assert_eq!(seen(Some(bob)).await, 1, "a follower");
        let review_id = app
            .store
            .book_reviews(book_id, Some(bob), 10, 0)
            .await
            .expect("reviews")[0]
            .review
            .id;
        let page = app.browser().get(&format!("/reviews/{review_id}")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);

        // Ann blocks the stand-in: their reply to her review is refused.
        let mine = app
            .store
            .upsert_review(&NewReview {
                user_id: ann,
                book_id,
                body: "Mine.".into(),
                body_html: "<p>Mine.</p>".into(),
                spoiler: false,
                recommended_for: None,
                visibility: "public".into(),
                now: dogear::actions::now(),
            })
            .await
            .expect("review");
        app.store
            .set_block(ann, stand_in, true, dogear::actions::now())
            .await
            .expect("block");
        let reply = json!({
            "id": format!("{mouse}/note/9"), "type": "Note", "attributedTo": mouse,
            "to": [PUBLIC], "content": "<p>Hello</p>",
            "inReplyTo": format!("https://books.example/reviews/{mine}"),
        });
        let status = send(&app, &mouse, &pair, &wrap("Create", 9, &mouse, reply)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let thread = app
            .store
            .comments_page(Thread::Review(mine), 1, 10, None)
            .await
            .expect("thread");
        assert!(thread.is_empty());
    }
}
