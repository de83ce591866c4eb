//! `/notifications`: one by one, or folded into groups, paged by cursor;
//! "mark all read"; and which kinds the caller gets at all.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cursor::{self, CursorQuery};
use super::extract::ApiQuery;
use super::json::UserJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::notifications;
use crate::domain::dates;
use crate::domain::notifications::{others, sentence};
use crate::store::{Notification, NotificationGroup};

const LIST_PAGE: i64 = 50;

#[derive(Serialize, ToSchema)]
pub struct NotificationListJson {
    notifications: Vec<NotificationJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationJson {
    id: i64,
    kind: String,
    actor: Option<String>,
    review_id: Option<i64>,
    comment_number: Option<i64>,
    /// The review's book, or the group topic's title.
    book_title: Option<String>,
    /// The group topic of a `topic_reply` or `topic_quote`.
    topic_id: Option<i64>,
    read: bool,
    created_at: String,
}

impl From<&Notification> for NotificationJson {
    fn from(n: &Notification) -> Self {
        NotificationJson {
            id: n.id,
            kind: n.kind.clone(),
            actor: n.actor.as_ref().map(|a| a.username.clone()),
            review_id: n.review_id,
            comment_number: n.comment_number,
            book_title: n.book_title.clone(),
            topic_id: n.topic_id,
            read: n.read,
            created_at: dates::rfc3339(n.created_at),
        }
    }
}

#[utoipa::path(get, path = "/notifications", summary = "The caller's notifications", tag = "people", security(("bearer" = [])), params(super::cursor::CursorQuery), responses((status = 200, description = "the caller's notifications, newest first; reading them marks them read", body = NotificationListJson)))]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<NotificationListJson>> {
    let before = page.key("notifications")?;
    let (list, more) =
        notifications::notifications(state.store.as_ref(), &user, LIST_PAGE, before).await?;
    let next_cursor = list
        .last()
        .filter(|_| more)
        .map(|n| cursor::encode("notifications", n.id));
    Ok(Json(NotificationListJson {
        notifications: list.iter().map(NotificationJson::from).collect(),
        next_cursor,
    }))
}

/// Notifications of one kind about one review, or one alone.
#[derive(Serialize, ToSchema)]
pub struct NotificationGroupJson {
    /// The group's newest notification.
    id: i64,
    /// "comment", "like", "quote" (folded per review), "friend_request",
    /// "friend_accepted" or "follow_request" (a reader elsewhere asking to
    /// follow a profile that is not public) (one each).
    kind: String,
    /// What the pages say: "Ann and 4 others commented on your review of Middlemarch".
    text: String,
    /// The newest notification's reader (null: a deleted account).
    actor: Option<UserJson>,
    /// Other readers in the group.
    others: i64,
    /// Notifications in the group.
    count: i64,
    /// Whether any was new before this call (which marks them read).
    unread: bool,
    review_id: Option<i64>,
    /// The newest notification's comment.
    comment_number: Option<i64>,
    /// The review's book, or the group topic's title.
    book_title: Option<String>,
    /// The group topic of a `topic_reply` or `topic_quote`.
    topic_id: Option<i64>,
    created_at: String,
    /// A friend request still waiting: answer it with `POST
    /// /users/{actor}/friend/accept` or `DELETE /users/{actor}/friend`.
    request_pending: bool,
}

impl From<&NotificationGroup> for NotificationGroupJson {
    fn from(g: &NotificationGroup) -> Self {
        let others = others(g.readers, g.actor.is_some());
        NotificationGroupJson {
            id: g.last_id,
            kind: g.kind.clone(),
            text: sentence(
                &g.kind,
                g.actor.as_ref().map(|a| a.display_name.as_str()),
                others,
                g.book_title.as_deref(),
            ),
            actor: g.actor.as_ref().map(UserJson::from),
            others,
            count: g.count,
            unread: g.unread > 0,
            review_id: g.review_id,
            comment_number: g.comment_number,
            book_title: g.book_title.clone(),
            topic_id: g.topic_id,
            created_at: dates::rfc3339(g.created_at),
            request_pending: g.kind == "friend_request" && g.request_pending,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NotificationGroupsJson {
    groups: Vec<NotificationGroupJson>,
    /// Groups still unread after this page (the badge's number).
    unread: i64,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/notifications/groups", summary = "The caller's notifications, folded", tag = "people", security(("bearer" = [])), params(super::cursor::CursorQuery), responses((status = 200, description = "the caller's notifications folded into lines (comments, likes and quotes per review), newest first, 20 a page; reading a page marks it read", body = NotificationGroupsJson)))]
pub async fn groups(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<NotificationGroupsJson>> {
    let before = page.key("notification-groups")?;
    let (groups, next) = notifications::groups(state.store.as_ref(), &user, before).await?;
    let marked = groups.iter().filter(|g| g.unread > 0).count() as i64;
    Ok(Json(NotificationGroupsJson {
        groups: groups.iter().map(NotificationGroupJson::from).collect(),
        unread: (user.unread - marked).max(0),
        next_cursor: next.map(|id| cursor::encode("notification-groups", id)),
    }))
}

#[utoipa::path(post, path = "/notifications/read", summary = "Mark all notifications read", tag = "people", security(("bearer" = [])), responses((status = 204, description = "every notification is read")))]
pub async fn mark_all_read(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<StatusCode> {
    notifications::mark_all_read(state.store.as_ref(), &user, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Each kind of notification and whether the caller gets it.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct NotificationPreferencesJson {
    /// Kind → wanted: `comment` (on your reviews), `quote` (replies quoting
    /// you), `like` (on your reviews), `friend_request`, `friend_accepted`,
    /// `follow_request`.
    /// In a PUT, a kind left out is wanted.
    #[schema(value_type = Object, example = json!({"comment": true, "like": false}))]
    kinds: BTreeMap<String, bool>,
}

impl From<&[notifications::KindChoice]> for NotificationPreferencesJson {
    fn from(choices: &[notifications::KindChoice]) -> Self {
        NotificationPreferencesJson {
            kinds: choices
                .iter()
                .map(|c| (c.kind.to_string(), c.wanted))
                .collect(),
        }
    }
}

#[utoipa::path(get, path = "/me/notification-preferences", summary = "Which kinds of notification the caller gets", tag = "people", security(("bearer" = [])), responses((status = 200, description = "every kind, and whether the caller gets it", body = NotificationPreferencesJson)))]
pub async fn preferences(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<NotificationPreferencesJson>> {
    let choices = notifications::preferences(state.store.as_ref(), &user).await?;
    Ok(Json(NotificationPreferencesJson::from(choices.as_slice())))
}

#[utoipa::path(put, path = "/me/notification-preferences", summary = "Choose which kinds of notification the caller gets", tag = "people", security(("bearer" = [])), request_body = NotificationPreferencesJson, responses((status = 200, description = "the choices as kept; a muted kind is never made for the caller (an unknown kind is a 422 naming the field `kinds`)", body = NotificationPreferencesJson)))]
pub async fn set_preferences(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<NotificationPreferencesJson>,
) -> ApiResult<Json<NotificationPreferencesJson>> {
    let choices: Vec<(&str, bool)> = body.kinds.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let kept = notifications::set_preferences(state.store.as_ref(), &user, &choices).await?;
    Ok(Json(NotificationPreferencesJson::from(kept.as_slice())))
}
