//! Per-token rate limits: each token may make `--api-calls-per-minute` calls
//! a minute on each node; every call made with a token is told where it
//! stands in `RateLimit` headers, and a call over the limit gets 429.
//!
//! Windows are counted in this process, not the database: a counter write per
//! call would cost more than the calls themselves. Behind several nodes a
//! token gets the limit on each node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::domain::access::{Quota, Verdict, Window};

/// Windows kept before the stale ones are swept out.
const SWEEP_AT: usize = 10_000;

pub struct TokenLimiter {
    quota: Quota,
    windows: Mutex<HashMap<i64, Window>>,
}

impl TokenLimiter {
    pub fn per_minute(limit: u32) -> Self {
        TokenLimiter {
            quota: Quota { limit, window: 60 },
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one call by token `token_id` at `now`.
    pub fn take(&self, token_id: i64, now: i64) -> Verdict {
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() >= SWEEP_AT {
            let window = self.quota.window;
            windows.retain(|_, w| w.start + window > now);
        }
        self.quota.take(windows.entry(token_id).or_default(), now)
    }
}

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
