//! The conversation under a review, built as in the contract's example:
//! 151 comments over 4 pages, an edited one, a quoted one, a deleted one, one
//! from a deleted account, commenters with ratings and with to-read shelves;
//! how it reads on the pages and in the API, and what a page costs.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::app::TestApp;
use dogear::store::NewComment;

struct Thread {
    review: i64,
    helen: String,
    erin: String,
    tom: String,
    quoted: i64,
}

/// Builds the example thread; numbers 1..=151. Notable ones: 2 by Erin
/// (quoted later by 60), 3 by Helen and edited, 10 by Tom and deleted, 120 by
/// an account deleted afterwards.
async fn example_thread(app: &TestApp) -> Thread {
    let helen = app.api_user("Helen").await;
    let erin = app.api_user("Erin").await;
    let tom = app.api_user("Tom").await;
    let gone = app.api_user("Gone").await;
    let book = app.book(&helen, "Middlemarch", "George Eliot").await;
    let b = |p: &str| format!("/api/v1/books/{book}/{p}");
    app.api(
        Method::PUT,
        &b("rating"),
        Some(&helen),
        Some(json!({"stars": 5})),
    )
    .await;
    app.api(
        Method::PUT,
        &b("rating"),
        Some(&erin),
        Some(json!({"stars": 4.5})),
    )
    .await;
    app.api(
        Method::PUT,
        &b("status"),
        Some(&tom),
        Some(json!({"status": "to-read"})),
    )
    .await;
    app.api(
        Method::PUT,
        &b("rating"),
        Some(&gone),
        Some(json!({"stars": 2})),
    )
    .await;
    let (_, review) = app
        .api(
            Method::PUT,
            &b("review"),
            Some(&helen),
            Some(json!({"body": "A humane novel."})),
        )
        .await;
    let review = review["id"].as_i64().unwrap();
    let c = format!("/api/v1/reviews/{review}/comments");
    let post = |token: String, body: Value| {
        let c = c.clone();
        async move {
            let (status, posted) = app.api(Method::POST, &c, Some(&token), Some(body)).await;
            assert_eq!(status, StatusCode::CREATED, "{}: {posted}", app.backend());
            posted
        }
    };
    let first = post(erin.clone(), json!({"body": "First!"})).await;
    assert_eq!(first["number"], 1);
    let second = post(erin.clone(), json!({"body": "Dorothea deserved better than Casaubon, and everyone in Middlemarch knew it."})).await;
    let quoted = second["id"].as_i64().unwrap();
    let third = post(helen.clone(), json!({"body": "Agreed, mostly."})).await;
    let (status, _) = app
        .api(
            Method::PATCH,
            &format!("/api/v1/comments/{}", third["id"]),
            Some(&helen),
            Some(json!({"body": "Agreed, entirely."})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let helen_id = app
        .store
        .user_by_username("helen")
        .await
        .unwrap()
        .unwrap()
        .id;
    for n in 4..=151 {
        match n {
            10 => {
                let posted = post(tom.clone(), json!({"body": "Oops, wrong thread."})).await;
                let (status, _) = app
                    .api(
                        Method::DELETE,
                        &format!("/api/v1/comments/{}", posted["id"]),
                        Some(&tom),
                        None,
                    )
                    .await;
                assert_eq!(status, StatusCode::NO_CONTENT);
            }
            60 => {
                let posted = post(
                    tom.clone(),
                    json!({"body": "Not so sure.", "quote_of": quoted}),
                )
                .await;
                assert_eq!(posted["number"], 60);
            }
            120 => {
                post(gone.clone(), json!({"body": "Leaving soon."})).await;
            }
            _ => {
                let new = NewComment {
                    thread: dogear::domain::thread::Thread::Review(review),
                    author_id: helen_id,
                    body: format!("Note {n}"),
                    body_html: format!("<p>Note {n}</p>"),
                    quote_of: None,
                    now: 1_000 + n,
                };
                let (_, number) = app.store.add_comment(&new).await.unwrap();
                assert_eq!(number, n);
            }
        }
    }
    let (status, _) = app
        .api(Method::DELETE, "/api/v1/accounts/me", Some(&gone), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    Thread {
        review,
        helen,
        erin,
        tom,
        quoted,
    }
}

/// The visible text of an element, tags dropped and spaces collapsed.
pub(crate) fn text_of(html: &str, marker: &str) -> String {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in page"));
    let rest = &html[start..];
    let rest = &rest[rest.find('>').map_or(0, |i| i + 1)..];
    let end = rest.find("</article>").unwrap_or(rest.len());
    let mut text = String::new();
    let mut in_tag = false;
    for ch in rest[..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_example_thread_reads_as_the_contract_says() {
    for app in TestApp::all().await {
        let t = example_thread(&app).await;
        let mut visitor = app.browser();
        let page = visitor.get(&format!("/reviews/{}", t.review)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.backend());
        let html = &page.text;
        assert!(
            html.contains("Comments <span class=\"showing\">(showing 1-50 of 151)</span>"),
            "{}",
            app.backend()
        );
        assert!(!html.contains(" new)"), "strangers see no new");
        assert!(html.contains("<article class=\"comment\" id=\"message-1\">"));
        assert!(html.contains("id=\"message-50\"") && !html.contains("id=\"message-51\""));
        let third = text_of(html, "id=\"message-3\"");
        assert!(
            third.starts_with("message 3: by Helen (last edited "),
            "{third}"
        );
        assert!(third.contains("PM)") || third.contains("AM)"), "{third}");
        assert!(third.contains(" - rated it 5 stars"), "{third}");
        assert!(
            text_of(html, "id=\"message-1\"")
                .starts_with("message 1: by Erin - rated it 4.5 stars")
        );
        let tenth = text_of(html, "id=\"message-10\"");
        assert!(
            tenth.starts_with("message 10: by Tom - added it"),
            "{tenth}"
        );
        assert!(
            tenth.contains("this comment has been deleted") && !tenth.contains("Oops"),
            "{tenth}"
        );
        assert!(
            html.contains("« previous</span>") && html.contains("<em aria-current=\"page\">1</em>")
        );
        for n in 2..=4 {
            assert!(
                html.contains(&format!("<a href=\"?page={n}#comments\">{n}</a>")),
                "page link {n}"
            );
        }
        assert!(html.contains("rel=\"next\">next »</a>"));
        assert!(html.contains("<a href=\"#top\">back to top</a>"));

        let page2 = visitor
            .get(&format!("/reviews/{}?page=2", t.review))
            .await
            .text;
        assert!(page2.contains("(showing 51-100 of 151)"));
        let sixty = text_of(&page2, "id=\"message-60\"");
        assert!(
            sixty.contains("Erin wrote: \"Dorothea deserved better"),
            "{sixty}"
        );
        assert!(
            page2.contains(&format!("href=\"/reviews/{}?page=1#message-2\"", t.review)),
            "the quote links to its page"
        );
        let page3 = visitor
            .get(&format!("/reviews/{}?page=3", t.review))
            .await
            .text;
        let gone = text_of(&page3, "id=\"message-120\"");
        assert!(gone.starts_with("message 120: by [deleted user]"), "{gone}");
        assert!(gone.contains("Leaving soon."), "their words stay");
        assert!(
            !gone.contains("rated it"),
            "a deleted account has no rating left"
        );
        let page4 = visitor
            .get(&format!("/reviews/{}?page=4", t.review))
            .await
            .text;
        assert!(page4.contains("(showing 151-151 of 151)"));
        assert!(page4.contains("id=\"message-151\""));
        assert!(page4.contains("rel=\"prev\">« previous</a>") && page4.contains("next »</span>"));
        let _ = (&t.erin, &t.tom, &t.helen);
    }
}

#[tokio::test]
async fn new_counts_follow_what_each_page_showed() {
    for app in TestApp::all().await {
        let t = example_thread(&app).await;
        let mut reader = app.signup("reader").await;
        let path = format!("/reviews/{}", t.review);
        let first = reader.get(&path).await.text;
        assert!(
            first.contains("<span class=\"new-count\">(151 new)</span>"),
            "{}: a first visit counts them all",
            app.backend()
        );
        assert!(text_of(&first, "id=\"message-1\"").contains("(new)"));
        let again = reader.get(&path).await.text;
        assert!(
            again.contains("(101 new)"),
            "page 1 is seen now, not the others"
        );
        assert!(!text_of(&again, "id=\"message-1\"").contains("(new)"));
        let page2 = reader.get(&format!("{path}?page=2")).await.text;
        assert!(
            page2.contains("(101 new)") && text_of(&page2, "id=\"message-51\"").contains("(new)")
        );
        assert!(reader.get(&path).await.text.contains("(51 new)"));
        let (status, posted) = app
            .api(
                Method::POST,
                &format!("/api/v1/reviews/{}/comments", t.review),
                Some(&t.erin),
                Some(json!({"body": "One more."})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(posted["number"], 152);
        assert!(
            reader.get(&path).await.text.contains("(52 new)"),
            "a new comment is new"
        );
    }
}

#[tokio::test]
async fn the_api_gives_every_field() {
    for app in TestApp::all().await {
        let t = example_thread(&app).await;
        let (status, page) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{}/comments?page=2", t.review),
                Some(&t.tom),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", app.backend());
        assert_eq!(
            (
                page["total"].as_i64(),
                page["page"].as_i64(),
                page["per_page"].as_i64()
            ),
            (Some(151), Some(2), Some(50))
        );
        assert_eq!(page["new_count"], 151, "the API counts a first visit too");
        let comments = page["comments"].as_array().unwrap();
        assert_eq!(comments.len(), 50);
        assert_eq!(comments[0]["number"], 51);
        let sixty = &comments[9];
        assert_eq!(sixty["number"], 60);
        assert_eq!(sixty["quote_of"], t.quoted);
        assert_eq!(sixty["author"]["username"], "Tom");
        assert_eq!(sixty["commenter_status"], "to-read");
        assert_eq!(sixty["commenter_rating"], Value::Null);
        assert!(sixty["created_at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(sixty["deleted"], false);
        let (_, page1) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{}/comments", t.review),
                None,
                None,
            )
            .await;
        let c = page1["comments"].as_array().unwrap();
        assert_eq!(c[0]["commenter_rating"], 4.5);
        assert!(c[2]["edited_at"].is_string());
        assert_eq!(c[9]["deleted"], true);
        assert_eq!(
            c[9]["body"],
            Value::Null,
            "a deleted comment's words are gone"
        );
        assert_eq!(page1["new_count"], 0, "no new for strangers");
        let (_, page3) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{}/comments?page=3", t.review),
                None,
                None,
            )
            .await;
        assert_eq!(page3["comments"][19]["number"], 120);
        assert_eq!(page3["comments"][19]["author"], Value::Null);
    }
}

#[tokio::test]
async fn a_page_costs_the_same_queries_whatever_the_page_or_thread() {
    for app in TestApp::all().await {
        let t = example_thread(&app).await;
        let small = app.api_user("small").await;
        let book = app.book(&small, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&small),
                Some(json!({"body": "Short."})),
            )
            .await;
        let small_review = review["id"].as_i64().unwrap();
        // The same shape of reviewer as Helen: a rating, so the same statements run.
        app.api(
            Method::PUT,
            &format!("/api/v1/books/{book}/rating"),
            Some(&small),
            Some(json!({"stars": 3})),
        )
        .await;
        for n in 0..3 {
            app.api(
                Method::POST,
                &format!("/api/v1/reviews/{small_review}/comments"),
                Some(&small),
                Some(json!({"body": format!("c{n}")})),
            )
            .await;
        }
        let mut reader = app.signup("counter").await;
        let page4 = cost(&app, &mut reader, &format!("/reviews/{}?page=4", t.review)).await;
        let page1 = cost(&app, &mut reader, &format!("/reviews/{}?page=1", t.review)).await;
        let tiny = cost(&app, &mut reader, &format!("/reviews/{small_review}")).await;
        assert_eq!(
            page4,
            page1,
            "{}: page 4 costs what page 1 does",
            app.backend()
        );
        assert_eq!(page1, tiny, "151 comments cost what 3 do");
        assert!(
            page1 <= 16,
            "{}: {page1} queries for a review page",
            app.backend()
        );
    }
}

/// The statements one page view runs.
async fn cost(app: &TestApp, browser: &mut crate::app::Browser, path: &str) -> u64 {
    let before = app.store.query_count();
    let page = browser.get(path).await.text;
    assert!(page.contains("id=\"message-"), "{path}");
    app.store.query_count() - before
}

#[tokio::test]
async fn a_review_page_costs_the_same_statements_on_every_database() {
    let mut costs = Vec::new();
    for app in TestApp::all().await {
        let t = example_thread(&app).await;
        let mut reader = app.signup("counter").await;
        let first = cost(&app, &mut reader, &format!("/reviews/{}?page=2", t.review)).await;
        let again = cost(&app, &mut reader, &format!("/reviews/{}?page=2", t.review)).await;
        let signed_out = cost(&app, &mut app.browser(), &format!("/reviews/{}", t.review)).await;
        // The review with its book, the book's authors, the reviewer's side
        // of the book, the likers and a page of the thread.
        assert!(
            signed_out <= 5,
            "{}: {signed_out} statements signed out",
            app.backend()
        );
        costs.push((app.backend(), [first, again, signed_out]));
    }
    if let [(_, sqlite), rest @ ..] = costs.as_slice() {
        for (backend, other) in rest {
            assert_eq!(
                sqlite, other,
                "sqlite and {backend}: first view, a re-read, signed out"
            );
        }
    }
    assert!(!costs.is_empty());
}
