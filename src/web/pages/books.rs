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
use crate::domain::shelf;
use crate::domain::text;
use crate::error::ActionError;
use crate::store::{BookCredits, Edition, OwnShelf, ReaderBook, UserRef};
use crate::web::forms::{BackForm, CsrfForm, CsrfPairs, PathId, given};
use crate::web::shelving::{Placed, ShelfButton};
use crate::web::view::{self, BookCard, ReviewCard, StarChoice, StarsView, TimelineLine};
use crate::web::{Frame, PageResult, SignedIn, back_to};

/// What the signed-in reader has said about the book, for the forms.
pub struct Mine {
    pub stars: Option<StarsView>,
    pub choices: Vec<StarChoice>,
    pub button: ShelfButton,
    pub shelves_text: String,
    pub reads: Vec<String>,
    pub timeline: Vec<TimelineLine>,
    pub review_id: Option<i64>,
}

impl Mine {
    pub fn new(rb: &ReaderBook, card: &BookCard, pages: Option<i64>, mine: &[OwnShelf]) -> Mine {
        let slugs: Vec<String> = rb.shelves.iter().map(|s| s.slug.clone()).collect();
        let placed = Placed {
            status: rb.status.as_deref(),
            on_shelves: rb.on_shelves,
            shelves: &slugs,
        };
        Mine {
            stars: StarsView::from_quarters(rb.rating),
            choices: view::star_choices(rb.rating),
            button: ShelfButton::new(
                card.id,
                &card.title,
                &format!("/books/{}", card.id),
                placed,
                mine,
            ),
            shelves_text: rb
                .shelves
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
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
    friends: Vec<(UserRef, Option<StarsView>, Option<String>)>,
    /// Of them, those who have read it (shelved as read, or rated it).
    friends_read: usize,
    /// The most liked quotes from it.
    quotes: Vec<crate::store::Quote>,
    /// Its genres, from readers' shelves and its subjects: (slug, name, "N readers").
    genres: Vec<(&'static str, &'static str, String)>,
    /// Readers who liked it also liked these: (book, "N readers liked both").
    also_liked: Vec<(BookCard, String)>,
    /// The most voted lists it is on.
    book_lists: Vec<super::lists::ListCard>,
    /// "Dune Chronicles #1" and the series page's address.
    series: Option<super::series::SeriesLink>,
    /// Other books by its first author, most rated first.
    more_by: Vec<BookCard>,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
) -> PageResult<BookPage> {
    let store = state.store.as_ref();
    let book = book_actions::book(store, id).await?;
    let card = BookCard::from(&book);
    let (mine, my_edition) = match &frame.viewer {
        Some(viewer) => {
            let rb = shelf_actions::reader_book(store, viewer, id).await?;
            let shelves = shelf_actions::own_shelves(store, viewer).await?;
            (
                Some(Mine::new(&rb, &card, book.pages, &shelves)),
                rb.edition_id,
            )
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
        .map(|(g, n)| {
            let why = match n {
                0 => "from its subjects".to_string(),
                n => view::plural(n, "reader", "readers"),
            };
            (g.slug, g.name, why)
        })
        .collect();
    let also_liked = crate::actions::recommend::similar(store, id, 6)
        .await?
        .iter()
        .map(|(b, n)| (BookCard::from(b), view::plural(*n, "reader", "readers")))
        .collect();
    let book_lists = super::lists::book_lists(store, frame.viewer.as_ref(), id).await?;
    let series = super::series::SeriesLink::of(&book);
    let more_by = view::cards(&crate::actions::series::more_by_author(store, id).await?);
    Ok(BookPage {
        frame,
        card,
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
        also_liked,
        book_lists,
        series,
        more_by,
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

/// A status or one of the reader's exclusive shelves; an empty one takes
/// the book off them.
pub async fn set_status(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> PageResult<Redirect> {
    shelf_actions::set_status(state.store.as_ref(), &user, id, given(&form.status)).await?;
    Ok(back_to(form.back.as_deref(), &format!("/books/{id}")))
}

/// The reader's own shelves for the book: the ticked `shelf` boxes of the
/// shelf menu and any names typed in `shelves` (comma separated).
pub async fn set_shelves(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    form: CsrfPairs,
) -> PageResult<Redirect> {
    let mut names: Vec<String> = form.all("shelf").map(str::to_string).collect();
    names.extend(
        form.all("shelves")
            .flat_map(|typed| typed.split(','))
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string),
    );
    let shelves = shelf::parse_shelves(&names)?;
    shelf_actions::set_shelves(state.store.as_ref(), &user, id, shelves).await?;
    Ok(back_to(form.get("back"), &format!("/books/{id}")))
}

#[derive(Deserialize)]
pub struct NewShelfForm {
    name: Option<String>,
    exclusive: Option<String>,
    back: Option<String>,
}

/// A new shelf of the reader's own with this book on it; an exclusive one
/// becomes the book's status.
pub async fn new_shelf(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<NewShelfForm>,
) -> PageResult<Redirect> {
    let store = state.store.as_ref();
    let name = shelf::ShelfName::parse(form.name.as_deref().unwrap_or(""))
        .map_err(|e| crate::domain::Invalid::new("name", e.message))?;
    let exclusive = crate::web::forms::ticked(&form.exclusive);
    let book = book_actions::book(store, id).await?;
    let shelf = shelf_actions::add_shelf(store, &user, name, exclusive).await?;
    if exclusive {
        shelf_actions::set_status(store, &user, book.id, Some(&shelf.slug)).await?;
    } else {
        let rb = shelf_actions::reader_book(store, &user, book.id).await?;
        let mut names: Vec<String> = rb.shelves.into_iter().map(|s| s.name).collect();
        names.push(shelf.name);
        let shelves = shelf::parse_shelves(&names)?;
        shelf_actions::set_shelves(store, &user, book.id, shelves).await?;
    }
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
