//! What local readers do reaches their followers on other servers: reviews,
//! ratings, statuses, quotes, thread messages, likes, edits and deletions,
//! each addressed by who may see it, and nothing from a reader nobody
//! elsewhere follows.

use axum::http::StatusCode;
use dogear::AppState;
use dogear::actions::{comments, quotes, reviews, shelves, social};
use dogear::federation::{PUBLIC, delivery};
use dogear::store::User;
use serde_json::Value;

use crate::app::TestApp;
use crate::federation_delivery::{Received, mouse_follows_ann, sites};

const ANN: &str = "https://books.example/users/ann";
const ANN_FOLLOWERS: &str = "https://books.example/users/ann/followers";

pub(crate) async fn user(app: &TestApp, name: &str) -> User {
    app.store
        .user_by_username(name)
        .await
        .expect("read")
        .expect("user")
}

/// Sends what is queued and gives the activities the sink took since last asked.
pub(crate) async fn sent(state: &AppState, received: &Received) -> Vec<Value> {
    delivery::run_due(state).await.expect("run");
    let mut got = received.lock().expect("lock");
    got.drain(..)
        .map(|(_, body)| serde_json::from_str(&body).expect("json"))
        .collect()
}

/// Ann followed by mouse (accepted, the Accept already sent) and a book.
pub(crate) async fn followed_ann(app: &TestApp, state: &AppState) -> (User, i64, Received) {
    let (received, _) = mouse_follows_ann(app, StatusCode::ACCEPTED).await;
    let got = sent(state, &received).await;
    assert_eq!(got.len(), 1, "the Accept");
    let token = app.api_user("librarian").await;
    let book = app
        .book(&token, "The Dispossessed", "Ursula K. Le Guin")
        .await;
    (user(app, "ann").await, book, received)
}

