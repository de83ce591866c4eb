//! The numbered conversation under a review or a list: reading a page of
//! it, posting, quoting, editing and deleting.

use super::outbox::Told;
use crate::domain::thread::{Seen, Thread, ThreadPage};
use crate::domain::{markdown, registration, text};
use crate::error::{ActionError, ActionResult};
use crate::store::{Comment, NewComment, Posted, Store, StoreError, User};

/// One page of a thread as a reader sees it.
#[derive(Debug, Clone)]
pub struct ThreadView {
    pub page: ThreadPage,
    pub comments: Vec<Comment>,
    /// Comments of this thread no page had shown the reader before this one
    /// (None when signed out: there is no "new" for strangers).
    pub new_count: Option<i64>,
    /// What the reader had been shown before this page, to mark each "(new)".
    pub seen_before: Option<Seen>,
}

impl ThreadView {
    pub fn is_new(&self, number: i64) -> bool {
        self.seen_before
            .as_ref()
            .is_some_and(|seen| !seen.contains(number))
    }
}

/// Page `asked` of a thread of `total` comments. Showing it to a signed-in
/// reader marks the page's own comments as seen.
pub async fn thread_page(
    store: &Store,
    thread: Thread,
    total: i64,
    asked: i64,
    viewer: Option<&User>,
) -> ActionResult<ThreadView> {
    let page = ThreadPage::new(total, asked);
    let mut comments = if page.total > 0 {
        store
            .comments_page(thread, page.first, page.last, viewer.map(|v| v.id))
            .await?
    } else {
        Vec::new()
    };
    // Across a block neither reader hears the other; the number stays.
    if let Some(viewer) = viewer {
        let blocked = store.blocked_either_way(viewer.id).await?;
        for c in comments.iter_mut() {
            if c.author.as_ref().is_some_and(|a| blocked.contains(&a.id)) {
                c.hidden = true;
            }
            if let Some(q) = c.quote.as_mut()
                && q.author_id.is_some_and(|id| blocked.contains(&id))
            {
                q.hidden = true;
            }
        }
    }
    let seen_before = match viewer {
        Some(viewer) => Some(
            store
                .mark_thread_seen(viewer.id, thread, page.first, page.last, super::now())
                .await?,
        ),
        None => None,
    };
    let new_count = seen_before.as_ref().map(|seen| seen.unseen(page.total));
    Ok(ThreadView {
        page,
        comments,
        new_count,
        seen_before,
    })
}

pub struct CommentInput {
    pub body: String,
    pub quote_of: Option<i64>,
}

/// How many comments a minute a reader may post, and a new account.
#[derive(Debug, Clone, Copy)]
pub struct CommentPace {
    pub usual: i64,
    /// For an account's first day; 0: as `usual`.
    pub new_account: i64,
}

/// Over the limit: retry when the oldest comment of the last minute leaves it.
fn too_fast(oldest: Option<i64>, now: i64) -> ActionError {
    let retry_after = oldest.map_or(60, |t| (t + 61 - now).clamp(1, 60)) as u64;
    ActionError::RateLimited { retry_after }
}

/// Posts a comment; returns (id, number). A reader may post `per_minute`
/// comments in any minute; the count lives in the database, so every node of
/// a cluster sees the same.
pub async fn post(
    store: &Store,
    author: &User,
    thread: Thread,
    input: &CommentInput,
    per_minute: CommentPace,
) -> ActionResult<(i64, i64)> {
    super::may_write(author)?;
    // A new account's first comments come slower: spam arrives in fresh accounts.
    let per_minute = registration::comments_per_minute(
        per_minute.usual,
        per_minute.new_account,
        author.created_at,
        super::now(),
    );
    let body = text::body("body", &input.body, text::COMMENT_MAX)?;
    // Nobody talks under a review or list they may not see, nor to a reader who blocked them.
    thread_open(store, Some(author), thread).await?;
    if let Thread::Topic(id) = thread {
        super::groups::may_post(store, author, id).await?;
    }
    if let Some(quoted) = input.quote_of {
        // A reader quotes only what they may see: not across a block.
        let seen = standing_comment(store, author, quoted).await;
        if seen.is_err() {
            return Err(ActionError::invalid(
                "quote_of",
                "that comment is not in this thread",
            ));
        }
    }
    let now = super::now();
    let (recent, oldest) = store
        .comments_since(author.id, now - 60, per_minute)
        .await?;
    // A cheap count turns a flood away without the write lock; the count
    // that decides is taken again inside the write.
    if recent >= per_minute {
        return Err(too_fast(oldest, now));
    }
    let new = NewComment {
        thread,
        author_id: author.id,
        body_html: markdown::render(&body),
        body,
        quote_of: input.quote_of,
        now,
    };
    let posted = store
        .post_comment(&new, per_minute)
        .await
        .map_err(|e| match e {
            StoreError::MissingReference if input.quote_of.is_some() => {
                // Either the review or the quoted comment is missing: say which.
                ActionError::invalid("quote_of", "that comment is not in this thread")
            }
            StoreError::MissingReference => ActionError::NotFound(thread_name(thread)),
            other => other.into(),
        })?;
    match posted {
        Posted::Added { id, number } => {
            if let Thread::Review(_) = thread {
                super::outbox::tell(store, author.id, Told::Comment(id)).await?;
            }
            Ok((id, number))
        }
        Posted::OverLimit { oldest } => Err(too_fast(oldest, now)),
    }
}

