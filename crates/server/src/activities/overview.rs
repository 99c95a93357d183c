//! The customer 360 view and a rep's "today": one request each, a fixed number of queries.

use axum::{
    extract::{Path, State},
    Json,
};
use closer_domain::org::Permission;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    activities::records::{activity_dto, ActivityDto},
    customers::contacts::{contact_dto, ContactDto},
    customers::records::{customer_dto, CustomerDto},
    opportunities::records::{opportunity_dto, OpportunityDto},
    platform::caller::Caller,
    platform::dto::{money_dto, MoneyDto},
    platform::error::ApiResult,
    platform::policy,
    platform::state::AppState,
};

/// One entry of the customer's timeline.
#[derive(Serialize, ToSchema)]
pub struct TimelineEntry {
    pub at: chrono::DateTime<chrono::Utc>,
    /// `activity`, `lead` (converted into the customer), `opportunity` or `document`.
    pub kind: String,
    pub id: String,
    pub title: String,
    /// For activities: `visit`, `call`, `note` or `task`; for leads and opportunities their
    /// status or stage.
    pub detail: Option<String>,
    pub user_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `owner` or `member`.
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct MoneySummary {
    /// Open opportunities' amounts.
    pub open_pipeline: MoneyDto,
    pub open_count: u64,
    /// Won opportunities' amounts.
    pub won: MoneyDto,
    pub won_count: u64,
}

#[derive(Serialize, ToSchema)]
pub struct Overview {
    pub customer: CustomerDto,
    /// The score rule by rule: `{score, grade, points, max_points, rules: [{key, label, kind,
    /// weight, matched, points, reason, value}]}`.
    #[schema(value_type = Object)]
    pub score_explanation: serde_json::Value,
    /// Newest first.
    pub timeline: Vec<TimelineEntry>,
    pub contacts: Vec<ContactDto>,
    pub opportunities: Vec<OpportunityDto>,
    pub team: Vec<TeamMember>,
    pub money: MoneySummary,
}

#[utoipa::path(get, path = "/customers/{id}/overview", tag = "customers", params(("id" = String, Path)),
    responses((status = 200, body = Overview), (status = 404, body = crate::platform::error::Problem)))]
pub async fn customer_overview(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Overview>> {
    let owned = policy::owned(&caller, &state, Permission::CustomersRead).await?;
    // A pool customer is browsed as the pool list shows it (`readable_customer`): its
    // contacts' phones and e-mails masked until claimed, and of its deals only those the
    // caller would see anyway.
    let customer = policy::readable_customer(&owned, &id).await?;
    let in_pool = customer.owner_id.is_none();
    let mut o = owned.store.overview(customer.id).await?;
    // Whoever may read the customer but not deals or leads (finance, marketing) sees the
    // customer's deal money as totals only, and no deal or lead by name.
    let (deals_readable, leads_readable) = policy::sees_in_customer_360(&caller);
    if !leads_readable {
        o.leads.clear();
    }
    if in_pool {
        o.opportunities.retain(|op| owned.sees(op.owner_id));
        // As no one's (`contact_dto` masks them), whoever last held the customer.
        for c in &mut o.contacts {
            c.owner_id = None;
        }
    }
    // The money counts every deal the caller may know of, by name or not.
    let (mut open, mut open_count, mut won, mut won_count) = (0i64, 0u64, 0i64, 0u64);
    for op in &o.opportunities {
        match o.stages.iter().find(|s| s.id == op.stage_id) {
            Some(s) if s.is_won => {
                won = won.saturating_add(op.amount_minor);
                won_count += 1;
            }
            Some(s) if s.is_lost => {}
            _ => {
                open = open.saturating_add(op.amount_minor);
                open_count += 1;
            }
        }
    }
    if !deals_readable {
        o.opportunities.clear();
    }
    // A deal's documents go with the deal: only of the deals shown.
    o.documents.retain(|d| {
        d.opportunity_id
            .is_none_or(|deal| o.opportunities.iter().any(|op| op.id == deal))
    });
    let now = closer_store::now();
    let explanation = owned.store.explain_score(&o.customer, now).await?;
    let currency = caller.tenant.currency.as_str();
    let stage_of = |id| o.stages.iter().find(|s| s.id == id);
    let mut timeline: Vec<TimelineEntry> = Vec::new();
    for a in &o.activities {
        timeline.push(TimelineEntry {
            at: a.occurred_at.or(a.planned_for).unwrap_or(a.created_at),
            kind: "activity".into(),
            id: a.id.to_string(),
            title: a.subject.clone(),
            detail: Some(a.kind.clone()),
            user_id: Some(a.owner_id.to_string()),
        });
    }
    for l in &o.leads {
        timeline.push(TimelineEntry {
            at: l.converted_at.unwrap_or(l.created_at),
            kind: "lead".into(),
            id: l.id.to_string(),
            title: l.company_name.clone(),
            detail: Some(l.status.clone()),
            user_id: l.owner_id.map(|u| u.to_string()),
        });
    }
    for op in &o.opportunities {
        timeline.push(TimelineEntry {
            at: op.created_at,
            kind: "opportunity".into(),
            id: op.id.to_string(),
            title: op.name.clone(),
            detail: stage_of(op.stage_id).map(|s| s.key.clone()),
            user_id: op.owner_id.map(|u| u.to_string()),
        });
    }
    for d in &o.documents {
        timeline.push(TimelineEntry {
            at: d.created_at,
            kind: "document".into(),
            id: d.id.to_string(),
            title: d.name.clone(),
            detail: Some(d.kind.clone()),
            user_id: Some(d.uploaded_by.to_string()),
        });
    }
    timeline.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    let team = o
        .team
        .iter()
        .map(|u| TeamMember {
            id: u.id.to_string(),
            name: u.name.clone(),
            email: u.email.clone(),
            role: if Some(u.id) == o.customer.owner_id {
                "owner".into()
            } else {
                "member".into()
            },
        })
        .collect();
    Ok(Json(Overview {
        customer: customer_dto(&o.customer, currency),
        score_explanation: serde_json::to_value(&explanation).unwrap_or_default(),
        timeline,
        contacts: o.contacts.iter().map(contact_dto).collect(),
        opportunities: o
            .opportunities
            .iter()
            .map(|op| opportunity_dto(op, &o.stages))
            .collect(),
        team,
        money: MoneySummary {
            open_pipeline: money_dto(open, currency),
            open_count,
            won: money_dto(won, currency),
            won_count,
        },
    }))
}

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
