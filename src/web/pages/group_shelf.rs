//! A group's shelf on the site: its sections on the group's page, and the
//! forms that propose, vote, move books, set the current book and add
//! read-along checkpoints.

use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::group_shelf as shelf_actions;
use crate::actions::groups as group_actions;
use crate::error::ActionError;
use crate::store::GroupBookRow;
use crate::web::forms::{CsrfForm, PathId, PathIds};
use crate::web::view;
use crate::web::{PageResult, SignedIn};

/// A book on the shelf as the group's page lists it.
pub struct ShelfBook {
    pub book_id: i64,
    pub title: String,
    pub votes: String,
    pub voted: bool,
    pub proposed_by: Option<String>,
}

/// One shelf of the group's: its heading and books, in the store's order.
pub struct ShelfSection {
    pub heading: &'static str,
    /// Proposals take votes.
    pub votable: bool,
    pub books: Vec<ShelfBook>,
}

/// The shelf's rows in sections, empty ones left out. The book being read
/// has its own place at the top of the group's page.
pub fn sections(rows: &[GroupBookRow]) -> Vec<ShelfSection> {
    [
        ("next", "Next"),
        ("proposed", "Put forward"),
        ("read", "Read"),
    ]
    .into_iter()
    .filter_map(|(key, heading)| {
        let books: Vec<ShelfBook> = rows
            .iter()
            .filter(|b| b.shelf == key)
            .map(|b| ShelfBook {
                book_id: b.book_id,
                title: b.title.clone(),
                votes: view::plural(b.votes, "vote", "votes"),
                voted: b.voted,
                proposed_by: b.proposed_by.as_ref().map(|u| u.display_name.clone()),
            })
            .collect();
        (!books.is_empty()).then_some(ShelfSection {
            heading,
            votable: key == "proposed",
            books,
        })
    })
    .collect()
}

/// A book named in a form: its number, or its address on the site
/// (`/books/12`, pasted whole from the address bar).
pub fn book_ref(raw: &str) -> Result<i64, ActionError> {
    let raw = raw.trim();
    let tail = match raw.rfind("/books/") {
        Some(at) => &raw[at + "/books/".len()..],
        None => raw,
    };
    let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            ActionError::invalid("book", "give the book's number or its address, /books/12")
        })
}

fn back(id: i64) -> Redirect {
    Redirect::to(&format!("/groups/{id}#shelf"))
}

#[derive(Deserialize)]
pub struct ProposeForm {
    #[serde(default)]
    book: String,
}

/// `POST /groups/{id}/shelf`
pub async fn propose(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<ProposeForm>,
) -> PageResult<Redirect> {
    let book = book_ref(&form.book)?;
    shelf_actions::propose(state.store.as_ref(), &user, id, book).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub struct VoteForm {
    /// `yes` to vote, anything else to take the vote back.
    #[serde(default)]
    vote: String,
}

/// `POST /groups/{id}/shelf/{book_id}/vote`
pub async fn vote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, book_id): PathIds,
    CsrfForm(form): CsrfForm<VoteForm>,
) -> PageResult<Redirect> {
    let on = form.vote == "yes";
    shelf_actions::vote(state.store.as_ref(), &user, id, book_id, on).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub struct PlaceForm {
    /// A shelf's key, or `remove` to take the book off.
    #[serde(default)]
    shelf: String,
}

/// `POST /groups/{id}/shelf/{book_id}/place`
pub async fn place(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, book_id): PathIds,
    CsrfForm(form): CsrfForm<PlaceForm>,
) -> PageResult<Redirect> {
    let store = state.store.as_ref();
    if form.shelf == "remove" {
        shelf_actions::remove(store, &user, id, book_id).await?;
    } else {
        shelf_actions::place(store, &user, id, book_id, &form.shelf).await?;
    }
    Ok(back(id))
}

#[derive(Deserialize)]
pub struct CurrentBookForm {
    #[serde(default)]
    book: String,
    #[serde(default)]
    started_on: String,
}

/// `POST /groups/{id}/current-book`
pub async fn set_current_book(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<CurrentBookForm>,
) -> PageResult<Redirect> {
    let book = book_ref(&form.book)?;
    group_actions::set_current_book(state.store.as_ref(), &user, id, book, &form.started_on)
        .await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub struct CheckpointForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    up_to_page: String,
    #[serde(default)]
    due_on: String,
}

/// `POST /groups/{id}/schedule`
pub async fn add_checkpoint(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<CheckpointForm>,
) -> PageResult<Redirect> {
    let page = form
        .up_to_page
        .trim()
        .parse::<i64>()
        .map_err(|_| ActionError::invalid("up_to_page", "a page number, like 120"))?;
    group_actions::add_checkpoint(
        state.store.as_ref(),
        &user,
        id,
        &form.label,
        page,
        &form.due_on,
    )
    .await?;
    Ok(Redirect::to(&format!("/groups/{id}#current-heading")))
}

#[cfg(test)]
mod tests {
    use super::book_ref;

    #[test]
    fn a_book_is_named_by_number_or_address() {
        assert_eq!(book_ref(" 12 ").ok(), Some(12));
        assert_eq!(book_ref("/books/34").ok(), Some(34));
        assert_eq!(
            book_ref("https://dogear.example/books/56?page=2#x").ok(),
            Some(56)
        );
        assert!(book_ref("Middlemarch").is_err());
        assert!(book_ref("0").is_err());
        assert!(book_ref("").is_err());
    }
}
