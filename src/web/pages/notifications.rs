//! `/notifications`: the reader's notifications folded into lines, paged to
//! older ones, with "Mark all read" and a friend request's Accept at hand.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::notifications;
use crate::domain::notifications::{others, sentence};
use crate::domain::{dates, thread::ThreadPage};
use crate::error::ActionError;
use crate::store::NotificationGroup;
use crate::web::forms::CsrfForm;
use crate::web::{Frame, PageResult, SignedIn};

pub struct NotificationLine {
    text: String,
    link: Option<String>,
    when: String,
    unread: bool,
    /// For a friend request still waiting: the asker's username, for the
    /// Accept and Decline buttons.
    request_from: Option<String>,
}

impl From<&NotificationGroup> for NotificationLine {
    fn from(g: &NotificationGroup) -> Self {
        let known = g.actor.is_some();
        let text = sentence(
            &g.kind,
            g.actor.as_ref().map(|a| a.display_name.as_str()),
            others(g.readers, known),
            g.book_title.as_deref(),
        );
        let person = g.actor.as_ref().map(|a| format!("/users/{}", a.username));
        let link = match (g.review_id, g.comment_number) {
            _ if g.kind == "friend_request" || g.kind == "friend_accepted" => person,
            // Answered beside the reader's other followers elsewhere.
            _ if g.kind == "follow_request" => Some("/friends".to_string()),
            (Some(r), Some(c)) => Some(format!(
                "/reviews/{r}?page={}#message-{c}",
                ThreadPage::page_of(c)
            )),
            (Some(r), None) => Some(format!("/reviews/{r}")),
            (None, Some(c)) => g
                .topic_id
                .map(|t| format!("/topics/{t}?page={}#message-{c}", ThreadPage::page_of(c))),
            _ => None,
        };
        let request_from = g
            .actor
            .as_ref()
            .filter(|_| g.kind == "friend_request" && g.request_pending)
            .map(|a| a.username.clone());
        NotificationLine {
            text,
            link,
            when: dates::comment_time(g.created_at),
            unread: g.unread > 0,
            request_from,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/notifications.html")]
pub struct NotificationsPage {
    frame: Frame,
    lines: Vec<NotificationLine>,
    /// The cursor of the next (older) page.
    older: Option<i64>,
    /// Whether this is a later page.
    paged: bool,
    /// The newest notification shown on the first page: "Mark all read"
    /// goes no further, so what arrives meanwhile stays new.
    up_to: Option<i64>,
}

#[derive(Deserialize)]
pub struct NotificationsQuery {
    /// A string, so that a bad value is a page saying so, not a bare 400.
    before: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    mut frame: Frame,
    SignedIn(user): SignedIn,
    Query(query): Query<NotificationsQuery>,
) -> PageResult<NotificationsPage> {
    let before = match query.before.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| ActionError::invalid("before", "use the Older link"))?,
        ),
    };
    let (groups, older) = notifications::groups(state.store.as_ref(), &user, before).await?;
    // The badge counts what is still unread after this page was seen.
    if let Some(viewer) = frame.viewer.as_mut() {
        let marked = groups.iter().filter(|g| g.unread > 0).count() as i64;
        viewer.unread = (viewer.unread - marked).max(0);
    }
    Ok(NotificationsPage {
        frame,
        up_to: groups
            .first()
            .map(|g| g.last_id)
            .filter(|_| before.is_none()),
        lines: groups.iter().map(NotificationLine::from).collect(),
        older,
        paged: before.is_some(),
    })
}

#[derive(Deserialize)]
pub struct MarkAllForm {
    up_to: Option<String>,
}

pub async fn mark_all_read(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<MarkAllForm>,
) -> PageResult<Redirect> {
    let up_to = match crate::web::forms::given(&form.up_to) {
        None => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .map_err(|_| ActionError::invalid("up_to", "not a notification"))?,
        ),
    };
    notifications::mark_all_read(state.store.as_ref(), &user, up_to).await?;
    Ok(Redirect::to("/notifications"))
}
