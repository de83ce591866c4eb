//! Notifications by mail, for the kinds a reader asked for: replies, quotes,
//! friend requests and a weekly digest, each mail with a one-click way out
//! (a link, and RFC 8058's List-Unsubscribe headers).

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::{TestApp, ok};
use crate::email::{address, mail_sites, path, prove_address};
use crate::smtp_sink::SmtpSink;
use crate::social::{call, signin};
use dogear::config::Settings;
use dogear::domain::public_url::PublicUrl;
use dogear::mail::Mailer;

/// The site's mailer as the server builds it (the same key, from the database).
async fn mailer(app: &TestApp, sink: &SmtpSink) -> Mailer {
    let key = app
        .store
        .site_secret("mail", &"00".repeat(32))
        .await
        .unwrap();
    let mut settings = Settings::for_database("");
    settings.smtp_host = Some("127.0.0.1".into());
    settings.smtp_port = Some(sink.port);
    settings.smtp_tls = "none".into();
    let url = PublicUrl::for_listen("127.0.0.1:8080").unwrap();
    Mailer::new(&settings, &url, &key).unwrap()
}

async fn deliver(app: &TestApp, mailer: &Mailer) -> usize {
    dogear::mail::queue::deliver(&app.store, mailer, dogear::actions::now())
        .await
        .unwrap()
}

/// Ann, with a proved address and mail asked for; her API token and address.
async fn ann_with_mail(app: &TestApp, sink: &SmtpSink, kinds: &[&str]) -> (String, String) {
    let token = app.api_user("ann").await;
    let mut browser = signin(app, "ann").await;
    let to = address(app, "ann");
    prove_address(sink, &mut browser, &to).await;
    let fields: Vec<(&str, &str)> = kinds.iter().map(|k| ("mail", *k)).collect();
    let saved = browser.post_form("/settings/mail", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let page = browser.get("/settings").await.text;
    for kind in kinds {
        assert!(
            page.contains(&format!("value=\"{kind}\" checked")),
            "{kind} ticked"
        );
    }
    (token, to)
}

async fn review(app: &TestApp, token: &str) -> i64 {
    let book = app.book(token, "Middlemarch", "George Eliot").await;
    let review = ok(
        app,
        Method::PUT,
        &format!("/api/v1/books/{book}/review"),
        token,
        json!({"body": "On Middlemarch."}),
    )
    .await;
    review["id"].as_i64().unwrap()
}

async fn comment(app: &TestApp, token: &str, review: i64) {
    ok(
        app,
        Method::POST,
        &format!("/api/v1/reviews/{review}/comments"),
        token,
        json!({"body": "I agree."}),
    )
    .await;
}

#[tokio::test]
async fn a_reply_comes_by_mail_and_one_click_stops_it() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mailer = mailer(&app, &sink).await;
        let (ann, to) = ann_with_mail(&app, &sink, &["comment"]).await;
        let bob = app.api_user("bob").await;
        let review = review(&app, &ann).await;
        comment(&app, &bob, review).await;
        assert_eq!(deliver(&app, &mailer).await, 1);
        assert_eq!(deliver(&app, &mailer).await, 0, "sent once");

        let mail = sink.wait_for(&to, 2).await;
        assert_eq!(
            mail.header("Subject").unwrap(),
            "bob replied to your review of Middlemarch"
        );
        assert!(mail.body.contains(&format!("/reviews/{review}")));
        let header = mail.header("List-Unsubscribe").unwrap();
        assert_eq!(
            mail.header("List-Unsubscribe-Post").unwrap(),
            "List-Unsubscribe=One-Click"
        );
        let link = mail.link("http://127.0.0.1:8080/unsubscribe?");
        assert_eq!(header, format!("<{link}>"));

        // A tampered link does nothing.
        let forged = link.replace("kind=comment", "kind=quote");
        let mut client = app.browser();
        let refused = client
            .post_raw(&path(&forged), "List-Unsubscribe=One-Click")
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Opening the link shows a button; the mail program's one-click POST
        // (no cookie, no form token) is enough.
        let page = client.get(&path(&link)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Unsubscribe"));
        let mut mail_program = app.browser();
        let done = mail_program
            .post_raw(&path(&link), "List-Unsubscribe=One-Click")
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text);
        assert!(
            done.text
                .contains("You will get no more of this kind of mail")
        );

        comment(&app, &bob, review).await;
        assert_eq!(deliver(&app, &mailer).await, 0);
        assert_eq!(sink.to(&to).len(), 2, "no mail after unsubscribing");
        // The notification itself still came, on the site.
        let (_, list) = call(&app, Method::GET, "/api/v1/notifications", &ann).await;
        assert_eq!(list["notifications"].as_array().unwrap().len(), 2);
    }
}

