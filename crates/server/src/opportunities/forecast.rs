//! The forecast: open opportunities per stage with the configured win rates, for a period,
//! a department with its sub-departments, or an owner, within the caller's data scope — and
//! beside it the learned win rate of each stage and how accurate past forecasts were.

use axum::{extract::State, Json};
use closer_domain::{
    money::format_percent,
    opportunities::{
        forecast::{forecast, period_accuracy, LearnedWinRate, Period, StageInfo, WinRateChange},
        process::{StageKind, WinRate},
    },
    org::Permission,
};
use closer_store::entity::stage;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    opportunities::{
        process::{stage_ref, StageRef},
        scope::{scope, ForecastQuery},
    },
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::{ApiError, ApiResult},
    platform::extract::ApiQuery,
    platform::policy::{self},
    platform::state::AppState,
};

pub fn stage_info(s: &stage::Model) -> StageInfo {
    StageInfo {
        stage_id: s.id,
        kind: StageKind::from_flags(s.is_won, s.is_lost).unwrap_or(StageKind::Open),
        win_rate: WinRate::from_bp(s.win_rate_bp).unwrap_or(WinRate::ZERO),
    }
}

/// Every change of a stage's configured win rate, as the forecast rules read them.
pub async fn rate_changes(store: &closer_store::TenantStore) -> ApiResult<Vec<WinRateChange>> {
    Ok(store
        .win_rate_changes()
        .await?
        .iter()
        .filter_map(|r| {
            Some(WinRateChange {
                stage_id: r.stage_id,
                win_rate: WinRate::from_bp(r.win_rate_bp).ok()?,
                at: r.at,
            })
        })
        .collect())
}

