//! Friends, follows and blocks; who may see a reader's things; the feed.

use super::{may_write, now};
use crate::domain::privacy::{self, Standing, Visibility};
use crate::domain::text;
use crate::error::{ActionError, ActionResult};
use crate::store::{Act, FeedItem, FriendOutcome, FriendRead, Relation, Store, User, UserRef};

/// How the viewer (None: signed out) stands to the owner.
pub async fn standing(
    store: &Store,
    viewer: Option<&User>,
    owner_id: i64,
) -> ActionResult<(Standing, Relation)> {
    let Some(viewer) = viewer else {
        return Ok((Standing::default(), Relation::default()));
    };
    if viewer.id == owner_id {
        let own = Standing {
            own: true,
            ..Standing::default()
        };
        return Ok((own, Relation::default()));
    }
    let relation = store.relation(viewer.id, owner_id).await?;
    // A reader elsewhere shares "with friends" as "with followers": their
    // followers here stand to them as friends do.
    let friends =
        relation.friends || (relation.following && store.is_remote_user(owner_id).await?);
    let standing = Standing {
        own: false,
        friends,
        blocked: relation.blocking || relation.blocked_by,
    };
    Ok((standing, relation))
}

/// How much of a profile the viewer gets.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub relation: Relation,
    /// The bio, shelves, friends and reading activity. A reader one blocks
    /// shows only their name and the way to unblock them: blocking someone
    /// reveals nothing their privacy keeps.
    pub open: bool,
}

/// Lets the viewer see the owner's profile and shelves, or says why not:
/// across a block the reader is not there at all, except to the blocker.
pub async fn see_profile(
    store: &Store,
    viewer: Option<&User>,
    owner: &User,
) -> ActionResult<Profile> {
    let (standing, relation) = standing(store, viewer, owner.id).await?;
    if relation.blocking {
        return Ok(Profile {
            relation,
            open: false,
        });
    }
    if standing.blocked {
        return Err(ActionError::NotFound("reader"));
    }
    let visibility = Visibility::stored(&owner.visibility);
    if !privacy::may_see(visibility, standing) {
        return Err(ActionError::Forbidden(match visibility {
            Visibility::Friends => format!(
                "{} shares their shelves with friends only.",
                owner.display_name
            ),
            _ => format!("{} keeps their shelves private.", owner.display_name),
        }));
    }
    Ok(Profile {
        relation,
        open: true,
    })
}

/// The reader called `username`, if `viewer` may see their profile and
/// neither blocks the other (a block reads as no such reader).
pub async fn visible_reader(
    store: &Store,
    viewer: Option<&User>,
    username: &str,
) -> ActionResult<User> {
    let owner = store
        .user_by_username(&crate::domain::username::key(username))
        .await?
        .ok_or(ActionError::NotFound("reader"))?;
    if !see_profile(store, viewer, &owner).await?.open {
        return Err(ActionError::NotFound("reader"));
    }
    Ok(owner)
}

async fn other(store: &Store, actor: &User, username: &str) -> ActionResult<User> {
    let other = store
        .user_by_username(username)
        .await?
        .ok_or(ActionError::NotFound("reader"))?;
    if other.id == actor.id {
        return Err(ActionError::invalid(
            "username",
            "that is you; choose another reader",
        ));
    }
    Ok(other)
}

/// How the two stand, unless a block stands between them.
async fn not_blocked(store: &Store, actor: &User, other: &User) -> ActionResult<Relation> {
    let relation = store.relation(actor.id, other.id).await?;
    if relation.blocked_by {
        return Err(ActionError::NotFound("reader"));
    }
    if relation.blocking {
        return Err(ActionError::Forbidden(format!(
            "you have blocked {}; unblock them first",
            other.display_name
        )));
    }
    Ok(relation)
}

/// Asks `username` to be friends (or accepts their request, if they asked
/// first). A reader may send `per_hour` new requests in any hour, counted in
/// the database: withdrawing one does not give it back.
pub async fn request_friend(
    store: &Store,
    actor: &User,
    username: &str,
    per_hour: i64,
) -> ActionResult<FriendOutcome> {
    may_write(actor)?;
    let other = other(store, actor, username).await?;
    let relation = not_blocked(store, actor, &other).await?;
    // Answering their request, or asking again, sends nothing new.
    if !relation.friends && !relation.request_received && !relation.request_sent {
        super::hour_has_room(store, actor, Act::AskFriend, per_hour).await?;
    }
    let now = now();
    let asked = store
        .request_friend_within(actor.id, other.id, now, per_hour)
        .await?;
    super::within_the_hour(asked, now)
}

pub async fn accept_friend(store: &Store, actor: &User, username: &str) -> ActionResult<()> {
    may_write(actor)?;
    let other = other(store, actor, username).await?;
    if !store.accept_friend(actor.id, other.id, now()).await? {
        return Err(ActionError::Conflict {
            field: "username",
            message: format!("there is no friend request from {}", other.display_name),
        });
    }
    Ok(())
}

/// Declines a request, withdraws one, or ends a friendship: all leave the two unconnected.
pub async fn end_friendship(store: &Store, actor: &User, username: &str) -> ActionResult<()> {
    let other = other(store, actor, username).await?;
    Ok(store.end_friendship(actor.id, other.id).await?)
}

