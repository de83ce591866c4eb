//! `/groups/{id}/flags`: what readers flagged in the group's topics, for
//! its moderators to hide, dismiss or pass on to the site's.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use super::moderation::QueueItem;
use crate::AppState;
use crate::actions::group_flags::{self, Answer};
use crate::actions::groups as group_actions;
use crate::store::GroupRow;
use crate::web::forms::{CsrfForm, PathId, PathIds};
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/group_flags.html")]
pub struct GroupFlagsPage {
    frame: Frame,
    group: GroupRow,
    items: Vec<QueueItem>,
}

pub async fn queue(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<GroupFlagsPage> {
    let store = state.store.as_ref();
    let flags = group_flags::queue(store, &user, id).await?;
    let group = group_actions::group(store, Some(&user), id).await?;
    Ok(GroupFlagsPage {
        items: flags.iter().map(QueueItem::from).collect(),
        group,
        frame,
    })
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    action: String,
}

/// `POST /groups/{id}/flags/{flag_id}`
pub async fn answer(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, flag_id): PathIds,
    CsrfForm(form): CsrfForm<AnswerForm>,
) -> PageResult<Redirect> {
    let answer = Answer::parse(&form.action)?;
    group_flags::answer(state.store.as_ref(), &user, id, flag_id, answer).await?;
    Ok(Redirect::to(&format!("/groups/{id}/flags")))
}
