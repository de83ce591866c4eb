//! The built-in exclusive statuses, the exclusive shelves readers add to
//! them, and the shelves readers name themselves.

use super::Invalid;

const STATUS_RULE: &str = "must be to-read, currently-reading, read or did-not-finish";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    ToRead,
    CurrentlyReading,
    Read,
    /// Started and put down: a reading that never counts as finished.
    DidNotFinish,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::ToRead,
        Status::CurrentlyReading,
        Status::Read,
        Status::DidNotFinish,
    ];

    pub fn parse(input: &str) -> Result<Status, Invalid> {
        Status::from_slug(&input.trim().to_ascii_lowercase())
            .ok_or_else(|| Invalid::new("status", STATUS_RULE))
    }

    pub fn slug(self) -> &'static str {
        match self {
            Status::ToRead => "to-read",
            Status::CurrentlyReading => "currently-reading",
            Status::Read => "read",
            Status::DidNotFinish => "did-not-finish",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::ToRead => "Want to read",
            Status::CurrentlyReading => "Currently reading",
            Status::Read => "Read",
            Status::DidNotFinish => "Did not finish",
        }
    }

    pub fn from_slug(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.slug() == s)
    }
}

/// Where a book sits exclusively: a built-in status, or one of the reader's
/// own exclusive shelves (which behaves as a status of theirs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Status(Status),
    Own(String),
}

impl Placement {
    /// A status slug, or the slug of one of `own`, the reader's exclusive shelves.
    pub fn choose(input: &str, own: &[&str]) -> Result<Placement, Invalid> {
        let wanted = input.trim().to_lowercase();
        if let Some(status) = Status::from_slug(&wanted) {
            return Ok(Placement::Status(status));
        }
        match own.iter().find(|slug| **slug == wanted) {
            Some(slug) => Ok(Placement::Own((*slug).to_string())),
            None if own.is_empty() => Err(Invalid::new("status", STATUS_RULE)),
            None => Err(Invalid::new(
                "status",
                format!(
                    "must be to-read, currently-reading, read, did-not-finish or one of your exclusive shelves ({})",
                    own.join(", ")
                ),
            )),
        }
    }

    pub fn slug(&self) -> &str {
        match self {
            Placement::Status(status) => status.slug(),
            Placement::Own(slug) => slug,
        }
    }
}

/// How a status or exclusive shelf reads: a built-in one's label, else the
/// reader's own shelf's name (`named`), else its slug as it was imported.
pub fn status_name(slug: &str, named: Option<&str>) -> String {
    match (Status::from_slug(slug), named) {
        (Some(status), _) => status.label().to_string(),
        (None, Some(name)) => name.to_string(),
        (None, None) => slug.to_string(),
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

/// The slug another site's exclusive shelf goes by here: "Did Not Finish"
/// is did-not-finish, "Abandoned!" abandoned; None for one with no letter.
pub fn exclusive_slug(name: &str) -> Option<String> {
    Some(slug(name.trim())).filter(|s| !s.is_empty())
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
        assert_eq!(
            Status::parse("did-not-finish").unwrap(),
            Status::DidNotFinish
        );
        assert!(
            ShelfName::parse("Did not finish")
                .unwrap_err()
                .message
                .contains("status"),
            "did-not-finish is a status, not a shelf of one's own"
        );
    }

    #[test]
    fn other_sites_exclusive_shelves_are_known_by_slug() {
        assert_eq!(
            exclusive_slug("Did Not Finish").as_deref(),
            Some("did-not-finish")
        );
        assert_eq!(exclusive_slug(" Abandoned! ").as_deref(), Some("abandoned"));
        assert_eq!(exclusive_slug("to-read").as_deref(), Some("to-read"));
        assert_eq!(exclusive_slug("!!"), None);
    }

    #[test]
    fn placements_take_statuses_and_own_exclusive_shelves() {
        assert_eq!(
            Placement::choose("Did-Not-Finish", &[]).unwrap(),
            Placement::Status(Status::DidNotFinish)
        );
        assert_eq!(
            Placement::choose(" abandoned ", &["abandoned"]).unwrap(),
            Placement::Own("abandoned".into())
        );
        assert_eq!(
            Placement::choose("abandoned", &[]).unwrap_err().field,
            "status"
        );
        let refused = Placement::choose("someday", &["abandoned"]).unwrap_err();
        assert!(refused.message.contains("abandoned"), "{}", refused.message);
        assert_eq!(Placement::Own("owned".into()).slug(), "owned");
        assert_eq!(status_name("did-not-finish", None), "Did not finish");
        assert_eq!(status_name("abandoned", Some("Abandoned")), "Abandoned");
        assert_eq!(status_name("abandoned", None), "abandoned");
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
