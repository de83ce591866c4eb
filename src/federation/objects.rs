//! What Dogear sends: its books as BookWyrm `Edition`/`Work`/`Author`,
//! reviews as `Review` (or `Article` for servers that are not BookWyrm),
//! ratings, status changes as `GeneratedNote`, quotes as `Quotation`,
//! thread messages as `Note`, and the activities that carry them.

use serde_json::{Value, json};

use super::format::rfc3339;
use super::{Ids, PUBLIC};
use crate::domain::privacy::Visibility;
use crate::store::{AuthorRef, Book};

pub(crate) const CONTEXT: &str = "https://www.w3.org/ns/activitystreams";

/// Who an object is addressed to: public (to everyone, the author's
/// followers in copy), or the followers alone (a friends-only review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Public,
    Followers,
}

fn addressed(reach: Reach, followers: &str) -> (Value, Value) {
    match reach {
        Reach::Public => (json!([PUBLIC]), json!([followers])),
        Reach::Followers => (json!([followers]), json!([])),
    }
}

/// Addresses `doc` anew: for everyone, or for the followers alone.
pub fn readdress(doc: &mut Value, reach: Reach, followers: &str) {
    let (to, cc) = addressed(reach, followers);
    doc["to"] = to;
    doc["cc"] = cc;
}

/// Stars from quarters rounded to the half stars BookWyrm rates in.
pub fn half_stars(quarters: i64) -> f64 {
    ((quarters.clamp(0, 20) as f64) / 2.0).round() / 2.0
}

fn authors(list: &[AuthorRef], ids: &Ids) -> Vec<String> {
    list.iter().map(|a| ids.author(a.id)).collect()
}

/// A book as an `Edition`, whose `work` is fetchable at its own id.
pub fn edition(book: &Book, ids: &Ids) -> Value {
    let cover = book
        .cover
        .as_ref()
        .map(|digest| json!({"type": "Document", "url": ids.0.join(&format!("/covers/{}/{digest}.jpg", book.id)), "name": book.title}));
    json!({
        "@context": CONTEXT,
        "id": ids.edition(book.id),
        "type": "Edition",
        "title": book.title,
        "authors": authors(&book.authors, ids),
        "isbn13": book.isbn13.clone().unwrap_or_default(),
        "isbn10": book.isbn10.clone().unwrap_or_default(),
        "pages": book.pages,
        "description": book.description.as_deref().map(crate::domain::markdown::render).unwrap_or_default(),
        "publishedDate": book.year.map(|y| format!("{y:04}-01-01T00:00:00Z")).unwrap_or_default(),
        "series": book.series.clone().unwrap_or_default(),
        "seriesNumber": book.series_position.clone().unwrap_or_default(),
        "cover": cover,
        "work": ids.work(book.id),
        "languages": [],
        "subjects": [],
    })
}

/// The `Work` of a book, listing its edition.
pub fn work(book: &Book, ids: &Ids) -> Value {
    json!({
        "@context": CONTEXT,
        "id": ids.work(book.id),
        "type": "Work",
        "title": book.title,
        "authors": authors(&book.authors, ids),
        "editions": [ids.edition(book.id)],
        "description": book.description.as_deref().map(crate::domain::markdown::render).unwrap_or_default(),
        "languages": [],
        "subjects": [],
    })
}

pub fn author(a: &AuthorRef, ids: &Ids) -> Value {
    json!({"@context": CONTEXT, "id": ids.author(a.id), "type": "Author", "name": a.name})
}

/// What a review says, as the outgoing objects need it.
#[derive(Debug, Clone)]
pub struct ReviewOut<'a> {
    pub id: i64,
    pub username: &'a str,
    pub book: &'a Book,
    /// Sanitised HTML.
    pub body_html: &'a str,
    pub spoiler: bool,
    pub stars_quarters: Option<i64>,
    pub reach: Reach,
    pub published: i64,
    pub updated: Option<i64>,
}

/// A review as BookWyrm's `Review`, or (`rich` false) as an `Article` any
/// server shows, linking the book.
pub fn review(r: &ReviewOut, ids: &Ids, rich: bool) -> Value {
    let actor = ids.actor(r.username);
    let (to, cc) = addressed(r.reach, &ids.followers(r.username));
    let name = format!("Review of \u{201c}{}\u{201d}", r.book.title);
    let mut doc = json!({
        "@context": CONTEXT,
        "id": ids.review(r.id),
        "url": ids.review(r.id),
        "attributedTo": actor,
        "published": rfc3339(r.published),
        "to": to,
        "cc": cc,
        "name": name,
        "sensitive": r.spoiler,
        "summary": if r.spoiler { Value::from("Spoilers ahead") } else { Value::Null },
        "tag": [],
        "attachment": [],
        "replies": {"id": format!("{}/replies", ids.review(r.id)), "type": "OrderedCollection", "totalItems": 0},
    });
    if let Some(updated) = r.updated {
        doc["updated"] = rfc3339(updated).into();
    }
    if rich {
        doc["type"] = "Review".into();
        doc["content"] = r.body_html.into();
        doc["inReplyToBook"] = ids.edition(r.book.id).into();
        doc["rating"] = r.stars_quarters.map(half_stars).into();
    } else {
        doc["type"] = "Article".into();
        let link = format!(
            "<p>Review of <a href=\"{}\">{}</a></p>",
            ids.edition(r.book.id),
            crate::domain::text::escape(&r.book.title)
        );
        doc["content"] = format!("{link}{}", r.body_html).into();
    }
    doc
}

