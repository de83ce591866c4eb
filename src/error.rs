//! The error policy, layer by layer:
//!
//! - `domain` returns [`Invalid`]: which field broke which rule.
//! - `store` returns `StoreError`; it never leaves the actions, which map the
//!   expected cases (a unique constraint, a missing row) to what they mean.
//! - `actions` return [`ActionError`]: what went wrong, in the reader's terms.
//! - the two front doors render it: `web::PageError` as an HTML page and
//!   `api::Problem` as `application/problem+json` (RFC 9457) with a stable code.
//!
//! Anything unexpected becomes `Internal`: logged in full, shown as a bare 500.

use crate::domain::Invalid;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("sign in first")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Invalid(Invalid),
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    TooLarge(String),
    #[error("slow down: try again in {retry_after} seconds")]
    RateLimited { retry_after: u64 },
    /// Another server the action needed (a book-data source) gave no usable answer.
    #[error("{0}")]
    Unavailable(String),
    /// The database is down or restarting; the reason is logged, not shown.
    #[error("the site's database is unavailable for a moment: nothing was lost; try again shortly")]
    StoreUnavailable(String),
    /// The disk is full; the reason is logged, not shown.
    #[error("the site has run out of storage: nothing was saved; try again later")]
    StorageFull(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// Merged into another: `to` is its path below the site's (or the API's) root.
    #[error("this has moved to {to}")]
    Moved { to: String },
}

impl ActionError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ActionError::Invalid(Invalid::new(field, message))
    }

    /// The stable, snake_case code clients can match on.
    pub fn code(&self) -> &'static str {
        match self {
            ActionError::NotFound(_) => "not_found",
            ActionError::Unauthorized => "unauthorized",
            ActionError::Forbidden(_) => "forbidden",
            ActionError::Invalid(_) => "invalid_input",
            ActionError::Conflict { .. } => "conflict",
            ActionError::TooLarge(_) => "too_large",
            ActionError::RateLimited { .. } => "rate_limited",
            ActionError::Unavailable(_) => "unavailable",
            ActionError::StoreUnavailable(_) => "database_unavailable",
            ActionError::StorageFull(_) => "storage_full",
            ActionError::Internal(_) => "internal",
            ActionError::Moved { .. } => "moved",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            ActionError::NotFound(_) => 404,
            ActionError::Unauthorized => 401,
            ActionError::Forbidden(_) => 403,
            ActionError::Invalid(_) => 422,
            ActionError::Conflict { .. } => 409,
            ActionError::TooLarge(_) => 413,
            ActionError::RateLimited { .. } => 429,
            ActionError::Unavailable(_) => 502,
            ActionError::StoreUnavailable(_) => 503,
            ActionError::StorageFull(_) => 507,
            ActionError::Internal(_) => 500,
            ActionError::Moved { .. } => 301,
        }
    }
}

impl From<Invalid> for ActionError {
    fn from(invalid: Invalid) -> Self {
        ActionError::Invalid(invalid)
    }
}

/// Store errors an action did not expect: a missing referenced row still
/// means "no such thing", anything else is ours to fix.
impl From<StoreError> for ActionError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::MissingReference => ActionError::NotFound("book"),
            // A fault of the machine, not of the request: said as such, and
            // logged here, where the reason is still known.
            StoreError::Unavailable(why) => {
                tracing::warn!(reason = %why, "database unavailable");
                ActionError::StoreUnavailable(why)
            }
            StoreError::Full(why) => {
                tracing::error!(reason = %why, "database disk full");
                ActionError::StorageFull(why)
            }
            other => ActionError::Internal(other.to_string()),
        }
    }
}

pub type ActionResult<T> = Result<T, ActionError>;
