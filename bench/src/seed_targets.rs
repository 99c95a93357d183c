//! Fills the bench tenant for the targets benchmarks: REPS reps in twenty sales regions (one
//! rep owning half of everything), customers whose names share common words, OPPORTUNITIES
//! deals over the last three years (two in five won, one in five lost; one in twenty won
//! deals split 70 / 30 with a colleague), PAYMENTS payments over the same years, and this
//! year's won-amount and payments targets allocated to every region, rep and month, with a
//! quarterly compensation plan on the payments target.
//!
//! closer-seed-targets DB_URL REPS OPPORTUNITIES PAYMENTS
#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::Datelike;
use closer_store::{
    entity::{
        compensation_plan, customer, opportunity, opportunity_split, payment, stage_change, user,
    },
    targets::plans::{NewPlan, UnitAllocation},
};
use sea_orm::{EntityTrait, IntoActiveModel, TransactionTrait};

async fn insert<E>(db: &sea_orm::DatabaseTransaction, rows: &mut Vec<E::Model>)
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    if rows.is_empty() {
        return;
    }
    E::insert_many(
        std::mem::take(rows)
            .into_iter()
            .map(IntoActiveModel::into_active_model),
    )
    .exec_without_returning(db)
    .await
    .expect("insert");
}

const CITIES: [&str; 6] = ["上海", "北京", "深圳", "杭州", "苏州", "成都"];
const WORDS: [&str; 6] = ["华东", "精密", "智能", "新材料", "电子", "机械"];