/// A public status of `kind` by the reader, with `extra` fields added.
fn public_status(
    kind: &str,
    id: &str,
    username: &str,
    published: i64,
    ids: &Ids,
    extra: Value,
) -> Value {
    let (to, cc) = addressed(Reach::Public, &ids.followers(username));
    let mut doc = json!({
        "@context": CONTEXT,
        "id": id,
        "type": kind,
        "attributedTo": ids.actor(username),
        "published": rfc3339(published),
        "to": to,
        "cc": cc,
        "sensitive": false,
    });
    if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
        doc.extend(extra);
    }
    doc
}

/// A rating alone, as BookWyrm's `Rating`.
pub fn rating(username: &str, book: &Book, quarters: i64, published: i64, ids: &Ids) -> Value {
    let extra = json!({
        "content": "",
        "inReplyToBook": ids.edition(book.id),
        "rating": half_stars(quarters),
    });
    public_status(
        "Rating",
        &ids.rating(username, book.id),
        username,
        published,
        ids,
        extra,
    )
}

/// A reading status change ("wants to read", "started reading", "finished
/// reading") as BookWyrm's `GeneratedNote`, tagging the book.
pub fn generated_note(
    id: &str,
    username: &str,
    book: &Book,
    phrase: &str,
    published: i64,
    ids: &Ids,
) -> Value {
    let extra = json!({
        "content": crate::domain::text::escape(phrase),
        "tag": [{"type": "Book", "href": ids.edition(book.id), "name": book.title}],
    });
    public_status("GeneratedNote", id, username, published, ids, extra)
}

/// A quote from a book as BookWyrm's `Quotation`.
pub fn quotation(
    quote_id: i64,
    username: &str,
    book: &Book,
    quote_html: &str,
    published: i64,
    ids: &Ids,
) -> Value {
    let extra = json!({
        "content": "",
        "quote": quote_html,
        "inReplyToBook": ids.edition(book.id),
    });
    public_status(
        "Quotation",
        &ids.quote(quote_id),
        username,
        published,
        ids,
        extra,
    )
}

/// A message in a review's thread.
#[derive(Debug, Clone)]
pub struct NoteOut<'a> {
    pub review_id: i64,
    pub number: i64,
    pub username: &'a str,
    /// Sanitised HTML.
    pub body_html: &'a str,
    /// The review's id, or the message's it quotes.
    pub in_reply_to: &'a str,
    pub reach: Reach,
    pub published: i64,
}

/// A thread message as a `Note` replying to the review or the quoted message.
pub fn thread_note(n: &NoteOut, ids: &Ids) -> Value {
    let (to, cc) = addressed(n.reach, &ids.followers(n.username));
    json!({
        "@context": CONTEXT,
        "id": ids.comment(n.review_id, n.number),
        "url": ids.comment(n.review_id, n.number),
        "type": "Note",
        "attributedTo": ids.actor(n.username),
        "published": rfc3339(n.published),
        "to": to,
        "cc": cc,
        "content": n.body_html,
        "inReplyTo": n.in_reply_to,
        "sensitive": false,
    })
}

/// An activity of `kind` by `actor` on `object` (an id or an embedded object),
/// addressed as its object is.
pub fn activity(kind: &str, id: &str, actor: &str, object: Value) -> Value {
    let (to, cc) = match &object {
        Value::Object(o) => (
            o.get("to").cloned().unwrap_or(json!([])),
            o.get("cc").cloned().unwrap_or(json!([])),
        ),
        _ => (json!([]), json!([])),
    };
    json!({"@context": CONTEXT, "id": id, "type": kind, "actor": actor, "object": object, "to": to, "cc": cc})
}

/// A `Delete` of `object_id`, with the `Tombstone` left in its place.
pub fn delete(id: &str, actor: &str, object_id: &str, reach: Reach, followers: &str) -> Value {
    let (to, cc) = addressed(reach, followers);
    json!({
        "@context": CONTEXT,
        "id": id,
        "type": "Delete",
        "actor": actor,
        "object": {"id": object_id, "type": "Tombstone"},
        "to": to,
        "cc": cc,
    })
}

/// `Add` (or `Remove`) of a book to a reader's shelf as BookWyrm's `ShelfItem`.
pub fn shelf_change(
    add: bool,
    id: &str,
    username: &str,
    book: &Book,
    shelf_id: &str,
    ids: &Ids,
) -> Value {
    json!({
        "@context": CONTEXT,
        "id": format!("{id}#{}", if add { "add" } else { "remove" }),
        "type": if add { "Add" } else { "Remove" },
        "actor": ids.actor(username),
        "object": {"id": id, "type": "ShelfItem", "actor": ids.actor(username), "book": ids.edition(book.id)},
        "target": shelf_id,
    })
}

/// Who a thing shared with `visibility` reaches elsewhere: a private one nobody.
pub fn reach_of(visibility: &str) -> Option<Reach> {
    match Visibility::stored(visibility) {
        Visibility::Public => Some(Reach::Public),
        Visibility::Friends => Some(Reach::Followers),
        Visibility::Private => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_round_to_half_stars() {
        assert_eq!(half_stars(18), 4.5);
        assert_eq!(half_stars(20), 5.0);
        assert_eq!(half_stars(17), 4.5);
        assert_eq!(half_stars(15), 4.0);
        assert_eq!(half_stars(2), 0.5);
        assert_eq!(half_stars(99), 5.0);
    }
}
