//! Every route of the OpenAPI document, called by tenant A with tenant B's ids: all 404,
//! nothing of B's changed.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// B's record of the type a path names, by the segment before `{id}`.
fn id_for(path: &str, ids: &std::collections::HashMap<&str, String>) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let at = segments
        .iter()
        .position(|s| *s == "{id}")
        .expect("path with {id}");
    let resource = segments[at - 1];
    ids.get(resource)
        .unwrap_or_else(|| panic!("the isolation probe has no id for /{resource}/{{id}}: add one"))
        .clone()
}

/// A body each route accepts, so that a 404 is about the id and not the body's shape.
fn body_for(path: &str, method: &Method, ids: &std::collections::HashMap<&str, String>) -> Value {
    if path.ends_with("/password") {
        json!({"password": "hijacked password"})
    } else if path.ends_with("/release") {
        json!({"reason": "hijack"})
    } else if path.ends_with("/merge") {
        json!({"duplicate_id": ids["leads"]})
    } else if path.ends_with("/start") || path.ends_with("/preview") {
        json!({})
    } else if path.ends_with("/convert") {
        json!({"create_opportunity": false})
    } else if path.ends_with("/stage") {
        json!({"stage_id": ids["stages"]})
    } else if path.ends_with("/team") {
        json!({"members": []})
    } else if path.ends_with("/splits") {
        json!({"kind": "whole", "shares": [{"user_id": ids["users"], "ratio": "100"}]})
    } else if path.ends_with("/allocations") {
        json!({"units": []})
    } else if path.ends_with("/versions") {
        json!({"reason": "hijack"})
    } else if path.starts_with("/api/v1/target-plans/") && *method == Method::PATCH {
        json!({"name": "Hijacked"})
    } else if path.ends_with("/tasks") {
        json!({"task_key": "budget", "done": true})
    } else if path.starts_with("/api/v1/sales-processes/") {
        json!({"name": "Hijacked", "stages": [
            {"key": "a", "name": "A", "win_rate": "10"},
            {"key": "won", "name": "Won", "win_rate": "100", "is_won": true},
            {"key": "lost", "name": "Lost", "win_rate": "0", "is_lost": true}
        ]})
    } else if path.ends_with("/reject") || path.ends_with("/return") {
        json!({"comment": "hijack"})
    } else if path.ends_with("/payment-plan") {
        json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]})
    } else if path.ends_with("/changes") {
        json!({"reason": "hijack", "receivables": [{"receivable_id": ids["receivables"], "new_amount": {"amount": "1", "currency": "CNY"}}]})
    } else if path.ends_with("/void") || path.ends_with("/reverse") {
        json!({"reason": "hijack"})
    } else if path.ends_with("/match") {
        json!({"customer_id": ids["customers"]})
    } else if path.ends_with("/terminate") {
        json!({"reason": "hijack"})
    } else if path.ends_with("/amendments") {
        json!({"reason": "hijack", "name": "Hijacked"})
    } else if path.starts_with("/api/v1/orders/") && path.ends_with("/status") {
        json!({"status": "cancelled"})
    } else if path.starts_with("/api/v1/approval-flows/") {
        json!({"record_type": "contract", "name": "Hijacked", "steps": [
            {"name": "s", "approvers": {"kind": "department_head", "levels": 1}, "mode": "any"}]})
    } else if *method == Method::PATCH && path.starts_with("/api/v1/webhooks/") {
        json!({"description": "Hijacked"})
    } else if *method == Method::PATCH && path.starts_with("/api/v1/leads/") {
        json!({"company_name": "Hijacked"})
    } else if *method == Method::PATCH {
        json!({"name": "Hijacked"})
    } else {
        json!({})
    }
}

