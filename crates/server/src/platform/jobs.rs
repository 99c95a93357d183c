//! Background work: a runner that takes leased jobs from the database, and the scheduled
//! jobs that run on their own every so often (or at once with `closer jobs run NAME`).

use std::time::Duration;

use axum::{
    extract::{Path, State},
    Json,
};
use chrono::{DateTime, Utc};
use closer_store::{entity::job, platform::jobs::NewJob};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

pub use crate::platform::state::{ExtraJob, JobFuture, JobKinds, JobOutcome, OnDemand, Scheduled};

use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult},
    platform::extract::path_id,
    platform::notifications,
    platform::policy,
    platform::state::AppState,
};

/// The platform's own jobs: delivering notifications, cleaning up sessions and old jobs.
#[must_use]
pub fn platform_kinds() -> JobKinds {
    JobKinds {
        scheduled: vec![
            Scheduled {
                name: "session-cleanup",
                every: Duration::from_secs(3600),
                description: "deletes expired sign-in sessions",
                run: |state, now| {
                    Box::pin(async move {
                        let n = state
                            .store
                            .delete_expired_sessions(now)
                            .await
                            .map_err(|e| e.to_string())?;
                        Ok(Some(serde_json::json!({ "deleted": n })))
                    })
                },
            },
            Scheduled {
                name: "job-cleanup",
                every: Duration::from_secs(86_400),
                description: "deletes finished jobs older than 30 days",
                run: |state, now| {
                    Box::pin(async move {
                        let n = state
                            .store
                            .purge_jobs(now - chrono::Duration::days(30))
                            .await
                            .map_err(|e| e.to_string())?;
                        Ok(Some(serde_json::json!({ "deleted": n })))
                    })
                },
            },
        ],
        on_demand: vec![
            OnDemand {
                kind: notifications::DELIVERY_JOB,
                run: |state, job| Box::pin(notifications::deliver(state, &job.payload)),
                abandoned: None,
            },
            OnDemand {
                kind: super::webhooks::DELIVERY_JOB,
                run: |state, job| Box::pin(super::webhooks::deliver(state, job)),
                abandoned: None,
            },
            OnDemand {
                kind: super::email::SEND_JOB,
                run: |state, job| Box::pin(super::email::run_send(state, job)),
                abandoned: None,
            },
        ],
    }
}

/// Runs a scheduled job at once, as if the time were `now`.
///
/// # Errors
/// When no scheduled job has that name, or the job fails.
pub async fn run_scheduled(state: &AppState, name: &str, now: DateTime<Utc>) -> JobOutcome {
    let Some(job) = state.job_kinds.scheduled.iter().find(|j| j.name == name) else {
        return Err(format!("no scheduled job is named {name}"));
    };
    (job.run)(state, now).await
}

/// Runs one taken job.
async fn dispatch(state: &AppState, job: &job::Model) -> JobOutcome {
    let kind = job.kind.as_str();
    if let Some(d) = state.job_kinds.on_demand.iter().find(|d| d.kind == kind) {
        (d.run)(state, job).await
    } else if let Some(s) = state.job_kinds.scheduled.iter().find(|s| s.name == kind) {
        (s.run)(state, job.run_at.max(closer_store::now())).await
    } else if let Some(handler) = state.extra_jobs.get(kind) {
        handler(state.clone(), job.clone()).await
    } else {
        Err(format!("no handler for job kind {kind}"))
    }
}

/// Takes and runs due jobs until none is left; returns how many it ran.
///
/// # Errors
/// When the database cannot be reached.
pub async fn drain(state: &AppState, worker: &str) -> Result<usize, closer_store::StoreError> {
    let mut ran = 0;
    for job in state.store.fail_abandoned_jobs(closer_store::now()).await? {
        tracing::warn!(job = %job.id, kind = %job.kind, "job abandoned by a stopped server");
        let hook = state
            .job_kinds
            .on_demand
            .iter()
            .find(|d| d.kind == job.kind)
            .and_then(|d| d.abandoned);
        if let Some(hook) = hook {
            if let Err(error) = hook(state, &job).await {
                tracing::warn!(job = %job.id, %error, "could not record the abandoned job");
            }
        }
    }
    loop {
        let now = closer_store::now();
        let Some(job) = state
            .store
            .take_job(worker, now, now + state.config.job_lease)
            .await?
        else {
            return Ok(ran);
        };
        ran += 1;
        let started = std::time::Instant::now();
        let outcome = dispatch(state, &job).await;
        // The progress it reached outlives the run: a poll after the end still sees all of
        // it done (some jobs count in passes, e.g. check then write, and a dry run stops
        // after the first).
        let progress = state.live_progress(job.id).map(|(_, total)| (total, total));
        state.forget_progress(job.id);
        match outcome {
            Ok(result) => {
                state
                    .store
                    .finish_job(job.id, worker, result, progress)
                    .await?;
                state.metrics.job_done(&job.kind, true, started.elapsed());
            }
            Err(error) => {
                tracing::warn!(job = %job.id, kind = %job.kind, %error, "job failed");
                // Back off: 2^attempts seconds, at most an hour.
                let wait = 2_i64
                    .saturating_pow(u32::try_from(job.attempts).unwrap_or(12).min(12))
                    .min(3600);
                let retry_at = closer_store::now() + chrono::Duration::seconds(wait);
                state
                    .store
                    .fail_job(job.id, worker, &error, retry_at)
                    .await?;
                state.metrics.job_done(&job.kind, false, started.elapsed());
            }
        }
    }
}

