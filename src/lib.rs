//! Dogear: a self-hostable social reading site.
//!
//! A request flows one way: route → handler (`web` or `api`) → `actions` →
//! `store`, and back up as a template or JSON.

pub mod actions;
pub mod api;
pub mod auth;
pub mod bookdata;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod federation;
pub mod fill;
pub mod import;
pub mod jobs;
pub mod mail;
pub mod outbound;
pub mod store;
pub mod web;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use crate::config::Settings;
use crate::domain::public_url::PublicUrl;
use crate::store::Store;

/// What every handler can reach. Every extractor and middleware of a
/// request takes its own copy, so a copy is one shared count, not one per
/// part (eleven counts, touched by both cores on every request, showed in
/// profiles of the busiest pages).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of `AppState`.
pub struct Shared {
    pub store: Arc<Store>,
    pub settings: Arc<Settings>,
    pub limiter: Arc<api::limits::TokenLimiter>,
    pub sign_ins: Arc<auth::throttle::SignInGuard>,
    /// The code that makes the first admin at `/setup`: printed at start,
    /// never stored, new with each start.
    pub setup_code: Arc<str>,
    /// Signs form tokens; read from the database once, at start.
    pub csrf_key: Arc<auth::csrf::CsrfKey>,
    /// The base of every link the site hands out (`--public-url`, or this node's address).
    pub public_url: Arc<PublicUrl>,
    /// Readers' stats and years, kept until their libraries change.
    pub stats_kept: Arc<actions::stats::StatsMemo>,
    pub years_kept: Arc<actions::goals::YearMemo>,
    /// The client for requests to other servers.
    pub outbound: Arc<outbound::Outbound>,
    /// Outgoing mail (none without an SMTP host).
    pub mailer: Arc<mail::Mailer>,
}

impl AppState {
    /// The state for a site on `store` reached at `public_url`: reads the
    /// site's key from the database, making it on the site's first start.
    pub async fn new(
        store: Arc<Store>,
        settings: Settings,
        public_url: PublicUrl,
    ) -> Result<Self, String> {
        let kept = store
            .site_secret("csrf", &auth::secret::new_secret())
            .await
            .map_err(|e| format!("cannot read the site's key: {e}"))?;
        let csrf_key = auth::csrf::CsrfKey::from_hex(&kept).ok_or(
            "the site's key in the database (site_secrets 'csrf') is not 64 hex characters",
        )?;
        let agent = format!(
            "Dogear/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            public_url.as_str()
        );
        let outbound = outbound::Outbound::new(&agent, settings.federation_allow_private)
            .map_err(|e| format!("cannot make the client for other servers: {e}"))?;
        let mail_key = store
            .site_secret("mail", &auth::secret::new_secret())
            .await
            .map_err(|e| format!("cannot read the site's mail key: {e}"))?;
        let mailer = mail::Mailer::new(&settings, &public_url, &mail_key)?;
        Ok(AppState(Arc::new(Shared {
            mailer: Arc::new(mailer),
            store,
            outbound: Arc::new(outbound),
            limiter: Arc::new(api::limits::TokenLimiter::per_minute(
                settings.api_calls_per_minute,
            )),
            sign_ins: Arc::new(auth::throttle::SignInGuard::per_minute(
                settings.sign_ins_per_minute,
            )),
            settings: Arc::new(settings),
            setup_code: auth::secret::new_secret()[..16].into(),
            csrf_key: Arc::new(csrf_key),
            public_url: Arc::new(public_url),
            stats_kept: Arc::new(actions::stats::stats_memo()),
            years_kept: Arc::new(actions::goals::year_memo()),
        })))
    }
}

const STYLESHEET: &str = include_str!("../static/style.css");
const SCRIPT: &str = include_str!("../static/app.js");
const ICON_SVG: &str = include_str!("../static/favicon.svg");
/// The same page with its corner turned down, 32 pixels square, for what asks
/// for `/favicon.ico` without reading the page's `<link rel="icon">`.
const ICON_ICO: &[u8] = include_bytes!("../static/favicon.ico");

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SCRIPT,
    )
}

async fn icon_svg() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON_SVG,
    )
}

async fn icon_ico() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/x-icon"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        ICON_ICO,
    )
}

/// Answers once the database does.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

async fn not_found() -> web::PageError {
    web::PageError(error::ActionError::NotFound("page"))
}

/// The whole site: pages, the JSON API under `/api/v1`, and static files.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(web::routes::routes())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::framed_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::ensure_token,
        ))
        .nest(
            "/api/v1",
            api::routes::routes()
                .layer(axum::middleware::from_fn(api::limits::rate_limit_headers))
                .layer(axum::middleware::from_fn(api::caching::etag_and_cors)),
        )
        .merge(federation::routes::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            federation::actors::negotiate,
        ))
        .route("/healthz", get(healthz))
        .route("/static/style.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .route("/static/favicon.svg", get(icon_svg))
        .route("/favicon.ico", get(icon_ico))
        .layer(DefaultBodyLimit::max(config::BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::headers::security_headers,
        ))
        .with_state(state)
}
