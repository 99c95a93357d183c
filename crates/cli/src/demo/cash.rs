//! Demo cash: a refund flow (finance approves refunds above ¥10,000), a write-off tolerance
//! of ¥1.00, and for every active contract a 30 / 60 / 10 payment plan over its year with
//! invoices and payments — most on time, some late, some part paid, some not at all — one
//! fee waived after it was paid (a refund paid out) and one waiting for approval, and a bank
//! statement to import next to the documents: rows of customers who still owe, one paid in
//! before, and one stranger.

use anyhow::{anyhow, Result};
use chrono::{Duration, NaiveDate};
use closer_domain::cash::Share;
use closer_store::{
    cash::{invoices::NewInvoice, payments::NewPayment, CashSettings},
    entity::approval_flow,
    Store, TenantStore,
};
use uuid::Uuid;

use super::names::ADMIN_EMAIL;

fn refund_flow(tenant_id: Uuid) -> approval_flow::Model {
    let now = closer_store::now();
    approval_flow::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        record_type: "refund".into(),
        name: "退款审批 Refund approval".into(),
        steps: serde_json::json!([
            {"name": "财务审批 Finance", "when": {"field": "amount", "op": "gt", "value": "10000"},
             "approvers": {"kind": "role", "role_key": "finance"}, "mode": "any"}
        ]),
        active: true,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn err(what: &str) -> impl Fn(closer_store::StoreError) -> anyhow::Error + '_ {
    move |e| anyhow!("demo {what}: {e}")
}

#[allow(clippy::too_many_arguments)]
async fn pay(
    ts: &TenantStore,
    actor: Uuid,
    customer: Uuid,
    contract: Uuid,
    amount: i64,
    on: NaiveDate,
    reference: String,
    today: NaiveDate,
) -> Result<()> {
    ts.post_payment(
        Some(actor),
        NewPayment {
            customer_id: customer,
            contract_id: Some(contract),
            amount_minor: amount,
            currency: "CNY".into(),
            received_on: on.min(today),
            reference: Some(reference),
            source: "manual".into(),
            ..NewPayment::default()
        },
        today,
    )
    .await
    .map_err(err("payment"))?;
    Ok(())
}

