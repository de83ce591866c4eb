//! Readers' relations on the pages: the buttons on a profile, the friends
//! page, profile settings, pictures, and people search.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::actions::{accounts, social};
use crate::domain::username;
use crate::error::ActionError;
use crate::store::UserRef;
use crate::web::forms::CsrfForm;
use crate::web::pages::confirm::{self, ConfirmPage};
use crate::web::pages::remote_people::RemoteFound;
use crate::web::{Frame, PageResult, SignedIn};

#[derive(Deserialize)]
pub struct RelationForm {
    /// request, accept, remove, follow, unfollow, block or unblock.
    #[serde(rename = "do")]
    action: String,
    /// `no` asks before blocking (see `pages::confirm`).
    confirmed: Option<String>,
    /// Where to go after answering a request (the notifications page, a
    /// search); the profile otherwise.
    back: Option<String>,
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
    if form.action != "block"
        && let Some(back) = form
            .back
            .as_deref()
            .and_then(crate::domain::text::local_path)
    {
        return Ok(Redirect::to(back).into_response());
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
    /// Readers elsewhere waiting to follow.
    waiting: Vec<super::remote_people::RemoteLine>,
    /// Readers elsewhere who follow.
    followers: Vec<super::remote_people::RemoteLine>,
}

pub async fn friends(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
) -> PageResult<FriendsPage> {
    let store = state.store.as_ref();
    let elsewhere = crate::federation::followers_here::of(&state, &user).await?;
    Ok(FriendsPage {
        friends: social::friends(store, user.id).await?,
        requests: social::friend_requests(store, &user).await?,
        waiting: elsewhere.waiting.into_iter().map(Into::into).collect(),
        followers: elsewhere.following.into_iter().map(Into::into).collect(),
        frame,
    })
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    visibility: String,
    bio: Option<String>,
}

/// The profile form on Settings: a refused field brings the page back with
/// what was typed and the reason beside it.
pub async fn save_profile(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> PageResult<Response> {
    // A form from before the name field was there leaves the name alone.
    let outcome = accounts::save_profile(
        state.store.as_ref(),
        &user,
        form.display_name.as_deref(),
        &form.visibility,
        form.bio.as_deref(),
    )
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/users/{}", user.username)).into_response()),
        Err(ActionError::Invalid(invalid)) => {
            let sent = (
                form.display_name.as_deref().unwrap_or(&user.display_name),
                form.visibility.as_str(),
                form.bio.as_deref().unwrap_or_default(),
            );
            super::settings::profile_refused(
                &state,
                frame,
                &user,
                sent,
                invalid.field,
                invalid.sentence(),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
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

/// A reader found by people search, as the page shows them.
pub struct PersonLine {
    reader: UserRef,
    bio: Option<String>,
    /// "friends", "sent", "received" or "none": which button shows.
    relation: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/people.html")]
pub struct PeoplePage {
    frame: Frame,
    query: String,
    people: Vec<PersonLine>,
    /// This page's own address, for the buttons to come back to.
    here: String,
    previous: Option<String>,
    next: Option<String>,
    /// A handle searched for: the reader elsewhere it names, or why not.
    remote: Option<RemoteFound>,
}

#[derive(Deserialize)]
pub struct PeopleQuery {
    q: Option<String>,
    /// A string, so that a bad value is a page saying so, not a bare 400.
    page: Option<String>,
}

/// `/people?q=`: readers by username or display name.
pub async fn search(
    State(state): State<AppState>,
    frame: Frame,
    SignedIn(user): SignedIn,
    axum::extract::Query(query): axum::extract::Query<PeopleQuery>,
) -> PageResult<PeoplePage> {
    use crate::domain::people::{PAGE, search_path};
    let q = query.q.unwrap_or_default();
    let page = match crate::web::forms::given(&query.page) {
        None => 1,
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=1000).contains(p))
            .ok_or_else(|| ActionError::invalid("page", "a page number from 1"))?,
    };
    // `@name@host` is a reader on another server, asked of their server.
    if crate::domain::handle::looks_like_handle(&q) {
        let remote = super::remote_people::find_for_search(&state, &q).await?;
        return Ok(PeoplePage {
            frame,
            here: search_path(&q, 1),
            previous: None,
            next: None,
            query: q.trim().to_string(),
            people: Vec::new(),
            remote: Some(remote),
        });
    }
    let (hits, more) =
        crate::actions::people::search(state.store.as_ref(), &user, &q, (page - 1) * PAGE).await?;
    let people = hits
        .into_iter()
        .map(|h| PersonLine {
            relation: match (h.friends, h.request_sent, h.request_received) {
                (true, _, _) => "friends",
                (_, true, _) => "sent",
                (_, _, true) => "received",
                _ => "none",
            },
            bio: h.bio.map(|b| crate::domain::markdown::excerpt(&b, 160)),
            reader: h.reader,
        })
        .collect();
    Ok(PeoplePage {
        frame,
        here: search_path(&q, page),
        previous: (page > 1).then(|| search_path(&q, page - 1)),
        next: more.then(|| search_path(&q, page + 1)),
        query: q.trim().to_string(),
        people,
        remote: None,
    })
}
