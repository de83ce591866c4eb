//! The moderators' view of federation: how deep the delivery queue is and
//! which hosts keep failing.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::AppState;
use crate::domain::dates;
use crate::web::{Frame, PageResult, SignedIn};

pub struct FailingHost {
    host: String,
    failures: i64,
    /// When its breaker lets deliveries through again; None: not held.
    held_until: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/federation_queue.html")]
pub struct QueuePage {
    frame: Frame,
    waiting: i64,
    events: i64,
    failing: Vec<FailingHost>,
}

pub async fn queue(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
) -> PageResult<QueuePage> {
    let (queue, events) = crate::actions::outbox::queue(state.store.as_ref(), &user).await?;
    let now = crate::actions::now();
    let failing = queue
        .failing
        .into_iter()
        .map(|(host, failures, open_until)| FailingHost {
            host,
            failures,
            held_until: (open_until > now).then(|| dates::comment_time(open_until)),
        })
        .collect();
    Ok(QueuePage {
        frame,
        waiting: queue.waiting,
        events,
        failing,
    })
}
