//! The table of federation's routes: discovery, actors, and (for other
//! servers) the documents and inboxes ActivityPub reaches.

use axum::Router;
use axum::routing::{get, post};

use super::{actors, discovery, inbox};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/.well-known/webfinger", get(discovery::webfinger))
        .route("/.well-known/host-meta", get(discovery::host_meta))
        .route("/.well-known/nodeinfo", get(discovery::nodeinfo_links))
        .route("/nodeinfo/2.0", get(discovery::nodeinfo))
        .route("/actor", get(actors::instance))
        .route("/inbox", post(inbox::post))
        .route("/users/{username}/inbox", post(inbox::post))
}
