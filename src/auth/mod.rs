//! Who is asking: password hashes, secrets, session cookies, CSRF tokens, and
//! the extractors that turn a request into a signed-in reader.

pub mod client;
pub mod cookies;
pub mod csrf;
pub mod password;
pub mod secret;
pub mod throttle;

/// How long a browser session lasts without signing in again.
pub const SESSION_DAYS: i64 = 30;
