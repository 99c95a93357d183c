//! Demo contracts: a two-level approval flow (the manager above ¥200,000, the region head
//! above ¥1,000,000) and contracts from the year's won deals in every status, with their
//! approval trails, an amendment and orders part delivered.

use anyhow::{anyhow, Result};
use closer_domain::{approvals::Decision, contracts::ContractStatus, contracts::OrderStatus};
use closer_store::{
    contracts::orders::{NewOrder, OrderItem},
    contracts::records::RevisionFields,
    entity::{approval_flow, contract, contract_line},
    opportunities::records::ForecastFilter,
    Store, TenantStore,
};
use uuid::Uuid;

use super::names::ADMIN_EMAIL;

fn flow(tenant_id: Uuid) -> approval_flow::Model {
    let now = closer_store::now();
    approval_flow::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        record_type: "contract".into(),
        name: "合同审批 Contract approval".into(),
        steps: serde_json::json!([
            {"name": "销售经理审批 Manager", "when": {"field": "amount", "op": "gt", "value": "200000"},
             "approvers": {"kind": "department_head", "levels": 1}, "mode": "any"},
            {"name": "大区负责人审批 Region head", "when": {"field": "amount", "op": "gt", "value": "1000000"},
             "approvers": {"kind": "department_head", "levels": 2}, "mode": "any"}
        ]),
        active: true,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// Decides every step of a contract's approval as its approvers would, until it ends or
/// `steps` decisions were made; `last` is the final decision.
async fn decide(ts: &TenantStore, c: &contract::Model, steps: usize, last: Decision) -> Result<()> {
    let Some(approval) = c.approval_id else {
        return Ok(());
    };
    for i in 0..steps {
        let view = ts.approval(approval).await.map_err(|e| anyhow!("{e}"))?;
        if view.approval.status != "pending" {
            break;
        }
        let Some(task) = view.tasks.iter().find(|t| t.status == "pending") else {
            break;
        };
        let (decision, comment) = if i + 1 == steps {
            match last {
                Decision::Approve => (last, Some("同意 Approved".to_owned())),
                Decision::Reject => (last, Some("价格低于底线 Price below the floor".to_owned())),
                Decision::Return => (last, Some("请补充交付计划 Add a delivery plan".to_owned())),
            }
        } else {
            (Decision::Approve, None)
        };
        ts.decide_contract_approval(
            task.user_id,
            approval,
            decision,
            comment,
            closer_store::now().date_naive(),
        )
        .await
        .map_err(|e| anyhow!("demo approval: {e}"))?;
    }
    Ok(())
}

/// What to do with each won deal's contract, in turn.
#[derive(Clone, Copy)]
enum Fate {
    Active,
    Delivered,
    Amended,
    WaitingManager,
    WaitingRegion,
    Rejected,
    Draft,
    Terminated,
}

const FATES: [Fate; 10] = [
    Fate::Active,
    Fate::Delivered,
    Fate::WaitingManager,
    Fate::Amended,
    Fate::Rejected,
    Fate::Active,
    Fate::WaitingRegion,
    Fate::Draft,
    Fate::Terminated,
    Fate::Active,
];

/// Contracts for the demo's won deals.
pub async fn contracts(store: &Store, slug: &str) -> Result<()> {
    let tenant = store
        .tenant_by_slug(slug)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let ts = store.tenant(tenant.tenant_id);
    let admin = ts
        .user_by_email(ADMIN_EMAIL)
        .await
        .map_err(|e| anyhow!("{e}"))?
        .id;
    ts.create_approval_flow(admin, flow(tenant.tenant_id))
        .await
        .map_err(|e| anyhow!("demo flow: {e}"))?;
    let (_, stages) = ts
        .sales_processes()
        .await
        .map_err(|e| anyhow!("{e}"))?
        .into_iter()
        .find(|(p, _)| p.is_default)
        .ok_or_else(|| anyhow!("no default process"))?;
    let won = stages
        .iter()
        .find(|s| s.is_won)
        .ok_or_else(|| anyhow!("no won stage"))?;
    let deals = ts
        .opportunity_page(
            &ForecastFilter {
                stage_id: Some(won.id),
                ..Default::default()
            },
            None,
            None,
            200,
        )
        .await
        .map_err(|e| anyhow!("{e}"))?
        .items;
    let today = closer_store::now().date_naive();
    for (i, deal) in deals.iter().enumerate() {
        let owner = deal.owner_id.unwrap_or(admin);
        // The deal's latest quote gives the lines; else the deal's amount.
        let quote = ts
            .quotes(deal.id)
            .await
            .map_err(|e| anyhow!("{e}"))?
            .into_iter()
            .next();
        let lines: Vec<contract_line::Model> = match &quote {
            Some(q) => ts
                .quote(q.id)
                .await
                .map_err(|e| anyhow!("{e}"))?
                .1
                .iter()
                .map(|l| contract_line::Model {
                    tenant_id: tenant.tenant_id,
                    id: Uuid::nil(),
                    contract_id: Uuid::nil(),
                    revision: 0,
                    line_id: closer_domain::ids::new_id(),
                    position: 0,
                    product_id: l.product_id,
                    product_line: None,
                    description: l.description.clone(),
                    quantity_milli: l.quantity_milli,
                    unit_price_minor: l.unit_price_minor,
                    discount_bp: l.discount_bp,
                    total_minor: l.total_minor,
                    cost_minor: None,
                })
                .collect(),
            None => Vec::new(),
        };
        let amount = if lines.is_empty() {
            deal.amount_minor
        } else {
            lines.iter().map(|l| l.total_minor).sum()
        };
        let signed = deal.closed_at.map(|c| c.date_naive());
        let now = closer_store::now();
        let model = contract::Model {
            tenant_id: tenant.tenant_id,
            id: closer_domain::ids::new_id(),
            number: String::new(),
            name: deal.name.clone(),
            customer_id: deal.customer_id,
            opportunity_id: Some(deal.id),
            quote_id: quote.as_ref().map(|q| q.id),
            owner_id: Some(owner),
            status: ContractStatus::Draft.key().into(),
            amount_minor: amount,
            ordered_minor: 0,
            delivered_minor: 0,
            currency: deal.currency.clone(),
            signed_on: signed,
            starts_on: signed,
            ends_on: signed.and_then(|s| s.checked_add_signed(chrono::Duration::days(365))),
            terms: Some("付款：签约后 30%，验收后 60%，质保期满 10%。Payment 30/60/10.".into()),
            revision: 1,
            pending_revision: None,
            approval_id: None,
            end_reason: None,
            created_by: Some(owner),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let year = signed.map_or(2026, |s| s.format("%Y").to_string().parse().unwrap_or(2026));
        let (c, lines) = ts
            .create_contract(owner, model, lines, year)
            .await
            .map_err(|e| anyhow!("demo contract: {e}"))?;
        let fate = FATES[i % FATES.len()];
        if matches!(fate, Fate::Draft) {
            continue;
        }
        let (c, _) = ts
            .submit_contract(owner, c.id, None, today)
            .await
            .map_err(|e| anyhow!("demo submit: {e}"))?;
        match fate {
            Fate::WaitingManager => {}
            Fate::WaitingRegion => decide(&ts, &c, 1, Decision::Approve).await?,
            Fate::Rejected => decide(&ts, &c, 1, Decision::Reject).await?,
            _ => decide(&ts, &c, 2, Decision::Approve).await?,
        }
        let c = ts.contract(c.id).await.map_err(|e| anyhow!("{e}"))?;
        if c.status != ContractStatus::Active.key() {
            continue;
        }
        match fate {
            Fate::Delivered | Fate::Active | Fate::Amended => {
                let items: Vec<OrderItem> = if lines.is_empty() {
                    vec![OrderItem::Amount {
                        amount_minor: (c.amount_minor / 2).max(1),
                    }]
                } else {
                    lines
                        .iter()
                        .map(|l| OrderItem::Line {
                            line_id: l.line_id,
                            quantity_milli: if matches!(fate, Fate::Delivered) {
                                l.quantity_milli
                            } else {
                                (l.quantity_milli / 2).max(1)
                            },
                        })
                        .collect()
                };
                let order = ts
                    .create_order(
                        owner,
                        NewOrder {
                            contract_id: c.id,
                            items,
                            deliver_by: today.checked_add_signed(chrono::Duration::days(30)),
                            notes: None,
                        },
                    )
                    .await;
                if let Ok(o) = order {
                    let to = if matches!(fate, Fate::Active) {
                        OrderStatus::Shipped
                    } else {
                        OrderStatus::Delivered
                    };
                    ts.move_order(owner, o.order.id, None, to, today)
                        .await
                        .map_err(|e| anyhow!("demo order: {e}"))?;
                }
                if matches!(fate, Fate::Delivered) && lines.is_empty() {
                    continue;
                }
                // A delivered contract completes by itself once it is paid (see demo cash).
                if matches!(fate, Fate::Amended) {
                    let c = ts.contract(c.id).await.map_err(|e| anyhow!("{e}"))?;
                    // A 5 % price concession, agreed after signing.
                    let amount = (c.amount_minor * 95 / 100).max(c.ordered_minor);
                    ts.amend_contract(
                        owner,
                        c.id,
                        None,
                        RevisionFields {
                            name: c.name.clone(),
                            amount_minor: amount,
                            signed_on: c.signed_on,
                            starts_on: c.starts_on,
                            ends_on: c.ends_on,
                            terms: c.terms.clone(),
                        },
                        // The lines stay (orders took from them); the total is conceded.
                        None,
                        "价格调整 5% Price concession".into(),
                        today,
                    )
                    .await
                    .map_err(|e| anyhow!("demo amendment: {e}"))?;
                    let c = ts.contract(c.id).await.map_err(|e| anyhow!("{e}"))?;
                    decide(&ts, &c, 2, Decision::Approve).await?;
                }
            }
            Fate::Terminated => {
                ts.end_contract(
                    owner,
                    c.id,
                    None,
                    ContractStatus::Terminated,
                    Some("客户业务调整，双方协商解除 Ended by mutual agreement".into()),
                )
                .await
                .map_err(|e| anyhow!("demo termination: {e}"))?;
            }
            _ => {}
        }
    }
    Ok(())
}
