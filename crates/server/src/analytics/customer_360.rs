//! The customer 360 view (客户360视图): profile, score and why, the timeline of everything
//! done with the customer — visits, leads, deals, documents, contracts, invoices, payments —
//! contacts, deals, the team, and money from the pipeline to what is owed and overdue. It
//! brings every capability together, so it is assembled here, after all of them; each
//! part is shown only to whoever may read it, within their scope.

use axum::{
    extract::{Path, State},
    Json,
};
use closer_domain::contracts::ContractStatus;
use closer_domain::org::Permission;
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    contracts::records::{contract_dto, ContractDto},
    customers::contacts::{contact_dto, ContactDto},
    customers::records::{customer_dto, CustomerDto},
    opportunities::records::{opportunity_dto, OpportunityDto},
    platform::calendar,
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
    /// `activity`, `lead` (converted into the customer), `opportunity`, `document`,
    /// `contract`, `invoice` or `payment`.
    pub kind: String,
    pub id: String,
    pub title: String,
    /// For activities: `visit`, `call`, `note` or `task`; for leads and opportunities their
    /// status or stage; for contracts, invoices and payments their status.
    pub detail: Option<String>,
    pub user_id: Option<String>,
    /// Contracts, invoices and payments: their amount.
    pub amount: Option<MoneyDto>,
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
    /// Active and completed contracts' amounts (null to whoever may not read contracts).
    pub contracted: Option<MoneyDto>,
    pub contract_count: Option<u64>,
    /// What the customer owes on contracts in force, and of that what is past due (null to
    /// whoever may not read cash).
    pub outstanding: Option<MoneyDto>,
    pub overdue: Option<MoneyDto>,
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
    /// The customer's contracts, newest first (up to 100; empty to whoever may not read
    /// contracts). Their lines are on the contract.
    pub contracts: Vec<ContractDto>,
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
    let view = policy::sees_in_customer_360(&caller);
    if !view.leads {
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
    if !view.deals {
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
            amount: None,
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
            amount: None,
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
            amount: None,
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
            amount: None,
        });
    }
    // Contracts and money, each to whoever may read them, within their scope.
    let today = calendar::today(&caller.tenant.time_zone);
    let cash = owned.store.customer_money(o.customer.id, today).await?;
    let contracts: Vec<_> = cash
        .contracts
        .iter()
        .filter(|c| view.contracts && owned.sees(c.owner_id))
        .collect();
    // Money records stand in the timeline on their business day (signed, issued, received):
    // at the moment they were entered when that was the same day, else at the day's start.
    let tz = caller.tenant.time_zone.as_str();
    let on_day = |day: Option<chrono::NaiveDate>, entered: chrono::DateTime<chrono::Utc>| match day
    {
        Some(d) if calendar::date_at(tz, entered) != d => {
            calendar::day_end(tz, d.pred_opt().unwrap_or(d))
        }
        _ => entered,
    };
    for c in &contracts {
        timeline.push(TimelineEntry {
            at: on_day(c.signed_on, c.created_at),
            kind: "contract".into(),
            id: c.id.to_string(),
            title: format!("{} · {}", c.number, c.name),
            detail: Some(c.status.clone()),
            user_id: c.owner_id.map(|u| u.to_string()),
            amount: Some(money_dto(c.amount_minor, &c.currency)),
        });
    }
    if view.cash {
        for i in cash.invoices.iter().filter(|i| owned.sees(i.owner_id)) {
            timeline.push(TimelineEntry {
                at: on_day(Some(i.issued_on), i.created_at),
                kind: "invoice".into(),
                id: i.id.to_string(),
                title: i.number.clone(),
                detail: Some(i.status.clone()),
                user_id: i.owner_id.map(|u| u.to_string()),
                amount: Some(money_dto(i.amount_minor, &i.currency)),
            });
        }
        for p in cash.payments.iter().filter(|p| owned.sees(p.owner_id)) {
            timeline.push(TimelineEntry {
                at: on_day(Some(p.received_on), p.created_at),
                kind: "payment".into(),
                id: p.id.to_string(),
                title: p.reference.clone().unwrap_or_default(),
                detail: Some(p.status.clone()),
                user_id: p.owner_id.map(|u| u.to_string()),
                amount: Some(money_dto(p.amount_minor, &p.currency)),
            });
        }
    }
    let in_force = |status: &str| ContractStatus::parse(status).is_ok_and(ContractStatus::in_force);
    let contracted = contracts
        .iter()
        .filter(|c| in_force(&c.status))
        .fold(0i64, |sum, c| sum.saturating_add(c.amount_minor));
    let contract_count = contracts.iter().filter(|c| in_force(&c.status)).count() as u64;
    let (outstanding, overdue) = cash
        .owing
        .iter()
        .filter(|o| owned.sees(o.owner_id))
        .fold((0i64, 0i64), |(a, b), o| {
            (a.saturating_add(o.outstanding), b.saturating_add(o.overdue))
        });
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
            contracted: view.contracts.then(|| money_dto(contracted, currency)),
            contract_count: view.contracts.then_some(contract_count),
            outstanding: view.cash.then(|| money_dto(outstanding, currency)),
            overdue: view.cash.then(|| money_dto(overdue, currency)),
        },
        contracts: contracts.iter().map(|c| contract_dto(c, &[])).collect(),
    }))
}
