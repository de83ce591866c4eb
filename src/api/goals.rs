//! Reading goals and years in books.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{MaybeCaller, PathId};
use super::json::BookJson;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::goals::{self, GoalProgress};

#[derive(Deserialize, ToSchema)]
pub struct GoalRequest {
    /// Books to finish in the year, 1 to 10,000.
    books: i64,
    /// Pages too, if wanted.
    pages: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct GoalJson {
    year: i32,
    books: i64,
    pages: Option<i64>,
    books_read: i64,
    pages_read: i64,
    /// Books ahead (positive) or behind (negative) of an even pace through the year.
    schedule: i64,
    reached: bool,
}

impl From<&GoalProgress> for GoalJson {
    fn from(g: &GoalProgress) -> Self {
        GoalJson {
            year: g.goal.year,
            books: g.goal.books,
            pages: g.goal.pages,
            books_read: g.books_read,
            pages_read: g.pages_read,
            schedule: g.schedule,
            reached: g.reached,
        }
    }
}

#[utoipa::path(put, path = "/me/goals/{year}", summary = "Set the caller's reading goal for a year", tag = "shelves", security(("bearer" = [])), params(("year" = i64, Path, description = "the year")), request_body = GoalRequest, responses((status = 200, description = "the goal and how it stands", body = GoalJson)))]
pub async fn set_goal(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(year): PathId,
    ApiJson(body): ApiJson<GoalRequest>,
) -> ApiResult<Json<GoalJson>> {
    let progress =
        goals::set_goal(state.store.as_ref(), &user, year, body.books, body.pages).await?;
    Ok(Json(GoalJson::from(&progress)))
}

#[utoipa::path(delete, path = "/me/goals/{year}", summary = "Remove the caller's reading goal for a year", tag = "shelves", security(("bearer" = [])), params(("year" = i64, Path, description = "the year")), responses((status = 204, description = "the goal is gone")))]
pub async fn clear_goal(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(year): PathId,
) -> ApiResult<StatusCode> {
    goals::clear_goal(state.store.as_ref(), &user, year).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/users/{username}/goals", summary = "A reader's reading goals", tag = "shelves", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username")), responses((status = 200, description = "the reader's goals, latest year first", body = [GoalJson])))]
pub async fn list(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(username): Path<String>,
) -> ApiResult<Json<Vec<GoalJson>>> {
    let store = state.store.as_ref();
    let owner = super::people::reader(&state, &username).await?;
    let all = goals::goals(store, caller.as_ref(), &owner).await?;
    Ok(Json(all.iter().map(GoalJson::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct YearBookJson {
    book: BookJson,
    /// YYYY-MM-DD or YYYY-MM.
    finished: String,
    /// The reader's stars for it.
    rating: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct YearJson {
    year: i32,
    books_read: usize,
    pages_read: i64,
    average_rating: Option<f64>,
    /// In the order finished; a re-read appears again.
    books: Vec<YearBookJson>,
    goal: Option<GoalJson>,
    /// The reader's own shelves most used on the year's books: [name, count].
    top_shelves: Vec<(String, i64)>,
    /// Every year the reader finished books in, latest first.
    years: Vec<i32>,
}

#[utoipa::path(get, path = "/users/{username}/years/{year}", summary = "A reader's year in books", tag = "shelves", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username"), ("year" = i64, Path, description = "the year")), responses((status = 200, description = "what the reader finished that year", body = YearJson)))]
pub async fn year(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path((username, year)): Path<(String, String)>,
) -> ApiResult<Json<YearJson>> {
    let year: i64 = year
        .parse()
        .map_err(|_| crate::error::ActionError::NotFound("year"))?;
    let store = state.store.as_ref();
    let owner = super::people::reader(&state, &username).await?;
    let y = goals::year(store, &state.years_kept, caller.as_ref(), &owner, year).await?;
    Ok(Json(YearJson {
        year: y.year,
        books_read: y.books.len(),
        pages_read: y.pages,
        average_rating: y.average_rating(),
        books: y
            .books
            .iter()
            .map(|b| YearBookJson {
                book: BookJson::from(&b.book),
                finished: b.finished.stored(),
                rating: b
                    .stars
                    .and_then(crate::domain::rating::Stars::from_quarters)
                    .map(|s| s.value()),
            })
            .collect(),
        goal: y.goal.as_ref().map(GoalJson::from),
        top_shelves: y.shelves,
        years: y.years,
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatsQuery {
    /// One year; without it, every year.
    year: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct CountJson {
    label: String,
    value: i64,
}

#[derive(Serialize, ToSchema)]
pub struct StatsJson {
    year: Option<i32>,
    years: Vec<i32>,
    books_read: i64,
    pages_read: i64,
    /// By month for a year, by year otherwise.
    books_by_period: Vec<CountJson>,
    pages_by_period: Vec<CountJson>,
    /// Books by the reader's stars, in half stars.
    ratings: Vec<CountJson>,
    /// Books by length, in hundreds of pages.
    lengths: Vec<CountJson>,
    top_authors: Vec<CountJson>,
    top_shelves: Vec<CountJson>,
    /// Average days from starting a book to finishing it.
    days_per_book: Option<f64>,
    /// StoryGraph's moods on the books (kept by imports), most first.
    moods: Vec<CountJson>,
    /// StoryGraph's pace: slow, medium, fast; empty when none is known.
    pace: Vec<CountJson>,
}

fn counts(chart: &crate::domain::charts::BarChart) -> Vec<CountJson> {
    chart
        .bars
        .iter()
        .map(|b| CountJson {
            label: b.label.clone(),
            value: b.value,
        })
        .collect()
}

fn pairs(list: Vec<(String, i64)>) -> Vec<CountJson> {
    list.into_iter()
        .map(|(label, value)| CountJson { label, value })
        .collect()
}

#[utoipa::path(get, path = "/users/{username}/stats", summary = "A reader's reading in numbers", tag = "shelves", security((), ("bearer" = [])), params(("username" = String, Path, description = "the reader's username"), StatsQuery), responses((status = 200, description = "counts by period, ratings, lengths, authors and shelves", body = StatsJson)))]
pub async fn stats(
    State(state): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(username): Path<String>,
    super::extract::ApiQuery(q): super::extract::ApiQuery<StatsQuery>,
) -> ApiResult<Json<StatsJson>> {
    let store = state.store.as_ref();
    let owner = super::people::reader(&state, &username).await?;
    let s = crate::actions::stats::stats(store, &state.stats_kept, caller.as_ref(), &owner, q.year)
        .await?;
    Ok(Json(StatsJson {
        year: s.year,
        books_read: s.books,
        pages_read: s.pages,
        books_by_period: counts(&s.books_by_period),
        pages_by_period: counts(&s.pages_by_period),
        ratings: counts(&s.ratings),
        lengths: counts(&s.lengths),
        top_authors: pairs(s.top_authors),
        top_shelves: pairs(s.top_shelves),
        days_per_book: s.days_per_book,
        moods: pairs(s.moods),
        pace: counts(&s.pace),
        years: s.years,
    }))
}

/// A time zone, by its IANA name.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct TimeZoneJson {
    /// e.g. "Europe/Madrid"; the day a book marked read counts on, for goals and years.
    time_zone: String,
}

#[utoipa::path(get, path = "/me/time-zone", summary = "The caller's time zone", tag = "shelves", security(("bearer" = [])), responses((status = 200, description = "UTC until one is chosen", body = TimeZoneJson)))]
pub async fn time_zone(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<TimeZoneJson>> {
    let zone = goals::time_zone(state.store.as_ref(), &user).await?;
    Ok(Json(TimeZoneJson {
        time_zone: zone.name().to_string(),
    }))
}

#[utoipa::path(put, path = "/me/time-zone", summary = "Set the caller's time zone", tag = "shelves", security(("bearer" = [])), request_body = TimeZoneJson, responses((status = 200, description = "kept, spelt as the zone database does", body = TimeZoneJson)))]
pub async fn set_time_zone(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<TimeZoneJson>,
) -> ApiResult<Json<TimeZoneJson>> {
    let zone = goals::set_time_zone(state.store.as_ref(), &user, &body.time_zone).await?;
    Ok(Json(TimeZoneJson {
        time_zone: zone.name().to_string(),
    }))
}
