//! Readers and their relations: profiles, friends, follows, blocks, the feed.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cursor::{self, CursorQuery};
use super::extract::ApiQuery;

use super::extract::{MaybeCaller, PathId};
use super::json::UserJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::social;
use crate::domain::rating::Stars;
use crate::domain::{dates, username};
use crate::error::ActionError;
use crate::store::{FeedItem, FriendOutcome, Relation, User};

/// The reader with this name, whoever may see them: actions decide that.
pub(super) async fn reader(state: &AppState, name: &str) -> Result<User, ActionError> {
    state
        .store
        .user_by_username(&username::key(name))
        .await?
        .ok_or(ActionError::NotFound("reader"))
}

#[derive(Serialize, ToSchema)]
pub struct RelationJson {
    friends: bool,
    request_sent: bool,
    request_received: bool,
    following: bool,
    followed_by: bool,
    blocking: bool,
}

impl From<Relation> for RelationJson {
    fn from(r: Relation) -> Self {
        RelationJson {
            friends: r.friends,
            request_sent: r.request_sent,
            request_received: r.request_received,
            following: r.following,
            followed_by: r.followed_by,
            blocking: r.blocking,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ShelfCountJson {
    name: String,
    slug: String,
    count: i64,
    /// A status (built in, or one of the reader's exclusive shelves): a book
    /// is on at most one of them.
    exclusive: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ProfileJson {
    username: String,
    display_name: String,
    bio: Option<String>,
    joined: String,
    /// Who sees this profile: "public", "friends" or "private" (shown to its owner only).
    #[serde(skip_serializing_if = "Option::is_none")]
    visibility: Option<String>,
    relation: Option<RelationJson>,
    shelves: Vec<ShelfCountJson>,
    friends: Vec<UserJson>,
}

/// `GET /users/{username}`: as much of the profile as the caller may see.
#[utoipa::path(get, path = "/users/{username}", summary = "A reader's profile", tag = "people", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 200, description = "as much of the profile as the caller may see", body = ProfileJson)))]
pub async fn profile(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(name): Path<String>,
) -> ApiResult<Json<ProfileJson>> {
    let store = state.store.as_ref();
    let owner = reader(&state, &name).await?;
    let profile = social::see_profile(store, caller.as_ref(), &owner).await?;
    let relation = profile.relation;
    let own = caller.as_ref().is_some_and(|c| c.id == owner.id);
    // A reader the caller blocks: their name and the relation, nothing more.
    let (shelves, friends) = if profile.open {
        let shelves = store
            .user_shelves(owner.id)
            .await
            .map_err(ActionError::from)?;
        (shelves, social::friends(store, owner.id).await?)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Json(ProfileJson {
        username: owner.username.clone(),
        display_name: owner.display_name.clone(),
        bio: owner.bio.clone().filter(|_| profile.open),
        joined: dates::rfc3339(owner.created_at),
        visibility: own.then(|| owner.visibility.clone()),
        relation: (caller.is_some() && !own).then(|| relation.into()),
        shelves: shelves
            .into_iter()
            .map(|s| ShelfCountJson {
                name: s.name,
                slug: s.slug,
                count: s.count,
                exclusive: s.exclusive,
            })
            .collect(),
        friends: friends.iter().map(UserJson::from).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct FriendStateJson {
    /// "requested", "friends", or "none".
    state: &'static str,
}

/// `POST /users/{username}/friend`: ask, or accept if they asked first.
#[utoipa::path(post, path = "/users/{username}/friend", summary = "Ask a reader to be friends", tag = "people", security(("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 202, description = "asked; they have not answered", body = FriendStateJson), (status = 200, description = "friends (they had asked the caller too)", body = FriendStateJson)))]
pub async fn request_friend(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(name): Path<String>,
) -> ApiResult<(StatusCode, Json<FriendStateJson>)> {
    let outcome = social::request_friend(
        state.store.as_ref(),
        &user,
        &name,
        i64::from(state.settings.friend_requests_per_hour),
    )
    .await?;
    let (status, state) = match outcome {
        FriendOutcome::Requested => (StatusCode::ACCEPTED, "requested"),
        FriendOutcome::Friends | FriendOutcome::AlreadyFriends => (StatusCode::OK, "friends"),
    };
    Ok((status, Json(FriendStateJson { state })))
}

/// `POST /users/{username}/friend/accept`
#[utoipa::path(post, path = "/users/{username}/friend/accept", summary = "Accept a friend request", tag = "people", security(("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 200, description = "friends", body = FriendStateJson)))]
pub async fn accept_friend(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(name): Path<String>,
) -> ApiResult<Json<FriendStateJson>> {
    social::accept_friend(state.store.as_ref(), &user, &name).await?;
    Ok(Json(FriendStateJson { state: "friends" }))
}

/// `DELETE /users/{username}/friend`: decline, withdraw or unfriend.
#[utoipa::path(delete, path = "/users/{username}/friend", summary = "Decline, withdraw or end a friendship", tag = "people", security(("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 204, description = "declined, withdrawn or unfriended")))]
pub async fn end_friendship(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    social::end_friendship(state.store.as_ref(), &user, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/users/{username}/follow", summary = "Follow a reader", tag = "people", security(("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 204, description = "following")))]
pub async fn follow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    social::set_follow(state.store.as_ref(), &user, &name, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/users/{username}/follow", summary = "Stop following a reader", tag = "people", security(("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 204, description = "not following")))]
pub async fn unfollow(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    social::set_follow(state.store.as_ref(), &user, &name, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/users/{username}/block", summary = "Block a reader", tag = "people", security(("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 204, description = "blocked: friendship, requests and follows end both ways")))]
pub async fn block(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    social::set_block(state.store.as_ref(), &user, &name, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/users/{username}/block", summary = "Unblock a reader", tag = "people", security(("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 204, description = "unblocked")))]
pub async fn unblock(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    social::set_block(state.store.as_ref(), &user, &name, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct PeopleJson {
    friends: Vec<UserJson>,
    /// Readers asking the caller to be friends (all of them, on every page).
    requests: Vec<UserJson>,
    /// Pass as `cursor` for the next page of friends; null on the last.
    next_cursor: Option<String>,
}

const PEOPLE_PAGE: i64 = 100;

/// One page of a list the store gives whole.
fn slice<T>(list: &str, mut rows: Vec<T>, offset: i64) -> (Vec<T>, Option<String>) {
    rows.drain(..(offset as usize).min(rows.len()));
    cursor::page(list, rows, offset, PEOPLE_PAGE)
}

/// `GET /me/friends`: the caller's friends and who asks to be one.
#[utoipa::path(get, path = "/me/friends", summary = "The caller's friends and friend requests", tag = "people", security(("bearer" = [])), params(super::cursor::CursorQuery), responses((status = 200, description = "the caller's friends, and who asks to be one", body = PeopleJson)))]
pub async fn my_friends(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<PeopleJson>> {
    let offset = page.position("friends")?;
    let store = state.store.as_ref();
    let (friends, next_cursor) = slice("friends", social::friends(store, user.id).await?, offset);
    let requests = social::friend_requests(store, &user).await?;
    Ok(Json(PeopleJson {
        friends: friends.iter().map(UserJson::from).collect(),
        requests: requests.iter().map(UserJson::from).collect(),
        next_cursor,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileBody {
    visibility: String,
    bio: Option<String>,
}

/// `PUT /me/profile {"visibility", "bio"}`
#[utoipa::path(put, path = "/me/profile", summary = "Set the caller's bio and who sees their profile", tag = "people", security(("bearer" = [])), request_body = ProfileBody, responses((status = 204, description = "saved")))]
pub async fn set_profile(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<ProfileBody>,
) -> ApiResult<StatusCode> {
    social::set_profile(
        state.store.as_ref(),
        &user,
        &body.visibility,
        body.bio.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct FeedItemJson {
    id: i64,
    kind: String,
    reader: UserJson,
    book: Option<FeedBookJson>,
    /// For "rated": the stars.
    rating: Option<f64>,
    /// For "shelved": the shelf; for "progress": "page N" or "N%"; for
    /// "goal set" and "goal reached": "YEAR:BOOKS".
    detail: Option<String>,
    review_id: Option<i64>,
    review_author: Option<UserJson>,
    comment_number: Option<i64>,
    likes_count: i64,
    comments_count: i64,
    liked: bool,
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct FeedBookJson {
    id: i64,
    title: String,
}

impl From<&FeedItem> for FeedItemJson {
    fn from(i: &FeedItem) -> Self {
        let rating = (i.kind == "rated")
            .then(|| i.detail.as_deref().and_then(|d| d.parse().ok()))
            .flatten()
            .and_then(Stars::from_quarters)
            .map(Stars::value);
        FeedItemJson {
            id: i.id,
            kind: i.kind.clone(),
            reader: UserJson::from(&i.actor),
            book: i.book.as_ref().map(|(id, title)| FeedBookJson {
                id: *id,
                title: title.clone(),
            }),
            rating,
            detail: if i.kind == "rated" {
                None
            } else {
                i.detail.clone()
            },
            review_id: i.review_id,
            review_author: i.review_author.as_ref().map(UserJson::from),
            comment_number: i.comment_number,
            likes_count: i.review_likes,
            comments_count: i.review_comments,
            liked: i.liked,
            created_at: dates::rfc3339(i.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FeedJson {
    items: Vec<FeedItemJson>,
    /// Pass as `before` for the next page; null on the last.
    next: Option<String>,
    /// The same place as an opaque `cursor`.
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next` of the previous page.
    before: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// `GET /feed?before=CURSOR`
#[utoipa::path(get, path = "/feed", summary = "The caller's feed", tag = "people", security(("bearer" = [])), params(FeedQuery), responses((status = 200, description = "what friends and followed readers did, newest first", body = FeedJson)))]
pub async fn feed(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> ApiResult<Json<FeedJson>> {
    let before = match query.before.as_deref().map(str::trim) {
        None | Some("") => cursor::key("feed", query.cursor.as_deref())?,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            ActionError::invalid("before", "use the `next` value of the previous page")
        })?),
    };
    let (items, next) = social::feed(state.store.as_ref(), &user, before).await?;
    Ok(Json(FeedJson {
        items: items.iter().map(FeedItemJson::from).collect(),
        next: next.map(|n| n.to_string()),
        next_cursor: next.map(|n| cursor::encode("feed", n)),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct FriendReadJson {
    reader: UserJson,
    rating: Option<f64>,
    status: Option<String>,
}

/// `GET /books/{id}/friends`: the caller's friends who have the book.
#[utoipa::path(get, path = "/books/{id}/friends", summary = "The caller's friends who have a book", tag = "people", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id"), super::cursor::CursorQuery), responses((status = 200, description = "the caller's friends who have the book", body = FriendReadsJson)))]
pub async fn book_friends(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<FriendReadsJson>> {
    let offset = page.position("book-friends")?;
    crate::actions::books::book(state.store.as_ref(), id).await?;
    let reads = social::friends_with_book(state.store.as_ref(), &user, id).await?;
    let (reads, next_cursor) = slice("book-friends", reads, offset);
    Ok(Json(FriendReadsJson {
        friends: reads
            .iter()
            .map(|f| FriendReadJson {
                reader: UserJson::from(&f.reader),
                rating: f.rating.and_then(Stars::from_quarters).map(Stars::value),
                status: f.status.clone(),
            })
            .collect(),
        next_cursor,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct FriendReadsJson {
    friends: Vec<FriendReadJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

/// `PUT /me/avatar`: the body is the picture (JPEG, PNG or WebP); `DELETE` removes it.
#[utoipa::path(put, path = "/me/avatar", summary = "Upload the caller's picture", tag = "people", security(("bearer" = [])), request_body(content = super::json::ImageBody, content_type = "image/jpeg", description = "a JPEG, PNG or WebP picture, 5 MB at most"), responses((status = 204, description = "the new picture is in place")))]
pub async fn set_avatar(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<StatusCode> {
    let bytes = body.map_err(|e| {
        ActionError::TooLarge(format!("the image could not be read: {}", e.body_text()))
    })?;
    social::set_avatar(state.store.as_ref(), &user, Some(bytes.to_vec())).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/me/avatar", summary = "Remove the caller's picture", tag = "people", security(("bearer" = [])), responses((status = 204, description = "back to drawn initials")))]
pub async fn remove_avatar(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<StatusCode> {
    social::set_avatar(state.store.as_ref(), &user, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleSearchQuery {
    /// Words of a username or display name; each must start one of the reader's words.
    q: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// A reader found by name, as far as the caller may see them.
#[derive(Serialize, ToSchema)]
pub struct PersonJson {
    reader: UserJson,
    /// Their bio, when the caller may see their profile.
    bio: Option<String>,
    friends: bool,
    request_sent: bool,
    request_received: bool,
}

#[derive(Serialize, ToSchema)]
pub struct PeopleFoundJson {
    people: Vec<PersonJson>,
    /// Pass as `cursor` (with the same `q`) for the next page; null on the last.
    next_cursor: Option<String>,
}

/// `GET /people?q=`: readers by username or display name.
#[utoipa::path(get, path = "/people", summary = "Find readers by username or name", tag = "people", security(("bearer" = [])), params(PeopleSearchQuery), responses((status = 200, description = "readers whose names start with the query's words, the exact username first, 20 a page; nobody blocked either way; ask one to be a friend with `POST /users/{username}/friend`", body = PeopleFoundJson)))]
pub async fn search(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(query): ApiQuery<PeopleSearchQuery>,
) -> ApiResult<Json<PeopleFoundJson>> {
    let offset = cursor::decode("people", query.cursor.as_deref())?;
    let q = query.q.unwrap_or_default();
    let (hits, more) =
        crate::actions::people::search(state.store.as_ref(), &user, &q, offset).await?;
    let next_cursor = more.then(|| cursor::encode("people", offset + crate::domain::people::PAGE));
    Ok(Json(PeopleFoundJson {
        people: hits
            .iter()
            .map(|h| PersonJson {
                reader: UserJson::from(&h.reader),
                bio: h.bio.clone(),
                friends: h.friends,
                request_sent: h.request_sent,
                request_received: h.request_received,
            })
            .collect(),
        next_cursor,
    }))
}
