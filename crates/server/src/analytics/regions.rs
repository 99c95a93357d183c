//! `GET /analytics/regions`: each sales region (a department directly under the company)
//! with its target against actual for the period (from a target plan), its open pipeline,
//! its customers, and the coverage of what is left to reach by what is in the pipeline.

use std::collections::{HashMap, HashSet};

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    analytics::rate_bp as share_bp,
    opportunities::forecast::Period,
    targets::{format_rate, rate_bp},
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    analytics::scope::{report, ReportQuery},
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::{ApiError, ApiResult},
    platform::export::table_response,
    platform::extract::ApiQuery,
    platform::policy,
    platform::state::AppState,
    targets::{
        completion::{figures, months_in},
        dto::{metric_of, value_dto},
        org::Org,
    },
};

#[derive(Serialize, ToSchema)]
pub struct RegionRowDto {
    pub department_id: String,
    pub name: String,
    /// From the plan, for the period (null without a plan).
    pub target: Option<MoneyDto>,
    pub actual: Option<MoneyDto>,
    /// Actual ÷ target, percent with two decimals.
    pub rate: Option<String>,
    /// Target − actual (null without a plan).
    pub gap: Option<MoneyDto>,
    /// Open deals of the region's people expected to close in the period.
    pub pipeline_count: i64,
    pub pipeline_amount: MoneyDto,
    /// Customers owned by the region's people.
    pub customers: i64,
    /// Pipeline ÷ gap, percent with two decimals: above 100 the pipeline covers what is
    /// left; null when nothing is left or the plan does not count money.
    pub coverage: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RegionsDto {
    pub period: String,
    /// The plan measured against, if any: its id, name and metric.
    pub plan_id: Option<String>,
    pub plan_name: Option<String>,
    pub metric: Option<String>,
    pub rows: Vec<RegionRowDto>,
}

#[utoipa::path(get, path = "/analytics/regions", tag = "analytics", params(ReportQuery),
    responses((status = 200, body = RegionsDto, description = "JSON; with `format` a CSV or XLSX file"),
        (status = 422, body = crate::platform::error::Problem)))]
