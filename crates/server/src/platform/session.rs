//! Who is calling: a browser session (cookie + CSRF token) or an API token (bearer).

use std::collections::BTreeSet;

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, Method, StatusCode},
};
use chrono::Duration;
use closer_domain::{
    access::Actor,
    org::{DataScope, Permission},
};
use closer_store::entity::role;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::platform::{
    caller::{Cached, Caller, Credential},
    error::ApiError,
    state::AppState,
};

pub use crate::platform::caller::CallerCache;

pub const SESSION_COOKIE: &str = "closer_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// SHA-256 of a secret, hex: what the database keeps instead of the secret.
#[must_use]
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new random secret, URL-safe.
#[must_use]
pub fn new_secret() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The permissions a role grants.
#[must_use]
pub fn role_permissions(role: &role::Model) -> BTreeSet<Permission> {
    role.permissions
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .filter_map(|k| Permission::parse(k).ok())
        .collect()
}

/// The user who started background work, as a caller, so the work gets their rights and
/// data scope (as they are now, not when the work was queued).
///
/// # Errors
/// 401 when the user is gone or deactivated.
pub async fn job_caller(
    state: &AppState,
    tenant_id: uuid::Uuid,
    user_id: uuid::Uuid,
) -> Result<Caller, ApiError> {
    load_caller(state, tenant_id, user_id, Credential::Job, None).await
}

async fn load_caller(
    state: &AppState,
    tenant_id: uuid::Uuid,
    user_id: uuid::Uuid,
    credential: Credential,
    scopes: Option<BTreeSet<Permission>>,
) -> Result<Caller, ApiError> {
    let tenants = state.store.tenant(tenant_id);
    let user = match tenants.user(user_id).await {
        Ok(u) if u.active => u,
        Ok(_) | Err(closer_store::StoreError::NotFound) => return Err(ApiError::unauthenticated()),
        Err(e) => return Err(e.into()),
    };
    let role = tenants.role(user.role_id).await?;
    let tenant = state.store.tenant_by_id(tenant_id).await?;
    let mut permissions = role_permissions(&role);
    if let Some(scopes) = scopes {
        permissions = permissions.intersection(&scopes).copied().collect();
    }
    let actor = Actor {
        tenant_id,
        user_id,
        department_id: user.department_id,
        scope: DataScope::parse(&role.data_scope).unwrap_or(DataScope::Own),
        permissions,
    };
    Ok(Caller {
        actor,
        user,
        role,
        tenant,
        credential,
    })
}

async fn resolve(
    parts: &Parts,
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Caller, ApiError> {
    let (key, token, is_session) = if let Some(token) = bearer(parts) {
        (format!("t:{}", hash_secret(&token)), token, false)
    } else if let Some(token) = cookie_value(parts, SESSION_COOKIE) {
        (format!("s:{}", hash_secret(&token)), token, true)
    } else {
        return Err(ApiError::unauthenticated());
    };
    let generation = state.store.auth_generation();
    if let Some(mut hit) = state.callers.get(&key, generation) {
        let Some((expires_at, last_seen_at, created_at)) = hit.session else {
            return Ok(hit.caller);
        };
        if expires_at <= now {
            return Err(ApiError::unauthenticated());
        }
        if now - last_seen_at <= Duration::minutes(5) {
            return Ok(hit.caller);
        }
        let expires_at = touch(state, &key[2..], now, created_at).await?;
        hit.session = Some((expires_at, now, created_at));
        let caller = hit.caller.clone();
        state.callers.put(key, hit);
        return Ok(caller);
    }
    let token_hash = hash_secret(&token);
    let (caller, session) = if is_session {
        let Some(session) = state.store.live_session(&token_hash, now).await? else {
            return Err(ApiError::unauthenticated());
        };
        let mut window = (session.expires_at, session.last_seen_at, session.created_at);
        if now - session.last_seen_at > Duration::minutes(5) {
            window = (
                touch(state, &token_hash, now, session.created_at).await?,
                now,
                session.created_at,
            );
        }
        let credential = Credential::Session {
            token_hash,
            csrf_token: session.csrf_token,
        };
        (
            load_caller(state, session.tenant_id, session.user_id, credential, None).await?,
            Some(window),
        )
    } else {
        let Some(row) = state.store.live_api_token(&token_hash).await? else {
            return Err(ApiError::unauthenticated());
        };
        let scopes: BTreeSet<Permission> = row
            .scopes
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .filter_map(|k| Permission::parse(k).ok())
            .collect();
        let scopes = (!scopes.is_empty()).then_some(scopes);
        let credential = Credential::ApiToken { id: row.id };
        (
            load_caller(state, row.tenant_id, row.user_id, credential, scopes).await?,
            None,
        )
    };
    state.callers.put(
        key,
        Cached {
            caller: caller.clone(),
            generation,
            loaded: std::time::Instant::now(),
            session,
        },
    );
    Ok(caller)
}

/// Moves a session's idle expiry forward; returns the new end.
async fn touch(
    state: &AppState,
    token_hash: &str,
    now: chrono::DateTime<chrono::Utc>,
    created_at: chrono::DateTime<chrono::Utc>,
) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    let end = (now + state.config.session_idle).min(created_at + state.config.session_max);
    state.store.touch_session(token_hash, now, end).await?;
    Ok(end)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let caller = resolve(parts, state, closer_store::now()).await?;
        if let Credential::Session { csrf_token, .. } = &caller.credential {
            if !is_safe(&parts.method) {
                let sent = parts
                    .headers
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let ok: bool = sent.as_bytes().ct_eq(csrf_token.as_bytes()).into();
                if sent.is_empty() || !ok {
                    return Err(ApiError::new(StatusCode::FORBIDDEN, "csrf_failed"));
                }
            }
        }
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}
