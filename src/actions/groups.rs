//! Reading groups: making them, joining and leaving, roles, handing over,
//! who sees and posts in their topics, and read-alongs' checkpoints. The
//! topics' pages and posting are in `topics`, on the thread engine.

use crate::domain::groups::{
    self, Checkpoint, GroupText, JoinOutcome, Joining, PER_PAGE, Role, Visibility,
};
use crate::error::{ActionError, ActionResult};
use crate::store::{CheckpointRow, GroupRow, MemberRow, NewGroup, Store, TopicRow, User};

/// The viewer's role in the group, as the domain reads it.
pub fn role_of(group: &GroupRow) -> Option<Role> {
    group.viewer_role.as_deref().map(Role::from_stored)
}

pub fn visibility_of(group: &GroupRow) -> Visibility {
    Visibility::parse(&group.visibility).unwrap_or(Visibility::Private)
}

/// Whether the viewer sees the group's topics, members and shelf.
pub fn sees_inside(group: &GroupRow) -> bool {
    groups::sees_inside(visibility_of(group), role_of(group))
}

fn new_group(text: &GroupText) -> NewGroup {
    NewGroup {
        name: text.name.clone(),
        description: text.description.clone(),
        picture: text.picture.clone(),
        visibility: text.visibility.as_str().to_string(),
        joining: text.joining.as_str().to_string(),
        now: super::now(),
    }
}

/// What a group form or API call gives.
pub struct GroupInput<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub picture: &'a str,
    pub visibility: &'a str,
    pub joining: &'a str,
}

impl GroupInput<'_> {
    fn checked(&self) -> ActionResult<GroupText> {
        Ok(GroupText::new(
            self.name,
            self.description,
            self.picture,
            self.visibility,
            self.joining,
        )?)
    }
}

/// Makes a group with its maker as owner.
pub async fn create(store: &Store, maker: &User, input: &GroupInput<'_>) -> ActionResult<GroupRow> {
    super::may_write(maker)?;
    let text = input.checked()?;
    let code = invite_code();
    let id = store
        .create_group(&new_group(&text), maker.id, &code)
        .await?;
    group(store, Some(maker), id).await
}

fn invite_code() -> String {
    crate::auth::secret::hex(&rand::random::<[u8; 16]>())
}

/// A group, as anyone sees its outside (name, description, picture, doors).
pub async fn group(store: &Store, viewer: Option<&User>, id: i64) -> ActionResult<GroupRow> {
    store
        .group(id, viewer.map(|v| v.id))
        .await?
        .ok_or(ActionError::NotFound("group"))
}

/// A group whose inside the viewer sees; a private group is missing to
/// everyone but its members, exactly as a group that is not there.
pub async fn inside(store: &Store, viewer: Option<&User>, id: i64) -> ActionResult<GroupRow> {
    let g = group(store, viewer, id).await?;
    if !sees_inside(&g) {
        return Err(ActionError::NotFound("group"));
    }
    Ok(g)
}

/// The group, if the actor moderates it (its owner or one of its moderators).
pub(crate) async fn moderated(
    store: &Store,
    actor: &User,
    id: i64,
) -> ActionResult<(GroupRow, Role)> {
    super::may_write(actor)?;
    let g = group(store, Some(actor), id).await?;
    match role_of(&g) {
        Some(role) if role.moderates() => Ok((g, role)),
        Some(role) if role.is_member() => Err(ActionError::Forbidden(
            "only the group's moderators can do that".into(),
        )),
        _ if sees_inside(&g) => Err(ActionError::Forbidden(
            "only the group's moderators can do that".into(),
        )),
        _ => Err(ActionError::NotFound("group")),
    }
}

/// Its owner or moderators change the group's name, description, picture or doors.
pub async fn update(
    store: &Store,
    actor: &User,
    id: i64,
    input: &GroupInput<'_>,
) -> ActionResult<GroupRow> {
    let (_, role) = moderated(store, actor, id).await?;
    if role != Role::Owner {
        return Err(ActionError::Forbidden(
            "only the group's owner can change it".into(),
        ));
    }
    let t = input.checked()?;
    store
        .update_group(
            id,
            &t.name,
            &t.description,
            &t.picture,
            t.visibility.as_str(),
            t.joining.as_str(),
        )
        .await?;
    group(store, Some(actor), id).await
}

