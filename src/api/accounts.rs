//! `/accounts` and `/tokens`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cursor::{self, CursorQuery};
use super::extract::ApiQuery;
use super::extract::{ApiGrant, MaybeJson, PathId};
use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::accounts::{self, Signup};
use crate::auth::client::ClientAddr;
use crate::domain::access::Scope;
use crate::domain::dates;
use crate::store::User;

#[derive(Deserialize, ToSchema)]
pub struct NewAccount {
    /// 3 to 30 letters, digits, `_` or `-`.
    username: String,
    /// At least 8 characters.
    password: String,
    display_name: Option<String>,
    /// The invitation code, on a site that takes readers by invitation.
    invite: Option<String>,
    /// Why they would like to join, on a site where an admin approves each request.
    reason: Option<String>,
}

/// A request to join, waiting for an admin.
#[derive(Serialize, ToSchema)]
pub struct JoinRequested {
    username: String,
    /// "waiting".
    state: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct Account {
    id: i64,
    username: String,
    display_name: String,
    /// "reader", "moderator" or "admin".
    role: &'static str,
}

impl From<User> for Account {
    fn from(u: User) -> Self {
        Account {
            role: u.role().name(),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
        }
    }
}

#[utoipa::path(post, path = "/accounts", summary = "Sign up", tag = "accounts", request_body = NewAccount, responses((status = 201, description = "the new reader", body = Account), (status = 202, description = "a request to join, for an admin to approve", body = JoinRequested)))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<NewAccount>,
) -> ApiResult<axum::response::Response> {
    use crate::actions::registration::{self, JoinForm, Joined};
    use axum::response::IntoResponse;
    state.sign_ins.check(None, addr, crate::actions::now())?;
    let username = body.username.clone();
    let signup = Signup {
        username: body.username,
        password: body.password,
        display_name: body.display_name,
        appoint: crate::store::Appoint::sign_up(state.settings.first_sign_up_admin),
    };
    let form = JoinForm {
        invite: body.invite.as_deref(),
        reason: body.reason.as_deref(),
        honeypot: None,
    };
    let mode = state.settings.registration;
    Ok(
        match registration::join(state.store.as_ref(), mode, signup, form).await? {
            Joined::Account(user) => {
                (StatusCode::CREATED, Json(Account::from(user))).into_response()
            }
            Joined::Requested => {
                let waiting = JoinRequested {
                    username,
                    state: "waiting",
                };
                (StatusCode::ACCEPTED, Json(waiting)).into_response()
            }
        },
    )
}

#[utoipa::path(get, path = "/accounts/me", summary = "Who the token belongs to", tag = "accounts", security(("bearer" = [])), responses((status = 200, description = "the reader the token belongs to", body = Account)))]
pub async fn me(ApiCaller(user): ApiCaller) -> Json<Account> {
    Json(user.into())
}

/// The password, given again to delete the account.
#[derive(Deserialize, ToSchema)]
pub struct DeleteAccount {
    password: String,
}

/// Without a body, only a token that `POST /tokens` made in the last ten
/// minutes stands for the password.
#[utoipa::path(delete, path = "/accounts/me", summary = "Delete the caller's account", tag = "accounts", security(("bearer" = [])),
    request_body(content = Option<DeleteAccount>, description = "the password; may be left out in the ten minutes after POST /tokens made the token"),
    responses((status = 204, description = "the account is gone; its comments stay, shown as [deleted user]")))]
pub async fn delete_me(
    State(state): State<AppState>,
    ApiGrant(user, grant): ApiGrant,
    MaybeJson(body): MaybeJson<DeleteAccount>,
) -> ApiResult<StatusCode> {
    let proof = match &body {
        Some(body) => accounts::Proof::Password(&body.password),
        None => accounts::Proof::Token(&grant),
    };
    accounts::delete_account(state.store.as_ref(), &user, proof).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    username: String,
    password: String,
    /// What the token is for, as listed in Settings ("api" if not given).
    name: Option<String>,
    /// "read" (GET only) or "write" (the default: anything the reader may do).
    scope: Option<String>,
    /// Days until the token stops working on its own (1 to 3650); without it, it lasts until revoked.
    expires_in_days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Token {
    /// The secret: shown this once, kept only as a digest.
    token: String,
    name: String,
    scope: &'static str,
}

#[utoipa::path(post, path = "/tokens", summary = "Make a token with a username and password", tag = "accounts", request_body = TokenRequest, responses((status = 201, description = "a new token", body = Token)))]
pub async fn create_token(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<TokenRequest>,
) -> ApiResult<(StatusCode, Json<Token>)> {
    let key = crate::domain::username::key(&body.username);
    state
        .sign_ins
        .check(Some(&key), addr, crate::actions::now())?;
    let scope = match body.scope.as_deref() {
        None => Scope::Write,
        Some(raw) => Scope::parse(raw)?,
    };
    let name = body.name.as_deref().map(str::trim).unwrap_or("api");
    let token = accounts::create_token(
        state.store.as_ref(),
        &body.username,
        &body.password,
        Some(name),
        scope,
        body.expires_in_days,
    )
    .await
    .map_err(|e| match e {
        // A wrong password is a failed authentication, not a bad field.
        crate::error::ActionError::Invalid(i) if i.field == "password" => super::Problem::new(
            401,
            "unauthorized",
            "that username and password do not match",
        ),
        other => other.into(),
    })?;
    state
        .sign_ins
        .succeeded(Some(&key), addr, crate::actions::now());
    Ok((
        StatusCode::CREATED,
        Json(Token {
            token,
            name: name.to_string(),
            scope: scope.as_str(),
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct TokenInfoJson {
    id: i64,
    name: String,
    /// "read" or "write".
    scope: String,
    created_at: String,
    last_used_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenListJson {
    tokens: Vec<TokenInfoJson>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

const TOKENS_PAGE: i64 = 50;

/// `GET /tokens`: the caller's tokens (names and dates, never the secrets).
#[utoipa::path(get, path = "/tokens", summary = "List the caller's tokens", tag = "accounts", security(("bearer" = [])), params(CursorQuery), responses((status = 200, description = "the caller's tokens, newest first (never the secrets)", body = TokenListJson)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiQuery(page): ApiQuery<CursorQuery>,
) -> ApiResult<Json<TokenListJson>> {
    let offset = page.position("tokens")?;
    let mut tokens = accounts::tokens(state.store.as_ref(), &user).await?;
    tokens.drain(..(offset as usize).min(tokens.len()));
    let (tokens, next_cursor) = cursor::page("tokens", tokens, offset, TOKENS_PAGE);
    Ok(Json(TokenListJson {
        tokens: tokens
            .into_iter()
            .map(|t| TokenInfoJson {
                id: t.id,
                name: t.name,
                scope: t.scope,
                created_at: dates::rfc3339(t.created_at),
                last_used_at: t.last_used_at.map(dates::rfc3339),
            })
            .collect(),
        next_cursor,
    }))
}

/// `DELETE /tokens/{id}`: revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/tokens/{id}", summary = "Revoke a token", tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path, description = "the token's id")), responses((status = 204, description = "revoked: the token answers 401 from now on")))]
pub async fn revoke_token(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    accounts::revoke_token(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
