//! The three exclusive statuses, and the shelves readers name themselves.

use super::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    ToRead,
    CurrentlyReading,
    Read,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::ToRead, Status::CurrentlyReading, Status::Read];

    pub fn parse(input: &str) -> Result<Status, Invalid> {
        Status::from_slug(&input.trim().to_ascii_lowercase())
            .ok_or_else(|| Invalid::new("status", "must be to-read, currently-reading or read"))
    }

    pub fn slug(self) -> &'static str {
        match self {
            Status::ToRead => "to-read",
            Status::CurrentlyReading => "currently-reading",
            Status::Read => "read",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::ToRead => "Want to read",
            Status::CurrentlyReading => "Currently reading",
            Status::Read => "Read",
        }
    }

    pub fn from_slug(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.slug() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfName {
    pub name: String,
    pub slug: String,
}

impl ShelfName {
    pub fn parse(input: &str) -> Result<ShelfName, Invalid> {
        let name = input.trim();
        if name.is_empty() {
            return Err(Invalid::new("shelves", "a shelf needs a name"));
        }
        if name.chars().count() > 40 {
            return Err(Invalid::new(
                "shelves",
                "shelf names must be at most 40 characters",
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(Invalid::new(
                "shelves",
                "shelf names can't contain control characters",
            ));
        }
        let slug = slug(name);
        if slug.is_empty() {
            return Err(Invalid::new(
                "shelves",
                "a shelf name needs a letter or digit",
            ));
        }
        if Status::from_slug(&slug).is_some() {
            return Err(Invalid::new(
                "shelves",
                format!("{slug} is a status, not a shelf"),
            ));
        }
        Ok(ShelfName {
            name: name.to_string(),
            slug,
        })
    }
}

/// Lowercase letters and digits, each run of anything else one '-'.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

pub fn parse_shelves(items: &[String]) -> Result<Vec<ShelfName>, Invalid> {
    let mut shelves: Vec<ShelfName> = Vec::new();
    for item in items {
        let shelf = ShelfName::parse(item)?;
        if !shelves.iter().any(|s| s.slug == shelf.slug) {
            shelves.push(shelf);
        }
    }
    if shelves.len() > 50 {
        return Err(Invalid::new(
            "shelves",
            "a book can be on at most 50 of your shelves",
        ));
    }
    Ok(shelves)
}

pub fn parse_shelf_list(input: &str) -> Result<Vec<ShelfName>, Invalid> {
    let items: Vec<String> = input
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    parse_shelves(&items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(
            Status::parse(" Currently-Reading ").unwrap(),
            Status::CurrentlyReading
        );
        assert_eq!(Status::parse("someday").unwrap_err().field, "status");
        assert_eq!(Status::from_slug("read"), Some(Status::Read));
    }

    #[test]
    fn shelf_names_and_slugs() {
        let s = ShelfName::parse("  Russian Lit!! ").unwrap();
        assert_eq!(
            (s.name.as_str(), s.slug.as_str()),
            ("Russian Lit!!", "russian-lit")
        );
        assert_eq!(
            ShelfName::parse("Ünïcode Shelf").unwrap().slug,
            "ünïcode-shelf"
        );
        assert!(ShelfName::parse("!!!").is_err());
        assert!(
            ShelfName::parse("Read")
                .unwrap_err()
                .message
                .contains("status")
        );
        assert!(ShelfName::parse(&"x".repeat(41)).is_err());
    }

    #[test]
    fn lists_dedupe_by_slug() {
        let list = parse_shelf_list("literature, Literature ,, favourites").unwrap();
        let slugs: Vec<_> = list.iter().map(|s| s.slug.as_str()).collect();
        assert_eq!(slugs, ["literature", "favourites"]);
        assert!(parse_shelf_list("").unwrap().is_empty());
        let many: Vec<String> = (0..51).map(|i| format!("s{i}")).collect();
        assert!(parse_shelves(&many).is_err());
    }
}