fn addressed(doc: &Value) -> Vec<String> {
    ["to", "cc"]
        .iter()
        .flat_map(|k| doc[k].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn review_input(body: &str, visibility: &str) -> reviews::ReviewInput {
    reviews::ReviewInput {
        body: body.into(),
        visibility: Some(visibility.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_review_its_edit_and_its_deletion_reach_followers_elsewhere() {
    for (app, state) in sites().await {
        let (ann, book, received) = followed_ann(&app, &state).await;
        let stars = dogear::domain::rating::Stars::from_halves(4.5).expect("stars");
        shelves::rate(&app.store, &ann, book, stars)
            .await
            .expect("rate");
        let input = review_input("An *ambiguous* utopia.", "public");
        let id = reviews::write_review(&app.store, &ann, book, &input)
            .await
            .expect("review");
        let got = sent(&state, &received).await;
        assert_eq!(got.len(), 2, "{}: the rating and the review", app.backend());
        assert_eq!(got[0]["type"], "Create");
        assert_eq!(got[0]["object"]["type"], "Rating");
        assert_eq!(got[0]["object"]["rating"], 4.5);
        let create = &got[1];
        assert_eq!(create["type"], "Create");
        assert_eq!(create["actor"], ANN);
        let review = &create["object"];
        assert_eq!(review["type"], "Review");
        assert_eq!(review["id"], format!("https://books.example/reviews/{id}"));
        assert_eq!(review["attributedTo"], ANN);
        assert_eq!(
            review["inReplyToBook"],
            format!("https://books.example/books/{book}")
        );
        assert_eq!(review["rating"], 4.5);
        assert!(
            review["content"]
                .as_str()
                .is_some_and(|c| c.contains("<em>ambiguous</em>"))
        );
        assert_eq!(review["to"][0], PUBLIC);
        assert_eq!(review["cc"][0], ANN_FOLLOWERS);

        // Replaced a second later: an Update of the same object.
        let input = review_input("An ambiguous utopia, read again.", "public");
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        reviews::write_review(&app.store, &ann, book, &input)
            .await
            .expect("edit");
        let got = sent(&state, &received).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0]["type"], "Update", "{}", got[0]);
        assert_eq!(got[0]["object"]["id"], review["id"]);
        assert!(got[0]["object"]["updated"].is_string());

        reviews::delete_review(&app.store, &ann, id)
            .await
            .expect("delete");
        let got = sent(&state, &received).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0]["type"], "Delete");
        assert_eq!(got[0]["object"]["type"], "Tombstone");
        assert_eq!(got[0]["object"]["id"], review["id"]);
        assert!(addressed(&got[0]).contains(&PUBLIC.to_string()));
    }
}

#[tokio::test]
async fn a_friends_only_review_goes_to_followers_alone_and_a_private_library_not_at_all() {
    for (app, state) in sites().await {
        let (ann, book, received) = followed_ann(&app, &state).await;
        let input = review_input("For friends.", "friends");
        reviews::write_review(&app.store, &ann, book, &input)
            .await
            .expect("review");
        let got = sent(&state, &received).await;
        assert_eq!(got.len(), 1, "{}", app.backend());
        for doc in [&got[0], &got[0]["object"]] {
            assert_eq!(addressed(doc), [ANN_FOLLOWERS], "{doc}");
        }
        assert!(!got[0].to_string().contains(PUBLIC));

        // A private library: ratings, statuses and quotes stay home.
        social::set_profile(&app.store, &ann, "private", None)
            .await
            .expect("private");
        let ann = user(&app, "ann").await;
        let stars = dogear::domain::rating::Stars::from_halves(3.0).expect("stars");
        shelves::rate(&app.store, &ann, book, stars)
            .await
            .expect("rate");
        shelves::set_status(&app.store, &ann, book, Some("read"))
            .await
            .expect("status");
        let place = quotes::Place {
            page: Some(3),
            percent: None,
        };
        quotes::add(
            &app.store,
            &ann,
            book,
            "True journey is return.",
            place,
            false,
        )
        .await
        .expect("quote");
        assert!(
            sent(&state, &received).await.is_empty(),
            "{}",
            app.backend()
        );
    }
}

#[tokio::test]
async fn statuses_quotes_thread_messages_and_likes_go_out_and_nothing_from_the_unfollowed() {
    for (app, state) in sites().await {
        let (ann, book, received) = followed_ann(&app, &state).await;
        shelves::set_status(&app.store, &ann, book, Some("currently-reading"))
            .await
            .expect("status");
        let place = quotes::Place {
            page: Some(3),
            percent: None,
        };
        let quote = quotes::add(
            &app.store,
            &ann,
            book,
            "True journey <is> return.",
            place,
            false,
        )
        .await
        .expect("quote");
        let got = sent(&state, &received).await;
        assert_eq!(got.len(), 3, "{}", app.backend());
        assert_eq!(got[0]["object"]["type"], "GeneratedNote");
        assert_eq!(got[0]["object"]["content"], "started reading");
        // BookWyrm keeps the shelf too.
        assert_eq!(got[1]["type"], "Add");
        assert_eq!(
            got[1]["target"],
            "https://books.example/users/ann/shelves/currently-reading"
        );
        assert_eq!(got[2]["object"]["type"], "Quotation");
        assert_eq!(
            got[2]["object"]["quote"],
            "<p>True journey &lt;is&gt; return.</p>"
        );
        quotes::delete(&app.store, &ann, quote.id)
            .await
            .expect("delete");
        let got = sent(&state, &received).await;
        assert_eq!(got[0]["type"], "Delete");
        assert_eq!(
            got[0]["object"]["id"],
            format!("https://books.example/quotes/{}", quote.id)
        );

        // Bob, followed by nobody elsewhere, writes a review: nothing is kept or sent.
        app.signup("bob").await;
        let bob = user(&app, "bob").await;
        let review =
            reviews::write_review(&app.store, &bob, book, &review_input("Mine.", "public"))
                .await
                .expect("review");
        assert_eq!(app.store.outbox_waiting().await.expect("count"), Some(0));
        assert!(sent(&state, &received).await.is_empty());

        // Ann answers in bob's thread, quotes herself, edits, likes and unlikes.
        let pace = comments::CommentPace {
            usual: 10,
            new_account: 10,
        };
        let say = |body: &str, quote_of| comments::CommentInput {
            body: body.into(),
            quote_of,
        };
        let thread = dogear::domain::thread::Thread::Review(review);
        let (first, n1) = comments::post(&app.store, &ann, thread, &say("Agreed.", None), pace)
            .await
            .expect("post");
        let (_, n2) = comments::post(
            &app.store,
            &ann,
            thread,
            &say("And more.", Some(first)),
            pace,
        )
        .await
        .expect("post");
        comments::edit(&app.store, &ann, first, "Agreed, mostly.")
            .await
            .expect("edit");
        reviews::set_like(&app.store, &ann, review, true)
            .await
            .expect("like");
        reviews::set_like(&app.store, &ann, review, false)
            .await
            .expect("unlike");
        // Unliking what is not liked tells nobody anything.
        reviews::set_like(&app.store, &ann, review, false)
            .await
            .expect("unlike again");
        reviews::set_like(&app.store, &ann, review, true)
            .await
            .expect("like again");
        let mut got = sent(&state, &received).await;
        comments::delete(&app.store, &ann, first)
            .await
            .expect("delete");
        got.extend(sent(&state, &received).await);
        let kinds: Vec<&str> = got
            .iter()
            .map(|d| d["type"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(
            kinds,
            [
                "Create", "Create", "Update", "Like", "Undo", "Like", "Delete"
            ],
            "{}",
            app.backend()
        );
        let review_url = format!("https://books.example/reviews/{review}");
        let note = |n: i64| format!("{review_url}/comments/{n}");
        assert_eq!(got[0]["object"]["type"], "Note");
        assert_eq!(got[0]["object"]["id"], note(n1));
        assert_eq!(got[0]["object"]["inReplyTo"], review_url);
        assert_eq!(got[1]["object"]["inReplyTo"], note(n1));
        assert_eq!(got[1]["object"]["id"], note(n2));
        assert!(
            got[2]["object"]["content"]
                .as_str()
                .is_some_and(|c| c.contains("mostly"))
        );
        assert_eq!(got[3]["object"], review_url);
        assert_eq!(got[4]["object"]["type"], "Like");
        // The Undo names the like it undoes; the like made again is new.
        assert_eq!(got[4]["object"]["id"], got[3]["id"]);
        assert_ne!(got[5]["id"], got[3]["id"], "a new like is a new activity");
        assert_eq!(got[5]["object"], review_url);
        assert_eq!(got[6]["object"]["id"], note(n1));
        // Every one is ann's.
        assert!(got.iter().all(|d| d["actor"] == ANN));
    }
}

/// GETs `path` asking for ActivityPub.
pub(crate) async fn fetch(app: &TestApp, path: &str) -> crate::app::TestResponse {
    let request = axum::http::Request::get(path)
        .header(axum::http::header::ACCEPT, "application/activity+json")
        .body(axum::body::Body::empty())
        .expect("request");
    crate::app::TestResponse::from_router(app, request).await
}

fn json(r: &crate::app::TestResponse) -> Value {
    serde_json::from_str(&r.text).expect("json")
}

#[tokio::test]
async fn objects_are_served_at_their_ids_and_what_is_not_public_is_not() {
    for (app, state) in sites().await {
        let (ann, book, _) = followed_ann(&app, &state).await;
        let review =
            reviews::write_review(&app.store, &ann, book, &review_input("Open.", "public"))
                .await
                .expect("review");
        let r = fetch(&app, &format!("/reviews/{review}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.backend(), r.text);
        assert!(r.content_type().starts_with("application/activity+json"));
        let doc = json(&r);
        assert_eq!(doc["type"], "Review");
        assert_eq!(doc["id"], format!("https://books.example/reviews/{review}"));
        // The same address still serves the page to a browser.
        let page = app.browser().get(&format!("/reviews/{review}")).await;
        assert!(page.content_type().starts_with("text/html"));

        let edition = json(&fetch(&app, &doc["inReplyToBook"].as_str().expect("book")[21..]).await);
        assert_eq!(edition["type"], "Edition");
        assert_eq!(edition["title"], "The Dispossessed");
        let work = fetch(&app, &edition["work"].as_str().expect("work")[21..]).await;
        assert_eq!(json(&work)["type"], "Work");
        let author = fetch(&app, &edition["authors"][0].as_str().expect("author")[21..]).await;
        assert_eq!(json(&author)["name"], "Ursula K. Le Guin");

        let pace = comments::CommentPace {
            usual: 10,
            new_account: 10,
        };
        let input = comments::CommentInput {
            body: "A note.".into(),
            quote_of: None,
        };
        let thread = dogear::domain::thread::Thread::Review(review);
        let (id, n) = comments::post(&app.store, &ann, thread, &input, pace)
            .await
            .expect("post");
        let path = format!("/reviews/{review}/comments/{n}");
        let note = fetch(&app, &path).await;
        assert_eq!(json(&note)["type"], "Note", "{}", note.text);
        comments::delete(&app.store, &ann, id)
            .await
            .expect("delete");
        let note = fetch(&app, &path).await;
        assert_eq!(note.status, StatusCode::GONE);
        assert_eq!(json(&note)["type"], "Tombstone");

        let followers = json(&fetch(&app, "/users/ann/followers").await);
        assert_eq!(followers["type"], "OrderedCollection");
        assert_eq!(followers["totalItems"], 1);
        assert_eq!(
            fetch(&app, "/users/ann/outbox").await.status,
            StatusCode::OK
        );
        assert_eq!(
            fetch(&app, "/users/nobody/outbox").await.status,
            StatusCode::NOT_FOUND
        );

        // Friends-only: not there for other servers.
        reviews::write_review(&app.store, &ann, book, &review_input("Closed.", "friends"))
            .await
            .expect("review");
        let r = fetch(&app, &format!("/reviews/{review}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);
        assert!(!r.text.contains("Closed"));
        assert_eq!(
            fetch(&app, "/reviews/99999").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_block_from_elsewhere_stops_delivery_to_the_blocker() {
    for (app, state) in sites().await {
        let (received, pair) = mouse_follows_ann(&app, StatusCode::ACCEPTED).await;
        assert_eq!(sent(&state, &received).await.len(), 1, "the Accept");
        let mouse = "https://bookwyrm.example/user/mouse";
        let block = serde_json::json!({
            "id": format!("{mouse}#blocks/1"),
            "type": "Block",
            "actor": mouse,
            "object": ANN,
        })
        .to_string();
        let key_id = format!("{mouse}#main-key");
        let r = crate::federation::post_signed(
            &app,
            "/inbox",
            &block,
            &block,
            &key_id,
            &pair.private_pem,
        )
        .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
        let ann = user(&app, "ann").await;
        let token = app.api_user("librarian").await;
        let book = app
            .book(&token, "Lathe of Heaven", "Ursula K. Le Guin")
            .await;
        reviews::write_review(&app.store, &ann, book, &review_input("Dreams.", "public"))
            .await
            .expect("review");
        assert!(
            sent(&state, &received).await.is_empty(),
            "{}",
            app.backend()
        );
    }
}

#[tokio::test]
async fn moderators_see_the_queue_and_the_failing_hosts() {
    for app in TestApp::all().await {
        let mut moderator = app.signup("mod").await;
        let page = moderator.get("/moderation/federation").await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        assert!(page.text.contains("Deliveries waiting: <strong>0</strong>"));
        assert!(page.text.contains("No host is failing"));

        let now = dogear::actions::now();
        let host = "down.example";
        let inbox = "https://down.example/inbox";
        app.store
            .queue_delivery(None, inbox, host, "{}", now)
            .await
            .expect("queue");
        let id = app.store.deliveries().await.expect("queue")[0].id;
        for _ in 0..delivery::BREAKER_FAILURES {
            app.store
                .delivery_failed(id, host, Some(now + 60), "down", now)
                .await
                .expect("failed");
        }
        let page = moderator.get("/moderation/federation").await;
        assert!(page.text.contains("Deliveries waiting: <strong>1</strong>"));
        assert!(page.text.contains("<td>down.example</td>"), "{}", page.text);
        assert!(!page.text.contains("not held"));

        let mut reader = app.signup("bob").await;
        let page = reader.get("/moderation/federation").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn talk_under_another_readers_friends_only_review_stays_home() {
    for (app, state) in sites().await {
        let (ann, book, received) = followed_ann(&app, &state).await;
        app.signup("bob").await;
        let bob = user(&app, "bob").await;
        social::request_friend(&app.store, &bob, "ann", 10)
            .await
            .expect("ask");
        social::accept_friend(&app.store, &ann, "bob")
            .await
            .expect("accept");
        let input = review_input("Between us.", "friends");
        let review = reviews::write_review(&app.store, &bob, book, &input)
            .await
            .expect("review");
        let pace = comments::CommentPace {
            usual: 10,
            new_account: 10,
        };
        let input = comments::CommentInput {
            body: "Only for bob's friends.".into(),
            quote_of: None,
        };
        let thread = dogear::domain::thread::Thread::Review(review);
        comments::post(&app.store, &ann, thread, &input, pace)
            .await
            .expect("post");
        reviews::set_like(&app.store, &ann, review, true)
            .await
            .expect("like");
        let got = sent(&state, &received).await;
        assert!(got.is_empty(), "{}: {got:?}", app.backend());

        // Under her own friends-only review, ann's words go to her followers alone.
        let own = reviews::write_review(&app.store, &ann, book, &review_input("Mine.", "friends"))
            .await
            .expect("review");
        let thread = dogear::domain::thread::Thread::Review(own);
        comments::post(&app.store, &ann, thread, &input, pace)
            .await
            .expect("post");
        let got = sent(&state, &received).await;
        assert_eq!(got.len(), 2, "{}", app.backend());
        assert_eq!(got[1]["object"]["type"], "Note");
        assert_eq!(addressed(&got[1]["object"]), [ANN_FOLLOWERS]);
    }
}
