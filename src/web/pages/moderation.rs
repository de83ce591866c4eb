//! Flagging, the moderation queue and notifications.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::moderation::{self, REASONS, Target};
use crate::domain::{dates, markdown};
use crate::error::ActionError;
use crate::store::{FlagItem, Notification};
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
    id: i64,
    kind: String,
    reason: String,
    note: Option<String>,
    when: String,
    reporter: String,
    author: Option<String>,
    text: String,
    link: Option<String>,
}

impl From<&FlagItem> for QueueItem {
    fn from(f: &FlagItem) -> Self {
        let link = match (f.target_kind.as_str(), f.review_id, f.comment_number) {
            ("comment", review, Some(n)) if review.is_some() || f.list_id.is_some() => {
                Some(crate::domain::thread::Thread::from_owner(review, f.list_id).message_path(n))
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

pub struct NotificationLine {
    text: String,
    link: Option<String>,
    when: String,
    unread: bool,
}

impl From<&Notification> for NotificationLine {
    fn from(n: &Notification) -> Self {
        let who = n
            .actor
            .as_ref()
            .map_or("[deleted user]".to_string(), |a| a.display_name.clone());
        let book = n.book_title.clone().unwrap_or_else(|| "a book".into());
        let text = match n.kind.as_str() {
            "quote" => format!("{who} quoted you in the conversation about {book}"),
            "like" => format!("{who} liked your review of {book}"),
            "friend_request" => format!("{who} asked to be your friend"),
            "friend_accepted" => format!("{who} accepted your friend request"),
            _ => format!("{who} commented on your review of {book}"),
        };
        let person = n.actor.as_ref().map(|a| format!("/users/{}", a.username));
        let link = match (n.review_id, n.comment_number) {
            _ if n.kind == "friend_request" => Some("/friends".to_string()),
            _ if n.kind == "friend_accepted" => person,
            (Some(r), Some(c)) => Some(format!(
                "/reviews/{r}?page={}#message-{c}",
                crate::domain::thread::ThreadPage::page_of(c)
            )),
            (Some(r), None) => Some(format!("/reviews/{r}")),
            _ => None,
        };
        NotificationLine {
            text,
            link,
            when: dates::comment_time(n.created_at),
            unread: !n.read,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/notifications.html")]
pub struct NotificationsPage {
    frame: Frame,
    lines: Vec<NotificationLine>,
}

pub async fn notifications(
    State(state): State<AppState>,
    mut frame: Frame,
    SignedIn(user): SignedIn,
) -> PageResult<NotificationsPage> {
    let list = moderation::notifications(state.store.as_ref(), &user, 100, None)
        .await?
        .0;
    if let Some(viewer) = frame.viewer.as_mut() {
        viewer.unread = 0;
    }
    Ok(NotificationsPage {
        frame,
        lines: list.iter().map(NotificationLine::from).collect(),
    })
}
