//! A group's members on the site, and what its moderators do there: let
//! requests in or turn them down, make and unmake moderators, put members
//! out, and the owner's hand-over.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::groups as group_actions;
use crate::domain::groups::Role;
use crate::store::{GroupRow, MemberRow, UserRef};
use crate::web::forms::{CsrfForm, PathId, PathIds};
use crate::web::{Frame, PageResult, SignedIn};

pub struct MemberLine {
    pub user: UserRef,
    pub role: String,
    pub since: String,
    /// The viewer may change this one's role or put them out.
    pub in_reach: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/group_members.html")]
pub struct MembersPage {
    frame: Frame,
    group: GroupRow,
    members: Vec<MemberLine>,
    requests: Vec<MemberLine>,
    moderates: bool,
    owner: bool,
}

/// `/groups/{id}/members`: for its moderators, with the requests waiting
/// and a form beside each member they may act on.
pub async fn members(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
) -> PageResult<MembersPage> {
    let store = state.store.as_ref();
    let viewer = frame.viewer.as_ref();
    let group = group_actions::inside(store, viewer, id).await?;
    let role = group_actions::role_of(&group);
    let moderates = role.is_some_and(Role::moderates);
    let viewer_id = viewer.map_or(0, |v| v.id);
    let line = |m: &MemberRow| MemberLine {
        user: m.user.clone(),
        role: m.role.clone(),
        since: crate::domain::dates::short_date(m.joined_at),
        in_reach: m.user.id != viewer_id
            && role
                .is_some_and(|r| crate::domain::groups::may_remove(r, Role::from_stored(&m.role))),
    };
    let members = group_actions::members(store, viewer, id, false, 1).await?;
    let requests = if moderates {
        group_actions::members(store, viewer, id, true, 1).await?
    } else {
        Vec::new()
    };
    Ok(MembersPage {
        members: members.iter().map(line).collect(),
        requests: requests.iter().map(line).collect(),
        moderates,
        owner: role == Some(Role::Owner),
        group,
        frame,
    })
}

fn back(id: i64) -> Redirect {
    Redirect::to(&format!("/groups/{id}/members"))
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// `POST /groups/{id}/members/{user_id}/role`: let in, or make or unmake a moderator.
pub async fn set_role(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, member): PathIds,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> PageResult<Redirect> {
    group_actions::set_role(state.store.as_ref(), &user, id, member, &form.role).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /groups/{id}/members/{user_id}/remove`: put out, or turn a request down.
pub async fn remove(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, member): PathIds,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> PageResult<Redirect> {
    group_actions::remove_member(state.store.as_ref(), &user, id, member).await?;
    Ok(back(id))
}

/// `POST /groups/{id}/members/{user_id}/owner`: the owner hands the group over.
pub async fn hand_over(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathIds(id, member): PathIds,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> PageResult<Redirect> {
    group_actions::hand_over(state.store.as_ref(), &user, id, member).await?;
    Ok(back(id))
}
