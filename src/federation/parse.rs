//! Reading what other servers send: actors, books (`Edition`, `Work`,
//! `Author`), statuses (BookWyrm's `Review`, `Comment`, `Quotation`,
//! `Rating`, `GeneratedNote`; Mastodon's `Note`; `Article`) and activities.
//! Lenient in what it takes (BookWyrm's old snake_case keys, ids or embedded
//! objects), strict in what it gives: HTML comes out sanitised.

use serde_json::Value;

use super::PUBLIC;
use crate::domain::markdown::sanitise_html;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("not a JSON object")]
    NotAnObject,
    #[error("{0} is missing")]
    Missing(&'static str),
    #[error("a {0} is not what was expected here")]
    WrongType(String),
}

/// A string field, also under its old name; empty strings read as absent.
fn text(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().filter_map(|k| v.get(*k)).find_map(|x| match x {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// An id: the string itself, or an embedded object's `id` (or `href`).
pub fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(_) => text(v, &["id", "href"]),
        _ => None,
    }
}

/// A field holding one id or a list of them.
fn ids(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::Array(items)) => items.iter().filter_map(id_of).collect(),
        Some(one) => id_of(one).into_iter().collect(),
        None => Vec::new(),
    }
}

fn kind(v: &Value) -> Option<&str> {
    match v.get("type") {
        Some(Value::String(s)) => Some(s),
        Some(Value::Array(items)) => items.first().and_then(Value::as_str),
        _ => None,
    }
}

fn object(v: &Value) -> Result<&serde_json::Map<String, Value>, ParseError> {
    v.as_object().ok_or(ParseError::NotAnObject)
}

/// Whether an address is the public collection, in any of its spellings.
pub fn is_public(address: &str) -> bool {
    address.eq_ignore_ascii_case(PUBLIC) || address == "as:Public" || address == "Public"
}

/// An actor on another server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub kind: String,
    pub username: String,
    pub name: String,
    pub summary: String,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub key_id: String,
    pub key_owner: String,
    pub public_key_pem: String,
    pub bookwyrm: bool,
    pub manual_approval: bool,
    pub icon: Option<String>,
    pub also_known_as: Vec<String>,
}

pub fn actor(v: &Value) -> Result<Actor, ParseError> {
    object(v)?;
    let kind = kind(v).ok_or(ParseError::Missing("type"))?.to_string();
    if !["Person", "Service", "Application", "Group", "Organization"].contains(&kind.as_str()) {
        return Err(ParseError::WrongType(kind));
    }
    let id = text(v, &["id"]).ok_or(ParseError::Missing("id"))?;
    let key = v.get("publicKey").ok_or(ParseError::Missing("publicKey"))?;
    let username =
        text(v, &["preferredUsername"]).ok_or(ParseError::Missing("preferredUsername"))?;
    Ok(Actor {
        name: text(v, &["name"]).unwrap_or_else(|| username.clone()),
        username,
        summary: text(v, &["summary"])
            .map(|s| sanitise_html(&s))
            .unwrap_or_default(),
        inbox: text(v, &["inbox"]).ok_or(ParseError::Missing("inbox"))?,
        shared_inbox: v.get("endpoints").and_then(|e| text(e, &["sharedInbox"])),
        key_id: text(key, &["id"]).ok_or(ParseError::Missing("publicKey.id"))?,
        key_owner: text(key, &["owner"]).unwrap_or_else(|| id.clone()),
        public_key_pem: text(key, &["publicKeyPem"]).ok_or(ParseError::Missing("publicKeyPem"))?,
        bookwyrm: v
            .get("bookwyrmUser")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        manual_approval: v
            .get("manuallyApprovesFollowers")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        icon: v.get("icon").and_then(|i| text(i, &["url"])),
        also_known_as: ids(v, "alsoKnownAs"),
        id,
        kind,
    })
}

