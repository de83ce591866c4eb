//! Account names, display names and passwords.

use super::Invalid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

/// Names that would clash with the site's own addresses.
const RESERVED: [&str; 11] = [
    "me", "admin", "api", "static", "signin", "signup", "signout", "settings", "new", "search",
    "healthz",
];

impl Username {
    pub fn parse(input: &str) -> Result<Username, Invalid> {
        let name = input.trim();
        let length = name.chars().count();
        if !(2..=30).contains(&length) {
            return Err(Invalid::new("username", "must be 2 to 30 characters"));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(Invalid::new(
                "username",
                "may use only letters, digits, _ and -",
            ));
        }
        if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(Invalid::new(
                "username",
                "must start with a letter or digit",
            ));
        }
        if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(Invalid::new(
                "username",
                format!("the name {name} is reserved; choose another"),
            ));
        }
        Ok(Username(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn key(&self) -> String {
        key(&self.0)
    }
}

/// Whether a name can be a reader of this site: a stand-in for a reader
/// elsewhere is named `name@host`, and no local name holds an `@`.
pub fn is_local(name: &str) -> bool {
    !name.contains('@')
}

/// The case-insensitive lookup key of a typed name.
pub fn key(input: &str) -> String {
    input.trim().to_lowercase()
}

pub fn display_name(input: Option<&str>, username: &Username) -> Result<String, Invalid> {
    let name = input.map(str::trim).unwrap_or("");
    if name.is_empty() {
        return Ok(username.as_str().to_string());
    }
    if name.chars().count() > 60 {
        return Err(Invalid::new(
            "display_name",
            "must be at most 60 characters",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Invalid::new(
            "display_name",
            "can't contain control characters",
        ));
    }
    if name.chars().any(invisible) {
        return Err(Invalid::new(
            "display_name",
            "can't contain invisible or direction-changing characters",
        ));
    }
    Ok(name.to_string())
}

/// Characters that change how the text around them reads without showing:
/// bidirectional controls (U+202E turns "moderator" around) and zero-width
/// marks, which make one name look like another.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' // zero-width space, joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // isolates
        | '\u{FEFF}' // zero-width no-break space
        | '\u{061C}' // Arabic letter mark
        | '\u{00AD}' // soft hyphen
    )
}

pub fn check_password(input: &str) -> Result<(), Invalid> {
    match input.chars().count() {
        0..=7 => Err(Invalid::new("password", "must be at least 8 characters")),
        8..=1024 => Ok(()),
        _ => Err(Invalid::new("password", "must be at most 1024 characters")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Helen_M ").unwrap().as_str(), "Helen_M");
        assert_eq!(Username::parse("Helen").unwrap().key(), "helen");
        for bad in [
            "x",
            "has space",
            "-dash",
            "ümlaut",
            &"a".repeat(31),
            "ME",
            "Admin",
        ] {
            assert_eq!(Username::parse(bad).unwrap_err().field, "username", "{bad}");
        }
    }

    #[test]
    fn display_names_default_to_the_username() {
        let u = Username::parse("ann").unwrap();
        assert_eq!(display_name(None, &u).unwrap(), "ann");
        assert_eq!(display_name(Some("  "), &u).unwrap(), "ann");
        assert_eq!(display_name(Some(" Ann B. "), &u).unwrap(), "Ann B.");
        assert!(display_name(Some(&"x".repeat(61)), &u).is_err());
        assert!(display_name(Some("a\u{7}b"), &u).is_err());
    }

    #[test]
    fn passwords() {
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
        assert!(check_password(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn display_names_refuse_invisible_and_direction_changing_characters() {
        let ann = Username::parse("ann").unwrap_or_else(|_| unreachable!());
        for hostile in [
            "\u{202E}rotaredom",
            "ad\u{200B}min",
            "a\u{2066}b\u{2069}",
            "\u{FEFF}Ann",
            "An\u{00AD}n",
        ] {
            assert!(display_name(Some(hostile), &ann).is_err(), "{hostile:?}");
        }
        assert_eq!(
            display_name(Some("Zoë Ó Súilleabháin"), &ann)
                .ok()
                .as_deref(),
            Some("Zoë Ó Súilleabháin")
        );
        assert_eq!(
            display_name(Some("نادية"), &ann).ok().as_deref(),
            Some("نادية")
        );
    }
}
