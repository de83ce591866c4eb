//! Requests Dogear makes to other servers (book data, federation, covers):
//! one client holding the limits every outgoing request needs, so no caller
//! can forget one.
//!
//! - No private, loopback or link-local address is reached unless the site
//!   allows it (`--federation-allow-private`, for tests on one machine). The
//!   check is made on the addresses a name resolves to, at connect time, so a
//!   name that resolves to a public address for a check and a private one for
//!   the request cannot slip through.
//! - Every request has a connect and a whole-request timeout, follows at most
//!   [`MAX_REDIRECTS`] redirects, and reads at most the caller's byte limit.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;

/// Redirects followed before a request is given up.
pub const MAX_REDIRECTS: usize = 3;
/// The longest a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a whole request may take, answer included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Why an outgoing request gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum OutboundError {
    #[error("not an http(s) address: {0}")]
    BadUrl(String),
    #[error("{0} is a private or local address")]
    Private(String),
    #[error("no answer in time")]
    Timeout,
    #[error("the answer is larger than {0} bytes")]
    TooLarge(usize),
    #[error("could not reach the server: {0}")]
    Network(String),
}

/// An answer, read whole.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    /// The media type without parameters, lower-cased (`application/json`).
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Where the answer came from, after redirects.
    pub url: String,
}

/// The one client for requests to other servers.
#[derive(Clone)]
pub struct Outbound {
    client: reqwest::Client,
    allow_private: bool,
}

impl Outbound {
    /// A client naming the site in its `User-Agent` (servers ask for that).
    pub fn new(user_agent: &str, allow_private: bool) -> Result<Self, OutboundError> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .redirect(redirects(allow_private))
            .dns_resolver(Arc::new(Resolver { allow_private }))
            .build()
            .map_err(|e| OutboundError::Network(e.to_string()))?;
        Ok(Outbound {
            client,
            allow_private,
        })
    }

    /// `GET url` with an `Accept` header, reading at most `max_bytes`.
    pub async fn get(
        &self,
        url: &str,
        accept: &str,
        max_bytes: usize,
    ) -> Result<Fetched, OutboundError> {
        self.send(
            reqwest::Method::GET,
            url,
            &[("accept", accept.to_string())],
            None,
            max_bytes,
        )
        .await
    }

    /// Any request, with the caller's headers (e.g. a signature) and body.
    pub async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        headers: &[(&str, String)],
        body: Option<Vec<u8>>,
        max_bytes: usize,
    ) -> Result<Fetched, OutboundError> {
        let parsed = reqwest::Url::parse(url).map_err(|_| OutboundError::BadUrl(url.into()))?;
        check_url(&parsed, self.allow_private)?;
        let mut request = self.client.request(method, parsed);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let mut response = request.send().await.map_err(from_reqwest)?;
        if let Some(length) = response.content_length()
            && length > max_bytes as u64
        {
            return Err(OutboundError::TooLarge(max_bytes));
        }
        let status = response.status().as_u16();
        let final_url = response.url().to_string();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(media_type);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
            if body.len() + chunk.len() > max_bytes {
                return Err(OutboundError::TooLarge(max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            status,
            content_type,
            body,
            url: final_url,
        })
    }
}

fn from_reqwest(e: reqwest::Error) -> OutboundError {
    if e.is_timeout() {
        return OutboundError::Timeout;
    }
    // The resolver's refusal arrives wrapped; find it to say so plainly.
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(err) = source {
        if let Some(private) = err.downcast_ref::<PrivateAddress>() {
            return OutboundError::Private(private.0.clone());
        }
        source = err.source();
    }
    OutboundError::Network(with_cause(&e))
}

