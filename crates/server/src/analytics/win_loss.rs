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
    /// Null for deals lost without a reason (or a blank one); spaces around a reason aside,
    /// deals lost for the same reason count together.
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
    /// Deals naming it in any letter case count together; shown as most of them spell it.
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
    let figures = store.win_loss(&r.set).await?;
    let reasons: Vec<LossReasonDto> = figures
        .reasons
        .into_iter()
        .map(|g| LossReasonDto {
            reason: g.reason,
            count: g.n,
            amount: money_dto(g.amount, currency),
        })
        .collect();
    let stages: HashMap<uuid::Uuid, closer_store::entity::stage::Model> = store
        .sales_processes()
        .await?
        .into_iter()
        .flat_map(|(_, list)| list.into_iter().map(|s| (s.id, s)))
        .collect();
    let mut lost_at: Vec<(i32, LostAtStageDto)> = figures
        .lost_at
        .into_iter()
        .map(|g| {
            let stage = g.stage_id.and_then(|id| stages.get(&id));
            (
                stage.map_or(-1, |s| s.position),
                LostAtStageDto {
                    stage: stage.map(stage_ref),
                    count: g.n,
                    amount: money_dto(g.amount, currency),
                },
            )
        })
        .collect();
    lost_at.sort_by_key(|(position, _)| *position);
    let competitors: Vec<CompetitorMetDto> = figures
        .competitors
        .into_iter()
        .map(|c| CompetitorMetDto {
            name: c.name,
            met: c.won + c.lost,
            won_against: c.won,
            lost_against: c.lost,
            win_rate: rate_bp(
                u64::try_from(c.won).unwrap_or(0),
                u64::try_from(c.won + c.lost).unwrap_or(0),
            )
            .map(format_rate),
            lost_amount: money_dto(c.lost_amount, currency),
        })
        .collect();
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
