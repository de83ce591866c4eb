//! Statuses from readers elsewhere: a BookWyrm review, rating, comment or
//! quotation lands on its (copied) book; a note replying to a review or a
//! message here lands in that thread, numbered like any other. Their
//! writer's later `Update`s and `Delete`s follow them.

use super::super::parse::{self, Audience, Status, StatusKind};
use super::super::remote::{InboxError, internal};
use super::targets::{self, Target};
use super::{books, reader};
use crate::AppState;
use crate::domain::privacy::Visibility;
use crate::domain::remote_reader::{cut, plain_text};
use crate::domain::text;
use crate::domain::thread::Thread;
use crate::store::{NewComment, NewQuote, NewReview, RemoteActor, User};

/// The longest quotation kept.
const QUOTE_MAX: usize = 5_000;

/// Who may see it here: followers-only is the stand-in's "friends" (its
/// followers here); anything addressed to people alone is not taken.
fn visibility(audience: Audience) -> Option<Visibility> {
    match audience {
        Audience::Public => Some(Visibility::Public),
        Audience::Followers => Some(Visibility::Friends),
        Audience::Direct => None,
    }
}

/// The status in an activity's embedded object, written by its sender.
fn sent_status(
    sender: &RemoteActor,
    object: Option<&serde_json::Value>,
) -> Result<Option<Status>, InboxError> {
    let Some(status) = object.and_then(|o| parse::status(o).ok()) else {
        return Ok(None);
    };
    if status.attributed_to != sender.uri {
        return Err(InboxError::NotTheActor {
            key_owner: sender.uri.clone(),
            actor: status.attributed_to,
        });
    }
    Ok(Some(status))
}

/// A review's HTML: its title (escaped here), then its sanitised text.
fn review_html(status: &Status) -> String {
    match status.name.as_deref() {
        Some(name) => format!(
            "<p><strong>{}</strong></p>{}",
            text::escape(&cut(name, text::TITLE_MAX)),
            status.content
        ),
        None => status.content.clone(),
    }
}

/// Whether a status with this id arrived already.
async fn known(state: &AppState, id: &str) -> Result<bool, InboxError> {
    let store = &state.store;
    Ok(store.remote_review(id).await.map_err(internal)?.is_some()
        || store.remote_comment(id).await.map_err(internal)?.is_some()
        || store.remote_quote(id).await.map_err(internal)?.is_some()
        || store.remote_rating(id).await.map_err(internal)?.is_some())
}

/// `Create` of a status.
pub async fn create(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
) -> Result<(), InboxError> {
    let Some(status) = sent_status(sender, activity.object.as_ref())? else {
        return Ok(());
    };
    let Some(visibility) = visibility(status.audience) else {
        return Ok(());
    };
    if known(state, &status.id).await? {
        return Ok(());
    }
    let user = reader(state, sender).await?;
    if let Some(parent) = status.in_reply_to.as_deref()
        && let Some(target) = targets::find(state, parent).await?
    {
        return reply(state, &user, &status, target).await;
    }
    let Some(book_uri) = status.in_reply_to_book.as_deref() else {
        // A plain note that answers nothing here has nowhere to land.
        return Ok(());
    };
    match status.kind {
        StatusKind::Review => review(state, &user, &status, book_uri, visibility).await,
        StatusKind::Rating => rating(state, &user, &status, book_uri).await,
        StatusKind::Quotation => quotation(state, &user, &status, book_uri).await,
        StatusKind::Comment => comment_on_book(state, &user, &status, book_uri, visibility).await,
        _ => Ok(()),
    }
}

async fn review(
    state: &AppState,
    user: &User,
    status: &Status,
    book_uri: &str,
    visibility: Visibility,
) -> Result<(), InboxError> {
    let book_id = books::copy(state, book_uri).await?;
    let body = cut(&plain_text(&status.content), text::REVIEW_MAX);
    if !body.is_empty() || status.name.is_some() {
        let new = NewReview {
            user_id: user.id,
            book_id,
            body,
            body_html: review_html(status),
            spoiler: status.spoiler.is_some(),
            recommended_for: None,
            visibility: visibility.key().to_string(),
            now: crate::actions::now(),
        };
        let id = state.store.upsert_review(&new).await.map_err(internal)?;
        state
            .store
            .mark_review(id, &status.id)
            .await
            .map_err(internal)?;
    }
    if status.rating_quarters.is_some() {
        rate(state, user, status, book_id).await?;
    }
    Ok(())
}

