//! The customer pool (客户公海): its settings, the pool list with contact details masked,
//! claiming and releasing (the recycling job is the pools' shared one, `platform::pool`).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{org::Permission, pool::PoolKind, text::Name};
use closer_store::{customers::records::CustomerFilter, platform::pool::CustomerPoolSettings};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{
    customers::records::{customer_dto, CustomerDto},
    platform::caller::Caller,
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery},
    platform::policy,
    platform::pool::PoolQuery,
    platform::state::AppState,
};

#[utoipa::path(get, path = "/settings/customer-pool", tag = "customers",
    responses((status = 200, body = Object)))]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<CustomerPoolSettings>> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    Ok(Json(owned.store.customer_pool_settings().await?))
}

#[utoipa::path(put, path = "/settings/customer-pool", tag = "customers", request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult<Json<CustomerPoolSettings>> {
    let admin = policy::settings_admin(&caller, &state)?;
    // Unknown fields are refused (they are usually typos); `flatten` cannot say so itself.
    const FIELDS: [&str; 7] = [
        "enabled",
        "recycle_days",
        "max_protect_days",
        "warn_days",
        "cooldown_days",
        "daily_claims",
        "max_held",
    ];
    if let Some(unknown) = body
        .as_object()
        .and_then(|o| o.keys().find(|k| !FIELDS.contains(&k.as_str())))
    {
        return Err(ApiError::field(unknown, "unknown_field"));
    }
    let settings: CustomerPoolSettings = crate::platform::extract::parse_json(
        &serde_json::to_vec(&body).map_err(|_| ApiError::internal())?,
    )?;
    settings
        .rules
        .check()
        .map_err(|field| ApiError::field(field, "not_allowed"))?;
    admin
        .store
        .save_setting(
            admin.actor,
            closer_store::platform::pool::CUSTOMER_POOL,
            &settings,
        )
        .await?;
    if settings.enabled {
        admin.store.protect_unprotected_customers(&settings).await?;
    }
    Ok(Json(settings))
}

#[utoipa::path(get, path = "/customer-pool", tag = "customers", params(PoolQuery),
    responses((status = 200, body = ListOf<CustomerDto>)))]
pub async fn pool(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PoolQuery>,
) -> ApiResult<Json<ListOf<CustomerDto>>> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let filter = CustomerFilter {
        q: q.q,
        in_pool: true,
        ..Default::default()
    };
    let page = owned
        .store
        .customer_page(&filter, cursor(q.cursor.as_deref())?, limit(q.limit)?)
        .await?;
    Ok(Json(ListOf {
        items: page
            .items
            .iter()
            .map(|c| customer_dto(c, &caller.tenant.currency))
            .collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

#[utoipa::path(post, path = "/customers/{id}/claim", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = CustomerDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn claim(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    let c = owned.store.customer(path_id(&id)?).await?;
    policy::pool::claimable(&owned, PoolKind::Customer, c.owner_id, c.assigned_at)?;
    let now = closer_store::now();
    let saved = owned
        .store
        .claim_customer(
            owned.actor.user_id,
            c.id,
            now,
            crate::platform::calendar::day_start(&caller.tenant.time_zone, now),
        )
        .await?;
    Ok(Versioned(
        saved.version,
        customer_dto(&saved, &caller.tenant.currency),
        StatusCode::OK,
    )
    .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerRelease {
    pub reason: String,
}

#[utoipa::path(post, path = "/customers/{id}/release", tag = "customers", params(("id" = String, Path)), request_body = CustomerRelease,
    responses((status = 200, body = CustomerDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn release(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<CustomerRelease>,
) -> ApiResult<Response> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    owned.require(Permission::CustomersWrite)?;
    let c = crate::platform::policy::visible_customer(&owned, &id).await?;
    if !owned.may_change(c.owner_id) {
        return Err(ApiError::not_found());
    }
    let reason = Name::parse(&req.reason).map_err(|e| ApiError::invalid("reason", e))?;
    let saved = owned
        .store
        .release_customer(
            Some(owned.actor.user_id),
            c.id,
            reason.as_str(),
            closer_store::now(),
            "released",
        )
        .await?;
    Ok(Versioned(
        saved.version,
        customer_dto(&saved, &caller.tenant.currency),
        StatusCode::OK,
    )
    .into_response())
}
