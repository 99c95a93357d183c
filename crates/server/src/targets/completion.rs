//! Completion (`GET /target-plans/{id}/completion`): actual, target, rate and gap per unit
//! and period, live from the records and rolled up the tree, with the period before beside
//! it (the closed loop: last period's completion is in view when the next is allocated).
//!
//! A person's credit counts for the department they were in at the end of the month it
//! was earned (today, for the month under way): someone who moves mid-year leaves their
//! history where it was earned.

use std::collections::HashMap;

use axum::{
    extract::{Path, State},
    Json,
};
use chrono::Datelike;
use closer_domain::{
    opportunities::forecast::Period,
    org::Permission,
    targets::{format_rate, rate_bp, Metric, Months},
};
use closer_store::{
    entity::{target_allocation, target_plan},
    targets::plans::months_of,
    TenantStore,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    dto::{metric_of, unit_name, value_dto},
    org::{year_bounds, Org},
};
use crate::platform::{
    caller::Caller,
    dto::MoneyDto,
    error::{ApiError, ApiResult},
    extract::{path_id, ApiQuery},
    policy,
    state::AppState,
};

/// A plan's figures for its year: targets and actuals per unit and for the company.
pub struct Figures {
    pub metric: Metric,
    pub units: Vec<target_allocation::Model>,
    targets: HashMap<Uuid, Months>,
    /// Per person and per department (a department's includes everyone under it).
    pub actual: HashMap<Uuid, Months>,
    pub company_actual: Months,
    pub company_target: Months,
}

impl Figures {
    #[must_use]
    pub fn target_of(&self, unit: Uuid) -> Months {
        self.targets.get(&unit).copied().unwrap_or_default()
    }

    #[must_use]
    pub fn actual_of(&self, unit: Uuid) -> Months {
        self.actual.get(&unit).copied().unwrap_or_default()
    }
}

/// Reads a plan's figures: its allocation, and everyone's credit month by month.
///
/// # Errors
/// When the database fails.
pub async fn figures(
    store: &TenantStore,
    plan: &target_plan::Model,
    org: &Org,
    time_zone: &str,
) -> ApiResult<Figures> {
    let metric = metric_of(plan);
    let bounds = year_bounds(plan.year, time_zone);
    let units = store.target_allocations(plan.id).await?;
    let credits = store.credits(metric, &bounds).await?;
    let now = closer_store::now();
    let mut actual: HashMap<Uuid, Months> = HashMap::new();
    let mut company_actual = [0i64; 12];
    for c in credits {
        company_actual[c.month] += c.amount;
        actual.entry(c.user_id).or_default()[c.month] += c.amount;
        let month_end = bounds.instants[c.month + 1].min(now);
        if let Some(d) = org.department_at(c.user_id, month_end) {
            for a in org.chain(d) {
                actual.entry(a).or_default()[c.month] += c.amount;
            }
        }
    }
    let mut company_target = [0i64; 12];
    let tops: Vec<&target_allocation::Model> =
        units.iter().filter(|u| u.parent_id.is_none()).collect();
    if tops.is_empty() {
        company_target = closer_domain::targets::spread_months(plan.total, &[0; 12]);
    } else {
        for u in tops {
            for (m, v) in months_of(u).iter().enumerate() {
                company_target[m] += v;
            }
        }
    }
    let targets = units.iter().map(|u| (u.unit_id, months_of(u))).collect();
    Ok(Figures {
        metric,
        units,
        targets,
        actual,
        company_actual,
        company_target,
    })
}

/// The months (0–11) of a period inside a year, or `None` when it is another year.
#[must_use]
pub fn months_in(period: Period, year: i32) -> Option<std::ops::RangeInclusive<usize>> {
    (period.first_day().year() == year)
        .then(|| (period.first_day().month0() as usize)..=(period.last_day().month0() as usize))
}

fn sum(months: &Months, range: &std::ops::RangeInclusive<usize>) -> i64 {
    months[range.clone()].iter().sum()
}

