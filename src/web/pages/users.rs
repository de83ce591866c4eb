//! Readers' profiles and shelves.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::shelves;
use crate::actions::social;
use crate::domain::dates;
use crate::domain::shelf_view::{self, ShelfOrder, ShelfSort, SortDir};
use crate::error::ActionError;
use crate::store::{Relation, ShelfCount, User, UserRef};
use crate::web::forms::{CsrfForm, ticked};
use crate::web::view::{self, BookCard, ReviewCard, StarsView, TimelineLine};
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/user.html")]
pub struct UserPage {
    frame: Frame,
    user: User,
    joined: String,
    shelves: Vec<ShelfCount>,
    reviews: Vec<ReviewCard>,
    relation: Relation,
    own: bool,
    friends: Vec<UserRef>,
    /// Latest progress across books: (book id, title, line).
    timeline: Vec<(i64, String, TimelineLine)>,
    /// This year's reading goal, if they set one.
    goal: Option<super::years::GoalView>,
    this_year: i32,
    /// The books they are reading now, with how far they are.
    reading: Vec<super::home::ReadingCard>,
}

/// How many of a reader's current books their profile shows.
const READING_SHOWN: i64 = 12;

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    Path(name): Path<String>,
) -> PageResult<Response> {
    let user = crate::web::reader_named(&state, &name).await?;
    // No local name holds an `@`: this is a reader elsewhere, whose page
    // shows them as their server describes them.
    if user.username.contains('@')
        && let Some(id) = super::remote_people::stand_in_page(&state, user.id).await?
    {
        return Ok(Redirect::to(&format!("/people/remote/{id}")).into_response());
    }
    let profile = social::see_profile(state.store.as_ref(), frame.viewer.as_ref(), &user).await?;
    let own = frame.viewer.as_ref().is_some_and(|v| v.id == user.id);
    // A reader one blocks shows only the button to unblock them.
    let hidden = !profile.open;
    let relation = profile.relation;
    let mut user = user;
    if hidden {
        user.bio = None;
    }
    let friends = if hidden {
        Vec::new()
    } else {
        social::friends(state.store.as_ref(), user.id).await?
    };
    // Statuses are stored by slug ("want-to-read"): shown in words.
    let shelves: Vec<ShelfCount> = state
        .store
        .user_shelves(user.id)
        .await
        .map_err(ActionError::from)?
        .into_iter()
        .map(|s| ShelfCount {
            name: crate::domain::shelf::status_name(&s.slug, Some(&s.name)),
            ..s
        })
        .collect();
    // The home page's own query: a profile the viewer may not see (across a
    // block) shows none of it, as with the shelves and progress.
    let reading = if hidden {
        Vec::new()
    } else {
        state
            .store
            .currently_reading(user.id, READING_SHOWN)
            .await
            .map_err(ActionError::from)?
            .iter()
            .map(super::home::ReadingCard::from)
            .collect()
    };
    let timeline = if hidden {
        Vec::new()
    } else {
        state
            .store
            .reading_timeline(user.id, 10)
            .await
            .map_err(ActionError::from)?
            .into_iter()
            .filter_map(|e| {
                view::timeline(&[e.event], e.pages)
                    .pop()
                    .map(|line| (e.book_id, e.title, line))
            })
            .collect()
    };
    let goal = if hidden {
        None
    } else {
        super::years::current_goal(&state, frame.viewer.as_ref(), &user).await?
    };
    let reviews = state
        .store
        .user_reviews(user.id, frame.viewer.as_ref().map(|v| v.id), 20, 0)
        .await
        .map_err(ActionError::from)?;
    Ok(UserPage {
        frame,
        joined: dates::short_date(user.created_at),
        user,
        shelves: if hidden { Vec::new() } else { shelves },
        reviews: if hidden {
            Vec::new()
        } else {
            view::review_cards(&reviews)
        },
        relation,
        own,
        friends,
        timeline,
        goal,
        this_year: dates::today(crate::actions::now()).year,
        reading,
    }
    .into_response())
}