async fn rate(
    state: &AppState,
    user: &User,
    status: &Status,
    book_id: i64,
) -> Result<(), InboxError> {
    let Some(quarters) = status.rating_quarters.filter(|q| (1..=20).contains(q)) else {
        return Ok(());
    };
    let store = &state.store;
    store
        .set_rating(user.id, book_id, quarters, crate::actions::now())
        .await
        .map_err(internal)?;
    store
        .mark_rating(user.id, book_id, &status.id)
        .await
        .map_err(internal)
}

async fn rating(
    state: &AppState,
    user: &User,
    status: &Status,
    book_uri: &str,
) -> Result<(), InboxError> {
    let book_id = books::copy(state, book_uri).await?;
    rate(state, user, status, book_id).await
}

async fn quotation(
    state: &AppState,
    user: &User,
    status: &Status,
    book_uri: &str,
) -> Result<(), InboxError> {
    let words = cut(
        &plain_text(status.quote.as_deref().unwrap_or("")),
        QUOTE_MAX,
    );
    if words.is_empty() {
        return Ok(());
    }
    let book_id = books::copy(state, book_uri).await?;
    let new = NewQuote {
        user_id: user.id,
        book_id,
        body: words,
        page: None,
        percent: None,
        spoiler: status.spoiler.is_some(),
        now: crate::actions::now(),
    };
    let id = state.store.add_quote(&new).await.map_err(internal)?;
    state
        .store
        .mark_quote(id, &status.id)
        .await
        .map_err(internal)
}

/// A BookWyrm comment on a book: the reader's review of it when they have
/// none here, else a message in their review's thread (one review a book).
async fn comment_on_book(
    state: &AppState,
    user: &User,
    status: &Status,
    book_uri: &str,
    visibility: Visibility,
) -> Result<(), InboxError> {
    let book_id = books::copy(state, book_uri).await?;
    let theirs = state
        .store
        .user_reviews(user.id, Some(user.id), 500, 0)
        .await
        .map_err(internal)?
        .into_iter()
        .find(|r| r.review.book_id == book_id);
    match theirs {
        Some(item) => reply(state, user, status, Target::Review(item.review.id)).await,
        None => review(state, user, status, book_uri, visibility).await,
    }
}

/// A message in the thread of a review here (quoting the message it
/// answers), if the writer may talk there: not across a block.
async fn reply(
    state: &AppState,
    user: &User,
    status: &Status,
    target: Target,
) -> Result<(), InboxError> {
    let (review_id, quote_of) = match target {
        Target::Review(id) => (id, None),
        Target::Comment { id, review_id } => (review_id, Some(id)),
        Target::Quote(_) => return Ok(()),
    };
    let store = &state.store;
    let thread = Thread::Review(review_id);
    if crate::actions::comments::thread_open(store, Some(user), thread)
        .await
        .is_err()
    {
        return Err(InboxError::Refused(
            "that thread is not open to them".into(),
        ));
    }
    if let Some(quoted) = quote_of
        && crate::actions::comments::standing_comment(store, user, quoted)
            .await
            .is_err()
    {
        return Err(InboxError::Refused(
            "that message is not open to them".into(),
        ));
    }
    let body = cut(&plain_text(&status.content), text::COMMENT_MAX);
    if body.is_empty() {
        return Ok(());
    }
    let new = NewComment {
        thread,
        author_id: user.id,
        body,
        body_html: status.content.clone(),
        quote_of,
        now: crate::actions::now(),
    };
    let (id, _number) = store.add_comment(&new).await.map_err(internal)?;
    store.mark_comment(id, &status.id).await.map_err(internal)
}

