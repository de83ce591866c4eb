//! Plain types and rules of the reading site: no IO, everything unit-tested.

pub mod access;
pub mod charts;
pub mod cover;
pub mod credit;
pub mod dates;
pub mod feed;
pub mod genres;
pub mod goals;
pub mod isbn;
pub mod markdown;
pub mod placeholder;
pub mod privacy;
pub mod public_url;
pub mod rating;
pub mod reading;
pub mod roles;
pub mod search;
pub mod shelf;
pub mod text;
pub mod thread;
pub mod username;

/// A value a reader gave that breaks a rule: which field, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Invalid {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for Invalid {}
