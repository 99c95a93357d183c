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
    text::Language,
};
use closer_store::entity::{role, tenant, user};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{platform::error::ApiError, platform::state::AppState};

pub const SESSION_COOKIE: &str = "closer_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    Session {
        token_hash: String,
        csrf_token: String,
    },
    ApiToken {
        id: uuid::Uuid,
    },
    /// Background work a user started (an import), done with that user's rights.
    Job,
}

/// The signed-in user making a request. Only the access policy turns it into permission to
/// touch data.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub user: user::Model,
    pub role: role::Model,
    pub tenant: tenant::Model,
    pub credential: Credential,
}

impl Caller {
    /// The caller's language: their own choice, else the tenant's.
    #[must_use]
    pub fn language(&self) -> Language {
        self.user
            .language
            .as_deref()
            .and_then(|l| Language::parse(l).ok())
            .or_else(|| Language::parse(&self.tenant.default_language).ok())
            .unwrap_or_default()
    }

    #[must_use]
    pub fn csrf_token(&self) -> &str {
        match &self.credential {
            Credential::Session { csrf_token, .. } => csrf_token,
            Credential::ApiToken { .. } | Credential::Job => "",
        }
    }
}

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

/// Recently resolved callers by credential hash, so that a request does not repeat the
/// reads of sign-in. An entry is dropped as soon as sign-in data changes in this process (the
/// store's auth generation) and lives at most [`CACHE_TTL`], so a sign-out or deactivation
/// made through another server instance takes effect here within that time.
#[derive(Default)]
pub struct CallerCache {
    entries: std::sync::RwLock<std::collections::HashMap<String, Cached>>,
}

#[derive(Clone)]
struct Cached {
    caller: Caller,
    generation: u64,
    loaded: std::time::Instant,
    /// For sessions: when it ends and when it was last written as seen.
    session: Option<(
        chrono::DateTime<chrono::Utc>,
        chrono::DateTime<chrono::Utc>,
        chrono::DateTime<chrono::Utc>,
    )>,
}

pub const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);
const CACHE_MAX: usize = 50_000;

impl CallerCache {
    fn get(&self, key: &str, generation: u64) -> Option<Cached> {
        let entries = self.entries.read().ok()?;
        entries
            .get(key)
            .filter(|c| c.generation == generation && c.loaded.elapsed() < CACHE_TTL)
            .cloned()
    }

    fn put(&self, key: String, cached: Cached) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= CACHE_MAX {
                entries.clear();
            }
            entries.insert(key, cached);
        }
    }
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
