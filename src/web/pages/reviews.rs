//! The review page, writing a review, and liking one.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::thread::{CommentForm, ThreadParts, ThreadQuery};
use crate::AppState;
use crate::actions::reviews::{self as review_actions, ReviewInput};
use crate::actions::{
    books as book_actions, comments as comment_actions, shelves as shelf_actions,
};
use crate::domain::dates;
use crate::domain::thread::Thread;
use crate::error::ActionError;
use crate::store::{ShelfRef, UserRef};
use crate::web::forms::{BackForm, CsrfForm, PathId, ticked};
use crate::web::pages::books::Mine;
use crate::web::pages::confirm::{self, ConfirmPage};
use crate::web::view::{self, BookCard, StarsView, TimelineLine};
use crate::web::{Frame, PageResult, SignedIn, back_to};

#[derive(Template, WebTemplate)]
#[template(path = "pages/review.html")]
pub struct ReviewPage {
    frame: Frame,
    id: i64,
    card: BookCard,
    reviewer: UserRef,
    date: String,
    edited: Option<String>,
    stars: Option<StarsView>,
    status_label: Option<String>,
    shelves: Vec<ShelfRef>,
    recommended_for: Option<String>,
    reads: Vec<String>,
    spoiler: bool,
    body_html: String,
    likes: String,
    likers: Vec<UserRef>,
    viewer_liked: bool,
    is_own: bool,
    timeline: Vec<TimelineLine>,
    mine: Option<Mine>,
    back: String,
    thread: ThreadParts,
    /// Shared with everyone, so its conversation has a public feed.
    public: bool,
}

pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
    Query(query): Query<ThreadQuery>,
) -> PageResult<ReviewPage> {
    let store = state.store.as_ref();
    let detail = review_actions::review_detail(store, id, frame.viewer.as_ref()).await?;
    let asked = query.asked();
    let thread = comment_actions::thread_page(
        store,
        Thread::Review(id),
        detail.review.comments_count,
        asked,
        frame.viewer.as_ref(),
    )
    .await?;
    let back = format!("/reviews/{id}?page={}", thread.page.page);
    let parts = super::thread::parts(
        store,
        Thread::Review(id),
        thread,
        query.quote.as_deref(),
        frame.viewer.as_ref(),
    )
    .await;
    let book_id = detail.book.id;
    let mine = match &frame.viewer {
        // The side shows only the stars: no shelves to look up for a button.
        Some(viewer) => Some(Mine::new(
            &shelf_actions::reader_book(store, viewer, book_id).await?,
            &BookCard::from(&detail.book),
            detail.book.pages,
            &[],
        )),
        None => None,
    };
    let review = &detail.review;
    let is_own = frame
        .viewer
        .as_ref()
        .is_some_and(|v| v.id == review.reviewer.id);
    Ok(ReviewPage {
        id,
        public: review.visibility == "public",
        card: BookCard::from(&detail.book),
        reviewer: review.reviewer.clone(),
        date: dates::short_date(review.created_at),
        edited: (review.updated_at > review.created_at)
            .then(|| dates::short_date(review.updated_at)),
        stars: StarsView::from_quarters(detail.reviewer.rating),
        status_label: view::status_label(detail.reviewer.status.as_deref()),
        shelves: detail.reviewer.shelves.clone(),
        recommended_for: review.recommended_for.clone(),
        reads: view::read_lines(&detail.reviewer.reads),
        spoiler: review.spoiler,
        body_html: review.body_html.clone(),
        likes: view::plural(review.likes_count, "like", "likes"),
        likers: detail.likers.clone(),
        viewer_liked: detail.viewer_liked,
        is_own,
        timeline: view::timeline(&detail.reviewer.timeline, detail.book.pages),
        mine,
        back,
        thread: parts,
        frame,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/review_edit.html")]
pub struct ReviewEditPage {
    frame: Frame,
    card: BookCard,
    error: Option<String>,
    body: String,
    spoiler: bool,
    recommended_for: String,
    existing: Option<i64>,
    friends_only: bool,
}

pub async fn edit_form(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(book_id): PathId,
) -> PageResult<ReviewEditPage> {
    let store = state.store.as_ref();
    let book = book_actions::book(store, book_id).await?;
    let existing = match shelf_actions::reader_book(store, &user, book_id)
        .await?
        .review_id
    {
        Some(id) => Some(review_actions::review(store, id).await?),
        None => None,
    };
    Ok(ReviewEditPage {
        frame,
        card: BookCard::from(&book),
        error: None,
        body: existing
            .as_ref()
            .map(|r| r.body.clone())
            .unwrap_or_default(),
        spoiler: existing.as_ref().is_some_and(|r| r.spoiler),
        recommended_for: existing
            .as_ref()
            .and_then(|r| r.recommended_for.clone())
            .unwrap_or_default(),
        friends_only: existing.as_ref().is_some_and(|r| r.visibility == "friends"),
        existing: existing.map(|r| r.id),
    })
}

#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    body: String,
    spoiler: Option<String>,
    recommended_for: Option<String>,
    visibility: Option<String>,
}

pub async fn save(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(book_id): PathId,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> PageResult<Response> {
    let store = state.store.as_ref();
    let input = ReviewInput {
        body: form.body.clone(),
        spoiler: ticked(&form.spoiler),
        recommended_for: form.recommended_for.clone(),
        visibility: form.visibility.clone(),
    };
    match review_actions::write_review(store, &user, book_id, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/reviews/{id}")).into_response()),
        Err(e @ ActionError::Invalid(_)) => {
            let book = book_actions::book(store, book_id).await?;
            let existing = shelf_actions::reader_book(store, &user, book_id)
                .await?
                .review_id;
            let page = ReviewEditPage {
                frame,
                card: BookCard::from(&book),
                error: Some(crate::web::reader_message(&e)),
                body: form.body,
                spoiler: input.spoiler,
                recommended_for: form.recommended_for.unwrap_or_default(),
                existing,
                friends_only: form.visibility.as_deref() == Some("friends"),
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn like(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    review_actions::set_like(state.store.as_ref(), &user, id, true).await?;
    Ok(back_to(form.back.as_deref(), &format!("/reviews/{id}")))
}

pub async fn unlike(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<BackForm>,
) -> PageResult<Redirect> {
    review_actions::set_like(state.store.as_ref(), &user, id, false).await?;
    Ok(back_to(form.back.as_deref(), &format!("/reviews/{id}")))
}

#[derive(Deserialize)]
pub struct DeleteForm {
    /// `no` asks for the confirm step first (see `pages::confirm`).
    confirmed: Option<String>,
}

pub async fn delete(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> PageResult<Response> {
    let review = review_actions::review(state.store.as_ref(), id).await?;
    if confirm::wanted(form.confirmed.as_deref()) {
        return Ok(ConfirmPage {
            frame,
            heading: "Delete this review?".into(),
            quote: Some(crate::domain::markdown::excerpt(&review.body, 200)),
            detail: "The review, its likes and the conversation under it go for good. This can't be undone.",
            action: format!("/reviews/{id}/delete"),
            fields: Vec::new(),
            button: "Delete the review",
            cancel: format!("/reviews/{id}"),
        }
        .into_response());
    }
    review_actions::delete_review(state.store.as_ref(), &user, id).await?;
    let book = format!("/books/{}", review.book_id);
    Ok(Redirect::to(&crate::web::with_notice(&book, "review-deleted")).into_response())
}

pub async fn post_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> PageResult<Redirect> {
    super::thread::post(&state, &user, Thread::Review(id), form).await
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/comment_edit.html")]
pub struct CommentEditPage {
    frame: Frame,
    id: i64,
    number: i64,
    /// The page of the thread the comment is on, to go back to.
    thread_page: String,
    body: String,
    error: Option<String>,
}

pub async fn edit_comment_form(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<CommentEditPage> {
    let c = comment_actions::comment(state.store.as_ref(), id).await?;
    if c.author.as_ref().map(|a| a.id) != Some(user.id) || c.deleted {
        return Err(ActionError::Forbidden("only its author can edit a comment".into()).into());
    }
    Ok(CommentEditPage {
        frame,
        id,
        number: c.number,
        thread_page: c.thread.message_path(c.number),
        body: c.body,
        error: None,
    })
}

pub async fn edit_comment(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<CommentForm>,
) -> PageResult<Response> {
    match comment_actions::edit(state.store.as_ref(), &user, id, &form.body).await {
        Ok(c) => Ok(Redirect::to(&c.thread.message_path(c.number)).into_response()),
        Err(e @ ActionError::Invalid(_)) => {
            let c = comment_actions::comment(state.store.as_ref(), id).await?;
            let page = CommentEditPage {
                frame,
                id,
                number: c.number,
                thread_page: c.thread.message_path(c.number),
                body: form.body,
                error: Some(crate::web::reader_message(&e)),
            };
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_comment(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> PageResult<Response> {
    let store = state.store.as_ref();
    if confirm::wanted(form.confirmed.as_deref()) {
        let c = comment_actions::comment(store, id).await?;
        return Ok(ConfirmPage {
            frame,
            heading: format!("Delete message {}?", c.number),
            quote: Some(crate::domain::markdown::excerpt(&c.body, 200)),
            detail: "Its number stays in the thread, saying that it was deleted. This can't be undone.",
            action: format!("/comments/{id}/delete"),
            fields: Vec::new(),
            button: "Delete the comment",
            cancel: c.thread.message_path(c.number),
        }
        .into_response());
    }
    let c = comment_actions::delete(store, &user, id).await?;
    let thread = c.thread.message_path(c.number);
    Ok(Redirect::to(&crate::web::with_notice(&thread, "comment-deleted")).into_response())
}
