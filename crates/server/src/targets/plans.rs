//! Target plans: `POST/GET /target-plans`, `GET/PATCH /target-plans/{id}`, `/lock` and
//! `/versions` (a locked plan changes only by a new version with its reason).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use closer_domain::{org::Permission, targets::Metric, text::Name, InvalidValue};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    dto::{metric_of, parse_value, plan_dto, TargetPlanDto},
    org::{resources, Org},
};
use crate::platform::{
    caller::Caller,
    dto::{AmountInput, ListOf, Versioned},
    error::{ApiError, ApiResult, Invalid},
    extract::{path_id, ApiJson, ApiQuery, IfMatch},
    policy::{self, reports::ScopeReader},
    state::AppState,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPlanInput {
    pub name: String,
    /// `contract_amount` (default), `payments`, `won_amount`, `new_customers`, `visits`.
    pub metric: Option<String>,
    pub year: i32,
    /// The company total: money, or a count for `new_customers` and `visits`.
    pub total: AmountInput,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanChanges {
    pub name: Option<String>,
    pub total: Option<AmountInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVersionInput {
    /// Why the locked plan changes.
    pub reason: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub year: Option<i32>,
}

/// A plan as the caller sees it: units in their data scope.
pub(super) async fn answer(
    reader: &ScopeReader,
    caller: &Caller,
    plan: &closer_store::entity::target_plan::Model,
) -> ApiResult<TargetPlanDto> {
    let store = &reader.owned.store;
    let units = store.target_allocations(plan.id).await?;
    let org = Org::load(store).await?;
    let res = resources(&org, &store.customer_resources().await?);
    Ok(plan_dto(
        plan,
        &units,
        &org,
        &res,
        &caller.tenant.currency,
        &|u| {
            if u.unit_kind == "department" {
                reader.sees_department(u.unit_id)
            } else {
                reader.sees_user(u.unit_id)
            }
        },
    ))
}

/// The plan answered with its version as the `ETag`: the plan's version (1, 2, … one per
/// new version of a locked plan), which an `If-Match` on its changes must name.
pub(super) async fn versioned(
    reader: &ScopeReader,
    caller: &Caller,
    plan: &closer_store::entity::target_plan::Model,
    status: StatusCode,
) -> ApiResult<Versioned<TargetPlanDto>> {
    Ok(Versioned(
        plan.plan_version,
        answer(reader, caller, plan).await?,
        status,
    ))
}

fn check_year(year: i32) -> ApiResult<i32> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::field("year", "not_allowed"))
    }
}

#[utoipa::path(post, path = "/target-plans", tag = "targets", request_body = NewPlanInput,
    responses((status = 201, body = TargetPlanDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_plan(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewPlanInput>,
) -> ApiResult<(StatusCode, Json<TargetPlanDto>)> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&req.name));
    let metric = invalid.check(
        "metric",
        req.metric
            .as_deref()
            .map_or(Ok(Metric::ContractAmount), Metric::parse),
    );
    let year = match check_year(req.year) {
        Ok(y) => Some(y),
        Err(_) => {
            invalid.push("year", "not_allowed");
            None
        }
    };
    let total = match metric {
        Some(m) => match parse_value("total", &req.total, m, &caller.tenant.currency) {
            Ok(t) => Some(t),
            Err(e) => {
                for (f, code, _) in e.fields {
                    invalid.push(&f, &code);
                }
                None
            }
        },
        None => None,
    };
    let (name, metric, year, total) = invalid.finish(
        name.zip(metric)
            .zip(year.zip(total))
            .map(|((n, m), (y, t))| (n, m, y, t)),
    )?;
    let plan = owned
        .store
        .create_target_plan(
            owned.actor.user_id,
            closer_store::targets::plans::NewPlan {
                name: name.as_str().to_owned(),
                metric: metric.key().into(),
                year,
                total,
            },
        )
        .await?;
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    Ok((
        StatusCode::CREATED,
        Json(answer(&reader, &caller, &plan).await?),
    ))
}

