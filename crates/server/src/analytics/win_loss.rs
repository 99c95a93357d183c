//! `GET /analytics/win-loss`: why deals were lost (reasons), where (the stage they left for
//! the lost stage) and against whom (competitors met, with the deals won and lost against
//! each) — for deals closed in the period, within the caller's scope.

use std::collections::HashMap;

use axum::{
    extract::State,
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{analytics::rate_bp, targets::format_rate};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    analytics::scope::{report, ReportQuery},
    opportunities::process::{stage_ref, StageRef},
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::ApiResult,
    platform::export::table_response,
    platform::extract::ApiQuery,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct LossReasonDto {
    /// Null for deals lost without a reason.
    pub reason: Option<String>,
    pub count: i64,
    pub amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct LostAtStageDto {
    /// The stage the deals were in when lost; null when they were created lost.
    pub stage: Option<StageRef>,
    pub count: i64,
    pub amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct CompetitorMetDto {
    pub name: String,
    /// Closed deals that named them.
    pub met: i64,
    pub won_against: i64,
    pub lost_against: i64,
    /// Won ÷ met, percent with two decimals.
    pub win_rate: Option<String>,
    pub lost_amount: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct WinLossDto {
    pub period: Option<String>,
    pub reasons: Vec<LossReasonDto>,
    pub lost_at_stage: Vec<LostAtStageDto>,
    pub competitors: Vec<CompetitorMetDto>,
}

#[utoipa::path(get, path = "/analytics/win-loss", tag = "analytics", params(ReportQuery),
    responses((status = 200, body = WinLossDto, description = "JSON; with `format` a CSV or XLSX file of the reasons"),
        (status = 422, body = crate::platform::error::Problem)))]
pub async fn get_win_loss(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Response> {
    let r = report(&caller, &state, &q, &["reason"]).await?;
    let store = &r.owned.store;
    let currency = r.currency.as_str();
    // Three independent reads of the closed deals, side by side.
    let (by_reason, by_stage, with_competitors) = tokio::try_join!(
        store.lost_deals(&r.set, false),
        store.lost_deals(&r.set, true),
        store.closed_with_competitors(&r.set),
    )?;
    let mut reasons: Vec<LossReasonDto> = by_reason
        .into_iter()
        .map(|g| LossReasonDto {
            reason: g.reason.filter(|t| !t.trim().is_empty()),
            count: g.n,
            amount: money_dto(g.amount.unwrap_or(0), currency),
        })
        .collect();
    reasons.sort_by(|a, b| (b.count, &a.reason).cmp(&(a.count, &b.reason)));
    let stages: HashMap<uuid::Uuid, closer_store::entity::stage::Model> = store
        .sales_processes()
        .await?
        .into_iter()
        .flat_map(|(_, list)| list.into_iter().map(|s| (s.id, s)))
        .collect();
    let mut lost_at: Vec<(i32, LostAtStageDto)> = by_stage
        .into_iter()
        .map(|g| {
            let stage = g.stage_id.and_then(|id| stages.get(&id));
            (
                stage.map_or(-1, |s| s.position),
                LostAtStageDto {
                    stage: stage.map(stage_ref),
                    count: g.n,
                    amount: money_dto(g.amount.unwrap_or(0), currency),
                },
            )
        })
        .collect();
    lost_at.sort_by_key(|(position, _)| *position);
    // Competitors by name, as people typed them (letter case aside).
    let mut met: HashMap<String, (String, i64, i64, i64)> = HashMap::new();
    for deal in with_competitors {
        let names: Vec<String> = deal
            .competitors
            .as_ref()
            .and_then(|v| v.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|c| c.get("name").and_then(|n| n.as_str()))
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        for name in names {
            let e = met
                .entry(name.to_lowercase())
                .or_insert_with(|| (name.clone(), 0, 0, 0));
            if deal.won == 1 {
                e.1 += 1;
            } else {
                e.2 += 1;
                e.3 += deal.amount_minor;
            }
        }
    }
    let mut competitors: Vec<CompetitorMetDto> = met
        .into_values()
        .map(|(name, won, lost, lost_amount)| CompetitorMetDto {
            name,
            met: won + lost,
            won_against: won,
            lost_against: lost,
            win_rate: rate_bp(
                u64::try_from(won).unwrap_or(0),
                u64::try_from(won + lost).unwrap_or(0),
            )
            .map(format_rate),
            lost_amount: money_dto(lost_amount, currency),
        })
        .collect();
    competitors.sort_by(|a, b| (b.met, &a.name).cmp(&(a.met, &b.name)));
    if let Some(format) = q.format.as_deref() {
        let sheet = reasons
            .iter()
            .map(|x| {
                vec![
                    x.reason.clone().unwrap_or_default(),
                    x.count.to_string(),
                    x.amount.amount.clone(),
                ]
            })
            .collect();
        return table_response(format, "win-loss", &["reason", "count", "amount"], sheet);
    }
    Ok(Json(WinLossDto {
        period: r.period.map(|p| p.to_string()),
        reasons,
        lost_at_stage: lost_at.into_iter().map(|(_, d)| d).collect(),
        competitors,
    })
    .into_response())
}
