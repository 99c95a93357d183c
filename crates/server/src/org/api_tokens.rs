//! API tokens for integrations: made by a user, scoped, revocable, stored hashed.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use closer_domain::{org::Permission, text::Name};
use closer_store::entity::api_token;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::platform::caller::Credential;
use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::extract::{path_id, ApiJson},
    platform::policy,
    platform::session::{hash_secret, new_secret},
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct ApiTokenDto {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The secret itself: shown once, when the token is made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

fn token_dto(t: &api_token::Model, token: Option<String>) -> ApiTokenDto {
    ApiTokenDto {
        id: t.id.to_string(),
        name: t.name.clone(),
        scopes: t
            .scopes
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        created_at: t.created_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
        token,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    pub name: String,
    /// Permission keys to limit the token to; empty or absent = all of the user's.
    pub scopes: Option<Vec<String>>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiTokenList {
    pub items: Vec<ApiTokenDto>,
    pub next_cursor: Option<String>,
}

#[utoipa::path(get, path = "/api-tokens", tag = "auth", responses((status = 200, body = ApiTokenList)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ApiTokenList>> {
    let own = policy::own(&caller, &state);
    let items = own
        .store
        .api_tokens(own.user_id)
        .await?
        .iter()
        .map(|t| token_dto(t, None))
        .collect();
    Ok(Json(ApiTokenList {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(post, path = "/api-tokens", tag = "auth", request_body = NewApiToken, responses((status = 201, body = ApiTokenDto)))]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewApiToken>,
) -> ApiResult<(StatusCode, Json<ApiTokenDto>)> {
    let own = policy::token_issuer(&caller, &state)?;
    let name = Name::parse(&req.name).map_err(|e| ApiError::invalid("name", e))?;
    let mut scopes = Vec::new();
    for key in req.scopes.unwrap_or_default() {
        let p = Permission::parse(&key).map_err(|e| ApiError::invalid("scopes", e))?;
        if !caller.actor.can(p) {
            return Err(ApiError::forbidden());
        }
        scopes.push(p.key().to_owned());
    }
    if scopes.is_empty() && matches!(caller.credential, Credential::ApiToken { .. }) {
        // A token never grows its own rights: a token asking for "everything" gets what
        // it has itself, written out, never the empty list that means all of the user's.
        scopes = caller
            .actor
            .permissions
            .iter()
            .map(|p| p.key().to_owned())
            .collect();
        if scopes.is_empty() {
            return Err(ApiError::forbidden());
        }
    }
    let secret = format!("closer_{}", new_secret());
    let model = own
        .store
        .create_api_token(api_token::Model {
            id: closer_domain::ids::new_id(),
            token_hash: hash_secret(&secret),
            tenant_id: caller.actor.tenant_id,
            user_id: own.user_id,
            name: name.into_string(),
            scopes: serde_json::json!(scopes),
            created_at: closer_store::now(),
            last_used_at: None,
            revoked_at: None,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(token_dto(&model, Some(secret)))))
}

#[utoipa::path(delete, path = "/api-tokens/{id}", tag = "auth", params(("id" = String, Path)), responses((status = 204), (status = 404, body = crate::platform::error::Problem)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let own = policy::own(&caller, &state);
    own.store
        .revoke_api_token(own.user_id, path_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
