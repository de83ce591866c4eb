//! CSRF protection by signed double submit: every browser gets a random value
//! in an HttpOnly cookie, and every form carries a token signed with the
//! site's key over that value and the session cookie. A form post whose token
//! is not the one its own request's cookies sign to is refused.
//!
//! Another site can make a browser post, but cannot read the token. A cookie
//! it manages to plant (from a sibling subdomain, or a plain-http answer on a
//! hostile network) is useless without the key, and a token signed before a
//! sign-in does not match the session cookie that comes after it.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::cookies::{self, Cookie};
use super::secret;
use crate::AppState;

/// This request's CSRF token, for forms to carry.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The key form tokens are signed with: the site's secret, the same on every node.
#[derive(Clone)]
pub struct CsrfKey(Hmac<Sha256>);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

impl CsrfKey {
    /// The key from its 64 hex characters, as the database keeps it.
    pub fn from_hex(hex: &str) -> Option<CsrfKey> {
        let bytes = secret::unhex(hex).filter(|b| b.len() == 32)?;
        Hmac::new_from_slice(&bytes).ok().map(CsrfKey)
    }

    /// The token for a browser's CSRF cookie and session cookie ("" signed out):
    /// HMAC-SHA256 over `csrf|session`, in hex. The CSRF cookie is 64 hex
    /// characters, so the `|` cannot be moved.
    pub fn token(&self, csrf_cookie: &str, session_cookie: &str) -> String {
        let mut mac = self.0.clone();
        mac.update(csrf_cookie.as_bytes());
        mac.update(b"|");
        mac.update(session_cookie.as_bytes());
        secret::hex(&mac.finalize().into_bytes())
    }
}

/// Gives every request its token, setting the CSRF cookie when the browser had none.
pub async fn ensure_token(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let secure = state.settings.secure_cookies;
    let sent = cookies::get(request.headers(), Cookie::Csrf, secure)
        .filter(|v| secret::well_formed(v))
        .map(str::to_string);
    let fresh = sent.is_none();
    let cookie = sent.unwrap_or_else(secret::new_secret);
    let session = cookies::get(request.headers(), Cookie::Session, secure).unwrap_or("");
    let token = state.csrf_key.token(&cookie, session);
    request.extensions_mut().insert(CsrfToken(token));
    let mut response = next.run(request).await;
    // A sign-in sets its own fresh cookie; that one wins.
    if fresh && !cookies::sets(response.headers(), Cookie::Csrf, secure) {
        cookies::append(
            response.headers_mut(),
            Cookie::Csrf,
            &cookie,
            cookies::CSRF_MAX_AGE,
            secure,
        );
    }
    response
}

/// Compares without stopping at the first difference.
pub fn matches(expected: &str, submitted: &str) -> bool {
    expected.len() == submitted.len()
        && expected
            .bytes()
            .zip(submitted.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> CsrfKey {
        CsrfKey::from_hex(&secret::hex(&[byte; 32])).unwrap()
    }

    #[test]
    fn a_token_is_hmac_sha256_over_the_cookie_and_the_session() {
        // `printf 'c|s' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0b0b...` (32 bytes).
        let token = key(0x0b).token("c", "s");
        assert_eq!(token.len(), 64);
        assert_eq!(
            token,
            "4b2b3603ce6c70725756f36ca587e3e920fc3a9da3d74dd2239f119a4aa8f8e6"
        );
    }

    #[test]
    fn tokens_differ_by_key_cookie_and_session() {
        let base = key(1).token("a", "s");
        assert_eq!(base, key(1).token("a", "s"));
        assert_ne!(base, key(2).token("a", "s"));
        assert_ne!(base, key(1).token("b", "s"));
        assert_ne!(base, key(1).token("a", ""));
        assert_ne!(base, key(1).token("a", "t"));
    }

    #[test]
    fn only_32_hex_bytes_make_a_key() {
        assert!(CsrfKey::from_hex(&"ab".repeat(32)).is_some());
        assert!(CsrfKey::from_hex(&"ab".repeat(31)).is_none());
        assert!(CsrfKey::from_hex(&"zz".repeat(32)).is_none());
        assert!(CsrfKey::from_hex("").is_none());
    }

    #[test]
    fn matching_is_exact() {
        assert!(matches("abc", "abc"));
        assert!(!matches("abc", "abd"));
        assert!(!matches("abc", "ab"));
        assert!(!matches("", "x"));
    }
}
