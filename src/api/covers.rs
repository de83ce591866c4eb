//! `/books/{id}/cover` and the moderators' `/books/{id}/covers` history.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::books::book_json;
use super::extract::{PathId, PathIds};
use super::json::{BookJson, UserJson};
use super::{ApiCaller, ApiResult};
use crate::AppState;
use crate::actions::covers;
use crate::domain::dates;
use crate::error::ActionError;

/// `PUT /books/{id}/cover`: the image itself is the body (JPEG, PNG or WebP).
#[utoipa::path(put, path = "/books/{id}/cover", summary = "Upload a book's cover", description = "The cover it replaces stays in the book's history, which moderators can put back.", tag = "books", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), request_body(content = super::json::ImageBody, content_type = "image/jpeg", description = "a JPEG, PNG or WebP image, 5 MB at most"), responses((status = 200, description = "the book with its new cover", body = BookJson)))]
pub async fn set_cover(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<BookJson>> {
    let bytes = body.map_err(|e| {
        ActionError::TooLarge(format!("the image could not be read: {}", e.body_text()))
    })?;
    let book = covers::set_cover(state.store.as_ref(), &user, id, bytes.to_vec()).await?;
    // The caller uploaded it: the answer is the same whoever they are.
    Ok(Json(BookJson::from(&book)))
}

/// A book's covers, newest (the current one) first.
#[derive(Serialize, ToSchema)]
pub struct CoverHistoryJson {
    covers: Vec<CoverEntryJson>,
}

#[derive(Serialize, ToSchema)]
pub struct CoverEntryJson {
    /// The `n` to fetch its image by, or to put it back by.
    id: i64,
    /// Whether it is the book's cover now (the newest is).
    current: bool,
    /// Names the image: a current cover's addresses end in it.
    digest: String,
    /// Null: a deleted account, or a cover from before uploaders were recorded.
    uploaded_by: Option<UserJson>,
    uploaded_at: String,
    /// The moderator who put this cover back, if it is a restored copy.
    restored_by: Option<UserJson>,
    /// When it became the book's cover.
    since: String,
}

#[utoipa::path(get, path = "/books/{id}/covers", summary = "Every cover a book has had, for moderators", description = "Newest first; the book keeps its last ten.", tag = "moderation", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 200, description = "the book's covers, the current one first", body = CoverHistoryJson)))]
pub async fn history(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<Json<CoverHistoryJson>> {
    let (_, entries) = covers::history(state.store.as_ref(), &user, id).await?;
    let covers = entries
        .iter()
        .enumerate()
        .map(|(i, c)| CoverEntryJson {
            id: c.id,
            current: i == 0,
            digest: c.digest.clone(),
            uploaded_by: c.uploaded_by.as_ref().map(UserJson::from),
            uploaded_at: dates::rfc3339(c.uploaded_at),
            restored_by: c.restored_by.as_ref().map(UserJson::from),
            since: dates::rfc3339(c.created_at),
        })
        .collect();
    Ok(Json(CoverHistoryJson { covers }))
}

/// A JPEG of a cover in the history (the medium size).
#[utoipa::path(get, path = "/books/{id}/covers/{n}/image", summary = "A cover from a book's history, for moderators", tag = "moderation", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id"), ("n" = i64, Path, description = "the cover's id in the history")), responses((status = 200, description = "the cover, medium size", content_type = "image/jpeg", body = super::json::ImageBody)))]
pub async fn history_image(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, n): PathIds,
) -> ApiResult<Response> {
    let bytes = covers::history_image(state.store.as_ref(), &user, id, n, "medium").await?;
    Ok(([(header::CONTENT_TYPE, "image/jpeg")], bytes).into_response())
}

#[utoipa::path(post, path = "/books/{id}/covers/{n}/restore", summary = "Put an earlier cover back, for moderators", description = "The cover becomes the book's again as the newest of its history, so the one it replaces stays there too.", tag = "moderation", security(("bearer" = [])), params(("id" = i64, Path, description = "the book's id"), ("n" = i64, Path, description = "the cover's id in the history")), responses((status = 200, description = "the book with that cover", body = BookJson)))]
pub async fn restore(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathIds(id, n): PathIds,
) -> ApiResult<Json<BookJson>> {
    let book = covers::restore(state.store.as_ref(), &user, id, n).await?;
    Ok(Json(book_json(&state, Some(&user), &book).await?))
}