#[utoipa::path(get, path = "/target-plans", tag = "targets", params(PlanQuery),
    responses((status = 200, body = ListOf<TargetPlanDto>)))]
pub async fn list_plans(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PlanQuery>,
) -> ApiResult<Json<ListOf<TargetPlanDto>>> {
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    let store = &reader.owned.store;
    let plans = store.target_plans(q.year).await?;
    let org = Org::load(store).await?;
    let res = resources(&org, &store.customer_resources().await?);
    let mut items = Vec::with_capacity(plans.len());
    for plan in &plans {
        let units = store.target_allocations(plan.id).await?;
        items.push(plan_dto(
            plan,
            &units,
            &org,
            &res,
            &caller.tenant.currency,
            &|u| {
                if u.unit_kind == "department" {
                    reader.sees_department(u.unit_id)
                } else {
                    reader.sees_user(u.unit_id)
                }
            },
        ));
    }
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

#[utoipa::path(get, path = "/target-plans/{id}", tag = "targets", params(("id" = String, Path)),
    responses((status = 200, body = TargetPlanDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Versioned<TargetPlanDto>> {
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    let plan = reader.owned.store.target_plan(path_id(&id)?).await?;
    versioned(&reader, &caller, &plan, StatusCode::OK).await
}

#[utoipa::path(patch, path = "/target-plans/{id}", tag = "targets", params(("id" = String, Path)), request_body = PlanChanges,
    responses((status = 200, body = TargetPlanDto), (status = 412, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn update_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(req): ApiJson<PlanChanges>,
) -> ApiResult<Versioned<TargetPlanDto>> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    let plan = owned.store.target_plan(path_id(&id)?).await?;
    if_match.check(plan.plan_version)?;
    let mut invalid = Invalid::default();
    let name = req.name.as_deref().map(|n| {
        invalid
            .check("name", Name::parse(n))
            .map(|n| n.as_str().to_owned())
    });
    let total = match &req.total {
        Some(t) => match parse_value("total", t, metric_of(&plan), &caller.tenant.currency) {
            Ok(v) => Some(Some(v)),
            Err(e) => {
                for (f, code, _) in e.fields {
                    invalid.push(&f, &code);
                }
                Some(None)
            }
        },
        None => None,
    };
    invalid.finish(Some(()))?;
    let saved = owned
        .store
        .update_target_plan(
            owned.actor.user_id,
            plan.id,
            name.flatten(),
            total.flatten(),
        )
        .await?;
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    versioned(&reader, &caller, &saved, StatusCode::OK).await
}

#[utoipa::path(post, path = "/target-plans/{id}/lock", tag = "targets", params(("id" = String, Path)),
    responses((status = 200, body = TargetPlanDto), (status = 412, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn lock_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> ApiResult<Versioned<TargetPlanDto>> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    let id = path_id(&id)?;
    if_match.check(owned.store.target_plan(id).await?.plan_version)?;
    let saved = owned
        .store
        .lock_target_plan(owned.actor.user_id, id)
        .await?;
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    versioned(&reader, &caller, &saved, StatusCode::OK).await
}

#[utoipa::path(post, path = "/target-plans/{id}/versions", tag = "targets", params(("id" = String, Path)), request_body = NewVersionInput,
    responses((status = 201, body = TargetPlanDto), (status = 412, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn new_version(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(req): ApiJson<NewVersionInput>,
) -> ApiResult<Versioned<TargetPlanDto>> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    let id = path_id(&id)?;
    if_match.check(owned.store.target_plan(id).await?.plan_version)?;
    let reason = req.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::invalid("reason", InvalidValue::Required));
    }
    if reason.chars().count() > 2000 {
        return Err(ApiError::invalid(
            "reason",
            InvalidValue::TooLong { max: 2000 },
        ));
    }
    let saved = owned
        .store
        .new_target_plan_version(owned.actor.user_id, id, reason.to_owned())
        .await?;
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    versioned(&reader, &caller, &saved, StatusCode::CREATED).await
}
