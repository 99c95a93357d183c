//! Demo targets and incentives: this year's signed-contract target allocated by active
//! customers from the company to regions, teams, reps and months, then locked; splits on a
//! third of the deals (owner 70 % / a colleague 30 %); weekly visit rules; and a quarterly
//! compensation plan with one closed run.

use anyhow::{anyhow, Result};
use chrono::Datelike;
use closer_domain::{
    opportunities::{
        forecast::Period,
        splits::{Share, SplitKind},
    },
    targets::Months,
};
use closer_server::{
    performance::runs::work_out,
    targets::{
        allocations::{children_of, suggest, weights_of},
        org::{resources, Org},
    },
};
use closer_store::{
    entity::{compensation_plan, compensation_run},
    targets::{
        plans::{NewPlan, UnitAllocation},
        visits::NewVisitRule,
    },
    Store, TenantStore,
};
use uuid::Uuid;

use super::names::ADMIN_EMAIL;

fn err(what: &str) -> impl Fn(closer_store::StoreError) -> anyhow::Error + '_ {
    move |e| anyhow!("demo {what}: {e}")
}

/// Allocates `months` of `parent` (the company when `None`) among its children, and on
/// down the tree, the way the allocation screen's "by resources" does.
fn allocate(
    org: &Org,
    res: &std::collections::HashMap<Uuid, (i64, i64)>,
    parent: Option<Uuid>,
    total: i64,
    profile: Option<Months>,
    out: &mut Vec<UnitAllocation>,
) {
    let children = children_of(org, parent);
    // Sales regions and their teams carry targets; finance and marketing do not.
    let children: Vec<(&'static str, Uuid)> = children
        .into_iter()
        .filter(|(kind, id)| {
            if *kind == "department" {
                org.department(*id)
                    .is_some_and(|d| d.is_sales_region || d.parent_id != org.root())
            } else {
                org.user(*id).is_some_and(|u| parent.is_some() && u.active)
            }
        })
        .collect();
    if children.is_empty() {
        return;
    }
    let weights = weights_of(&children, res, "active_customers");
    let months = suggest(total, profile, &weights, None);
    for ((kind, id), m) in children.iter().zip(&months) {
        out.push(UnitAllocation {
            unit_id: *id,
            unit_kind: kind,
            parent_id: parent.filter(|p| Some(*p) != org.root()),
            months: *m,
        });
        if *kind == "department" {
            allocate(org, res, Some(*id), m.iter().sum(), Some(*m), out);
        }
    }
}

pub async fn targets(store: &Store, slug: &str) -> Result<()> {
    let tenant = store
        .tenant_by_slug(slug)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let ts: TenantStore = store.tenant(tenant.tenant_id);
    let admin = ts
        .user_by_email(ADMIN_EMAIL)
        .await
        .map_err(err("admin"))?
        .id;
    let org = Org::load(&ts)
        .await
        .map_err(|e| anyhow!("demo org: {e:?}"))?;
    let res = resources(
        &org,
        &ts.customer_resources().await.map_err(err("resources"))?,
    );
    let today = closer_server::platform::calendar::today(&tenant.time_zone);
    let year = today.year();

    // ¥36,000,000 of signed contracts this year, allocated by active customers.
    let plan = ts
        .create_target_plan(
            admin,
            NewPlan {
                name: format!("{year} 年度签约目标 Signed contracts {year}"),
                metric: "contract_amount".into(),
                year,
                total: 36_000_000 * 100,
            },
        )
        .await
        .map_err(err("target plan"))?;
    let mut units = Vec::new();
    allocate(&org, &res, None, plan.total, None, &mut units);
    // A unit's parent is the nearest allocated unit above it.
    ts.set_target_allocations(admin, plan.id, &units)
        .await
        .map_err(err("allocation"))?;
    ts.lock_target_plan(admin, plan.id)
        .await
        .map_err(err("lock"))?;

    // A third of the deals shared 70 / 30 with a colleague in the same department.
    let deals = ts
        .opportunities(None, None, None, 300)
        .await
        .map_err(err("deals"))?
        .items;
    for (i, deal) in deals.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        let Some(owner) = deal.owner_id else { continue };
        let Some(me) = org.user(owner) else { continue };
        let colleague = org
            .users
            .iter()
            .filter(|u| u.active && u.id != owner && u.department_id == me.department_id)
            .nth(i % 2)
            .or_else(|| {
                org.users
                    .iter()
                    .find(|u| u.active && u.id != owner && u.role_id == me.role_id)
            });
        let Some(colleague) = colleague else { continue };
        ts.set_splits(
            admin,
            deal.id,
            SplitKind::Whole,
            &[
                (owner, Share::Ratio(700_000)),
                (colleague.id, Share::Ratio(300_000)),
            ],
        )
        .await
        .map_err(err("split"))?;
    }

    let rep_role = ts.role_by_key("sales_rep").await.map_err(err("role"))?;
    for (name, per_week, counts) in [
        (
            "每周拜访 5 位新客户 Visit 5 new customers a week",
            5,
            closer_domain::targets::visits::Counts::NewCustomers,
        ),
        (
            "每周拜访 8 次 Eight visits a week",
            8,
            closer_domain::targets::visits::Counts::Visits,
        ),
    ] {
        ts.create_visit_rule(
            admin,
            NewVisitRule {
                name: name.into(),
                per_week,
                counts,
                department_id: None,
                role_id: Some(rep_role.id),
            },
        )
        .await
        .map_err(err("visit rule"))?;
    }

    // Base ¥8,000 plus a ¥30,000 pool: nothing below 60 %, × 1 to 100 %, × 1.5 above,
    // counted up to 150 %; last quarter's run is closed.
    let now = closer_store::now();
    let comp = ts
        .create_compensation_plan(
            admin,
            compensation_plan::Model {
                tenant_id: tenant.tenant_id,
                id: closer_domain::ids::new_id(),
                name: "销售季度提成 Quarterly sales pay".into(),
                target_plan_id: plan.id,
                period_kind: "quarter".into(),
                base_pay_minor: 8_000 * 100,
                pool_minor: 30_000 * 100,
                threshold: 6_000,
                cap: Some(15_000),
                collections: None,
                margin: None,
                forecast_accuracy: None,
                tiers: serde_json::json!([{"from": 0, "to": 10_000, "rate": 10_000}, {"from": 10_000, "to": null, "rate": 15_000}]),
                created_by: Some(admin),
                created_at: now,
                updated_at: now,
                version: 1,
            },
        )
        .await
        .map_err(err("compensation plan"))?;
    let quarter = (today.month0() / 3) + 1;
    let closed = Period::quarter(year, if quarter > 1 { quarter - 1 } else { 1 })
        .ok_or_else(|| anyhow!("demo quarter"))?;
    let id = closer_domain::ids::new_id();
    let lines = work_out(&ts, &tenant.time_zone, &comp, closed, id)
        .await
        .map_err(|e| anyhow!("demo compensation run: {e:?}"))?;
    let run = ts
        .create_compensation_run(
            admin,
            compensation_run::Model {
                tenant_id: tenant.tenant_id,
                id,
                plan_id: comp.id,
                period: closed.to_string(),
                status: "draft".into(),
                total_minor: lines.iter().map(|l| l.total_minor).sum(),
                created_by: Some(admin),
                closed_at: None,
                created_at: now,
                updated_at: now,
                version: 1,
            },
            lines,
        )
        .await
        .map_err(err("compensation run"))?;
    ts.close_compensation_run(admin, run.id)
        .await
        .map_err(err("close run"))?;

    // A second plan weighs the same pay by margin (below 20 % × 0.8, from 40 % × 1.2) and
    // by forecast accuracy (below 70 % × 0.9, from 90 % × 1.1).
    let band = |from: i64, to: Option<i64>, rate: i64| serde_json::json!({"from": from, "to": to, "rate": rate});
    ts.create_compensation_plan(
        admin,
        compensation_plan::Model {
            id: closer_domain::ids::new_id(),
            name: "毛利与预测系数提成 Pay by margin and forecast".into(),
            margin: Some(serde_json::json!([
                band(0, Some(2_000), 8_000),
                band(2_000, Some(4_000), 10_000),
                band(4_000, None, 12_000)
            ])),
            forecast_accuracy: Some(serde_json::json!([
                band(0, Some(7_000), 9_000),
                band(7_000, Some(9_000), 10_000),
                band(9_000, None, 11_000)
            ])),
            ..comp
        },
    )
    .await
    .map_err(err("compensation plan with factors"))?;
    Ok(())
}
