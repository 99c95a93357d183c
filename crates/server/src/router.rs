//! The whole application put together: the `/api/v1` routes of every capability, the
//! OpenAPI document made from them, the frame around every request, and `serve`.

use std::sync::Arc;

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
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::{
    activities, analytics, cash, contracts, customers, leads, opportunities, org, performance,
    platform::{self, error::ApiError, state::AppState},
    targets,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Closer API", description = "Leads-to-cash CRM. Conventions: see API.md in the repository.", version = "1"),
    servers((url = "/api/v1")),
    components(schemas(platform::error::Problem, platform::error::FieldError)),
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
        (name = "contracts", description = "Contracts, approvals and orders"),
        (name = "cash", description = "Payment plans, receivables, invoices, payments, changes, refunds, aging"),
        (name = "targets", description = "Target plans, allocation, completion, visit rules and tasks"),
        (name = "performance", description = "Credit by performance splits, compensation plans and runs"),
        (name = "platform", description = "Saved views, webhooks and other conveniences"),
    )
)]
struct ApiDoc;

/// The `/api/v1` routes, each documented in OpenAPI by construction: every capability adds
/// its own, in the order of the chain.
fn api_routes() -> OpenApiRouter<AppState> {
    let r = OpenApiRouter::with_openapi(ApiDoc::openapi());
    let r = platform::routes(r);
    let r = org::routes(r);
    let r = leads::routes(r);
    let r = customers::routes(r);
    let r = opportunities::routes(r);
    let r = activities::routes(r);
    let r = contracts::routes(r);
    let r = cash::routes(r);
    let r = targets::routes(r);
    let r = performance::routes(r);
    analytics::routes(r)
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

/// The OpenAPI document as served and committed: [`openapi`] with every operation's errors,
/// id formats and limits stated (see `platform::api_doc`).
#[must_use]
pub fn openapi_json() -> serde_json::Value {
    platform::api_doc::complete(serde_json::to_value(openapi()).unwrap_or_default())
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api, _) = api_routes().split_for_parts();
    let doc = Arc::new(openapi_json());
    let api = api
        .fallback(|| async { ApiError::not_found() })
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes));
    Router::new()
        .nest("/api/v1", api)
        .route(
            "/api/openapi.json",
            get(move || async move { Json(doc.as_ref().clone()) }),
        )
        .route("/api/docs", get(platform::ui::docs))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .fallback(platform::ui::serve)
        .layer(middleware::from_fn_with_state(state.clone(), replica_lag))
        .layer(middleware::from_fn_with_state(state.clone(), frame))
        // Outermost, so it compresses the final body (`frame` rewrites problem documents);
        // the UI's files already carry their build-time encoding and pass through.
        .layer(compression())
        .with_state(state)
}

/// Answers are compressed when the client accepts it (brotli, else gzip) at a level cheap
/// enough for every request; the UI's files come compressed from the build (`platform::ui`).
/// Small answers (`/me`, a record) go as they are: below a few packets compressing saves
/// nothing a user notices and costs the server an encoder per request.
fn compression(
) -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate as _, SizeAbove};
    tower_http::compression::CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(tower_http::compression::CompressionLevel::Precise(4))
        .compress_when(
            SizeAbove::new(2048)
                .and(NotForContentType::GRPC)
                .and(NotForContentType::IMAGES)
                .and(NotForContentType::SSE),
        )
}

/// Reports read from a replica say how far behind the primary it is:
/// `X-Closer-Replica-Lag: <seconds>` (`0.0` when caught up).
async fn replica_lag(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let reads_reports = ["/api/v1/analytics/", "/api/v1/dashboards", "/api/v1/search"]
        .iter()
        .any(|p| req.uri().path().starts_with(p))
        || req.uri().query().is_some_and(|q| q.contains("format="));
    let mut response = next.run(req).await;
    if let (true, Some(replica)) = (reads_reports, &state.reports) {
        if let Ok(Some(lag)) = replica.replica_lag(&state.store).await {
            if let Ok(value) = header::HeaderValue::from_str(&format!("{lag:.1}")) {
                response.headers_mut().insert("x-closer-replica-lag", value);
            }
        }
    }
    response
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
        && res
            .extensions()
            .get::<platform::error::ProblemMarker>()
            .is_none()
    {
        res = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").into_response();
    }
    if let Some(marker) = res
        .extensions()
        .get::<platform::error::ProblemMarker>()
        .cloned()
    {
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
    if res.status() == StatusCode::TOO_MANY_REQUESTS
        && !res.headers().contains_key(header::RETRY_AFTER)
    {
        // Every 429 says when to come back.
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
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
        tokio::spawn(platform::jobs::run_loop(
            state.clone(),
            worker,
            shutdown.clone(),
        ));
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