fn thread_name(thread: Thread) -> &'static str {
    match thread {
        Thread::Review(_) => "review",
        Thread::List(_) => "list",
        Thread::Topic(_) => "topic",
    }
}

/// The thread's owner is there for the viewer, a review or a list they may
/// see (the same rules as on its own page), and how many comments it holds;
/// else missing.
pub async fn thread_open(
    store: &Store,
    viewer: Option<&User>,
    thread: Thread,
) -> ActionResult<i64> {
    Ok(match thread {
        Thread::Review(id) => {
            super::reviews::visible_review(store, viewer, id)
                .await?
                .comments_count
        }
        Thread::List(id) => {
            super::lists::visible(store, viewer, id)
                .await?
                .comments_count
        }
        Thread::Topic(id) => {
            super::groups::visible_topic(store, viewer, id)
                .await?
                .comments_count
        }
    })
}

/// Page `asked` of a thread the viewer may see.
pub async fn visible_thread_page(
    store: &Store,
    viewer: Option<&User>,
    thread: Thread,
    asked: i64,
) -> ActionResult<ThreadView> {
    let total = thread_open(store, viewer, thread).await?;
    thread_page(store, thread, total, asked, viewer).await
}

pub async fn comment(store: &Store, id: i64) -> ActionResult<Comment> {
    store
        .comment(id)
        .await?
        .ok_or(ActionError::NotFound("comment"))
}

/// The comment as the viewer may see it, or NotFound exactly as for a
/// missing one: under a review or list the viewer may see, and not across a block
/// with its author (moderators see everything, to answer flags).
pub async fn visible_comment(
    store: &Store,
    viewer: Option<&User>,
    id: i64,
) -> ActionResult<Comment> {
    let missing = || ActionError::NotFound("comment");
    let c = store.comment(id).await?.ok_or_else(missing)?;
    thread_open(store, viewer, c.thread)
        .await
        .map_err(|_| missing())?;
    if let (Some(viewer), Some(author)) = (viewer, &c.author)
        && !viewer.is_moderator
        && super::social::standing(store, Some(viewer), author.id)
            .await?
            .0
            .blocked
    {
        return Err(missing());
    }
    Ok(c)
}

/// `visible_comment`, and still there: a deleted or removed comment's words
/// are for moderators alone.
pub async fn standing_comment(store: &Store, viewer: &User, id: i64) -> ActionResult<Comment> {
    let c = visible_comment(store, Some(viewer), id).await?;
    if (c.deleted || c.removed) && !viewer.is_moderator {
        return Err(ActionError::NotFound("comment"));
    }
    Ok(c)
}

/// Only its author edits a comment, and not once it is deleted.
pub async fn edit(store: &Store, editor: &User, id: i64, body: &str) -> ActionResult<Comment> {
    super::may_write(editor)?;
    let existing = comment(store, id).await?;
    if existing.author.as_ref().map(|a| a.id) != Some(editor.id) {
        return Err(ActionError::Forbidden(
            "only its author can edit a comment".into(),
        ));
    }
    if existing.deleted {
        return Err(ActionError::Conflict {
            field: "body",
            message: "this comment has been deleted".into(),
        });
    }
    let body = text::body("body", body, text::COMMENT_MAX)?;
    store
        .edit_comment(id, &body, &markdown::render(&body), super::now())
        .await?;
    super::outbox::tell(store, editor.id, Told::CommentEdited(id)).await?;
    comment(store, id).await
}

/// Its author, the thread's owner (the reviewer, the list's maker), or a
/// moderator may delete a comment; its number stays.
pub async fn delete(store: &Store, actor: &User, id: i64) -> ActionResult<Comment> {
    let existing = comment(store, id).await?;
    let is_author = existing.author.as_ref().map(|a| a.id) == Some(actor.id);
    let is_owner = match existing.thread {
        // A topic's thread is kept by the group's moderators.
        Thread::Topic(id) => super::groups::moderates_topic(store, actor, id).await?,
        _ => existing.owner_id == actor.id,
    };
    if !(is_author || is_owner || actor.is_moderator) {
        return Err(ActionError::Forbidden(
            "only its author, the thread's owner or a moderator can delete a comment".into(),
        ));
    }
    let removed = actor.is_moderator && !is_author && !is_owner;
    store.delete_comment(id, removed, super::now()).await?;
    if let Some(author) = &existing.author {
        super::outbox::tell(store, author.id, Told::CommentDeleted(id)).await?;
    }
    if removed {
        super::admin::record(store, Some(actor), "removed", ("comment", id), None).await?;
    }
    Ok(existing)
}