/// A book as another server describes it: an `Edition` or a `Work`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Book {
    pub id: String,
    pub is_work: bool,
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub isbn13: Option<String>,
    pub isbn10: Option<String>,
    pub oclc: Option<String>,
    pub openlibrary_key: Option<String>,
    pub goodreads_key: Option<String>,
    pub librarything_key: Option<String>,
    /// An edition's work.
    pub work: Option<String>,
    /// A work's editions.
    pub editions: Vec<String>,
    pub description: Option<String>,
    pub pages: Option<i64>,
    pub published: Option<String>,
    pub cover: Option<String>,
    pub languages: Vec<String>,
}

/// Digits (and a final X) of an identifier as written, or None if there are none.
fn isbn(raw: Option<String>) -> Option<String> {
    let digits: String = raw?
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (!digits.is_empty()).then_some(digits)
}

pub fn book(v: &Value) -> Result<Book, ParseError> {
    object(v)?;
    let kind = kind(v).ok_or(ParseError::Missing("type"))?;
    let is_work = match kind {
        "Edition" | "Book" => false,
        "Work" => true,
        other => return Err(ParseError::WrongType(other.to_string())),
    };
    let cover =
        v.get("cover")
            .and_then(|c| text(c, &["url"]))
            .or_else(|| match v.get("attachment") {
                Some(Value::Array(items)) => items.iter().find_map(|i| text(i, &["url"])),
                _ => None,
            });
    Ok(Book {
        id: text(v, &["id"]).ok_or(ParseError::Missing("id"))?,
        is_work,
        title: text(v, &["title", "name"]).ok_or(ParseError::Missing("title"))?,
        subtitle: text(v, &["subtitle"]),
        authors: ids(v, "authors"),
        isbn13: isbn(text(v, &["isbn13", "isbn_13"])),
        isbn10: isbn(text(v, &["isbn10", "isbn_10"])),
        oclc: text(v, &["oclcNumber", "oclc_number"]),
        openlibrary_key: text(v, &["openlibraryKey", "openlibrary_key"]),
        goodreads_key: text(v, &["goodreadsKey", "goodreads_key"]),
        librarything_key: text(v, &["librarythingKey", "librarything_key"]),
        work: v.get("work").and_then(id_of),
        editions: ids(v, "editions"),
        description: text(v, &["description"]).map(|d| sanitise_html(&d)),
        pages: v.get("pages").and_then(Value::as_i64),
        published: text(v, &["publishedDate", "published_date"]),
        cover,
        languages: match v.get("languages") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|l| l.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
    })
}

/// A book's author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
}

pub fn author(v: &Value) -> Result<Author, ParseError> {
    object(v)?;
    match kind(v) {
        Some("Author" | "Person") => {}
        Some(other) => return Err(ParseError::WrongType(other.to_string())),
        None => return Err(ParseError::Missing("type")),
    }
    Ok(Author {
        id: text(v, &["id"]).ok_or(ParseError::Missing("id"))?,
        name: text(v, &["name"]).ok_or(ParseError::Missing("name"))?,
        aliases: match v.get("aliases") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
    })
}

/// Who a status is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Addressed to the public collection (in `to` or `cc`).
    Public,
    /// To the author's followers and no one else.
    Followers,
    /// To the people named only.
    Direct,
}

/// What kind of status arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Review,
    Comment,
    Quotation,
    Rating,
    GeneratedNote,
    Note,
    Article,
}

impl StatusKind {
    fn parse(name: &str) -> Option<StatusKind> {
        Some(match name {
            "Review" => StatusKind::Review,
            "Comment" => StatusKind::Comment,
            "Quotation" => StatusKind::Quotation,
            "Rating" | "ReviewRating" => StatusKind::Rating,
            "GeneratedNote" => StatusKind::GeneratedNote,
            "Note" => StatusKind::Note,
            "Article" => StatusKind::Article,
            _ => return None,
        })
    }
}

