//! Fills the bench tenant with a company's receivables for the cash benchmarks, skewed as a
//! real one's: RECEIVABLES receivables (three per contract) over customers whose names share
//! common words, one rep owning half of everything, due dates over the last two years and
//! the next; OPEN_PERCENT of them still owing (some in part), the rest paid by a payment
//! with its allocation. Also writes a bank statement of BANK_ROWS rows to BANK_FILE: payers
//! who owe (their names as the bank writes them), a few strangers, amounts in part and whole.
//!
//! closer-seed-cash DB_URL RECEIVABLES OPEN_PERCENT BANK_ROWS BANK_FILE
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;

use closer_store::entity::{contract, customer, payment, payment_allocation, receivable};
use sea_orm::{EntityTrait, IntoActiveModel, TransactionTrait};

const CITIES: [&str; 6] = ["上海", "北京", "深圳", "杭州", "苏州", "成都"];
const WORDS: [&str; 6] = ["华东", "精密", "智能", "新材料", "电子", "机械"];
const KINDS: [&str; 4] = ["科技", "制造", "贸易", "工程"];

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

#[tokio::main]
#[allow(clippy::too_many_lines)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: closer-seed-cash DB_URL RECEIVABLES OPEN_PERCENT BANK_ROWS BANK_FILE");
        std::process::exit(2);
    }
    let total: usize = args[2].parse().expect("receivables");
    let open_percent: usize = args[3].parse().expect("open percent");
    let bank_rows: usize = args[4].parse().expect("bank rows");
    let store = closer_store::Store::connect(&args[1]).await.expect("open");
    store.migrate().await.expect("migrate");
    let tenant = store
        .tenant_by_slug("bench")
        .await
        .expect("the bench tenant");
    let t = tenant.tenant_id;
    let ts = store.tenant(t);
    let mut reps = Vec::new();
    for i in 1..=5 {
        reps.push(
            ts.user_by_email(&format!("rep{i}@bench.example.com"))
                .await
                .expect("rep")
                .id,
        );
    }
    let now = closer_store::now();
    let today = now.date_naive();
    let customers_total = (total / 20).max(1);
    let contracts_total = total.div_ceil(3);
    let name = |n: usize| {
        format!(
            "{}{}{}{}{n}有限公司",
            CITIES[n % CITIES.len()],
            WORDS[(n / 7) % WORDS.len()],
            WORDS[(n / 3) % WORDS.len()],
            KINDS[n % KINDS.len()]
        )
    };
    let owner_of = |n: usize| {
        if n.is_multiple_of(2) {
            reps[0]
        } else {
            reps[1 + n % 4]
        }
    };
    let customer_ids: Vec<uuid::Uuid> = (0..customers_total)
        .map(|_| closer_domain::ids::new_id())
        .collect();
    let txn = store.db().begin().await.expect("begin");
    let mut rows = Vec::new();
    for (n, id) in customer_ids.iter().enumerate() {
        rows.push(customer::Model {
            tenant_id: t,
            id: *id,
            name: name(n),
            owner_id: Some(owner_of(n)),
            industry: None,
            province: None,
            city: Some(CITIES[n % CITIES.len()].into()),
            phone: None,
            email: None,
            website: None,
            credit_code: None,
            source: None,
            lead_id: None,
            size_tier: None,
            employee_count: None,
            annual_revenue_minor: None,
            address: None,
            score: None,
            grade: None,
            scored_at: None,
            last_activity_at: None,
            assigned_at: Some(now),
            protected_until: None,
            warned_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        });
        if rows.len() == 1000 {
            insert::<customer::Entity>(&txn, &mut rows).await;
        }
    }
    insert::<customer::Entity>(&txn, &mut rows).await;
    txn.commit().await.expect("commit");

    // Who still owes what, for the bank statement: (customer index, outstanding).
    let mut owing: Vec<(usize, i64)> = Vec::new();
    let txn = store.db().begin().await.expect("begin");
    let (mut contracts, mut receivables, mut payments, mut allocations) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut made = 0;
    for k in 0..contracts_total {
        // Big customers have many contracts: a customer's share follows a skewed pick.
        let c = (k * k) % customers_total;
        let owner = owner_of(c);
        let contract_id = closer_domain::ids::new_id();
        let amount = i64::try_from(3_000 + (k * 7919) % 2_000_000).unwrap() * 100;
        let signed = today - chrono::Duration::days(i64::try_from(k % 730).unwrap());
        contracts.push(contract::Model {
            tenant_id: t,
            id: contract_id,
            number: format!("HT-CASH-{k:07}"),
            name: format!("{}合同 {k}", WORDS[k % WORDS.len()]),
            customer_id: customer_ids[c],
            opportunity_id: None,
            quote_id: None,
            owner_id: Some(owner),
            status: "active".into(),
            amount_minor: amount,
            ordered_minor: 0,
            delivered_minor: 0,
            currency: "CNY".into(),
            signed_on: Some(signed),
            starts_on: None,
            ends_on: None,
            terms: None,
            revision: 1,
            pending_revision: None,
            approval_id: None,
            end_reason: None,
            created_by: Some(owner),
            created_at: now,
            updated_at: now,
            version: 1,
        });
        let parts = [
            amount * 3 / 10,
            amount * 6 / 10,
            amount - amount * 3 / 10 - amount * 6 / 10,
        ];
        for (p, part) in parts.iter().enumerate() {
            if made == total {
                break;
            }
            made += 1;
            let due = signed + chrono::Duration::days([30, 120, 365][p]);
            let open = made % 100 < open_percent || due > today;
            let paid = if open {
                if made % 3 == 0 {
                    part / 2
                } else {
                    0
                }
            } else {
                *part
            };
            let r = receivable::Model {
                order_id: None,
                tenant_id: t,
                id: closer_domain::ids::new_id(),
                created_at: now,
                updated_at: now,
                version: 1,
                contract_id,
                customer_id: customer_ids[c],
                owner_id: Some(owner),
                position: i32::try_from(p).unwrap(),
                due_on: due,
                amount_minor: *part,
                paid_minor: paid,
                written_off_minor: 0,
                outstanding_minor: part - paid,
                invoiced_minor: 0,
                currency: "CNY".into(),
                in_plan: true,
                owed: true,
                settled_on: (paid == *part).then_some(due.min(today)),
                reminded_on: None,
            };
            if paid > 0 {
                let pid = closer_domain::ids::new_id();
                let received = due.min(today);
                payments.push(payment::Model {
                    tenant_id: t,
                    id: pid,
                    created_at: now,
                    updated_at: now,
                    version: 1,
                    customer_id: customer_ids[c],
                    contract_id: Some(contract_id),
                    owner_id: Some(owner),
                    amount_minor: paid,
                    unapplied_minor: 0,
                    refunded_minor: 0,
                    currency: "CNY".into(),
                    received_on: received,
                    reference: None,
                    payer_name: None,
                    source: "manual".into(),
                    idempotency_key: None,
                    request_hash: None,
                    bank_line_key: None,
                    status: "posted".into(),
                    reversed_at: None,
                    reversal_reason: None,
                    created_by: None,
                });
                allocations.push(payment_allocation::Model {
                    tenant_id: t,
                    id: closer_domain::ids::new_id(),
                    created_at: now,
                    payment_id: Some(pid),
                    receivable_id: r.id,
                    contract_id,
                    kind: "payment".into(),
                    amount_minor: paid,
                    received_on: received,
                    created_by: None,
                });
            }
            if r.outstanding_minor > 0 && r.due_on <= today {
                owing.push((c, r.outstanding_minor));
            }
            receivables.push(r);
        }
        if receivables.len() >= 900 {
            insert::<contract::Entity>(&txn, &mut contracts).await;
            insert::<receivable::Entity>(&txn, &mut receivables).await;
            insert::<payment::Entity>(&txn, &mut payments).await;
            insert::<payment_allocation::Entity>(&txn, &mut allocations).await;
        }
    }
    insert::<contract::Entity>(&txn, &mut contracts).await;
    insert::<receivable::Entity>(&txn, &mut receivables).await;
    insert::<payment::Entity>(&txn, &mut payments).await;
    insert::<payment_allocation::Entity>(&txn, &mut allocations).await;
    txn.commit().await.expect("commit");

    // The statement: mostly customers who owe, paying all or part; the bank writes some
    // names with the city in brackets; one row in twenty from a stranger.
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[5]).expect("bank file"));
    writeln!(out, "交易日期,付款人,金额,摘要").unwrap();
    for i in 0..bank_rows {
        let (payer, amount) = if i % 20 == 19 || owing.is_empty() {
            (format!("个体户{i}号商行"), 88_800)
        } else {
            let (c, left) = owing[(i * 7) % owing.len()];
            let n = name(c);
            let payer = if i % 4 == 0 {
                // 上海…有限公司 → …有限公司（上海）
                let city = CITIES[c % CITIES.len()];
                format!("{}（{city}）", n.trim_start_matches(city))
            } else {
                n
            };
            (
                payer,
                if i % 2 == 0 {
                    left
                } else {
                    (left / 3).max(100)
                },
            )
        };
        let day = today - chrono::Duration::days(i64::try_from(i % 28).unwrap());
        writeln!(
            out,
            "{day},{payer},{}.{:02},BANK-{i:07}",
            amount / 100,
            amount % 100
        )
        .unwrap();
    }
    out.flush().unwrap();
}
