//! Everyone's credit (`GET /performance`): expected from open deals (amount × win rate ×
//! share), won, contracts signed and money collected, each by the deal's performance split.

use std::collections::HashMap;

use axum::{extract::State, Json};
use chrono::NaiveDate;
use closer_domain::{
    ids::parse_id, opportunities::forecast::Period, org::Permission, targets::Metric,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::{
    platform::{
        caller::Caller,
        dto::{money_dto, MoneyDto},
        error::{ApiError, ApiResult},
        extract::ApiQuery,
        policy,
        state::AppState,
    },
    targets::org::{bounds, Org},
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PerformanceQuery {
    /// `2026`, `2026-Q1` or `2026-03` (default: all time).
    pub period: Option<String>,
    pub user_id: Option<String>,
    /// People now in this department and below.
    pub department_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PerformanceItem {
    pub user_id: String,
    pub name: String,
    /// Open deals closing in the period × their stage's win rate × the share, plus won.
    pub credited_expected: MoneyDto,
    /// Deals won in the period × the share.
    pub credited_won: MoneyDto,
    /// Contracts signed in the period × the share of their deal.
    pub credited_contracts: MoneyDto,
    /// Money collected in the period × the share of its contract's deal.
    pub credited_collected: MoneyDto,
}

#[derive(Serialize, ToSchema)]
pub struct PerformanceDto {
    pub period: Option<String>,
    pub items: Vec<PerformanceItem>,
}

#[utoipa::path(get, path = "/performance", tag = "performance", params(PerformanceQuery),
    responses((status = 200, body = PerformanceDto), (status = 422, body = crate::platform::error::Problem)))]
pub async fn performance(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PerformanceQuery>,
) -> ApiResult<Json<PerformanceDto>> {
    let reader =
        policy::reports::scope_reader(&caller, &state, Permission::PerformanceRead).await?;
    let store = &reader.owned.store;
    let period = match q.period.as_deref() {
        Some(p) => Some(Period::parse(p).map_err(|e| ApiError::invalid("period", e))?),
        None => None,
    };
    let user = match q.user_id.as_deref() {
        Some(u) => Some(parse_id(u).map_err(|_| ApiError::field("user_id", "unknown_reference"))?),
        None => None,
    };
    let org = Org::load(store).await?;
    let under = match q.department_id.as_deref() {
        Some(d) => Some(
            parse_id(d)
                .ok()
                .filter(|d| org.department(*d).is_some())
                .map(|d| org.subtree(d))
                .ok_or_else(|| ApiError::field("department_id", "unknown_reference"))?,
        ),
        None => None,
    };
    let (from, to) = match period {
        Some(p) => (
            p.first_day(),
            p.last_day().succ_opt().unwrap_or(p.last_day()),
        ),
        None => (
            NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(9000, 1, 1).unwrap_or_default(),
        ),
    };
    let span = bounds(vec![from, to], &caller.tenant.time_zone);
    let sum = |credits: Vec<closer_store::targets::completion::MonthCredit>| {
        let mut out: HashMap<Uuid, i64> = HashMap::new();
        for c in credits {
            *out.entry(c.user_id).or_default() += c.amount;
        }
        out
    };
    let won = sum(store.credits(Metric::WonAmount, &span).await?);
    let contracts = sum(store.credits(Metric::ContractAmount, &span).await?);
    let collected = sum(store.credits(Metric::Payments, &span).await?);
    let expected = store
        .expected_credits(period.map(|p| (p.first_day(), p.last_day())))
        .await?;
    let currency = caller.tenant.currency.as_str();
    let mut people: Vec<&closer_store::entity::user::Model> = org
        .users
        .iter()
        .filter(|u| user.is_none_or(|x| x == u.id))
        .filter(|u| under.as_ref().is_none_or(|s| s.contains(&u.department_id)))
        .filter(|u| reader.sees_user(u.id))
        .filter(|u| {
            u.active
                || [&won, &contracts, &collected, &expected]
                    .iter()
                    .any(|m| m.get(&u.id).is_some_and(|v| *v != 0))
        })
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let get = |m: &HashMap<Uuid, i64>, u: Uuid| m.get(&u).copied().unwrap_or(0);
    Ok(Json(PerformanceDto {
        period: period.map(|p| p.to_string()),
        items: people
            .into_iter()
            .map(|u| PerformanceItem {
                user_id: u.id.to_string(),
                name: u.name.clone(),
                credited_expected: money_dto(get(&expected, u.id) + get(&won, u.id), currency),
                credited_won: money_dto(get(&won, u.id), currency),
                credited_contracts: money_dto(get(&contracts, u.id), currency),
                credited_collected: money_dto(get(&collected, u.id), currency),
            })
            .collect(),
    }))
}
