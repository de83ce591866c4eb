//! Turns what local readers did (`actions::outbox`) into activities for
//! their followers on other servers: each event rendered from the rows as
//! they stand now, addressed by who may see it (public, followers alone, or
//! nobody), and queued once per inbox. BookWyrm followers get its rich book
//! types; other servers plain `Note`s and `Article`s.

use serde_json::Value;

use super::objects::{self, Reach, reach_of};
use super::{Ids, queue, serve, shelves};
use crate::AppState;
use crate::actions::outbox::Kind;
use crate::domain::thread::Thread;
use crate::error::ActionError;
use crate::store::{OutboxEvent, User};

/// Events taken at once by one pass.
const BATCH: i64 = 32;

/// What an event sends: one activity for BookWyrm servers, and for others
/// the plain one when it differs.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub rich: Value,
    pub plain: Option<Value>,
    /// Sent to BookWyrm servers alone (a shelf's `Add`, which others drop).
    pub rich_only: bool,
    /// Inboxes beyond the reader's followers': a reply in the thread of a
    /// review from elsewhere goes to its writer's server too.
    pub also_to: Vec<String>,
}

impl Rendered {
    fn same(doc: Value) -> Option<Rendered> {
        Some(Rendered {
            rich: doc,
            plain: None,
            rich_only: false,
            also_to: Vec::new(),
        })
    }
}

/// `Create` of a new object, or `Update` of one changed since. A Create's id
/// carries when the object was published: a deleted row's id can be given
/// again, and the server that saw the first Create must not take the second
/// for a repeat.
fn create_or_update(object: Value, actor: &str, updated: Option<i64>) -> Value {
    let id = object["id"].as_str().unwrap_or_default().to_string();
    match updated {
        Some(at) => objects::activity("Update", &format!("{id}#update/{at}"), actor, object),
        None => {
            let published: String = object["published"]
                .as_str()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let create = format!("{id}#create/{published}");
            objects::activity("Create", &create, actor, object)
        }
    }
}

/// The phrase BookWyrm shows for a reading status.
fn status_phrase(slug: &str) -> Option<&'static str> {
    Some(match slug {
        "to-read" => "wants to read",
        "currently-reading" => "started reading",
        "read" => "finished reading",
        "did-not-finish" => "stopped reading",
        _ => return None,
    })
}

fn internal(e: impl std::fmt::Display) -> ActionError {
    ActionError::Internal(e.to_string())
}

