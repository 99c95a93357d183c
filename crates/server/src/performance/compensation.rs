//! Compensation plans (`/compensation-plans`): base pay plus performance pay by completion
//! tiers, against a target plan, per month, quarter or year; optionally weighed by margin,
//! collections and forecast accuracy (each ratio picks a multiplier from its own tiers).

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use closer_domain::{
    ids::parse_id,
    org::Permission,
    performance::{check_tiers, format_bp, parse_bp, threshold_within_cap, PayRules, Tier},
    text::Name,
};
use closer_store::entity::compensation_plan;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::platform::{
    caller::Caller,
    dto::{money_dto, AmountInput, Decimal, ListOf, MoneyDto},
    error::{ApiResult, Invalid},
    extract::{path_id, ApiJson},
    policy,
    state::AppState,
};

#[derive(Serialize, Deserialize, ToSchema, Clone)]
pub struct TierDto {
    /// Completion from (percent).
    pub from: String,
    /// Completion up to (percent; `null`: no end).
    pub to: Option<String>,
    /// The rate the part of completion in this tier is paid at (`"1"`, `"1.5"`).
    pub rate: String,
}

#[derive(Serialize, ToSchema)]
pub struct CompensationPlanDto {
    pub id: String,
    pub name: String,
    pub target_plan_id: String,
    /// `month`, `quarter` or `year`.
    pub period_kind: String,
    pub base_pay: MoneyDto,
    /// Performance pay at 100 % completion.
    pub pool: MoneyDto,
    /// Below this completion (percent) no performance pay.
    pub threshold: String,
    /// Completion counted at most (percent).
    pub cap: Option<String>,
    pub tiers: Vec<TierDto>,
    /// The collections factor: each tier a range of the collection ratio (percent: money
    /// collected in the period ÷ contract amount signed in it, both as credited) and the
    /// multiplier (`rate`) on performance pay. `null`: no factor.
    pub collections: Option<Vec<TierDto>>,
    /// The margin factor: tiers of the gross margin (percent: amount less cost ÷ amount of
    /// the contracts signed in the period whose lines' costs are known, as credited; below
    /// 0 takes the first tier). `null`: no factor.
    pub margin: Option<Vec<TierDto>>,
    /// The forecast-accuracy factor: tiers of the accuracy (percent: 100 less the gap
    /// between what was won in the period's months and what was forecast at each month's
    /// start, as a share of the forecast; never below 0). `null`: no factor.
    pub forecast_accuracy: Option<Vec<TierDto>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

fn tiers_of(v: &serde_json::Value) -> Vec<Tier> {
    v.as_array()
        .map(|list| {
            list.iter()
                .map(|t| Tier {
                    from: t["from"].as_i64().unwrap_or(0),
                    to: t["to"].as_i64(),
                    rate: t["rate"].as_i64().unwrap_or(0),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn tiers_json(tiers: &[Tier]) -> serde_json::Value {
    serde_json::Value::Array(
        tiers
            .iter()
            .map(|t| serde_json::json!({"from": t.from, "to": t.to, "rate": t.rate}))
            .collect(),
    )
}

fn tier_dtos(tiers: &[Tier]) -> Vec<TierDto> {
    tiers
        .iter()
        .map(|t| TierDto {
            from: format_bp(t.from, true),
            to: t.to.map(|x| format_bp(x, true)),
            rate: format_bp(t.rate, false),
        })
        .collect()
}

/// A stored plan's rules.
#[must_use]
pub fn rules_of(p: &compensation_plan::Model) -> PayRules {
    PayRules {
        base_pay: p.base_pay_minor,
        pool: p.pool_minor,
        threshold: p.threshold,
        cap: p.cap,
        tiers: tiers_of(&p.tiers),
        margin: p.margin.as_ref().map(tiers_of),
        collections: p.collections.as_ref().map(tiers_of),
        forecast_accuracy: p.forecast_accuracy.as_ref().map(tiers_of),
    }
}

#[must_use]
pub fn plan_dto(p: &compensation_plan::Model, currency: &str) -> CompensationPlanDto {
    let rules = rules_of(p);
    CompensationPlanDto {
        id: p.id.to_string(),
        name: p.name.clone(),
        target_plan_id: p.target_plan_id.to_string(),
        period_kind: p.period_kind.clone(),
        base_pay: money_dto(p.base_pay_minor, currency),
        pool: money_dto(p.pool_minor, currency),
        threshold: format_bp(p.threshold, true),
        cap: p.cap.map(|c| format_bp(c, true)),
        tiers: tier_dtos(&rules.tiers),
        collections: rules.collections.as_deref().map(tier_dtos),
        margin: rules.margin.as_deref().map(tier_dtos),
        forecast_accuracy: rules.forecast_accuracy.as_deref().map(tier_dtos),
        created_at: p.created_at,
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TierInput {
    pub from: Decimal,
    pub to: Option<Decimal>,
    pub rate: Decimal,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompensationPlanInput {
    pub name: String,
    pub target_plan_id: String,
    /// `month`, `quarter` (default) or `year`.
    pub period_kind: Option<String>,
    pub base_pay: AmountInput,
    pub pool: AmountInput,
    pub threshold: Option<Decimal>,
    pub cap: Option<Decimal>,
    pub tiers: Vec<TierInput>,
    /// Optional collections factor: tiers of the collection ratio (percent, from 0, no gap,
    /// the last open) and the multiplier on performance pay (`rate`, e.g. `"0.8"`).
    pub collections: Option<Vec<TierInput>>,
    /// Optional margin factor: tiers of the gross margin (percent), as for collections.
    pub margin: Option<Vec<TierInput>>,
    /// Optional forecast-accuracy factor: tiers of the accuracy (percent), as for
    /// collections.
    pub forecast_accuracy: Option<Vec<TierInput>>,
}

/// Tiers as typed, each field checked; the table itself checked when every field is good.
fn parse_tiers(
    field: &str,
    inputs: &[TierInput],
    cap: Option<i64>,
    invalid: &mut Invalid,
) -> Vec<Tier> {
    let mut tiers = Vec::new();
    for (i, t) in inputs.iter().enumerate() {
        let from = invalid.check(
            &format!("{field}[{i}].from"),
            parse_bp(&t.from.text(), true),
        );
        let to = match &t.to {
            Some(x) => invalid
                .check(&format!("{field}[{i}].to"), parse_bp(&x.text(), true))
                .map(Some),
            None => Some(None),
        };
        let rate = invalid.check(
            &format!("{field}[{i}].rate"),
            parse_bp(&t.rate.text(), false),
        );
        if let (Some(from), Some(to), Some(rate)) = (from, to, rate) {
            tiers.push(Tier { from, to, rate });
        }
    }
    if invalid.fields().is_empty() {
        if let Err(problems) = check_tiers(&tiers, cap) {
            for p in problems {
                let name = p.field.replacen("tiers", field, 1);
                invalid.push(&name, p.code);
            }
        }
    }
    tiers
}

#[utoipa::path(get, path = "/compensation-plans", tag = "performance",
    responses((status = 200, body = ListOf<CompensationPlanDto>)))]
pub async fn list_plans(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<ListOf<CompensationPlanDto>>> {
    let owned = policy::owned(&caller, &state, Permission::PerformanceRead).await?;
    let plans = owned.store.compensation_plans().await?;
    Ok(Json(ListOf {
        items: plans
            .iter()
            .map(|p| plan_dto(p, &caller.tenant.currency))
            .collect(),
        next_cursor: None,
    }))
}

#[utoipa::path(get, path = "/compensation-plans/{id}", tag = "performance", params(("id" = String, Path)),
    responses((status = 200, body = CompensationPlanDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<CompensationPlanDto>> {
    let owned = policy::owned(&caller, &state, Permission::PerformanceRead).await?;
    let plan = owned.store.compensation_plan(path_id(&id)?).await?;
    Ok(Json(plan_dto(&plan, &caller.tenant.currency)))
}

#[utoipa::path(post, path = "/compensation-plans", tag = "performance", request_body = CompensationPlanInput,
    responses((status = 201, body = CompensationPlanDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn create_plan(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<CompensationPlanInput>,
) -> ApiResult<(StatusCode, Json<CompensationPlanDto>)> {
    let owned = policy::reports::manager(
        &caller,
        &state,
        Permission::PerformanceRead,
        Permission::PerformanceManage,
    )
    .await?;
    let currency = caller.tenant.currency.clone();
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&req.name));
    let target_plan = match parse_id(&req.target_plan_id) {
        Ok(id) => match owned.store.target_plan(id).await {
            Ok(p) => Some(p),
            Err(_) => {
                invalid.push("target_plan_id", "unknown_reference");
                None
            }
        },
        Err(_) => {
            invalid.push("target_plan_id", "unknown_reference");
            None
        }
    };
    let period_kind = req.period_kind.as_deref().unwrap_or("quarter");
    if !["month", "quarter", "year"].contains(&period_kind) {
        invalid.push("period_kind", "not_allowed");
    }
    let money =
        |field: &str, a: &AmountInput, invalid: &mut Invalid| match a.money(field, &currency) {
            Ok(m) => Some(m.minor()),
            Err(e) => {
                for (f, code, _) in e.fields {
                    invalid.push(&f, &code);
                }
                None
            }
        };
    let base = money("base_pay", &req.base_pay, &mut invalid);
    let pool = money("pool", &req.pool, &mut invalid);
    let threshold = match &req.threshold {
        Some(t) => invalid.check("threshold", parse_bp(&t.text(), true)),
        None => Some(0),
    };
    let cap = match &req.cap {
        Some(c) => invalid.check("cap", parse_bp(&c.text(), true)).map(Some),
        None => Some(None),
    };
    if let (Some(t), Some(c)) = (threshold, cap) {
        if !threshold_within_cap(t, c) {
            invalid.push("threshold", "above_cap");
        }
    }
    let tiers = parse_tiers("tiers", &req.tiers, cap.flatten(), &mut invalid);
    let mut factor = |field: &str, tiers: &Option<Vec<TierInput>>| {
        tiers
            .as_ref()
            .map(|c| parse_tiers(field, c, None, &mut invalid))
    };
    let collections = factor("collections", &req.collections);
    let margin = factor("margin", &req.margin);
    let forecast_accuracy = factor("forecast_accuracy", &req.forecast_accuracy);
    let (name, ((base, pool), (threshold, (cap, target_plan)))) =
        invalid.finish(name.zip(base.zip(pool).zip(threshold.zip(cap.zip(target_plan)))))?;
    let now = closer_store::now();
    let plan = owned
        .store
        .create_compensation_plan(
            owned.actor.user_id,
            compensation_plan::Model {
                tenant_id: owned.store.tenant_id(),
                id: closer_domain::ids::new_id(),
                name: name.as_str().to_owned(),
                target_plan_id: target_plan.id,
                period_kind: period_kind.to_owned(),
                base_pay_minor: base,
                pool_minor: pool,
                threshold,
                cap,
                tiers: tiers_json(&tiers),
                collections: collections.as_deref().map(tiers_json),
                margin: margin.as_deref().map(tiers_json),
                forecast_accuracy: forecast_accuracy.as_deref().map(tiers_json),
                created_by: Some(owned.actor.user_id),
                created_at: now,
                updated_at: now,
                version: 1,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(plan_dto(&plan, &caller.tenant.currency)),
    ))
}
