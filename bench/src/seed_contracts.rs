//! Fills the bench tenant with contracts for the contract benchmarks, skewed as a real
//! company's: one rep owns half of them, names share common words, and a fifth wait for
//! approval — most of them (three in five) in one manager's inbox, the rest spread over
//! four others.
//!
//! closer-seed-contracts DB_URL CONTRACTS PENDING
#![allow(clippy::expect_used, clippy::unwrap_used)]

use closer_store::entity::{approval, approval_step, approval_task, contract};
use sea_orm::{EntityTrait, IntoActiveModel};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: closer-seed-contracts DB_URL CONTRACTS PENDING");
        std::process::exit(2);
    }
    let total: usize = args[2].parse().expect("contracts");
    let pending: usize = args[3].parse().expect("pending approvals");
    let store = closer_store::Store::connect(&args[1]).await.expect("open");
    store.migrate().await.expect("migrate");
    let tenant = store
        .tenant_by_slug("bench")
        .await
        .expect("the bench tenant");
    let t = tenant.tenant_id;
    let ts = store.tenant(t);
    let user = |e: &str| {
        let ts = ts.clone();
        let e = e.to_owned();
        async move {
            ts.user_by_email(&format!("{e}@bench.example.com"))
                .await
                .expect("bench user")
                .id
        }
    };
    let reps = [
        user("rep1").await,
        user("rep2").await,
        user("rep3").await,
        user("rep4").await,
        user("rep5").await,
    ];
    let managers = [
        user("mgr").await,
        user("rep2").await,
        user("rep3").await,
        user("rep4").await,
        user("rep5").await,
    ];
    let flow = closer_domain::ids::new_id();
    let words = ["年度服务", "软件许可", "实施项目", "设备采购", "运维支持"];
    let now = closer_store::now();
    let customer = closer_domain::ids::new_id();
    let db = store.db();
    let (mut contracts, mut approvals, mut steps, mut tasks) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for n in 0..total {
        let created = now - chrono::Duration::seconds(i64::try_from(total - n).unwrap() * 60);
        let owner = if n % 2 == 0 { reps[0] } else { reps[1 + n % 4] };
        let waiting = n % (total / pending.max(1)).max(1) == 0;
        let id = closer_domain::ids::new_id();
        let status = if waiting {
            "in_approval"
        } else {
            ["active", "active", "completed", "draft", "terminated"][n % 5]
        };
        let approval_id = waiting.then(closer_domain::ids::new_id);
        contracts.push(contract::Model {
            tenant_id: t,
            id,
            number: format!("HT-BENCH-{n:07}"),
            name: format!("{}合同 {n}", words[n % words.len()]),
            customer_id: customer,
            opportunity_id: None,
            quote_id: None,
            owner_id: Some(owner),
            status: status.into(),
            amount_minor: i64::try_from(10_000 + n % 2_000_000).unwrap() * 100,
            ordered_minor: 0,
            delivered_minor: 0,
            currency: "CNY".into(),
            signed_on: Some(created.date_naive()),
            starts_on: None,
            ends_on: None,
            terms: None,
            revision: 1,
            pending_revision: None,
            approval_id,
            end_reason: None,
            created_by: Some(owner),
            created_at: created,
            updated_at: created,
            version: 1,
        });
        if let Some(a) = approval_id {
            let approver = if n % 5 < 3 {
                managers[0]
            } else {
                managers[1 + n % 4]
            };
            let step = closer_domain::ids::new_id();
            approvals.push(approval::Model {
                tenant_id: t,
                id: a,
                record_type: "contract".into(),
                record_id: id,
                record_revision: 1,
                title: format!("HT-BENCH-{n:07}"),
                amount_minor: 100,
                currency: "CNY".into(),
                flow_id: flow,
                flow_version: 1,
                status: "pending".into(),
                submitted_by: owner,
                current_step: 0,
                decided_at: None,
                created_at: created,
                updated_at: created,
                version: 1,
            });
            steps.push(approval_step::Model {
                tenant_id: t,
                id: step,
                approval_id: a,
                position: 0,
                name: "经理审批".into(),
                mode: "any".into(),
                approvers: serde_json::json!({"kind": "user", "user_id": approver}),
                status: "pending".into(),
                started_at: Some(created),
                decided_at: None,
                reminded_at: None,
            });
            tasks.push(approval_task::Model {
                tenant_id: t,
                id: closer_domain::ids::new_id(),
                approval_id: a,
                step_id: step,
                user_id: approver,
                on_behalf_of: None,
                status: "pending".into(),
                comment: None,
                created_at: created,
                decided_at: None,
            });
        }
        if contracts.len() == 1000 || n + 1 == total {
            contract::Entity::insert_many(
                std::mem::take(&mut contracts)
                    .into_iter()
                    .map(IntoActiveModel::into_active_model),
            )
            .exec_without_returning(db)
            .await
            .expect("contracts");
            if !approvals.is_empty() {
                approval::Entity::insert_many(
                    std::mem::take(&mut approvals)
                        .into_iter()
                        .map(IntoActiveModel::into_active_model),
                )
                .exec_without_returning(db)
                .await
                .expect("approvals");
                approval_step::Entity::insert_many(
                    std::mem::take(&mut steps)
                        .into_iter()
                        .map(IntoActiveModel::into_active_model),
                )
                .exec_without_returning(db)
                .await
                .expect("steps");
                approval_task::Entity::insert_many(
                    std::mem::take(&mut tasks)
                        .into_iter()
                        .map(IntoActiveModel::into_active_model),
                )
                .exec_without_returning(db)
                .await
                .expect("tasks");
            }
        }
    }
}
