//! CSRF protection by double submit: every browser gets a random token in an
//! HttpOnly cookie, every form carries the same token in a hidden field, and a
//! form post whose two copies differ is refused. Another site can make a
//! browser post, but it can neither read nor set our cookie.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::middleware::Next;
use axum::response::Response;

use super::{cookies, secret};
use crate::AppState;

/// This request's CSRF token, for forms to carry.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

const ONE_YEAR: i64 = 365 * 24 * 3600;

/// Gives every request a token, setting the cookie when the browser had none.
pub async fn ensure_token(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let sent = cookies::get(request.headers(), cookies::CSRF)
        .filter(|v| secret::well_formed(v))
        .map(str::to_string);
    let fresh = sent.is_none();
    let token = sent.unwrap_or_else(secret::new_secret);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if fresh {
        let cookie = cookies::set(
            cookies::CSRF,
            &token,
            ONE_YEAR,
            state.settings.secure_cookies,
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
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
