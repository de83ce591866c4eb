//! Dogear's objects served at their ids for other servers: reviews, thread
//! messages, quotes, books (`Edition` and `Work`), authors, and each
//! reader's outbox, followers and following. The same rules as the pages:
//! only what everyone may see is served (a friends-only review, a private
//! library are not there); a deleted message answers 410 with its
//! `Tombstone`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Ids;
use super::format::{activity_response, rfc3339};
use super::objects::{self, NoteOut, Reach, ReviewOut, reach_of};
use crate::AppState;
use crate::domain::thread::Thread;
use crate::error::ActionError;
use crate::store::{Comment, Review, User};

/// A review as sent: rich (BookWyrm's `Review`) or plain (`Article`); the
/// rating with it only where the reviewer's library is seen as far.
pub async fn review_doc(
    state: &AppState,
    review: &Review,
    user: &User,
    reach: Reach,
    rich: bool,
) -> Result<Option<Value>, ActionError> {
    let store = &state.store;
    let Some(book) = store.book(review.book_id).await? else {
        return Ok(None);
    };
    let library = reach_of(&user.visibility);
    let shown = matches!(
        (library, reach),
        (Some(Reach::Public), _) | (Some(Reach::Followers), Reach::Followers)
    );
    let stars = if shown {
        store.reader_book(user.id, book.id).await?.rating
    } else {
        None
    };
    let out = ReviewOut {
        id: review.id,
        username: &user.username,
        book: &book,
        body_html: &review.body_html,
        spoiler: review.spoiler,
        stars_quarters: stars,
        reach,
        published: review.created_at,
        updated: (review.updated_at > review.created_at).then_some(review.updated_at),
    };
    Ok(Some(objects::review(&out, &Ids(&state.public_url), rich)))
}

/// A message of a review's thread as a `Note`.
pub fn note_doc(
    state: &AppState,
    comment: &Comment,
    review_id: i64,
    username: &str,
    reach: Reach,
    in_reply_to: Option<&str>,
) -> Value {
    let ids = Ids(&state.public_url);
    let in_reply_to = match (in_reply_to, &comment.quote) {
        (Some(elsewhere), _) => elsewhere.to_string(),
        (None, Some(quoted)) => ids.comment(review_id, quoted.number),
        (None, None) => ids.review(review_id),
    };
    let note = NoteOut {
        review_id,
        number: comment.number,
        username,
        body_html: &comment.body_html,
        in_reply_to: &in_reply_to,
        reach,
        published: comment.created_at,
    };
    let mut doc = objects::thread_note(&note, &ids);
    if let Some(at) = comment.edited_at {
        doc["updated"] = rfc3339(at).into();
    }
    doc
}

/// Where a message in the thread of a review from another server answers:
/// the quoted message's id or the review's id there. None: a thread of here.
pub async fn reply_elsewhere(
    state: &AppState,
    comment: &Comment,
    review_id: i64,
) -> Result<Option<String>, ActionError> {
    let store = &state.store;
    let Some(origin) = store.review_origin(review_id).await? else {
        return Ok(None);
    };
    Ok(Some(match &comment.quote {
        Some(quoted) => store
            .comment_origin(review_id, quoted.number)
            .await?
            .unwrap_or_else(|| Ids(&state.public_url).comment(review_id, quoted.number)),
        None => origin,
    }))
}

fn missing() -> Response {
    (StatusCode::NOT_FOUND, "not here\n").into_response()
}

fn gone(id: &str) -> Response {
    let doc =
        json!({"@context": "https://www.w3.org/ns/activitystreams", "id": id, "type": "Tombstone"});
    let mut response = activity_response(&doc);
    *response.status_mut() = StatusCode::GONE;
    response
}

/// The reader, if here and not suspended.
async fn reader(state: &AppState, id: i64) -> Result<Option<User>, ActionError> {
    Ok(state.store.user_by_id(id).await?.filter(|u| !u.suspended))
}

/// A public review, or None.
async fn public_review(state: &AppState, id: i64) -> Result<Option<(Review, User)>, ActionError> {
    let Some(review) = state.store.review(id).await? else {
        return Ok(None);
    };
    if reach_of(&review.visibility) != Some(Reach::Public) {
        return Ok(None);
    }
    Ok(reader(state, review.reviewer.id)
        .await?
        .map(|u| (review, u)))
}

fn collection(id: &str, total: i64) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": id,
        "type": "OrderedCollection",
        "totalItems": total,
        "orderedItems": [],
    })
}

