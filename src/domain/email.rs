//! Email addresses, the single-use links mailed to readers, and the kinds of
//! mail a reader may ask for.

use super::Invalid;

/// The longest address kept (RFC 5321's path limit).
pub const MAX_ADDRESS: usize = 254;

/// How long each kind of link works, in seconds: a reset is short lived.
pub const RESET_LIFETIME: i64 = 3600;
pub const VERIFY_LIFETIME: i64 = 24 * 3600;
pub const CHANGE_LIFETIME: i64 = 24 * 3600;

/// A week, between one reader's digests.
pub const DIGEST_EVERY: i64 = 7 * 24 * 3600;

/// An address as the reader wrote it (trimmed) and the key it is matched by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    text: String,
}

impl Address {
    /// A plausible address: one `@`, a local part, a domain with a dot, no
    /// spaces or angle brackets (which would break a mail header).
    pub fn parse(input: &str) -> Result<Address, Invalid> {
        let text = input.trim();
        let bad = |m: &str| Err(Invalid::new("email", m));
        if text.is_empty() {
            return bad("give an email address");
        }
        if text.len() > MAX_ADDRESS {
            return bad("that address is too long");
        }
        if text.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        }) {
            return bad("an address has no spaces, commas or brackets");
        }
        let Some((local, domain)) = text.rsplit_once('@') else {
            return bad("an address looks like name@example.org");
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.contains('@') || !domain_ok {
            return bad("an address looks like name@example.org");
        }
        Ok(Address {
            text: text.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// How addresses are compared: case does not make a new one.
    pub fn key(&self) -> String {
        key(&self.text)
    }
}

/// The matching key of any address text.
pub fn key(address: &str) -> String {
    address.trim().to_lowercase()
}

/// What a mailed link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Proves the address in the token is the reader's.
    Verify,
    /// Sets a new password.
    Reset,
    /// The old address agrees to the token's address replacing it.
    Change,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
            Purpose::Change => "change",
        }
    }

    /// Seconds the link works after it is made.
    pub fn lifetime(self) -> i64 {
        match self {
            Purpose::Verify => VERIFY_LIFETIME,
            Purpose::Reset => RESET_LIFETIME,
            Purpose::Change => CHANGE_LIFETIME,
        }
    }
}

/// Why a link no longer works; the reader is told the same for each, so a
/// guessed token learns nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    Unknown,
    Used,
    Expired,
}

/// Whether a stored link may be used at `now`.
pub fn usable(expires_at: i64, used_at: Option<i64>, now: i64) -> Result<(), Spent> {
    if used_at.is_some() {
        return Err(Spent::Used);
    }
    if now >= expires_at {
        return Err(Spent::Expired);
    }
    Ok(())
}

/// The kinds of mail a reader may ask for, with what Settings calls them.
pub const MAIL_KINDS: [(&str, &str); 4] = [
    ("comment", "Replies to your reviews"),
    ("quote", "Replies that quote your comments"),
    ("friend_request", "Friend requests"),
    ("digest", "A weekly digest of what you missed"),
];

/// The kind named `name`, as its `'static` spelling; None: no such kind.
pub fn mail_kind(name: &str) -> Option<&'static str> {
    MAIL_KINDS
        .iter()
        .map(|(kind, _)| *kind)
        .find(|kind| *kind == name.trim())
}

/// What the unsubscribe link of a mail of `kind` to reader `user_id` signs.
pub fn unsubscribe_message(user_id: i64, kind: &str) -> String {
    format!("unsubscribe:{user_id}:{kind}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_addresses_pass_and_are_keyed_without_case() {
        let a = Address::parse("  Ann.Reader+books@Example.ORG ").unwrap();
        assert_eq!(a.as_str(), "Ann.Reader+books@Example.ORG");
        assert_eq!(a.key(), "ann.reader+books@example.org");
    }

    #[test]
    fn broken_addresses_are_refused_naming_the_field() {
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.org",
            "ann@localhost",
            "ann@example..org",
            "ann@.example.org",
            "ann @example.org",
            "ann@example.org\r\nBcc: x@y.z",
            "<ann@example.org>",
            "a,b@example.org",
        ] {
            let e = Address::parse(bad).unwrap_err();
            assert_eq!(e.field, "email", "{bad:?}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(Address::parse(&long).is_err());
    }

    #[test]
    fn a_link_works_once_and_only_until_it_expires() {
        assert_eq!(usable(100, None, 99), Ok(()));
        assert_eq!(usable(100, None, 100), Err(Spent::Expired));
        assert_eq!(usable(100, Some(50), 60), Err(Spent::Used));
    }

    #[test]
    fn resets_are_short_lived() {
        assert_eq!(Purpose::Reset.lifetime(), 3600);
        assert!(Purpose::Verify.lifetime() > Purpose::Reset.lifetime());
        assert_eq!(Purpose::Change.as_str(), "change");
    }

    #[test]
    fn only_known_kinds_of_mail_can_be_asked_for() {
        assert_eq!(mail_kind(" digest"), Some("digest"));
        assert_eq!(mail_kind("like"), None);
        assert_eq!(unsubscribe_message(7, "quote"), "unsubscribe:7:quote");
    }
}