/// The activity an event sends, or None when it sends nothing (gone since,
/// private, or in a thread that does not federate).
pub async fn render(
    state: &AppState,
    user: &User,
    event: &OutboxEvent,
) -> Result<Option<Rendered>, ActionError> {
    let store = &state.store;
    let ids = Ids(&state.public_url);
    let name = user.username.as_str();
    let actor = ids.actor(name);
    let followers = ids.followers(name);
    let library = reach_of(&user.visibility);
    let Some(kind) = Kind::stored(&event.kind) else {
        return Ok(None);
    };
    match kind {
        Kind::Review => {
            let Some(review) = store.review(event.subject_id).await? else {
                return Ok(None);
            };
            let Some(reach) = reach_of(&review.visibility) else {
                return Ok(None);
            };
            let updated = (review.updated_at > review.created_at).then_some(review.updated_at);
            let rich = serve::review_doc(state, &review, user, reach, true).await?;
            let plain = serve::review_doc(state, &review, user, reach, false).await?;
            let (Some(rich), Some(plain)) = (rich, plain) else {
                return Ok(None);
            };
            Ok(Some(Rendered {
                rich: create_or_update(rich, &actor, updated),
                plain: Some(create_or_update(plain, &actor, updated)),
                rich_only: false,
                also_to: Vec::new(),
            }))
        }
        Kind::ReviewDeleted | Kind::QuoteDeleted => {
            let (object, reach) = if kind == Kind::ReviewDeleted {
                (ids.review(event.subject_id), reach_of(&event.detail))
            } else {
                (ids.quote(event.subject_id), library)
            };
            let Some(reach) = reach else {
                return Ok(None);
            };
            let id = format!("{object}#delete");
            Ok(Rendered::same(objects::delete(
                &id, &actor, &object, reach, &followers,
            )))
        }
        Kind::Liked | Kind::Unliked => {
            let Some(review) = store.review(event.subject_id).await? else {
                return Ok(None);
            };
            // The liker's followers are not the reviewer's: only a public review's like goes.
            if reach_of(&review.visibility) != Some(Reach::Public) {
                return Ok(None);
            }
            let reach = Reach::Public;
            // A review from elsewhere is liked by its id there, and its
            // writer's server hears of it.
            let origin = store.review_origin(review.id).await?;
            let also_to = match origin {
                Some(_) => writer_inbox(state, review.reviewer.id).await?,
                None => Vec::new(),
            };
            let object = origin.unwrap_or_else(|| ids.review(review.id));
            // Named by when it was made (older events carry no time).
            let like_id = match event.detail.as_str() {
                "" => format!("{actor}#likes/{}", review.id),
                since => format!("{actor}#likes/{}/{since}", review.id),
            };
            let mut like = objects::activity("Like", &like_id, &actor, object.into());
            objects::readdress(&mut like, reach, &followers);
            let doc = if kind == Kind::Liked {
                like
            } else {
                let undo_id = format!("{like_id}/undo/{}", event.id);
                let mut undo = objects::activity("Undo", &undo_id, &actor, like);
                objects::readdress(&mut undo, reach, &followers);
                undo
            };
            Ok(Some(Rendered {
                rich: doc,
                plain: None,
                rich_only: false,
                also_to,
            }))
        }
        Kind::Rated | Kind::Status => {
            let (Some(reach), Some(book)) = (library, store.book(event.subject_id).await?) else {
                return Ok(None);
            };
            let mut doc = if kind == Kind::Rated {
                let Some(quarters) = store.reader_book(user.id, book.id).await?.rating else {
                    return Ok(None);
                };
                objects::rating(name, &book, quarters, event.created_at, &ids)
            } else {
                let Some(phrase) = status_phrase(&event.detail) else {
                    return Ok(None);
                };
                let id = format!("{actor}/statuses/{}", event.id);
                objects::generated_note(&id, name, &book, phrase, event.created_at, &ids)
            };
            objects::readdress(&mut doc, reach, &followers);
            let rich = create_or_update(doc.clone(), &actor, None);
            // Servers without BookWyrm's types read a plain note naming the book.
            let plain = plain_note(&doc, &book.title, &ids.edition(book.id));
            Ok(Some(Rendered {
                rich,
                plain: Some(create_or_update(plain, &actor, None)),
                rich_only: false,
                also_to: Vec::new(),
            }))
        }
        Kind::Shelved | Kind::Unshelved => {
            let (Some(reach), Some(_)) = (library, store.book(event.subject_id).await?) else {
                return Ok(None);
            };
            let add = kind == Kind::Shelved;
            let doc = shelves::shelf_item(
                add,
                &ids,
                name,
                &event.detail,
                event.subject_id,
                event.id,
                reach,
            );
            Ok(Some(Rendered {
                rich: doc,
                plain: None,
                rich_only: true,
                also_to: Vec::new(),
            }))
        }
        Kind::Quote => {
            let (Some(reach), Some(quote)) = (library, store.quote(event.subject_id, None).await?)
            else {
                return Ok(None);
            };
            let Some(book) = store.book(quote.book_id).await? else {
                return Ok(None);
            };
            let html = format!("<p>{}</p>", crate::domain::text::escape(&quote.body));
            let mut doc = objects::quotation(quote.id, name, &book, &html, quote.created_at, &ids);
            objects::readdress(&mut doc, reach, &followers);
            let rich = create_or_update(doc.clone(), &actor, None);
            let mut plain = plain_note(&doc, &book.title, &ids.edition(book.id));
            plain["content"] = format!(
                "<blockquote>{html}</blockquote><p>\u{2014} <a href=\"{}\">{}</a></p>",
                ids.edition(book.id),
                crate::domain::text::escape(&book.title)
            )
            .into();
            Ok(Some(Rendered {
                rich,
                plain: Some(create_or_update(plain, &actor, None)),
                rich_only: false,
                also_to: Vec::new(),
            }))
        }
        Kind::Comment | Kind::CommentEdited | Kind::CommentDeleted => {
            let Some(comment) = store.comment(event.subject_id).await? else {
                return Ok(None);
            };
            let Thread::Review(review_id) = comment.thread else {
                return Ok(None);
            };
            // A thread reaches as far as its review, and a friends-only one
            // only its reviewer's followers: another's followers are not the
            // reviewer's friends.
            let Some(review) = store.review(review_id).await? else {
                return Ok(None);
            };
            let reach = match reach_of(&review.visibility) {
                Some(Reach::Public) => Reach::Public,
                Some(Reach::Followers) if review.reviewer.id == user.id => Reach::Followers,
                _ => return Ok(None),
            };
            let object = ids.comment(review_id, comment.number);
            if kind == Kind::CommentDeleted {
                let id = format!("{object}#delete");
                let mut rendered =
                    Rendered::same(objects::delete(&id, &actor, &object, reach, &followers));
                if let Some(r) = rendered.as_mut() {
                    r.also_to = writer_inbox(state, review.reviewer.id).await?;
                }
                return Ok(rendered);
            }
            if comment.deleted {
                return Ok(None);
            }
            let elsewhere = serve::reply_elsewhere(state, &comment, review_id).await?;
            let doc = serve::note_doc(
                state,
                &comment,
                review_id,
                name,
                reach,
                elsewhere.as_deref(),
            );
            let updated = match kind {
                Kind::CommentEdited => Some(comment.edited_at.unwrap_or(event.created_at)),
                _ => None,
            };
            let mut rendered = Rendered::same(create_or_update(doc, &actor, updated));
            if let (Some(r), Some(_)) = (rendered.as_mut(), elsewhere) {
                r.also_to = writer_inbox(state, review.reviewer.id).await?;
            }
            Ok(rendered)
        }
    }
}

