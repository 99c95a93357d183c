//! Payment plans order by order: each order's amount split exactly into receivables of its
//! contract; a contract planned one way or the other, never both; payments written off
//! across orders earliest due first; an order with a plan is not cancelled from under it.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::cash::{active_contract, amounts, cny, customer, id, put};
use crate::helpers::{problem, Client, TestApp};

async fn order(c: &Client, contract: &str, amount: &str) -> String {
    let (status, body) = c
        .post(
            "/api/v1/orders",
            json!({"contract_id": contract, "lines": [{"amount": cny(amount)}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    id(&body)
}

#[tokio::test]
async fn a_contract_is_planned_order_by_order() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "宁波港口物流有限公司").await;
        let contract = active_contract(&admin, &cust, "1000.00").await;
        let first = order(&admin, &contract, "600.00").await;
        let second = order(&admin, &contract, "400.00").await;

        // The first order: half now, half on delivery.
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/orders/{first}/payment-plan"),
            json!({"installments": [
                {"due_on": "2026-01-10", "ratio": "50"},
                {"due_on": "2026-03-10", "ratio": "50"}
            ]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        assert_eq!(amounts(&plan, "amount"), ["300.00", "300.00"]);
        assert_eq!(plan["order_amount"]["amount"], "600.00");
        assert_eq!(plan["unplanned"]["amount"], "0.00");
        assert!(plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["order_id"] == first.as_str() && r["contract_id"] == contract.as_str()));

        // The second in thirds: rounded half up, the last takes the remainder.
        let thirds = json!({"installments": [
            {"due_on": "2026-02-01", "ratio": "33.3333"},
            {"due_on": "2026-04-01", "ratio": "33.3333"},
            {"due_on": "2026-06-01", "ratio": "33.3334"}
        ]});
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/orders/{second}/payment-plan"),
            thirds.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        assert_eq!(amounts(&plan, "amount"), ["133.33", "133.33", "133.34"]);
        let kept: Vec<Value> = plan["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].clone())
            .collect();

        // By amount, the amounts must make the order's amount.
        let (status, body) = put(
            &admin,
            &format!("/api/v1/orders/{second}/payment-plan"),
            json!({"installments": [
                {"due_on": "2026-02-01", "amount": cny("100.00")},
                {"due_on": "2026-04-01", "amount": cny("200.00")}
            ]}),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "installments");
        assert_eq!(body["errors"][0]["code"], "amounts_not_whole");
        let (_, again) = admin
            .get(&format!("/api/v1/orders/{second}/payment-plan"))
            .await;
        let ids: Vec<Value> = again["receivables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].clone())
            .collect();
        assert_eq!(ids, kept, "a refused plan changes nothing");

        // The contract's plan gathers the orders', by due date, adding up to its amount.
        let (_, whole) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(
            amounts(&whole, "amount"),
            ["300.00", "133.33", "300.00", "133.33", "133.34"]
        );
        assert_eq!(whole["unplanned"]["amount"], "0.00");
        // Planned order by order: a plan of the contract as a whole is refused.
        let (status, body) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]}),
        )
        .await;
        problem(status, &body, StatusCode::CONFLICT, "planned_by_orders");

        // A payment is written off earliest due first, across the orders.
        let (status, pay) = admin
            .post(
                "/api/v1/payments",
                json!({"customer_id": cust, "amount": cny("350.00"), "received_on": "2026-01-15"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");
        let (_, whole) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(
            amounts(&whole, "paid"),
            ["300.00", "50.00", "0.00", "0.00", "0.00"]
        );

        // An order with money on its plan keeps it, and is not cancelled from under it.
        let (status, body) = admin
            .post(
                &format!("/api/v1/orders/{second}/status"),
                json!({"status": "cancelled"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "order_planned");
        let (status, body) = Client::send(admin.request(
            Method::DELETE,
            &format!("/api/v1/orders/{second}/payment-plan"),
        ))
        .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "installments");
        assert_eq!(body["errors"][0]["code"], "cannot_drop_collected");

        // Taken back, the plan can be dropped, then the order cancelled.
        let (status, _) = admin
            .post(
                &format!("/api/v1/payments/{}/reverse", id(&pay)),
                json!({"reason": "退票"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = Client::send(admin.request(
            Method::DELETE,
            &format!("/api/v1/orders/{second}/payment-plan"),
        ))
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        let (status, body) = admin
            .post(
                &format!("/api/v1/orders/{second}/status"),
                json!({"status": "cancelled"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = put(
            &admin,
            &format!("/api/v1/orders/{second}/payment-plan"),
            thirds,
        )
        .await;
        problem(status, &body, StatusCode::CONFLICT, "order_not_plannable");
        let (_, whole) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(amounts(&whole, "amount"), ["300.00", "300.00"]);
        assert_eq!(whole["unplanned"]["amount"], "400.00");
        let (_, history) = admin
            .get(&format!(
                "/api/v1/contracts/{contract}/payment-plan/history"
            ))
            .await;
        let dropped = history
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["kind"] == "dropped")
            .count();
        assert_eq!(dropped, 3, "the dropped plan stays in the history");

        // A contract planned as a whole takes no order plans.
        let other = active_contract(&admin, &cust, "500.00").await;
        let (status, _) = put(
            &admin,
            &format!("/api/v1/contracts/{other}/payment-plan"),
            json!({"installments": [{"due_on": "2026-05-01", "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let third = order(&admin, &other, "500.00").await;
        let (status, body) = put(
            &admin,
            &format!("/api/v1/orders/{third}/payment-plan"),
            json!({"installments": [{"due_on": "2026-05-01", "ratio": "100"}]}),
        )
        .await;
        problem(status, &body, StatusCode::CONFLICT, "planned_as_whole");

        // A rep outside the contract's scope finds no order to plan.
        let (status, made) = admin
            .post(
                "/api/v1/users",
                json!({"email": "rep@alpha.example.com", "name": "销售", "password": crate::helpers::PASSWORD, "role_id": app.role_a("sales_rep").await}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let rep = app
            .sign_in("alpha", "rep@alpha.example.com", crate::helpers::PASSWORD)
            .await;
        let (status, _) = put(
            &rep,
            &format!("/api/v1/orders/{first}/payment-plan"),
            json!({"installments": [{"due_on": "2026-05-01", "ratio": "100"}]}),
        )
        .await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
            "{status}"
        );
        let (_, plan) = admin
            .get(&format!("/api/v1/orders/{first}/payment-plan"))
            .await;
        assert_eq!(amounts(&plan, "amount"), ["300.00", "300.00"], "unchanged");
        app.stop().await;
    }
}

/// An amendment never leaves the payment plan above the contract: lowering the amount below
/// the plan is refused (a change of the receivables lowers both and refunds); while an
/// amendment awaits approval the plan and its receivables wait for the decision.
#[tokio::test]
async fn an_amendment_never_leaves_the_plan_above_the_contract() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "宁波甬江精工有限公司").await;
        let contract = active_contract(&admin, &cust, "100.00").await;
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [
                {"due_on": "2026-02-01", "amount": cny("60.00")},
                {"due_on": "2026-03-01", "amount": cny("40.00")}
            ]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let (status, paid) = admin
            .post(
                "/api/v1/payments",
                json!({"customer_id": cust, "amount": cny("60.00"), "received_on": "2026-02-01"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{paid}");
        // A payment has a history like any record (API.md), to whoever reads cash.
        let (status, history) = admin
            .get(&format!("/api/v1/payments/{}/history", id(&paid)))
            .await;
        assert_eq!(status, StatusCode::OK, "{history}");
        assert!(history["items"].is_array(), "{history}");
        let amend = |amount: &str| json!({"reason": "范围调整", "amount": cny(amount)});
        let path = format!("/api/v1/contracts/{contract}/amendments");
        let (status, body) = admin.post(&path, amend("50.00")).await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "amount", "{p}");
        assert_eq!(p["errors"][0]["code"], "below_planned", "{p}");
        let (_, c) = admin.get(&format!("/api/v1/contracts/{contract}")).await;
        assert_eq!(c["amount"], cny("100.00"), "{c}");
        assert_eq!(c["revision"], 1, "nothing written: {c}");

        // With an approval flow the amendment waits; so do the plan and changes.
        let (status, flow) = admin
            .post(
                "/api/v1/approval-flows",
                json!({"record_type": "contract", "name": "合同审批", "steps": [
                {"name": "管理员审批", "approvers": {"kind": "role", "role_key": "admin"}, "mode": "any"}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{flow}");
        let (status, amended) = admin.post(&path, amend("150.00")).await;
        assert_eq!(status, StatusCode::CREATED, "{amended}");
        assert_eq!(amended["contract"]["pending_revision"], 2, "{amended}");
        let (status, body) = put(
            &admin,
            &format!("/api/v1/contracts/{contract}/payment-plan"),
            json!({"installments": [
                {"due_on": "2026-02-01", "amount": cny("60.00")},
                {"due_on": "2026-03-01", "amount": cny("40.00")}
            ]}),
        )
        .await;
        problem(status, &body, StatusCode::CONFLICT, "amendment_pending");
        let second = plan["receivables"][1]["id"].as_str().unwrap().to_owned();
        let (status, body) = admin
            .post(&format!("/api/v1/contracts/{contract}/changes"), json!({"reason": "减免", "receivables": [{"receivable_id": second, "new_amount": cny("30.00")}]}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "amendment_pending");
        let (_, plan_now) = admin
            .get(&format!("/api/v1/contracts/{contract}/payment-plan"))
            .await;
        assert_eq!(
            amounts(&plan_now, "amount"),
            ["60.00", "40.00"],
            "{plan_now}"
        );
    }
}