/// Queues each scheduled job once per period; the dedupe key makes every instance agree.
///
/// # Errors
/// When the database cannot be reached.
pub async fn enqueue_due(
    state: &AppState,
    now: DateTime<Utc>,
) -> Result<(), closer_store::StoreError> {
    for s in &state.job_kinds.scheduled {
        let every = i64::try_from(s.every.as_secs()).unwrap_or(3600).max(1);
        let slot = now.timestamp() / every * every;
        let run_at = DateTime::from_timestamp(slot, 0).unwrap_or(now);
        state
            .store
            .enqueue(NewJob {
                tenant_id: None,
                kind: s.name.into(),
                payload: serde_json::json!({}),
                run_at,
                dedupe_key: Some(format!("schedule:{}:{slot}", s.name)),
                max_attempts: 3,
            })
            .await?;
    }
    Ok(())
}

/// Runs the job loop until `shutdown` fires.
pub async fn run_loop(
    state: AppState,
    worker: String,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let mut last_schedule = std::time::Instant::now() - Duration::from_secs(3600);
    loop {
        if last_schedule.elapsed() > Duration::from_secs(30) {
            if let Err(e) = enqueue_due(&state, closer_store::now()).await {
                tracing::warn!(error = %e, "could not queue scheduled jobs");
            }
            last_schedule = std::time::Instant::now();
        }
        if let Err(e) = drain(&state, &worker).await {
            tracing::warn!(error = %e, "job runner could not reach the database");
        }
        tokio::select! {
            () = state.jobs_wake.notified() => {}
            () = tokio::time::sleep(state.config.job_poll) => {}
            _ = shutdown.changed() => return,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Progress {
    pub done: i64,
    pub total: i64,
}

#[derive(Serialize, ToSchema)]
pub struct JobDto {
    pub id: String,
    pub kind: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub progress: Progress,
    pub result: Option<Value>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[utoipa::path(get, path = "/jobs/{id}", tag = "jobs", params(("id" = String, Path)),
    responses((status = 200, body = JobDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<JobDto>> {
    let job = state.store.job(path_id(&id)?).await?;
    let requested_by = job
        .payload
        .get("requested_by")
        .and_then(Value::as_str)
        .and_then(|s| closer_domain::ids::parse_id(s).ok());
    if !policy::may_see_job(&caller, job.tenant_id, requested_by) {
        return Err(ApiError::not_found());
    }
    let live = state.live_progress(job.id);
    Ok(Json(job_dto(job, live)))
}

/// The answer to a request that queued `job` of `total` steps: none done yet, so a
/// progress bar has its length from the first answer (and from polls until the job reports).
///
/// # Errors
/// When the database fails.
pub async fn accepted(
    state: &AppState,
    job: closer_store::entity::job::Model,
    total: i64,
) -> Result<JobDto, closer_store::StoreError> {
    state.store.job_progress(job.id, 0, total).await?;
    Ok(job_dto(job, Some((0, total))))
}

/// A job as the API shows it; `live` is progress known only in this process.
#[must_use]
pub fn job_dto(job: job::Model, live: Option<(i64, i64)>) -> JobDto {
    let (done, total) = live.unwrap_or((job.progress_done, job.progress_total));
    JobDto {
        id: job.id.to_string(),
        kind: job.kind,
        status: job.status,
        progress: Progress { done, total },
        result: job.result,
        error: job.last_error,
        created_at: job.created_at,
        updated_at: job.updated_at,
    }
}
