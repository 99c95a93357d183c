//! Compensation runs (`/compensation-runs`): each person's pay for a period, explained line
//! by line; a preview before a run is made and before a draft is recalculated; closing makes
//! it what was paid. Later changes to a closed period (a refund, a reversal, a late deal)
//! reach people as adjustment lines in the next run — the ledger is never rewritten.

use std::collections::{BTreeSet, HashMap};

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
    Json,
};
use chrono::Datelike;
use closer_domain::{
    opportunities::forecast::Period,
    org::Permission,
    performance::pay_factored,
    targets::{format_rate, rate_bp},
    text::Language,
};
use closer_store::entity::{compensation_line, compensation_plan, compensation_run};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    compensation::rules_of,
    explain::{label, line_json},
};
use crate::{
    platform::{
        caller::Caller,
        dto::{money_dto, ListOf, MoneyDto},
        error::{ApiError, ApiResult},
        export::table_response,
        extract::{path_id, ApiJson, ApiQuery},
        policy::{self, reports::ScopeReader},
        state::AppState,
    },
    targets::{
        completion::{figures, months_in, Figures},
        org::Org,
    },
};

#[derive(Serialize, ToSchema)]
pub struct ExplanationLine {
    /// In the reader's language.
    pub label: String,
    pub amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct RunLineDto {
    pub user_id: String,
    pub name: String,
    pub target: MoneyDto,
    pub actual: MoneyDto,
    /// Percent, two decimals (`null` without a target).
    pub completion: Option<String>,
    pub base_pay: MoneyDto,
    pub performance_pay: MoneyDto,
    /// Changes to earlier closed periods paid now (negative: a clawback).
    pub adjustment: MoneyDto,
    pub total: MoneyDto,
    pub explanation: Vec<ExplanationLine>,
}

#[derive(Serialize, ToSchema)]
pub struct RunDto {
    /// `null` for a preview.
    pub id: Option<String>,
    pub plan_id: String,
    pub plan_name: String,
    pub period: String,
    /// `preview`, `draft` or `closed`.
    pub status: String,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub total: MoneyDto,
    pub lines: Vec<RunLineDto>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunInput {
    pub plan_id: String,
    /// `2026-Q1`, `2026-03` or `2026`, as the plan's period kind says.
    pub period: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    pub plan_id: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` (default) or `xlsx`.
    pub format: Option<String>,
}

/// A run's lines worked out now (not yet saved): each person's pay for the period, and
/// adjustments for earlier closed periods whose pay changed since.
pub async fn work_out(
    store: &closer_store::TenantStore,
    time_zone: &str,
    plan: &compensation_plan::Model,
    period: Period,
    run_id: Uuid,
) -> ApiResult<Vec<compensation_line::Model>> {
    let target_plan = store.target_plan(plan.target_plan_id).await?;
    let kind_ok = match plan.period_kind.as_str() {
        "month" => period.first_day().month() == period.last_day().month(),
        "year" => period.first_day().month() == 1 && period.last_day().month() == 12,
        _ => {
            period.first_day().month0().is_multiple_of(3)
                && period.last_day().month0() == period.first_day().month0() + 2
        }
    };
    if !kind_ok {
        return Err(ApiError::field("period", "not_allowed"));
    }
    let range = months_in(period, target_plan.year)
        .ok_or_else(|| ApiError::field("period", "outside_plan_year"))?;
    let org = Org::load(store).await?;
    let f: Figures = figures(store, &target_plan, &org, time_zone).await?;
    let rules = rules_of(plan);
    let factors = super::factors::Factors::load(store, &rules, target_plan.year, time_zone).await?;
    let people: Vec<Uuid> = f
        .units
        .iter()
        .filter(|u| u.unit_kind == "user")
        .map(|u| u.unit_id)
        .collect();
    let pay_for = |user: Uuid, r: &std::ops::RangeInclusive<usize>| {
        let target: i64 = f.target_of(user)[r.clone()].iter().sum();
        let actual: i64 = f.actual_of(user)[r.clone()].iter().sum();
        let completion = rate_bp(actual, target);
        let (total, lines) = pay_factored(&rules, completion, factors.ratios(user, r));
        (target, actual, completion, total, lines)
    };
    let paid = store.paid_compensation(plan.id).await?;
    let this = period.to_string();
    let earlier: BTreeSet<String> = paid
        .iter()
        .map(|l| l.for_period.clone())
        .filter(|p| *p != this)
        .collect();
    let mut lines = Vec::new();
    let mut position = 0;
    let mut line = |user: Uuid,
                    for_period: String,
                    t: i64,
                    a: i64,
                    c: Option<i64>,
                    base: i64,
                    perf: i64,
                    explanation: serde_json::Value| {
        position += 1;
        compensation_line::Model {
            tenant_id: store.tenant_id(),
            id: closer_domain::ids::new_id(),
            run_id,
            plan_id: plan.id,
            user_id: user,
            for_period,
            target: t,
            actual: a,
            completion: c,
            base_pay_minor: base,
            performance_pay_minor: perf,
            total_minor: base.saturating_add(perf),
            explanation,
            position,
        }
    };
    for user in people {
        let (t, a, c, total, pay_lines) = pay_for(user, &range);
        let explanation =
            serde_json::Value::Array(pay_lines.iter().map(|l| line_json(l, rules.pool)).collect());
        lines.push(line(
            user,
            this.clone(),
            t,
            a,
            c,
            rules.base_pay,
            total.saturating_sub(rules.base_pay),
            explanation,
        ));
        for p in &earlier {
            let Some(r) = Period::parse(p)
                .ok()
                .and_then(|p| months_in(p, target_plan.year))
            else {
                continue;
            };
            let (t, a, c, total, _) = pay_for(user, &r);
            let now = total.saturating_sub(rules.base_pay);
            let before: i64 = paid
                .iter()
                .filter(|l| l.user_id == user && l.for_period == *p)
                .map(|l| l.performance_pay_minor)
                .sum();
            if now != before {
                let explanation = serde_json::json!([{"kind": "adjustment", "period": p, "before": before, "after": now, "amount": now.saturating_sub(before)}]);
                lines.push(line(
                    user,
                    p.clone(),
                    t,
                    a,
                    c,
                    0,
                    now.saturating_sub(before),
                    explanation,
                ));
            }
        }
    }
    Ok(lines)
}

fn run_dto(
    reader: &ScopeReader,
    caller: &Caller,
    plan: &compensation_plan::Model,
    run: Option<&compensation_run::Model>,
    period: &str,
    lines: &[compensation_line::Model],
    names: &HashMap<Uuid, String>,
) -> RunDto {
    let c = caller.tenant.currency.as_str();
    let lang = caller.language();
    let mut people: Vec<Uuid> = Vec::new();
    for l in lines {
        if !people.contains(&l.user_id) && reader.sees_user(l.user_id) {
            people.push(l.user_id);
        }
    }
    let mut total = 0;
    let out: Vec<RunLineDto> = people
        .iter()
        .map(|u| {
            let mine: Vec<&compensation_line::Model> =
                lines.iter().filter(|l| l.user_id == *u).collect();
            let main = mine.iter().find(|l| l.for_period == period);
            let adjustment: i64 = mine
                .iter()
                .filter(|l| l.for_period != period)
                .map(|l| l.performance_pay_minor)
                .sum();
            let base = main.map_or(0, |l| l.base_pay_minor);
            let perf = main.map_or(0, |l| l.performance_pay_minor);
            let sum = base.saturating_add(perf).saturating_add(adjustment);
            total = i64::saturating_add(total, sum);
            RunLineDto {
                user_id: u.to_string(),
                name: names.get(u).cloned().unwrap_or_default(),
                target: money_dto(main.map_or(0, |l| l.target), c),
                actual: money_dto(main.map_or(0, |l| l.actual), c),
                completion: main.and_then(|l| l.completion).map(format_rate),
                base_pay: money_dto(base, c),
                performance_pay: money_dto(perf, c),
                adjustment: money_dto(adjustment, c),
                total: money_dto(sum, c),
                explanation: mine
                    .iter()
                    .flat_map(|l| l.explanation.as_array().cloned().unwrap_or_default())
                    .map(|v| ExplanationLine {
                        label: label(&v, lang, c),
                        amount: money_dto(v["amount"].as_i64().unwrap_or(0), c),
                    })
                    .collect(),
            }
        })
        .collect();
    RunDto {
        id: run.map(|r| r.id.to_string()),
        plan_id: plan.id.to_string(),
        plan_name: plan.name.clone(),
        period: period.to_owned(),
        status: run.map_or("preview", |r| r.status.as_str()).to_owned(),
        created_at: run.map(|r| r.created_at),
        closed_at: run.and_then(|r| r.closed_at),
        total: money_dto(total, c),
        lines: out,
    }
}

async fn names(
    reader: &ScopeReader,
    lines: &[compensation_line::Model],
) -> ApiResult<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = lines
        .iter()
        .map(|l| l.user_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Ok(reader
        .owned
        .store
        .users_by_ids(&ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

async fn plan_and_period(
    reader: &ScopeReader,
    req: &RunInput,
) -> ApiResult<(compensation_plan::Model, Period)> {
    let plan = match closer_domain::ids::parse_id(&req.plan_id) {
        Ok(id) => reader
            .owned
            .store
            .compensation_plan(id)
            .await
            .map_err(|_| ApiError::field("plan_id", "unknown_reference"))?,
        Err(_) => return Err(ApiError::field("plan_id", "unknown_reference")),
    };
    let period = Period::parse(&req.period).map_err(|e| ApiError::invalid("period", e))?;
    Ok((plan, period))
}

fn sum_total(lines: &[compensation_line::Model]) -> i64 {
    lines
        .iter()
        .fold(0i64, |sum, l| sum.saturating_add(l.total_minor))
}

#[utoipa::path(post, path = "/compensation-runs/preview", tag = "performance", request_body = RunInput,
    responses((status = 200, body = RunDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn preview_run(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<RunInput>,
) -> ApiResult<Json<RunDto>> {
    policy::reports::manager(
        &caller,
        &state,
        Permission::PerformanceRead,
        Permission::PerformanceManage,
    )
    .await?;
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let (plan, period) = plan_and_period(&reader, &req).await?;
    let lines = work_out(
        &reader.owned.store,
        &caller.tenant.time_zone,
        &plan,
        period,
        Uuid::nil(),
    )
    .await?;
    let names = names(&reader, &lines).await?;
    Ok(Json(run_dto(
        &reader,
        &caller,
        &plan,
        None,
        &period.to_string(),
        &lines,
        &names,
    )))
}

#[utoipa::path(post, path = "/compensation-runs", tag = "performance", request_body = RunInput,
    responses((status = 201, body = RunDto), (status = 409, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_run(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<RunInput>,
) -> ApiResult<(StatusCode, Json<RunDto>)> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::PerformanceRead,
        Permission::PerformanceManage,
    )
    .await?;
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let (plan, period) = plan_and_period(&reader, &req).await?;
    let id = closer_domain::ids::new_id();
    let lines = work_out(
        &reader.owned.store,
        &caller.tenant.time_zone,
        &plan,
        period,
        id,
    )
    .await?;
    let now = closer_store::now();
    let run = owned
        .store
        .create_compensation_run(
            owned.actor.user_id,
            compensation_run::Model {
                tenant_id: owned.store.tenant_id(),
                id,
                plan_id: plan.id,
                period: period.to_string(),
                status: "draft".into(),
                total_minor: sum_total(&lines),
                created_by: Some(owned.actor.user_id),
                closed_at: None,
                created_at: now,
                updated_at: now,
                version: 1,
            },
            lines.clone(),
        )
        .await?;
    let names = names(&reader, &lines).await?;
    Ok((
        StatusCode::CREATED,
        Json(run_dto(
            &reader,
            &caller,
            &plan,
            Some(&run),
            &run.period,
            &lines,
            &names,
        )),
    ))
}

#[utoipa::path(get, path = "/compensation-runs", tag = "performance", params(RunQuery),
    responses((status = 200, body = ListOf<RunDto>)))]
pub async fn list_runs(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<RunQuery>,
) -> ApiResult<Json<ListOf<RunDto>>> {
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let plan_id = match q.plan_id.as_deref() {
        Some(p) => Some(
            closer_domain::ids::parse_id(p)
                .map_err(|_| ApiError::field("plan_id", "unknown_reference"))?,
        ),
        None => None,
    };
    let store = &reader.owned.store;
    let mut items = Vec::new();
    for run in store.compensation_runs(plan_id).await? {
        let plan = store.compensation_plan(run.plan_id).await?;
        let (_, lines) = store.compensation_run(run.id).await?;
        let names = names(&reader, &lines).await?;
        items.push(run_dto(
            &reader,
            &caller,
            &plan,
            Some(&run),
            &run.period,
            &lines,
            &names,
        ));
    }
    Ok(Json(ListOf {
        items,
        next_cursor: None,
    }))
}

async fn load(
    reader: &ScopeReader,
    id: &str,
) -> ApiResult<(
    compensation_plan::Model,
    compensation_run::Model,
    Vec<compensation_line::Model>,
)> {
    let (run, lines) = reader.owned.store.compensation_run(path_id(id)?).await?;
    let plan = reader.owned.store.compensation_plan(run.plan_id).await?;
    Ok((plan, run, lines))
}

#[utoipa::path(get, path = "/compensation-runs/{id}", tag = "performance", params(("id" = String, Path)),
    responses((status = 200, body = RunDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<RunDto>> {
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let (plan, run, lines) = load(&reader, &id).await?;
    let names = names(&reader, &lines).await?;
    Ok(Json(run_dto(
        &reader,
        &caller,
        &plan,
        Some(&run),
        &run.period,
        &lines,
        &names,
    )))
}

#[utoipa::path(get, path = "/compensation-runs/{id}/export", tag = "performance", params(("id" = String, Path), ExportQuery),
    responses((status = 200, description = "CSV or XLSX, one row per person"), (status = 404, body = crate::platform::error::Problem)))]
pub async fn export_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let format = q.format.as_deref().unwrap_or("csv");
    if !["csv", "xlsx"].contains(&format) {
        return Err(ApiError::field("format", "not_allowed"));
    }
    let (plan, run, lines) = load(&reader, &id).await?;
    let names = names(&reader, &lines).await?;
    let dto = run_dto(
        &reader,
        &caller,
        &plan,
        Some(&run),
        &run.period,
        &lines,
        &names,
    );
    let zh = caller.language() == Language::ZhCn;
    let header: &[&str] = if zh {
        &[
            "姓名",
            "目标",
            "实际",
            "完成率%",
            "底薪",
            "绩效工资",
            "调整",
            "合计",
            "说明",
        ]
    } else {
        &[
            "Name",
            "Target",
            "Actual",
            "Completion %",
            "Base pay",
            "Performance pay",
            "Adjustment",
            "Total",
            "Explanation",
        ]
    };
    let rows = dto
        .lines
        .into_iter()
        .map(|l| {
            vec![
                l.name,
                l.target.amount,
                l.actual.amount,
                l.completion.unwrap_or_default(),
                l.base_pay.amount,
                l.performance_pay.amount,
                l.adjustment.amount,
                l.total.amount,
                l.explanation
                    .iter()
                    .map(|e| format!("{} {}", e.label, e.amount.amount))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    table_response(
        format,
        &format!("compensation-{}", run.period),
        header,
        rows,
    )
}

#[derive(Serialize, ToSchema)]
pub struct PayChangeDto {
    pub user_id: String,
    pub name: String,
    pub before: MoneyDto,
    pub after: MoneyDto,
    pub difference: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct RecalculationDto {
    pub run_id: String,
    /// Only the people whose pay would change.
    pub changes: Vec<PayChangeDto>,
}

fn per_person(lines: &[compensation_line::Model]) -> HashMap<Uuid, i64> {
    let mut out = HashMap::new();
    for l in lines {
        *out.entry(l.user_id).or_default() += l.total_minor;
    }
    out
}

/// A draft run as saved and as it would be worked out now.
async fn recalculated(
    reader: &ScopeReader,
    caller: &Caller,
    id: &str,
) -> ApiResult<(
    compensation_plan::Model,
    compensation_run::Model,
    Vec<compensation_line::Model>,
    Vec<compensation_line::Model>,
)> {
    let (plan, run, lines) = load(reader, id).await?;
    if run.status != "draft" {
        return Err(ApiError::conflict("run_closed"));
    }
    let period = Period::parse(&run.period).map_err(|e| ApiError::invalid("period", e))?;
    let fresh = work_out(
        &reader.owned.store,
        &caller.tenant.time_zone,
        &plan,
        period,
        run.id,
    )
    .await?;
    Ok((plan, run, lines, fresh))
}

#[utoipa::path(get, path = "/compensation-runs/{id}/recalculation", tag = "performance", params(("id" = String, Path)),
    responses((status = 200, body = RecalculationDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn recalculation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<RecalculationDto>> {
    policy::reports::manager(
        &caller,
        &state,
        Permission::PerformanceRead,
        Permission::PerformanceManage,
    )
    .await?;
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let (_, run, lines, fresh) = recalculated(&reader, &caller, &id).await?;
    let (before, after) = (per_person(&lines), per_person(&fresh));
    let mut all: Vec<Uuid> = before
        .keys()
        .chain(after.keys())
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    all.retain(|u| reader.sees_user(*u));
    let names = names(&reader, &[lines.clone(), fresh.clone()].concat()).await?;
    let c = caller.tenant.currency.as_str();
    Ok(Json(RecalculationDto {
        run_id: run.id.to_string(),
        changes: all
            .into_iter()
            .filter_map(|u| {
                let (b, a) = (
                    before.get(&u).copied().unwrap_or(0),
                    after.get(&u).copied().unwrap_or(0),
                );
                (a != b).then(|| PayChangeDto {
                    user_id: u.to_string(),
                    name: names.get(&u).cloned().unwrap_or_default(),
                    before: money_dto(b, c),
                    after: money_dto(a, c),
                    difference: money_dto(a - b, c),
                })
            })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/compensation-runs/{id}/recalculate", tag = "performance", params(("id" = String, Path)),
    responses((status = 200, body = RunDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn recalculate(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<RunDto>> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::PerformanceRead,
        Permission::PerformanceManage,
    )
    .await?;
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let (plan, run, _, fresh) = recalculated(&reader, &caller, &id).await?;
    let saved = owned
        .store
        .replace_compensation_lines(
            owned.actor.user_id,
            run.id,
            sum_total(&fresh),
            fresh.clone(),
        )
        .await?;
    let names = names(&reader, &fresh).await?;
    Ok(Json(run_dto(
        &reader,
        &caller,
        &plan,
        Some(&saved),
        &saved.period,
        &fresh,
        &names,
    )))
}

#[utoipa::path(post, path = "/compensation-runs/{id}/close", tag = "performance", params(("id" = String, Path)),
    responses((status = 200, body = RunDto), (status = 404, body = crate::platform::error::Problem), (status = 409, body = crate::platform::error::Problem)))]
pub async fn close_run(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<RunDto>> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::PerformanceRead,
        Permission::PerformanceManage,
    )
    .await?;
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let (plan, run, lines) = load(&reader, &id).await?;
    let saved = owned
        .store
        .close_compensation_run(owned.actor.user_id, run.id)
        .await?;
    let names = names(&reader, &lines).await?;
    Ok(Json(run_dto(
        &reader,
        &caller,
        &plan,
        Some(&saved),
        &saved.period,
        &lines,
        &names,
    )))
}