pub async fn set_follow(store: &Store, actor: &User, username: &str, on: bool) -> ActionResult<()> {
    may_write(actor)?;
    let other = other(store, actor, username).await?;
    if on {
        not_blocked(store, actor, &other).await?;
    }
    Ok(store.set_follow(actor.id, other.id, on, now()).await?)
}

pub async fn set_block(store: &Store, actor: &User, username: &str, on: bool) -> ActionResult<()> {
    let other = other(store, actor, username).await?;
    Ok(store.set_block(actor.id, other.id, on, now()).await?)
}

pub async fn friends(store: &Store, user_id: i64) -> ActionResult<Vec<UserRef>> {
    Ok(store.friends(user_id).await?)
}

pub async fn friend_requests(store: &Store, user: &User) -> ActionResult<Vec<UserRef>> {
    Ok(store.friend_requests(user.id).await?)
}

/// Who sees the reader's profile and shelves, and what their profile says.
pub async fn set_profile(
    store: &Store,
    user: &User,
    visibility: &str,
    bio: Option<&str>,
) -> ActionResult<()> {
    let visibility = Visibility::parse(visibility)
        .ok_or_else(|| ActionError::invalid("visibility", "choose public, friends or private"))?;
    let bio = text::optional_body("bio", bio, 2_000)?;
    Ok(store
        .set_profile(user.id, visibility.key(), bio.as_deref())
        .await?)
}

pub async fn friends_with_book(
    store: &Store,
    viewer: &User,
    book_id: i64,
) -> ActionResult<Vec<FriendRead>> {
    Ok(store.friends_with_book(viewer.id, book_id).await?)
}

/// One page of the viewer's feed, newest first, and the cursor of the next page.
pub async fn feed(
    store: &Store,
    viewer: &User,
    before: Option<i64>,
) -> ActionResult<(Vec<FeedItem>, Option<i64>)> {
    let limit = crate::domain::feed::PAGE;
    let mut items = store.feed(viewer.id, before, limit + 1).await?;
    let next = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|i| i.id)
    } else {
        None
    };
    Ok((items, next))
}

/// One page of the viewer's feed folded into lines (each a run of acts,
/// newest first), holding `feed::PAGE_LINES` lines unless it is the last,
/// and the cursor of the next page: the last act the page shows.
pub async fn feed_page(
    store: &Store,
    viewer: &User,
    before: Option<i64>,
) -> ActionResult<(Vec<Vec<FeedItem>>, Option<i64>)> {
    use crate::domain::feed::{self, CHUNK};
    let key = |i: &FeedItem| feed::fold_key(&i.kind, i.actor.id, i.detail.as_deref(), i.review_id);
    let mut items: Vec<FeedItem> = Vec::new();
    let mut cursor = before;
    let mut chunks = 0;
    loop {
        let chunk = store.feed(viewer.id, cursor, CHUNK).await?;
        chunks += 1;
        let exhausted = (chunk.len() as i64) < CHUNK;
        cursor = chunk.last().map(|i| i.id).or(cursor);
        items.extend(chunk);
        let lines = feed::group(items.iter().collect(), |i| key(i)).len();
        if let Some(keep) = feed::cut(lines, exhausted, chunks) {
            let mut groups = feed::group(items, key);
            let more = !exhausted || keep < groups.len();
            groups.truncate(keep);
            let next = groups
                .last()
                .and_then(|g| g.last())
                .map(|i| i.id)
                .filter(|_| more);
            return Ok((groups, next));
        }
    }
}

/// A reader's picture as served: their upload re-encoded, or their initials drawn.
pub enum Avatar {
    Jpeg { bytes: Vec<u8>, updated_at: i64 },
    Svg(String),
}

/// The picture is part of the profile: a viewer who may not see the profile
/// (its privacy, or a block either way) gets the drawn initials instead.
pub async fn avatar(store: &Store, viewer: Option<&User>, username: &str) -> ActionResult<Avatar> {
    let user = store
        .user_by_username(&crate::domain::username::key(username))
        .await?
        .ok_or(ActionError::NotFound("reader"))?;
    let (standing, _) = standing(store, viewer, user.id).await?;
    if !privacy::may_see(Visibility::stored(&user.visibility), standing) {
        return Ok(Avatar::Svg(crate::domain::placeholder::initials_svg(
            &user.display_name,
        )));
    }
    Ok(match store.avatar(user.id).await? {
        Some((bytes, updated_at)) => Avatar::Jpeg { bytes, updated_at },
        None => Avatar::Svg(crate::domain::placeholder::initials_svg(&user.display_name)),
    })
}

/// Checks and re-encodes the upload as the reader's picture (None removes it).
pub async fn set_avatar(store: &Store, user: &User, upload: Option<Vec<u8>>) -> ActionResult<()> {
    may_write(user)?;
    let jpeg = match upload {
        Some(bytes) => {
            let made =
                super::covers::decoding(move || crate::domain::cover::avatar(&bytes)).await?;
            Some(made.map_err(|e| match e {
                crate::domain::cover::CoverError::TooLarge { .. } => {
                    ActionError::TooLarge(e.to_string())
                }
                other => {
                    let invalid: crate::domain::Invalid = other.into();
                    ActionError::invalid("avatar", invalid.message)
                }
            })?)
        }
        None => None,
    };
    Ok(store.set_avatar(user.id, jpeg, now()).await?)
}
