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

use crate::{error::ApiError, AppState};

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
            Credential::ApiToken { .. } => "",
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

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let now = closer_store::now();
        let caller = if let Some(token) = bearer(parts) {
            let Some(row) = state.store.live_api_token(&hash_secret(&token)).await? else {
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
            let scopes = (!row.scopes.as_array().is_none_or(Vec::is_empty)).then_some(scopes);
            load_caller(
                state,
                row.tenant_id,
                row.user_id,
                Credential::ApiToken { id: row.id },
                scopes,
            )
            .await?
        } else if let Some(token) = cookie_value(parts, SESSION_COOKIE) {
            let token_hash = hash_secret(&token);
            let Some(session) = state.store.live_session(&token_hash, now).await? else {
                return Err(ApiError::unauthenticated());
            };
            if !is_safe(&parts.method) {
                let sent = parts
                    .headers
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let ok: bool = sent.as_bytes().ct_eq(session.csrf_token.as_bytes()).into();
                if sent.is_empty() || !ok {
                    return Err(ApiError::new(StatusCode::FORBIDDEN, "csrf_failed"));
                }
            }
            // Sliding expiry, written at most once every few minutes per session.
            if now - session.last_seen_at > Duration::minutes(5) {
                let idle_end = now + state.config.session_idle;
                let absolute_end = session.created_at + state.config.session_max;
                state
                    .store
                    .touch_session(&token_hash, now, idle_end.min(absolute_end))
                    .await?;
            }
            let credential = Credential::Session {
                token_hash,
                csrf_token: session.csrf_token,
            };
            load_caller(state, session.tenant_id, session.user_id, credential, None).await?
        } else {
            return Err(ApiError::unauthenticated());
        };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}
