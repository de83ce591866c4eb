//! A group's topics: starting, pinning and locking them, their pages (a
//! read-along's messages beyond the reader's progress folded) and posting,
//! all on the thread engine of `comments`.

use std::collections::HashMap;

use super::comments::{self as comment_actions, ThreadView};
use super::groups::{group, inside, moderated, role_of, visible_topic};
use crate::domain::groups::{self, PER_PAGE, Place, Role};
use crate::domain::text;
use crate::error::{ActionError, ActionResult};
use crate::store::{GroupRow, Store, TopicRow, User};

/// A page of a topic as the viewer sees it: a read-along's comments beyond
/// the viewer's own progress on the book come folded, their words withheld.
pub struct TopicView {
    pub topic: TopicRow,
    pub group: GroupRow,
    pub thread: ThreadView,
    /// Folded comments on this page: number -> the checkpoint's label.
    pub folded: HashMap<i64, String>,
}

/// The group's topics, pinned first.
pub async fn topics(
    store: &Store,
    viewer: Option<&User>,
    id: i64,
    page: i64,
) -> ActionResult<Vec<TopicRow>> {
    inside(store, viewer, id).await?;
    let offset = (page.max(1) - 1).saturating_mul(PER_PAGE);
    Ok(store.topics(id, PER_PAGE, offset).await?)
}

/// A member starts a topic; `read_along` ties it to the group's current book.
pub async fn start_topic(
    store: &Store,
    author: &User,
    id: i64,
    title: &str,
    read_along: bool,
) -> ActionResult<TopicRow> {
    super::may_write(author)?;
    let g = inside(store, Some(author), id).await?;
    if !role_of(&g).is_some_and(Role::is_member) {
        return Err(ActionError::Forbidden(
            "join the group to start a topic".into(),
        ));
    }
    let title = text::line("title", title, groups::TITLE_MAX)?;
    let book_id = match (read_along, g.current_book_id) {
        (true, Some(book)) => Some(book),
        (true, None) => {
            return Err(ActionError::invalid(
                "read_along",
                "the group has no current book to read along",
            ));
        }
        (false, _) => None,
    };
    let topic = store
        .create_topic(id, author.id, &title, book_id, super::now())
        .await?;
    visible_topic(store, Some(author), topic).await
}

/// A group moderator pins or locks a topic (None leaves it as it is).
pub async fn set_topic_state(
    store: &Store,
    actor: &User,
    topic_id: i64,
    pinned: Option<bool>,
    locked: Option<bool>,
) -> ActionResult<TopicRow> {
    let topic = visible_topic(store, Some(actor), topic_id).await?;
    moderated(store, actor, topic.group_id).await?;
    store
        .set_topic_state(
            topic_id,
            pinned.unwrap_or(topic.pinned),
            locked.unwrap_or(topic.locked),
        )
        .await?;
    visible_topic(store, Some(actor), topic_id).await
}

pub async fn topic_page(
    store: &Store,
    viewer: Option<&User>,
    topic_id: i64,
    asked: i64,
) -> ActionResult<TopicView> {
    let topic = visible_topic(store, viewer, topic_id).await?;
    let group = group(store, viewer, topic.group_id).await?;
    let mut thread = comment_actions::thread_page(
        store,
        crate::domain::thread::Thread::Topic(topic_id),
        topic.comments_count,
        asked,
        viewer,
    )
    .await?;
    let mut folded = HashMap::new();
    if let Some(book_id) = topic.book_id
        && thread.page.total > 0
    {
        // Two statements whatever the page holds: its ties, and the reader's place.
        let ties = store
            .comment_ties(topic_id, thread.page.first, thread.page.last)
            .await?;
        let place = match viewer {
            Some(v) => store
                .reader_place(v.id, book_id)
                .await?
                .map_or(Place::NotStarted, |(status, page)| {
                    Place::of(status.as_deref(), page)
                }),
            None => Place::NotStarted,
        };
        for (number, up_to_page, label) in ties {
            if groups::folded(Some(up_to_page), place) {
                folded.insert(number, label);
            }
        }
        for c in thread.comments.iter_mut() {
            // A quote carries the quoted words: they fold with their message.
            if let Some(q) = c.quote.as_mut()
                && folded.contains_key(&q.number)
            {
                q.body = "(beyond your progress)".into();
            }
        }
        for c in thread.comments.iter_mut() {
            // The author always sees their own words.
            let own = viewer.is_some_and(|v| c.author.as_ref().is_some_and(|a| a.id == v.id));
            if folded.contains_key(&c.number) && !own {
                c.body.clear();
                c.body_html.clear();
            }
        }
        let on_page = |n: &i64| thread.page.first <= *n && *n <= thread.page.last;
        let own_numbers: Vec<i64> = thread
            .comments
            .iter()
            .filter(|c| viewer.is_some_and(|v| c.author.as_ref().is_some_and(|a| a.id == v.id)))
            .map(|c| c.number)
            .collect();
        folded.retain(|n, _| on_page(n) && !own_numbers.contains(n));
    }
    Ok(TopicView {
        topic,
        group,
        thread,
        folded,
    })
}

/// Posts to a topic; in a read-along, `checkpoint` ties the comment to one
/// of its checkpoints (folded for readers short of it).
pub async fn post_in_topic(
    store: &Store,
    author: &User,
    topic_id: i64,
    input: &comment_actions::CommentInput,
    checkpoint: Option<i64>,
    pace: comment_actions::CommentPace,
) -> ActionResult<(i64, i64)> {
    let topic = visible_topic(store, Some(author), topic_id).await?;
    if let Some(checkpoint) = checkpoint {
        let book = topic
            .book_id
            .ok_or_else(|| ActionError::invalid("checkpoint", "this topic is not a read-along"))?;
        let known = store.checkpoints(topic.group_id, book).await?;
        if !known.iter().any(|k| k.id == checkpoint) {
            return Err(ActionError::invalid(
                "checkpoint",
                "not a checkpoint of this read-along",
            ));
        }
    }
    let posted = comment_actions::post(
        store,
        author,
        crate::domain::thread::Thread::Topic(topic_id),
        input,
        pace,
    )
    .await?;
    if let Some(checkpoint) = checkpoint {
        store.tie_comment(posted.0, checkpoint).await?;
    }
    Ok(posted)
}
