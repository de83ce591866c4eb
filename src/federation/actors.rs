//! Readers as ActivityPub `Person`s, the instance actor that signs the site's
//! own fetches, and the content negotiation that serves either a page or the
//! ActivityPub document at the same address (`/users/{name}`, `/reviews/{id}`...).

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Ids;
use super::format::{activity_response, rfc3339};
use crate::AppState;
use crate::domain::privacy::Visibility;
use crate::domain::public_url::PublicUrl;
use crate::store::User;

/// The `@context` of an actor: ActivityStreams, the security vocabulary for
/// `publicKey`, and the terms Mastodon and BookWyrm add.
fn actor_context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "toot": "http://joinmastodon.org/ns#",
            "discoverable": "toot:discoverable",
        }
    ])
}

/// A reader's `Person`. A profile that is not public asks for follows to be
/// approved, and shows no summary.
pub fn person(user: &User, public_pem: &str, site: &PublicUrl) -> Value {
    let ids = Ids(site);
    let name = &user.username;
    let open = Visibility::stored(&user.visibility) == Visibility::Public;
    let summary = match (&user.bio, open) {
        (Some(bio), true) => crate::domain::markdown::render(bio),
        _ => String::new(),
    };
    json!({
        "@context": actor_context(),
        "id": ids.actor(name),
        "type": "Person",
        "preferredUsername": name,
        "name": user.display_name,
        "summary": summary,
        "url": ids.actor(name),
        "inbox": ids.inbox(name),
        "outbox": ids.outbox(name),
        "followers": ids.followers(name),
        "following": ids.following(name),
        "endpoints": {"sharedInbox": ids.shared_inbox()},
        "publicKey": {
            "id": ids.key(name),
            "owner": ids.actor(name),
            "publicKeyPem": public_pem,
        },
        "icon": {"type": "Image", "url": site.join(&format!("/users/{name}/avatar"))},
        "manuallyApprovesFollowers": !open,
        "discoverable": open,
        "bookwyrmUser": true,
        "published": rfc3339(user.created_at),
    })
}

/// The site's own actor, which signs fetches for servers in secure mode.
pub fn instance_actor(public_pem: &str, site: &PublicUrl) -> Value {
    let ids = Ids(site);
    json!({
        "@context": actor_context(),
        "id": ids.instance_actor(),
        "type": "Application",
        "preferredUsername": site.authority(),
        "name": "Dogear",
        "inbox": format!("{}/inbox", ids.instance_actor()),
        "outbox": format!("{}/outbox", ids.instance_actor()),
        "endpoints": {"sharedInbox": ids.shared_inbox()},
        "publicKey": {
            "id": ids.instance_key(),
            "owner": ids.instance_actor(),
            "publicKeyPem": public_pem,
        },
        "manuallyApprovesFollowers": true,
        "url": site.join("/"),
    })
}

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "an actor could not be served");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// `/actor`.
pub async fn instance(State(state): State<AppState>) -> Response {
    match super::instance_key(&state.store).await {
        Ok(pair) => activity_response(&instance_actor(&pair.public_pem, &state.public_url)),
        Err(e) => failed(e),
    }
}

/// The reader's actor, or 404 for one who is not here (or is suspended).
pub async fn reader(state: &AppState, name: &str) -> Response {
    if !crate::domain::username::is_local(name) {
        return (StatusCode::NOT_FOUND, "no such reader\n").into_response();
    }
    let user = match state
        .store
        .user_by_username(&crate::domain::username::key(name))
        .await
    {
        Ok(Some(user)) if !user.suspended => user,
        Ok(_) => return (StatusCode::NOT_FOUND, "no such reader\n").into_response(),
        Err(e) => return failed(e),
    };
    match super::reader_key(&state.store, user.id).await {
        Ok(pair) => activity_response(&person(&user, &pair.public_pem, &state.public_url)),
        Err(e) => failed(e),
    }
}

/// Serves `/users/{name}` as the reader's actor when `Accept` asks for
/// ActivityPub, and lets every other request through to the page.
pub async fn negotiate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let wanted = request.method() == Method::GET
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(super::wants_activity_json);
    if wanted
        && let Some(name) = request.uri().path().strip_prefix("/users/")
        && !name.is_empty()
        && !name.contains('/')
    {
        let name = name.to_string();
        return reader(&state, &name).await;
    }
    if wanted && let Some(served) = super::serve::document(&state, request.uri().path()).await {
        return served;
    }
    let profile = request.uri().path().starts_with("/users/");
    let mut response = next.run(request).await;
    if profile && response.status().is_success() {
        response
            .headers_mut()
            .append(header::VARY, header::HeaderValue::from_static("Accept"));
    }
    response
}