#[derive(Serialize, ToSchema)]
pub struct StageForecastDto {
    pub stage: StageRef,
    pub count: u64,
    pub amount: MoneyDto,
    /// Percent, as configured now.
    pub win_rate: String,
    /// `amount × win_rate`, rounded half up to the fen once for the stage.
    pub expected_amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct ForecastDto {
    /// Open stages only, in order, zeros included.
    pub stages: Vec<StageForecastDto>,
    pub count: u64,
    pub amount: MoneyDto,
    /// The sum of the stages' expected amounts.
    pub expected_amount: MoneyDto,
}

#[utoipa::path(get, path = "/forecast", tag = "opportunities", params(ForecastQuery),
    responses((status = 200, body = ForecastDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn get_forecast(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ForecastQuery>,
) -> ApiResult<Json<ForecastDto>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let scope = scope(&owned, &q).await?;
    let totals = owned.store.stage_totals(&scope.filter).await?;
    let infos: Vec<StageInfo> = scope.stages.iter().map(stage_info).collect();
    let f = forecast(&infos, &totals);
    let currency = caller.tenant.currency.as_str();
    Ok(Json(ForecastDto {
        stages: f
            .stages
            .iter()
            .filter_map(|sf| {
                let s = scope.stages.iter().find(|s| s.id == sf.stage_id)?;
                Some(StageForecastDto {
                    stage: stage_ref(s),
                    count: sf.count,
                    amount: money_dto(sf.amount, currency),
                    win_rate: sf.win_rate.to_string(),
                    expected_amount: money_dto(sf.expected_amount, currency),
                })
            })
            .collect(),
        count: f.count,
        amount: money_dto(f.amount, currency),
        expected_amount: money_dto(f.expected_amount, currency),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct LearnedRateDto {
    pub stage: StageRef,
    /// Of the closed opportunities that reached the stage: won and lost.
    pub won: u64,
    pub lost: u64,
    /// won ÷ (won + lost), percent; null before anything closed.
    pub learned_win_rate: Option<String>,
    /// The configured rate, for comparison.
    pub configured_win_rate: String,
}

#[derive(Serialize, ToSchema)]
pub struct LearnedRatesDto {
    pub items: Vec<LearnedRateDto>,
}

#[utoipa::path(get, path = "/forecast/learned-win-rates", tag = "opportunities", params(ForecastQuery),
    responses((status = 200, body = LearnedRatesDto)))]
pub async fn learned_win_rates(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ForecastQuery>,
) -> ApiResult<Json<LearnedRatesDto>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let scope = scope(&owned, &q).await?;
    let counts = owned.store.reached_and_closed(&scope.filter).await?;
    Ok(Json(LearnedRatesDto {
        items: scope
            .stages
            .iter()
            .filter(|s| !s.is_won && !s.is_lost)
            .map(|s| {
                let (won, lost) = counts
                    .iter()
                    .find(|c| c.0 == s.id)
                    .map_or((0, 0), |c| (c.1, c.2));
                let learned = LearnedWinRate::from_counts(s.id, won, lost);
                LearnedRateDto {
                    stage: stage_ref(s),
                    won,
                    lost,
                    learned_win_rate: learned.win_rate.map(|r| r.to_string()),
                    configured_win_rate: format_percent(s.win_rate_bp),
                }
            })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AccuracyQuery {
    /// How many past months (default 6, at most 24).
    pub months: Option<u32>,
    pub department_id: Option<String>,
    pub owner_id: Option<String>,
    pub process_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MonthAccuracyDto {
    /// `YYYY-MM`.
    pub period: String,
    /// The expected amount as the forecast stood at the month's start.
    pub forecast: MoneyDto,
    pub forecast_count: u64,
    /// What was won in the month.
    pub won: MoneyDto,
    pub won_count: u64,
    /// Won ÷ forecast, percent; null when nothing was forecast.
    pub won_vs_forecast: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AccuracyDto {
    pub items: Vec<MonthAccuracyDto>,
}

#[utoipa::path(get, path = "/forecast/accuracy", tag = "opportunities", params(AccuracyQuery),
    responses((status = 200, body = AccuracyDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn accuracy(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AccuracyQuery>,
) -> ApiResult<Json<AccuracyDto>> {
    let owned = policy::owned(&caller, &state, Permission::OpportunitiesRead).await?;
    let months = q.months.unwrap_or(6);
    if !(1..=24).contains(&months) {
        return Err(ApiError::field("months", "not_allowed"));
    }
    let scope = scope(
        &owned,
        &ForecastQuery {
            period: None,
            department_id: q.department_id,
            owner_id: q.owner_id,
            process_id: q.process_id,
        },
    )
    .await?;
    let tz: chrono_tz::Tz = caller
        .tenant
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Asia::Shanghai);
    let now = closer_store::now();
    let periods = Period::months_before(now.with_timezone(&tz).date_naive(), months);
    let start_of_day = move |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map_or_else(
                || d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
                |t| t.with_timezone(&chrono::Utc),
            )
    };
    let rate_changes = rate_changes(&owned.store).await?;
    let infos: Vec<StageInfo> = scope.stages.iter().map(stage_info).collect();
    let ids = |kind: StageKind| -> Vec<Uuid> {
        infos
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.stage_id)
            .collect()
    };
    let (open, won) = (ids(StageKind::Open), ids(StageKind::Won));
    let owners = scope.filter.owners.as_ref();
    // Each month asks the database two indexed questions (see `forecast_accuracy` for the
    // rule they follow), instead of loading every stage change since the first month.
    let mut result = Vec::with_capacity(periods.len());
    for period in periods {
        let start = start_of_day(period.first_day());
        let end = period.last_day().succ_opt().map_or(now, start_of_day);
        let snapshot = owned
            .store
            .forecast_snapshot(
                start,
                (period.first_day(), period.last_day()),
                &open,
                owners,
            )
            .await?;
        let won_in = owned.store.won_between(start, end, &won, owners).await?;
        result.push(period_accuracy(
            period,
            start,
            &infos,
            &rate_changes,
            &snapshot,
            won_in,
        ));
    }
    let currency = caller.tenant.currency.as_str();
    Ok(Json(AccuracyDto {
        items: result
            .iter()
            .map(|a| MonthAccuracyDto {
                period: a.period.to_string(),
                forecast: money_dto(a.forecast.expected_amount, currency),
                forecast_count: a.forecast.count,
                won: money_dto(a.won_amount, currency),
                won_count: a.won_count,
                won_vs_forecast: a
                    .won_vs_forecast_bp()
                    .map(|bp| format_percent(i32::try_from(bp).unwrap_or(i32::MAX))),
            })
            .collect(),
    }))
}
