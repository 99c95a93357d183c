//! Sign-in, sign-out, the current user and API tokens.

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    org::Permission,
    text::{Language, Name, NewPassword, TenantSlug},
};
use closer_store::{entity::api_token, entity::session, org::UserChanges};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    org::directory::{user_dto, UserDto},
    platform::error::{ApiError, ApiResult},
    platform::extract::{path_id, ApiJson},
    platform::policy,
    platform::session::{hash_secret, new_secret, Caller, Credential, SESSION_COOKIE},
    platform::state::AppState,
};

/// Hashes a new password with Argon2id.
///
/// # Errors
/// Only if the hasher itself fails.
pub fn hash_password(password: &NewPassword) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| ApiError::internal())
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Verified against when the user does not exist, so both answers take as long.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$oE6XnFhH7Pj8bzqfOKHJ3DmDnPYKwqKqP6Wc0hXz1bA";

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The company code (tenant slug).
    pub tenant: String,
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct SignedIn {
    pub user: UserDto,
    pub csrf_token: String,
}

/// Failed sign-ins for one tenant and e-mail before they are throttled.
const MAX_FAILURES: i32 = 5;

#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = SignedIn), (status = 401, body = crate::platform::error::Problem), (status = 429, body = crate::platform::error::Problem)))]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let now = closer_store::now();
    let slug = req.tenant.trim().to_lowercase();
    let email = req.email.trim().to_lowercase();
    let key = hash_secret(&format!("{slug}\n{email}"));
    if state.store.login_locked_until(&key, now).await?.is_some() {
        return Err(ApiError::new(StatusCode::TOO_MANY_REQUESTS, "throttled"));
    }
    let tenant = match TenantSlug::parse(&slug) {
        Ok(s) => state.store.tenant_by_slug(s.as_str()).await.ok(),
        Err(_) => None,
    };
    let user = match &tenant {
        Some(t) => state
            .store
            .tenant(t.tenant_id)
            .user_by_email(&email)
            .await
            .ok(),
        None => None,
    };
    let verified = match &user {
        Some(u) => verify_password(&u.password_hash, &req.password) && u.active,
        None => {
            let _ = verify_password(DUMMY_HASH, &req.password);
            false
        }
    };
    let (Some(tenant), Some(user), true) = (tenant, user, verified) else {
        state.metrics.login_failed();
        state
            .store
            .record_login_failure(
                &key,
                None,
                now,
                chrono::Duration::minutes(15),
                MAX_FAILURES,
                chrono::Duration::minutes(15),
            )
            .await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        ));
    };
    state.store.clear_login_failures(&key).await?;
    let token = new_secret();
    let csrf_token = new_secret();
    state
        .store
        .create_session(session::Model {
            token_hash: hash_secret(&token),
            tenant_id: tenant.tenant_id,
            user_id: user.id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + state.config.session_idle,
        })
        .await?;
    let role = state
        .store
        .tenant(tenant.tenant_id)
        .role(user.role_id)
        .await?;
    let body = SignedIn {
        user: user_dto(&user, &role, Some(&tenant)),
        csrf_token,
    };
    let secure = state.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https");
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        state.config.session_max.num_seconds(),
        if secure { "; Secure" } else { "" }
    );
    let mut res = Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    if let Credential::Session { token_hash, .. } = &caller.credential {
        state.store.delete_session(token_hash).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("closer_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    );
    Ok(res)
}

#[utoipa::path(get, path = "/me", tag = "auth", responses((status = 200, body = SignedIn), (status = 401, body = crate::platform::error::Problem)))]
pub async fn me(caller: Caller) -> Json<SignedIn> {
    let mut user = user_dto(&caller.user, &caller.role, Some(&caller.tenant));
    // What this credential may do: an API token may be limited to fewer permissions.
    user.permissions = caller
        .actor
        .permissions
        .iter()
        .map(|p| p.key().to_owned())
        .collect();
    Json(SignedIn {
        user,
        csrf_token: caller.csrf_token().to_owned(),
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    pub name: Option<String>,
    /// `zh-CN` or `en-US`.
    pub language: Option<String>,
}

#[utoipa::path(patch, path = "/me", tag = "auth", request_body = UpdateMe, responses((status = 200, body = UserDto)))]
pub async fn update_me(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<UpdateMe>,
) -> ApiResult<Json<UserDto>> {
    let own = policy::own(&caller, &state);
    let name = req
        .name
        .as_deref()
        .map(Name::parse)
        .transpose()
        .map_err(|e| ApiError::invalid("name", e))?;
    let language = req
        .language
        .as_deref()
        .map(Language::parse)
        .transpose()
        .map_err(|e| ApiError::invalid("language", e))?;
    let changes = UserChanges {
        name: name.map(Name::into_string),
        language: language.map(|l| Some(l.tag().to_owned())),
        ..UserChanges::default()
    };
    let user = own
        .store
        .update_user(Some(own.user_id), own.user_id, None, changes)
        .await?;
    Ok(Json(user_dto(&user, &caller.role, Some(&caller.tenant))))
}

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
    let own = policy::own(&caller, &state);
    let name = Name::parse(&req.name).map_err(|e| ApiError::invalid("name", e))?;
    let mut scopes = Vec::new();
    for key in req.scopes.unwrap_or_default() {
        let p = Permission::parse(&key).map_err(|e| ApiError::invalid("scopes", e))?;
        if !caller.actor.can(p) {
            return Err(ApiError::forbidden());
        }
        scopes.push(p.key().to_owned());
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
