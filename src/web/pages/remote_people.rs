//! Readers on other servers: found by handle, their profile as fetched,
//! and the button that follows them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Redirect;
use serde::Deserialize;

use crate::AppState;
use crate::error::ActionError;
use crate::federation::follow_out::{self, Following};
use crate::federation::followers_here;
use crate::federation::lookup;
use crate::store::RemoteActor;
use crate::web::forms::CsrfForm;
use crate::web::view::ReviewCard;
use crate::web::{Frame, PageResult, SignedIn};

/// A reader elsewhere as a page shows them: text cleaned, handle spelled out.
pub struct RemoteLine {
    pub id: i64,
    pub name: String,
    pub handle: String,
    /// Their own HTML, sanitised.
    pub summary: String,
    pub icon: Option<String>,
    /// Their profile page at their server.
    pub url: String,
}

impl From<RemoteActor> for RemoteLine {
    fn from(a: RemoteActor) -> Self {
        RemoteLine {
            id: a.id,
            name: if a.name.trim().is_empty() {
                a.username.clone()
            } else {
                a.name.clone()
            },
            handle: format!("@{}@{}", a.username, a.host),
            summary: crate::domain::markdown::sanitise_html(&a.summary),
            icon: a
                .icon
                .filter(|i| i.starts_with("https://") || i.starts_with("http://")),
            url: a.uri,
        }
    }
}

/// What a search for a handle came to: the reader, or why not.
pub enum RemoteFound {
    Found(RemoteLine),
    Failed(String),
}

/// Looks a typed handle up for people search; a failure is a sentence for
/// the page, never an error page.
pub async fn find_for_search(state: &AppState, typed: &str) -> PageResult<RemoteFound> {
    match lookup::find(state, typed).await {
        Ok(actor) => Ok(RemoteFound::Found(actor.into())),
        Err(ActionError::NotFound(_)) => Ok(RemoteFound::Failed(format!(
            "No reader {} was found there.",
            typed.trim()
        ))),
        Err(
            e @ (ActionError::Invalid(_) | ActionError::Unavailable(_) | ActionError::Forbidden(_)),
        ) => Ok(RemoteFound::Failed(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// `/people/{handle}`: the reader a handle names, found and shown.
pub async fn by_handle(
    State(state): State<AppState>,
    SignedIn(_user): SignedIn,
    Path(handle): Path<String>,
) -> PageResult<Redirect> {
    let actor = lookup::find(&state, &handle).await?;
    Ok(Redirect::to(&format!("/people/remote/{}", actor.id)))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/remote_person.html")]
pub struct RemotePersonPage {
    frame: Frame,
    person: RemoteLine,
    /// "none", "requested" or "following"; empty when signed out.
    following: &'static str,
    /// Their reviews that reached this site, as the viewer may see them.
    reviews: Vec<ReviewCard>,
}

/// How many of their reviews the page lists.
const REVIEWS_SHOWN: i64 = 20;

/// This site's id for the reader elsewhere a stand-in account stands for.
pub async fn stand_in_page(state: &AppState, user_id: i64) -> PageResult<Option<i64>> {
    let Some(uri) = state
        .store
        .stand_in_actor_uri(user_id)
        .await
        .map_err(ActionError::from)?
    else {
        return Ok(None);
    };
    Ok(state
        .store
        .remote_actor(&uri)
        .await
        .map_err(ActionError::from)?
        .map(|a| a.id))
}

/// `/people/remote/{id}`: a reader elsewhere, as their server last told us.
pub async fn show(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<i64>,
) -> PageResult<RemotePersonPage> {
    let actor = follow_out::actor(&state, id).await?;
    let following = match frame.viewer.as_ref() {
        Some(viewer) => follow_out::standing(&state, viewer, id).await?.key(),
        None => "",
    };
    let viewer = frame.viewer.as_ref().map(|v| v.id);
    let reviews = match state
        .store
        .stand_in_user(&actor.uri)
        .await
        .map_err(ActionError::from)?
    {
        Some(stand_in) => state
            .store
            .user_reviews(stand_in, viewer, REVIEWS_SHOWN, 0)
            .await
            .map_err(ActionError::from)?,
        None => Vec::new(),
    };
    Ok(RemotePersonPage {
        frame,
        person: actor.into(),
        following,
        reviews: crate::web::view::review_cards(&reviews),
    })
}

#[derive(Deserialize)]
pub struct RemoteRelationForm {
    /// follow or unfollow.
    #[serde(rename = "do")]
    action: String,
}

/// `POST /people/remote/{id}/relation`.
pub async fn relation(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RemoteRelationForm>,
) -> PageResult<Redirect> {
    match form.action.as_str() {
        "follow" => {
            let _: Following = follow_out::follow(&state, &user, id).await?;
        }
        "unfollow" => follow_out::unfollow(&state, &user, id).await?,
        _ => return Err(ActionError::invalid("do", "no such thing to do").into()),
    }
    Ok(Redirect::to(&format!("/people/remote/{id}")))
}

/// `POST /people/remote/{id}/follower`: let a reader elsewhere follow, or
/// turn them away (or remove them).
pub async fn follower(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RemoteRelationForm>,
) -> PageResult<Redirect> {
    match form.action.as_str() {
        "approve" => followers_here::approve(&state, &user, id).await?,
        "decline" => followers_here::decline(&state, &user, id).await?,
        _ => return Err(ActionError::invalid("do", "no such thing to do").into()),
    }
    Ok(Redirect::to("/friends"))
}