/// One book on the shelf page: a table row on a wide screen, a card on a phone.
pub struct ShelfRow {
    card: BookCard,
    stars: Option<StarsView>,
    status: Option<String>,
    /// "January 29, 2016": when the reader last finished it.
    read: Option<String>,
    added: String,
}

/// A sortable column's header: where a click leads and how it is sorted now.
pub struct SortHeader {
    slug: &'static str,
    label: &'static str,
    href: String,
    /// `aria-sort` on the column the shelf is sorted by.
    aria: Option<&'static str>,
    arrow: &'static str,
}

/// A shelf in the side list, named in words.
pub struct SideShelf {
    name: String,
    href: String,
    count: i64,
    current: bool,
}

/// One of the numbered page links; None is a run left out.
pub struct PageNumber {
    number: Option<i64>,
    href: String,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/shelf.html")]
pub struct ShelfPage {
    frame: Frame,
    user: User,
    shelf_name: String,
    slug: String,
    rows: Vec<ShelfRow>,
    headers: Vec<SortHeader>,
    side: Vec<SideShelf>,
    /// The filter box's text.
    q: String,
    /// The shelf in this order without the filter.
    clear_href: String,
    sort: &'static str,
    dir: &'static str,
    /// "Showing 21–40 of 734".
    showing: String,
    pages: Vec<PageNumber>,
    prev: Option<String>,
    next: Option<String>,
    /// The viewer's own shelf (not a status, not "all"): they may rename or delete it.
    manage: bool,
}

#[derive(Deserialize)]
pub struct ShelfQuery {
    page: Option<i64>,
    sort: Option<String>,
    dir: Option<String>,
    q: Option<String>,
}

/// The shelf page's link for this order, filter and page (page 1 is left out).
fn shelf_href(base: &str, order: ShelfOrder, q: &str, page: i64) -> String {
    let mut href = format!("{base}?sort={}&dir={}", order.sort.slug(), order.dir.slug());
    if !q.is_empty() {
        href.push_str("&q=");
        href.push_str(&view::query_value(q));
    }
    if page > 1 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

/// A finish as short as the added date beside it: "Mar 04, 2021", or
/// "March, 2021" when the day was not given.
fn read_date(stored: &str) -> Option<String> {
    let date = dates::ReadDate::from_stored(stored)?;
    Some(match date.day {
        Some(_) => dates::short_date(dates::to_unix(&date)),
        None => date.long(),
    })
}

fn sort_headers(base: &str, order: ShelfOrder, q: &str) -> Vec<SortHeader> {
    [
        (ShelfSort::Title, "Title"),
        (ShelfSort::Author, "Author"),
        (ShelfSort::Rating, "My rating"),
        (ShelfSort::Average, "Average"),
        (ShelfSort::Read, "Read"),
        (ShelfSort::Added, "Added"),
    ]
    .into_iter()
    .map(|(column, label)| {
        let sorted = order.sort == column;
        SortHeader {
            slug: column.slug(),
            label,
            href: shelf_href(base, order.toggled(column), q, 1),
            aria: sorted.then(|| order.dir.aria()),
            arrow: match (sorted, order.dir) {
                (false, _) => "",
                (true, SortDir::Asc) => "▲",
                (true, SortDir::Desc) => "▼",
            },
        }
    })
    .collect()
}

pub async fn shelf(
    State(state): State<AppState>,
    frame: Frame,
    Path((name, slug)): Path<(String, String)>,
    Query(q): Query<ShelfQuery>,
) -> PageResult<ShelfPage> {
    let order = ShelfOrder::parse(q.sort.as_deref(), q.dir.as_deref())?;
    let filter = shelf_view::parse_filter(q.q.as_deref())?;
    let view = shelves::shelf_view(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        &name,
        &slug,
        order,
        filter.as_deref(),
        q.page.unwrap_or(1),
    )
    .await?;
    let user = view.owner;
    let text = filter.unwrap_or_default();
    let user_base = format!("/users/{}/shelves", user.username);
    let base = format!("{user_base}/{slug}");
    let paging = view.paging;
    let (first, last) = paging.range();
    let showing = if paging.total == 0 {
        "No books".to_string()
    } else {
        format!("Showing {first}–{last} of {}", paging.total)
    };
    let page_href = |n: i64| shelf_href(&base, order, &text, n);
    let mut side = vec![SideShelf {
        name: "All books".to_string(),
        href: shelf_href(&format!("{user_base}/all"), order, "", 1),
        count: view.slice.all_books,
        current: slug == "all",
    }];
    side.extend(view.shelves.iter().map(|s| SideShelf {
        name: crate::domain::shelf::status_name(&s.slug, Some(&s.name)),
        href: shelf_href(&format!("{user_base}/{}", s.slug), order, "", 1),
        count: s.count,
        current: s.slug == slug,
    }));
    let rows = view
        .slice
        .lines
        .iter()
        .map(|l| ShelfRow {
            card: BookCard::from(&l.entry.book),
            stars: StarsView::from_quarters(l.entry.rating),
            status: view::status_label(l.entry.status.as_deref()),
            read: l.finished.as_deref().and_then(read_date),
            added: dates::short_date(l.entry.added_at),
        })
        .collect();
    let manage = frame.viewer.as_ref().is_some_and(|v| v.id == user.id)
        && slug != "all"
        && crate::domain::shelf::Status::from_slug(&slug).is_none();
    Ok(ShelfPage {
        manage,
        headers: sort_headers(&base, order, &text),
        pages: paging
            .window()
            .into_iter()
            .map(|n| PageNumber {
                number: n,
                href: n.map(page_href).unwrap_or_default(),
                current: n == Some(paging.page),
            })
            .collect(),
        prev: (paging.page > 1).then(|| page_href(paging.page - 1)),
        next: (paging.page < paging.pages).then(|| page_href(paging.page + 1)),
        frame,
        user,
        shelf_name: view.name,
        slug,
        rows,
        side,
        clear_href: shelf_href(&base, order, "", 1),
        q: text,
        sort: order.sort.slug(),
        dir: order.dir.slug(),
        showing,
    })
}

#[derive(Deserialize)]
pub struct NewShelfForm {
    name: Option<String>,
    exclusive: Option<String>,
}

/// A shelf of the reader's own, from their profile: empty until they put
/// books on it; an exclusive one is offered beside the statuses.
pub async fn add_shelf(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<NewShelfForm>,
) -> PageResult<Redirect> {
    let name = crate::domain::shelf::ShelfName::parse(form.name.as_deref().unwrap_or(""))
        .map_err(|e| crate::domain::Invalid::new("name", e.message))?;
    shelves::add_shelf(state.store.as_ref(), &user, name, ticked(&form.exclusive)).await?;
    Ok(Redirect::to(&format!("/users/{}", user.username)))
}

#[derive(Deserialize)]
pub struct RenameShelfForm {
    name: Option<String>,
}

/// Renames one of the reader's own shelves, from its page; back to it under its new address.
pub async fn rename_shelf(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<RenameShelfForm>,
) -> PageResult<Redirect> {
    let name = crate::domain::shelf::ShelfName::parse(form.name.as_deref().unwrap_or(""))
        .map_err(|e| crate::domain::Invalid::new("name", e.message))?;
    let shelf = shelves::rename_shelf(state.store.as_ref(), &user, &slug, name).await?;
    Ok(Redirect::to(&format!(
        "/users/{}/shelves/{}",
        user.username, shelf.slug
    )))
}

/// Deletes one of the reader's own shelves; its books stay under "All books".
pub async fn delete_shelf(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Redirect> {
    shelves::delete_shelf(state.store.as_ref(), &user, &slug).await?;
    Ok(Redirect::to(&format!(
        "/users/{}/shelves/all",
        user.username
    )))
}