/// A status: a review, a comment on a book, a quotation, a rating, a
/// generated note ("wants to read"), or a plain note or article.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub id: String,
    pub kind: StatusKind,
    pub attributed_to: String,
    /// Sanitised HTML.
    pub content: String,
    /// A review's title.
    pub name: Option<String>,
    /// Stars, in quarters (BookWyrm rates in halves: 4.5 is 18).
    pub rating_quarters: Option<i64>,
    /// The spoiler warning (`summary`, plain text: pages escape it), when
    /// there is one or `sensitive` is set.
    pub spoiler: Option<String>,
    pub in_reply_to: Option<String>,
    /// The book a BookWyrm status is about.
    pub in_reply_to_book: Option<String>,
    /// Books tagged (a `GeneratedNote`'s book).
    pub books: Vec<String>,
    /// Accounts mentioned.
    pub mentions: Vec<String>,
    /// A quotation's quoted words (sanitised HTML).
    pub quote: Option<String>,
    pub published: Option<String>,
    pub audience: Audience,
    pub to: Vec<String>,
    pub cc: Vec<String>,
}

/// Stars in quarters from a rating in stars (0.5 to 5; 0 or none is no rating).
pub fn rating_quarters(stars: f64) -> Option<i64> {
    (stars.is_finite() && stars > 0.0).then(|| (stars.min(5.0) * 4.0).round() as i64)
}

pub fn status(v: &Value) -> Result<Status, ParseError> {
    object(v)?;
    let name = kind(v).ok_or(ParseError::Missing("type"))?;
    let kind = StatusKind::parse(name).ok_or_else(|| ParseError::WrongType(name.to_string()))?;
    let to = ids(v, "to");
    let cc = ids(v, "cc");
    let audience = if to.iter().chain(&cc).any(|a| is_public(a)) {
        Audience::Public
    } else if to.iter().chain(&cc).any(|a| a.ends_with("/followers")) {
        Audience::Followers
    } else {
        Audience::Direct
    };
    let sensitive = v.get("sensitive").and_then(Value::as_bool).unwrap_or(false);
    let summary = text(v, &["summary"]);
    let spoiler = match (summary, sensitive) {
        (Some(s), _) => Some(s),
        (None, true) => Some(String::new()),
        (None, false) => None,
    };
    let tags = match v.get("tag") {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let tagged = |wanted: &str| -> Vec<String> {
        tags.iter()
            .filter(|t| kind_is(t, wanted))
            .filter_map(|t| text(t, &["href"]))
            .collect()
    };
    let content = text(v, &["content"])
        .or_else(|| {
            v.get("contentMap")
                .and_then(Value::as_object)
                .and_then(|m| m.values().find_map(|c| c.as_str().map(str::to_string)))
        })
        .unwrap_or_default();
    Ok(Status {
        id: text(v, &["id"]).ok_or(ParseError::Missing("id"))?,
        kind,
        attributed_to: v
            .get("attributedTo")
            .and_then(id_of)
            .ok_or(ParseError::Missing("attributedTo"))?,
        content: sanitise_html(&content),
        name: text(v, &["name"]),
        rating_quarters: v
            .get("rating")
            .and_then(Value::as_f64)
            .and_then(rating_quarters),
        spoiler,
        in_reply_to: v.get("inReplyTo").and_then(id_of),
        in_reply_to_book: v.get("inReplyToBook").and_then(id_of),
        books: tagged("Book")
            .into_iter()
            .chain(tagged("Edition"))
            .collect(),
        mentions: tagged("Mention"),
        quote: text(v, &["quote"]).map(|q| sanitise_html(&q)),
        published: text(v, &["published"]),
        audience,
        to,
        cc,
    })
}

fn kind_is(v: &Value, wanted: &str) -> bool {
    kind(v) == Some(wanted)
}

/// An activity: who did what to which object.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub id: String,
    pub kind: String,
    pub actor: String,
    /// The object's id (or an embedded object's).
    pub object_id: Option<String>,
    /// The object when it came embedded.
    pub object: Option<Value>,
    pub target: Option<String>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
}

/// The activities an inbox takes.
pub const ACTIVITY_TYPES: &[&str] = &[
    "Create", "Update", "Delete", "Follow", "Accept", "Reject", "Undo", "Like", "Announce", "Add",
    "Remove", "Block", "Flag", "Move",
];

