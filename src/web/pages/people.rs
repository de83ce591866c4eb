//! Readers' relations on the pages: the buttons on a profile, the friends
//! page, profile settings, and the feed on the front page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::social;
use crate::domain::feed;
use crate::domain::rating::Stars;
use crate::domain::{dates, username};
use crate::error::ActionError;
use crate::store::{FeedItem, UserRef};
use crate::web::forms::CsrfForm;
use crate::web::pages::confirm::{self, ConfirmPage};
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Deserialize)]
pub struct RelationForm {
    /// request, accept, remove, follow, unfollow, block or unblock.
    #[serde(rename = "do")]
    action: String,
    /// `no` asks before blocking (see `pages::confirm`).
    confirmed: Option<String>,
}

pub async fn relation(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    Path(name): Path<String>,
    CsrfForm(form): CsrfForm<RelationForm>,
) -> PageResult<Response> {
    let store = state.store.as_ref();
    if form.action == "block" && confirm::wanted(form.confirmed.as_deref()) {
        let other = store
            .user_by_username(&username::key(&name))
            .await
            .map_err(ActionError::from)?
            .ok_or(ActionError::NotFound("reader"))?;
        return Ok(ConfirmPage {
            frame,
            heading: format!("Block {}?", other.display_name),
            quote: None,
            detail: "Neither of you will see the other's reviews and comments, and any friendship or request between you ends. You can unblock them from their profile.",
            action: format!("/users/{}/relation", other.username),
            fields: vec![("do", "block".to_string())],
            button: "Block",
            cancel: format!("/users/{}", other.username),
        }
        .into_response());
    }
    match form.action.as_str() {
        "request" => {
            let per_hour = i64::from(state.settings.friend_requests_per_hour);
            social::request_friend(store, &user, &name, per_hour)
                .await
                .map(|_| ())?
        }
        "accept" => social::accept_friend(store, &user, &name).await?,
        "remove" => social::end_friendship(store, &user, &name).await?,
        "follow" => social::set_follow(store, &user, &name, true).await?,
        "unfollow" => social::set_follow(store, &user, &name, false).await?,
        "block" => social::set_block(store, &user, &name, true).await?,
        "unblock" => social::set_block(store, &user, &name, false).await?,
        _ => return Err(ActionError::invalid("do", "no such thing to do").into()),
    }
    // Back to the profile, under the name as the reader spells it.
    let other = store
        .user_by_username(&username::key(&name))
        .await
        .map_err(ActionError::from)?
        .ok_or(ActionError::NotFound("reader"))?;
    let profile = format!("/users/{}", other.username);
    let to = match form.action.as_str() {
        "block" => crate::web::with_notice(&profile, "blocked"),
        _ => profile,
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/friends.html")]
pub struct FriendsPage {
    frame: Frame,
    friends: Vec<UserRef>,
    requests: Vec<UserRef>,
}

pub async fn friends(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
) -> PageResult<FriendsPage> {
    let store = state.store.as_ref();
    Ok(FriendsPage {
        friends: social::friends(store, user.id).await?,
        requests: social::friend_requests(store, &user).await?,
        frame,
    })
}

#[derive(Deserialize)]
pub struct ProfileForm {
    visibility: String,
    bio: Option<String>,
}

pub async fn save_profile(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> PageResult<Redirect> {
    social::set_profile(
        state.store.as_ref(),
        &user,
        &form.visibility,
        form.bio.as_deref(),
    )
    .await?;
    Ok(Redirect::to(&format!("/users/{}", user.username)))
}

/// One line of the feed: one act, or a run of the same one folded together.
pub struct FeedLine {
    pub actor: UserRef,
    /// Other readers folded into this line ("and 4 others commented").
    pub others: usize,
    /// The words after the reader's name, up to the books.
    pub verb: String,
    pub books: Vec<(i64, String)>,
    /// The words after the books.
    pub tail: String,
    pub link: Option<String>,
    pub review_id: Option<i64>,
    pub likes: i64,
    pub comments: i64,
    pub liked: bool,
    /// The viewer may like the review (it is not their own).
    pub likeable: bool,
    pub when: String,
}

fn line(group: &[FeedItem], viewer: i64) -> Option<FeedLine> {
    let first = group.first()?;
    let mut books: Vec<(i64, String)> = group.iter().filter_map(|i| i.book.clone()).collect();
    if first.kind == "commented" {
        books.truncate(1);
    }
    let mut actors: Vec<i64> = group.iter().map(|i| i.actor.id).collect();
    actors.sort_unstable();
    actors.dedup();
    let detail = first.detail.clone().unwrap_or_default();
    let (verb, tail, link) = match first.kind.as_str() {
        "shelved" if group.len() > 1 => (
            format!("added {} books to", group.len()),
            format!(" — on {detail}"),
            None,
        ),
        "shelved" => ("added".to_string(), format!(" to {detail}"), None),
        "rated" => {
            let stars = detail
                .parse()
                .ok()
                .and_then(Stars::from_quarters)
                .map_or(String::new(), |s| format!(" {} stars", s.label()));
            ("rated".to_string(), stars, None)
        }
        "reviewed" => (
            "reviewed".to_string(),
            String::new(),
            first.review_id.map(|r| format!("/reviews/{r}")),
        ),
        "progress" => ("is reading".to_string(), format!(", now at {detail}"), None),
        "goal set" | "goal reached" => {
            let (year, books) = detail.split_once(':')?;
            let verb = if first.kind == "goal set" {
                format!("set a {year} reading goal: {books} books")
            } else {
                format!("reached their {year} reading goal of {books} books")
            };
            let link = Some(format!("/users/{}/years/{year}", first.actor.username));
            (verb, String::new(), link)
        }
        "commented" => {
            let whose = match &first.review_author {
                Some(a) if a.id == viewer => "your".to_string(),
                Some(a) => format!("{}'s", a.display_name),
                None => "a".to_string(),
            };
            let link = match (first.review_id, first.comment_number) {
                (Some(r), Some(n)) => Some(format!(
                    "/reviews/{r}?page={}#message-{n}",
                    crate::domain::thread::ThreadPage::page_of(n)
                )),
                (Some(r), None) => Some(format!("/reviews/{r}")),
                _ => None,
            };
            (
                format!("commented on {whose} review of"),
                String::new(),
                link,
            )
        }
        _ => return None,
    };
    let review = matches!(first.kind.as_str(), "reviewed" | "commented");
    // Nobody likes their own review.
    let own_review = first.review_author.as_ref().is_some_and(|a| a.id == viewer);
    Some(FeedLine {
        actor: first.actor.clone(),
        others: actors.len() - 1,
        verb,
        books,
        tail,
        link,
        review_id: if review { first.review_id } else { None },
        likeable: !own_review,
        likes: first.review_likes,
        comments: first.review_comments,
        liked: first.liked,
        when: dates::short_date(first.created_at),
    })
}

/// Folds runs into lines: one reader's shelving ("Helen added 3 books to
/// to-read"), and a conversation's comments ("Jonah and 4 others commented").
pub fn feed_lines(items: Vec<FeedItem>, viewer: i64) -> Vec<FeedLine> {
    feed::group(items, |i| match i.kind.as_str() {
        "shelved" => Some(("shelved", i.actor.id, i.detail.clone())),
        "commented" => i.review_id.map(|r| ("commented", r, None)),
        _ => None,
    })
    .iter()
    .filter_map(|g| line(g, viewer))
    .collect()
}

/// `/users/{username}/avatar`: the reader's picture, or their initials.
pub async fn avatar(
    State(state): State<AppState>,
    frame: Frame,
    Path(name): Path<String>,
) -> PageResult<axum::response::Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    // Short-lived (the address stays the same when the picture changes) and
    // never in a shared cache: who may see the photo depends on who asks.
    let cache = (header::CACHE_CONTROL, "private, max-age=300");
    Ok(
        match social::avatar(state.store.as_ref(), frame.viewer.as_ref(), &name).await? {
            social::Avatar::Jpeg { bytes, .. } => {
                ([(header::CONTENT_TYPE, "image/jpeg"), cache], bytes).into_response()
            }
            social::Avatar::Svg(svg) => {
                ([(header::CONTENT_TYPE, "image/svg+xml"), cache], svg).into_response()
            }
        },
    )
}

/// The picture form on the settings page.
pub async fn upload_avatar(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    token: axum::Extension<crate::auth::csrf::CsrfToken>,
    multipart: axum::extract::Multipart,
) -> PageResult<Redirect> {
    let image = super::covers::read_image(multipart, &token.0.0, "avatar").await?;
    social::set_avatar(state.store.as_ref(), &user, Some(image)).await?;
    Ok(Redirect::to(&format!("/users/{}", user.username)))
}
