//! Allocating a plan: `PUT /target-plans/{id}/allocations` (every level adds up exactly to
//! its parent, month by month) and `POST /target-plans/{id}/suggestion` (a parent's target
//! split among its sub-departments and people by their customer resources).

use std::collections::HashSet;

use axum::{
    extract::{Path, State},
    Json,
};
use closer_domain::{
    ids::parse_id,
    org::Permission,
    targets::{
        balance_months, check_allocation, format_rate, rate_bp, split_by_weight, spread_months,
        AllocatedUnit, Months, Unbalanced,
    },
};
use closer_store::targets::plans::{months_of, UnitAllocation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    dto::{metric_of, parse_value, unit_name, value_dto, ResourcesDto, TargetPlanDto},
    org::{resources, Org},
    plans::versioned,
};
use crate::platform::{
    caller::Caller,
    dto::{money_dto, AmountInput, MoneyDto},
    error::{ApiError, ApiResult, Invalid},
    extract::{path_id, ApiJson},
    policy,
    state::AppState,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    /// A department (a sales region or team); or give `user_id`.
    pub department_id: Option<String>,
    pub user_id: Option<String>,
    /// Twelve figures, January first.
    pub months: Vec<AmountInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetAllocationInput {
    pub units: Vec<UnitInput>,
}

/// A parsed unit: kind, id, months.
type Parsed = (&'static str, Uuid, Months);

fn parse_units(
    req: &TargetAllocationInput,
    org: &Org,
    reader: &policy::reports::ScopeReader,
    metric: closer_domain::targets::Metric,
    currency: &str,
    invalid: &mut Invalid,
) -> Vec<Parsed> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, u) in req.units.iter().enumerate() {
        let unit = match (&u.department_id, &u.user_id) {
            (Some(d), None) => {
                let field = format!("units[{i}].department_id");
                match parse_id(d).ok().filter(|d| org.department(*d).is_some()) {
                    Some(d) if !reader.sees_department(d) => {
                        invalid.push(&field, "not_allowed");
                        None
                    }
                    Some(d) => Some(("department", d, field)),
                    None => {
                        invalid.push(&field, "unknown_reference");
                        None
                    }
                }
            }
            (None, Some(user)) => {
                let field = format!("units[{i}].user_id");
                match parse_id(user).ok().filter(|u| org.user(*u).is_some()) {
                    Some(u) if !reader.sees_user(u) => {
                        invalid.push(&field, "not_allowed");
                        None
                    }
                    Some(u) => Some(("user", u, field)),
                    None => {
                        invalid.push(&field, "unknown_reference");
                        None
                    }
                }
            }
            _ => {
                invalid.push(&format!("units[{i}].department_id"), "required");
                None
            }
        };
        if let Some((_, id, field)) = &unit {
            if !seen.insert(*id) {
                invalid.push(field, "already_exists");
            }
        }
        if u.months.len() != 12 {
            invalid.push(&format!("units[{i}].months"), "invalid_format");
            continue;
        }
        let mut months = [0i64; 12];
        for (m, v) in u.months.iter().enumerate() {
            match parse_value(&format!("units[{i}].months[{m}]"), v, metric, currency) {
                Ok(v) => months[m] = v,
                Err(e) => {
                    for (f, code, _) in e.fields {
                        invalid.push(&f, &code);
                    }
                }
            }
        }
        if let Some((kind, id, _)) = unit {
            out.push((kind, id, months));
        }
    }
    out
}

/// The nearest unit above each one in the plan's own set.
fn parents(org: &Org, units: &[Parsed]) -> Vec<Option<usize>> {
    let index = |id: Uuid| units.iter().position(|u| u.1 == id);
    units
        .iter()
        .map(|(kind, id, _)| {
            let chain = if *kind == "department" {
                org.chain(*id).into_iter().skip(1).collect::<Vec<_>>()
            } else {
                org.user(*id)
                    .map(|u| org.chain(u.department_id))
                    .unwrap_or_default()
            };
            chain.into_iter().find_map(index)
        })
        .collect()
}

