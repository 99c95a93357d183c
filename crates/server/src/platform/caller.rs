//! Who is calling: the signed-in user with their role and tenant, how they proved it, and
//! a short-lived cache of callers resolved recently.

use closer_domain::{access::Actor, text::Language};
use closer_store::entity::{role, tenant, user};

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

/// Recently resolved callers by credential hash, so that a request does not repeat the
/// reads of sign-in. An entry is dropped as soon as sign-in data changes in this process (the
/// store's auth generation) and lives at most [`CACHE_TTL`], so a sign-out or deactivation
/// made through another server instance takes effect here within that time.
#[derive(Default)]
pub struct CallerCache {
    entries: std::sync::RwLock<std::collections::HashMap<String, Cached>>,
}

#[derive(Clone)]
pub(super) struct Cached {
    pub(super) caller: Caller,
    pub(super) generation: u64,
    pub(super) loaded: std::time::Instant,
    /// For sessions: when it ends and when it was last written as seen.
    pub(super) session: Option<(
        chrono::DateTime<chrono::Utc>,
        chrono::DateTime<chrono::Utc>,
        chrono::DateTime<chrono::Utc>,
    )>,
}

pub const CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

const CACHE_MAX: usize = 50_000;

impl CallerCache {
    pub(super) fn get(&self, key: &str, generation: u64) -> Option<Cached> {
        let entries = self.entries.read().ok()?;
        entries
            .get(key)
            .filter(|c| c.generation == generation && c.loaded.elapsed() < CACHE_TTL)
            .cloned()
    }

    pub(super) fn put(&self, key: String, cached: Cached) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= CACHE_MAX {
                entries.clear();
            }
            entries.insert(key, cached);
        }
    }
}
