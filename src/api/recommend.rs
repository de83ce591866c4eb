//! `/books/{id}/similar` and `/recommendations`.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::PathId;
use super::json::BookJson;
use super::{ApiCaller, ApiResult};
use crate::AppState;
use crate::actions::recommend;

#[derive(Serialize, ToSchema)]
pub struct SimilarBookJson {
    book: BookJson,
    /// Readers (with public libraries) who liked both.
    readers: i64,
}

#[utoipa::path(get, path = "/books/{id}/similar", summary = "Books readers who liked this one also liked", tag = "books", security((), ("bearer" = [])), params(("id" = i64, Path, description = "the book's id")), responses((status = 200, description = "up to 10 books, closest first; worked out in the background as ratings change", body = [SimilarBookJson])))]
pub async fn similar(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> ApiResult<Json<Vec<SimilarBookJson>>> {
    let store = state.store.as_ref();
    crate::actions::books::book(store, id).await?;
    let near = recommend::similar(store, id, 10).await?;
    Ok(Json(
        near.iter()
            .map(|(b, readers)| SimilarBookJson {
                book: BookJson::from(b),
                readers: *readers,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct PickJson {
    book: BookJson,
    /// The book the caller liked that led here.
    because: BookJson,
}

#[utoipa::path(get, path = "/recommendations", summary = "Books picked for the caller", tag = "books", security(("bearer" = [])), responses((status = 200, description = "up to 20 books, best first, from the caller's ratings of 4 stars and up; none they have rated or shelved", body = [PickJson])))]
pub async fn picks(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<Vec<PickJson>>> {
    let picks = recommend::picks_for(state.store.as_ref(), user.id, 20).await?;
    Ok(Json(
        picks
            .iter()
            .map(|p| PickJson {
                book: BookJson::from(&p.book),
                because: BookJson::from(&p.because),
            })
            .collect(),
    ))
}
