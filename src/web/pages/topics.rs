//! A group's topic on the site: its numbered thread (the review threads'
//! engine), read-along messages folded past the reader's progress.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use super::thread::{ThreadParts, ThreadQuery};
use crate::AppState;
use crate::actions::comments::CommentInput;
use crate::actions::groups as group_actions;
use crate::actions::topics as topic_actions;
use crate::domain::thread::Thread;
use crate::error::ActionError;
use crate::store::{GroupRow, TopicRow};
use crate::web::forms::{CsrfForm, PathId};
use crate::web::{Frame, PageResult, SignedIn};

/// A checkpoint a reader may tie their message to.
pub struct CheckpointChoice {
    pub id: i64,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/group_topic.html")]
pub struct TopicPage {
    frame: Frame,
    group: GroupRow,
    topic: TopicRow,
    may_post: bool,
    moderates: bool,
    checkpoints: Vec<CheckpointChoice>,
    thread: ThreadParts,
}

/// `/topics/{id}`
pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
    Query(query): Query<ThreadQuery>,
) -> PageResult<TopicPage> {
    let store = state.store.as_ref();
    let viewer = frame.viewer.as_ref();
    let asked = query.asked();
    let shown = topic_actions::topic_page(store, viewer, id, asked).await?;
    let owner = Thread::Topic(id);
    let mut parts =
        super::thread::parts(store, owner, shown.thread, query.quote.as_deref(), viewer).await;
    let moderates = group_actions::role_of(&shown.group).is_some_and(|r| r.moderates());
    for c in parts.comments.iter_mut() {
        if let Some(label) = shown.folded.get(&c.number) {
            c.beyond = Some(label.clone());
        }
        // A topic's thread is kept by the group's moderators.
        c.can_delete = c.can_delete || (moderates && !c.deleted);
    }
    let is_member = group_actions::role_of(&shown.group).is_some_and(|r| r.is_member());
    let checkpoints = match shown.topic.book_id {
        Some(_) => group_actions::schedule(store, viewer, shown.group.id)
            .await?
            .into_iter()
            .map(|k| CheckpointChoice {
                id: k.id,
                label: k.label,
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(TopicPage {
        may_post: is_member && (!shown.topic.locked || moderates),
        moderates,
        checkpoints,
        group: shown.group,
        topic: shown.topic,
        thread: parts,
        frame,
    })
}

#[derive(Deserialize)]
pub struct TopicCommentForm {
    #[serde(default)]
    body: String,
    quote_of: Option<String>,
    checkpoint: Option<String>,
}

fn given_id(raw: &Option<String>, field: &'static str) -> Result<Option<i64>, ActionError> {
    crate::web::forms::given(raw)
        .map(|q| {
            q.parse::<i64>()
                .map_err(|_| ActionError::invalid(field, "not one of the choices"))
        })
        .transpose()
}

/// `POST /topics/{id}/comments`
pub async fn post_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<TopicCommentForm>,
) -> PageResult<Redirect> {
    let input = CommentInput {
        quote_of: given_id(&form.quote_of, "quote_of")?,
        body: form.body,
    };
    let checkpoint = given_id(&form.checkpoint, "checkpoint")?;
    let (_, number) = topic_actions::post_in_topic(
        state.store.as_ref(),
        &user,
        id,
        &input,
        checkpoint,
        state.settings.comment_pace(),
    )
    .await?;
    Ok(Redirect::to(&Thread::Topic(id).message_path(number)))
}