#[utoipa::path(put, path = "/target-plans/{id}/allocations", tag = "targets", params(("id" = String, Path)), request_body = TargetAllocationInput,
    responses((status = 200, body = TargetPlanDto), (status = 412, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn put_allocations(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    if_match: crate::platform::extract::IfMatch,
    ApiJson(req): ApiJson<TargetAllocationInput>,
) -> ApiResult<crate::platform::dto::Versioned<TargetPlanDto>> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    let plan = owned.store.target_plan(path_id(&id)?).await?;
    if_match.check(plan.plan_version)?;
    if plan.status != "draft" {
        return Err(ApiError::conflict("plan_locked"));
    }
    let org = Org::load(&owned.store).await?;
    let mut invalid = Invalid::default();
    let mut units = parse_units(
        &req,
        &org,
        &reader,
        metric_of(&plan),
        &caller.tenant.currency,
        &mut invalid,
    );
    invalid.finish(Some(()))?;
    let given = units.len();
    // Units outside the caller's scope stay as they were: a regional manager allocates their
    // region without touching the others.
    for kept in owned.store.target_allocations(plan.id).await? {
        let visible = if kept.unit_kind == "department" {
            reader.sees_department(kept.unit_id)
        } else {
            reader.sees_user(kept.unit_id)
        };
        if !visible && !units.iter().any(|u| u.1 == kept.unit_id) {
            let kind = if kept.unit_kind == "department" {
                "department"
            } else {
                "user"
            };
            units.push((kind, kept.unit_id, months_of(&kept)));
        }
    }
    let parent_of = parents(&org, &units);
    let checked: Vec<AllocatedUnit> = units
        .iter()
        .zip(&parent_of)
        .map(|(u, p)| AllocatedUnit {
            parent: *p,
            months: u.2,
        })
        .collect();
    let problems = check_allocation(plan.total, &checked);
    if !problems.is_empty() {
        let mut err = ApiError::field("units", "unbalanced");
        err.fields.clear();
        let name = |i: usize| {
            if i < given {
                format!("units[{i}]")
            } else {
                "units".to_owned()
            }
        };
        for p in problems {
            match p {
                Unbalanced::Total { .. } => {
                    let last_top = (0..units.len())
                        .rev()
                        .find(|i| parent_of[*i].is_none())
                        .unwrap_or(0);
                    err = err.with_field(
                        &format!("{}.months[11]", name(last_top)),
                        "unbalanced",
                        None,
                    );
                }
                Unbalanced::Month { unit, month, .. } => {
                    err = err.with_field(
                        &format!("{}.months[{month}]", name(unit)),
                        "unbalanced",
                        None,
                    );
                }
                Unbalanced::Negative { unit, month } => {
                    err = err.with_field(
                        &format!("{}.months[{month}]", name(unit)),
                        "not_allowed",
                        None,
                    );
                }
            }
        }
        return Err(err.in_language(caller.language()));
    }
    let saved: Vec<UnitAllocation> = units
        .iter()
        .zip(&parent_of)
        .map(|(u, p)| UnitAllocation {
            unit_id: u.1,
            unit_kind: u.0,
            parent_id: p.map(|i| units[i].1),
            months: u.2,
        })
        .collect();
    owned
        .store
        .set_target_allocations(owned.actor.user_id, plan.id, &saved)
        .await?;
    let plan = owned.store.target_plan(plan.id).await?;
    versioned(&reader, &caller, &plan, axum::http::StatusCode::OK).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestionInput {
    /// The parent whose target is split (`null`: the company's total).
    pub department_id: Option<String>,
    /// `active_customers` (default), `potential` (their summed annual revenue) or `even`.
    pub basis: Option<String>,
    /// The unit that takes the rounding remainder (default: the largest share).
    pub remainder_to: Option<String>,
    /// The parent's months as the screen has them now (default: as saved; the company's
    /// total is spread evenly).
    pub parent_months: Option<Vec<AmountInput>>,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestedUnit {
    pub kind: String,
    pub id: String,
    pub name: String,
    pub resources: ResourcesDto,
    /// The unit's share of the resources among its siblings, in percent.
    pub share: String,
    pub months: Vec<MoneyDto>,
    pub total: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionDto {
    pub units: Vec<SuggestedUnit>,
}

#[utoipa::path(post, path = "/target-plans/{id}/suggestion", tag = "targets", params(("id" = String, Path)), request_body = SuggestionInput,
    responses((status = 200, body = SuggestionDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn suggestion(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<SuggestionInput>,
) -> ApiResult<Json<SuggestionDto>> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::TargetsRead,
        Permission::TargetsManage,
    )
    .await?;
    let plan = owned.store.target_plan(path_id(&id)?).await?;
    let metric = metric_of(&plan);
    let currency = caller.tenant.currency.clone();
    let org = Org::load(&owned.store).await?;
    let res = resources(&org, &owned.store.customer_resources().await?);
    let basis = req.basis.as_deref().unwrap_or("active_customers");
    if !["active_customers", "potential", "even"].contains(&basis) {
        return Err(ApiError::field("basis", "not_allowed"));
    }
    let parent = match &req.department_id {
        Some(d) => Some(
            parse_id(d)
                .ok()
                .filter(|d| org.department(*d).is_some())
                .ok_or_else(|| ApiError::field("department_id", "unknown_reference"))?,
        ),
        None => None,
    };
    let parent_months: Option<Months> = match &req.parent_months {
        Some(list) if list.len() == 12 => {
            let mut months = [0; 12];
            for (m, v) in list.iter().enumerate() {
                months[m] = parse_value(&format!("parent_months[{m}]"), v, metric, &currency)?;
            }
            Some(months)
        }
        Some(_) => return Err(ApiError::field("parent_months", "invalid_format")),
        None => match parent {
            Some(d) => owned
                .store
                .target_allocations(plan.id)
                .await?
                .iter()
                .find(|u| u.unit_id == d)
                .map(months_of),
            None => None,
        },
    };
    let children = children_of(&org, parent);
    let named = match &req.remainder_to {
        Some(r) => Some(
            parse_id(r)
                .ok()
                .and_then(|r| children.iter().position(|c| c.1 == r))
                .ok_or_else(|| ApiError::field("remainder_to", "unknown_reference"))?,
        ),
        None => None,
    };
    let (year_total, profile) = match (parent, parent_months) {
        (_, Some(m)) => (m.iter().sum(), Some(m)),
        (None, None) => (plan.total, None),
        (Some(_), None) => return Err(ApiError::field("department_id", "not_allowed")),
    };
    let weights = weights_of(&children, &res, basis);
    let months = suggest(
        year_total,
        profile.filter(|_| parent.is_some()),
        &weights,
        named,
    );
    let weight_sum: i64 = weights.iter().sum();
    Ok(Json(SuggestionDto {
        units: children
            .iter()
            .zip(&weights)
            .zip(&months)
            .map(|(((kind, id), w), m)| {
                let (n, potential) = res.get(id).copied().unwrap_or_default();
                SuggestedUnit {
                    kind: (*kind).to_owned(),
                    id: id.to_string(),
                    name: unit_name(&org, kind, *id),
                    resources: ResourcesDto {
                        active_customers: n,
                        potential: money_dto(potential, &currency),
                    },
                    share: format_rate(rate_bp(*w, weight_sum).unwrap_or(0)),
                    months: m.iter().map(|v| value_dto(metric, *v, &currency)).collect(),
                    total: value_dto(metric, m.iter().sum(), &currency),
                }
            })
            .collect(),
    }))
}

/// Who a parent's target is split among: its sub-departments, then its active people (the
/// company's: the root department's).
#[must_use]
pub fn children_of(org: &Org, parent: Option<Uuid>) -> Vec<(&'static str, Uuid)> {
    let (departments, users) = org.children(parent.or_else(|| org.root()).unwrap_or_default());
    departments
        .iter()
        .map(|d| ("department", d.id))
        .chain(users.iter().map(|u| ("user", u.id)))
        .collect()
}

/// Each unit's weight: active customers, their summed potential, or one each (`even`).
#[must_use]
pub fn weights_of(
    children: &[(&str, Uuid)],
    res: &std::collections::HashMap<Uuid, (i64, i64)>,
    basis: &str,
) -> Vec<i64> {
    children
        .iter()
        .map(|(_, id)| {
            let (n, potential) = res.get(id).copied().unwrap_or_default();
            match basis {
                "active_customers" => n,
                "potential" => potential,
                _ => 1,
            }
        })
        .collect()
}

/// A parent's year split by weight (remainder to `named`, else the largest share), each
/// part spread over months like the parent's (`profile`; none: evenly, December taking the
/// remainder) and, under a department, balanced so every month adds up to the parent's.
#[must_use]
pub fn suggest(
    year_total: i64,
    profile: Option<Months>,
    weights: &[i64],
    named: Option<usize>,
) -> Vec<Months> {
    let years = split_by_weight(year_total, weights, named);
    let mut months: Vec<Months> = years
        .iter()
        .map(|y| spread_months(*y, &profile.unwrap_or([0; 12])))
        .collect();
    if let (Some(p), false) = (profile, months.is_empty()) {
        let largest =
            (0..weights.len()).fold(0, |b, i| if weights[i] > weights[b] { i } else { b });
        balance_months(&mut months, &p, named.unwrap_or(largest));
    }
    months
}
