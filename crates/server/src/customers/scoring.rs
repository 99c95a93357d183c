//! The customer scoring model an administrator edits, and recomputing scores: after an edit
//! (a job for the tenant), nightly for everyone (days since the last activity move on their
//! own), and for one customer whenever its data changes (in the store's write paths).

use axum::{extract::State, http::StatusCode, Json};
use closer_domain::customers::scoring::ScoringModel;
use closer_store::{customers::scoring::SCORING_MODEL, platform::jobs::NewJob};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    platform::caller::Caller,
    platform::error::{ApiError, ApiResult, Invalid},
    platform::extract::ApiJson,
    platform::jobs::{job_dto, JobDto},
    platform::policy,
    platform::state::AppState,
};

/// The job that recomputes one tenant's scores (its payload names nothing; the job's tenant).
pub const RECOMPUTE_JOB: &str = "score-recompute-tenant";

#[derive(Serialize, ToSchema)]
pub struct ScoringModelDto {
    /// `{"rules": [{"key", "label", "weight", "condition": {"kind", …}}], "grades": {"a", "b", "c"}}`.
    #[schema(value_type = Object)]
    pub model: serde_json::Value,
    /// The largest number of points a customer can earn (scores are points ÷ this × 100).
    pub max_points: u64,
}

fn dto(model: &ScoringModel) -> ScoringModelDto {
    ScoringModelDto {
        model: serde_json::to_value(model).unwrap_or_default(),
        max_points: model.max_points(),
    }
}

#[utoipa::path(get, path = "/scoring-model", tag = "customers", responses((status = 200, body = ScoringModelDto)))]
pub async fn get_model(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ScoringModelDto>> {
    let owned = policy::owned(
        &caller,
        &state,
        closer_domain::org::Permission::CustomersRead,
    )
    .await?;
    Ok(Json(dto(&owned.store.scoring_model().await?)))
}

#[derive(Serialize, ToSchema)]
pub struct SavedModel {
    #[serde(flatten)]
    pub model: ScoringModelDto,
    /// The job recomputing every customer's score under the new model.
    pub recompute: JobDto,
}

async fn enqueue_recompute(state: &AppState, caller: &Caller) -> ApiResult<JobDto> {
    let job = state
        .store
        .enqueue(NewJob {
            tenant_id: Some(caller.actor.tenant_id),
            kind: RECOMPUTE_JOB.into(),
            payload: serde_json::json!({"requested_by": caller.actor.user_id.to_string()}),
            run_at: closer_store::now(),
            dedupe_key: None,
            max_attempts: 3,
        })
        .await?
        .ok_or_else(ApiError::internal)?;
    state.jobs_wake.notify_one();
    Ok(job_dto(job, None))
}

#[utoipa::path(put, path = "/scoring-model", tag = "customers", request_body = Object,
    responses((status = 200, body = SavedModel), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_model(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult<Json<SavedModel>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let model: ScoringModel = crate::platform::extract::parse_json(
        &serde_json::to_vec(&body).map_err(|_| ApiError::internal())?,
    )?;
    if let Err(problems) = model.validate() {
        let mut invalid = Invalid::default();
        for p in problems {
            invalid.check::<()>(&p.field, Err(p.error));
        }
        invalid.finish(None::<()>)?;
    }
    admin
        .store
        .save_setting(admin.actor, SCORING_MODEL, &model)
        .await?;
    let recompute = enqueue_recompute(&state, &caller).await?;
    Ok(Json(SavedModel {
        model: dto(&model),
        recompute,
    }))
}

#[utoipa::path(post, path = "/scoring-model/recompute", tag = "customers",
    responses((status = 202, body = JobDto), (status = 403, body = crate::platform::error::Problem)))]
pub async fn recompute(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<(StatusCode, Json<JobDto>)> {
    policy::settings_admin(&caller, &state)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(enqueue_recompute(&state, &caller).await?),
    ))
}

/// Recomputes one tenant's scores (the job after a model edit).
///
/// # Errors
/// When the database fails.
pub async fn run_for_tenant(
    state: &AppState,
    job: &closer_store::entity::job::Model,
) -> Result<Option<serde_json::Value>, String> {
    let tenant = job.tenant_id.ok_or("a score recompute needs a tenant")?;
    let n = crate::platform::policy::background(state, tenant)
        .recompute_scores(None, closer_store::now())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Some(serde_json::json!({ "scored": n })))
}

/// Recomputes every tenant's scores as of `now` (the nightly job).
///
/// # Errors
/// When the database fails.
pub async fn run_nightly(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<serde_json::Value>, String> {
    let mut n = 0;
    for tenant in state.store.tenants().await.map_err(|e| e.to_string())? {
        n += crate::platform::policy::background(state, tenant.tenant_id)
            .recompute_scores(None, now)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(Some(serde_json::json!({ "scored": n })))
}