/// The inbox of a review's writer when they are a reader elsewhere (none
/// for a reader of here).
async fn writer_inbox(state: &AppState, user_id: i64) -> Result<Vec<String>, ActionError> {
    let Some(uri) = state.store.stand_in_actor_uri(user_id).await? else {
        return Ok(Vec::new());
    };
    let writer = state.store.remote_actor(&uri).await?;
    Ok(queue::inboxes(writer.as_slice()))
}

/// A BookWyrm status as a `Note` any server shows: its words, then a link to the book.
fn plain_note(doc: &Value, title: &str, book_url: &str) -> Value {
    let mut plain = doc.clone();
    let words = doc["content"].as_str().unwrap_or_default();
    let link = format!(
        "<p><a href=\"{book_url}\">{}</a></p>",
        crate::domain::text::escape(title)
    );
    plain["type"] = "Note".into();
    plain["content"] = format!("{words}{link}").into();
    if let Some(o) = plain.as_object_mut() {
        for key in ["inReplyToBook", "rating", "quote"] {
            o.remove(key);
        }
    }
    plain
}

/// Renders one event and queues it for each of the reader's accepted
/// followers' inboxes; gives how many deliveries were queued.
async fn fan_out_one(state: &AppState, event: &OutboxEvent) -> Result<usize, ActionError> {
    let Some(user) = state.store.user_by_id(event.user_id).await? else {
        return Ok(0);
    };
    if user.suspended {
        return Ok(0);
    }
    let Some(rendered) = render(state, &user, event).await? else {
        return Ok(0);
    };
    let followers = state.store.remote_followers(user.id, false).await?;
    let (rich, plain): (Vec<_>, Vec<_>) = followers.into_iter().partition(|f| f.bookwyrm);
    let rich_inboxes = queue::inboxes(&rich);
    let plain_inboxes = if rendered.rich_only {
        Vec::new()
    } else {
        queue::inboxes(&plain)
    };
    // The writer's server hears of a reply there even when no one on it
    // follows the one replying.
    let also: Vec<String> = rendered
        .also_to
        .iter()
        .filter(|i| !rich_inboxes.contains(i) && !plain_inboxes.contains(i))
        .cloned()
        .collect();
    let plain_doc = rendered.plain.as_ref().unwrap_or(&rendered.rich);
    queue::enqueue(state, Some(user.id), &rich_inboxes, &rendered.rich).await?;
    queue::enqueue(state, Some(user.id), &plain_inboxes, plain_doc).await?;
    queue::enqueue(state, Some(user.id), &also, &rendered.rich).await?;
    Ok(rich_inboxes.len() + plain_inboxes.len() + also.len())
}

/// Turns every waiting event into deliveries; gives how many were queued.
pub async fn fan_out(state: &AppState) -> Result<usize, ActionError> {
    let mut queued = 0;
    loop {
        let batch = state
            .store
            .claim_outbox(crate::actions::now(), BATCH)
            .await?;
        if batch.is_empty() {
            return Ok(queued);
        }
        for event in &batch {
            match fan_out_one(state, event).await {
                Ok(n) => queued += n,
                // One that cannot be rendered is dropped rather than tried for ever.
                Err(e) => {
                    tracing::error!(error = %e, kind = %event.kind, "an outgoing event failed")
                }
            }
            state.store.outbox_done(event.id).await.map_err(internal)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn friends_only_reaches_followers_and_private_nobody() {
        assert_eq!(reach_of("public"), Some(Reach::Public));
        assert_eq!(reach_of("friends"), Some(Reach::Followers));
        assert_eq!(reach_of("private"), None);
    }

    #[test]
    fn statuses_read_as_bookwyrm_phrases() {
        assert_eq!(status_phrase("to-read"), Some("wants to read"));
        assert_eq!(status_phrase("currently-reading"), Some("started reading"));
        assert_eq!(status_phrase("read"), Some("finished reading"));
        assert_eq!(status_phrase("my-own-shelf"), None);
    }

    #[test]
    fn a_changed_object_is_an_update_and_a_new_one_a_create() {
        let object = serde_json::json!({"id": "https://h/reviews/1", "to": ["x"], "cc": [],
            "published": "2026-12-02T08:00:01Z"});
        let created = create_or_update(object.clone(), "https://h/users/a", None);
        assert_eq!(created["type"], "Create");
        assert_eq!(created["id"], "https://h/reviews/1#create/20261202080001");
        // The same id given to a later object is a new Create.
        let mut again = object.clone();
        again["published"] = "2026-12-02T09:30:00Z".into();
        let recreated = create_or_update(again, "https://h/users/a", None);
        assert_ne!(recreated["id"], created["id"]);
        assert_eq!(created["to"][0], "x");
        let updated = create_or_update(object, "https://h/users/a", Some(7));
        assert_eq!(updated["type"], "Update");
        assert_eq!(updated["id"], "https://h/reviews/1#update/7");
    }
}