async fn snapshot(app: &TestApp) -> Value {
    let store = app.state.store.tenant(app.b.tenant.tenant_id);
    let deps: Vec<_> = store
        .departments()
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.id, d.version))
        .collect();
    let roles: Vec<_> = store
        .roles()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.version))
        .collect();
    let users: Vec<_> = store
        .users(&Default::default(), None, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|u| (u.id, u.version, u.active))
        .collect();
    let unread = store.unread_notifications(app.b.admin.id).await.unwrap();
    let documents: Vec<_> = {
        use closer_store::entity::document;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        document::Entity::find()
            .filter(document::Column::TenantId.eq(app.b.tenant.tenant_id))
            .all(app.state.store.db())
            .await
            .unwrap()
            .into_iter()
            .map(|d| (d.id, d.version))
            .collect()
    };
    let tokens: Vec<_> = store
        .api_tokens(app.b.admin.id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.revoked_at))
        .collect();
    let leads: Vec<_> = store
        .leads(&Default::default(), None, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|l| (l.id, l.version))
        .collect();
    let pool: Vec<_> = store
        .pool(None, None, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|l| (l.id, l.version))
        .collect();
    let rules: Vec<_> = store
        .assignment_rules()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.version))
        .collect();
    let contracts: Vec<_> = store
        .contracts(&Default::default(), None, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|c| (c.id, c.version))
        .collect();
    let approvals: Vec<_> = store
        .approvals(&Default::default(), None, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|a| (a.id, a.version))
        .collect();
    let hooks: Vec<_> = store
        .webhooks()
        .await
        .unwrap()
        .into_iter()
        .map(|w| (w.id, w.version))
        .collect();
    let payments: Vec<_> = store
        .payments(&Default::default(), None, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| (p.payment.id, p.payment.version))
        .collect();
    let receivables: Vec<_> = store
        .receivables(&Default::default(), None, 500)
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|r| (r.id, r.version))
        .collect();
    let invoices: Vec<_> = store
        .invoices(&Default::default(), None, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|i| (i.id, i.version))
        .collect();
    let plans: Vec<_> = store
        .target_plans(None)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.version, p.status))
        .collect();
    let runs: Vec<_> = store
        .compensation_runs(None)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.version, r.status))
        .collect();
    json!({"plans": format!("{plans:?}"), "runs": format!("{runs:?}"), "payments": format!("{payments:?}"), "receivables": format!("{receivables:?}"), "invoices": format!("{invoices:?}"), "contracts": format!("{contracts:?}"), "approvals": format!("{approvals:?}"), "hooks": format!("{hooks:?}"), "documents": format!("{documents:?}"), "leads": format!("{leads:?}"), "pool": format!("{pool:?}"), "rules": format!("{rules:?}"), "deps": format!("{deps:?}"), "roles": format!("{roles:?}"), "users": format!("{users:?}"), "unread": unread, "tokens": format!("{tokens:?}")})
}

