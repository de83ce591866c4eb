//! A book's page, adding books, and everything a reader does to a book from it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::books::{self as book_actions, BookInput};
use crate::actions::shelves as shelf_actions;
use crate::domain::rating::Stars;
use crate::domain::shelf::{self, Status};
use crate::domain::text;
use crate::error::ActionError;
use crate::store::{BookCredits, Edition, ReaderBook, ShelfRef, UserRef};
use crate::web::forms::{BackForm, CsrfForm, PathId, given};
use crate::web::view::{
    self, BookCard, ReviewCard, StarChoice, StarsView, StatusChoice, TimelineLine,
};
use crate::web::{Frame, PageResult, SignedIn, back_to};

/// What the signed-in reader has said about the book, for the forms.
pub struct Mine {
    pub stars: Option<StarsView>,
    pub choices: Vec<StarChoice>,
    pub statuses: Vec<StatusChoice>,
    pub status_label: Option<&'static str>,
    pub shelves: Vec<ShelfRef>,
    pub shelves_text: String,
    pub reads: Vec<String>,
    pub timeline: Vec<TimelineLine>,
    pub review_id: Option<i64>,
}

impl Mine {
    pub fn new(rb: &ReaderBook, pages: Option<i64>) -> Mine {
        Mine {
            stars: StarsView::from_quarters(rb.rating),
            choices: view::star_choices(rb.rating),
            statuses: view::status_choices(rb.status.as_deref()),
            status_label: view::status_label(rb.status.as_deref()),
            shelves_text: rb
                .shelves
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            shelves: rb.shelves.clone(),
            reads: view::read_lines(&rb.reads),
            timeline: view::timeline(&rb.timeline, pages),
            review_id: rb.review_id,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/book.html")]
pub struct BookPage {
    frame: Frame,
    card: BookCard,
    isbn13: Option<String>,
    isbn10: Option<String>,
    pages: Option<i64>,
    description: Option<String>,
    mine: Option<Mine>,
    reviews: Vec<ReviewCard>,
    back: String,
    editions: Vec<Edition>,
    my_edition: Option<i64>,
    moderator: bool,
    /// Who added the book and uploaded its cover: moderators only.
    credits: Option<BookCredits>,
    /// The viewer's friends with the book: name, stars, shelf.
    friends: Vec<(UserRef, Option<StarsView>, Option<&'static str>)>,
    /// Of them, those who have read it (shelved as read, or rated it).
    friends_read: usize,
    /// The most liked quotes from it.
    quotes: Vec<crate::store::Quote>,
    /// Its genres, from readers' shelves: (slug, name, "N readers").
    genres: Vec<(&'static str, &'static str, String)>,
    /// The most voted lists it is on.
    book_lists: Vec<super::lists::ListCard>,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
) -> PageResult<BookPage> {
    let store = state.store.as_ref();
    let book = book_actions::book(store, id).await?;
    let (mine, my_edition) = match &frame.viewer {
        Some(viewer) => {
            let rb = shelf_actions::reader_book(store, viewer, id).await?;
            (Some(Mine::new(&rb, book.pages)), rb.edition_id)
        }
        None => (None, None),
    };
    let editions = store.editions(id).await.map_err(ActionError::from)?;
    let moderator = frame.viewer.as_ref().is_some_and(|v| v.is_moderator);
    let credits = crate::actions::covers::credits(store, frame.viewer.as_ref(), id).await?;
    let with_book = match &frame.viewer {
        Some(viewer) => crate::actions::social::friends_with_book(store, viewer, id).await?,
        None => Vec::new(),
    };
    let friends_read = with_book
        .iter()
        .filter(|f| f.rating.is_some() || f.status.as_deref() == Some("read"))
        .count();
    let friends = with_book
        .into_iter()
        .map(|f| {
            (
                f.reader,
                StarsView::from_quarters(f.rating),
                view::status_label(f.status.as_deref()),
            )
        })
        .collect();
    let reviews = store
        .book_reviews(id, frame.viewer.as_ref().map(|v| v.id), 30, 0)
        .await
        .map_err(ActionError::from)?;
    let quotes = store
        .book_quotes(id, frame.viewer.as_ref().map(|v| v.id), 5)
        .await
        .map_err(ActionError::from)?;
    let genres = crate::actions::genres::of_book(store, id)
        .await?
        .into_iter()
        .map(|(g, n)| (g.slug, g.name, view::plural(n, "reader", "readers")))
        .collect();
    let book_lists = super::lists::book_lists(store, frame.viewer.as_ref(), id).await?;
    Ok(BookPage {
        frame,
        card: BookCard::from(&book),
        isbn13: book.isbn13.clone(),
        isbn10: book.isbn10.clone(),
        pages: book.pages,
        description: book.description.clone(),
        mine,
        reviews: view::review_cards(&reviews),
        back: format!("/books/{id}"),
        editions,
        my_edition,
        moderator,
        credits,
        friends,
        friends_read,
        quotes,
        genres,
        book_lists,
    })
}

#[derive(Template, WebTemplate, Default)]
#[template(path = "pages/book_new.html")]
pub struct NewBookPage {
    frame: Frame,
    error: Option<String>,
    form: BookForm,
    duplicates: Vec<BookCard>,
}

#[derive(Deserialize, Default, Clone)]
pub struct BookForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    isbn13: String,
    #[serde(default)]
    isbn10: String,
    #[serde(default)]
    pages: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    description: String,
    confirm: Option<String>,
}

pub async fn new_form(frame: Frame, SignedIn(_): SignedIn) -> NewBookPage {
    NewBookPage {
        frame,
        ..NewBookPage::default()
    }
}

fn book_input(form: &BookForm) -> Result<BookInput, crate::domain::Invalid> {
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(BookInput {
        title: form.title.clone(),
        authors: text::author_list(&form.authors)?,
        isbn13: opt(&form.isbn13),
        isbn10: opt(&form.isbn10),
        pages: text::optional_int("pages", Some(&form.pages), 1, 100_000)?,
        year: text::optional_int("year", Some(&form.year), -3000, 2100)?,
        description: opt(&form.description),
        series: None,
        series_position: None,
    })
}

pub async fn create(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<BookForm>,
) -> PageResult<Response> {
    let result = match book_input(&form) {
        Ok(input) => {
            if !crate::web::forms::ticked(&form.confirm) {
                let duplicates =
                    book_actions::likely_duplicates(state.store.as_ref(), &input).await?;
                if !duplicates.is_empty() {
                    let duplicates = view::cards(&duplicates);
                    return Ok(NewBookPage {
                        frame,
                        error: None,
                        form,
                        duplicates,
                    }
                    .into_response());
                }
            }
            book_actions::add_book(
                state.store.as_ref(),
                &user,
                &input,
                i64::from(state.settings.books_per_hour),
            )
            .await
        }
        Err(invalid) => Err(invalid.into()),
    };
    match result {
        Ok(book) => Ok(Redirect::to(&format!("/books/{}", book.id)).into_response()),
        Err(e @ (ActionError::Invalid(_) | ActionError::Conflict { .. })) => {
            let status = axum::http::StatusCode::from_u16(e.status()).unwrap_or_default();
            Ok((
                status,
                NewBookPage {
                    frame,
                    error: Some(crate::web::reader_message(&e)),
                    form,
                    duplicates: Vec::new(),
                },
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RateForm {
    stars: Option<String>,
    back: Option<String>,
}

pub async fn rate(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<RateForm>,
) -> PageResult<Redirect> {
    let stars = Stars::parse_form(form.stars.as_deref().unwrap_or(""))?;
    shelf_actions::rate(state.store.as_ref(), &user, id, stars).await?;
    Ok(back_to(form.back.as_deref(), &format!("/books/{id}")))
}

pub async fn clear_rating(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    shelf_actions::clear_rating(state.store.as_ref(), &user, id).await?;
    Ok(back_to(form.back.as_deref(), &format!("/books/{id}")))
}

#[derive(Deserialize)]
pub struct StatusForm {
    status: Option<String>,
    back: Option<String>,
}

/// An empty status takes the book off the reader's status shelves.
pub async fn set_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> PageResult<Redirect> {
    let status = given(&form.status).map(Status::parse).transpose()?;
    shelf_actions::set_status(state.store.as_ref(), &user, id, status).await?;
    Ok(back_to(form.back.as_deref(), &format!("/books/{id}")))
}

#[derive(Deserialize)]
pub struct ShelvesForm {
    shelves: Option<String>,
    back: Option<String>,
}

pub async fn set_shelves(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<ShelvesForm>,
) -> PageResult<Redirect> {
    let shelves = shelf::parse_shelf_list(form.shelves.as_deref().unwrap_or(""))?;
    shelf_actions::set_shelves(state.store.as_ref(), &user, id, shelves).await?;
    Ok(back_to(form.back.as_deref(), &format!("/books/{id}")))
}

#[derive(Deserialize)]
pub struct ReadForm {
    started: Option<String>,
    finished: Option<String>,
    back: Option<String>,
}

pub async fn add_read(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<ReadForm>,
) -> PageResult<Redirect> {
    shelf_actions::add_read(
        state.store.as_ref(),
        &user,
        id,
        given(&form.started),
        given(&form.finished),
    )
    .await?;
    Ok(back_to(form.back.as_deref(), &format!("/books/{id}")))
}

#[derive(Deserialize)]
pub struct ProgressForm {
    page: Option<String>,
    percent: Option<String>,
    note: Option<String>,
    back: Option<String>,
}

pub async fn add_progress(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<ProgressForm>,
) -> PageResult<Redirect> {
    let page = text::optional_int("page", form.page.as_deref(), 0, 100_000)?;
    let percent = text::optional_int("percent", form.percent.as_deref(), 0, 100)?;
    shelf_actions::add_progress(
        state.store.as_ref(),
        &user,
        id,
        page,
        percent,
        given(&form.note),
    )
    .await?;
    Ok(back_to(form.back.as_deref(), &format!("/books/{id}")))
}
