//! `/groups/{id}/topics` and `/topics/{id}`: a group's topics, pinning and
//! locking them, and their numbered threads, read-along messages folded
//! past the caller's progress.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::comments::{CommentJson, NewCommentJson, PostedJson, comment_json};
use super::extract::{ApiQuery, MaybeCaller, PathId};
use super::groups::GroupPageQuery;
use super::json::UserJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::comments::CommentInput;
use crate::actions::topics as topic_actions;
use crate::domain::dates;
use crate::domain::thread::PER_PAGE;
use crate::store::TopicRow;

#[derive(Serialize, ToSchema)]
pub struct TopicJson {
    id: i64,
    group_id: i64,
    title: String,
    author: Option<UserJson>,
    /// The book of a read-along topic.
    book_id: Option<i64>,
    pinned: bool,
    locked: bool,
    comments_count: i64,
    created_at: String,
    last_posted_at: String,
}

impl From<&TopicRow> for TopicJson {
    fn from(t: &TopicRow) -> Self {
        TopicJson {
            id: t.id,
            group_id: t.group_id,
            title: t.title.clone(),
            author: t.author.as_ref().map(UserJson::from),
            book_id: t.book_id,
            pinned: t.pinned,
            locked: t.locked,
            comments_count: t.comments_count,
            created_at: dates::rfc3339(t.created_at),
            last_posted_at: dates::rfc3339(t.last_posted_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TopicsJson {
    topics: Vec<TopicJson>,
}

#[utoipa::path(get, path = "/groups/{id}/topics", summary = "A group's topics, pinned first, then the latest talk", tag = "groups", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the group's id"), GroupPageQuery), responses((status = 200, description = "a page of topics", body = TopicsJson)))]
pub async fn topics(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<GroupPageQuery>,
) -> ApiResult<Json<TopicsJson>> {
    let found = topic_actions::topics(
        state.store.as_ref(),
        caller.as_ref(),
        id,
        q.page.unwrap_or(1),
    )
    .await?;
    Ok(Json(TopicsJson {
        topics: found.iter().map(TopicJson::from).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewTopicJson {
    title: String,
    /// Ties the topic to the group's current book: a spoiler-safe read-along.
    #[serde(default)]
    read_along: bool,
}

#[utoipa::path(post, path = "/groups/{id}/topics", summary = "Start a topic (members)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the group's id")), request_body = NewTopicJson, responses((status = 201, description = "the topic", body = TopicJson)))]
pub async fn start_topic(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewTopicJson>,
) -> ApiResult<(StatusCode, Json<TopicJson>)> {
    let t = topic_actions::start_topic(
        state.store.as_ref(),
        &user,
        id,
        &body.title,
        body.read_along,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(TopicJson::from(&t))))
}

#[derive(Deserialize, ToSchema)]
pub struct TopicStateJson {
    pinned: Option<bool>,
    locked: Option<bool>,
}

#[utoipa::path(patch, path = "/topics/{id}", summary = "Pin or lock a topic (the group's moderators)", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the topic's id")), request_body = TopicStateJson, responses((status = 200, description = "the topic", body = TopicJson)))]
pub async fn set_topic_state(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<TopicStateJson>,
) -> ApiResult<Json<TopicJson>> {
    let t =
        topic_actions::set_topic_state(state.store.as_ref(), &user, id, body.pinned, body.locked)
            .await?;
    Ok(Json(TopicJson::from(&t)))
}

/// A topic's comment: the thread's comment, and whether it is folded.
#[derive(Serialize, ToSchema)]
pub struct TopicCommentJson {
    #[serde(flatten)]
    comment: CommentJson,
    /// The checkpoint the comment speaks of when it is beyond the caller's
    /// progress on the book: then its body is withheld (null).
    beyond_progress: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TopicThreadJson {
    topic: TopicJson,
    total: i64,
    page: i64,
    pages: i64,
    per_page: i64,
    new_count: i64,
    comments: Vec<TopicCommentJson>,
}

#[utoipa::path(get, path = "/topics/{id}", summary = "A topic and a page of its thread, read-along comments folded past the caller's progress", tag = "groups", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the topic's id"), GroupPageQuery), responses((status = 200, description = "the topic and a page of its conversation, 50 a page", body = TopicThreadJson)))]
pub async fn topic(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    PathId(id): PathId,
    ApiQuery(q): ApiQuery<GroupPageQuery>,
) -> ApiResult<Json<TopicThreadJson>> {
    let view = topic_actions::topic_page(
        state.store.as_ref(),
        caller.as_ref(),
        id,
        q.page.unwrap_or(1),
    )
    .await?;
    let thread = &view.thread;
    let comments = thread
        .comments
        .iter()
        .map(|c| {
            let beyond = view.folded.get(&c.number).cloned();
            let mut comment = comment_json(c, thread.is_new(c.number));
            if beyond.is_some() {
                comment.withhold();
            }
            TopicCommentJson {
                comment,
                beyond_progress: beyond,
            }
        })
        .collect();
    Ok(Json(TopicThreadJson {
        topic: TopicJson::from(&view.topic),
        total: thread.page.total,
        page: thread.page.page,
        pages: thread.page.pages,
        per_page: PER_PAGE,
        new_count: thread.new_count.unwrap_or(0),
        comments,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewTopicCommentJson {
    #[serde(flatten)]
    comment: NewCommentJson,
    /// In a read-along: the checkpoint the comment speaks of.
    checkpoint_id: Option<i64>,
}

#[utoipa::path(post, path = "/topics/{id}/comments", summary = "Post in a topic (members), optionally tied to a read-along checkpoint", tag = "groups", security(("bearer" = [])), params(("id" = i64, Path, description = "the topic's id")), request_body = NewTopicCommentJson, responses((status = 201, description = "posted", body = PostedJson)))]
pub async fn post_comment(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<NewTopicCommentJson>,
) -> ApiResult<(StatusCode, Json<PostedJson>)> {
    let input: CommentInput = body.comment.into();
    let (comment_id, number) = topic_actions::post_in_topic(
        state.store.as_ref(),
        &user,
        id,
        &input,
        body.checkpoint_id,
        state.settings.comment_pace(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PostedJson::new(comment_id, number)),
    ))
}
