//! `GET /dashboards`: the figures of the caller's home page, each within their scope and
//! only where their role may read it — the pipeline and the forecast for the period, the
//! target of the unit shown (the owner or department filtered by, else the caller's own:
//! themselves, their department, or the company), the
//! deals stuck longest in their stage, cash due and overdue, campaign leads, and the won
//! amount month by month over the last year.

use axum::{extract::State, Json};
use chrono::{Datelike, Duration};
use closer_domain::{
    opportunities::forecast::{forecast, Period, StageInfo},
    org::Permission,
    targets::{format_rate, rate_bp},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    analytics::scope::{day_start, report, ReportQuery},
    opportunities::{
        forecast::stage_info,
        process::{stage_ref, StageRef},
    },
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::ApiResult,
    platform::extract::ApiQuery,
    platform::policy::reports::{target_unit, TargetUnit},
    platform::state::AppState,
    targets::{
        completion::{figures, months_in},
        dto::{metric_of, value_dto},
        org::Org,
    },
};

/// Days in a stage after which an open deal counts as stuck.
const STUCK_AFTER_DAYS: i64 = 30;

#[derive(Serialize, ToSchema)]
pub struct PipelineFiguresDto {
    pub open_count: i64,
    pub open_amount: MoneyDto,
    pub won_count: i64,
    pub won_amount: MoneyDto,
    pub lost_count: i64,
    pub lost_amount: MoneyDto,
    /// Open deals expected to close in the period × their stage's win rate.
    pub expected_amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct TargetFiguresDto {
    pub plan_id: String,
    pub plan_name: String,
    pub metric: String,
    /// `company`, `department` or `user`: whose target this is.
    pub unit: String,
    pub target: MoneyDto,
    pub actual: MoneyDto,
    pub rate: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct StuckDealDto {
    pub id: String,
    pub name: String,
    pub owner_id: Option<String>,
    pub stage: StageRef,
    pub amount: MoneyDto,
    pub days_in_stage: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MonthAmountDto {
    /// `YYYY-MM`.
    pub month: String,
    pub won_amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignFiguresDto {
    pub leads: i64,
    pub converted_leads: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DashboardDto {
    /// The caller's role key (`sales_rep`, `sales_manager`, `finance`, `marketing`, `admin`
    /// or the tenant's own): the home page picks its cards by it.
    pub role: String,
    pub period: String,
    /// Null without `opportunities.read` or `analytics.read`.
    pub pipeline: Option<PipelineFiguresDto>,
    /// The current target plan's figure for the caller's unit, when there is one.
    pub target: Option<TargetFiguresDto>,
    /// Open deals in their stage for more than 30 days, the longest first (at most 10).
    pub stuck: Vec<StuckDealDto>,
    /// Won amount per month over the last twelve months.
    pub won_by_month: Vec<MonthAmountDto>,
    /// Cash (with `cash.read`): see `GET /cash/summary`.
    pub cash: Option<crate::cash::aging::CashSummary>,
    /// Leads of the period and how many were converted (with `leads.read`).
    pub campaigns: Option<CampaignFiguresDto>,
}

#[utoipa::path(get, path = "/dashboards", tag = "analytics", params(ReportQuery),
    responses((status = 200, body = DashboardDto), (status = 422, body = crate::platform::error::Problem)))]
#[allow(clippy::too_many_lines)]
pub async fn get_dashboard(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<DashboardDto>> {
    let today = crate::platform::calendar::today(&caller.tenant.time_zone);
    let currency = caller.tenant.currency.clone();
    let reads_deals = crate::platform::policy::reports::report_permission(&caller).is_some();
    let mut dto = DashboardDto {
        role: caller.role.key.clone(),
        period: q
            .period
            .clone()
            .unwrap_or_else(|| format!("{}", today.year())),
        pipeline: None,
        target: None,
        stuck: Vec::new(),
        won_by_month: Vec::new(),
        cash: None,
        campaigns: None,
    };
    if caller.actor.can(Permission::CashRead) {
        dto.cash = Some(
            crate::cash::aging::summary(State(state.clone()), caller.clone())
                .await?
                .0,
        );
    }
    if !reads_deals && !caller.actor.can(Permission::LeadsRead) {
        return Ok(Json(dto));
    }
    if !reads_deals {
        // Marketing without deals: leads only.
        let owned = crate::platform::policy::owned(&caller, &state, Permission::LeadsRead).await?;
        let period = Period::parse(&dto.period).ok();
        dto.campaigns =
            Some(campaign_figures(&owned.store, owned.visible_owners(), period, &caller).await?);
        return Ok(Json(dto));
    }
    let query = ReportQuery {
        period: Some(dto.period.clone()),
        department_id: q.department_id.clone(),
        owner_id: q.owner_id.clone(),
        group_by: None,
        format: None,
        plan_id: q.plan_id.clone(),
    };
    let r = report(&caller, &state, &query, &["none"]).await?;
    let store = &r.owned.store;
    let period = r
        .period
        .ok_or_else(crate::platform::error::ApiError::internal)?;
    // Pipeline and forecast for the period: won and lost deals by when they closed, open
    // ones by when they are expected to close — both read from totals the database keeps
    // (closed deals per owner and month, the forecast's per stage), not from every deal.
    let mut sums = [(0i64, 0i64); 3];
    let span = r
        .set
        .period
        .ok_or_else(crate::platform::error::ApiError::internal)?;
    for t in store
        .closed_by_period(r.set.owners.as_deref(), &[span.from, span.to])
        .await?
        .values()
    {
        sums[1].0 += t.won_count;
        sums[1].1 += t.won_amount;
        sums[2].0 += t.lost_count;
        sums[2].1 += t.lost_amount;
    }
    let processes = store.sales_processes().await?;
    let stages: Vec<_> = processes
        .iter()
        .flat_map(|(_, s)| s.iter().cloned())
        .collect();
    let infos: Vec<StageInfo> = stages.iter().map(stage_info).collect();
    let totals = store
        .stage_totals(&closer_store::opportunities::records::ForecastFilter {
            owners: r.set.owners.clone(),
            closing: Some((period.first_day(), period.last_day())),
            ..Default::default()
        })
        .await?;
    for t in &totals {
        if stages
            .iter()
            .any(|s| s.id == t.stage_id && !s.is_won && !s.is_lost)
        {
            sums[0].0 += i64::try_from(t.count).unwrap_or(i64::MAX);
            sums[0].1 += t.amount;
        }
    }
    let expected = forecast(&infos, &totals).expected_amount;
    dto.pipeline = Some(PipelineFiguresDto {
        open_count: sums[0].0,
        open_amount: money_dto(sums[0].1, &currency),
        won_count: sums[1].0,
        won_amount: money_dto(sums[1].1, &currency),
        lost_count: sums[2].0,
        lost_amount: money_dto(sums[2].1, &currency),
        expected_amount: money_dto(expected, &currency),
    });
    // Stuck deals, by name, and the target: to whoever may read deals and targets.
    let (deals_by_name, targets_readable) =
        crate::platform::policy::reports::dashboard_view(&caller);
    let open: Vec<uuid::Uuid> = stages
        .iter()
        .filter(|s| !s.is_won && !s.is_lost)
        .map(|s| s.id)
        .collect();
    let now = closer_store::now();
    let stuck = if deals_by_name {
        store
            .stuck_deals(
                &open,
                r.set.owners.as_ref(),
                now - Duration::days(STUCK_AFTER_DAYS),
                10,
            )
            .await?
    } else {
        Vec::new()
    };
    for d in stuck {
        let Some(stage) = stages.iter().find(|s| s.id == d.stage_id) else {
            continue;
        };
        dto.stuck.push(StuckDealDto {
            id: d.id.to_string(),
            name: d.name,
            owner_id: d.owner_id.map(|o| o.to_string()),
            stage: stage_ref(stage),
            amount: money_dto(d.amount_minor, &currency),
            days_in_stage: d.stage_entered_at.map_or(0, |at| (now - at).num_days()),
        });
    }
    // Won by month over the last twelve months.
    // The first day of the month eleven months back: twelve months with this one.
    let back = today.year() * 12 + today.month0() as i32 - 11;
    let first =
        chrono::NaiveDate::from_ymd_opt(back / 12, (back % 12) as u32 + 1, 1).unwrap_or(today);
    let mut months = Vec::new();
    let mut day = first;
    while day <= today {
        months.push((
            day.year() * 100 + day.month() as i32,
            day_start(day, r.time_zone),
        ));
        day = crate::analytics::scope::next_month(day);
    }
    months.push((0, day_start(day, r.time_zone)));
    let starts: Vec<_> = months.iter().map(|m| m.1).collect();
    let mut won: std::collections::HashMap<i32, i64> = std::collections::HashMap::new();
    for (period, t) in store
        .closed_by_period(r.set.owners.as_deref(), &starts)
        .await?
    {
        *won.entry(months[period].0).or_default() += t.won_amount;
    }
    let mut day = first;
    while day <= today {
        let key = day.year() * 100 + day.month() as i32;
        dto.won_by_month.push(MonthAmountDto {
            month: format!("{:04}-{:02}", day.year(), day.month()),
            won_amount: money_dto(won.get(&key).copied().unwrap_or(0), &currency),
        });
        day = crate::analytics::scope::next_month(day);
    }
    // The target of the unit shown: the one filtered by, else the caller's own.
    let unit = target_unit(&caller, &r.owned, r.department, r.owner).await?;
    dto.target = match unit.filter(|_| targets_readable) {
        Some(unit) => unit_target(&caller, store, period, unit).await?,
        None => None,
    };
    if caller.actor.can(Permission::LeadsRead) {
        dto.campaigns =
            Some(campaign_figures(store, r.set.owners.as_ref(), Some(period), &caller).await?);
    }
    Ok(Json(dto))
}

async fn campaign_figures(
    store: &closer_store::TenantStore,
    owners: Option<&Vec<uuid::Uuid>>,
    period: Option<Period>,
    caller: &Caller,
) -> ApiResult<CampaignFiguresDto> {
    let tz: chrono_tz::Tz = caller
        .tenant
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Asia::Shanghai);
    let created = period.map(|p| {
        (
            day_start(p.first_day(), tz),
            day_start(p.last_day().succ_opt().unwrap_or(p.last_day()), tz),
        )
    });
    let (mut leads, mut converted) = (0, 0);
    for y in store.lead_yield(owners, created, false).await? {
        leads += y.leads;
        converted += y.converted;
    }
    Ok(CampaignFiguresDto {
        leads,
        converted_leads: converted,
    })
}

/// The current plan's target and actual for `unit` in the period.
async fn unit_target(
    caller: &Caller,
    store: &closer_store::TenantStore,
    period: Period,
    unit: TargetUnit,
) -> ApiResult<Option<TargetFiguresDto>> {
    let year = period.first_day().year();
    let mut plans: Vec<_> = store
        .target_plans(Some(year))
        .await?
        .into_iter()
        .filter(|p| p.superseded_by.is_none())
        .collect();
    plans.sort_by_key(|p| (p.status != "locked", std::cmp::Reverse(p.created_at)));
    let Some(plan) = plans.into_iter().next() else {
        return Ok(None);
    };
    let Some(range) = months_in(period, plan.year) else {
        return Ok(None);
    };
    let org = Org::load(store).await?;
    let f = figures(store, &plan, &org, &caller.tenant.time_zone).await?;
    let (unit, target, actual) = match unit {
        TargetUnit::Company => (
            "company",
            f.company_target[range.clone()].iter().sum(),
            f.company_actual[range].iter().sum(),
        ),
        TargetUnit::Department(d) => (
            "department",
            f.target_of(d)[range.clone()].iter().sum(),
            f.actual_of(d)[range].iter().sum(),
        ),
        TargetUnit::User(u) => (
            "user",
            f.target_of(u)[range.clone()].iter().sum(),
            f.actual_of(u)[range].iter().sum(),
        ),
    };
    let metric = metric_of(&plan);
    let currency = caller.tenant.currency.as_str();
    Ok(Some(TargetFiguresDto {
        plan_id: plan.id.to_string(),
        plan_name: plan.name.clone(),
        metric: metric.key().to_owned(),
        unit: unit.into(),
        target: value_dto(metric, target, currency),
        actual: value_dto(metric, actual, currency),
        rate: rate_bp(actual, target).map(format_rate),
    }))
}
