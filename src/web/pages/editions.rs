//! Editions of a book, the edition a reader read, and moderators' merges.

use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::editions::{self as actions, EditionInput};
use crate::domain::Invalid;
use crate::web::forms::{CsrfForm, PathId, given};
use crate::web::{PageResult, SignedIn};

/// A number typed into a form; blank is None, anything else unreadable names the field.
fn number(field: &'static str, value: &Option<String>) -> Result<Option<i64>, Invalid> {
    match given(value) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| Invalid::new(field, "write a whole number")),
    }
}

/// An edition lives on its book's page, which shows every edition's readers' reviews.
pub async fn show(State(state): State<AppState>, PathId(id): PathId) -> PageResult<Redirect> {
    let edition = actions::edition(state.store.as_ref(), id).await?;
    Ok(Redirect::to(&format!(
        "/books/{}#edition-{id}",
        edition.book_id
    )))
}

#[derive(Deserialize)]
pub struct EditionForm {
    isbn: Option<String>,
    publisher: Option<String>,
    year: Option<String>,
    pages: Option<String>,
    format: Option<String>,
    language: Option<String>,
}

pub async fn add(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<EditionForm>,
) -> PageResult<Redirect> {
    // One box for either form: the digits say which.
    let digits = given(&form.isbn)
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .count();
    let isbn = given(&form.isbn).map(str::to_string);
    let input = EditionInput {
        isbn13: if digits == 10 { None } else { isbn.clone() },
        isbn10: if digits == 10 { isbn } else { None },
        publisher: given(&form.publisher).map(str::to_string),
        year: number("year", &form.year)?,
        pages: number("pages", &form.pages)?,
        format: given(&form.format).map(str::to_string),
        language: given(&form.language).map(str::to_string),
    };
    let edition = actions::add_edition(state.store.as_ref(), &user, id, &input).await?;
    Ok(Redirect::to(&format!("/books/{id}#edition-{}", edition.id)))
}

#[derive(Deserialize)]
pub struct MineForm {
    edition_id: Option<String>,
}

pub async fn set_mine(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<MineForm>,
) -> PageResult<Redirect> {
    let edition = number("edition_id", &form.edition_id)?;
    actions::set_reader_edition(state.store.as_ref(), &user, id, edition).await?;
    Ok(Redirect::to(&format!("/books/{id}#editions")))
}

#[derive(Deserialize)]
pub struct MergeForm {
    into: Option<String>,
    /// Where to go after (the duplicates list); the kept book when not given.
    back: Option<String>,
}

fn target(form: &MergeForm) -> Result<i64, Invalid> {
    number("into", &form.into)?.ok_or_else(|| Invalid::new("into", "give the number to merge into"))
}

pub async fn merge_book(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<MergeForm>,
) -> PageResult<Redirect> {
    let into = target(&form)?;
    actions::merge_books(state.store.as_ref(), &user, id, into).await?;
    Ok(crate::web::back_to(
        form.back.as_deref(),
        &format!("/books/{into}"),
    ))
}

pub async fn merge_author(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<MergeForm>,
) -> PageResult<Redirect> {
    let into = target(&form)?;
    actions::merge_authors(state.store.as_ref(), &user, id, into).await?;
    Ok(Redirect::to(&format!("/authors/{into}")))
}