/// The document at `path`, for a request that asked for ActivityPub; None
/// when the path names no object (the page answers it).
pub async fn document(state: &AppState, path: &str) -> Option<Response> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let answer = match parts.as_slice() {
        ["reviews", id] => review(state, id.parse().ok()?).await,
        ["reviews", id, "comments", n] => comment(state, id.parse().ok()?, n.parse().ok()?).await,
        ["books", id] => book(state, id.parse().ok()?, false).await,
        ["books", id, "work"] => book(state, id.parse().ok()?, true).await,
        ["authors", id] => author(state, id.parse().ok()?).await,
        ["quotes", id] => quote(state, id.parse().ok()?).await,
        ["users", name, "shelves", slug] => super::shelves::shelf(state, name, slug).await,
        [
            "users",
            name,
            which @ ("outbox" | "followers" | "following"),
        ] => collections(state, name, which).await,
        _ => return None,
    };
    Some(answer.unwrap_or_else(|e| {
        tracing::error!(error = %e, "an object could not be served");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }))
}

async fn review(state: &AppState, id: i64) -> Result<Response, ActionError> {
    let Some((review, user)) = public_review(state, id).await? else {
        return Ok(missing());
    };
    let doc = review_doc(state, &review, &user, Reach::Public, true).await?;
    Ok(doc.map_or_else(missing, |mut doc| {
        doc["@context"] = "https://www.w3.org/ns/activitystreams".into();
        activity_response(&doc)
    }))
}

async fn comment(state: &AppState, review_id: i64, number: i64) -> Result<Response, ActionError> {
    if public_review(state, review_id).await?.is_none() {
        return Ok(missing());
    }
    let thread = Thread::Review(review_id);
    let found = state
        .store
        .comments_page(thread, number, number, None)
        .await?;
    let Some(comment) = found.into_iter().next() else {
        return Ok(missing());
    };
    let id = Ids(&state.public_url).comment(review_id, number);
    let author = match &comment.author {
        Some(a) if !comment.deleted => reader(state, a.id).await?,
        _ => None,
    };
    Ok(match author {
        Some(user) => {
            let elsewhere = reply_elsewhere(state, &comment, review_id).await?;
            activity_response(&note_doc(
                state,
                &comment,
                review_id,
                &user.username,
                Reach::Public,
                elsewhere.as_deref(),
            ))
        }
        None => gone(&id),
    })
}

async fn book(state: &AppState, id: i64, as_work: bool) -> Result<Response, ActionError> {
    let Some(book) = state.store.book(id).await? else {
        return Ok(missing());
    };
    let ids = Ids(&state.public_url);
    let doc = if as_work {
        objects::work(&book, &ids)
    } else {
        objects::edition(&book, &ids)
    };
    Ok(activity_response(&doc))
}

async fn author(state: &AppState, id: i64) -> Result<Response, ActionError> {
    match crate::actions::books::author(&state.store, id).await {
        Ok((author, _)) => Ok(activity_response(&objects::author(
            &author,
            &Ids(&state.public_url),
        ))),
        Err(ActionError::NotFound(_) | ActionError::Moved { .. }) => Ok(missing()),
        Err(e) => Err(e),
    }
}

async fn quote(state: &AppState, id: i64) -> Result<Response, ActionError> {
    let Some(quote) = state.store.quote(id, None).await? else {
        return Ok(missing());
    };
    let user = reader(state, quote.reader.id).await?;
    let (Some(user), Some(book)) = (user, state.store.book(quote.book_id).await?) else {
        return Ok(missing());
    };
    if reach_of(&user.visibility) != Some(Reach::Public) {
        return Ok(missing());
    }
    let html = format!("<p>{}</p>", crate::domain::text::escape(&quote.body));
    let ids = Ids(&state.public_url);
    let doc = objects::quotation(
        quote.id,
        &user.username,
        &book,
        &html,
        quote.created_at,
        &ids,
    );
    Ok(activity_response(&doc))
}

async fn collections(state: &AppState, name: &str, which: &str) -> Result<Response, ActionError> {
    if !crate::domain::username::is_local(name) {
        return Ok(missing());
    }
    let user = state
        .store
        .user_by_username(&crate::domain::username::key(name))
        .await?
        .filter(|u| !u.suspended);
    let Some(user) = user else {
        return Ok(missing());
    };
    let ids = Ids(&state.public_url);
    // Counts only: who follows whom is as private as the profile, and the
    // outbox's items reach followers as they happen.
    let (id, total) = match which {
        "followers" => (
            ids.followers(&user.username),
            state.store.remote_followers(user.id, false).await?.len() as i64,
        ),
        "following" => (ids.following(&user.username), 0),
        _ => (ids.outbox(&user.username), 0),
    };
    Ok(activity_response(&collection(&id, total)))
}
