//! The lead pool: leads without an owner, masked until claimed; claiming within the daily
//! limit and cool-down, releasing with a reason.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{org::Permission, pool::PoolKind, text::Name};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::leads::fields::{lead_dto, LeadDto};
use crate::platform::policy::changeable_lead;
use crate::{
    platform::calendar::day_start,
    platform::caller::Caller,
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery},
    platform::policy::{self},
    platform::pool::PoolQuery,
    platform::state::AppState,
};

#[utoipa::path(get, path = "/lead-pool", tag = "leads", params(PoolQuery), responses((status = 200, body = ListOf<LeadDto>)))]
pub async fn pool(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PoolQuery>,
) -> ApiResult<Json<ListOf<LeadDto>>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let page = owned
        .store
        .pool(
            q.q.as_deref(),
            cursor(q.cursor.as_deref())?,
            limit(q.limit)?,
        )
        .await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(lead_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

/// A rep's use of the pool's limits, for the pool page.
#[derive(Serialize, ToSchema)]
pub struct ClaimQuotaDto {
    pub claimed_today: u64,
    pub daily_limit: u64,
    pub held: u64,
    pub max_held: u64,
}

#[utoipa::path(get, path = "/lead-pool/quota", tag = "leads", responses((status = 200, body = ClaimQuotaDto)))]
pub async fn pool_quota(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ClaimQuotaDto>> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let now = closer_store::now();
    let q = owned
        .store
        .claim_quota(
            PoolKind::Lead,
            owned.actor.user_id,
            day_start(&caller.tenant.time_zone, now),
        )
        .await?;
    Ok(Json(ClaimQuotaDto {
        claimed_today: q.claimed_today,
        daily_limit: q.daily_limit,
        held: q.held,
        max_held: q.max_held,
    }))
}

#[utoipa::path(post, path = "/leads/{id}/claim", tag = "leads", params(("id" = String, Path)),
    responses((status = 200, body = LeadDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    owned.require(Permission::LeadsWrite)?;
    let lead = owned.store.lead(path_id(&id)?).await?;
    policy::pool::claimable(&owned, PoolKind::Lead, lead.owner_id, lead.assigned_at)?;
    let now = closer_store::now();
    let saved = owned
        .store
        .claim_lead(
            owned.actor.user_id,
            lead.id,
            now,
            day_start(&caller.tenant.time_zone, now),
        )
        .await?;
    let dto = lead_dto(&saved);
    crate::platform::webhooks::publish(
        &state,
        caller.actor.tenant_id,
        "lead.assigned",
        serde_json::to_value(&dto).unwrap_or_default(),
    )
    .await;
    Ok(Versioned(saved.version, dto, StatusCode::OK).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LeadRelease {
    pub reason: String,
}

#[utoipa::path(post, path = "/leads/{id}/release", tag = "leads", params(("id" = String, Path)), request_body = LeadRelease,
    responses((status = 200, body = LeadDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<LeadRelease>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::LeadsRead).await?;
    let lead = changeable_lead(&owned, &id).await?;
    let reason = Name::parse(&req.reason).map_err(|e| ApiError::invalid("reason", e))?;
    if lead.owner_id.is_none() {
        return Err(ApiError::conflict("lead_not_held"));
    }
    let saved = owned
        .store
        .release_lead(
            Some(owned.actor.user_id),
            lead.id,
            reason.as_str(),
            closer_store::now(),
            "released",
        )
        .await?;
    Ok(Versioned(saved.version, lead_dto(&saved), StatusCode::OK).into_response())
}
