//! Closer's HTTP server: the JSON API under `/api/v1`, sign-in, the access policy,
//! background jobs, notifications and the embedded UI.

pub mod activities;
pub mod auth;
pub mod customer_pool;
pub mod customers;
pub mod documents;
pub mod dto;
pub mod error;
pub mod extract;
pub mod forecast;
pub mod history;
mod i18n;
pub mod import_file;
pub mod imports;
pub mod jobs;
pub mod lead_admin;
pub mod leads;
pub mod metrics;
pub mod notifications;
pub mod opportunities;
pub mod opportunity_team;
pub mod org;
pub mod overview;
pub mod policy;
pub mod quotes;
pub mod scoring;
pub mod session;
mod ui;
pub mod views;

use std::{collections::HashMap, sync::Arc, time::Duration};

use axum::{
    body::Body,
    extract::{DefaultBodyLimit, Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use closer_domain::text::Language;
use closer_store::Store;
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

pub use error::{ApiError, ApiResult};

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
}

impl ServerConfig {
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
            max_upload_bytes: import_file::MAX_FILE_BYTES,
            documents_dir: None,
            max_document_bytes: 50 * 1024 * 1024,
        }
    }
}

/// What every handler and job shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServerConfig>,
    pub metrics: Arc<metrics::Metrics>,
    /// Wakes the job runner when work is queued.
    pub jobs_wake: Arc<tokio::sync::Notify>,
    /// Job kinds registered by the embedding program (tests, later modules).
    pub extra_jobs: Arc<HashMap<String, jobs::ExtraJob>>,
    /// Signed-in callers resolved recently (see `session::CallerCache`).
    pub callers: Arc<session::CallerCache>,
    /// Throttles the public web-form endpoint.
    pub capture_limiter: Arc<views::CaptureLimiter>,
    /// Progress of jobs running in this process that cannot write it to the database while
    /// they hold SQLite's one writer (an import storing its rows).
    pub progress: Arc<std::sync::Mutex<HashMap<uuid::Uuid, (i64, i64)>>>,
}

impl AppState {
    #[must_use]
    pub fn new(store: Store, config: ServerConfig) -> Self {
        Self {
            store,
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::default()),
            jobs_wake: Arc::new(tokio::sync::Notify::new()),
            extra_jobs: Arc::new(HashMap::new()),
            callers: Arc::default(),
            capture_limiter: Arc::default(),
            progress: Arc::default(),
        }
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

#[derive(OpenApi)]
#[openapi(
    info(title = "Closer API", description = "Leads-to-cash CRM. Conventions: see API.md in the repository.", version = "1"),
    servers((url = "/api/v1")),
    components(schemas(error::Problem, error::FieldError)),
    tags(
        (name = "auth", description = "Sign-in, the current user, API tokens"),
        (name = "organisation", description = "Departments, users, roles"),
        (name = "history", description = "Change logs of records"),
        (name = "notifications", description = "The in-app inbox"),
        (name = "jobs", description = "Long work in the background"),
        (name = "leads", description = "Leads, the lead pool, campaigns, assignment rules"),
        (name = "customers", description = "Customers and contacts"),
        (name = "opportunities", description = "Sales processes and opportunities"),
        (name = "activities", description = "Calls, visits, notes and tasks on any record"),
        (name = "documents", description = "Files kept with customers and opportunities"),
        (name = "platform", description = "Saved views and other conveniences"),
    )
)]
struct ApiDoc;

