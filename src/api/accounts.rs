//! `/accounts` and `/tokens`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::{ApiCaller, ApiJson, ApiResult};
use crate::AppState;
use crate::actions::accounts::{self, Signup};
use crate::store::User;

#[derive(Deserialize)]
pub struct NewAccount {
    username: String,
    password: String,
    display_name: Option<String>,
}

#[derive(Serialize)]
pub struct Account {
    id: i64,
    username: String,
    display_name: String,
}

impl From<User> for Account {
    fn from(u: User) -> Self {
        Account {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<NewAccount>,
) -> ApiResult<(StatusCode, Json<Account>)> {
    let signup = Signup {
        username: body.username,
        password: body.password,
        display_name: body.display_name,
    };
    let user = accounts::sign_up(state.store.as_ref(), signup).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

pub async fn me(ApiCaller(user): ApiCaller) -> Json<Account> {
    Json(user.into())
}

pub async fn delete_me(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> ApiResult<StatusCode> {
    accounts::delete_account(state.store.as_ref(), &user, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct TokenRequest {
    username: String,
    password: String,
}

#[derive(Serialize)]
pub struct Token {
    token: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<TokenRequest>,
) -> ApiResult<(StatusCode, Json<Token>)> {
    let token = accounts::create_token(state.store.as_ref(), &body.username, &body.password)
        .await
        .map_err(|e| match e {
            // A wrong password is a failed authentication, not a bad field.
            crate::error::ActionError::Invalid(_) => super::Problem::new(
                401,
                "unauthorized",
                "that username and password do not match",
            ),
            other => other.into(),
        })?;
    Ok((StatusCode::CREATED, Json(Token { token })))
}

#[derive(Serialize)]
pub struct TokenInfoJson {
    id: i64,
    name: String,
    created_at: String,
    last_used_at: Option<String>,
}

/// `GET /tokens`: the caller's tokens (names and dates, never the secrets).
pub async fn list_tokens(
    State(state): State<AppState>,
    super::ApiCaller(user): super::ApiCaller,
) -> ApiResult<Json<Vec<TokenInfoJson>>> {
    let tokens = accounts::tokens(state.store.as_ref(), &user).await?;
    Ok(Json(
        tokens
            .into_iter()
            .map(|t| TokenInfoJson {
                id: t.id,
                name: t.name,
                created_at: crate::domain::dates::rfc3339(t.created_at),
                last_used_at: t.last_used_at.map(crate::domain::dates::rfc3339),
            })
            .collect(),
    ))
}

/// `DELETE /tokens/{id}`: revokes one of the caller's tokens.
pub async fn revoke_token(
    State(state): State<AppState>,
    super::ApiCaller(user): super::ApiCaller,
    super::extract::PathId(id): super::extract::PathId,
) -> ApiResult<StatusCode> {
    accounts::revoke_token(state.store.as_ref(), &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