/// The owner, or a site moderator, removes a group with all it holds.
pub async fn remove(store: &Store, actor: &User, id: i64) -> ActionResult<()> {
    super::may_write(actor)?;
    let g = group(store, Some(actor), id).await?;
    let owner = role_of(&g) == Some(Role::Owner);
    if !owner && !actor.is_moderator {
        if !sees_inside(&g) {
            return Err(ActionError::NotFound("group"));
        }
        return Err(ActionError::Forbidden(
            "only the group's owner or a site moderator can remove it".into(),
        ));
    }
    store.delete_group(id).await?;
    if !owner {
        super::admin::record(store, Some(actor), "removed", ("group", id), None).await?;
    }
    Ok(())
}

/// Joins, or asks to: `code` is an invitation link's secret, if one was followed.
pub async fn join(
    store: &Store,
    reader: &User,
    id: i64,
    code: Option<&str>,
) -> ActionResult<JoinOutcome> {
    super::may_write(reader)?;
    let g = group(store, Some(reader), id).await?;
    let invited = code.is_some_and(|c| !c.is_empty() && c == g.invite_code);
    let joining = Joining::parse(&g.joining).unwrap_or(Joining::Invite);
    let outcome = groups::join(joining, role_of(&g), invited);
    match outcome {
        JoinOutcome::Joined => {
            store
                .set_member(id, reader.id, Role::Member.as_str(), super::now())
                .await?
        }
        JoinOutcome::Requested => {
            store
                .set_member(id, reader.id, Role::Requested.as_str(), super::now())
                .await?
        }
        JoinOutcome::AlreadyThere => {}
        JoinOutcome::Refused => {
            return Err(ActionError::Forbidden(
                "this group takes new members by invitation only".into(),
            ));
        }
    }
    Ok(outcome)
}

/// A member leaves (or withdraws their request); the owner hands over first.
pub async fn leave(store: &Store, reader: &User, id: i64) -> ActionResult<()> {
    let g = group(store, Some(reader), id).await?;
    let Some(role) = role_of(&g) else {
        return Err(ActionError::Conflict {
            field: "group",
            message: "you are not in this group".into(),
        });
    };
    groups::may_leave(role).map_err(|m| ActionError::Conflict {
        field: "group",
        message: m.into(),
    })?;
    store.remove_member(id, reader.id).await?;
    Ok(())
}

async fn target_role(store: &Store, id: i64, user_id: i64) -> ActionResult<Role> {
    store
        .member_role(id, user_id)
        .await?
        .map(|r| Role::from_stored(&r))
        .ok_or(ActionError::NotFound("member"))
}

/// A moderator lets a request in; the owner makes or unmakes moderators.
pub async fn set_role(
    store: &Store,
    actor: &User,
    id: i64,
    user_id: i64,
    role: &str,
) -> ActionResult<()> {
    let (_, actor_role) = moderated(store, actor, id).await?;
    let to = Role::parse(role)?;
    let from = target_role(store, id, user_id).await?;
    if !groups::may_set_role(actor_role, from, to) {
        return Err(ActionError::Forbidden(format!(
            "a group {} cannot make a {} a {}",
            actor_role.as_str(),
            from.as_str(),
            to.as_str()
        )));
    }
    store
        .set_member(id, user_id, to.as_str(), super::now())
        .await?;
    Ok(())
}

/// A moderator puts a member out, or turns a request down.
pub async fn remove_member(store: &Store, actor: &User, id: i64, user_id: i64) -> ActionResult<()> {
    let (_, actor_role) = moderated(store, actor, id).await?;
    let target = target_role(store, id, user_id).await?;
    if !groups::may_remove(actor_role, target) {
        return Err(ActionError::Forbidden(
            "you cannot remove this member".into(),
        ));
    }
    store.remove_member(id, user_id).await?;
    Ok(())
}

/// The owner hands the group to one of its members, and stays as a moderator.
pub async fn hand_over(store: &Store, actor: &User, id: i64, user_id: i64) -> ActionResult<()> {
    let (_, role) = moderated(store, actor, id).await?;
    if role != Role::Owner {
        return Err(ActionError::Forbidden(
            "only the group's owner can hand it over".into(),
        ));
    }
    if !target_role(store, id, user_id).await?.is_member() || user_id == actor.id {
        return Err(ActionError::invalid(
            "user",
            "hand the group to another of its members",
        ));
    }
    store.hand_over(id, actor.id, user_id).await?;
    Ok(())
}

