//! Plain types and rules of the reading site: no IO, everything unit-tested.

pub mod access;
pub mod charts;
pub mod cover;
pub mod credit;
pub mod dates;
pub mod email;
pub mod feed;
pub mod genres;
pub mod goals;
pub mod groups;
pub mod handle;
pub mod hosts;
pub mod isbn;
pub mod lists;
pub mod markdown;
pub mod moods;
pub mod notifications;
pub mod people;
pub mod placeholder;
pub mod preferences;
pub mod privacy;
pub mod public_url;
pub mod ranking;
pub mod rating;
pub mod reading;
pub mod recommend;
pub mod registration;
pub mod remote_reader;
pub mod roles;
pub mod search;
pub mod series;
pub mod shelf;
pub mod shelf_view;
pub mod subject_genres;
pub mod text;
pub mod thread;
pub mod username;
pub mod zone;

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

impl Invalid {
    /// What a reader is told: the message as a sentence, with the field named
    /// in words only where the message needs a subject ("The percentage must
    /// be between 0 and 100."), never as an internal `percent:` prefix.
    pub fn sentence(&self) -> String {
        const PREDICATES: [&str; 9] = [
            "must ", "can't ", "cannot ", "may ", "has ", "is ", "does ", "should ", "needs ",
        ];
        if PREDICATES.iter().any(|p| self.message.starts_with(p)) {
            sentence(&format!("{} {}", field_words(self.field), self.message))
        } else {
            sentence(&self.message)
        }
    }
}

/// A field's name as a reader would say it, as the subject of a sentence.
fn field_words(field: &str) -> String {
    match field {
        "isbn" => "The ISBN".into(),
        "isbn13" => "The ISBN-13".into(),
        "isbn10" => "The ISBN-10".into(),
        "q" => "The search".into(),
        "body" => "The text".into(),
        "stars" => "The rating".into(),
        "percent" => "The percentage".into(),
        "started" => "The start date".into(),
        "finished" => "The finish date".into(),
        "expires" | "expires_in_days" => "The expiry".into(),
        "into" => "The number".into(),
        other => format!("The {}", other.replace('_', " ")),
    }
}

/// Text as a sentence: a capital first letter and a full stop, unless it has one.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for Invalid {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_drop_the_field_prefix() {
        let wrong = Invalid::new("password", "that username and password do not match");
        assert_eq!(wrong.sentence(), "That username and password do not match.");
        let over = Invalid::new("percent", "must be between 0 and 100");
        assert_eq!(over.sentence(), "The percentage must be between 0 and 100.");
        let name = Invalid::new("display_name", "can't contain control characters");
        assert_eq!(
            name.sentence(),
            "The display name can't contain control characters."
        );
        let taken = Invalid::new("username", "the name ann is reserved; choose another");
        assert_eq!(
            taken.sentence(),
            "The name ann is reserved; choose another."
        );
    }

    #[test]
    fn sentence_keeps_its_own_stop() {
        assert_eq!(sentence("Go back and try again."), "Go back and try again.");
        assert_eq!(sentence("no such book"), "No such book.");
        assert_eq!(sentence(""), "");
    }
}
