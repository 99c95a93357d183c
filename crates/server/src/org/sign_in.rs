//! Sign-in, sign-out, the current user and API tokens.

use axum::{
    extract::{ConnectInfo, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::text::{Language, Name, TenantSlug};
use closer_store::{entity::session, org::directory::UserChanges};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    org::{
        passwords::{verify_password, DUMMY_HASH},
        users::{user_dto, UserDto},
    },
    platform::caller::{Caller, Credential},
    platform::error::{ApiError, ApiResult},
    platform::extract::ApiJson,
    platform::policy,
    platform::session::{hash_secret, new_secret, SESSION_COOKIE},
    platform::state::AppState,
};

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

/// Sign-in throttling. Each limit counts failed sign-ins in a window and, past it, refuses
/// with 429 and `Retry-After` until the lock ends:
/// - one account from one address: 5 in 15 minutes locks that account **for that address
///   only**, so nobody can lock someone else out from elsewhere;
/// - one address, whatever the accounts: 20 in 5 minutes (password spraying);
/// - one tenant, from every address: past 100 in 5 minutes each attempt is slowed by a
///   second rather than refused, so the company's own people still get in.
struct Limit {
    /// Past the limit: refuse (429), or only slow each attempt down.
    refuses: bool,
    max_failures: i32,
    window: chrono::Duration,
    lock: chrono::Duration,
}

const ACCOUNT_AT_ADDRESS: Limit = Limit {
    refuses: true,
    max_failures: 5,
    window: chrono::Duration::minutes(15),
    lock: chrono::Duration::minutes(15),
};
const ADDRESS: Limit = Limit {
    refuses: true,
    max_failures: 20,
    window: chrono::Duration::minutes(5),
    lock: chrono::Duration::minutes(5),
};
const TENANT: Limit = Limit {
    refuses: false,
    max_failures: 100,
    window: chrono::Duration::minutes(5),
    lock: chrono::Duration::minutes(5),
};

/// 429 with the seconds until the lock ends.
fn throttled(until: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> Response {
    let mut res = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "throttled").into_response();
    let seconds = (until - now).num_seconds().max(1);
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = SignedIn), (status = 401, body = crate::platform::error::Problem), (status = 429, body = crate::platform::error::Problem)))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let now = closer_store::now();
    let slug = req.tenant.trim().to_lowercase();
    let email = req.email.trim().to_lowercase();
    let address = state.config.client_address(peer.ip(), &headers);
    let keys = [
        (
            &ACCOUNT_AT_ADDRESS,
            hash_secret(&format!("{slug}\n{email}\n{address}")),
        ),
        (&ADDRESS, hash_secret(&format!("address\n{address}"))),
        (&TENANT, hash_secret(&format!("tenant\n{slug}"))),
    ];
    for (limit, key) in &keys {
        if let Some(until) = state.store.login_locked_until(key, now).await? {
            if limit.refuses {
                return Ok(throttled(until, now));
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }
    let tenant = match TenantSlug::parse(&slug) {
        Ok(s) => state.store.tenant_by_slug(s.as_str()).await.ok(),
        Err(_) => None,
    };
    let user = match &tenant {
        Some(t) => policy::signing_in(&state, t.tenant_id)
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
        for (limit, key) in &keys {
            state
                .store
                .record_login_failure(key, None, now, limit.window, limit.max_failures, limit.lock)
                .await?;
        }
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        ));
    };
    state.store.clear_login_failures(&keys[0].1).await?;
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
    let role = policy::signing_in(&state, tenant.tenant_id)
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
