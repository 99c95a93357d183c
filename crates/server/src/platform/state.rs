//! What every handler and job shares: the store, the settings, the job kinds, caches.

use std::{collections::HashMap, future::Future, pin::Pin, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use closer_store::{entity::job, Store};

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Sessions end after this long without a request…
    pub session_idle: chrono::Duration,
    /// …and at the latest this long after sign-in.
    pub session_max: chrono::Duration,
    /// Mark the session cookie `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// The largest request body accepted by JSON endpoints.
    pub max_body_bytes: usize,
    pub job_lease: chrono::Duration,
    pub job_poll: Duration,
    /// Run the background job loop in this process.
    pub run_jobs: bool,
    /// Where uploads and generated files are kept.
    pub files_dir: std::path::PathBuf,
    /// The largest file an import accepts (256 MiB; the reader refuses larger files too).
    pub max_upload_bytes: u64,
    /// Where documents are kept, when not in `files_dir`. Each document's storage path is
    /// relative to this folder (see [`ServerConfig::document_files`]).
    pub documents_dir: Option<std::path::PathBuf>,
    /// The largest document accepted (50 MiB).
    pub max_document_bytes: u64,
    /// How many reverse proxies in front of the server append to `X-Forwarded-For`: the
    /// client's address is the one the outermost of them saw. 0 (the default): the address
    /// of the connection, and `X-Forwarded-For` is ignored, so a client cannot choose the
    /// address that sign-in throttling counts.
    pub trusted_proxy_hops: usize,
    /// Which networks webhook deliveries may reach (`super::outbound`).
    pub webhook_networks: super::outbound::WebhookNetworks,
}

impl ServerConfig {
    /// The client's address: the connection's, or behind `trusted_proxy_hops` proxies the
    /// entry of `X-Forwarded-For` the outermost trusted proxy added (entries further left
    /// were written by the client and are not believed). Falls back to the connection's
    /// address when the header has fewer entries than there are proxies.
    #[must_use]
    pub fn client_address(
        &self,
        peer: std::net::IpAddr,
        headers: &axum::http::HeaderMap,
    ) -> std::net::IpAddr {
        if self.trusted_proxy_hops == 0 {
            return peer;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        hops.len()
            .checked_sub(self.trusted_proxy_hops)
            .and_then(|i| hops.get(i))
            .and_then(|h| h.parse().ok())
            .unwrap_or(peer)
    }

    /// The folder documents' storage paths are relative to: `documents_dir` when set, else
    /// `files_dir`.
    #[must_use]
    pub fn document_files(&self) -> &std::path::Path {
        self.documents_dir.as_deref().unwrap_or(&self.files_dir)
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::hours(24),
            session_max: chrono::Duration::days(7),
            secure_cookies: false,
            max_body_bytes: 1024 * 1024,
            job_lease: chrono::Duration::minutes(5),
            job_poll: Duration::from_secs(2),
            run_jobs: true,
            files_dir: std::path::PathBuf::from("./closer-data/files"),
            max_upload_bytes: super::import_file::MAX_FILE_BYTES,
            documents_dir: None,
            max_document_bytes: 50 * 1024 * 1024,
            trusted_proxy_hops: 0,
            webhook_networks: super::outbound::WebhookNetworks::Any,
        }
    }
}

/// What every handler and job shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServerConfig>,
    pub metrics: Arc<super::metrics::Metrics>,
    /// Wakes the job runner when work is queued.
    pub jobs_wake: Arc<tokio::sync::Notify>,
    /// The job kinds the capabilities offer: scheduled ones and work queued on demand.
    pub job_kinds: Arc<JobKinds>,
    /// Job kinds registered by the embedding program (tests).
    pub extra_jobs: Arc<HashMap<String, ExtraJob>>,
    /// Signed-in callers resolved recently (see `super::caller::CallerCache`).
    pub callers: Arc<super::caller::CallerCache>,
    /// Throttles the public web-form endpoint.
    pub capture_limiter: Arc<super::throttle::CaptureLimiter>,
    /// Progress of jobs running in this process that cannot write it to the database while
    /// they hold SQLite's one writer (an import storing its rows).
    pub progress: Arc<std::sync::Mutex<HashMap<uuid::Uuid, (i64, i64)>>>,
    /// A PostgreSQL streaming replica that reports, dashboards, exports and search read
    /// from (`CLOSER_READ_DATABASE_URL`); writes stay on `store`, the primary.
    pub reports: Option<Store>,
}

