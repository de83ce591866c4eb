//! The front page: for a signed-in reader the books they are reading (with a
//! quick progress form), their goal, first steps for a new account, and
//! their feed (folded into lines, a page filled with them); recent reviews
//! and new books for everyone.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use crate::AppState;
use crate::actions::social;
use crate::domain::shelf::status_name;
use crate::domain::{dates, markdown, reading};
use crate::error::ActionError;
use crate::store::{FeedItem, ReadingNow, UserRef};
use crate::web::view::{self, BookCard, ReviewCard, StarsView};
use crate::web::{Frame, PageResult};

#[derive(Template, WebTemplate)]
#[template(path = "pages/home.html")]
pub struct HomePage {
    frame: Frame,
    reviews: Vec<ReviewCard>,
    books: Vec<BookCard>,
    feed: Vec<FeedLine>,
    /// The cursor of the feed's next page.
    older: Option<i64>,
    /// Whether this is a later page of the feed.
    paged: bool,
    /// Books picked for the reader, each with the (id, title) they liked that led to it.
    picks: Vec<(BookCard, (i64, String))>,
    /// The books the reader is reading, the latest touched first.
    reading: Vec<ReadingCard>,
    /// This year's reading goal, if they set one.
    goal: Option<super::years::GoalView>,
    /// A new account (nothing shelved, no friends or follows): the first steps.
    first_run: bool,
}

/// How many books "Currently reading" shows.
const READING_SHOWN: i64 = 12;

/// A book being read: its card, how far along, and the quick update's input.
pub struct ReadingCard {
    pub card: BookCard,
    /// "page 120 of 300 (40%)", or "Not started yet".
    pub words: String,
    /// 0 to 100, for the bar.
    pub percent: i64,
    /// The update form's field: "page" when the book's length is known, else "percent".
    pub field: &'static str,
    /// The input's bounds and current value.
    pub max: i64,
    pub value: Option<i64>,
}

impl From<&ReadingNow> for ReadingCard {
    fn from(r: &ReadingNow) -> Self {
        let pages = r.book.pages.filter(|p| *p > 0);
        let progress = reading::Progress {
            page: r.page,
            percent: r.percent,
        };
        let words = if r.updated_at.is_none() {
            "Not started yet".to_string()
        } else {
            reading::describe(&progress, pages)
        };
        let percent = r
            .percent
            .or_else(|| Some(r.page? * 100 / pages?))
            .unwrap_or(0)
            .clamp(0, 100);
        let (field, max, value) = match pages {
            Some(total) => ("page", total, r.page),
            None => ("percent", 100, r.percent),
        };
        ReadingCard {
            card: BookCard::from(&r.book),
            words,
            percent,
            field,
            max,
            value,
        }
    }
}

#[derive(Deserialize)]
pub struct HomeQuery {
    /// A string, so that a bad value is a page saying so, not a bare 400.
    before: Option<String>,
}

pub async fn home(
    State(state): State<AppState>,
    frame: Frame,
    Query(query): Query<HomeQuery>,
) -> PageResult<HomePage> {
    let before = match query.before.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .map_err(|_| ActionError::invalid("before", "use the Older link"))?,
        ),
    };
    let (feed, older) = match &frame.viewer {
        Some(viewer) => {
            let (groups, next) = social::feed_page(state.store.as_ref(), viewer, before).await?;
            let lines = groups.iter().filter_map(|g| line(g, viewer.id)).collect();
            (lines, next)
        }
        None => (Vec::new(), None),
    };
    let reviews = state
        .store
        .recent_reviews(frame.viewer.as_ref().map(|v| v.id), 20)
        .await
        .map_err(ActionError::from)?;
    let books = state
        .store
        .recent_books(10)
        .await
        .map_err(ActionError::from)?;
    let mut books = view::cards(&books);
    view::attach_shelf_buttons(state.store.as_ref(), frame.viewer.as_ref(), &mut books, "/")
        .await?;
    let picks = match &frame.viewer {
        Some(viewer) => crate::actions::recommend::picks_for(state.store.as_ref(), viewer.id, 6)
            .await?
            .into_iter()
            .map(|p| (BookCard::from(&p.book), (p.because.id, p.because.title)))
            .collect(),
        None => Vec::new(),
    };
    let (reading, goal, first_run) = match &frame.viewer {
        Some(viewer) => {
            let store = state.store.as_ref();
            let year = dates::today(crate::actions::now()).year;
            let at = store
                .home_state(viewer.id, i64::from(year))
                .await
                .map_err(ActionError::from)?;
            // Only what the reader has is fetched: a new account costs one look.
            let reading = if at.reading {
                store
                    .currently_reading(viewer.id, READING_SHOWN)
                    .await
                    .map_err(ActionError::from)?
            } else {
                Vec::new()
            };
            let goal = if at.goal {
                super::years::current_goal(&state, Some(viewer), viewer).await?
            } else {
                None
            };
            (
                reading.iter().map(ReadingCard::from).collect(),
                goal,
                !at.started,
            )
        }
        None => (Vec::new(), None, false),
    };
    Ok(HomePage {
        frame,
        picks,
        reading,
        goal,
        first_run,
        reviews: view::review_cards(&reviews),
        books,
        feed,
        older,
        paged: before.is_some(),
    })
}