#[tokio::test]
async fn tenant_a_cannot_reach_tenant_b_through_any_route() {
    for app in TestApp::all().await {
        // Tenant B gets one record of every kind.
        let b = app.admin_b().await;
        let (_, dept) = b
            .post("/api/v1/departments", json!({"name": "B dept"}))
            .await;
        let role_id = app
            .state
            .store
            .tenant(app.b.tenant.tenant_id)
            .role_by_key("sales_rep")
            .await
            .unwrap()
            .id
            .to_string();
        let (_, user) = b
            .post("/api/v1/users", json!({"email": "rep@beta.example.com", "name": "B rep", "password": crate::helpers::PASSWORD, "role_id": role_id}))
            .await;
        let (_, token) = b
            .post("/api/v1/api-tokens", json!({"name": "B token"}))
            .await;
        app.run_jobs().await;
        let rep = app
            .sign_in("beta", "rep@beta.example.com", crate::helpers::PASSWORD)
            .await;
        let (_, inbox) = rep.get("/api/v1/notifications").await;
        let job = app
            .state
            .store
            .enqueue(closer_store::platform::jobs::NewJob {
                tenant_id: Some(app.b.tenant.tenant_id),
                kind: "noop".into(),
                payload: json!({"requested_by": app.b.admin.id.to_string()}),
                run_at: closer_store::now() + chrono::Duration::days(1),
                dedupe_key: None,
                max_attempts: 1,
            })
            .await
            .unwrap()
            .unwrap();
        let (_, campaign) = b.post("/api/v1/campaigns", json!({"name": "B fair"})).await;
        let (_, lead) = b
            .post(
                "/api/v1/leads",
                json!({"company_name": "B 客户科技有限公司", "phone": "13800000001"}),
            )
            .await;
        let (_, pool_lead) = b
            .post(
                "/api/v1/leads",
                json!({"company_name": "B 公海线索", "phone": "13800000002"}),
            )
            .await;
        b.post(
            &format!(
                "/api/v1/leads/{}/release",
                pool_lead["id"].as_str().unwrap()
            ),
            json!({"reason": "to the pool"}),
        )
        .await;
        let (_, converted) = b
            .post(
                &format!("/api/v1/leads/{}/convert", lead["id"].as_str().unwrap()),
                json!({"create_opportunity": true}),
            )
            .await;
        let (_, lead) = b
            .post(
                "/api/v1/leads",
                json!({"company_name": "B 另一家公司", "email": "x@beta.example.com"}),
            )
            .await;
        let (_, rule) = b
            .post(
                "/api/v1/assignment-rules",
                json!({"name": "B rule", "target_user_id": app.b.admin.id.to_string()}),
            )
            .await;
        let (_, import) = crate::helpers::Client::send(
            b.request(Method::POST, "/api/v1/leads/imports")
                .header("content-type", "application/octet-stream")
                .body("公司名称\nB 导入公司\n"),
        )
        .await;
        let (_, document) = crate::helpers::Client::send(
            b.request(
                Method::POST,
                &format!(
                    "/api/v1/documents?customer_id={}",
                    converted["customer"]["id"].as_str().unwrap()
                ),
            )
            .header("x-file-name", "contract.pdf")
            .body("%PDF-1.7\n%B's contract\n"),
        )
        .await;
        let (_, view) = b
            .post(
                "/api/v1/saved-views",
                json!({"resource": "leads", "name": "B view", "query": {"status": "new"}}),
            )
            .await;
        let (_, task) = b
            .post(
                "/api/v1/activities",
                json!({"kind": "task", "subject": "B task", "customer_id": converted["customer"]["id"], "planned_for": (closer_store::now() + chrono::Duration::days(1)).to_rfc3339()}),
            )
            .await;
        let (_, processes) = b.get("/api/v1/sales-processes").await;
        let (_, product) = b
            .post("/api/v1/products", json!({"name": "B product", "kind": "product", "list_price": {"amount": "1.00", "currency": "CNY"}}))
            .await;
        let (_, quote) = b
            .post(
                "/api/v1/quotes",
                json!({"opportunity_id": converted["opportunity"]["id"], "lines": [{"product_id": product["id"], "quantity": "1"}]}),
            )
            .await;
        // Contracts: a flow (above ¥1,000 the administrator approves), one contract waiting
        // for approval, one active with an order; a webhook and a delegation.
        let (_, flow) = b
            .post(
                "/api/v1/approval-flows",
                json!({"record_type": "contract", "name": "B flow", "steps": [
                {"name": "admin", "when": {"field": "amount", "op": "gt", "value": "1000"},
                 "approvers": {"kind": "role", "role_key": "admin"}, "mode": "any"}]}),
            )
            .await;
        let customer_id = converted["customer"]["id"].as_str().unwrap().to_owned();
        let (_, pending) = b
            .post("/api/v1/contracts", json!({"customer_id": customer_id, "name": "B big", "amount": {"amount": "5000", "currency": "CNY"}}))
            .await;
        let (_, pending) = b
            .post(
                &format!(
                    "/api/v1/contracts/{}/submit",
                    pending["id"].as_str().unwrap()
                ),
                json!({}),
            )
            .await;
        let (_, active) = b
            .post("/api/v1/contracts", json!({"customer_id": customer_id, "name": "B small", "lines": [{"description": "x", "quantity": "2", "unit_price": {"amount": "10", "currency": "CNY"}}]}))
            .await;
        let (_, active) = b
            .post(
                &format!(
                    "/api/v1/contracts/{}/submit",
                    active["id"].as_str().unwrap()
                ),
                json!({}),
            )
            .await;
        assert_eq!(active["status"], "active", "{active}");
        let (_, order) = b
            .post("/api/v1/orders", json!({"contract_id": active["id"], "lines": [{"contract_line_id": active["lines"][0]["id"], "quantity": "1"}]}))
            .await;
        // Cash: a plan on the active contract, an invoice, a payment with credit left, a
        // refund of part of that credit, and a bank row waiting for a person.
        let (status, plan) = crate::helpers::Client::send(
            b.request(
                Method::PUT,
                &format!(
                    "/api/v1/contracts/{}/payment-plan",
                    active["id"].as_str().unwrap()
                ),
            )
            .json(&json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let receivable_id = plan["receivables"][0]["id"].as_str().unwrap().to_owned();
        let (_, invoice) = b
            .post("/api/v1/invoices", json!({"receivable_id": receivable_id, "kind": "vat_ordinary", "tax_rate": "13", "amount": {"amount": "5", "currency": "CNY"}, "number": "B-1"}))
            .await;
        let (_, payment) = b
            .post("/api/v1/payments", json!({"customer_id": customer_id, "amount": {"amount": "30", "currency": "CNY"}, "received_on": "2026-01-05"}))
            .await;
        let (_, refund) = b
            .post("/api/v1/refunds", json!({"customer_id": customer_id, "amount": {"amount": "1", "currency": "CNY"}, "reason": "B refund"}))
            .await;
        let bank_store = app.state.store.tenant(app.b.tenant.tenant_id);
        bank_store
            .pay_in_bank_rows(
                app.b.admin.id,
                None,
                &[closer_store::cash::bank::BankRow {
                    row_number: 2,
                    received_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 6).unwrap(),
                    payer_name: "Nobody Ltd".into(),
                    amount_minor: 100,
                    currency: "CNY".into(),
                    reference: None,
                    line_key: "b-line".into(),
                    customer_id: None,
                }],
                chrono::NaiveDate::from_ymd_opt(2026, 1, 6).unwrap(),
                &mut Default::default(),
            )
            .await
            .unwrap();
        let bank_line = bank_store
            .bank_lines(Some("unmatched"), None, 1)
            .await
            .unwrap()
            .items[0]
            .id;
        let (_, hook) = b
            .post(
                "/api/v1/webhooks",
                json!({"url": "http://127.0.0.1:9/b", "events": ["lead.created"]}),
            )
            .await;
        let (_, delegation) = b
            .post("/api/v1/approvals/delegations", json!({"delegate_id": user["id"], "starts_on": "2026-01-01", "ends_on": "2026-01-02"}))
            .await;
        let (status, plan) = b
            .post(
                "/api/v1/target-plans",
                json!({"name": "B plan", "year": 2026, "total": "100.00"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{plan}");
        let (_, visit_rule) = b
            .post(
                "/api/v1/visit-rules",
                json!({"name": "B visits", "per_week": 3}),
            )
            .await;
        let (status, comp) = b
            .post("/api/v1/compensation-plans", json!({"name": "B pay", "target_plan_id": plan["id"], "base_pay": "1.00", "pool": "1.00", "tiers": [{"from": "0", "to": null, "rate": "1"}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{comp}");
        let (status, run) = b
            .post(
                "/api/v1/compensation-runs",
                json!({"plan_id": comp["id"], "period": "2026-Q1"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{run}");
        let ids = std::collections::HashMap::from([
            ("target-plans", plan["id"].as_str().unwrap().to_owned()),
            ("visit-rules", visit_rule["id"].as_str().unwrap().to_owned()),
            (
                "compensation-plans",
                comp["id"].as_str().unwrap().to_owned(),
            ),
            ("compensation-runs", run["id"].as_str().unwrap().to_owned()),
            ("approval-flows", flow["id"].as_str().unwrap().to_owned()),
            ("contracts", active["id"].as_str().unwrap().to_owned()),
            (
                "approvals",
                pending["approval_id"].as_str().unwrap().to_owned(),
            ),
            ("orders", order["id"].as_str().unwrap().to_owned()),
            ("receivables", receivable_id.clone()),
            ("invoices", invoice["id"].as_str().unwrap().to_owned()),
            ("payments", payment["id"].as_str().unwrap().to_owned()),
            ("refunds", refund["id"].as_str().unwrap().to_owned()),
            ("bank-lines", bank_line.to_string()),
            ("webhooks", hook["id"].as_str().unwrap().to_owned()),
            ("delegations", delegation["id"].as_str().unwrap().to_owned()),
            (
                "sales-processes",
                processes["items"][0]["id"].as_str().unwrap().to_owned(),
            ),
            (
                "stages",
                processes["items"][0]["stages"][1]["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            ),
            ("activities", task["id"].as_str().unwrap().to_owned()),
            ("products", product["id"].as_str().unwrap().to_owned()),
            ("quotes", quote["id"].as_str().unwrap().to_owned()),
            ("saved-views", view["id"].as_str().unwrap().to_owned()),
            ("documents", document["id"].as_str().unwrap().to_owned()),
            ("imports", import["id"].as_str().unwrap().to_owned()),
            ("leads", lead["id"].as_str().unwrap().to_owned()),
            ("campaigns", campaign["id"].as_str().unwrap().to_owned()),
            ("assignment-rules", rule["id"].as_str().unwrap().to_owned()),
            (
                "customers",
                converted["customer"]["id"].as_str().unwrap().to_owned(),
            ),
            (
                "contacts",
                converted["contact"]["id"].as_str().unwrap().to_owned(),
            ),
            (
                "opportunities",
                converted["opportunity"]["id"].as_str().unwrap().to_owned(),
            ),
            ("departments", dept["id"].as_str().unwrap().to_owned()),
            ("users", user["id"].as_str().unwrap().to_owned()),
            ("roles", role_id.clone()),
            ("api-tokens", token["id"].as_str().unwrap().to_owned()),
            (
                "notifications",
                inbox["items"][0]["id"].as_str().unwrap().to_owned(),
            ),
            ("jobs", job.id.to_string()),
        ]);
        let before = snapshot(&app).await;

        let a = app.admin_a().await;
        let doc = closer_server::openapi();
        let mut probed = 0;
        for (path, item) in &doc.paths.paths {
            if !path.contains("{id}") {
                continue;
            }
            let methods = [
                (Method::GET, item.get.is_some()),
                (Method::POST, item.post.is_some()),
                (Method::PATCH, item.patch.is_some()),
                (Method::PUT, item.put.is_some()),
                (Method::DELETE, item.delete.is_some()),
            ];
            let url = path.replace("{id}", &id_for(path, &ids));
            for (method, present) in methods {
                if !present {
                    continue;
                }
                // A plausible body, so that a 404 is about the id, not the shape.
                let body = body_for(path, &method, &ids);
                let (status, answer) =
                    crate::helpers::Client::send(a.request(method.clone(), &url).json(&body)).await;
                assert_eq!(
                    status,
                    StatusCode::NOT_FOUND,
                    "{method} {url} answered {answer}"
                );
                probed += 1;
            }
        }
        assert!(probed >= 12, "probed only {probed} operations");
        assert_eq!(snapshot(&app).await, before, "tenant B's data changed");
        app.stop().await;
    }
}