/// `Update` of a status the sender wrote (its text changes), or of a book
/// copied from the sender's server.
/// `Update` of the sender's own actor (a new name, picture or key): read
/// afresh from its server, and its account here renamed to match.
async fn profile_changed(state: &AppState, sender: &RemoteActor) -> Result<(), InboxError> {
    let actor = super::super::remote::fetch_actor(state, &sender.uri).await?;
    if state
        .store
        .stand_in_user(&actor.uri)
        .await
        .map_err(internal)?
        .is_some()
    {
        super::super::remote_users::stand_in(&state.store, &actor)
            .await
            .map_err(internal)?;
    }
    Ok(())
}

pub async fn update(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
) -> Result<(), InboxError> {
    let Some(object) = activity.object.as_ref() else {
        return Ok(());
    };
    if parse::id_of(object).as_deref() == Some(sender.uri.as_str()) {
        return profile_changed(state, sender).await;
    }
    if let Ok(book) = parse::book(object) {
        return books::update(state, &sender.uri, &book).await;
    }
    let Some(status) = sent_status(sender, Some(object))? else {
        return Ok(());
    };
    let Some(owner) = state
        .store
        .stand_in_user(&sender.uri)
        .await
        .map_err(internal)?
    else {
        return Ok(());
    };
    let store = &state.store;
    let now = crate::actions::now();
    if let Some((id, writer)) = store.remote_review(&status.id).await.map_err(internal)?
        && writer == owner
    {
        let body = cut(&plain_text(&status.content), text::REVIEW_MAX);
        store
            .edit_remote_review(
                id,
                &body,
                &review_html(&status),
                status.spoiler.is_some(),
                now,
            )
            .await
            .map_err(internal)?;
        if let Some(review) = store.review(id).await.map_err(internal)? {
            let user = reader(state, sender).await?;
            rate(state, &user, &status, review.book_id).await?;
        }
    } else if let Some((id, Some(writer), _)) =
        store.remote_comment(&status.id).await.map_err(internal)?
        && writer == owner
    {
        let body = cut(&plain_text(&status.content), text::COMMENT_MAX);
        store
            .edit_comment(id, &body, &status.content, now)
            .await
            .map_err(internal)?;
    } else if let Some((id, writer)) = store.remote_quote(&status.id).await.map_err(internal)?
        && writer == owner
    {
        let words = cut(
            &plain_text(status.quote.as_deref().unwrap_or("")),
            QUOTE_MAX,
        );
        if !words.is_empty() {
            store
                .edit_remote_quote(id, &words)
                .await
                .map_err(internal)?;
        }
    } else if let Some((writer, book_id)) =
        store.remote_rating(&status.id).await.map_err(internal)?
        && writer == owner
    {
        let user = reader(state, sender).await?;
        rate(state, &user, &status, book_id).await?;
    }
    Ok(())
}

/// `Delete` (an id, or a `Tombstone`) of a status the sender wrote: gone,
/// a thread's message keeping its number as a local deletion does.
pub async fn delete(
    state: &AppState,
    sender: &RemoteActor,
    activity: &parse::Activity,
) -> Result<(), InboxError> {
    let Some(id) = activity.object_id.as_deref() else {
        return Ok(());
    };
    let store = &state.store;
    let Some(owner) = store.stand_in_user(&sender.uri).await.map_err(internal)? else {
        return Ok(());
    };
    if let Some((review, writer)) = store.remote_review(id).await.map_err(internal)?
        && writer == owner
    {
        store.delete_review(review).await.map_err(internal)?;
    } else if let Some((comment, Some(writer), _)) =
        store.remote_comment(id).await.map_err(internal)?
        && writer == owner
    {
        store
            .delete_comment(comment, false, crate::actions::now())
            .await
            .map_err(internal)?;
    } else if let Some((quote, writer)) = store.remote_quote(id).await.map_err(internal)?
        && writer == owner
    {
        store.delete_quote(quote).await.map_err(internal)?;
    } else if let Some((writer, book_id)) = store.remote_rating(id).await.map_err(internal)?
        && writer == owner
    {
        store
            .clear_rating(writer, book_id)
            .await
            .map_err(internal)?;
    }
    Ok(())
}