#[tokio::main]
#[allow(clippy::too_many_lines)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: closer-seed-targets DB_URL REPS OPPORTUNITIES PAYMENTS");
        std::process::exit(2);
    }
    let reps_total: usize = args[2].parse().expect("reps");
    let opps_total: usize = args[3].parse().expect("opportunities");
    let payments_total: usize = args[4].parse().expect("payments");
    let store = closer_store::Store::connect(&args[1]).await.expect("open");
    store.migrate().await.expect("migrate");
    let tenant = store
        .tenant_by_slug("bench")
        .await
        .expect("the bench tenant");
    let t = tenant.tenant_id;
    let ts = store.tenant(t);
    let admin = ts
        .user_by_email("admin@bench.example.com")
        .await
        .expect("admin");
    let rep_role = ts.role_by_key("sales_rep").await.expect("role").id;
    let now = closer_store::now();
    let year = now.year();

    let mut regions = Vec::new();
    for r in 0..20 {
        let d = ts
            .create_department(
                admin.id,
                format!("{}大区 Region {r}", CITIES[r % 6]),
                None,
                true,
                None,
            )
            .await
            .expect("region");
        regions.push(d.id);
    }
    let txn = store.db().begin().await.expect("begin");
    let mut rows = Vec::new();
    let mut reps = Vec::new();
    for n in 0..reps_total {
        let id = closer_domain::ids::new_id();
        reps.push((id, regions[n % regions.len()]));
        rows.push(user::Model {
            tenant_id: t,
            id,
            email: format!("seller{n}@bench.example.com"),
            name: format!("销售 Seller {n}"),
            password_hash: admin.password_hash.clone(),
            role_id: rep_role,
            department_id: regions[n % regions.len()],
            language: None,
            active: true,
            created_at: now,
            updated_at: now,
            version: 1,
        });
        if rows.len() == 500 {
            insert::<user::Entity>(&txn, &mut rows).await;
        }
    }
    insert::<user::Entity>(&txn, &mut rows).await;
    txn.commit().await.expect("commit");
    // One rep owns half of everything.
    let owner_of = |n: usize| {
        if n.is_multiple_of(2) {
            reps[0].0
        } else {
            reps[n % reps.len()].0
        }
    };

    let customers_total = (opps_total / 50).max(1);
    let customer_ids: Vec<uuid::Uuid> = (0..customers_total)
        .map(|_| closer_domain::ids::new_id())
        .collect();
    let txn = store.db().begin().await.expect("begin");
    let mut rows = Vec::new();
    for (n, id) in customer_ids.iter().enumerate() {
        rows.push(customer::Model {
            tenant_id: t,
            id: *id,
            name: format!(
                "{}{}{}科技{n}有限公司",
                CITIES[n % 6],
                WORDS[(n / 7) % 6],
                WORDS[(n / 3) % 6]
            ),
            owner_id: Some(owner_of(n)),
            industry: None,
            province: None,
            city: None,
            phone: None,
            email: None,
            website: None,
            credit_code: None,
            source: None,
            lead_id: None,
            size_tier: None,
            employee_count: None,
            annual_revenue_minor: Some(i64::try_from(n % 1000).unwrap() * 1_000_000),
            address: None,
            score: None,
            grade: None,
            scored_at: None,
            last_activity_at: None,
            assigned_at: Some(now),
            protected_until: None,
            warned_at: None,
            created_at: now - chrono::Duration::days(i64::try_from(n % 1000).unwrap()),
            updated_at: now,
            version: 1,
        });
        if rows.len() == 1000 {
            insert::<customer::Entity>(&txn, &mut rows).await;
        }
    }
    insert::<customer::Entity>(&txn, &mut rows).await;
    txn.commit().await.expect("commit");

    let (_, stages) = ts
        .sales_processes()
        .await
        .expect("processes")
        .into_iter()
        .find(|(p, _)| p.is_default)
        .expect("default process");
    let open: Vec<_> = stages.iter().filter(|s| !s.is_won && !s.is_lost).collect();
    let won = stages.iter().find(|s| s.is_won).unwrap();
    let lost = stages.iter().find(|s| s.is_lost).unwrap();
    let txn = store.db().begin().await.expect("begin");
    let (mut rows, mut splits, mut changes) = (Vec::new(), Vec::new(), Vec::new());
    // Why deals are lost, most for the same few reasons; rivals met in a quarter of the
    // closed deals, one of them in most.
    let reasons = [
        "价格太高",
        "价格太高",
        "价格太高",
        "选择了竞品",
        "选择了竞品",
        "预算取消",
        "需求变化",
        "无决策人",
    ];
    let rivals = ["销售易", "销售易", "Salesforce", "纷享销客", "HubSpot"];
    for n in 0..opps_total {
        let at =
            now - chrono::Duration::minutes(i64::try_from((n * 7919) % (3 * 525_600)).unwrap());
        let stage = match n % 5 {
            0 | 1 => won,
            2 => lost,
            k => open[k % open.len()],
        };
        let owner = owner_of(n);
        let mut o = closer_store::opportunities::records::blank_opportunity(
            t,
            customer_ids[(n * n) % customers_total],
            format!("商机 {n}"),
            (
                i64::try_from(10_000 + (n * 31) % 990_000).unwrap() * 100,
                "CNY".into(),
            ),
            stage,
            Some(owner),
            at,
        );
        o.expected_close_date = Some((at + chrono::Duration::days(60)).date_naive());
        // Created weeks before it reached its stage: entered the first open stage then,
        // moved on to where it is now (a sales cycle and time in a stage to report).
        let created = at - chrono::Duration::days(i64::try_from(7 + (n * 37) % 120).unwrap());
        o.created_at = created;
        if stage.is_lost {
            o.loss_reason = Some(reasons[(n / 5) % reasons.len()].into());
        }
        if (stage.is_won || stage.is_lost) && n % 4 == 0 {
            o.competitors = Some(serde_json::json!([{"name": rivals[(n / 4) % rivals.len()]}]));
        }
        let first = open[0];
        for (from, to, when) in [(None, first, created), (Some(first.id), stage, at)] {
            if from == Some(to.id) {
                continue;
            }
            changes.push(stage_change::Model {
                tenant_id: t,
                id: closer_domain::ids::new_id(),
                opportunity_id: o.id,
                from_stage_id: from,
                to_stage_id: to.id,
                at: when,
                amount_minor: o.amount_minor,
                expected_close_date: o.expected_close_date,
                actor_id: Some(owner),
            });
        }
        if stage.is_won && n % 20 == 0 {
            let other = reps[(n / 20 + 1) % reps.len()].0;
            if other != owner {
                for (i, (u, r)) in [(owner, 700_000), (other, 300_000)].into_iter().enumerate() {
                    splits.push(opportunity_split::Model {
                        tenant_id: t,
                        opportunity_id: o.id,
                        user_id: u,
                        kind: "whole".into(),
                        ratio: Some(r),
                        amount_minor: None,
                        position: i32::try_from(i).unwrap(),
                    });
                }
            }
        }
        rows.push(o);
        if rows.len() == 1000 {
            insert::<opportunity::Entity>(&txn, &mut rows).await;
            insert::<opportunity_split::Entity>(&txn, &mut splits).await;
            insert::<stage_change::Entity>(&txn, &mut changes).await;
        }
    }
    insert::<opportunity::Entity>(&txn, &mut rows).await;
    insert::<opportunity_split::Entity>(&txn, &mut splits).await;
    insert::<stage_change::Entity>(&txn, &mut changes).await;
    txn.commit().await.expect("commit");

    let txn = store.db().begin().await.expect("begin");
    let mut rows = Vec::new();
    for n in 0..payments_total {
        let on = now.date_naive() - chrono::Duration::days(i64::try_from((n * 13) % 1095).unwrap());
        let amount = i64::try_from(1_000 + (n * 17) % 200_000).unwrap() * 100;
        rows.push(payment::Model {
            tenant_id: t,
            id: closer_domain::ids::new_id(),
            customer_id: customer_ids[n % customers_total],
            contract_id: None,
            owner_id: Some(owner_of(n)),
            amount_minor: amount,
            unapplied_minor: amount,
            refunded_minor: 0,
            currency: "CNY".into(),
            received_on: on,
            reference: None,
            payer_name: None,
            source: "manual".into(),
            idempotency_key: None,
            request_hash: None,
            bank_line_key: None,
            status: if n % 50 == 0 { "reversed" } else { "posted" }.into(),
            reversed_at: None,
            reversal_reason: None,
            created_by: None,
            created_at: now,
            updated_at: now,
            version: 1,
        });
        if rows.len() == 1000 {
            insert::<payment::Entity>(&txn, &mut rows).await;
        }
    }
    insert::<payment::Entity>(&txn, &mut rows).await;
    txn.commit().await.expect("commit");

    // This year's targets: ¥100,000 a rep a month, regions the sum of their reps.
    let rep_month: i64 = 100_000 * 100;
    for (name, metric) in [
        ("赢单目标 Won", "won_amount"),
        ("回款目标 Collected", "payments"),
    ] {
        let plan = ts
            .create_target_plan(
                admin.id,
                NewPlan {
                    name: format!("{year} {name}"),
                    metric: metric.into(),
                    year,
                    total: rep_month * 12 * i64::try_from(reps_total).unwrap(),
                },
            )
            .await
            .expect("plan");
        let mut units = Vec::new();
        for r in &regions {
            let n = i64::try_from(reps.iter().filter(|(_, d)| d == r).count()).unwrap();
            units.push(UnitAllocation {
                unit_id: *r,
                unit_kind: "department",
                parent_id: None,
                months: [rep_month * n; 12],
            });
        }
        for (id, r) in &reps {
            units.push(UnitAllocation {
                unit_id: *id,
                unit_kind: "user",
                parent_id: Some(*r),
                months: [rep_month; 12],
            });
        }
        ts.set_target_allocations(admin.id, plan.id, &units)
            .await
            .expect("allocate");
        if metric == "payments" {
            ts.create_compensation_plan(
                admin.id,
                compensation_plan::Model {
                    tenant_id: t,
                    id: closer_domain::ids::new_id(),
                    name: "季度提成 Quarterly pay".into(),
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
                    created_by: Some(admin.id),
                    created_at: now,
                    updated_at: now,
                    version: 1,
                },
            )
            .await
            .expect("compensation plan");
        }
    }
}
