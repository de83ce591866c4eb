//! How other servers find Dogear's readers: WebFinger (`acct:` lookups),
//! NodeInfo 2.0 and host-meta.

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::{ACTIVITY_JSON, Ids};
use crate::AppState;
use crate::domain::public_url::PublicUrl;

/// Which of our readers a WebFinger `resource` names, if any: `acct:ann@host`
/// (the `acct:` optional, case-insensitive, the host ours) or the actor's id.
pub fn resource_username(resource: &str, site: &PublicUrl) -> Option<String> {
    let resource = resource.trim();
    let lower = resource.to_ascii_lowercase();
    let actors = format!("{}/users/", site.as_str());
    if let Some(name) = lower.strip_prefix(&actors) {
        let name = name.trim_end_matches('/');
        return (!name.is_empty() && !name.contains('/')).then(|| name.to_string());
    }
    let handle = lower.strip_prefix("acct:").unwrap_or(&lower);
    let handle = handle.strip_prefix('@').unwrap_or(handle);
    let (name, host) = handle.rsplit_once('@')?;
    (host == site.authority() && !name.is_empty() && !name.contains(['/', '@']))
        .then(|| name.to_string())
}

#[derive(Deserialize)]
pub struct WebfingerQuery {
    resource: Option<String>,
}

fn not_found(what: &str) -> Response {
    (StatusCode::NOT_FOUND, format!("no {what} here\n")).into_response()
}

/// `/.well-known/webfinger?resource=acct:ann@host`.
pub async fn webfinger(
    State(state): State<AppState>,
    Query(query): Query<WebfingerQuery>,
) -> Response {
    let Some(resource) = query.resource else {
        return (StatusCode::BAD_REQUEST, "resource is required\n").into_response();
    };
    let site = state.public_url.as_ref();
    let Some(name) =
        resource_username(&resource, site).filter(|n| crate::domain::username::is_local(n))
    else {
        return not_found("such account");
    };
    let user = match state
        .store
        .user_by_username(&crate::domain::username::key(&name))
        .await
    {
        Ok(Some(user)) if !user.suspended => user,
        Ok(_) => return not_found("such account"),
        Err(e) => {
            tracing::error!(error = %e, "webfinger lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let ids = Ids(site);
    let actor = ids.actor(&user.username);
    let body = json!({
        "subject": format!("acct:{}@{}", user.username, site.authority()),
        "aliases": [actor],
        "links": [
            {"rel": "self", "type": ACTIVITY_JSON, "href": actor},
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": actor},
        ],
    });
    (
        [
            (header::CONTENT_TYPE, "application/jrd+json"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// `/.well-known/host-meta`: where WebFinger is, for servers that ask here first.
pub async fn host_meta(State(state): State<AppState>) -> Response {
    let template = crate::domain::text::escape(&format!(
        "{}/.well-known/webfinger?resource={{uri}}",
        state.public_url.as_str()
    ));
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  \
         <Link rel=\"lrdd\" type=\"application/xrd+xml\" template=\"{template}\"/>\n\
         </XRD>\n"
    );
    ([(header::CONTENT_TYPE, "application/xrd+xml")], body).into_response()
}

/// `/.well-known/nodeinfo`: the link to the NodeInfo 2.0 document.
pub async fn nodeinfo_links(State(state): State<AppState>) -> Response {
    let body = json!({"links": [{
        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
        "href": state.public_url.join("/nodeinfo/2.0"),
    }]});
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// `/nodeinfo/2.0`: what software this is and how many read here.
pub async fn nodeinfo(State(state): State<AppState>) -> Response {
    let (users, posts) = match state.store.site_counts().await {
        Ok(counts) => counts.unwrap_or((0, 0)),
        Err(e) => {
            tracing::error!(error = %e, "nodeinfo counts failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let body = json!({
        "version": "2.0",
        "software": {"name": "dogear", "version": env!("CARGO_PKG_VERSION")},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": true,
        "usage": {"users": {"total": users}, "localPosts": posts},
        "metadata": {},
    });
    (
        [(
            header::CONTENT_TYPE,
            "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.0#\"",
        )],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acct_lookups_find_our_readers_whatever_the_case() -> Result<(), String> {
        let site = PublicUrl::parse("https://Books.Example")?;
        let found = |r: &str| resource_username(r, &site);
        assert_eq!(found("acct:ann@books.example").as_deref(), Some("ann"));
        assert_eq!(found("ACCT:Ann@BOOKS.example").as_deref(), Some("ann"));
        assert_eq!(found("ann@books.example").as_deref(), Some("ann"));
        assert_eq!(found("@ann@books.example").as_deref(), Some("ann"));
        assert_eq!(
            found("https://books.example/users/Ann").as_deref(),
            Some("ann")
        );
        assert_eq!(found("acct:ann@elsewhere.example"), None);
        assert_eq!(found("acct:@books.example"), None);
        assert_eq!(found("acct:a/b@books.example"), None);
        assert_eq!(found("https://books.example/users/ann/inbox"), None);
        let ported = PublicUrl::parse("http://127.0.0.2:8080")?;
        assert_eq!(
            resource_username("acct:bo@127.0.0.2:8080", &ported).as_deref(),
            Some("bo")
        );
        Ok(())
    }
}
