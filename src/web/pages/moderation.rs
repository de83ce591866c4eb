//! Flagging and the moderation queue.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::moderation::{self, REASONS, Target};
use crate::domain::{dates, markdown};
use crate::error::ActionError;
use crate::store::FlagItem;
use crate::web::forms::{CsrfForm, PathId, given};
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/flag.html")]
pub struct FlagPage {
    frame: Frame,
    kind: &'static str,
    id: i64,
    excerpt: String,
    back: String,
    /// Each reason's key and the words shown for it.
    reasons: Vec<(&'static str, &'static str)>,
}

/// The flag form's reasons in a reader's words.
fn reasons() -> Vec<(&'static str, &'static str)> {
    REASONS
        .iter()
        .map(|&r| {
            let words = match r {
                "spam" => "Spam or advertising",
                "abuse" => "Abuse or harassment",
                "spoiler" => "A spoiler without a warning",
                _ => "Something else (say what below)",
            };
            (r, words)
        })
        .collect()
}

pub async fn flag_review_form(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<FlagPage> {
    let review =
        crate::actions::reviews::visible_review(state.store.as_ref(), Some(&user), id).await?;
    Ok(FlagPage {
        frame,
        kind: "review",
        id,
        excerpt: markdown::excerpt(&review.body, 200),
        back: format!("/reviews/{id}"),
        reasons: reasons(),
    })
}

pub async fn flag_comment_form(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<FlagPage> {
    let c = crate::actions::comments::standing_comment(state.store.as_ref(), &user, id).await?;
    Ok(FlagPage {
        frame,
        kind: "comment",
        id,
        excerpt: markdown::excerpt(&c.body, 200),
        back: c.thread.message_path(c.number),
        reasons: reasons(),
    })
}

#[derive(Deserialize)]
pub struct FlagForm {
    target: Option<String>,
    id: Option<String>,
    reason: Option<String>,
    note: Option<String>,
    back: Option<String>,
}

pub async fn flag(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<FlagForm>,
) -> PageResult<Redirect> {
    let id = given(&form.id)
        .and_then(|s| s.parse().ok())
        .ok_or(ActionError::NotFound("page"))?;
    let target = Target::parse(given(&form.target).unwrap_or(""), id)?;
    let reason =
        given(&form.reason).ok_or_else(|| ActionError::invalid("reason", "choose a reason"))?;
    match moderation::flag(
        state.store.as_ref(),
        &user,
        target,
        reason,
        given(&form.note),
        i64::from(state.settings.flags_per_hour),
    )
    .await
    {
        Ok(_) | Err(ActionError::Conflict { .. }) => {
            let back = form
                .back
                .as_deref()
                .and_then(crate::domain::text::local_path)
                .unwrap_or("/");
            Ok(Redirect::to(&crate::web::with_notice(back, "flagged")))
        }
        Err(e) => Err(e.into()),
    }
}

pub struct QueueItem {
    pub id: i64,
    pub kind: String,
    pub reason: String,
    pub note: Option<String>,
    pub when: String,
    pub reporter: String,
    pub author: Option<String>,
    pub text: String,
    pub link: Option<String>,
}

impl From<&FlagItem> for QueueItem {
    fn from(f: &FlagItem) -> Self {
        let link = match (f.target_kind.as_str(), f.review_id, f.comment_number) {
            ("comment", review, Some(n))
                if review.is_some() || f.list_id.is_some() || f.topic_id.is_some() =>
            {
                Some(
                    crate::domain::thread::Thread::from_owner(review, f.list_id, f.topic_id)
                        .message_path(n),
                )
            }
            (_, Some(r), _) => Some(format!("/reviews/{r}")),
            _ => None,
        };
        QueueItem {
            id: f.id,
            kind: f.target_kind.clone(),
            reason: f.reason.clone(),
            note: f.note.clone(),
            when: dates::comment_time(f.created_at),
            reporter: f
                .reporter
                .as_ref()
                .map_or("[deleted user]".into(), |u| u.display_name.clone()),
            author: f.target_author.as_ref().map(|u| u.username.clone()),
            text: f.text.clone().unwrap_or_else(|| "(already removed)".into()),
            link,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/moderation.html")]
pub struct QueuePage {
    frame: Frame,
    items: Vec<QueueItem>,
}

pub async fn queue(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
) -> PageResult<QueuePage> {
    let flags = moderation::queue(state.store.as_ref(), &user, 200, 0).await?;
    Ok(QueuePage {
        frame,
        items: flags.iter().map(QueueItem::from).collect(),
    })
}

pub async fn remove(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Redirect> {
    moderation::remove(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to("/moderation"))
}

pub async fn dismiss(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Redirect> {
    moderation::dismiss(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to("/moderation"))
}

pub async fn suspend(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<crate::web::forms::BackForm>,
) -> PageResult<Redirect> {
    moderation::suspend_author(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to("/moderation"))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/duplicates.html")]
pub struct DuplicatesPage {
    frame: Frame,
    /// Each group, the book to keep first.
    groups: Vec<Vec<crate::web::view::BookCard>>,
    page: i64,
    more: bool,
}

#[derive(serde::Deserialize)]
pub struct DuplicatesQuery {
    page: Option<String>,
}

/// Books that look like one another, for moderators to merge.
pub async fn duplicates(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    axum::extract::Query(q): axum::extract::Query<DuplicatesQuery>,
) -> PageResult<DuplicatesPage> {
    let page = match q.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(raw) => raw
            .parse()
            .map_err(|_| ActionError::invalid("page", "must be a page number"))?,
    };
    let (groups, more) =
        crate::actions::editions::duplicates(state.store.as_ref(), &user, page).await?;
    Ok(DuplicatesPage {
        frame,
        groups: groups.iter().map(|g| crate::web::view::cards(g)).collect(),
        page,
        more,
    })
}