/// The `/api/v1` routes, each documented in OpenAPI by construction.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me, auth::update_me))
        .routes(routes!(auth::list_tokens, auth::create_token))
        .routes(routes!(auth::revoke_token))
        .routes(routes!(org::list_departments, org::create_department))
        .routes(routes!(org::get_department, org::update_department))
        .routes(routes!(org::list_users, org::create_user))
        .routes(routes!(org::get_user, org::update_user))
        .routes(routes!(org::deactivate_user))
        .routes(routes!(org::reactivate_user))
        .routes(routes!(org::reset_password))
        .routes(routes!(org::list_roles, org::create_role))
        .routes(routes!(org::get_role, org::update_role))
        .routes(routes!(org::list_permissions))
        .routes(routes!(history::departments))
        .routes(routes!(history::users))
        .routes(routes!(history::roles))
        .routes(routes!(history::leads))
        .routes(routes!(history::customers))
        .routes(routes!(history::contacts))
        .routes(routes!(history::opportunities))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::unread_count))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(notifications::mark_all_read))
        .routes(routes!(jobs::get))
        .routes(routes!(leads::list, leads::create))
        .routes(routes!(leads::duplicates))
        .routes(routes!(leads::get, leads::update))
        .routes(routes!(leads::claim))
        .routes(routes!(leads::release))
        .routes(routes!(leads::merge))
        .routes(routes!(leads::convert))
        .routes(routes!(leads::pool))
        .routes(routes!(leads::pool_quota))
        .routes(routes!(imports::upload))
        .routes(routes!(imports::get))
        .routes(routes!(imports::repreview))
        .routes(routes!(imports::start))
        .routes(routes!(imports::rejected))
        .routes(routes!(
            lead_admin::list_campaigns,
            lead_admin::create_campaign
        ))
        .routes(routes!(lead_admin::get_campaign))
        .routes(routes!(lead_admin::list_rules, lead_admin::create_rule))
        .routes(routes!(lead_admin::update_rule))
        .routes(routes!(
            lead_admin::get_settings,
            lead_admin::update_settings
        ))
        .routes(routes!(activities::list, activities::create))
        .routes(routes!(activities::done))
        .routes(routes!(documents::list, documents::upload))
        .routes(routes!(documents::get, documents::delete))
        .routes(routes!(documents::content))
        .routes(routes!(history::documents))
        .routes(routes!(
            customers::list_customers,
            customers::create_customer
        ))
        .routes(routes!(customers::get_customer, customers::update_customer))
        .routes(routes!(customers::transfer))
        .routes(routes!(customer_pool::pool))
        .routes(routes!(customer_pool::claim))
        .routes(routes!(customer_pool::release))
        .routes(routes!(
            customer_pool::get_settings,
            customer_pool::put_settings
        ))
        .routes(routes!(overview::customer_overview))
        .routes(routes!(overview::today))
        .routes(routes!(scoring::get_model, scoring::put_model))
        .routes(routes!(scoring::recompute))
        .routes(routes!(customers::list_contacts, customers::create_contact))
        .routes(routes!(customers::get_contact, customers::update_contact))
        .routes(routes!(opportunities::list_processes))
        .routes(routes!(opportunities::put_process))
        .routes(routes!(
            opportunities::list_opportunities,
            opportunities::create_opportunity
        ))
        .routes(routes!(
            opportunities::get_opportunity,
            opportunities::update_opportunity
        ))
        .routes(routes!(opportunities::move_stage))
        .routes(routes!(opportunities::check_task))
        .routes(routes!(opportunities::stage_history))
        .routes(routes!(
            opportunity_team::get_team,
            opportunity_team::put_team
        ))
        .routes(routes!(forecast::get_forecast))
        .routes(routes!(quotes::list_products, quotes::create_product))
        .routes(routes!(quotes::update_product))
        .routes(routes!(quotes::list_quotes, quotes::create_quote))
        .routes(routes!(quotes::get_quote))
        .routes(routes!(quotes::print_quote))
        .routes(routes!(forecast::learned_win_rates))
        .routes(routes!(forecast::accuracy))
        .routes(routes!(views::list, views::create))
        .routes(routes!(views::delete))
        .routes(routes!(views::list_forms, views::create_form))
        .routes(routes!(views::capture))
}

/// The OpenAPI 3.1 document, with full `/api/v1/...` paths.
#[must_use]
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = api_routes().split_for_parts();
    doc.servers = None;
    let paths = std::mem::take(&mut doc.paths.paths);
    doc.paths.paths = paths
        .into_iter()
        .map(|(p, item)| (format!("/api/v1{p}"), item))
        .collect();
    doc
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api, _) = api_routes().split_for_parts();
    let doc = Arc::new(openapi());
    let api = api
        .fallback(|| async { ApiError::not_found() })
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes));
    Router::new()
        .nest("/api/v1", api)
        .route(
            "/api/openapi.json",
            get(move || async move { Json(doc.as_ref().clone()) }),
        )
        .route("/api/docs", get(ui::docs))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .fallback(ui::serve)
        .layer(middleware::from_fn_with_state(state.clone(), frame))
        .with_state(state)
}

async fn readyz(State(state): State<AppState>) -> Response {
    if state.store.ping().await {
        (StatusCode::OK, "ready").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
    }
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
        .into_response()
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Around every request: problem texts in the request's language, security headers, metrics.
async fn frame(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let lang = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Language::ZhCn, Language::from_accept_language);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.status() == StatusCode::METHOD_NOT_ALLOWED
        && res.extensions().get::<error::ProblemMarker>().is_none()
    {
        res = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").into_response();
    }
    if let Some(marker) = res.extensions().get::<error::ProblemMarker>().cloned() {
        let status = res.status();
        let err = ApiError {
            status,
            code: marker.code,
            fields: marker.fields,
            lang,
        };
        let body = serde_json::to_vec(&err.to_problem()).unwrap_or_default();
        *res.body_mut() = Body::from(body);
        res.headers_mut().remove(header::CONTENT_LENGTH);
        if status.is_server_error() {
            tracing::error!(%method, %path, status = status.as_u16(), "request failed");
        }
    }
    let h = res.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    if path.starts_with("/api/") {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    state
        .metrics
        .request(res.status().as_u16(), started.elapsed());
    res
}

/// Serves until `shutdown` fires, running the job loop beside the API when configured.
///
/// # Errors
/// When the listener fails.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    if state.config.run_jobs {
        let worker = format!("{}-{}", hostname(), std::process::id());
        tokio::spawn(jobs::run_loop(state.clone(), worker, shutdown.clone()));
    }
    let mut stop = shutdown;
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = stop.wait_for(|s| *s).await;
    })
    .await
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "closer".into())
}
