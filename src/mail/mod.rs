//! Outgoing mail: the SMTP connection the settings describe (or none), the
//! links mail carries (unsubscribe links signed with the site's mail key),
//! and the queue of notification mail with its weekly digests (`queue`).

pub mod compose;
pub mod queue;

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sha2::Sha256;

use crate::auth::secret;
use crate::config::Settings;
use crate::domain::email::unsubscribe_message;
use crate::domain::public_url::PublicUrl;

/// How long one SMTP exchange may take before the mail counts as not sent.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// One mail to send: plain text, with an unsubscribe link for mail a reader
/// asked for (also given as RFC 8058 `List-Unsubscribe` headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub unsubscribe: Option<String>,
}

/// The site's mail: where it goes out, who it is from, and the key its
/// unsubscribe links are signed with.
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    key: Hmac<Sha256>,
    base: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("configured", &self.transport.is_some())
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    /// The mailer the settings describe; `key_hex` is the site's mail key
    /// (64 hex characters). No SMTP host: a mailer that sends nothing.
    pub fn new(
        settings: &Settings,
        public_url: &PublicUrl,
        key_hex: &str,
    ) -> Result<Mailer, String> {
        let key = secret::unhex(key_hex)
            .filter(|b| b.len() == 32)
            .and_then(|b| Hmac::new_from_slice(&b).ok())
            .ok_or("the site's mail key is not 64 hex characters")?;
        let host = public_url
            .authority()
            .split(':')
            .next()
            .unwrap_or("localhost")
            .to_string();
        let from = match &settings.mail_from {
            Some(text) => text
                .parse::<Mailbox>()
                .map_err(|e| format!("--mail-from {text:?} is not an address: {e}"))?,
            None => format!("Dogear <dogear@{host}>")
                .parse::<Mailbox>()
                .map_err(|e| format!("set --mail-from: the site's host makes no address ({e})"))?,
        };
        let transport = match &settings.smtp_host {
            None => None,
            Some(host) => Some(transport(settings, host)?),
        };
        Ok(Mailer {
            transport,
            from,
            key,
            base: public_url.as_str().trim_end_matches('/').to_string(),
        })
    }

    /// Whether mail can go out at all.
    pub fn configured(&self) -> bool {
        self.transport.is_some()
    }

    /// The site's address of `path` (which starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn signature(&self, user_id: i64, kind: &str) -> String {
        let mut mac = self.key.clone();
        mac.update(unsubscribe_message(user_id, kind).as_bytes());
        secret::hex(&mac.finalize().into_bytes())
    }

    /// The one-click link that stops mail of `kind` to reader `user_id`.
    pub fn unsubscribe_link(&self, user_id: i64, kind: &str) -> String {
        let sig = self.signature(user_id, kind);
        self.link(&format!(
            "/unsubscribe?user={user_id}&kind={kind}&sig={sig}"
        ))
    }

    /// Whether `sig` is what this site signed for reader `user_id` and `kind`.
    pub fn signed(&self, user_id: i64, kind: &str, sig: &str) -> bool {
        crate::auth::csrf::matches(&self.signature(user_id, kind), sig)
    }

    /// Sends one mail; an error says why it did not go (nothing configured,
    /// a bad address, the server refusing).
    pub async fn send(&self, letter: &Letter) -> Result<(), String> {
        let Some(transport) = &self.transport else {
            return Err("no SMTP server is configured".into());
        };
        let to = letter
            .to
            .parse::<Mailbox>()
            .map_err(|e| format!("{:?} is not an address: {e}", letter.to))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        if let Some(link) = &letter.unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{link}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = builder
            .body(letter.body.clone())
            .map_err(|e| format!("cannot build the mail: {e}"))?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("the SMTP server did not take the mail: {e}"))
    }
}

/// Sends a mail in the background, so an answer takes as long whether or
/// not a mail went (a reset asked for an unknown address looks the same).
pub fn send_later(mailer: std::sync::Arc<Mailer>, letter: Letter) {
    tokio::spawn(async move {
        if let Err(e) = mailer.send(&letter).await {
            tracing::warn!(error = %e, "an account mail was not sent");
        }
    });
}

fn transport(
    settings: &Settings,
    host: &str,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let bad = |e: lettre::transport::smtp::Error| format!("SMTP host {host:?}: {e}");
    let (builder, port) = match settings.smtp_tls.as_str() {
        "tls" => (
            AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(bad)?,
            465,
        ),
        "none" => (
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            25,
        ),
        _ => (
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(bad)?,
            587,
        ),
    };
    let mut builder = builder
        .port(settings.smtp_port.unwrap_or(port))
        .timeout(Some(SMTP_TIMEOUT));
    if let Some(user) = &settings.smtp_user {
        let password = settings.smtp_password.clone().unwrap_or_default();
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailer() -> Mailer {
        let url = PublicUrl::parse("https://books.example").unwrap();
        Mailer::new(
            &Settings::for_database("sqlite::memory:"),
            &url,
            &"ab".repeat(32),
        )
        .unwrap()
    }

    #[test]
    fn unsubscribe_links_are_signed_for_one_reader_and_kind() {
        let m = mailer();
        let link = m.unsubscribe_link(7, "quote");
        assert!(link.starts_with("https://books.example/unsubscribe?user=7&kind=quote&sig="));
        let sig = link.rsplit("sig=").next().unwrap();
        assert!(m.signed(7, "quote", sig));
        assert!(!m.signed(8, "quote", sig));
        assert!(!m.signed(7, "comment", sig));
        assert!(!m.signed(7, "quote", "00"));
    }

    #[test]
    fn without_a_host_nothing_is_configured_and_mail_comes_from_the_site() {
        let m = mailer();
        assert!(!m.configured());
        assert_eq!(m.from.to_string(), "Dogear <dogear@books.example>");
    }
}