#[tokio::test]
async fn only_the_kinds_asked_for_come_by_mail() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mailer = mailer(&app, &sink).await;
        let (ann, to) = ann_with_mail(&app, &sink, &["friend_request"]).await;
        let bob = app.api_user("bob").await;
        let review = review(&app, &ann).await;
        comment(&app, &bob, review).await;
        let (status, _) = call(&app, Method::POST, "/api/v1/users/ann/friend", &bob).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(deliver(&app, &mailer).await, 1);
        let mail = sink.wait_for(&to, 2).await;
        assert_eq!(
            mail.header("Subject").unwrap(),
            "bob asked to be your friend on Dogear"
        );
        // A reader without an address gets no mail at all.
        let cat = app.api_user("cat").await;
        let (status, _) = call(&app, Method::POST, "/api/v1/users/bob/friend", &cat).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(deliver(&app, &mailer).await, 0);
        assert_eq!(sink.to(&to).len(), 2);
    }
}

#[tokio::test]
async fn a_weekly_digest_counts_what_was_missed_and_comes_once_a_week() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mailer = mailer(&app, &sink).await;
        let (ann, to) = ann_with_mail(&app, &sink, &["digest"]).await;
        let bob = app.api_user("bob").await;
        let review = review(&app, &ann).await;
        comment(&app, &bob, review).await;
        comment(&app, &bob, review).await;
        assert_eq!(deliver(&app, &mailer).await, 1, "the digest only");
        let mail = sink.wait_for(&to, 2).await;
        assert_eq!(mail.header("Subject").unwrap(), "Your week on Dogear");
        assert!(
            mail.body.contains("- 2 comments on your reviews"),
            "{}",
            mail.body
        );
        assert!(
            mail.header("List-Unsubscribe")
                .unwrap()
                .contains("kind=digest")
        );
        assert_eq!(deliver(&app, &mailer).await, 0, "not again this week");
        // A week on, another.
        let later = dogear::actions::now() + 7 * 24 * 3600 + 1;
        let sent = dogear::mail::queue::deliver(&app.store, &mailer, later)
            .await
            .unwrap();
        assert_eq!(sent, 1);
    }
}

#[tokio::test]
async fn a_reply_quoting_you_comes_by_mail_with_its_way_out() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mailer = mailer(&app, &sink).await;
        let (ann, to) = ann_with_mail(&app, &sink, &["quote"]).await;
        let bob = app.api_user("bob").await;
        let cat = app.api_user("cat").await;
        let review = review(&app, &bob).await;
        let said = ok(
            &app,
            Method::POST,
            &format!("/api/v1/reviews/{review}/comments"),
            &ann,
            json!({"body": "Dorothea deserved better."}),
        )
        .await;
        // A plain reply by Bob is no quote: Ann asked for quotes only.
        comment(&app, &bob, review).await;
        assert_eq!(deliver(&app, &mailer).await, 0, "{}", app.backend());
        ok(
            &app,
            Method::POST,
            &format!("/api/v1/reviews/{review}/comments"),
            &cat,
            json!({"body": "She did.", "quote_of": said["id"]}),
        )
        .await;
        assert_eq!(deliver(&app, &mailer).await, 1, "{}", app.backend());
        let mail = sink.wait_for(&to, 2).await;
        assert_eq!(mail.header("Subject").unwrap(), "cat quoted your comment");
        assert!(mail.body.contains(&format!("/reviews/{review}")));
        let link = mail.link("http://127.0.0.1:8080/unsubscribe?");
        assert!(link.contains("kind=quote"), "{link}");
        assert_eq!(
            mail.header("List-Unsubscribe").unwrap(),
            format!("<{link}>")
        );
    }
}