/// A page of the members, or (for its moderators) of the requests waiting.
pub async fn members(
    store: &Store,
    viewer: Option<&User>,
    id: i64,
    waiting: bool,
    page: i64,
) -> ActionResult<Vec<MemberRow>> {
    let g = inside(store, viewer, id).await?;
    if waiting && !role_of(&g).is_some_and(Role::moderates) {
        return Err(ActionError::Forbidden(
            "only the group's moderators see requests".into(),
        ));
    }
    let offset = (page.max(1) - 1).saturating_mul(PER_PAGE);
    Ok(store.members(id, waiting, PER_PAGE, offset).await?)
}

/// The public groups, newest first.
pub async fn browse(
    store: &Store,
    viewer: Option<&User>,
    page: i64,
) -> ActionResult<Vec<GroupRow>> {
    let offset = (page.max(1) - 1).saturating_mul(PER_PAGE);
    Ok(store
        .browse_groups(viewer.map(|v| v.id), PER_PAGE, offset)
        .await?)
}

/// The reader's own groups (and requests), for "my groups".
pub async fn mine(store: &Store, reader: &User) -> ActionResult<Vec<GroupRow>> {
    Ok(store.my_groups(reader.id, 200).await?)
}

/// A topic whose group the viewer sees inside; else missing.
pub async fn visible_topic(
    store: &Store,
    viewer: Option<&User>,
    id: i64,
) -> ActionResult<TopicRow> {
    let topic = store
        .topic(id)
        .await?
        .ok_or(ActionError::NotFound("topic"))?;
    inside(store, viewer, topic.group_id)
        .await
        .map_err(|_| ActionError::NotFound("topic"))?;
    Ok(topic)
}

/// Members post in a topic while it is open; its moderators even when locked.
pub async fn may_post(store: &Store, author: &User, topic_id: i64) -> ActionResult<()> {
    let topic = visible_topic(store, Some(author), topic_id).await?;
    let role = store
        .member_role(topic.group_id, author.id)
        .await?
        .map(|r| Role::from_stored(&r));
    if !role.is_some_and(Role::is_member) {
        return Err(ActionError::Forbidden(
            "join the group to post in its topics".into(),
        ));
    }
    if topic.locked && !role.is_some_and(Role::moderates) {
        return Err(ActionError::Conflict {
            field: "topic",
            message: "this topic is locked".into(),
        });
    }
    Ok(())
}

/// Whether the reader moderates the group the topic is in.
pub async fn moderates_topic(store: &Store, reader: &User, topic_id: i64) -> ActionResult<bool> {
    let Some(topic) = store.topic(topic_id).await? else {
        return Ok(false);
    };
    Ok(store
        .member_role(topic.group_id, reader.id)
        .await?
        .is_some_and(|r| Role::from_stored(&r).moderates()))
}

/// The owner sets the book the group reads now, and when it starts.
pub async fn set_current_book(
    store: &Store,
    actor: &User,
    id: i64,
    book_id: i64,
    started_on: &str,
) -> ActionResult<GroupRow> {
    let (_, role) = moderated(store, actor, id).await?;
    if role != Role::Owner {
        return Err(ActionError::Forbidden(
            "only the group's owner sets the current book".into(),
        ));
    }
    super::books::book(store, book_id).await?;
    let start = crate::domain::dates::ReadDate::parse("started_on", started_on)?;
    store
        .set_current_book(id, book_id, &start.stored(), super::now())
        .await?;
    group(store, Some(actor), id).await
}

/// The current book's schedule, each checkpoint with who has read past it.
pub async fn schedule(
    store: &Store,
    viewer: Option<&User>,
    id: i64,
) -> ActionResult<Vec<CheckpointRow>> {
    let g = inside(store, viewer, id).await?;
    match g.current_book_id {
        Some(book) => Ok(store.checkpoints(id, book).await?),
        None => Ok(Vec::new()),
    }
}

/// A group moderator adds a checkpoint to the current book's schedule.
pub async fn add_checkpoint(
    store: &Store,
    actor: &User,
    id: i64,
    label: &str,
    up_to_page: i64,
    due_on: &str,
) -> ActionResult<CheckpointRow> {
    let (g, _) = moderated(store, actor, id).await?;
    let book_id = g
        .current_book_id
        .ok_or_else(|| ActionError::invalid("book", "set the group's current book first"))?;
    let pages = super::books::book(store, book_id).await?.pages;
    let k = Checkpoint::new(label, up_to_page, due_on, pages)?;
    let new_id = store
        .add_checkpoint(id, book_id, &k.label, k.up_to_page, &k.due_on.stored())
        .await?
        .unwrap_or_default();
    store
        .checkpoints(id, book_id)
        .await?
        .into_iter()
        .find(|c| c.id == new_id)
        .ok_or(ActionError::NotFound("checkpoint"))
}
