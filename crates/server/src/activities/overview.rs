//! A rep's "today": one request, a fixed number of queries. (The customer 360 view, which
//! needs every capability, is `analytics::customer_360`.)

use axum::{extract::State, Json};
use closer_domain::org::Permission;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    activities::records::{activity_dto, ActivityDto},
    platform::caller::Caller,
    platform::error::ApiResult,
    platform::policy,
    platform::state::AppState,
};

#[derive(Serialize, ToSchema)]
pub struct Today {
    /// The caller's today, in the tenant's time zone.
    pub date: chrono::NaiveDate,
    /// Visits and tasks planned for today, then earlier ones not yet done (`overdue`).
    pub items: Vec<TodayItem>,
}

#[derive(Serialize, ToSchema)]
pub struct TodayItem {
    #[serde(flatten)]
    pub activity: ActivityDto,
    pub overdue: bool,
    /// The name of the customer or lead the work is for.
    pub record_name: Option<String>,
}

#[utoipa::path(get, path = "/activities/today", tag = "activities", responses((status = 200, body = Today)))]
pub async fn today(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Today>> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    let now = closer_store::now();
    let start = crate::platform::calendar::day_start(&caller.tenant.time_zone, now);
    let end = start + chrono::Duration::days(1);
    let tz: chrono_tz::Tz = caller
        .tenant
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::Asia::Shanghai);
    let planned = owned
        .store
        .planned_activities(owned.actor.user_id, end)
        .await?;
    let names = owned
        .store
        .record_names(
            planned.iter().filter_map(|a| a.customer_id).collect(),
            planned.iter().filter_map(|a| a.lead_id).collect(),
        )
        .await?;
    let name_of = |a: &closer_store::entity::activity::Model| {
        a.customer_id
            .or(a.lead_id)
            .and_then(|id| names.get(&id).cloned())
    };
    let (mut today, mut overdue): (Vec<_>, Vec<_>) = planned
        .iter()
        .partition(|a| a.planned_for.is_some_and(|p| p >= start));
    today.sort_by_key(|a| a.planned_for);
    overdue.sort_by_key(|a| std::cmp::Reverse(a.planned_for));
    let items = today
        .into_iter()
        .map(|a| TodayItem {
            activity: activity_dto(a),
            overdue: false,
            record_name: name_of(a),
        })
        .chain(overdue.into_iter().map(|a| TodayItem {
            activity: activity_dto(a),
            overdue: true,
            record_name: name_of(a),
        }))
        .collect();
    Ok(Json(Today {
        date: now.with_timezone(&tz).date_naive(),
        items,
    }))
}