/// Plans, invoices, payments, a waiver with its refund, and the bank file.
pub async fn cash(store: &Store, slug: &str, files: &std::path::Path) -> Result<()> {
    let tenant = store.tenant_by_slug(slug).await.map_err(err("tenant"))?;
    let ts = store.tenant(tenant.tenant_id);
    let admin = ts
        .user_by_email(ADMIN_EMAIL)
        .await
        .map_err(err("admin"))?
        .id;
    let finance = ts
        .user_by_email("finance@demo.example.com")
        .await
        .map_or(admin, |u| u.id);
    ts.create_approval_flow(admin, refund_flow(tenant.tenant_id))
        .await
        .map_err(err("refund flow"))?;
    ts.save_setting(
        admin,
        "cash",
        &CashSettings {
            write_off_tolerance_minor: 100,
            remind_days_before: 7,
        },
    )
    .await
    .map_err(err("settings"))?;
    let today = closer_store::now().date_naive();
    let contracts = ts
        .contracts(&Default::default(), None, 500)
        .await
        .map_err(err("contracts"))?
        .items;
    let mut statement = vec!["交易日期,付款人,金额,摘要".to_owned()];
    let names = ts
        .customer_names(&contracts.iter().map(|c| c.customer_id).collect::<Vec<_>>())
        .await
        .map_err(err("names"))?;
    let mut invoice_no = 0;
    let mut waived = 0;
    for (i, c) in contracts.iter().enumerate() {
        if c.status != "active" || c.amount_minor < 100 {
            continue;
        }
        let signed = c.signed_on.unwrap_or(today - Duration::days(200));
        let due = [
            signed + Duration::days(30),
            signed + Duration::days(90),
            signed + Duration::days(180),
        ];
        let plan = ts
            .put_payment_plan(
                finance,
                c.id,
                &[
                    (due[0], Share::Ratio(300_000)),
                    (due[1], Share::Ratio(600_000)),
                    (due[2], Share::Ratio(100_000)),
                ],
                today,
            )
            .await
            .map_err(err("plan"))?;
        // How this customer pays: on time, late, in part, or not yet.
        let habit = i % 5;
        for (k, r) in plan.iter().enumerate() {
            if r.due_on > today + Duration::days(20) {
                break;
            }
            invoice_no += 1;
            ts.issue_invoice(
                finance,
                NewInvoice {
                    receivable_id: r.id,
                    kind: if k == 0 {
                        "vat_special"
                    } else {
                        "vat_ordinary"
                    }
                    .into(),
                    tax_rate_bp: 1300,
                    amount_minor: r.amount_minor,
                    number: format!("3100261130-{invoice_no:08}"),
                    issued_on: (r.due_on - Duration::days(10)).min(today),
                },
                today,
            )
            .await
            .map_err(err("invoice"))?;
            let reference = format!("{} 第{}期", c.number, k + 1);
            match (habit, k) {
                (0 | 1, _) => {
                    let late = if habit == 1 { 25 } else { -3 };
                    pay(
                        &ts,
                        finance,
                        c.customer_id,
                        c.id,
                        r.amount_minor,
                        r.due_on + Duration::days(late),
                        reference,
                        today,
                    )
                    .await?;
                }
                (2, 0) => {
                    // The first in two parts; the second left owing.
                    let half = r.amount_minor / 2;
                    pay(
                        &ts,
                        finance,
                        c.customer_id,
                        c.id,
                        half,
                        r.due_on,
                        reference.clone(),
                        today,
                    )
                    .await?;
                    pay(
                        &ts,
                        finance,
                        c.customer_id,
                        c.id,
                        r.amount_minor - half,
                        r.due_on + Duration::days(40),
                        reference,
                        today,
                    )
                    .await?;
                }
                (3, 0) => {
                    pay(
                        &ts,
                        finance,
                        c.customer_id,
                        c.id,
                        r.amount_minor * 2 / 3,
                        r.due_on + Duration::days(10),
                        reference,
                        today,
                    )
                    .await?;
                }
                _ => {}
            }
        }
        // Two service tails waived by 10 % after they were paid: refunds.
        if habit == 0
            && waived < 2
            && plan.len() == 3
            && plan[2].due_on <= today + Duration::days(20)
        {
            let tail = &plan[2];
            let new_amount = tail.amount_minor - tail.amount_minor / 10;
            // Its invoice is voided and issued again for the new amount.
            let issued = ts
                .invoices(
                    &closer_store::cash::invoices::InvoiceFilter {
                        receivable_id: Some(tail.id),
                        ..Default::default()
                    },
                    None,
                    10,
                )
                .await
                .map_err(err("invoices"))?
                .items;
            for inv in &issued {
                ts.void_invoice(
                    finance,
                    inv.id,
                    None,
                    "服务费减免，作废重开 Fee waived: reissued".into(),
                    today,
                )
                .await
                .map_err(err("void"))?;
            }
            let (_, refund) = ts
                .change_contract(
                    finance,
                    c.id,
                    "服务费减免 10% Service fee waived".into(),
                    &[(tail.id, new_amount)],
                    today,
                )
                .await
                .map_err(err("waiver"))?;
            if let (Some(r), 0) = (refund, waived) {
                if let Some(a) = r.approval_id {
                    ts.decide_approval(
                        finance,
                        a,
                        closer_domain::approvals::Decision::Approve,
                        Some("同意退款".into()),
                        today,
                    )
                    .await
                    .map_err(err("refund approval"))?;
                }
                ts.pay_refund(finance, r.id, None, today)
                    .await
                    .map_err(err("refund paid"))?;
            }
            if !issued.is_empty() {
                invoice_no += 1;
                ts.issue_invoice(
                    finance,
                    NewInvoice {
                        receivable_id: tail.id,
                        kind: "vat_ordinary".into(),
                        tax_rate_bp: 600,
                        amount_minor: new_amount,
                        number: format!("3100261130-{invoice_no:08}"),
                        issued_on: today,
                    },
                    today,
                )
                .await
                .map_err(err("reissue"))?;
            }
            waived += 1;
        }
        // What the bank file pays: the next owing installment of late payers.
        if habit == 3 || habit == 4 {
            if let Some(r) = ts
                .payment_plan(c.id)
                .await
                .map_err(err("plan"))?
                .into_iter()
                .find(|r| r.outstanding_minor > 0 && r.due_on <= today)
            {
                let name = names.get(&c.customer_id).cloned().unwrap_or_default();
                let amount = closer_domain::money::Money::from_minor(
                    r.outstanding_minor,
                    closer_domain::money::Currency::Cny,
                );
                statement.push(format!("{today},\"{name}\",{amount},{} 回款", c.number));
            }
        }
    }
    statement.push(format!("{today},无名贸易商行,8800.00,货款"));
    let path = files.join("demo-bank-statement.csv");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, statement.join("\n") + "\n")?;
    Ok(())
}
