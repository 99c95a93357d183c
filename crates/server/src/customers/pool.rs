//! The customer pool (客户公海): its settings, the pool list with contact details masked,
//! claiming and releasing, and the recycling job.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    leads::dedupe::{mask_email, mask_phone},
    org::Permission,
    text::Name,
};
use closer_store::customers::records::{CustomerFilter, CustomerPoolSettings};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::{
    customers::records::{customer_dto, CustomerDto},
    platform::caller::Caller,
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult},
    platform::extract::{cursor, limit, path_id, ApiJson, ApiQuery},
    platform::notifications::{Message, Notifier},
    platform::policy,
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
            closer_store::customers::records::CUSTOMER_POOL,
            &settings,
        )
        .await?;
    if settings.enabled {
        admin.store.protect_unprotected_customers(&settings).await?;
    }
    Ok(Json(settings))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PoolQuery {
    pub q: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// A pool customer as anyone may see it: phone and e-mail masked until claimed.
fn masked(mut dto: CustomerDto) -> CustomerDto {
    dto.phone = dto.phone.as_deref().map(mask_phone);
    dto.email = dto.email.as_deref().map(mask_email);
    dto
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
            .map(|c| masked(customer_dto(c, &caller.tenant.currency)))
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
    if !owned.sees(c.owner_id) && !crate::platform::policy::just_taken_from_pool(c.assigned_at) {
        // Held by someone outside the claimer's view: not to be revealed.
        return Err(ApiError::not_found());
    }
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

/// Returns customers not followed up in time to the pool and warns owners ahead, in every
/// tenant whose customer pool is on.
///
/// # Errors
/// When the database fails.
pub async fn recycle(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<serde_json::Value>, String> {
    let (mut returned, mut warned) = (0u64, 0u64);
    for tenant in state.store.tenants().await.map_err(|e| e.to_string())? {
        let store = policy::background(state, tenant.tenant_id);
        let settings = store
            .customer_pool_settings()
            .await
            .map_err(|e| e.to_string())?;
        if !settings.enabled {
            continue;
        }
        loop {
            let due = store
                .customers_due_for_recycling(now, 500)
                .await
                .map_err(|e| e.to_string())?;
            if due.is_empty() {
                break;
            }
            let mut moved = 0;
            for c in due {
                let reason = format!(
                    "not followed up within {} days (逾期未跟进，自动退回客户公海)",
                    settings.rules.recycle_days
                );
                match store
                    .release_customer(None, c.id, &reason, now, "recycled")
                    .await
                {
                    Ok(_) => {
                        returned += 1;
                        moved += 1;
                    }
                    Err(
                        closer_store::StoreError::StaleVersion
                        | closer_store::StoreError::Conflict(_),
                    ) => {}
                    Err(e) => return Err(e.to_string()),
                }
            }
            if moved == 0 {
                break;
            }
        }
        for c in store
            .customers_due_for_warning(now, settings.rules.warn_days, 10_000)
            .await
            .map_err(|e| e.to_string())?
        {
            let (Some(owner), Some(until)) = (c.owner_id, c.protected_until) else {
                continue;
            };
            Notifier::new(state)
                .send(
                    tenant.tenant_id,
                    owner,
                    Message::customer_recycling_soon(&c.name, until, &c.id.to_string()),
                )
                .await
                .map_err(|e| e.code.to_owned())?;
            store
                .mark_customer_warned(c.id, now)
                .await
                .map_err(|e| e.to_string())?;
            warned += 1;
        }
    }
    Ok(Some(
        serde_json::json!({ "returned": returned, "warned": warned }),
    ))
}
