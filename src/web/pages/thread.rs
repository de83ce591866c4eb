//! What a page with a numbered thread shows of it (a review's page, a list's
//! discussion): the page of comments, its pager, and the comment a reply quotes.

use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::comments::{self as comment_actions, ThreadView};
use crate::domain::thread::Thread;
use crate::error::ActionError;
use crate::store::{Store, User};
use crate::web::PageResult;
use crate::web::view::{self, CommentView, PageLink, QuoteView};

/// A thread page's query: `?page=N` and the comment a reply quotes, `?quote=ID`.
#[derive(Deserialize)]
pub struct ThreadQuery {
    page: Option<String>,
    pub quote: Option<String>,
}

impl ThreadQuery {
    /// The page asked for; anything that is not a number is the first.
    pub fn asked(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(1)
    }
}

/// The thread's part of a page, for `partials/thread.html`.
pub struct ThreadParts {
    pub showing: String,
    pub new_count: Option<i64>,
    pub comments: Vec<CommentView>,
    pub page: i64,
    pub pages: i64,
    pub page_links: Vec<PageLink>,
    /// The comment `?quote=` names, when it is in this thread and still there.
    pub quoting: Option<(i64, QuoteView)>,
    pub post_path: String,
}

/// Shapes a page of `thread` for the viewer; `quote` is the `?quote=` asked for.
pub async fn parts(
    store: &Store,
    owner: Thread,
    mut thread: ThreadView,
    quote: Option<&str>,
    viewer: Option<&User>,
) -> ThreadParts {
    let comments = std::mem::take(&mut thread.comments)
        .into_iter()
        .map(|c| {
            let is_new = thread.is_new(c.number);
            view::comment_view(c, is_new, viewer)
        })
        .collect();
    let quoting = match (quote.and_then(|q| q.trim().parse::<i64>().ok()), viewer) {
        (Some(quoted), Some(_)) => comment_actions::comment(store, quoted)
            .await
            .ok()
            .filter(|c| c.thread == owner && !c.deleted)
            .map(|c| {
                let (id, number) = (c.id, c.number);
                let excerpt = crate::domain::markdown::excerpt(&c.body, 120);
                let v = view::comment_view(c, false, None);
                (
                    id,
                    QuoteView {
                        author: v
                            .author
                            .map_or(view::DELETED_USER.to_string(), |a| a.display_name),
                        excerpt,
                        href: format!("#message-{number}"),
                    },
                )
            }),
        _ => None,
    };
    ThreadParts {
        showing: thread.page.showing(),
        new_count: thread.new_count.filter(|n| *n > 0),
        comments,
        page: thread.page.page,
        pages: thread.page.pages,
        page_links: view::page_links(thread.page.pages, thread.page.page),
        quoting,
        post_path: owner.post_path(),
    }
}

/// A comment as a form sends it (to post, or to edit).
#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub body: String,
    pub quote_of: Option<String>,
}

/// Posts the form's comment to the thread and goes to where it landed.
pub async fn post(
    state: &AppState,
    user: &User,
    owner: Thread,
    form: CommentForm,
) -> PageResult<Redirect> {
    let quote_of = crate::web::forms::given(&form.quote_of)
        .map(|q| {
            q.parse::<i64>()
                .map_err(|_| ActionError::invalid("quote_of", "not a comment"))
        })
        .transpose()?;
    let input = comment_actions::CommentInput {
        body: form.body,
        quote_of,
    };
    let (_, number) = comment_actions::post(
        state.store.as_ref(),
        user,
        owner,
        &input,
        state.settings.comment_pace(),
    )
    .await?;
    Ok(Redirect::to(&owner.message_path(number)))
}