/// One line of the feed: one act, or a run of the same one folded together.
pub struct FeedLine {
    pub actor: UserRef,
    /// Other readers folded into this line ("and 4 others commented").
    pub others: usize,
    /// The words after the reader's name, up to the books.
    pub verb: String,
    pub books: Vec<(i64, String)>,
    /// The words after the books.
    pub tail: String,
    pub link: Option<String>,
    /// The first book's small cover, beside the line.
    pub cover: Option<String>,
    /// The reader's stars for the book, on a rating or a review.
    pub stars: Option<StarsView>,
    /// A review's first lines (None for a spoiler, which says so instead).
    pub excerpt: Option<String>,
    pub spoiler: bool,
    pub review_id: Option<i64>,
    pub likes: i64,
    pub comments: i64,
    pub liked: bool,
    /// The viewer may like the review (it is not their own).
    pub likeable: bool,
    pub when: String,
}

/// The words of a line: (verb, tail, link).
fn words(first: &FeedItem, count: usize, viewer: i64) -> Option<(String, String, Option<String>)> {
    let detail = first.detail.clone().unwrap_or_default();
    Some(match first.kind.as_str() {
        "shelved" if count > 1 => (
            format!("added {count} books to"),
            format!(" — on {}", status_name(&detail, None)),
            None,
        ),
        // A status in words ("wants to read Dune"), an own shelf by its name.
        "shelved" => match detail.as_str() {
            "to-read" => ("wants to read".to_string(), String::new(), None),
            "currently-reading" => ("started reading".to_string(), String::new(), None),
            "read" => ("finished".to_string(), String::new(), None),
            "did-not-finish" => ("did not finish".to_string(), String::new(), None),
            shelf => (
                "added".to_string(),
                format!(" to {}", status_name(shelf, None)),
                None,
            ),
        },
        // The stars follow as glyphs, with their words for screen readers.
        "rated" => ("rated".to_string(), String::new(), None),
        "reviewed" => (
            "reviewed".to_string(),
            String::new(),
            first.review_id.map(|r| format!("/reviews/{r}")),
        ),
        "progress" => ("is reading".to_string(), format!(", now at {detail}"), None),
        "goal set" | "goal reached" => {
            let (year, books) = detail.split_once(':')?;
            let verb = if first.kind == "goal set" {
                format!("set a {year} reading goal: {books} books")
            } else {
                format!("reached their {year} reading goal of {books} books")
            };
            let link = Some(format!("/users/{}/years/{year}", first.actor.username));
            (verb, String::new(), link)
        }
        "commented" => {
            let whose = match &first.review_author {
                Some(a) if a.id == viewer => "your".to_string(),
                Some(a) => format!("{}'s", a.display_name),
                None => "a".to_string(),
            };
            let link = match (first.review_id, first.comment_number) {
                (Some(r), Some(n)) => Some(format!(
                    "/reviews/{r}?page={}#message-{n}",
                    crate::domain::thread::ThreadPage::page_of(n)
                )),
                (Some(r), None) => Some(format!("/reviews/{r}")),
                _ => None,
            };
            (
                format!("commented on {whose} review of"),
                String::new(),
                link,
            )
        }
        _ => return None,
    })
}

fn line(group: &[FeedItem], viewer: i64) -> Option<FeedLine> {
    let first = group.first()?;
    let mut books: Vec<(i64, String)> = group.iter().filter_map(|i| i.book.clone()).collect();
    if first.kind == "commented" {
        books.truncate(1);
    }
    let mut actors: Vec<i64> = group.iter().map(|i| i.actor.id).collect();
    actors.sort_unstable();
    actors.dedup();
    let (verb, tail, link) = words(first, group.len(), viewer)?;
    let review = matches!(first.kind.as_str(), "reviewed" | "commented");
    // Nobody likes their own review.
    let own_review = first.review_author.as_ref().is_some_and(|a| a.id == viewer);
    let cover = first
        .book
        .as_ref()
        .map(|(id, _)| crate::domain::cover::cover_url(*id, first.cover.as_deref(), "small"));
    let stars = match first.kind.as_str() {
        "rated" => StarsView::from_quarters(
            first
                .stars
                .or_else(|| first.detail.as_deref().and_then(|d| d.parse().ok())),
        ),
        "reviewed" => StarsView::from_quarters(first.stars),
        _ => None,
    };
    let excerpt = first
        .review_body
        .as_deref()
        .filter(|_| !first.review_spoiler)
        .map(|body| markdown::excerpt(body, 280));
    Some(FeedLine {
        actor: first.actor.clone(),
        others: actors.len() - 1,
        verb,
        books,
        tail,
        link,
        cover,
        stars,
        excerpt,
        spoiler: first.kind == "reviewed" && first.review_spoiler,
        review_id: if review { first.review_id } else { None },
        likeable: !own_review,
        likes: first.review_likes,
        comments: first.review_comments,
        liked: first.liked,
        when: dates::short_date(first.created_at),
    })
}
