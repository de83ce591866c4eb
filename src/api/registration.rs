//! `/invites`, `/registration-requests` and `/new-accounts`: who may join,
//! as admins and readers handle it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::PathId;
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::registration;
use crate::domain::dates;
use crate::store::InviteRow;

#[derive(Deserialize, ToSchema)]
pub struct NewInvite {
    /// How many may join with it: 1 (the default) to 100.
    uses: Option<i64>,
    /// For how many days: 1 to 90, 7 by default.
    days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct InviteJson {
    id: i64,
    /// How many joined with it.
    uses: i64,
    max_uses: i64,
    expires_at: String,
    /// "usable", "used up", "expired" or "revoked".
    state: &'static str,
}

impl From<&InviteRow> for InviteJson {
    fn from(i: &InviteRow) -> Self {
        InviteJson {
            id: i.id,
            uses: i.uses,
            max_uses: i.max_uses,
            expires_at: dates::rfc3339(i.expires_at),
            state: registration::state_of(i).name(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InviteMade {
    #[serde(flatten)]
    invite: InviteJson,
    /// The link to send, shown this once: the site keeps only its digest.
    link: String,
    /// The code in the link, for `POST /accounts` as `invite`.
    code: String,
}

#[utoipa::path(post, path = "/invites", summary = "Make an invitation link", tag = "accounts", security(("bearer" = [])), request_body = NewInvite,
    responses((status = 201, description = "the link, shown once", body = InviteMade)))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiJson(body): ApiJson<NewInvite>,
) -> ApiResult<(StatusCode, Json<InviteMade>)> {
    let made = registration::create_invite(
        state.store.as_ref(),
        &user,
        state.settings.readers_invite,
        body.uses,
        body.days,
    )
    .await?;
    let link = state.public_url.join(&format!("/join/{}", made.code));
    Ok((
        StatusCode::CREATED,
        Json(InviteMade {
            invite: InviteJson::from(&made.invite),
            link,
            code: made.code,
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct InvitesJson {
    invites: Vec<InviteJson>,
}

#[utoipa::path(get, path = "/invites", summary = "The caller's invitations", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, description = "newest first", body = InvitesJson)))]
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<InvitesJson>> {
    let invites = registration::invites(state.store.as_ref(), &user).await?;
    Ok(Json(InvitesJson {
        invites: invites.iter().map(InviteJson::from).collect(),
    }))
}

#[utoipa::path(delete, path = "/invites/{id}", summary = "Withdraw an invitation", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path, description = "the invitation's id")),
    responses((status = 204, description = "withdrawn: its link lets no one in")))]
pub async fn revoke(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    registration::revoke_invite(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct RequestJson {
    id: i64,
    username: String,
    display_name: String,
    reason: String,
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct RequestsJson {
    requests: Vec<RequestJson>,
}

#[utoipa::path(get, path = "/registration-requests", summary = "Requests to join waiting for an admin", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, description = "oldest first", body = RequestsJson)))]
pub async fn requests(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<RequestsJson>> {
    let waiting = registration::requests(state.store.as_ref(), &user).await?;
    Ok(Json(RequestsJson {
        requests: waiting
            .into_iter()
            .map(|r| RequestJson {
                id: r.id,
                username: r.username,
                display_name: r.display_name,
                reason: r.reason,
                created_at: dates::rfc3339(r.created_at),
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct Decision {
    /// true makes the account; false refuses the request.
    approve: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Decided {
    /// "approved" or "refused".
    state: &'static str,
    /// The account made, when approved.
    username: Option<String>,
}

#[utoipa::path(post, path = "/registration-requests/{id}", summary = "Approve or refuse a request to join", tag = "moderation", security(("bearer" = [])), params(("id" = i64, Path, description = "the request's id")), request_body = Decision,
    responses((status = 200, description = "decided", body = Decided)))]
pub async fn decide(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
    ApiJson(body): ApiJson<Decision>,
) -> ApiResult<Json<Decided>> {
    let made = registration::decide(state.store.as_ref(), &user, id, body.approve).await?;
    Ok(Json(Decided {
        state: if body.approve { "approved" } else { "refused" },
        username: made.map(|u| u.username),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct NewAccountJson {
    username: String,
    display_name: String,
    created_at: String,
    suspended: bool,
    reviews: i64,
    comments: i64,
    /// Who made the invitation it joined with.
    invited_by: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NewAccountsJson {
    accounts: Vec<NewAccountJson>,
}

#[utoipa::path(get, path = "/new-accounts", summary = "Accounts made in the last two weeks, for moderators", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, description = "newest first", body = NewAccountsJson)))]
pub async fn new_accounts(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<Json<NewAccountsJson>> {
    let rows = registration::new_accounts(state.store.as_ref(), &user).await?;
    Ok(Json(NewAccountsJson {
        accounts: rows
            .into_iter()
            .map(|a| NewAccountJson {
                username: a.username,
                display_name: a.display_name,
                created_at: dates::rfc3339(a.created_at),
                suspended: a.suspended,
                reviews: a.reviews,
                comments: a.comments,
                invited_by: a.invited_by,
            })
            .collect(),
    }))
}