/// reqwest's own message ("error sending request for url ...") hides why;
/// the innermost cause ("Connection refused", "connection reset") says it.
fn with_cause(e: &dyn std::error::Error) -> String {
    let mut innermost = e.source();
    while let Some(next) = innermost.and_then(|err| err.source()) {
        innermost = Some(next);
    }
    match innermost {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

/// `text/html; charset=utf-8` -> `text/html`.
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Only http(s), and no literal private address (names are checked as they
/// resolve, by [`Resolver`]).
fn check_url(url: &reqwest::Url, allow_private: bool) -> Result<(), OutboundError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(OutboundError::BadUrl(url.to_string()));
    }
    let host = match url.host() {
        Some(host) => host,
        None => return Err(OutboundError::BadUrl(url.to_string())),
    };
    let literal = match host {
        url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        url::Host::Domain(_) => None,
    };
    if let Some(ip) = literal
        && !allow_private
        && !is_public(ip)
    {
        return Err(OutboundError::Private(ip.to_string()));
    }
    Ok(())
}

fn redirects(allow_private: bool) -> Policy {
    Policy::custom(move |attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if check_url(attempt.url(), allow_private).is_err() {
            let refused = PrivateAddress(attempt.url().to_string());
            attempt.error(refused)
        } else {
            attempt.follow()
        }
    })
}

#[derive(Debug)]
struct PrivateAddress(String);

impl std::fmt::Display for PrivateAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is a private or local address", self.0)
    }
}

impl std::error::Error for PrivateAddress {}

/// Resolves with the system's resolver, then keeps only public addresses.
struct Resolver {
    allow_private: bool,
}

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(PrivateAddress(host)) as Box<_>);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// Whether an address is one anybody on the internet can reach: not
/// loopback, private, link-local, shared, documentation, multicast or
/// unspecified (std's `is_global` is not stable yet).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || v4.is_unspecified()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip(private)), "{private} counted as public");
        }
        for public in ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "172.32.0.1"] {
            assert!(is_public(ip(public)), "{public} counted as private");
        }
    }

    #[test]
    fn urls_need_http_and_a_public_literal() {
        let url = |s: &str| reqwest::Url::parse(s).map_err(|_| OutboundError::BadUrl(s.into()));
        let checked = |s: &str, allow| url(s).and_then(|u| check_url(&u, allow));
        assert!(matches!(
            checked("ftp://example.org/x", false),
            Err(OutboundError::BadUrl(_))
        ));
        assert!(matches!(
            checked("http://127.0.0.1:8080/", false),
            Err(OutboundError::Private(_))
        ));
        assert!(matches!(
            checked("http://[::1]/", false),
            Err(OutboundError::Private(_))
        ));
        assert!(checked("http://127.0.0.1:8080/", true).is_ok());
        assert!(checked("https://openlibrary.org/isbn/1", false).is_ok());
    }

    #[test]
    fn media_types_lose_their_parameters() {
        assert_eq!(
            media_type("Application/Activity+JSON; charset=utf-8"),
            "application/activity+json"
        );
    }

    #[tokio::test]
    async fn a_loopback_server_is_refused_unless_allowed() {
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("cannot listen: {e}"),
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut buf = [0u8; 1024];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello")
                    .await;
            }
        });
        let url = format!("http://localhost:{port}/");
        let strict = Outbound::new("test", false).map_err(|e| e.to_string());
        let strict = strict.unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            strict.get(&url, "text/plain", 100).await,
            Err(OutboundError::Private(_))
        ));
        let open = Outbound::new("test", true).unwrap_or_else(|e| panic!("{e}"));
        let fetched = open.get(&url, "text/plain", 100).await;
        let fetched = fetched.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fetched.body, b"hello");
        assert_eq!(fetched.content_type.as_deref(), Some("text/plain"));
        assert!(matches!(
            open.get(&url, "text/plain", 3).await,
            Err(OutboundError::TooLarge(3))
        ));
    }

    #[tokio::test]
    async fn a_refused_connection_says_it_was_refused() {
        // A port that was just free: bound, read, and let go.
        let port = match std::net::TcpListener::bind("127.0.0.1:0") {
            Ok(l) => l.local_addr().map(|a| a.port()).unwrap_or(0),
            Err(e) => panic!("cannot listen: {e}"),
        };
        let open = Outbound::new("test", true).unwrap_or_else(|e| panic!("{e}"));
        let url = format!("http://127.0.0.1:{port}/");
        match open.get(&url, "text/plain", 100).await {
            Err(OutboundError::Network(message)) => assert!(
                message.to_lowercase().contains("refused"),
                "the cause is missing from {message:?}"
            ),
            other => panic!("expected a network error, got {other:?}"),
        }
    }
}
