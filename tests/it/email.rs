//! Email on accounts, over real SMTP to a sink the test starts: giving an
//! address and following the link that proves it, changing it with the old
//! address's consent, and a site with no mail saying who resets passwords.

use axum::http::StatusCode;

use crate::app::{Browser, TestApp};
use crate::smtp_sink::{Received, SmtpSink};

/// A sink, and one site per database whose mail goes to it.
pub(crate) async fn mail_sites() -> (SmtpSink, Vec<TestApp>) {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let apps = TestApp::all_with(move |s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = Some(port);
        s.smtp_tls = "none".into();
    })
    .await;
    (sink, apps)
}

/// An address of `name`'s on this backend: both sites share the sink.
pub(crate) fn address(app: &TestApp, name: &str) -> String {
    format!("{name}.{}@example.org", app.backend())
}

/// A link from a mail, as a path on the site.
pub(crate) fn path(link: &str) -> String {
    link.strip_prefix("http://127.0.0.1:8080")
        .unwrap_or_else(|| panic!("{link} is not the site's"))
        .to_string()
}

/// Gives the reader `to` as their address, waits for the mail, follows its link.
pub(crate) async fn prove_address(sink: &SmtpSink, browser: &mut Browser, to: &str) -> Received {
    let before = sink.to(to).len();
    let response = browser.post_form("/settings/email", &[("email", to)]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.text);
    assert!(response.location().contains("notice=email-sent"));
    let mail = sink.wait_for(to, before + 1).await;
    let link = mail.link("http://127.0.0.1:8080/email/verify?token=");
    let page = browser.get(&path(&link)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("is your address on Dogear now"));
    mail
}

#[tokio::test]
async fn a_link_mailed_to_the_address_proves_it_once() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mut ann = app.signup("ann").await;
        let to = address(&app, "ann");
        let settings = ann.get("/settings").await.text;
        assert!(settings.contains("You have given no email address"));

        let response = ann.post_form("/settings/email", &[("email", &to)]).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        let pending = ann.get("/settings").await.text;
        assert!(pending.contains(&format!("Waiting for you to confirm {to}")));
        assert!(!pending.contains("(confirmed)"), "not yet proved");

        let mail = sink.wait_for(&to, 1).await;
        assert_eq!(
            mail.header("Subject").unwrap(),
            "Confirm your email address for Dogear"
        );
        assert!(mail.header("From").unwrap().contains("dogear@127.0.0.1"));
        assert!(mail.header("List-Unsubscribe").is_none(), "account mail");
        let link = path(&mail.link("http://127.0.0.1:8080/email/verify?token="));
        // Anyone holding the link proves it, signed in or not.
        let mut stranger = app.browser();
        let page = stranger.get(&link).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let settings = ann.get("/settings").await.text;
        assert!(settings.contains(&format!("<strong>{to}</strong> (confirmed)")));

        let again = stranger.get(&link).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.text.contains("This link no longer works"));
        let forged = stranger
            .get(&format!("/email/verify?token={}", "ab".repeat(32)))
            .await;
        assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
        let junk = stranger.get("/email/verify?token=%3Cscript%3E").await;
        assert_eq!(junk.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!junk.text.contains("<script>"));
    }
}

#[tokio::test]
async fn bad_addresses_are_refused_beside_the_form() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mut ann = app.signup("ann").await;
        let page = ann
            .post_form("/settings/email", &[("email", "ann.example.org")])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.text.contains("An address looks like name@example.org"));
        assert!(
            page.text.contains("id=\"email\""),
            "the settings page again"
        );
    }
    assert_eq!(sink.count(), 0);
}

#[tokio::test]
async fn a_new_address_needs_the_old_one_to_agree_then_proves_itself() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mut ann = app.signup("ann").await;
        let old = address(&app, "ann");
        let new = address(&app, "ann.new");
        prove_address(&sink, &mut ann, &old).await;

        let response = ann.post_form("/settings/email", &[("email", &new)]).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        // The old address hears first; the new one nothing yet.
        let ask = sink.wait_for(&old, 2).await;
        assert_eq!(
            ask.header("Subject").unwrap(),
            "Confirm the change of your Dogear email address"
        );
        assert!(ask.body.contains(&new));
        assert!(sink.to(&new).is_empty());
        let settings = ann.get("/settings").await.text;
        assert!(settings.contains(&format!("<strong>{old}</strong> (confirmed)")));

        // Opening the link agrees to nothing: a button does.
        let link = path(&ask.link("http://127.0.0.1:8080/email/change?token="));
        let mut old_mailbox = app.browser();
        let page = old_mailbox.get(&link).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Yes, change my address"));
        assert!(sink.to(&new).is_empty());
        let agreed = old_mailbox.post_form(&link, &[]).await;
        assert_eq!(agreed.status, StatusCode::OK, "{}", agreed.text);
        assert!(agreed.text.contains(&format!("A link to confirm {new}")));
        let again = old_mailbox.post_form(&link, &[]).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

        let proof = sink.wait_for(&new, 1).await;
        let verify = path(&proof.link("http://127.0.0.1:8080/email/verify?token="));
        assert_eq!(ann.get(&verify).await.status, StatusCode::OK);
        let settings = ann.get("/settings").await.text;
        assert!(settings.contains(&format!("<strong>{new}</strong> (confirmed)")));
        assert!(!settings.contains(&old));
    }
}

#[tokio::test]
async fn one_address_belongs_to_one_account() {
    let (sink, apps) = mail_sites().await;
    for app in apps {
        let mut ann = app.signup("ann").await;
        let mut bob = app.signup("bob").await;
        let to = address(&app, "shared");
        prove_address(&sink, &mut ann, &to).await;
        // Bob is told the same as for any address: nothing says it is taken.
        let response = bob
            .post_form("/settings/email", &[("email", &to.to_uppercase())])
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        let mail = sink.wait_for(&to, 2).await;
        let link = path(&mail.link("http://127.0.0.1:8080/email/verify?token="));
        let page = bob.get(&link).await;
        assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.text);
        assert!(page.text.contains("already another account"));
        let settings = bob.get("/settings").await.text;
        assert!(settings.contains("You have given no email address"));
    }
}

#[tokio::test]
async fn without_smtp_the_site_works_and_names_the_admin_command() {
    for app in TestApp::all().await {
        let mut ann = app.signup("ann").await;
        let settings = ann.get("/settings").await.text;
        assert!(settings.contains("This site sends no mail"));
        assert!(settings.contains("dogear user password NAME"));
        let response = ann
            .post_form("/settings/email", &[("email", "ann@example.org")])
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut stranger = app.browser();
        let signin = stranger.get("/signin").await.text;
        assert!(signin.contains("href=\"/forgot\""));
        let forgot = stranger.get("/forgot").await.text;
        assert!(forgot.contains("dogear user password NAME"));
        let post = stranger
            .post_form("/forgot", &[("email", "ann@example.org")])
            .await;
        assert_eq!(post.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(post.text.contains("dogear user password NAME"));
    }
}
