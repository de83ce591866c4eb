//! RSS 2.0 and Atom feeds: a reader's reviews and shelves, a review's
//! conversation, a book's reviews. Feed readers come without a session, so a
//! feed holds only what anyone may see: private things never appear.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::actions::{books as book_actions, comments as comment_actions, reviews, social};
use crate::domain::thread::Thread;
use crate::domain::{dates, username};
use crate::error::ActionError;
use crate::web::PageResult;

/// One entry of a feed.
pub struct Item {
    pub title: String,
    /// The entry's page, from the site's root.
    pub path: String,
    pub author: Option<String>,
    /// Already sanitised HTML (a review or comment as rendered on its page).
    pub html: String,
    pub published: i64,
    pub updated: i64,
}

pub struct Channel {
    pub title: String,
    pub description: String,
    /// `https://host`: the site's public URL, never the request's `Host`.
    pub base: String,
    /// The page the feed follows.
    pub page: String,
    /// The feed's own address without its extension.
    pub self_path: String,
    pub updated: Option<i64>,
    pub items: Vec<Item>,
}

impl Item {
    fn rss_published(&self) -> String {
        dates::rfc2822(self.published)
    }
    fn atom_published(&self) -> String {
        dates::rfc3339(self.published)
    }
    fn atom_updated(&self) -> String {
        dates::rfc3339(self.updated)
    }
}

impl Channel {
    fn rss_updated(&self) -> String {
        dates::rfc2822(self.updated.unwrap_or_default())
    }
    fn atom_updated(&self) -> String {
        dates::rfc3339(self.updated.unwrap_or_default())
    }
}

#[derive(Template)]
#[template(path = "feeds/rss.xml", escape = "html")]
struct Rss<'a> {
    channel: &'a Channel,
}

#[derive(Template)]
#[template(path = "feeds/atom.xml", escape = "html")]
struct Atom<'a> {
    channel: &'a Channel,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Rss,
    Atom,
}

/// "reviews.rss" -> ("reviews", Rss); anything else names no feed.
pub(super) fn split(file: &str) -> Result<(&str, Format), ActionError> {
    if let Some(stem) = file.strip_suffix(".rss") {
        Ok((stem, Format::Rss))
    } else if let Some(stem) = file.strip_suffix(".atom") {
        Ok((stem, Format::Atom))
    } else {
        Err(ActionError::NotFound("feed"))
    }
}

