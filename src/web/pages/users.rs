//! Readers' profiles and shelves.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::shelves::{self, ShelfList};
use crate::actions::social;
use crate::domain::dates;
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
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    Path(name): Path<String>,
) -> PageResult<UserPage> {
    let user = crate::web::reader_named(&state, &name).await?;
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
    let shelves = state
        .store
        .user_shelves(user.id)
        .await
        .map_err(ActionError::from)?;
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
    })
}

pub struct ShelfRow {
    card: BookCard,
    stars: Option<StarsView>,
    status: Option<String>,
    added: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/shelf.html")]
pub struct ShelfPage {
    frame: Frame,
    user: User,
    shelf_name: String,
    slug: String,
    rows: Vec<ShelfRow>,
    page: i64,
    next: Option<i64>,
}

#[derive(Deserialize)]
pub struct ShelfQuery {
    page: Option<i64>,
}

const SHELF_PAGE: i64 = 50;

pub async fn shelf(
    State(state): State<AppState>,
    frame: Frame,
    Path((name, slug)): Path<(String, String)>,
    Query(q): Query<ShelfQuery>,
) -> PageResult<ShelfPage> {
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let ShelfList {
        owner: user,
        name: shelf_name,
        entries,
    } = shelves::shelf_list(
        state.store.as_ref(),
        frame.viewer.as_ref(),
        &name,
        &slug,
        SHELF_PAGE + 1,
        (page - 1) * SHELF_PAGE,
    )
    .await?;
    let next = (entries.len() as i64 > SHELF_PAGE).then_some(page + 1);
    let rows = entries
        .iter()
        .take(SHELF_PAGE as usize)
        .map(|e| ShelfRow {
            card: BookCard::from(&e.book),
            stars: StarsView::from_quarters(e.rating),
            status: view::status_label(e.status.as_deref()),
            added: dates::short_date(e.added_at),
        })
        .collect();
    Ok(ShelfPage {
        frame,
        user,
        shelf_name,
        slug,
        rows,
        page,
        next,
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