impl AppState {
    /// The state of a server running the given job kinds (the crate root's `AppState::new`
    /// passes every kind the capabilities offer).
    #[must_use]
    pub fn with_jobs(store: Store, config: ServerConfig, job_kinds: JobKinds) -> Self {
        Self {
            store,
            config: Arc::new(config),
            metrics: Arc::new(super::metrics::Metrics::default()),
            jobs_wake: Arc::new(tokio::sync::Notify::new()),
            job_kinds: Arc::new(job_kinds),
            extra_jobs: Arc::new(HashMap::new()),
            callers: Arc::default(),
            capture_limiter: Arc::default(),
            progress: Arc::default(),
            reports: None,
        }
    }

    /// Reads reports from a replica of the primary.
    #[must_use]
    pub fn with_reports(mut self, replica: Store) -> Self {
        self.reports = Some(replica);
        self
    }

    /// The store reports, dashboards, exports and search read a tenant through: the
    /// replica when there is one, else the primary.
    #[must_use]
    pub fn report_store(&self, tenant_id: uuid::Uuid) -> closer_store::TenantStore {
        self.reports
            .as_ref()
            .unwrap_or(&self.store)
            .tenant(tenant_id)
    }

    pub fn set_progress(&self, job: uuid::Uuid, done: i64, total: i64) {
        if let Ok(mut p) = self.progress.lock() {
            p.insert(job, (done, total));
        }
    }

    pub fn forget_progress(&self, job: uuid::Uuid) {
        if let Ok(mut p) = self.progress.lock() {
            p.remove(&job);
        }
    }

    #[must_use]
    pub fn live_progress(&self, job: uuid::Uuid) -> Option<(i64, i64)> {
        self.progress.lock().ok().and_then(|p| p.get(&job).copied())
    }
}

/// What one run of a job answers: a result to keep, or why it failed.
pub type JobOutcome = Result<Option<serde_json::Value>, String>;

pub type JobFuture<'a> = Pin<Box<dyn Future<Output = JobOutcome> + Send + 'a>>;

/// A job that runs on a schedule.
pub struct Scheduled {
    pub name: &'static str,
    pub every: Duration,
    pub description: &'static str,
    pub run: for<'a> fn(&'a AppState, DateTime<Utc>) -> JobFuture<'a>,
}

/// Work queued on demand (an import, a recompute, a delivery), run when a worker takes it.
pub struct OnDemand {
    pub kind: &'static str,
    pub run: for<'a> fn(&'a AppState, &'a job::Model) -> JobFuture<'a>,
    /// Puts the kind's own records right when a job of it was abandoned (its server stopped
    /// mid-run and no attempt is left): the job is failed, and this says so where users look.
    pub abandoned: Option<for<'a> fn(&'a AppState, &'a job::Model) -> JobFuture<'a>>,
}

/// The job kinds a server runs. Each capability adds its own (see `crate::job_kinds`).
#[derive(Default)]
pub struct JobKinds {
    pub scheduled: Vec<Scheduled>,
    pub on_demand: Vec<OnDemand>,
}

impl JobKinds {
    /// Adds another capability's kinds.
    #[must_use]
    pub fn and(mut self, more: JobKinds) -> Self {
        self.scheduled.extend(more.scheduled);
        self.on_demand.extend(more.on_demand);
        self
    }
}

/// A handler for a job kind registered at start (tests use this to watch the runner).
pub type ExtraJob =
    std::sync::Arc<dyn Fn(AppState, job::Model) -> JobFuture<'static> + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_address_is_believed_only_from_trusted_proxies() {
        let peer: std::net::IpAddr = "10.0.0.1"
            .parse()
            .unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static("6.6.6.6, 203.0.113.7"),
        );
        let mut junk = axum::http::HeaderMap::new();
        junk.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static("not an address"),
        );
        let at_with = |hops: usize, headers: &axum::http::HeaderMap| {
            ServerConfig {
                trusted_proxy_hops: hops,
                ..ServerConfig::default()
            }
            .client_address(peer, headers)
            .to_string()
        };
        let at = |hops: usize| at_with(hops, &headers);
        assert_eq!(at(0), "10.0.0.1", "no proxy trusted: the connection");
        assert_eq!(
            at(1),
            "203.0.113.7",
            "one proxy: what it saw, not what the client wrote"
        );
        assert_eq!(at(2), "6.6.6.6");
        assert_eq!(
            at(3),
            "10.0.0.1",
            "fewer entries than proxies: the connection"
        );
        assert_eq!(at_with(1, &junk), "10.0.0.1");
    }
}