#[allow(clippy::too_many_lines)]
pub async fn get_regions(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let mut r = report(&caller, &state, &q, &["region"]).await?;
    let reader = policy::reports::report_scope_reader(&caller, &state).await?;
    let store = &r.owned.store;
    let today = crate::platform::calendar::today(&caller.tenant.time_zone);
    // Without a period: this year so far, so that targets have something to answer.
    let period = match r.period {
        Some(p) => p,
        None => {
            let p = Period::year(chrono::Datelike::year(&today))
                .ok_or_else(|| ApiError::field("period", "not_allowed"))?;
            r.set.period = Some(closer_store::analytics::deals::PeriodBounds {
                from: crate::targets::org::day_start(p.first_day(), r.time_zone),
                to: crate::targets::org::day_start(
                    p.last_day().succ_opt().unwrap_or(p.last_day()),
                    r.time_zone,
                ),
                first_day: p.first_day(),
                last_day: p.last_day(),
            });
            p
        }
    };
    let year = chrono::Datelike::year(&period.first_day());
    let plan = match q.plan_id.as_deref() {
        Some(id) => {
            let id = closer_domain::ids::parse_id(id)
                .map_err(|_| ApiError::field("plan_id", "unknown_reference"))?;
            Some(
                store
                    .target_plan(id)
                    .await
                    .map_err(|_| ApiError::field("plan_id", "unknown_reference"))?,
            )
        }
        None => {
            let mut plans: Vec<_> = store
                .target_plans(Some(year))
                .await?
                .into_iter()
                .filter(|p| p.superseded_by.is_none())
                .collect();
            plans.sort_by_key(|p| (p.status != "locked", std::cmp::Reverse(p.created_at)));
            plans.into_iter().next()
        }
    };
    let org = Org::load(store).await?;
    let Some(root) = org.root() else {
        return Err(ApiError::internal());
    };
    // Each region with the unit of it the caller sees: the region whole, the top of the
    // departments they see in it (a team manager's team), or the caller themself (a rep
    // who sees only their own records, in the region they work in).
    let caller_department = org
        .users
        .iter()
        .find(|u| u.id == caller.actor.user_id)
        .map(|u| u.department_id);
    let regions: Vec<(closer_store::entity::department::Model, Uuid)> = org
        .children(root)
        .0
        .into_iter()
        .filter_map(|region| {
            let part = org.subtree(region.id);
            let seen = match reader.seen_in(&part) {
                None => return Some((region.clone(), region.id)),
                Some(seen) => seen,
            };
            let tops: Vec<Uuid> = seen
                .iter()
                .filter(|d| {
                    org.departments
                        .iter()
                        .find(|x| x.id == **d)
                        .and_then(|x| x.parent_id)
                        .is_none_or(|parent| !seen.contains(&parent))
                })
                .copied()
                .collect();
            match tops.as_slice() {
                [top] => Some((region.clone(), *top)),
                [] if caller_department.is_some_and(|d| part.contains(&d))
                    && reader.sees_user(caller.actor.user_id) =>
                {
                    Some((region.clone(), caller.actor.user_id))
                }
                _ => None,
            }
        })
        .collect();
    let tz = caller.tenant.time_zone.clone();
    let figures = match &plan {
        Some(p) => Some(figures(store, p, &org, &tz).await?),
        None => None,
    };
    let months = plan.as_ref().and_then(|p| months_in(period, p.year));
    // Each rep's open deals expected to close in the period, from the forecast's totals.
    let open_stages: HashSet<Uuid> = store
        .sales_processes()
        .await?
        .iter()
        .flat_map(|(_, stages)| stages.iter())
        .filter(|s| !s.is_won && !s.is_lost)
        .map(|s| s.id)
        .collect();
    let mut pipeline: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for (owner, t) in store
        .owner_stage_totals(&closer_store::opportunities::records::ForecastFilter {
            owners: r.set.owners.clone(),
            closing: r.set.period.map(|p| (p.first_day, p.last_day)),
            ..Default::default()
        })
        .await?
    {
        if let (Some(owner), true) = (owner, open_stages.contains(&t.stage_id)) {
            let e = pipeline.entry(owner).or_default();
            e.0 += i64::try_from(t.count).unwrap_or(i64::MAX);
            e.1 += t.amount;
        }
    }
    let customers = store.customer_resources().await?;
    let currency = r.currency.as_str();
    // A department or owner filter keeps the regions it reaches: a region inside the
    // filtered department whole; the region the filtered department or owner lies in with
    // the figures of that part only.
    let department_of = |user: Uuid| {
        org.users
            .iter()
            .find(|u| u.id == user)
            .map(|u| u.department_id)
    };
    // The department a unit (a department, or a person) lies in.
    let home = |unit: Uuid| department_of(unit).unwrap_or(unit);
    let rows: Vec<RegionRowDto> = regions
        .iter()
        .filter_map(|(region, seen)| {
            let depts: HashSet<Uuid> = org.subtree(region.id);
            let unit = match (r.owner, r.department) {
                (Some(owner), _) => department_of(owner)
                    .filter(|d| depts.contains(d))
                    .map(|_| owner)?,
                (None, Some(d)) if org.subtree(d).contains(&home(*seen)) => *seen,
                (None, Some(_)) if *seen != home(*seen) => return None,
                (None, Some(d)) if org.subtree(*seen).contains(&d) => d,
                (None, Some(_)) => return None,
                (None, None) => *seen,
            };
            let kept = org.subtree(unit);
            let people: Vec<Uuid> = org
                .users
                .iter()
                .filter(|u| {
                    (u.id == unit || kept.contains(&u.department_id)) && r.owned.sees(Some(u.id))
                })
                .map(|u| u.id)
                .collect();
            let (count, amount) = people
                .iter()
                .filter_map(|u| pipeline.get(u))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            let customer_count: i64 = people
                .iter()
                .filter_map(|u| customers.get(u))
                .map(|c| c.0)
                .sum();
            let target_actual = match (&figures, &months) {
                (Some(f), Some(range)) => {
                    let t: i64 = f.target_of(unit)[range.clone()].iter().sum();
                    let a: i64 = f.actual_of(unit)[range.clone()].iter().sum();
                    Some((f.metric, t, a))
                }
                _ => None,
            };
            Some(RegionRowDto {
                department_id: region.id.to_string(),
                name: region.name.clone(),
                target: target_actual.map(|(m, t, _)| value_dto(m, t, currency)),
                actual: target_actual.map(|(m, _, a)| value_dto(m, a, currency)),
                rate: target_actual
                    .and_then(|(_, t, a)| rate_bp(a, t))
                    .map(format_rate),
                gap: target_actual.map(|(m, t, a)| value_dto(m, t - a, currency)),
                pipeline_count: count,
                pipeline_amount: money_dto(amount, currency),
                customers: customer_count,
                coverage: target_actual
                    .filter(|(m, t, a)| m.is_money() && t > a)
                    .and_then(|(_, t, a)| {
                        share_bp(
                            u64::try_from(amount).unwrap_or(0),
                            u64::try_from(t - a).unwrap_or(0),
                        )
                    })
                    .map(format_rate),
            })
        })
        .collect();
    if let Some(format) = q.format.as_deref() {
        let cell = |m: &Option<MoneyDto>| m.as_ref().map(|m| m.amount.clone()).unwrap_or_default();
        let sheet = rows
            .iter()
            .map(|x| {
                vec![
                    x.department_id.clone(),
                    x.name.clone(),
                    cell(&x.target),
                    cell(&x.actual),
                    x.rate.clone().unwrap_or_default(),
                    cell(&x.gap),
                    x.pipeline_count.to_string(),
                    x.pipeline_amount.amount.clone(),
                    x.customers.to_string(),
                    x.coverage.clone().unwrap_or_default(),
                ]
            })
            .collect();
        return table_response(
            format,
            "regions",
            &[
                "department_id",
                "name",
                "target",
                "actual",
                "rate",
                "gap",
                "pipeline_count",
                "pipeline_amount",
                "customers",
                "coverage",
            ],
            sheet,
        );
    }
    Ok(Json(RegionsDto {
        period: period.to_string(),
        plan_id: plan.as_ref().map(|p| p.id.to_string()),
        plan_name: plan.as_ref().map(|p| p.name.clone()),
        metric: plan.as_ref().map(|p| metric_of(p).key().to_owned()),
        rows,
    })
    .into_response())
}
