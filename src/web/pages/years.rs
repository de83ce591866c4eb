//! Reading goals and a reader's year in books.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::goals::{self, GoalProgress, YearBook};
use crate::domain::dates;
use crate::domain::goals::schedule_words;
use crate::error::ActionError;
use crate::store::User;
use crate::web::forms::CsrfForm;
use crate::web::view::BookCard;
use crate::web::{Frame, PageResult, SignedIn};

/// A goal as a progress bar and its words.
pub struct GoalView {
    pub year: i32,
    pub books: i64,
    pub read: i64,
    pub pages: Option<i64>,
    pub pages_read: i64,
    /// 0 to 100, for the bar.
    pub percent: i64,
    pub words: String,
}

impl From<&GoalProgress> for GoalView {
    fn from(g: &GoalProgress) -> Self {
        let this_year = dates::today(crate::actions::now()).year;
        let words = if g.reached {
            "goal reached".to_string()
        } else if g.goal.year < this_year {
            format!("{} of {} books", g.books_read, g.goal.books)
        } else {
            schedule_words(g.schedule)
        };
        GoalView {
            year: g.goal.year,
            books: g.goal.books,
            read: g.books_read,
            pages: g.goal.pages,
            pages_read: g.pages_read,
            percent: (g.books_read * 100 / g.goal.books.max(1)).min(100),
            words,
        }
    }
}

/// The owner's goal for this year, for their profile and home.
pub async fn current_goal(
    state: &AppState,
    viewer: Option<&User>,
    owner: &User,
) -> PageResult<Option<GoalView>> {
    let this_year = dates::today(crate::actions::now()).year;
    let all = goals::goals(state.store.as_ref(), viewer, owner).await?;
    Ok(all
        .iter()
        .find(|g| g.goal.year == this_year)
        .map(GoalView::from))
}

/// One book on the year's wall.
pub struct WallBook {
    pub card: BookCard,
    pub finished: String,
    pub pages: Option<i64>,
    pub stars: Option<String>,
}

impl From<&YearBook> for WallBook {
    fn from(b: &YearBook) -> Self {
        WallBook {
            card: BookCard::from(&b.book),
            finished: b.finished.long(),
            pages: b.book.pages,
            stars: b
                .stars
                .and_then(crate::domain::rating::Stars::from_quarters)
                .map(|s| format!("rated {}", s.label())),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/year.html")]
pub struct YearPage {
    frame: Frame,
    user: User,
    own: bool,
    year: i32,
    wall: Vec<WallBook>,
    pages: String,
    /// (label, the book) for shortest, longest, highest and lowest rated, first and last.
    highlights: Vec<(&'static str, WallBook)>,
    average: Option<String>,
    shelves: Vec<(String, i64)>,
    goal: Option<GoalView>,
    years: Vec<i32>,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    Path((name, year)): Path<(String, String)>,
) -> PageResult<YearPage> {
    let year: i64 = year.parse().map_err(|_| ActionError::NotFound("year"))?;
    let user = crate::web::reader_named(&state, &name).await?;
    let y = goals::year(
        state.store.as_ref(),
        &state.years_kept,
        frame.viewer.as_ref(),
        &user,
        year,
    )
    .await?;
    let mut highlights = Vec::new();
    for (label, pick) in [
        ("First book of the year", y.books.first()),
        ("Last book of the year", y.books.last()),
        ("Shortest", y.shortest()),
        ("Longest", y.longest()),
        ("Highest rated", y.highest_rated()),
        ("Lowest rated", y.lowest_rated()),
    ] {
        if let Some(book) = pick {
            highlights.push((label, WallBook::from(book)));
        }
    }
    Ok(YearPage {
        own: frame.viewer.as_ref().is_some_and(|v| v.id == user.id),
        frame,
        year: y.year,
        wall: y.books.iter().map(WallBook::from).collect(),
        pages: crate::web::view::grouped(y.pages),
        highlights,
        average: y.average_rating().map(|a| format!("{a:.2}")),
        shelves: y.shelves,
        goal: y.goal.as_ref().map(GoalView::from),
        years: y.years,
        user,
    })
}

#[derive(Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    books: String,
    #[serde(default)]
    pages: String,
}

fn number(field: &'static str, raw: &str) -> Result<Option<i64>, ActionError> {
    match raw.trim() {
        "" => Ok(None),
        given => given
            .parse()
            .map(Some)
            .map_err(|_| ActionError::invalid(field, "must be a whole number")),
    }
}

/// Sets the signed-in reader's goal for a year, then shows that year.
pub async fn set_goal(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> PageResult<Redirect> {
    let this_year = i64::from(dates::today(crate::actions::now()).year);
    let year = number("year", &form.year)?.unwrap_or(this_year);
    let books =
        number("books", &form.books)?.ok_or(ActionError::invalid("books", "say how many books"))?;
    let pages = number("pages", &form.pages)?;
    goals::set_goal(state.store.as_ref(), &user, year, books, pages).await?;
    Ok(Redirect::to(&format!(
        "/users/{}/years/{year}",
        user.username
    )))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/stats.html")]
pub struct StatsPage {
    frame: Frame,
    user: User,
    s: crate::actions::stats::Stats,
    books: String,
    pages: String,
    pace: Option<String>,
}

impl StatsPage {
    fn is_year(&self, y: &i32) -> bool {
        self.s.year == Some(*y)
    }
}

#[derive(Deserialize)]
pub struct StatsQuery {
    year: Option<String>,
}

/// `/users/{name}/stats`: charts of the reader's reading, for a year or all.
pub async fn stats(
    State(state): State<AppState>,
    frame: Frame,
    Path(name): Path<String>,
    axum::extract::Query(q): axum::extract::Query<StatsQuery>,
) -> PageResult<StatsPage> {
    let user = crate::web::reader_named(&state, &name).await?;
    let year = match q.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => Some(y.parse().map_err(|_| ActionError::NotFound("year"))?),
    };
    let s = crate::actions::stats::stats(
        state.store.as_ref(),
        &state.stats_kept,
        frame.viewer.as_ref(),
        &user,
        year,
    )
    .await?;
    Ok(StatsPage {
        frame,
        user,
        books: crate::web::view::grouped(s.books),
        pages: crate::web::view::grouped(s.pages),
        pace: s.days_per_book.map(|d| format!("{d:.0}")),
        s,
    })
}
