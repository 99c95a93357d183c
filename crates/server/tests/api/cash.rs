//! Cash: the worked examples of PRODUCT.md to the fen, payments written off and reversed,
//! changes that raise refunds through the approval engine, bad input refused, fifty
//! payments at once, bank statements, and payment reminders read off a real SMTP wire.

use std::sync::{Arc, Mutex};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp};

pub(crate) fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

pub(crate) fn cny(amount: &str) -> Value {
    json!({"amount": amount, "currency": "CNY"})
}

pub(crate) async fn put(c: &Client, path: &str, body: Value) -> (StatusCode, Value) {
    Client::send(c.request(Method::PUT, path).json(&body)).await
}

pub(crate) async fn customer(c: &Client, name: &str) -> String {
    let (status, body) = c.post("/api/v1/customers", json!({"name": name})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    id(&body)
}

/// An active contract of `amount` (a new tenant has no flow: submit makes it active).
pub(crate) async fn active_contract(c: &Client, customer: &str, amount: &str) -> String {
    active_contract_signed(c, customer, amount, None).await
}

/// An active contract signed on `signed_on` (none: no signing date).
pub(crate) async fn active_contract_signed(
    c: &Client,
    customer: &str,
    amount: &str,
    signed_on: Option<&str>,
) -> String {
    let (status, body) = c
        .post(
            "/api/v1/contracts",
            json!({"customer_id": customer, "name": "年度服务合同", "amount": cny(amount), "signed_on": signed_on}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = c
        .post(
            &format!("/api/v1/contracts/{}/submit", id(&body)),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "active");
    id(&body)
}

/// The worked plan: 30 / 60 / 10 of ¥1,000,000.01 due 1 Feb, 1 Mar, 31 Dec.
async fn worked_plan(c: &Client, contract: &str) -> Value {
    let (status, plan) = put(
        c,
        &format!("/api/v1/contracts/{contract}/payment-plan"),
        json!({"installments": [
            {"due_on": "2026-02-01", "ratio": "30"},
            {"due_on": "2026-03-01", "ratio": 60},
            {"due_on": "2026-12-31", "ratio": "10"}
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    plan
}

pub(crate) fn amounts(plan: &Value, field: &str) -> Vec<String> {
    plan["receivables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r[field]["amount"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_worked_examples_come_out_to_the_fen() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "上海申城机电有限公司").await;
        let contract =
            active_contract_signed(&admin, &cust, "1000000.01", Some("2026-01-05")).await;
        let plan = worked_plan(&admin, &contract).await;
        assert_eq!(
            amounts(&plan, "amount"),
            ["300000.00", "600000.01", "100000.00"]
        );
        let ids: Vec<String> = plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect();

        // ¥400,000.00 on 20 Feb, nothing named: the first in full, the second in part.
        let (status, pay) = admin
            .post("/api/v1/payments", json!({"customer_id": cust, "amount": cny("400000.00"), "received_on": "2026-02-20"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");
        assert_eq!(
            pay["allocations"],
            json!([
                {"receivable_id": ids[0], "amount": cny("300000.00")},
                {"receivable_id": ids[1], "amount": cny("100000.00")}
            ])
        );
        assert_eq!(pay["unapplied"], cny("0.00"));
        // The first was settled on the day the money came in, not the day it was entered.
        let (_, first) = admin
            .get(&format!("/api/v1/receivables?customer_id={cust}"))
            .await;
        let settled: Vec<&Value> = first["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["settled_on"].is_string())
            .collect();
        assert_eq!(settled.len(), 1, "{first}");
        assert_eq!(settled[0]["id"], ids[0].as_str());
        assert_eq!(settled[0]["settled_on"], "2026-02-20");

        // As of 15 Apr the second's ¥500,000.01 is 45 days overdue: bucket 31–60.
        let (status, aging) = admin
            .get("/api/v1/aging?as_of=2026-04-15&group_by=customer")
            .await;
        assert_eq!(status, StatusCode::OK, "{aging}");
        // A day no business kept books on is refused by name, on the report and its drill.
        for path in [
            "/api/v1/aging?as_of=-2026-01-01",
            "/api/v1/receivables?as_of=0000-01-01",
        ] {
            let (status, body) = admin.get(path).await;
            let (field, _) = crate::helpers::refused_field(status, &body);
            assert_eq!(field, "as_of", "{path}");
        }
        assert_eq!(aging["rows"][0]["key"], cust);
        assert_eq!(aging["rows"][0]["name"], "上海申城机电有限公司");
        assert_eq!(aging["rows"][0]["d31_60"], cny("500000.01"));
        assert_eq!(aging["rows"][0]["not_due"], cny("100000.00"));
        assert_eq!(aging["total"]["total"], cny("600000.01"));
        // As of 10 Feb (before the payment) all of the first was owed, 9 days late.
        let (_, early) = admin.get("/api/v1/aging?as_of=2026-02-10").await;
        assert_eq!(early["total"]["d1_30"], cny("300000.00"));
        assert_eq!(early["total"]["not_due"], cny("700000.01"));
        // Before the contract was signed (5 Jan) it owed nothing, whatever its plan says.
        let (_, unsigned) = admin.get("/api/v1/aging?as_of=2026-01-04").await;
        assert_eq!(unsigned["total"]["total"], cny("0.00"), "{unsigned}");
        let (_, none) = admin
            .get(&format!(
                "/api/v1/receivables?customer_id={cust}&bucket=not_due&as_of=2026-01-04&count=true"
            ))
            .await;
        assert_eq!(none["count"], 0, "{none}");
        // Drill-through: the receivables behind the bucket.
        let (_, drill) = admin
            .get(&format!(
                "/api/v1/receivables?customer_id={cust}&bucket=d31_60&as_of=2026-04-15"
            ))
            .await;
        assert_eq!(drill["items"].as_array().unwrap().len(), 1, "{drill}");
        assert_eq!(drill["items"][0]["id"], ids[1].as_str());
        // On 10 Feb the first was owed in full and 9 days late: its drill-through lists it
        // as it stood (today it is paid), adding up to the figure, and counts it.
        let path = format!("/api/v1/receivables?customer_id={cust}&bucket=d1_30&as_of=2026-02-10");
        let (_, drill) = admin.get(&path).await;
        assert_eq!(drill["items"].as_array().unwrap().len(), 1, "{drill}");
        assert_eq!(drill["items"][0]["id"], ids[0].as_str());
        assert_eq!(drill["items"][0]["outstanding"], cny("300000.00"));
        assert_eq!(drill["items"][0]["paid"], cny("0.00"));
        assert_eq!(drill["items"][0]["status"], "overdue");
        assert_eq!(drill["items"][0]["days_overdue"], 9);
        assert!(drill["items"][0]["settled_on"].is_null(), "{drill}");
        let (_, counted) = admin.get(&format!("{path}&count=true")).await;
        assert_eq!(counted["count"], 1);
        // By owner and department, the same total.
        for group in ["owner", "department"] {
            let (_, g) = admin
                .get(&format!("/api/v1/aging?as_of=2026-04-15&group_by={group}"))
                .await;
            assert_eq!(g["total"]["total"], cny("600000.01"), "{group}: {g}");
        }
        let (status, csv) = {
            let res = admin
                .request(Method::GET, "/api/v1/aging?as_of=2026-04-15&format=csv")
                .send()
                .await
                .unwrap();
            (res.status(), res.text().await.unwrap())
        };
        assert_eq!(status, StatusCode::OK);
        assert!(
            csv.contains("上海申城机电有限公司") && csv.contains("500000.01"),
            "{csv}"
        );

        // As of today the maintained totals answer, the largest customers first and the
        // totals over all of them.
        let other = customer(&admin, "苏州工业园区精工有限公司").await;
        let small = active_contract(&admin, &other, "10.00").await;
        put(
            &admin,
            &format!("/api/v1/contracts/{small}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]}),
        )
        .await;
        // The receivables, found by a part of the customer's name or the contract's number,
        // and counted.
        let (status, found) = admin.get("/api/v1/receivables?q=精工").await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
        assert_eq!(found["items"][0]["contract_id"], small.as_str());
        let (_, k) = admin.get(&format!("/api/v1/contracts/{contract}")).await;
        let number = k["number"].as_str().unwrap();
        for (q, n) in [
            ("申城", 3),
            (number, 3),
            ("精工", 1),
            ("", 4),
            ("无此客户", 0),
        ] {
            let (status, counted) = admin
                .get(&format!("/api/v1/receivables?q={q}&count=true"))
                .await;
            assert_eq!(status, StatusCode::OK, "{counted}");
            assert_eq!(counted, json!({"count": n}), "{q}");
        }
        let today = closer_server::platform::calendar::today(&app.a.tenant.time_zone);
        let bucket = |due: &str| closer_domain::cash::Bucket::of(due.parse().unwrap(), today).key();
        for (path, rows) in [("/api/v1/aging", 2), ("/api/v1/aging?limit=1", 1)] {
            let (_, now) = admin.get(path).await;
            assert_eq!(now["as_of"], today.to_string());
            assert_eq!(now["rows_total"], 2, "{now}");
            assert_eq!(now["rows"].as_array().unwrap().len(), rows);
            assert_eq!(now["rows"][0]["key"], cust);
            assert_eq!(now["total"]["total"], cny("600010.01"), "{now}");
            assert_eq!(now["rows"][0][bucket("2026-03-01")], cny("500000.01"));
            assert_eq!(now["rows"][0][bucket("2026-12-31")], cny("100000.00"));
        }

        // Invoice tax: ¥113,000.00 at 13 % and ¥100.00 at 13 %.
        let (status, inv) = admin
            .post("/api/v1/invoices", json!({"receivable_id": ids[1], "kind": "vat_special", "tax_rate": "13", "amount": cny("113000.00"), "number": "INV-001", "issued_on": "2026-03-01"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{inv}");
        assert_eq!(inv["amount_without_tax"], cny("100000.00"));
        assert_eq!(inv["tax_amount"], cny("13000.00"));
        let (_, small) = admin
            .post("/api/v1/invoices", json!({"receivable_id": ids[1], "kind": "vat_ordinary", "tax_rate": 13, "amount": cny("100.00"), "number": "INV-002"}))
            .await;
        assert_eq!(small["amount_without_tax"], cny("88.50"));
        assert_eq!(small["tax_amount"], cny("11.50"));
        // Never more than the receivable leaves uninvoiced; a number once.
        let (status, body) = admin
            .post("/api/v1/invoices", json!({"receivable_id": ids[2], "kind": "vat_ordinary", "tax_rate": "6", "amount": cny("100000.01"), "number": "INV-003"}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "amount");
        let (status, body) = admin
            .post("/api/v1/invoices", json!({"receivable_id": ids[2], "kind": "vat_ordinary", "tax_rate": "6", "amount": cny("1.00"), "number": "INV-001"}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "invoice_number_taken");
        // Voiding keeps it, marked, and frees its amount.
        let (status, void) = admin
            .post(
                &format!("/api/v1/invoices/{}/void", id(&small)),
                json!({"reason": "开错抬头"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{void}");
        assert_eq!(void["status"], "void");
        assert_eq!(void["void_reason"], "开错抬头");
        let (_, listed) = admin
            .get(&format!("/api/v1/invoices?contract_id={contract}"))
            .await;
        assert_eq!(listed["items"].as_array().unwrap().len(), 2);
        // Found by a part of the number, and counted (the refused INV-003 was never issued).
        let (status, found) = admin.get("/api/v1/invoices?q=INV-002").await;
        assert_eq!(status, StatusCode::OK, "{found}");
        let found: Vec<String> = found["items"].as_array().unwrap().iter().map(id).collect();
        assert_eq!(found, [id(&small)]);
        for (q, n) in [("INV-00", 2), ("INV-001", 1), ("INV-003", 0), ("", 2)] {
            let (status, counted) = admin
                .get(&format!("/api/v1/invoices?q={q}&count=true"))
                .await;
            assert_eq!(status, StatusCode::OK, "{counted}");
            assert_eq!(counted, json!({"count": n}), "{q}");
        }

        // Waiver: 10 % of the service tail → ¥90,000.00, the contract ¥990,000.01; nothing
        // was paid on it, so no refund.
        let (status, change) = admin
            .post(&format!("/api/v1/contracts/{contract}/changes"), json!({"reason": "服务费减免 10%", "receivables": [{"receivable_id": ids[2], "new_amount": cny("90000.00")}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{change}");
        assert_eq!(change["amount_after"], cny("990000.01"));
        assert_eq!(change["refund"], Value::Null);
        let (_, c) = admin.get(&format!("/api/v1/contracts/{contract}")).await;
        assert_eq!(c["amount"], cny("990000.01"));
        let (_, plan) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        let same_ids: Vec<String> = plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect();
        assert_eq!(same_ids, ids, "a receivable keeps its id");
        assert_eq!(
            amounts(&plan, "amount"),
            ["300000.00", "600000.01", "90000.00"]
        );
        let (_, history) = admin
            .get(&format!(
                "/api/v1/contracts/{contract}/payment-plan/history"
            ))
            .await;
        let last = history.as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["kind"], "changed");
        assert_eq!(last["difference"], cny("-10000.00"));

        // The rest paid: the contract shows paid in full.
        let (_, pay2) = admin
            .post("/api/v1/payments", json!({"customer_id": cust, "contract_id": contract, "amount": cny("590000.01"), "received_on": "2026-05-01"}))
            .await;
        assert_eq!(pay2["unapplied"], cny("0.00"), "{pay2}");
        let (_, plan) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(plan["paid_in_full"], true, "{plan}");
        assert_eq!(plan["outstanding"], cny("0.00"));
        let statuses: Vec<&str> = plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["paid", "paid", "paid"]);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_waiver_after_payment_raises_a_refund_approved_by_the_engine() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        // Refunds above ¥1,000 need an administrator's approval.
        let (status, flow) = admin
            .post(
                "/api/v1/approval-flows",
                json!({"record_type": "refund", "name": "退款审批", "steps": [
                {"name": "财务审批", "when": {"field": "amount", "op": "gt", "value": "1000"},
                 "approvers": {"kind": "role", "role_key": "admin"}, "mode": "any"}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{flow}");
        let cust = customer(&admin, "杭州云栖软件有限公司").await;
        let contract = active_contract(&admin, &cust, "1000000.01").await;
        let plan = worked_plan(&admin, &contract).await;
        let ids: Vec<String> = plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect();
        // ¥100,000.00 paid on the third, named.
        let (status, pay) = admin
            .post("/api/v1/payments", json!({"customer_id": cust, "amount": cny("100000.00"), "received_on": "2026-03-05", "allocations": [{"receivable_id": ids[2], "amount": cny("100000.00")}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");
        let (status, change) = admin
            .post(&format!("/api/v1/contracts/{contract}/changes"), json!({"reason": "服务费减免 10%", "receivables": [{"receivable_id": ids[2], "new_amount": cny("90000.00")}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{change}");
        assert_eq!(change["refund_amount"], cny("10000.00"));
        let refund = change["refund"].clone();
        assert_eq!(refund["status"], "in_approval");
        assert_eq!(refund["amount"], cny("10000.00"));
        assert_eq!(refund["parts"][0]["payment_id"], pay["id"]);
        // The payment holds the refund; it cannot be reversed meanwhile.
        let (_, p) = admin.get(&format!("/api/v1/payments/{}", id(&pay))).await;
        assert_eq!(p["refunded"], cny("10000.00"));
        assert_eq!(p["allocations"][0]["amount"], cny("90000.00"));
        let (status, body) = admin
            .post(
                &format!("/api/v1/payments/{}/reverse", id(&pay)),
                json!({"reason": "x"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "payment_refunded");
        // Paying it before approval is refused; the administrator approves; then it is paid.
        let (status, body) = admin
            .post(&format!("/api/v1/refunds/{}/pay", id(&refund)), json!({}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "refund_not_approved");
        let approval = refund["approval_id"].as_str().unwrap();
        let (status, a) = admin
            .post(&format!("/api/v1/approvals/{approval}/approve"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_eq!(a["record_type"], "refund");
        let (_, r) = admin.get(&format!("/api/v1/refunds/{}", id(&refund))).await;
        assert_eq!(r["status"], "approved");
        let (status, r) = admin
            .post(
                &format!("/api/v1/refunds/{}/pay", id(&refund)),
                json!({"paid_on": "2026-03-10"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["status"], "paid");
        let (status, body) = admin
            .post(&format!("/api/v1/refunds/{}/pay", id(&refund)), json!({}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "refund_paid");
        // The refunds list counts what it would show.
        for (query, n) in [("status=paid", 1), ("status=approved", 0)] {
            let (status, counted) = admin
                .get(&format!(
                    "/api/v1/refunds?customer_id={cust}&{query}&count=true"
                ))
                .await;
            assert_eq!(status, StatusCode::OK, "{counted}");
            assert_eq!(counted, json!({ "count": n }), "{query}");
        }

        // A refund turned down leaves the money as the customer's credit.
        let (_, over) = admin
            .post("/api/v1/payments", json!({"customer_id": cust, "amount": cny("5000.00"), "received_on": "2026-03-06", "allocations": []}))
            .await;
        assert_eq!(over["unapplied"], cny("5000.00"), "{over}");
        let (status, r2) = admin
            .post("/api/v1/refunds", json!({"customer_id": cust, "amount": cny("4000.00"), "reason": "客户要求退回多付款"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{r2}");
        let (status, body) = admin
            .post(
                "/api/v1/refunds",
                json!({"customer_id": cust, "amount": cny("1000.01"), "reason": "超出余额"}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["code"], "more_than_credit");
        let approval = r2["approval_id"].as_str().unwrap();
        let (status, _) = admin
            .post(
                &format!("/api/v1/approvals/{approval}/reject"),
                json!({"comment": "转为预收款"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, plan) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(plan["customer_credit"], cny("5000.00"));
        // The credit is used later, earliest due first.
        let (status, used) = admin
            .post(&format!("/api/v1/payments/{}/apply", id(&over)), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{used}");
        assert_eq!(
            used["allocations"][0],
            json!({"receivable_id": ids[0], "amount": cny("5000.00")})
        );
        assert_eq!(used["unapplied"], cny("0.00"));
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_cash_input_is_refused_and_changes_nothing() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "北京燕山化工有限公司").await;
        let contract = active_contract(&admin, &cust, "1000.00").await;
        let path = format!("/api/v1/contracts/{contract}/payment-plan");
        for (body, field) in [
            (
                json!({"installments": [{"due_on": "2026-01-01", "ratio": "30"}, {"due_on": "2026-02-01", "ratio": "60"}]}),
                "installments",
            ),
            (
                json!({"installments": [{"due_on": "2026-01-01", "amount": cny("500.00")}]}),
                "installments",
            ),
            (
                json!({"installments": [{"due_on": "2026-01-01", "amount": cny("500.00")}, {"due_on": "2026-02-01", "ratio": "50"}]}),
                "installments",
            ),
            (
                json!({"installments": [{"due_on": "2026-01-01", "ratio": "-5"}]}),
                "installments[0].ratio",
            ),
            (
                json!({"installments": [{"due_on": "2026-01-01", "amount": {"amount": "1000.001", "currency": "CNY"}}]}),
                "installments[0].amount.amount",
            ),
            (json!({"installments": []}), "installments"),
        ] {
            let (status, answer) = put(&admin, &path, body.clone()).await;
            problem(
                status,
                &answer,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(answer["errors"][0]["field"], field, "{body} → {answer}");
        }
        let (_, plan) = admin.get(&path).await;
        assert!(plan["receivables"].as_array().unwrap().is_empty());
        let (status, plan) = put(&admin, &path, json!({"installments": [{"due_on": "2026-01-01", "amount": cny("600.00")}, {"due_on": "2026-02-01", "amount": cny("400.00")}]})).await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let ids: Vec<String> = plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect();

        let pay = |body: Value| {
            let admin = &admin;
            async move { admin.post("/api/v1/payments", body).await }
        };
        // Another currency, names the one allowed; negative; over-precise.
        let (status, body) = pay(json!({"customer_id": cust, "amount": {"amount": "10", "currency": "USD"}, "received_on": "2026-01-02"})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "amount.currency");
        assert_eq!(body["errors"][0]["code"], "only_CNY");
        // Money is not received tomorrow (in the company's zone) nor in the year 0.
        let tomorrow =
            (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(1))
                .date_naive()
                .to_string();
        for (day, code) in [
            (tomorrow.as_str(), "in_future"),
            ("0000-01-01", "not_allowed"),
        ] {
            let (status, body) =
                pay(json!({"customer_id": cust, "amount": cny("10"), "received_on": day})).await;
            problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "received_on", "{body}");
            assert_eq!(body["errors"][0]["code"], code, "{body}");
            let (status, body) = admin
                .post("/api/v1/invoices", json!({"receivable_id": ids[0], "kind": "vat_ordinary", "tax_rate": "13", "amount": cny("10.00"), "number": "INV-DAY", "issued_on": day}))
                .await;
            problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "issued_on", "{body}");
        }
        for amount in ["-10", "0", "10.001", "abc"] {
            let (status, body) = pay(
                json!({"customer_id": cust, "amount": cny(amount), "received_on": "2026-01-02"}),
            )
            .await;
            problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert!(
                body["errors"][0]["field"]
                    .as_str()
                    .unwrap()
                    .starts_with("amount"),
                "{amount}: {body}"
            );
        }
        // Named more than owed, or more than paid.
        let (status, body) = pay(json!({"customer_id": cust, "amount": cny("700"), "received_on": "2026-01-02", "allocations": [{"receivable_id": ids[0], "amount": cny("600.01")}]})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["code"], "more_than_owed");
        let (status, body) = pay(json!({"customer_id": cust, "amount": cny("100"), "received_on": "2026-01-02", "allocations": [{"receivable_id": ids[0], "amount": cny("200")}]})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["code"], "more_than_paid");
        let (_, list) = admin
            .get(&format!("/api/v1/payments?customer_id={cust}"))
            .await;
        assert!(
            list["items"].as_array().unwrap().is_empty(),
            "nothing half-written: {list}"
        );

        // Waived, then paying it by name is refused.
        let (status, _) = admin
            .post(&format!("/api/v1/contracts/{contract}/changes"), json!({"reason": "免除", "receivables": [{"receivable_id": ids[1], "new_amount": cny("0")}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, body) = pay(json!({"customer_id": cust, "amount": cny("10"), "received_on": "2026-01-02", "allocations": [{"receivable_id": ids[1], "amount": cny("10")}]})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["code"], "waived");
        let (_, plan) = admin.get(&path).await;
        assert_eq!(plan["receivables"][1]["status"], "waived");

        // More than everything owed: the rest is credit, and said so.
        let (status, p) =
            pay(json!({"customer_id": cust, "amount": cny("750.00"), "received_on": "2026-01-03"}))
                .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        assert_eq!(p["unapplied"], cny("150.00"));

        // The same key twice: one payment; another body under the key: refused.
        let body =
            json!({"customer_id": cust, "amount": cny("20.00"), "received_on": "2026-01-04"});
        let send = |b: Value| {
            admin
                .request(Method::POST, "/api/v1/payments")
                .header("idempotency-key", "erp-7781")
                .json(&b)
        };
        let (s1, first) = Client::send(send(body.clone())).await;
        let (s2, again) = Client::send(send(body.clone())).await;
        assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::OK));
        assert_eq!(first["id"], again["id"]);
        let (status, other) = Client::send(send(
            json!({"customer_id": cust, "amount": cny("21.00"), "received_on": "2026-01-04"}),
        ))
        .await;
        problem(
            status,
            &other,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(other["errors"][0]["code"], "idempotency_key_reused");

        // Reversal undoes exactly; a second reversal is a conflict.
        let (status, r) = admin
            .post(
                &format!("/api/v1/payments/{}/reverse", id(&p)),
                json!({"reason": "重复入账"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["status"], "reversed");
        let (_, plan) = admin.get(&path).await;
        assert_eq!(plan["receivables"][0]["outstanding"], cny("600.00"));
        assert_eq!(plan["customer_credit"], cny("20.00"));
        let (status, body) = admin
            .post(
                &format!("/api/v1/payments/{}/reverse", id(&p)),
                json!({"reason": "again"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "payment_reversed");
        app.stop().await;
    }
}

#[tokio::test]
async fn fifty_payments_at_once_never_write_off_twice() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "成都天府物流有限公司").await;
        let contract = active_contract(&admin, &cust, "100.00").await;
        let (status, _) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let mut tasks = Vec::new();
        for i in 0..50 {
            let c = admin.clone();
            let cust = cust.clone();
            tasks.push(tokio::spawn(async move {
                c.post("/api/v1/payments", json!({"customer_id": cust, "amount": cny("10.00"), "received_on": format!("2026-01-{:02}", i % 28 + 1)})).await
            }));
        }
        for t in tasks {
            let (status, body) = t.await.unwrap();
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let (_, plan) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(plan["receivables"][0]["paid"], cny("100.00"), "{plan}");
        assert_eq!(plan["customer_credit"], cny("400.00"));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_bank_statement_is_paid_in_once_and_strangers_wait_for_a_person() {
    for app in TestApp::all().await {
        let boss = app.admin_a().await;
        // Finance imports and follows its own job.
        let role = app.role_a("finance").await;
        let (status, u) = boss
            .post("/api/v1/users", json!({"email": "cash@alpha.example.com", "name": "财务", "password": crate::helpers::PASSWORD, "role_id": role}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{u}");
        let admin = app
            .sign_in("alpha", "cash@alpha.example.com", crate::helpers::PASSWORD)
            .await;
        let cust = customer(&boss, "深圳市前海智造科技有限公司").await;
        let contract = active_contract(&boss, &cust, "3000.00").await;
        let (status, _) = put(&admin, &format!("/api/v1/contracts/{contract}/payment-plan"), json!({"installments": [{"due_on": "2026-01-01", "amount": cny("1000.00")}, {"due_on": "2026-02-01", "amount": cny("2000.00")}]})).await;
        assert_eq!(status, StatusCode::OK);
        // The payer writes the name its own way; one row twice; one stranger; one debit;
        // one dated in a year to come.
        let csv = "交易日期,付款人,金额,摘要\n\
                   2026-01-05,前海智造科技（深圳）有限公司,\"1,500.00\",HT-1\n\
                   2026-01-05,前海智造科技（深圳）有限公司,\"1,500.00\",HT-1\n\
                   2026/01/06,无名贸易商行,88.00,\n\
                   2026-01-07,深圳市前海智造科技有限公司,-5.00,退款\n\
                   2099-01-05,深圳市前海智造科技有限公司,10.00,笔误\n";
        let upload = |body: &'static str| {
            admin
                .request(Method::POST, "/api/v1/payments/imports")
                .header("content-type", "application/octet-stream")
                .header("x-file-name", "statement.csv")
                .body(body)
        };
        let (status, started) = Client::send(upload(csv)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{started}");
        assert_eq!(started["rows_total"], 5);
        // The answer already knows how long the work is, and so does a poll before it runs.
        assert_eq!(
            started["progress"],
            json!({"done": 0, "total": 5}),
            "{started}"
        );
        let (_, queued) = admin
            .get(&format!("/api/v1/jobs/{}", started["id"].as_str().unwrap()))
            .await;
        assert_eq!(
            queued["progress"],
            json!({"done": 0, "total": 5}),
            "{queued}"
        );
        app.run_jobs().await;
        let (_, job) = admin
            .get(&format!("/api/v1/jobs/{}", started["id"].as_str().unwrap()))
            .await;
        assert_eq!(job["status"], "done", "{job}");
        // The progress it reached is still there after the run.
        assert!(job["progress"]["total"].as_i64().unwrap() > 0, "{job}");
        assert_eq!(job["progress"]["done"], job["progress"]["total"], "{job}");
        assert_eq!(job["result"]["paid_in"], 1, "{job}");
        assert_eq!(job["result"]["unmatched"], 1);
        assert_eq!(job["result"]["duplicates"], 1);
        assert_eq!(job["result"]["duplicate_rows"], json!([3]));
        // The negative row is money going out: skipped, not refused.
        assert_eq!(job["result"]["outgoing"], 1, "{job}");
        assert_eq!(job["result"]["rejected"], 1, "{job}");
        let (_, plan) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(plan["paid"], cny("1500.00"), "{plan}");
        // The first installment was settled on the day on the statement.
        let (_, owed) = admin
            .get(&format!("/api/v1/receivables?contract_id={contract}"))
            .await;
        let settled: Vec<&str> = owed["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["settled_on"].as_str())
            .collect();
        assert_eq!(settled, ["2026-01-05"], "{owed}");
        // The same file again: every row seen before.
        let (_, again) = Client::send(upload(csv)).await;
        app.run_jobs().await;
        let (_, job) = admin
            .get(&format!("/api/v1/jobs/{}", again["id"].as_str().unwrap()))
            .await;
        assert_eq!(job["result"]["paid_in"], 0, "{job}");
        assert_eq!(job["result"]["duplicates"], 3);
        // A person matches the stranger.
        let (_, waiting) = admin.get("/api/v1/bank-lines?status=unmatched").await;
        let line = waiting["items"].as_array().unwrap();
        assert_eq!(line.len(), 1, "{waiting}");
        assert_eq!(line[0]["payer_name"], "无名贸易商行");
        let (status, p) = admin
            .post(
                &format!("/api/v1/bank-lines/{}/match", id(&line[0])),
                json!({"customer_id": cust}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        assert_eq!(p["amount"], cny("88.00"));
        let (status, body) = admin
            .post(
                &format!("/api/v1/bank-lines/{}/match", id(&line[0])),
                json!({"customer_id": cust}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "bank_line_matched");
        // A file without an amount column is refused at upload.
        let (status, body) = Client::send(upload("日期,付款人\n2026-01-01,x\n")).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "file.columns.amount");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_banks_own_export_is_read_below_its_title_lines_and_its_columns_can_be_named() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "杭州西湖数据服务有限公司").await;
        let contract = active_contract(&admin, &cust, "2000.00").await;
        let (status, _) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let upload = |path: &str, body: &'static str| {
            admin
                .request(Method::POST, path)
                .header("content-type", "application/octet-stream")
                .header("x-file-name", "明细.csv")
                .body(body)
        };
        // Two title lines, money in and out in two columns, units in the names.
        let export = "招商银行账户交易明细,,,,\n\
                      账号：6222 0000 1234,户名：alpha Ltd,,,\n\
                      交易日期,对方户名,贷方发生额（元）,借方发生额（元）,摘 要\n\
                      2026-02-03 10:12:00,杭州西湖数据服务有限公司,\"1,200.00\",,货款\n\
                      2026-02-04,某某物业管理有限公司,,350.00,物业费\n\
                      2026-02-05,杭州西湖数据服务有限公司,800.00,-,尾款\n";
        let (status, preview) =
            Client::send(upload("/api/v1/payments/imports/preview", export)).await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        assert_eq!(preview["header_row"], 3);
        assert_eq!(preview["rows_total"], 3);
        assert_eq!(
            preview["mapping"],
            json!({"date": "交易日期", "payer": "对方户名", "amount": "贷方发生额（元）", "debit": "借方发生额（元）", "reference": "摘 要"})
        );
        assert_eq!(preview["sample"][1][3], "350.00");
        assert_eq!(preview["columns"].as_array().unwrap().len(), 5);
        let (status, started) = Client::send(upload("/api/v1/payments/imports", export)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{started}");
        assert_eq!(started["rows_total"], 3);
        app.run_jobs().await;
        let (_, job) = admin
            .get(&format!("/api/v1/jobs/{}", started["id"].as_str().unwrap()))
            .await;
        assert_eq!(job["status"], "done", "{job}");
        assert_eq!(job["result"]["paid_in"], 2, "{job}");
        assert_eq!(job["result"]["outgoing"], 1, "{job}");
        assert_eq!(job["result"]["rejected"], 0, "{job}");
        let (_, plan) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(plan["paid"], cny("2000.00"), "{plan}");

        // Names no bank uses: refused naming what is missing, then named by a person.
        let own = "时间,客户,到账,说明\n2026-03-01,杭州西湖数据服务有限公司,10.00,预付\n";
        let (status, body) = Client::send(upload("/api/v1/payments/imports", own)).await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let fields: Vec<&str> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "file.columns.date",
                "file.columns.payer",
                "file.columns.amount"
            ]
        );
        let (status, body) = Client::send(upload(
            "/api/v1/payments/imports?date=时间&payer=客户&amount=金额",
            own,
        ))
        .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "amount", "{body}");
        assert_eq!(body["errors"][0]["code"], "unknown_column", "{body}");
        let (status, started) = Client::send(upload(
            "/api/v1/payments/imports?date=时间&payer=客户&amount=到账&reference=说明",
            own,
        ))
        .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{started}");
        app.run_jobs().await;
        let (_, job) = admin
            .get(&format!("/api/v1/jobs/{}", started["id"].as_str().unwrap()))
            .await;
        assert_eq!(job["result"]["paid_in"], 1, "{job}");
        let (_, credit) = admin
            .get(&format!("/api/v1/payments?customer_id={cust}"))
            .await;
        assert!(credit.to_string().contains("预付"), "{credit}");
        app.stop().await;
    }
}

/// The text of a message as it went over the wire (base64 or quoted-printable undone).
fn body_text(message: &str) -> String {
    use base64::Engine;
    let (head, body) = message.split_once("\n\n").unwrap_or((message, ""));
    if head
        .to_lowercase()
        .contains("content-transfer-encoding: base64")
    {
        let joined: String = body.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap(),
        )
        .unwrap()
    } else {
        body.to_owned()
    }
}

/// A minimal SMTP server: accepts every message and keeps what came after DATA.
async fn smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let keep = got.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(d) = data.as_mut() {
                        if line == "." {
                            keep.lock().unwrap().push(data.take().unwrap());
                            write.write_all(b"250 OK queued\r\n").await.unwrap();
                        } else {
                            d.push_str(&line);
                            d.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-test\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.unwrap();
                            break;
                        }
                        _ => b"250 OK\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, got)
}

#[tokio::test]
async fn payment_reminders_arrive_once_by_email_and_in_the_app() {
    for app in TestApp::all().await {
        let (port, inbox) = smtp_server().await;
        let admin = app.admin_a().await;
        let (status, body) = put(&admin, "/api/v1/settings/email", json!({"enabled": true, "host": "127.0.0.1", "port": port, "security": "none", "username": "", "password": "s3cret", "from_address": "closer@alpha.example.com", "from_name": "Closer"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["password_set"], true);
        assert!(
            body.get("password").is_none(),
            "the password is never read back"
        );
        // The test button talks to the server.
        let (status, test) = admin
            .post(
                "/api/v1/settings/email/test",
                json!({"to": "ops@alpha.example.com"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{test}");
        assert_eq!(test["sent"], true, "{test}");
        assert_eq!(inbox.lock().unwrap().len(), 1);

        let cust = customer(&admin, "南京紫金电气有限公司").await;
        let contract = active_contract(&admin, &cust, "5000.00").await;
        let (status, _) = put(&admin, &format!("/api/v1/contracts/{contract}/payment-plan"), json!({"installments": [{"due_on": "2026-03-01", "amount": cny("2000.00")}, {"due_on": "2026-03-12", "amount": cny("3000.00")}]})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, s) = put(
            &admin,
            "/api/v1/settings/cash",
            json!({"write_off_tolerance": cny("0.00"), "remind_days_before": 3}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{s}");
        // 10 March: the first is overdue, the second due in two days. Run twice.
        let now = chrono::DateTime::parse_from_rfc3339("2026-03-10T02:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        for _ in 0..2 {
            closer_server::platform::jobs::run_scheduled(&app.state, "payment-reminders", now)
                .await
                .unwrap();
            app.run_jobs().await;
        }
        let mail = inbox.lock().unwrap().clone();
        assert_eq!(mail.len(), 2, "the test message and one digest: {mail:?}");
        let digest = &mail[1];
        assert!(digest.contains("To: admin@alpha.example.com"), "{digest}");
        let text = body_text(digest);
        assert!(
            text.contains("2026-03-01") && text.contains("2026-03-12"),
            "{text}"
        );
        assert!(
            text.contains("¥2,000.00") && text.contains("9 days overdue"),
            "{text}"
        );
        let (_, notes) = admin.get("/api/v1/notifications").await;
        let reminders: Vec<&Value> = notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "payment_reminder")
            .collect();
        assert_eq!(reminders.len(), 1, "{notes}");
        // The next day brings the next digest.
        let next = now + chrono::Duration::days(1);
        closer_server::platform::jobs::run_scheduled(&app.state, "payment-reminders", next)
            .await
            .unwrap();
        app.run_jobs().await;
        assert_eq!(inbox.lock().unwrap().len(), 3);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_contract_delivered_and_paid_completes_and_reopens_when_the_money_is_taken_back() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "青岛海港机械有限公司").await;
        let contract = active_contract(&admin, &cust, "1000.00").await;
        let (status, _) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (status, order) = admin
            .post(
                "/api/v1/orders",
                json!({"contract_id": contract, "lines": [{"amount": cny("1000.00")}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{order}");
        let (status, _) = admin
            .post(
                &format!("/api/v1/orders/{}/status", id(&order)),
                json!({"status": "delivered"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, c) = admin.get(&format!("/api/v1/contracts/{contract}")).await;
        assert_eq!(c["status"], "active", "delivered, not yet paid");
        let (_, pay) = admin
            .post(
                "/api/v1/payments",
                json!({"customer_id": cust, "amount": cny("1000.00"), "received_on": "2026-01-02"}),
            )
            .await;
        let (_, c) = admin.get(&format!("/api/v1/contracts/{contract}")).await;
        assert_eq!(c["status"], "completed", "delivered and paid");
        let (status, _) = admin
            .post(
                &format!("/api/v1/payments/{}/reverse", id(&pay)),
                json!({"reason": "退票"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, c) = admin.get(&format!("/api/v1/contracts/{contract}")).await;
        assert_eq!(c["status"], "active", "owing again");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_drafts_plan_is_owed_once_the_contract_is_approved_and_a_terminated_ones_can_be_waived() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        // With no flow a submitted draft is in force at once, and its plan owed.
        let early = customer(&admin, "宁波北仑物流有限公司").await;
        let (_, k) = admin
            .post(
                "/api/v1/contracts",
                json!({"customer_id": early, "name": "仓储服务", "amount": cny("80.00")}),
            )
            .await;
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/contracts/{}/payment-plan", id(&k)),
            json!({"installments": [{"due_on": "2099-01-01", "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        assert_eq!(plan["receivables"][0]["owed"], false);
        let (status, body) = admin
            .post(&format!("/api/v1/contracts/{}/submit", id(&k)), json!({}))
            .await;
        assert_eq!(body["status"], "active", "{status} {body}");
        let (_, plan) = admin
            .get(&format!("/api/v1/contracts/{}/payment-plan", id(&k)))
            .await;
        assert_eq!(plan["receivables"][0]["status"], "open");
        assert_eq!(plan["receivables"][0]["owed"], true);
        assert_eq!(plan["outstanding"], cny("80.00"));
        let (_, aging) = admin.get("/api/v1/aging").await;
        assert_eq!(aging["total"]["not_due"], cny("80.00"), "{aging}");

        let (status, flow) = admin
            .post(
                "/api/v1/approval-flows",
                json!({"record_type": "contract", "name": "合同审批", "steps": [
                {"name": "管理员审批", "approvers": {"kind": "role", "role_key": "admin"}, "mode": "any"}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{flow}");
        let cust = customer(&admin, "宁波甬江港务有限公司").await;
        let (status, draft) = admin
            .post(
                "/api/v1/contracts",
                json!({"customer_id": cust, "name": "港口设备维保", "amount": cny("1000.00")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{draft}");
        let contract = id(&draft);
        // Drawn up on the draft, both installments already past their due dates.
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [
                {"due_on": "2026-01-01", "ratio": "50"},
                {"due_on": "2026-02-01", "ratio": "50"}
            ]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let ids: Vec<String> = plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect();
        let statuses = |plan: &Value| -> Vec<String> {
            plan["receivables"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["status"].as_str().unwrap().to_owned())
                .collect()
        };
        let owing = |admin: &Client| {
            let path = format!("/api/v1/receivables?customer_id={cust}&status=owing&count=true");
            let admin = admin.clone();
            async move { admin.get(&path).await.1["count"].clone() }
        };
        let aged = |admin: &Client| {
            let admin = admin.clone();
            async move { admin.get("/api/v1/aging").await.1["total"]["total"].clone() }
        };
        let owed = |plan: &Value| -> Vec<bool> {
            plan["receivables"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["owed"].as_bool().unwrap())
                .collect()
        };
        // Nothing is owed yet: open (never overdue) with all of it left to pay, but not in
        // aging, not owing, not paid in full either.
        assert_eq!(statuses(&plan), ["open", "open"]);
        assert_eq!(owed(&plan), [false, false]);
        assert_eq!(plan["outstanding"], cny("1000.00"));
        assert_eq!(plan["paid_in_full"], false);
        assert_eq!(amounts(&plan, "outstanding"), ["500.00", "500.00"]);
        assert_eq!(owing(&admin).await, 0);
        assert_eq!(aged(&admin).await, cny("80.00"));
        // No money and no invoice against it; nothing written.
        let (status, body) = admin
            .post("/api/v1/payments", json!({"customer_id": cust, "amount": cny("100.00"), "received_on": "2026-02-20", "allocations": [{"receivable_id": ids[0], "amount": cny("100.00")}]}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "allocations[0].receivable_id");
        assert_eq!(body["errors"][0]["code"], "not_owed");
        let (status, body) = admin
            .post("/api/v1/invoices", json!({"receivable_id": ids[1], "kind": "vat_ordinary", "tax_rate": "13", "number": "FP-OWED-1", "amount": cny("100.00"), "issued_on": "2026-02-20"}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "receivable_id");
        assert_eq!(body["errors"][0]["code"], "not_owed");
        let (_, payments) = admin
            .get(&format!("/api/v1/payments?customer_id={cust}&count=true"))
            .await;
        assert_eq!(payments["count"], 0, "{payments}");

        // In approval it is still only planned; approved, it is owed — and overdue.
        let (status, submitted) = admin
            .post(&format!("/api/v1/contracts/{contract}/submit"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{submitted}");
        assert_eq!(submitted["status"], "in_approval");
        let plan_path = format!("/api/v1/contracts/{contract}/payment-plan");
        assert_eq!(owed(&admin.get(&plan_path).await.1), [false, false]);
        assert_eq!(aged(&admin).await, cny("80.00"));
        let approval = submitted["approval_id"].as_str().unwrap().to_owned();
        let (status, body) = admin
            .post(&format!("/api/v1/approvals/{approval}/approve"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, plan) = admin.get(&plan_path).await;
        assert_eq!(statuses(&plan), ["overdue", "overdue"]);
        assert_eq!(owed(&plan), [true, true]);
        assert_eq!(plan["outstanding"], cny("1000.00"));
        assert_eq!(owing(&admin).await, 2);
        assert_eq!(aged(&admin).await, cny("1080.00"));
        let (status, pay) = admin
            .post("/api/v1/payments", json!({"customer_id": cust, "amount": cny("300.00"), "received_on": "2026-02-20", "allocations": [{"receivable_id": ids[0], "amount": cny("300.00")}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");

        // Changing what is owed is finance's: the contract's owner (a rep) may not.
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": "rep.changes@alpha.example.com", "name": "Rep", "password": crate::helpers::PASSWORD, "role_id": app.role_a("sales_rep").await}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let rep = app
            .sign_in(
                "alpha",
                "rep.changes@alpha.example.com",
                crate::helpers::PASSWORD,
            )
            .await;
        let (status, body) = rep
            .post(
                &format!("/api/v1/contracts/{contract}/changes"),
                json!({"reason": "代表自行减免", "receivables": [{"receivable_id": ids[1], "new_amount": cny("1.00")}]}),
            )
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");

        // Terminated: the open balance can be waived, never raised.
        let (status, body) = admin
            .post(
                &format!("/api/v1/contracts/{contract}/terminate"),
                json!({"reason": "客户停产"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "terminated");
        let changes = format!("/api/v1/contracts/{contract}/changes");
        let (status, body) = admin
            .post(&changes, json!({"reason": "终止后上调", "receivables": [{"receivable_id": ids[0], "new_amount": cny("600.00")}]}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "receivables[0].new_amount");
        assert_eq!(body["errors"][0]["code"], "raised_after_termination");
        // A change that changes nothing is refused, not recorded.
        let (status, body) = admin
            .post(&changes, json!({"reason": "原额", "receivables": [{"receivable_id": ids[1], "new_amount": cny("500.00")}]}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "receivables");
        assert_eq!(body["errors"][0]["code"], "unchanged");
        let (_, listed) = admin.get(&changes).await;
        assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
        assert_eq!(aged(&admin).await, cny("780.00"));
        // The first is paid up to ¥0.50, within a ¥1.00 tolerance: written off, settled.
        // Re-stating its amount neither changes anything nor makes the ¥0.50 owing again.
        let (status, body) = put(
            &admin,
            "/api/v1/settings/cash",
            json!({"write_off_tolerance": cny("1.00"), "remind_days_before": 3}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, pay) = admin
            .post("/api/v1/payments", json!({"customer_id": cust, "amount": cny("199.50"), "received_on": "2026-02-21", "allocations": [{"receivable_id": ids[0], "amount": cny("199.50")}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");
        assert_eq!(aged(&admin).await, cny("580.00"));
        let (status, body) = admin
            .post(&changes, json!({"reason": "原额重述", "receivables": [{"receivable_id": ids[0], "new_amount": cny("500.00")}]}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["code"], "unchanged");
        assert_eq!(aged(&admin).await, cny("580.00"));
        let (status, body) = admin
            .post(
                &changes,
                json!({"reason": "终止后减免余款", "receivables": [
                {"receivable_id": ids[1], "new_amount": cny("0.00")}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (_, plan) = admin.get(&plan_path).await;
        assert_eq!(statuses(&plan), ["paid", "waived"]);
        assert_eq!(aged(&admin).await, cny("80.00"));
        let (_, k) = admin.get(&format!("/api/v1/contracts/{contract}")).await;
        assert_eq!(k["status"], "terminated");
        app.stop().await;
    }
}

#[tokio::test]
async fn payments_and_invoices_sort_by_amount_and_day_page_by_page() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "排序收款有限公司").await;
        let contract = active_contract(&admin, &cust, "10000.00").await;
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let receivable = plan["receivables"][0]["id"].as_str().unwrap().to_owned();
        let made = [
            ("300.00", "2026-03-05"),
            ("100.00", "2026-03-01"),
            ("300.00", "2026-03-02"),
            ("50.00", "2026-03-05"),
            ("100.00", "2026-03-03"),
        ];
        let mut payments = Vec::new();
        for (i, (amount, day)) in made.iter().enumerate() {
            let (status, p) = admin
                .post(
                    "/api/v1/payments",
                    json!({"customer_id": cust, "amount": cny(amount), "received_on": day}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{p}");
            payments.push((id(&p), (*amount).to_owned(), (*day).to_owned()));
            let (status, inv) = admin
                .post("/api/v1/invoices", json!({"receivable_id": receivable, "kind": "vat_ordinary", "tax_rate": "13", "number": format!("SORT-{i}"), "amount": cny(amount), "issued_on": day}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{inv}");
        }
        let cents = |a: &str| -> i64 { a.replace('.', "").parse().unwrap() };
        let ids = |v: Vec<(String, Value)>| -> Vec<String> { v.into_iter().map(|x| x.0).collect() };
        let mut by_amount = payments.clone();
        by_amount.sort_by_key(|p| cents(&p.1));
        let mut by_day_desc = payments.clone();
        by_day_desc.reverse();
        by_day_desc.sort_by(|a, b| b.2.cmp(&a.2));
        let expect = |v: &[(String, String, String)]| -> Vec<String> {
            v.iter().map(|p| p.0.clone()).collect()
        };
        let got = ids(crate::opportunities::all_pages(
            &admin,
            &format!("/api/v1/payments?customer_id={cust}&sort=amount&limit=2"),
            "id",
        )
        .await);
        assert_eq!(got, expect(&by_amount));
        let got = ids(crate::opportunities::all_pages(
            &admin,
            &format!("/api/v1/payments?customer_id={cust}&sort=-received_on&limit=2"),
            "id",
        )
        .await);
        assert_eq!(got, expect(&by_day_desc));
        // Invoices by amount, largest first (ties newest first), and by the day issued.
        let amounts: Vec<String> = crate::opportunities::all_pages(
            &admin,
            &format!("/api/v1/invoices?contract_id={contract}&sort=-amount&limit=2"),
            "amount",
        )
        .await
        .into_iter()
        .map(|(_, a)| a["amount"].as_str().unwrap().to_owned())
        .collect();
        assert_eq!(amounts, ["300.00", "300.00", "100.00", "100.00", "50.00"]);
        let days: Vec<String> = crate::opportunities::all_pages(
            &admin,
            &format!("/api/v1/invoices?contract_id={contract}&sort=issued_on&limit=3"),
            "issued_on",
        )
        .await
        .into_iter()
        .map(|(_, d)| d.as_str().unwrap().to_owned())
        .collect();
        assert_eq!(
            days,
            [
                "2026-03-01",
                "2026-03-02",
                "2026-03-03",
                "2026-03-05",
                "2026-03-05"
            ]
        );
        for path in [
            "/api/v1/payments?sort=due_on",
            "/api/v1/invoices?sort=-received_on",
        ] {
            let (status, body) = admin.get(path).await;
            let body = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "sort");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn the_customer_360_shows_its_contracts_invoices_payments_and_what_it_owes() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "杭州西湖数码有限公司").await;
        let contract = active_contract_signed(&admin, &cust, "3000.00", Some("2026-01-05")).await;
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-31", "amount": cny("1000.00")}, {"due_on": "2099-01-31", "amount": cny("2000.00")}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let first = plan["receivables"][0]["id"].as_str().unwrap().to_owned();
        let (status, pay) = admin
            .post(
                "/api/v1/payments",
                json!({"customer_id": cust, "amount": cny("400.00"), "received_on": "2026-02-01"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");
        let (status, invoice) = admin
            .post("/api/v1/invoices", json!({"receivable_id": first, "kind": "vat_special", "tax_rate": "13", "amount": cny("1000.00"), "number": "FP-360-1", "issued_on": "2026-02-01"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{invoice}");
        let path = format!("/api/v1/customers/{cust}/overview");
        let (status, o) = admin.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{o}");
        // 600.00 left of the first installment (past due), 2,000.00 of the second.
        assert_eq!(o["money"]["contracted"], cny("3000.00"), "{o}");
        assert_eq!(o["money"]["contract_count"], 1);
        assert_eq!(o["money"]["outstanding"], cny("2600.00"));
        assert_eq!(o["money"]["overdue"], cny("600.00"));
        assert_eq!(o["contracts"][0]["id"], contract.as_str());
        let kinds: Vec<&str> = o["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        for kind in ["contract", "payment", "invoice"] {
            assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
        }
        let entry = |kind: &str| {
            o["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["kind"] == kind)
                .unwrap()
                .clone()
        };
        assert_eq!(entry("payment")["id"], pay["id"]);
        assert_eq!(entry("payment")["amount"], cny("400.00"));
        // On the day the money came in, not the day it was entered.
        assert!(
            entry("payment")["at"]
                .as_str()
                .unwrap()
                .starts_with("2026-01-31T16:00:00"),
            "{o}"
        );
        assert_eq!(entry("invoice")["id"], invoice["id"]);
        assert_eq!(entry("invoice")["title"], "FP-360-1");
        assert_eq!(entry("invoice")["amount"], cny("1000.00"));
        assert_eq!(entry("contract")["detail"], "active");

        // A rep sees the customer once it is theirs, but not the contract and money of
        // another owner's; marketing (no contracts, no cash) sees neither, as nulls.
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": "rep.360@alpha.example.com", "name": "Rep", "password": crate::helpers::PASSWORD, "role_id": app.role_a("sales_rep").await}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let rep = app
            .sign_in(
                "alpha",
                "rep.360@alpha.example.com",
                crate::helpers::PASSWORD,
            )
            .await;
        let (status, body) = admin
            .patch(
                &format!("/api/v1/customers/{cust}"),
                json!({"owner_id": rep.user_id()}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, seen) = rep.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{seen}");
        assert_eq!(seen["contracts"], json!([]), "{seen}");
        assert_eq!(seen["money"]["contracted"], cny("0.00"));
        assert_eq!(seen["money"]["outstanding"], cny("0.00"));
        assert!(
            seen["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| !["contract", "payment", "invoice"].contains(&e["kind"].as_str().unwrap())),
            "{seen}"
        );
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": "mkt.360@alpha.example.com", "name": "Mkt", "password": crate::helpers::PASSWORD, "role_id": app.role_a("marketing").await}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let marketing = app
            .sign_in(
                "alpha",
                "mkt.360@alpha.example.com",
                crate::helpers::PASSWORD,
            )
            .await;
        let (status, seen) = marketing.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{seen}");
        assert!(seen["money"]["outstanding"].is_null(), "{seen}");
        assert!(seen["money"]["contracted"].is_null(), "{seen}");
        app.stop().await;
    }
}
