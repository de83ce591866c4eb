//! Keeping, liking and deleting quotes, and a reader's quotes.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::quotes::{self, Place};
use crate::domain::text;
use crate::store::{Quote, User};
use crate::web::forms::{BackForm, CsrfForm, PathId};
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Deserialize)]
pub struct QuoteForm {
    #[serde(default)]
    body: String,
    page: Option<String>,
    spoiler: Option<String>,
}

pub async fn add(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(book_id): PathId,
    CsrfForm(form): CsrfForm<QuoteForm>,
) -> PageResult<Redirect> {
    let page = text::optional_int("page", form.page.as_deref(), 1, 100_000)?;
    let place = Place {
        page,
        percent: None,
    };
    let spoiler = crate::web::forms::ticked(&form.spoiler);
    quotes::add(
        state.store.as_ref(),
        &user,
        book_id,
        &form.body,
        place,
        spoiler,
    )
    .await?;
    Ok(Redirect::to(&format!("/books/{book_id}#quotes")))
}

fn back(form: &BackForm, fallback: &str) -> String {
    form.back
        .as_deref()
        .and_then(text::local_path)
        .unwrap_or(fallback)
        .to_string()
}

async fn like_or_not(
    state: &AppState,
    user: &User,
    id: i64,
    form: &BackForm,
    liked: bool,
) -> PageResult<Redirect> {
    let quote = quotes::set_like(state.store.as_ref(), user, id, liked).await?;
    let fallback = format!("/books/{}#quotes", quote.book_id);
    Ok(Redirect::to(&back(form, &fallback)))
}

pub async fn like(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    like_or_not(&state, &user, id, &form, true).await
}

pub async fn unlike(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    like_or_not(&state, &user, id, &form, false).await
}

pub async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    quotes::delete(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to(&back(
        &form,
        &format!("/users/{}/quotes", user.username),
    )))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/quotes.html")]
pub struct ReaderQuotesPage {
    frame: Frame,
    user: User,
    quotes: Vec<Quote>,
    back: String,
}

/// `/users/{name}/quotes`: what the reader kept, newest first.
pub async fn of_reader(
    State(state): State<AppState>,
    frame: Frame,
    Path(name): Path<String>,
) -> PageResult<ReaderQuotesPage> {
    let (user, quotes) =
        quotes::of_reader(state.store.as_ref(), frame.viewer.as_ref(), &name, 100).await?;
    Ok(ReaderQuotesPage {
        back: format!("/users/{}/quotes", user.username),
        frame,
        user,
        quotes,
    })
}