#[derive(Serialize, ToSchema)]
pub struct UnitRef {
    /// `company`, `department` or `user`.
    pub kind: String,
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct PreviousDto {
    pub period: String,
    pub target: MoneyDto,
    pub actual: MoneyDto,
    pub rate: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CompletionRowDto {
    pub unit: UnitRef,
    /// The unit above in the plan (`null` under the company; the company row has none).
    pub parent_id: Option<String>,
    pub target: MoneyDto,
    pub actual: MoneyDto,
    /// Actual ÷ target in percent, two decimals (`null` without a target).
    pub rate: Option<String>,
    /// Target − actual (negative once exceeded).
    pub gap: MoneyDto,
    /// The same figures for the period before (`null` when there is no plan for it).
    pub previous: Option<PreviousDto>,
}

#[derive(Serialize, ToSchema)]
pub struct MonthFigureDto {
    /// `YYYY-MM`.
    pub month: String,
    pub target: MoneyDto,
    pub actual: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct CompletionDto {
    pub plan_id: String,
    pub metric: String,
    pub period: String,
    pub rows: Vec<CompletionRowDto>,
    /// The year month by month for the company (or the department asked for).
    pub months: Vec<MonthFigureDto>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompletionQuery {
    /// `2026`, `2026-Q1` or `2026-03` within the plan's year (default: the year).
    pub period: Option<String>,
    /// Only this department's units (and the people under it).
    pub department_id: Option<String>,
}

struct Unit {
    kind: &'static str,
    id: Uuid,
    parent: Option<Uuid>,
}

#[utoipa::path(get, path = "/target-plans/{id}/completion", tag = "targets", params(("id" = String, Path), CompletionQuery),
    responses((status = 200, body = CompletionDto), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn completion(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<CompletionQuery>,
) -> ApiResult<Json<CompletionDto>> {
    let reader = policy::reports::scope_reader(&caller, &state, Permission::TargetsRead).await?;
    let store = &reader.owned.store;
    let plan = store.target_plan(path_id(&id)?).await?;
    let period = match q.period.as_deref() {
        Some(p) => Period::parse(p).map_err(|e| ApiError::invalid("period", e))?,
        None => Period::year(plan.year).ok_or_else(|| ApiError::field("period", "not_allowed"))?,
    };
    let range = months_in(period, plan.year)
        .ok_or_else(|| ApiError::field("period", "outside_plan_year"))?;
    let org = Org::load(store).await?;
    let department = match q.department_id.as_deref() {
        Some(d) => Some(
            closer_domain::ids::parse_id(d)
                .ok()
                .filter(|d| org.department(*d).is_some() && reader.sees_department(*d))
                .ok_or_else(|| ApiError::field("department_id", "unknown_reference"))?,
        ),
        None => None,
    };
    let tz = caller.tenant.time_zone.clone();
    let current = figures(store, &plan, &org, &tz).await?;
    // The period before: in this plan's year, or the year before's plan for the metric.
    let previous = match period.previous() {
        Some(p) if p.first_day().year() == plan.year => Some((p, None)),
        Some(p) => {
            let earlier = store
                .target_plans(Some(plan.year - 1))
                .await?
                .into_iter()
                .find(|e| e.metric == plan.metric && e.superseded_by.is_none());
            match earlier {
                Some(e) => Some((p, Some(figures(store, &e, &org, &tz).await?))),
                None => None,
            }
        }
        None => None,
    };
    let currency = caller.tenant.currency.as_str();
    let metric = current.metric;
    let money = |v: i64| value_dto(metric, v, currency);
    let mut units: Vec<Unit> = Vec::new();
    if department.is_none() && reader.sees_company() {
        units.push(Unit {
            kind: "company",
            id: caller.tenant.tenant_id,
            parent: None,
        });
    }
    let under = department.map(|d| org.subtree(d));
    for u in &current.units {
        let kind = if u.unit_kind == "department" {
            "department"
        } else {
            "user"
        };
        let visible = if kind == "department" {
            reader.sees_department(u.unit_id)
        } else {
            reader.sees_user(u.unit_id)
        };
        let inside = under.as_ref().is_none_or(|set| {
            if kind == "department" {
                set.contains(&u.unit_id)
            } else {
                org.user(u.unit_id)
                    .is_some_and(|p| set.contains(&p.department_id))
            }
        });
        if visible && inside {
            units.push(Unit {
                kind,
                id: u.unit_id,
                parent: u.parent_id,
            });
        }
    }
    let figure = |f: &Figures, unit: &Unit| -> (Months, Months) {
        if unit.kind == "company" {
            (f.company_target, f.company_actual)
        } else {
            (f.target_of(unit.id), f.actual_of(unit.id))
        }
    };
    let rows = units
        .iter()
        .map(|unit| {
            let (target_m, actual_m) = figure(&current, unit);
            let (target, actual) = (sum(&target_m, &range), sum(&actual_m, &range));
            let previous = previous.as_ref().and_then(|(p, other)| {
                let f = other.as_ref().unwrap_or(&current);
                let year = if other.is_some() {
                    plan.year - 1
                } else {
                    plan.year
                };
                let r = months_in(*p, year)?;
                let (t, a) = figure(f, unit);
                let (t, a) = (sum(&t, &r), sum(&a, &r));
                Some(PreviousDto {
                    period: p.to_string(),
                    target: money(t),
                    actual: money(a),
                    rate: rate_bp(a, t).map(format_rate),
                })
            });
            CompletionRowDto {
                unit: UnitRef {
                    kind: unit.kind.to_owned(),
                    id: unit.id.to_string(),
                    name: if unit.kind == "company" {
                        caller.tenant.name.clone()
                    } else {
                        unit_name(&org, unit.kind, unit.id)
                    },
                },
                parent_id: unit.parent.map(|p| p.to_string()),
                target: money(target),
                actual: money(actual),
                rate: rate_bp(actual, target).map(format_rate),
                gap: money(target - actual),
                previous,
            }
        })
        .collect();
    let (target_m, actual_m) = match department {
        Some(d) => (current.target_of(d), current.actual_of(d)),
        None if reader.sees_company() => (current.company_target, current.company_actual),
        None => {
            let me = reader.owned.actor.user_id;
            (current.target_of(me), current.actual_of(me))
        }
    };
    Ok(Json(CompletionDto {
        plan_id: plan.id.to_string(),
        metric: plan.metric.clone(),
        period: period.to_string(),
        rows,
        months: (0..12)
            .map(|m| MonthFigureDto {
                month: format!("{:04}-{:02}", plan.year, m + 1),
                target: money(target_m[m]),
                actual: money(actual_m[m]),
            })
            .collect(),
    }))
}
