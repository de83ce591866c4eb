//! Per-token rate limits: each token may make `--api-calls-per-minute` calls
//! a minute on each node; every call made with a token is told where it
//! stands in `RateLimit` headers, and a call over the limit gets 429.
//!
//! The windows are `auth::throttle`'s, counted on each node.

use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::domain::access::Verdict;

/// Each token's calls, counted by token id.
pub type TokenLimiter = crate::auth::throttle::Throttle<i64>;

/// Where the caller extractor leaves its verdict for the response headers.
#[derive(Clone, Default)]
pub struct VerdictSlot(Arc<Mutex<Option<Verdict>>>);

impl VerdictSlot {
    pub fn put(&self, verdict: Verdict) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(verdict);
        }
    }

    fn get(&self) -> Option<Verdict> {
        self.0.lock().ok().and_then(|slot| *slot)
    }
}

/// Adds the `RateLimit` headers to the answer of every call made with a token.
pub async fn rate_limit_headers(mut request: Request, next: Next) -> Response {
    let slot = VerdictSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    if let Some(v) = slot.get() {
        let headers = response.headers_mut();
        let mut set = |name: &'static str, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        };
        // The IETF draft's structured fields, and the older trio many clients read.
        set("ratelimit-policy", format!("\"token\";q={};w=60", v.limit));
        set(
            "ratelimit",
            format!("\"token\";r={};t={}", v.remaining, v.reset),
        );
        set("ratelimit-limit", v.limit.to_string());
        set("ratelimit-remaining", v.remaining.to_string());
        set("ratelimit-reset", v.reset.to_string());
    }
    response
}