pub fn activity(v: &Value) -> Result<Activity, ParseError> {
    object(v)?;
    let name = kind(v).ok_or(ParseError::Missing("type"))?;
    if !ACTIVITY_TYPES.contains(&name) {
        return Err(ParseError::WrongType(name.to_string()));
    }
    let embedded = v.get("object").filter(|o| o.is_object()).cloned();
    Ok(Activity {
        id: text(v, &["id"]).ok_or(ParseError::Missing("id"))?,
        kind: name.to_string(),
        actor: v
            .get("actor")
            .and_then(id_of)
            .ok_or(ParseError::Missing("actor"))?,
        object_id: v.get("object").and_then(id_of),
        object: embedded,
        target: v.get("target").and_then(id_of),
        to: ids(v, "to"),
        cc: ids(v, "cc"),
    })
}

/// A book put on (or taken off) a shelf: the object of `Add`/`Remove`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfItem {
    pub id: String,
    pub actor: Option<String>,
    pub book: String,
}

pub fn shelf_item(v: &Value) -> Result<ShelfItem, ParseError> {
    object(v)?;
    match kind(v) {
        Some("ShelfItem" | "ListItem") => {}
        Some(other) => return Err(ParseError::WrongType(other.to_string())),
        None => return Err(ParseError::Missing("type")),
    }
    Ok(ShelfItem {
        id: text(v, &["id"]).ok_or(ParseError::Missing("id"))?,
        actor: v.get("actor").and_then(id_of),
        book: v
            .get("book")
            .and_then(id_of)
            .ok_or(ParseError::Missing("book"))?,
    })
}

/// A shelf or a list: a named collection of books.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub owner: Option<String>,
    pub summary: Option<String>,
    pub total: Option<i64>,
}

pub fn collection(v: &Value) -> Result<Collection, ParseError> {
    object(v)?;
    let kind = kind(v).ok_or(ParseError::Missing("type"))?;
    if !["Shelf", "BookList", "OrderedCollection", "Collection"].contains(&kind) {
        return Err(ParseError::WrongType(kind.to_string()));
    }
    Ok(Collection {
        id: text(v, &["id"]).ok_or(ParseError::Missing("id"))?,
        kind: kind.to_string(),
        name: text(v, &["name"]).unwrap_or_default(),
        owner: v.get("owner").and_then(id_of),
        summary: text(v, &["summary"]).map(|s| sanitise_html(&s)),
        total: v.get("totalItems").and_then(Value::as_i64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ratings_in_stars_become_quarters() {
        assert_eq!(rating_quarters(4.5), Some(18));
        assert_eq!(rating_quarters(5.0), Some(20));
        assert_eq!(rating_quarters(0.5), Some(2));
        assert_eq!(rating_quarters(9.0), Some(20));
        assert_eq!(rating_quarters(0.0), None);
        assert_eq!(rating_quarters(f64::NAN), None);
    }

    #[test]
    fn incoming_html_is_cleaned() -> Result<(), ParseError> {
        let s = status(&json!({
            "id": "https://x/n/1", "type": "Note", "attributedTo": "https://x/u/a",
            "content": "<p onclick=\"x()\">hi<script>alert(1)</script></p>",
            "summary": "<b>careful</b>", "to": ["https://x/u/a/followers"]
        }))?;
        assert_eq!(s.content, "<p>hi</p>");
        assert_eq!(s.spoiler.as_deref(), Some("<b>careful</b>"));
        assert_eq!(s.audience, Audience::Followers);
        Ok(())
    }

    #[test]
    fn what_is_not_an_activity_is_refused() {
        assert_eq!(activity(&json!([])), Err(ParseError::NotAnObject));
        assert_eq!(
            activity(&json!({"id": "i", "type": "Explode", "actor": "a"})),
            Err(ParseError::WrongType("Explode".into()))
        );
        assert_eq!(
            activity(&json!({"id": "i", "type": "Like"})),
            Err(ParseError::Missing("actor"))
        );
    }
}