pub(super) fn render(mut channel: Channel, format: Format) -> PageResult<Response> {
    channel.updated = channel.items.iter().map(|i| i.updated).max();
    let (body, kind) = match format {
        Format::Rss => (
            Rss { channel: &channel }.render(),
            "application/rss+xml; charset=utf-8",
        ),
        Format::Atom => (
            Atom { channel: &channel }.render(),
            "application/atom+xml; charset=utf-8",
        ),
    };
    let body = body.map_err(|e| ActionError::Internal(format!("feed: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}

async fn public_reader(state: &AppState, name: &str) -> Result<crate::store::User, ActionError> {
    let user = state
        .store
        .user_by_username(&username::key(name))
        .await?
        .ok_or(ActionError::NotFound("reader"))?;
    // Only what a signed-out visitor may see; a friends-only profile has no feed.
    social::see_profile(state.store.as_ref(), None, &user)
        .await
        .map_err(|_| ActionError::NotFound("feed"))?;
    Ok(user)
}

/// `/feeds/users/{username}/reviews.rss|atom`
pub async fn reader_reviews(
    State(state): State<AppState>,
    Path((name, file)): Path<(String, String)>,
) -> PageResult<Response> {
    let (stem, format) = split(&file)?;
    if stem != "reviews" {
        return Err(ActionError::NotFound("feed").into());
    }
    let user = public_reader(&state, &name).await?;
    let items = state
        .store
        .user_reviews(user.id, None, 50, 0)
        .await
        .map_err(ActionError::from)?;
    let channel = Channel {
        title: format!("{}'s reviews on Dogear", user.display_name),
        description: format!("Book reviews by {}", user.display_name),
        base: state.public_url.to_string(),
        page: format!("/users/{}", user.username),
        self_path: format!("/feeds/users/{}/reviews", user.username),
        updated: None,
        items: items
            .iter()
            .map(|r| Item {
                title: format!("{} reviewed {}", user.display_name, r.book_title),
                path: format!("/reviews/{}", r.review.id),
                author: Some(user.display_name.clone()),
                html: review_html(&r.review),
                published: r.review.created_at,
                updated: r.review.updated_at,
            })
            .collect(),
    };
    render(channel, format)
}

/// A spoiler stays hidden in a feed too: readers open the page to see it.
fn review_html(review: &crate::store::Review) -> String {
    if review.spoiler {
        "<p>This review contains spoilers; read it on Dogear.</p>".to_string()
    } else {
        review.body_html.clone()
    }
}

/// `/feeds/users/{username}/shelves/{shelf}.rss|atom`
pub async fn reader_shelf(
    State(state): State<AppState>,
    Path((name, file)): Path<(String, String)>,
) -> PageResult<Response> {
    let (slug, format) = split(&file)?;
    let user = public_reader(&state, &name).await?;
    let entries = state
        .store
        .shelf_entries(user.id, slug, 50, 0)
        .await
        .map_err(ActionError::from)?;
    let channel = Channel {
        title: format!("{}'s {slug} shelf on Dogear", user.display_name),
        description: format!("Books {} put on {slug}", user.display_name),
        base: state.public_url.to_string(),
        page: format!("/users/{}/shelves/{slug}", user.username),
        self_path: format!("/feeds/users/{}/shelves/{slug}", user.username),
        updated: None,
        items: entries
            .iter()
            .map(|e| {
                let by: Vec<&str> = e.book.authors.iter().map(|a| a.name.as_str()).collect();
                Item {
                    title: format!("{} by {}", e.book.title, by.join(", ")),
                    path: format!("/books/{}", e.book.id),
                    author: Some(user.display_name.clone()),
                    html: format!(
                        "<p>{} added <em>{}</em> to {}.</p>",
                        crate::domain::text::escape(&user.display_name),
                        crate::domain::text::escape(&e.book.title),
                        crate::domain::text::escape(slug),
                    ),
                    published: e.added_at,
                    updated: e.added_at,
                }
            })
            .collect(),
    };
    render(channel, format)
}

/// `/feeds/reviews/{id}.rss|atom`: the conversation under a review, newest first.
pub async fn review_comments(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> PageResult<Response> {
    let (stem, format) = split(&file)?;
    let id: i64 = stem.parse().map_err(|_| ActionError::NotFound("feed"))?;
    let store = state.store.as_ref();
    let review = reviews::review(store, id).await?;
    reviews::may_view(store, None, &review).await?;
    let book = book_actions::book(store, review.book_id).await?;
    // The newest comments: the thread's last page, and the one before it
    // when the last holds only a few.
    let total = review.comments_count;
    let last_page = crate::domain::thread::ThreadPage::page_of(total.max(1));
    let mut pages = vec![
        comment_actions::thread_page(store, Thread::Review(id), total, last_page, None).await?,
    ];
    if last_page > 1 && pages[0].comments.len() < 20 {
        pages.push(
            comment_actions::thread_page(store, Thread::Review(id), total, last_page - 1, None)
                .await?,
        );
    }
    let mut comments: Vec<&crate::store::Comment> = pages
        .iter()
        .flat_map(|p| p.comments.iter())
        .filter(|c| !c.deleted && !c.hidden)
        .collect();
    comments.sort_by_key(|c| std::cmp::Reverse(c.number));
    comments.truncate(50);
    let channel = Channel {
        title: format!(
            "Comments on {}'s review of {}",
            review.reviewer.display_name, book.title
        ),
        description: format!("The conversation about {}", book.title),
        base: state.public_url.to_string(),
        page: format!("/reviews/{id}"),
        self_path: format!("/feeds/reviews/{id}"),
        updated: None,
        items: comments
            .iter()
            .map(|c| Item {
                title: format!(
                    "message {} by {}",
                    c.number,
                    c.author
                        .as_ref()
                        .map_or("[deleted user]", |a| a.display_name.as_str())
                ),
                path: format!(
                    "/reviews/{id}?page={}#message-{}",
                    crate::domain::thread::ThreadPage::page_of(c.number),
                    c.number
                ),
                author: c.author.as_ref().map(|a| a.display_name.clone()),
                html: c.body_html.clone(),
                published: c.created_at,
                updated: c.edited_at.unwrap_or(c.created_at),
            })
            .collect(),
    };
    render(channel, format)
}

/// `/feeds/books/{id}.rss|atom`: a book's public reviews.
pub async fn book_reviews(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> PageResult<Response> {
    let (stem, format) = split(&file)?;
    let id: i64 = stem.parse().map_err(|_| ActionError::NotFound("feed"))?;
    let book = book_actions::book(state.store.as_ref(), id).await?;
    let items = state
        .store
        .book_reviews(id, None, 50, 0)
        .await
        .map_err(ActionError::from)?;
    let channel = Channel {
        title: format!("Reviews of {} on Dogear", book.title),
        description: format!("What readers say about {}", book.title),
        base: state.public_url.to_string(),
        page: format!("/books/{id}"),
        self_path: format!("/feeds/books/{id}"),
        updated: None,
        items: items
            .iter()
            .map(|r| Item {
                title: format!("{} reviewed {}", r.review.reviewer.display_name, book.title),
                path: format!("/reviews/{}", r.review.id),
                author: Some(r.review.reviewer.display_name.clone()),
                html: review_html(&r.review),
                published: r.review.created_at,
                updated: r.review.updated_at,
            })
            .collect(),
    };
    render(channel, format)
}
