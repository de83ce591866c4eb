//! Reading and writing the two cookies the site sets.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};

use super::secret;

/// The site's two cookies. Behind HTTPS (`--secure-cookies`) their names carry
/// the `__Host-` prefix, which browsers accept only on a cookie that is Secure,
/// has `Path=/` and no `Domain`: a sibling subdomain or a plain-http answer
/// cannot plant one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookie {
    Session,
    Csrf,
}

impl Cookie {
    pub fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (Cookie::Session, false) => "dogear_session",
            (Cookie::Session, true) => "__Host-dogear_session",
            (Cookie::Csrf, false) => "dogear_csrf",
            (Cookie::Csrf, true) => "__Host-dogear_csrf",
        }
    }
}

/// The value of the cookie in the request, if sent.
pub fn get(headers: &HeaderMap, cookie: Cookie, secure: bool) -> Option<&str> {
    let name = cookie.name(secure);
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax and `Path=/` always, never a
/// `Domain`, Secure when the site is served over HTTPS. `max_age` 0 removes it.
pub fn set(cookie: Cookie, value: &str, max_age_seconds: i64, secure: bool) -> String {
    let name = cookie.name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite=Lax{secure}")
}

/// Appends a `Set-Cookie` to an answer.
pub fn append(headers: &mut HeaderMap, cookie: Cookie, value: &str, max_age: i64, secure: bool) {
    if let Ok(v) = HeaderValue::from_str(&set(cookie, value, max_age, secure)) {
        headers.append(SET_COOKIE, v);
    }
}

/// Whether an answer already sets this cookie.
pub fn sets(headers: &HeaderMap, cookie: Cookie, secure: bool) -> bool {
    let prefix = format!("{}=", cookie.name(secure));
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with(&prefix))
}

/// How long the CSRF cookie lasts; its tokens die sooner, with the session.
pub const CSRF_MAX_AGE: i64 = 365 * 24 * 3600;

/// Starts a session (or, with an empty token and `max_age` 0, ends one) and
/// gives the browser a fresh CSRF cookie with it, so that no form token from
/// before a sign-in, sign-up or sign-out is good after it.
pub fn set_session(headers: &mut HeaderMap, token: &str, max_age: i64, secure: bool) {
    append(headers, Cookie::Session, token, max_age, secure);
    append(
        headers,
        Cookie::Csrf,
        &secret::new_secret(),
        CSRF_MAX_AGE,
        secure,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; dogear_session=abc; b=2"),
        );
        assert_eq!(get(&headers, Cookie::Session, false), Some("abc"));
        assert_eq!(get(&headers, Cookie::Csrf, false), None);
        assert_eq!(
            get(&headers, Cookie::Session, true),
            None,
            "behind HTTPS only the prefixed name counts"
        );
    }

    #[test]
    fn cookies_are_http_only_and_lax() {
        let c = set(Cookie::Session, "v", 60, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("Secure"));
        assert!(!set(Cookie::Session, "v", 60, false).contains("Secure"));
    }

    #[test]
    fn secure_cookies_meet_the_host_prefix_rules() {
        for cookie in [Cookie::Session, Cookie::Csrf] {
            let c = set(cookie, "v", 60, true);
            assert!(c.starts_with("__Host-dogear_"), "{c}");
            assert!(c.contains("; Path=/;") && c.contains("; Secure"), "{c}");
            assert!(!c.to_ascii_lowercase().contains("domain"), "{c}");
            assert!(set(cookie, "v", 60, false).starts_with("dogear_"));
        }
    }

    #[test]
    fn a_new_session_comes_with_a_new_csrf_cookie() {
        let (mut one, mut two) = (HeaderMap::new(), HeaderMap::new());
        set_session(&mut one, "s", 60, false);
        set_session(&mut two, "s", 60, false);
        assert!(sets(&one, Cookie::Session, false) && sets(&one, Cookie::Csrf, false));
        let csrf = |h: &HeaderMap| {
            h.get_all(SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|v| v.starts_with("dogear_csrf="))
                .map(str::to_string)
        };
        assert_ne!(csrf(&one), csrf(&two));
    }
}
