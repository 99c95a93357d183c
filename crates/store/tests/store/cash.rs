//! Any sequence of plans, invoices, voids, payments (named or not), reversals, credit used,
//! changes, refunds and refunds paid keeps the books whole, checked in the database after
//! every step: receivables add up to the contract; each receivable's paid, written-off and
//! outstanding figures are its allocations; invoiced never above the receivable; every fen of
//! every payment is allocated, credited or refunded exactly once; credit never negative.

use chrono::NaiveDate;
use closer_domain::cash::Share;
use closer_store::{
    cash::{invoices::NewInvoice, payments::NewPayment},
    entity::{
        cash_account, contract, customer, invoice, payment, payment_allocation, receivable, refund,
    },
    testing, TenantStore,
};
use proptest::{prelude::*, test_runner::TestRunner};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

#[derive(Debug, Clone)]
enum Op {
    Plan(Vec<i64>),
    Invoice(usize, i64),
    Void(usize),
    Pay(i64, bool),
    Reverse(usize),
    Apply(usize),
    Change(usize, i64),
    Refund(i64),
    PayRefund(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        prop::collection::vec(1i64..=10, 1..4).prop_map(Op::Plan),
        (0usize..3, 1i64..600_000).prop_map(|(r, a)| Op::Invoice(r, a)),
        (0usize..4).prop_map(Op::Void),
        (1i64..900_000, any::<bool>()).prop_map(|(a, n)| Op::Pay(a, n)),
        (0usize..4).prop_map(Op::Reverse),
        (0usize..4).prop_map(Op::Apply),
        (0usize..3, 0i64..700_000).prop_map(|(r, a)| Op::Change(r, a)),
        (1i64..200_000).prop_map(Op::Refund),
        (0usize..3).prop_map(Op::PayRefund),
    ]
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

async fn setup(ts: &TenantStore, actor: Uuid) -> (Uuid, Uuid) {
    let (c, k) = draft(ts, actor).await;
    ts.submit_contract(actor, k, None, day()).await.unwrap();
    ts.roll_aging(day()).await.unwrap();
    (c, k)
}

/// A customer and a draft contract of 10,000.00 for it, signed on 5 January.
async fn draft(ts: &TenantStore, actor: Uuid) -> (Uuid, Uuid) {
    draft_signed(ts, actor, NaiveDate::from_ymd_opt(2026, 1, 5)).await
}

/// A customer and a draft contract of 10,000.00 for it, signed on `signed_on`.
async fn draft_signed(ts: &TenantStore, actor: Uuid, signed_on: Option<NaiveDate>) -> (Uuid, Uuid) {
    let now = closer_store::now();
    let c = ts
        .create_customer(
            actor,
            customer::Model {
                tenant_id: ts.tenant_id(),
                id: closer_domain::ids::new_id(),
                name: format!("客户 {}", closer_domain::ids::new_id()),
                owner_id: Some(actor),
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
            },
        )
        .await
        .unwrap();
    let (k, _) = ts
        .create_contract(
            actor,
            contract::Model {
                tenant_id: ts.tenant_id(),
                id: closer_domain::ids::new_id(),
                number: String::new(),
                name: "合同".into(),
                customer_id: c.id,
                opportunity_id: None,
                quote_id: None,
                owner_id: Some(actor),
                status: "draft".into(),
                amount_minor: 1_000_000,
                ordered_minor: 0,
                delivered_minor: 0,
                currency: "CNY".into(),
                signed_on,
                starts_on: None,
                ends_on: None,
                terms: None,
                revision: 1,
                pending_revision: None,
                approval_id: None,
                end_reason: None,
                created_by: Some(actor),
                created_at: now,
                updated_at: now,
                version: 1,
            },
            Vec::new(),
            2026,
        )
        .await
        .unwrap();
    (c.id, k.id)
}

async fn apply(ts: &TenantStore, actor: Uuid, customer_id: Uuid, contract_id: Uuid, op: &Op) {
    let plan = ts.payment_plan(contract_id).await.unwrap();
    let payments = ts
        .payments(&Default::default(), None, 500)
        .await
        .unwrap()
        .items;
    let payments: Vec<_> = payments
        .into_iter()
        .filter(|p| p.payment.customer_id == customer_id)
        .collect();
    let today = day();
    // Refusals are part of the rule set: they must leave the books as they were.
    let _ = match op {
        Op::Plan(w) => {
            let sum: i64 = w.iter().sum();
            let mut ratios: Vec<i64> = w.iter().map(|x| x * 1_000_000 / sum).collect();
            let rest = 1_000_000 - ratios.iter().sum::<i64>();
            *ratios.last_mut().unwrap() += rest;
            let inst: Vec<(NaiveDate, Share)> = ratios
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    (
                        today + chrono::Duration::days(30 * i as i64),
                        Share::Ratio(*r),
                    )
                })
                .collect();
            ts.put_payment_plan(actor, contract_id, &inst, today)
                .await
                .map(|_| ())
        }
        Op::Invoice(r, a) => match plan.get(*r) {
            Some(rv) => ts
                .issue_invoice(
                    actor,
                    NewInvoice {
                        receivable_id: rv.id,
                        kind: "vat_special".into(),
                        tax_rate_bp: 1300,
                        amount_minor: *a,
                        number: closer_domain::ids::new_id().to_string(),
                        issued_on: today,
                    },
                    today,
                )
                .await
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Void(i) => {
            let list = ts
                .invoices(&Default::default(), None, 500)
                .await
                .unwrap()
                .items;
            match list.iter().filter(|x| x.contract_id == contract_id).nth(*i) {
                Some(inv) => ts
                    .void_invoice(actor, inv.id, None, "void".into(), today)
                    .await
                    .map(|_| ()),
                None => Ok(()),
            }
        }
        Op::Pay(a, named) => {
            let allocations = named.then(|| {
                plan.iter()
                    .rev()
                    .take(1)
                    .map(|r| (r.id, (*a).min(r.outstanding_minor.max(1))))
                    .collect()
            });
            ts.post_payment(
                Some(actor),
                NewPayment {
                    customer_id,
                    amount_minor: *a,
                    currency: "CNY".into(),
                    received_on: today,
                    source: "manual".into(),
                    allocations,
                    ..NewPayment::default()
                },
                today,
            )
            .await
            .map(|_| ())
        }
        Op::Reverse(i) => match payments.get(*i) {
            Some(p) => ts
                .reverse_payment(actor, p.payment.id, None, "r".into(), today)
                .await
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Apply(i) => match payments.get(*i) {
            Some(p) => ts
                .apply_payment_credit(actor, p.payment.id, None, today)
                .await
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Change(r, a) => match plan.get(*r) {
            Some(rv) => ts
                .change_contract(actor, contract_id, "change".into(), &[(rv.id, *a)], today)
                .await
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Refund(a) => ts
            .request_refund(actor, customer_id, *a, "refund".into(), today)
            .await
            .map(|_| ()),
        Op::PayRefund(i) => {
            let list = ts
                .refunds(&Default::default(), None, 500)
                .await
                .unwrap()
                .items;
            match list.iter().filter(|r| r.customer_id == customer_id).nth(*i) {
                Some(r) => ts.pay_refund(actor, r.id, None, today).await.map(|_| ()),
                None => Ok(()),
            }
        }
    };
}

async fn check(ts: &TenantStore, customer_id: Uuid, contract_id: Uuid) {
    let db = ts.store().db();
    let t = ts.tenant_id();
    let c = contract::Entity::find_by_id((t, contract_id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let rs = receivable::Entity::find()
        .filter(receivable::Column::TenantId.eq(t))
        .filter(receivable::Column::ContractId.eq(contract_id))
        .all(db)
        .await
        .unwrap();
    let allocs = payment_allocation::Entity::find()
        .filter(payment_allocation::Column::TenantId.eq(t))
        .filter(payment_allocation::Column::ContractId.eq(contract_id))
        .all(db)
        .await
        .unwrap();
    let invoices = invoice::Entity::find()
        .filter(invoice::Column::TenantId.eq(t))
        .filter(invoice::Column::ContractId.eq(contract_id))
        .all(db)
        .await
        .unwrap();
    let planned: i64 = rs
        .iter()
        .filter(|r| r.in_plan)
        .map(|r| r.amount_minor)
        .sum();
    if rs.iter().any(|r| r.in_plan) {
        assert_eq!(
            planned, c.amount_minor,
            "receivables add up to the contract"
        );
    }
    for r in &rs {
        let paid: i64 = allocs
            .iter()
            .filter(|a| a.receivable_id == r.id && a.kind != "write_off")
            .map(|a| a.amount_minor)
            .sum();
        let off: i64 = allocs
            .iter()
            .filter(|a| a.receivable_id == r.id && a.kind == "write_off")
            .map(|a| a.amount_minor)
            .sum();
        let inv: i64 = invoices
            .iter()
            .filter(|i| i.receivable_id == r.id && i.status == "issued")
            .map(|i| i.amount_minor)
            .sum();
        assert_eq!(
            (r.paid_minor, r.written_off_minor, r.invoiced_minor),
            (paid, off, inv),
            "{r:?}"
        );
        assert!(
            paid >= 0 && off >= 0 && paid + off <= r.amount_minor,
            "{r:?}"
        );
        assert_eq!(r.outstanding_minor, r.amount_minor - paid - off);
        assert!(inv <= r.amount_minor);
    }
    let pays = payment::Entity::find()
        .filter(payment::Column::TenantId.eq(t))
        .filter(payment::Column::CustomerId.eq(customer_id))
        .all(db)
        .await
        .unwrap();
    let all_allocs = payment_allocation::Entity::find()
        .filter(payment_allocation::Column::TenantId.eq(t))
        .all(db)
        .await
        .unwrap();
    let mut credit = 0;
    for p in &pays {
        let allocated: i64 = all_allocs
            .iter()
            .filter(|a| a.payment_id == Some(p.id) && a.kind != "write_off")
            .map(|a| a.amount_minor)
            .sum();
        assert!(p.unapplied_minor >= 0 && p.refunded_minor >= 0, "{p:?}");
        let expected = if p.status == "reversed" {
            0
        } else {
            p.amount_minor
        };
        assert_eq!(
            allocated + p.unapplied_minor + p.refunded_minor,
            expected,
            "every fen once: {p:?}"
        );
        credit += p.unapplied_minor;
    }
    let account = cash_account::Entity::find_by_id((t, customer_id))
        .one(db)
        .await
        .unwrap()
        .map_or(0, |a| a.credit_minor);
    assert_eq!(
        account, credit,
        "the account's credit is the payments' unapplied money"
    );
    // The maintained aging totals agree with the receivables, bucket by bucket.
    let mut expected = [0i64; 5];
    for r in rs.iter().filter(|r| r.outstanding_minor > 0) {
        let b = closer_domain::cash::Bucket::of(r.due_on, day());
        expected[closer_domain::cash::Bucket::ALL
            .iter()
            .position(|x| *x == b)
            .unwrap()] += r.outstanding_minor;
    }
    // Both ways of reading them: every group, and the largest first with totals beside.
    for limit in [None, Some(1000)] {
        let aging = ts
            .aging(
                day(),
                day()
                    .succ_opt()
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
                    .and_utc(),
                day(),
                closer_store::cash::aging::AgingKey::Customer,
                None,
                limit,
            )
            .await
            .unwrap();
        let got = aging
            .rows
            .iter()
            .find(|a| a.key == Some(customer_id))
            .map_or([0; 5], |a| a.buckets);
        assert_eq!(got, expected, "aging totals ({limit:?})");
        let summed = aging.rows.iter().fold([0i64; 5], |mut t, r| {
            for (a, b) in t.iter_mut().zip(r.buckets) {
                *a += b;
            }
            t
        });
        assert_eq!(
            aging.total, summed,
            "aging's total is its rows' ({limit:?})"
        );
        assert_eq!(aging.groups, aging.rows.len());
    }
    let refunds = refund::Entity::find()
        .filter(refund::Column::TenantId.eq(t))
        .filter(refund::Column::CustomerId.eq(customer_id))
        .all(db)
        .await
        .unwrap();
    let held: i64 = refunds
        .iter()
        .filter(|r| !["rejected", "cancelled"].contains(&r.status.as_str()))
        .map(|r| r.amount_minor)
        .sum();
    assert_eq!(
        held,
        pays.iter().map(|p| p.refunded_minor).sum::<i64>(),
        "refunds are held on payments"
    );
}

#[test]
fn any_sequence_keeps_the_books_whole() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for db in rt.block_on(testing::databases()) {
        let store = rt.block_on(db.store());
        let created = rt.block_on(crate::tenant(&store, "cash"));
        let ts = store.tenant(created.tenant.tenant_id);
        let actor = created.admin.id;
        let mut runner = TestRunner::new(ProptestConfig {
            cases: 12,
            ..ProptestConfig::default()
        });
        runner
            .run(&prop::collection::vec(op(), 1..25), |ops| {
                rt.block_on(async {
                    let (cust, k) = setup(&ts, actor).await;
                    for op in &ops {
                        apply(&ts, actor, cust, k, op).await;
                        check(&ts, cust, k).await;
                    }
                });
                Ok(())
            })
            .unwrap();
        rt.block_on(db.cleanup());
    }
}

/// A statement paid in over several batches reads each payer once, yet a payment made by
/// someone else between two batches is seen: the books stay whole.
#[tokio::test]
async fn bank_batches_see_payments_made_between_them() {
    for db in testing::databases().await {
        let store = db.store().await;
        let created = crate::tenant(&store, "bank").await;
        let ts = store.tenant(created.tenant.tenant_id);
        let actor = created.admin.id;
        let (cust, k) = setup(&ts, actor).await;
        apply(&ts, actor, cust, k, &Op::Plan(vec![1, 1, 1, 1])).await;
        let row = |n: i32, amount: i64| closer_store::cash::bank::BankRow {
            row_number: n,
            received_on: day(),
            payer_name: "payer".into(),
            amount_minor: amount,
            currency: "CNY".into(),
            reference: None,
            line_key: format!("line-{n}"),
            customer_id: Some(cust),
        };
        let mut cache = closer_store::cash::bank::BankCache::default();
        ts.pay_in_bank_rows(actor, None, &[row(1, 100_000)], day(), &mut cache)
            .await
            .unwrap();
        check(&ts, cust, k).await;
        // Someone pays by hand between the batches.
        apply(&ts, actor, cust, k, &Op::Pay(300_000, false)).await;
        ts.pay_in_bank_rows(
            actor,
            None,
            &[row(2, 200_000), row(3, 50_000)],
            day(),
            &mut cache,
        )
        .await
        .unwrap();
        check(&ts, cust, k).await;
        let plan = ts.payment_plan(k).await.unwrap();
        assert_eq!(plan.iter().map(|r| r.paid_minor).sum::<i64>(), 650_000);
        db.cleanup().await;
    }
}

/// A plan written while the draft is submitted (no flow: in force at once) is owed exactly
/// when the contract it lands on is in force, whichever of the two commits first.
#[tokio::test]
async fn a_plan_written_while_its_draft_is_submitted_is_owed() {
    for db in testing::databases().await {
        let store = db.store().await;
        let created = crate::tenant(&store, "race").await;
        let ts = store.tenant(created.tenant.tenant_id);
        let actor = created.admin.id;
        let half = |d: u32| {
            (
                NaiveDate::from_ymd_opt(2026, 7, d).unwrap(),
                Share::Ratio(500_000),
            )
        };
        let plan = [half(1), half(2)];
        for _ in 0..12 {
            let (_, k) = draft(&ts, actor).await;
            let (planned, submitted) = tokio::join!(
                ts.put_payment_plan(actor, k, &plan, day()),
                ts.submit_contract(actor, k, None, day()),
            );
            submitted.unwrap();
            planned.unwrap();
            let rows = ts.payment_plan(k).await.unwrap();
            assert_eq!(rows.len(), 2);
            for r in rows {
                assert!(r.owed, "an active contract's receivable is owed");
                assert_eq!(r.outstanding_minor, 500_000);
            }
        }
        db.cleanup().await;
    }
}

/// Aging on a past day counts each receivable as it stood then: money received after the
/// day is still owed, an amount changed after it counts as it was; a plan entered later
/// counts by its due days (planning is not a business event).
#[tokio::test]
async fn aging_on_a_past_day_is_what_stood_that_day() {
    let on = |m: u32, d: u32| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    for db in testing::databases().await {
        let store = db.store().await;
        let created = crate::tenant(&store, "asof").await;
        let ts = store.tenant(created.tenant.tenant_id);
        let actor = created.admin.id;
        let (cust, k) = setup(&ts, actor).await;
        let half = |d: NaiveDate| (d, Share::Ratio(500_000));
        let plan = ts
            .put_payment_plan(actor, k, &[half(on(6, 1)), half(on(7, 1))], on(5, 20))
            .await
            .unwrap();
        let pay = |amount: i64, received_on: NaiveDate| NewPayment {
            customer_id: cust,
            amount_minor: amount,
            currency: "CNY".into(),
            received_on,
            source: "manual".into(),
            ..NewPayment::default()
        };
        ts.post_payment(Some(actor), pay(100_000, on(6, 5)), on(6, 5))
            .await
            .unwrap();
        // The day ends here; what follows came after it.
        let ended = closer_store::now();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        ts.post_payment(Some(actor), pay(200_000, on(6, 15)), on(6, 15))
            .await
            .unwrap();
        ts.change_contract(actor, k, "折让".into(), &[(plan[1].id, 400_000)], on(6, 20))
            .await
            .unwrap();
        let (other_customer, other) = setup(&ts, actor).await;
        ts.put_payment_plan(
            actor,
            other,
            &[(on(6, 1), Share::Ratio(1_000_000))],
            on(6, 20),
        )
        .await
        .unwrap();
        // Signed on 15 June: on 10 June it owed nothing, though its plan says due 1 June.
        let (_, later) = draft_signed(&ts, actor, Some(on(6, 15))).await;
        ts.submit_contract(actor, later, None, on(6, 20))
            .await
            .unwrap();
        ts.put_payment_plan(
            actor,
            later,
            &[(on(6, 1), Share::Ratio(1_000_000))],
            on(6, 20),
        )
        .await
        .unwrap();
        let aging = ts
            .aging(
                on(6, 10),
                ended,
                on(6, 20),
                closer_store::cash::aging::AgingKey::Customer,
                None,
                None,
            )
            .await
            .unwrap();
        let row = |c: Uuid| {
            aging
                .rows
                .iter()
                .find(|r| r.key == Some(c))
                .map(|r| r.buckets)
        };
        // The first installment: 5,000.00 less the 1,000.00 received by then, 9 days late;
        // the second: 5,000.00 as it was before the change, not due.
        assert_eq!(row(cust), Some([500_000, 400_000, 0, 0, 0]), "{aging:?}");
        assert_eq!(
            row(other_customer),
            Some([0, 1_000_000, 0, 0, 0]),
            "due on 1 June, whenever it was entered"
        );
        assert_eq!(aging.total, [500_000, 1_400_000, 0, 0, 0]);
        // The drill-through lists the same receivables as they stood, adding up to the
        // figures (today's list would show the first installment paid off and the second
        // at 4,000.00).
        let bucket = |from: Option<NaiveDate>, to: Option<NaiveDate>| {
            closer_store::cash::aging::ReceivableFilter {
                owing: true,
                due_from: from,
                due_to: to,
                ..Default::default()
            }
        };
        let late = bucket(Some(on(5, 11)), Some(on(6, 9)));
        let stood = |f, cursor, limit, count| {
            ts.receivables_as_they_stood(f, on(6, 10), ended, cursor, limit, count)
        };
        let page = stood(&late, None, 1, false).await.unwrap();
        let rest = stood(&late, page.next, 1, false).await.unwrap();
        assert!(rest.next.is_none());
        let mut listed: Vec<(Uuid, i64, i64)> = page
            .items
            .iter()
            .chain(&rest.items)
            .map(|r| (r.customer_id, r.outstanding_minor, r.paid_minor))
            .collect();
        listed.sort_unstable();
        let mut expected = vec![(cust, 400_000, 100_000), (other_customer, 1_000_000, 0)];
        expected.sort_unstable();
        assert_eq!(listed, expected);
        assert_eq!(stood(&late, None, 50, true).await.unwrap().count, 2);
        let not_due = stood(&bucket(Some(on(6, 10)), None), None, 50, false)
            .await
            .unwrap();
        assert_eq!(
            not_due
                .items
                .iter()
                .map(|r| (r.id, r.amount_minor, r.outstanding_minor, r.due_on))
                .collect::<Vec<_>>(),
            vec![(plan[1].id, 500_000, 500_000, on(7, 1))]
        );
        db.cleanup().await;
    }
}
