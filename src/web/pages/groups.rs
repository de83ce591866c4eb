//! Reading groups on the site: the list of groups and "my groups", making
//! one, a group's page (topics, current book, schedule and shelf), joining
//! and leaving, and starting topics.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::actions::groups::{self as group_actions, GroupInput};
use crate::actions::topics as topic_actions;
use crate::domain::groups::{self as rules, JoinOutcome, Role};
use crate::store::{CheckpointRow, GroupRow, TopicRow};
use crate::web::forms::{CsrfForm, PathId};
use crate::web::view;
use crate::web::{Frame, PageResult, SignedIn};

/// A group in a list of groups.
pub struct GroupCard {
    pub id: i64,
    pub name: String,
    pub picture: String,
    pub members: String,
    pub private: bool,
    pub role: Option<String>,
}

impl From<&GroupRow> for GroupCard {
    fn from(g: &GroupRow) -> Self {
        GroupCard {
            id: g.id,
            name: g.name.clone(),
            picture: g.picture.clone(),
            members: view::plural(g.members_count, "member", "members"),
            private: g.visibility == "private",
            role: g.viewer_role.clone(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/groups.html")]
pub struct GroupsPage {
    frame: Frame,
    groups: Vec<GroupCard>,
    mine: Vec<GroupCard>,
}

/// `/groups`: public groups, the viewer's own, and a form to start one.
pub async fn browse(State(state): State<AppState>, frame: Frame) -> PageResult<GroupsPage> {
    let store = state.store.as_ref();
    let viewer = frame.viewer.as_ref();
    let groups = group_actions::browse(store, viewer, 1).await?;
    let mine = match viewer {
        Some(v) => group_actions::mine(store, v).await?,
        None => Vec::new(),
    };
    Ok(GroupsPage {
        groups: groups.iter().map(GroupCard::from).collect(),
        mine: mine.iter().map(GroupCard::from).collect(),
        frame,
    })
}

#[derive(Deserialize)]
pub struct GroupForm {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    picture: String,
    visibility: String,
    joining: String,
}

/// `POST /groups`
pub async fn create(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<GroupForm>,
) -> PageResult<Redirect> {
    let input = GroupInput {
        name: &form.name,
        description: &form.description,
        picture: &form.picture,
        visibility: &form.visibility,
        joining: &form.joining,
    };
    let g = group_actions::create(state.store.as_ref(), &user, &input).await?;
    Ok(Redirect::to(&format!("/groups/{}", g.id)))
}

/// A topic in the group's list of topics.
pub struct TopicLine {
    pub id: i64,
    pub title: String,
    pub pinned: bool,
    pub locked: bool,
    pub read_along: bool,
    pub messages: String,
    pub last: String,
}

impl From<&TopicRow> for TopicLine {
    fn from(t: &TopicRow) -> Self {
        TopicLine {
            id: t.id,
            title: t.title.clone(),
            pinned: t.pinned,
            locked: t.locked,
            read_along: t.book_id.is_some(),
            messages: view::plural(t.comments_count, "message", "messages"),
            last: crate::domain::dates::comment_time(t.last_posted_at),
        }
    }
}

/// A checkpoint of the schedule, with who is past it.
pub struct CheckpointLine {
    pub label: String,
    pub pages: String,
    pub due: String,
    pub past: String,
}

impl From<&CheckpointRow> for CheckpointLine {
    fn from(k: &CheckpointRow) -> Self {
        CheckpointLine {
            label: k.label.clone(),
            pages: format!("to page {}", k.up_to_page),
            due: crate::domain::dates::ReadDate::from_stored(&k.due_on)
                .map_or(k.due_on.clone(), |d| d.long()),
            past: rules::past_words(k.members_past, &k.label),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/group.html")]
pub struct GroupPage {
    frame: Frame,
    group: GroupRow,
    members: String,
    inside: bool,
    role: Option<String>,
    is_member: bool,
    owner: bool,
    started: Option<String>,
    moderates: bool,
    topics: Vec<TopicLine>,
    schedule: Vec<CheckpointLine>,
    shelf: Vec<super::group_shelf::ShelfSection>,
    invite_link: Option<String>,
    code: String,
}

#[derive(Deserialize)]
pub struct GroupQuery {
    /// An invitation link's secret.
    code: Option<String>,
}

/// `/groups/{id}`: a group's page. Outsiders of a private group see its
/// name and door only.
pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    PathId(id): PathId,
    Query(query): Query<GroupQuery>,
) -> PageResult<GroupPage> {
    let store = state.store.as_ref();
    let viewer = frame.viewer.as_ref();
    let group = group_actions::group(store, viewer, id).await?;
    let inside = group_actions::sees_inside(&group);
    let role = group_actions::role_of(&group);
    let (topics, schedule, shelf) = if inside {
        (
            topic_actions::topics(store, viewer, id, 1).await?,
            group_actions::schedule(store, viewer, id).await?,
            crate::actions::group_shelf::shelf(store, viewer, id).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let moderates = role.is_some_and(Role::moderates);
    Ok(GroupPage {
        members: view::plural(group.members_count, "member", "members"),
        inside,
        role: group.viewer_role.clone(),
        is_member: role.is_some_and(Role::is_member),
        owner: role == Some(Role::Owner),
        started: group
            .current_started_on
            .as_deref()
            .and_then(crate::domain::dates::ReadDate::from_stored)
            .map(|d| d.long()),
        moderates,
        topics: topics.iter().map(TopicLine::from).collect(),
        schedule: schedule.iter().map(CheckpointLine::from).collect(),
        shelf: super::group_shelf::sections(&shelf),
        invite_link: moderates.then(|| format!("/groups/{id}?code={}", group.invite_code)),
        code: query.code.unwrap_or_default(),
        group,
        frame,
    })
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    code: String,
}

/// `POST /groups/{id}/join`
pub async fn join(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<JoinForm>,
) -> PageResult<Redirect> {
    let code = Some(form.code.as_str()).filter(|c| !c.is_empty());
    let outcome = group_actions::join(state.store.as_ref(), &user, id, code).await?;
    let notice = match outcome {
        JoinOutcome::Requested => "requested",
        _ => "joined",
    };
    Ok(Redirect::to(&crate::web::with_notice(
        &format!("/groups/{id}"),
        notice,
    )))
}

#[derive(Deserialize)]
pub struct EmptyForm {}

/// `POST /groups/{id}/leave`
pub async fn leave(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> PageResult<Redirect> {
    group_actions::leave(state.store.as_ref(), &user, id).await?;
    Ok(Redirect::to(&format!("/groups/{id}")))
}

#[derive(Deserialize)]
pub struct TopicForm {
    title: String,
    read_along: Option<String>,
}

/// `POST /groups/{id}/topics`
pub async fn start_topic(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    PathId(id): PathId,
    CsrfForm(form): CsrfForm<TopicForm>,
) -> PageResult<Redirect> {
    let read_along = form.read_along.is_some_and(|v| !v.is_empty());
    let t = topic_actions::start_topic(state.store.as_ref(), &user, id, &form.title, read_along)
        .await?;
    Ok(Redirect::to(&format!("/topics/{}", t.id)))
}
