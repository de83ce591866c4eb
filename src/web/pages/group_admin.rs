//! Keeping a group on the site: its owner's edit form and removal, and its
//! moderators' pin and lock on topics.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::groups::{self as group_actions, GroupInput};
use crate::actions::topics as topic_actions;
use crate::domain::groups::Role;
use crate::error::ActionError;
use crate::store::GroupRow;
use crate::web::forms::{CsrfForm, PathId};
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Template, WebTemplate)]
#[template(path = "pages/group_edit.html")]
pub struct EditPage {
    frame: Frame,
    group: GroupRow,
}

/// `/groups/{id}/edit`: the owner's form.
pub async fn edit_form(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
) -> PageResult<EditPage> {
    let group = group_actions::group(state.store.as_ref(), Some(&user), id).await?;
    match group_actions::role_of(&group) {
        Some(Role::Owner) => Ok(EditPage { frame, group }),
        _ if group_actions::sees_inside(&group) => {
            Err(ActionError::Forbidden("only the group's owner can change it".into()).into())
        }
        _ => Err(ActionError::NotFound("group").into()),
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    picture: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    joining: String,
}

/// `POST /groups/{id}/edit`
pub async fn update(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<EditForm>,
) -> PageResult<Redirect> {
    let input = GroupInput {
        name: &form.name,
        description: &form.description,
        picture: &form.picture,
        visibility: &form.visibility,
        joining: &form.joining,
    };
    group_actions::update(state.store.as_ref(), &user, id, &input).await?;
    Ok(Redirect::to(&format!("/groups/{id}")))
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /groups/{id}/delete`: its owner, or a site moderator.
pub async fn delete(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> PageResult<Redirect> {
    group_actions::remove(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to("/groups"))
}

#[derive(Deserialize)]
pub struct TopicStateForm {
    /// `yes` or `no`; absent leaves it as it is.
    pinned: Option<String>,
    locked: Option<String>,
}

fn yes_no(raw: &Option<String>, field: &'static str) -> Result<Option<bool>, ActionError> {
    match crate::web::forms::given(raw) {
        None => Ok(None),
        Some("yes") => Ok(Some(true)),
        Some("no") => Ok(Some(false)),
        Some(_) => Err(ActionError::invalid(field, "must be yes or no")),
    }
}

/// `POST /topics/{id}/state`: pin or unpin, lock or unlock.
pub async fn topic_state(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<TopicStateForm>,
) -> PageResult<Redirect> {
    let pinned = yes_no(&form.pinned, "pinned")?;
    let locked = yes_no(&form.locked, "locked")?;
    topic_actions::set_topic_state(state.store.as_ref(), &user, id, pinned, locked).await?;
    Ok(Redirect::to(&format!("/topics/{id}")))
}
