//! Contracts: multi-level approval, amendments compared by revision, orders within what the
//! contract leaves, and outgoing webhooks signed and delivered to a real receiver.

use std::sync::{Arc, Mutex};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::cash::cny;
use crate::helpers::{problem, Client, TestApp, PASSWORD};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn put(c: &Client, path: &str, body: Value, version: Option<i64>) -> (StatusCode, Value) {
    let mut rb = c.request(Method::PUT, path).json(&body);
    if let Some(v) = version {
        rb = rb.header("if-match", format!("\"{v}\""));
    }
    Client::send(rb).await
}

/// Region (head: director) > Team (head: manager) > rep; a second manager in the team.
struct Org {
    admin: Client,
    rep: Client,
    manager: Client,
    director: Client,
    other_manager: Client,
    team: String,
}

async fn org(app: &TestApp) -> Org {
    let admin = app.admin_a().await;
    let rep_role = app.role_a("sales_rep").await;
    let mgr_role = app.role_a("sales_manager").await;
    let (_, region) = admin
        .post("/api/v1/departments", json!({"name": "华东大区"}))
        .await;
    let (_, team) = admin
        .post(
            "/api/v1/departments",
            json!({"name": "上海一组", "parent_id": id(&region)}),
        )
        .await;
    let mut users = Vec::new();
    for (email, role, dept) in [
        ("rep@alpha.example.com", &rep_role, &team),
        ("mgr@alpha.example.com", &mgr_role, &team),
        ("dir@alpha.example.com", &mgr_role, &region),
        ("mgr2@alpha.example.com", &mgr_role, &team),
    ] {
        let (status, u) = admin
            .post("/api/v1/users", json!({"email": email, "name": email, "password": PASSWORD, "role_id": role, "department_id": id(dept)}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{u}");
        users.push(u);
    }
    for (dept, head) in [(&team, &users[1]), (&region, &users[2])] {
        let (status, d) = Client::send(
            admin
                .request(Method::PATCH, &format!("/api/v1/departments/{}", id(dept)))
                .json(&json!({"head_user_id": id(head)})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{d}");
    }
    Org {
        rep: app
            .sign_in("alpha", "rep@alpha.example.com", PASSWORD)
            .await,
        manager: app
            .sign_in("alpha", "mgr@alpha.example.com", PASSWORD)
            .await,
        director: app
            .sign_in("alpha", "dir@alpha.example.com", PASSWORD)
            .await,
        other_manager: app
            .sign_in("alpha", "mgr2@alpha.example.com", PASSWORD)
            .await,
        admin,
        team: id(&team),
    }
}

/// The demo's flow: the manager above ¥200,000, the region head above ¥1,000,000.
fn two_level_flow() -> Value {
    json!({"record_type": "contract", "name": "合同审批", "steps": [
        {"name": "经理审批", "when": {"field": "amount", "op": "gt", "value": "200000"},
         "approvers": {"kind": "department_head", "levels": 1}, "mode": "any"},
        {"name": "总监审批", "when": {"field": "amount", "op": "gt", "value": "1000000"},
         "approvers": {"kind": "department_head", "levels": 2}, "mode": "any"}
    ]})
}

async fn customer(c: &Client, name: &str) -> String {
    let (status, body) = c.post("/api/v1/customers", json!({"name": name})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    id(&body)
}

async fn contract(c: &Client, customer: &str, amount: &str) -> Value {
    let (status, body) = c
        .post(
            "/api/v1/contracts",
            json!({"customer_id": customer, "name": "年度服务合同", "amount": {"amount": amount, "currency": "CNY"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

async fn inbox(c: &Client) -> Vec<Value> {
    let (status, body) = c.get("/api/v1/approvals?mine=true&status=pending").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_large_contract_needs_the_manager_then_the_director() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        let (status, flow) = o
            .admin
            .post("/api/v1/approval-flows", two_level_flow())
            .await;
        assert_eq!(status, StatusCode::CREATED, "{flow}");
        assert_eq!(flow["version"], 1);
        let cust = customer(&o.rep, "上海申城机电有限公司").await;
        let c = contract(&o.rep, &cust, "1200000.00").await;
        assert_eq!(c["status"], "draft");
        assert!(c["number"].as_str().unwrap().starts_with("HT-"));
        // A second contract gets the next number.
        let c2 = contract(&o.rep, &cust, "5000").await;
        assert_ne!(c["number"], c2["number"]);

        let (status, submitted) = o
            .rep
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{submitted}");
        assert_eq!(submitted["status"], "in_approval");
        let approval = submitted["approval_id"].as_str().unwrap().to_owned();
        let path = |action: &str| format!("/api/v1/approvals/{approval}/{action}");

        // Only the manager is asked first; the director and the rep are not approvers yet.
        assert_eq!(inbox(&o.manager).await.len(), 1);
        assert!(inbox(&o.director).await.is_empty());
        let (status, body) = o.director.post(&path("approve"), json!({})).await;
        problem(status, &body, StatusCode::FORBIDDEN, "not_an_approver");
        let (status, body) = o.rep.post(&path("approve"), json!({})).await;
        problem(status, &body, StatusCode::FORBIDDEN, "not_an_approver");
        let (_, count) = o
            .manager
            .get("/api/v1/approvals?mine=true&count=true")
            .await;
        assert_eq!(count["count"], 1);
        // An active contract is not edited in place, nor is one in approval.
        let (status, body) = o
            .rep
            .patch(
                &format!("/api/v1/contracts/{}", id(&c)),
                json!({"name": "改名"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "contract_not_editable");
        // Rejecting needs a comment.
        let (status, body) = o.manager.post(&path("reject"), json!({})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "comment");

        let (status, a) = o
            .manager
            .post(&path("approve"), json!({"comment": "同意"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_eq!(a["status"], "pending");
        assert_eq!(a["steps"][0]["status"], "approved");
        assert_eq!(a["steps"][1]["status"], "pending");
        assert_eq!(a["steps"][1]["approvers"][0], o.director.user_id());
        // Approving again is a conflict.
        let (status, body) = o.manager.post(&path("approve"), json!({})).await;
        problem(status, &body, StatusCode::CONFLICT, "approval_decided");

        let (status, a) = o.director.post(&path("approve"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_eq!(a["status"], "approved");
        assert_eq!(a["flow_version"], 1);
        let actions: Vec<&str> = a["trail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["submitted", "approved", "approved"]);
        let (_, c) = o.rep.get(&format!("/api/v1/contracts/{}", id(&c))).await;
        assert_eq!(c["status"], "active");
        // Its history says what happened, the approval named by its title.
        let (status, history) = o
            .rep
            .get(&format!("/api/v1/contracts/{}/history", id(&c)))
            .await;
        assert_eq!(status, StatusCode::OK, "{history}");
        let submitted = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "submitted")
            .expect("a submitted entry");
        let named = submitted["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|ch| ch["field"] == "approval_id")
            .expect("the approval it started");
        assert_eq!(named["new"], approval.as_str());
        assert_eq!(named["new_resource"], "approvals", "{named}");
        assert!(
            named["new_label"]
                .as_str()
                .unwrap()
                .contains(c["number"].as_str().unwrap()),
            "{named}"
        );
        // Decided: a conflict whoever asks, even a stranger.
        for who in [&o.director, &o.rep, &o.other_manager] {
            let (status, body) = who.post(&path("approve"), json!({})).await;
            problem(status, &body, StatusCode::CONFLICT, "approval_decided");
        }
        let (status, body) = o
            .rep
            .patch(
                &format!("/api/v1/contracts/{}", id(&c)),
                json!({"name": "改名"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "contract_not_editable");
        // The rep was told.
        let (_, notes) = o.rep.get("/api/v1/notifications").await;
        assert!(
            notes["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["kind"] == "approval_approved"),
            "{notes}"
        );
        // A small contract needs nobody: straight to active.
        let (status, small) = o
            .rep
            .post(&format!("/api/v1/contracts/{}/submit", id(&c2)), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{small}");
        assert_eq!(small["status"], "active");
        assert!(small["approval_id"].is_null());
        app.stop().await;
    }
}

#[tokio::test]
async fn a_tenant_without_a_flow_activates_on_submit_and_bad_flows_are_refused() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "北京燕园科技").await;
        let c = contract(&admin, &cust, "9999999").await;
        let (status, body) = admin
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "active");
        // Submitting twice is a conflict.
        let (status, body) = admin
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        problem(
            status,
            &body,
            StatusCode::CONFLICT,
            "contract_not_submittable",
        );

        let (status, body) = admin
            .post(
                "/api/v1/approval-flows",
                json!({"record_type": "contract", "name": "x", "steps": []}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "steps");
        let ghost = uuid::Uuid::now_v7().to_string();
        let (status, body) = admin
            .post(
                "/api/v1/approval-flows",
                json!({"record_type": "contract", "name": "x", "steps": [
                {"name": "s", "approvers": {"kind": "user", "user_id": ghost}, "mode": "any"}]}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "steps[0].approvers.user_id");
        let (status, body) = admin
            .post("/api/v1/approval-flows", json!({"record_type": "contract", "name": "x", "steps": [
                {"name": "s", "when": {"field": "amount", "op": "gt", "value": "1.001"}, "approvers": {"kind": "role", "role_key": "admin"}, "mode": "any"}]}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "steps[0].when.value");
        // A rep may not keep flows.
        app.stop().await;
    }
}

#[tokio::test]
async fn a_flow_edit_is_a_new_version_and_approvals_under_way_keep_theirs() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        let (_, flow) = o
            .admin
            .post("/api/v1/approval-flows", two_level_flow())
            .await;
        let cust = customer(&o.rep, "苏州工业园").await;
        let first = contract(&o.rep, &cust, "300000").await;
        let (_, first) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/submit", id(&first)),
                json!({}),
            )
            .await;
        // Version 2: one step only, the director for everything.
        let (status, v2) = put(
            &o.admin,
            &format!("/api/v1/approval-flows/{}", id(&flow)),
            json!({"record_type": "contract", "name": "合同审批 v2", "steps": [
                {"name": "总监", "approvers": {"kind": "user", "user_id": o.director.user_id()}, "mode": "any"}]}),
            Some(1),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{v2}");
        assert_eq!(v2["version"], 2);
        // The running approval finishes on version 1: the manager decides, then it is done.
        let a = first["approval_id"].as_str().unwrap();
        let (status, done) = o
            .manager
            .post(&format!("/api/v1/approvals/{a}/approve"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert_eq!(done["flow_version"], 1);
        assert_eq!(done["status"], "approved");
        // A new submission takes version 2.
        let second = contract(&o.rep, &cust, "1000").await;
        let (_, second) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/submit", id(&second)),
                json!({}),
            )
            .await;
        let (_, a2) = o
            .rep
            .get(&format!(
                "/api/v1/approvals/{}",
                second["approval_id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(a2["flow_version"], 2);
        assert_eq!(a2["steps"][0]["approvers"][0], o.director.user_id());
        // A stale If-Match on the flow is refused.
        let (status, body) = put(
            &o.admin,
            &format!("/api/v1/approval-flows/{}", id(&flow)),
            two_level_flow(),
            Some(1),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::PRECONDITION_FAILED,
            "stale_version",
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn two_approvers_deciding_an_any_step_at_once_count_once() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        let (status, flow) = o
            .admin
            .post("/api/v1/approval-flows", json!({"record_type": "contract", "name": "经理会签", "steps": [
                {"name": "任一经理", "approvers": {"kind": "role", "role_key": "sales_manager"}, "mode": "any"}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{flow}");
        let cust = customer(&o.rep, "杭州").await;
        let c = contract(&o.rep, &cust, "100").await;
        let (_, c) = o
            .rep
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        let a = c["approval_id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/approvals/{a}/approve");
        let (one, two, three) = tokio::join!(
            o.manager.post(&path, json!({})),
            o.other_manager.post(&path, json!({})),
            o.director.post(&path, json!({})),
        );
        let statuses = [one.0, two.0, three.0];
        assert_eq!(
            statuses.iter().filter(|s| **s == StatusCode::OK).count(),
            1,
            "{statuses:?} {one:?} {two:?} {three:?}"
        );
        assert!(statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT));
        let (_, a) = o.rep.get(&format!("/api/v1/approvals/{a}")).await;
        let approved = a["steps"][0]["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["decision"] == "approved")
            .count();
        assert_eq!(approved, 1, "{a}");
        let (_, c) = o.rep.get(&format!("/api/v1/contracts/{}", id(&c))).await;
        assert_eq!(c["status"], "active");
        app.stop().await;
    }
}

#[tokio::test]
async fn return_recall_delegation_and_a_deactivated_approver() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        o.admin
            .post("/api/v1/approval-flows", two_level_flow())
            .await;
        let cust = customer(&o.rep, "南京").await;
        let c = contract(&o.rep, &cust, "1500000").await;
        let submit = format!("/api/v1/contracts/{}/submit", id(&c));
        let (_, s) = o.rep.post(&submit, json!({})).await;
        let a = s["approval_id"].as_str().unwrap().to_owned();
        // Only the submitter recalls.
        let (status, body) = o
            .manager
            .post(&format!("/api/v1/approvals/{a}/recall"), json!({}))
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "not_the_submitter");
        let (status, r) = o
            .rep
            .post(&format!("/api/v1/approvals/{a}/recall"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["status"], "recalled");
        assert!(inbox(&o.manager).await.is_empty());
        let (status, body) = o
            .manager
            .post(&format!("/api/v1/approvals/{a}/approve"), json!({}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "approval_decided");
        // Back to draft: editable again, then resubmitted and returned with a comment.
        let (status, edited) = o
            .rep
            .patch(
                &format!("/api/v1/contracts/{}", id(&c)),
                json!({"terms": "付款方式：30/60/10"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(edited["status"], "draft");
        let (_, s) = o.rep.post(&submit, json!({})).await;
        let a = s["approval_id"].as_str().unwrap().to_owned();
        let (status, r) = o
            .manager
            .post(
                &format!("/api/v1/approvals/{a}/return"),
                json!({"comment": "补充交付计划"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["status"], "returned");
        let (_, c1) = o.rep.get(&format!("/api/v1/contracts/{}", id(&c))).await;
        assert_eq!(c1["status"], "draft");

        // The manager goes on leave and names the other manager as stand-in.
        let today = chrono::Utc::now().date_naive();
        let (status, d) = o
            .manager
            .post("/api/v1/approvals/delegations", json!({"delegate_id": o.other_manager.user_id(), "starts_on": today - chrono::Duration::days(1), "ends_on": today + chrono::Duration::days(1)}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{d}");
        let (_, s) = o.rep.post(&submit, json!({})).await;
        let a = s["approval_id"].as_str().unwrap().to_owned();
        assert!(inbox(&o.manager).await.is_empty());
        let waiting = inbox(&o.other_manager).await;
        assert_eq!(waiting.len(), 1);
        let decision = &waiting[0]["steps"][0]["decisions"][0];
        assert_eq!(decision["on_behalf_of"], o.manager.user_id());

        // The stand-in decides the manager's step; the director is asked next.
        let (status, body) = o
            .other_manager
            .post(&format!("/api/v1/approvals/{a}/approve"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(inbox(&o.director).await.len(), 1);
        // The director leaves mid-flow: nobody heads the region's parent, so the
        // administrators take the step over, and the trail says for whom.
        let (status, body) = o
            .admin
            .post(
                &format!("/api/v1/users/{}/deactivate", o.director.user_id()),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let waiting = inbox(&o.admin).await;
        assert_eq!(waiting.len(), 1, "{waiting:?}");
        let (_, view) = o.rep.get(&format!("/api/v1/approvals/{a}")).await;
        assert!(
            view["trail"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["action"] == "reassigned"
                    && t["comment"] == o.director.user_id().as_str()),
            "{view}"
        );
        let (status, done) = o
            .admin
            .post(&format!("/api/v1/approvals/{a}/approve"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert_eq!(done["status"], "approved");
        let _ = &o.team;
        app.stop().await;
    }
}

#[tokio::test]
async fn amendments_make_revisions_compared_line_by_line_and_orders_stay_within_the_contract() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        let cust = customer(&o.rep, "成都天府").await;
        let (status, c) = o
            .rep
            .post(
                "/api/v1/contracts",
                json!({"customer_id": cust, "name": "设备采购", "lines": [
                    {"description": "服务器", "quantity": "3", "unit_price": {"amount": "100.00", "currency": "CNY"}},
                    {"description": "安装服务", "quantity": "1", "unit_price": {"amount": "50.00", "currency": "CNY"}, "discount": "10"}
                ]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{c}");
        assert_eq!(c["amount"]["amount"], "345.00");
        let (_, c) = o
            .rep
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        assert_eq!(c["status"], "active");
        let server = c["lines"][0]["id"].as_str().unwrap().to_owned();

        // Orders: a third of the servers, then more than is left is refused.
        let (status, o1) = o
            .rep
            .post("/api/v1/orders", json!({"contract_id": id(&c), "lines": [{"contract_line_id": server, "quantity": "1"}], "deliver_by": "2027-01-15"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{o1}");
        assert_eq!(o1["amount"]["amount"], "100.00");
        assert_eq!(o1["number"], 1);
        let (status, body) = o
            .rep
            .post("/api/v1/orders", json!({"contract_id": id(&c), "lines": [{"contract_line_id": server, "quantity": "2.001"}]}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "lines[0].quantity");
        // Delivered and cancelled move the contract's totals.
        let (status, moved) = o
            .rep
            .post(
                &format!("/api/v1/orders/{}/status", id(&o1)),
                json!({"status": "delivered"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        let (status, body) = o
            .rep
            .post(
                &format!("/api/v1/orders/{}/status", id(&o1)),
                json!({"status": "open"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "order_status");
        let (_, cnow) = o.rep.get(&format!("/api/v1/contracts/{}", id(&c))).await;
        assert_eq!(cnow["ordered"]["amount"], "100.00");
        assert_eq!(cnow["delivered"]["amount"], "100.00");

        // Amendment: a fourth server, the service line dropped.
        let (status, body) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": ""}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        // A line orders took from stays, at no less than they took: the one server ordered
        // cannot go, nor drop to half a server.
        for (lines, field, code) in [
            (
                json!([{"description": "服务器", "quantity": "0.5", "unit_price": {"amount": "100.00", "currency": "CNY"}}]),
                "lines[0].quantity",
                "below_ordered",
            ),
            (
                json!([{"description": "机柜", "quantity": "4", "unit_price": {"amount": "100.00", "currency": "CNY"}}]),
                "lines",
                "ordered_line_removed",
            ),
        ] {
            let (status, body) = o
                .rep
                .post(
                    &format!("/api/v1/contracts/{}/amendments", id(&c)),
                    json!({"reason": "减量", "lines": lines}),
                )
                .await;
            assert_eq!(
                crate::helpers::refused_field(status, &body),
                (field.to_owned(), code.to_owned())
            );
        }
        // An amendment that changes nothing — the same lines in another order, the same
        // name — makes no revision.
        let (status, body) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": "重新提交", "name": "设备采购", "lines": [
                    {"description": "安装服务", "quantity": "1", "unit_price": {"amount": "50.00", "currency": "CNY"}, "discount": "10"},
                    {"description": "服务器", "quantity": "3", "unit_price": {"amount": "100.00", "currency": "CNY"}}
                ]}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "amendment_unchanged",
        );
        let (status, body) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": "x".repeat(2001)}),
            )
            .await;
        assert_eq!(
            crate::helpers::refused_field(status, &body),
            ("reason".to_owned(), "too_long".to_owned())
        );
        let (_, same) = o.rep.get(&format!("/api/v1/contracts/{}", id(&c))).await;
        assert_eq!(same["revision"], 1, "{same}");
        let (status, amended) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": "客户追加一台", "lines": [
                    {"description": "服务器", "quantity": "4", "unit_price": {"amount": "100.00", "currency": "CNY"}}
                ]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{amended}");
        assert_eq!(amended["revision"]["revision"], 2);
        assert_eq!(amended["contract"]["revision"], 2);
        assert_eq!(amended["contract"]["amount"]["amount"], "400.00");
        // The server line kept its id, so its order still counts against it.
        assert_eq!(amended["contract"]["lines"][0]["id"], server.as_str());
        let (_, revisions) = o
            .rep
            .get(&format!("/api/v1/contracts/{}/revisions", id(&c)))
            .await;
        let r2 = &revisions["items"][1];
        assert_eq!(r2["amount_change"]["amount"], "55.00");
        let changes: Vec<&str> = r2["differences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["change"].as_str().unwrap())
            .collect();
        assert_eq!(changes, ["changed", "removed"]);
        // Three more servers fit; a fourth does not.
        let (status, body) = o
            .rep
            .post("/api/v1/orders", json!({"contract_id": id(&c), "lines": [{"contract_line_id": server, "quantity": "4"}]}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, o2) = o
            .rep
            .post("/api/v1/orders", json!({"contract_id": id(&c), "lines": [{"contract_line_id": server, "quantity": "3"}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{o2}");
        assert_eq!(o2["amount"]["amount"], "300.00");
        let (_, list) = o
            .rep
            .get(&format!("/api/v1/orders?contract_id={}", id(&c)))
            .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
        // The second by its number (`#2`, URL-encoded), the contract's by its number; counted.
        let (status, found) = o
            .rep
            .get(&format!("/api/v1/orders?contract_id={}&q=%232", id(&c)))
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
        assert_eq!(found["items"][0]["id"], o2["id"]);
        let number = c["number"].as_str().unwrap();
        for (q, n) in [
            (number.to_owned(), 2),
            (format!("{number}%232"), 1),
            ("%233".into(), 0),
        ] {
            let (status, counted) = o.rep.get(&format!("/api/v1/orders?q={q}&count=true")).await;
            assert_eq!(status, StatusCode::OK, "{counted}");
            assert_eq!(counted, json!({"count": n}), "{q}");
        }
        // Terminating needs a reason.
        let (status, body) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/terminate", id(&c)),
                json!({}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        // …but a stale version is 412 first, whatever else is wrong.
        let (status, body) = Client::send(
            o.rep
                .request(
                    Method::POST,
                    &format!("/api/v1/contracts/{}/terminate", id(&c)),
                )
                .header("If-Match", "\"999\"")
                .json(&json!({})),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::PRECONDITION_FAILED,
            "stale_version",
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn an_amendment_above_the_threshold_is_approved_again_before_it_takes_effect() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        o.admin
            .post("/api/v1/approval-flows", two_level_flow())
            .await;
        let cust = customer(&o.rep, "武汉光谷").await;
        let c = contract(&o.rep, &cust, "100000").await;
        let (_, c) = o
            .rep
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        assert_eq!(c["status"], "active");
        let (status, amended) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": "扩容", "amount": {"amount": "250000", "currency": "CNY"}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{amended}");
        assert_eq!(amended["revision"]["status"], "in_approval");
        // Still in force as revision 1 until approved.
        assert_eq!(amended["contract"]["revision"], 1);
        assert_eq!(amended["contract"]["pending_revision"], 2);
        assert_eq!(amended["contract"]["amount"]["amount"], "100000.00");
        let (status, body) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": "again", "amount": {"amount": "1", "currency": "CNY"}}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "amendment_pending");
        let a = amended["contract"]["approval_id"].as_str().unwrap();
        let (status, _) = o
            .manager
            .post(&format!("/api/v1/approvals/{a}/approve"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, c) = o.rep.get(&format!("/api/v1/contracts/{}", id(&c))).await;
        assert_eq!(c["revision"], 2);
        assert_eq!(c["status"], "active");
        assert_eq!(c["amount"]["amount"], "250000.00");
        assert!(c["pending_revision"].is_null());
        // An amendment rejected is dropped; the contract can be amended again (the next
        // revision number after the dropped one).
        let (status, amended) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": "再扩容", "amount": {"amount": "300000", "currency": "CNY"}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{amended}");
        let a = amended["contract"]["approval_id"].as_str().unwrap();
        let (status, body) = o
            .manager
            .post(
                &format!("/api/v1/approvals/{a}/reject"),
                json!({"comment": "预算不足"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, amended) = o
            .rep
            .post(
                &format!("/api/v1/contracts/{}/amendments", id(&c)),
                json!({"reason": "小幅扩容", "amount": {"amount": "260000", "currency": "CNY"}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{amended}");
        assert_eq!(amended["contract"]["pending_revision"], 4, "{amended}");
        assert_eq!(amended["contract"]["revision"], 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn contracts_stay_in_scope_and_in_their_tenant() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        let cust = customer(&o.rep, "长沙").await;
        let c = contract(&o.rep, &cust, "100").await;
        let path = format!("/api/v1/contracts/{}", id(&c));
        // Another rep's contract and another tenant's are simply not there.
        let rep2 = {
            let role = app.role_a("sales_rep").await;
            o.admin
                .post("/api/v1/users", json!({"email": "rep2@alpha.example.com", "name": "rep2", "password": PASSWORD, "role_id": role}))
                .await;
            app.sign_in("alpha", "rep2@alpha.example.com", PASSWORD)
                .await
        };
        let b = app.admin_b().await;
        for who in [&rep2, &b] {
            let (status, body) = who.get(&path).await;
            problem(status, &body, StatusCode::NOT_FOUND, "not_found");
            let (status, body) = who.post(&format!("{path}/submit"), json!({})).await;
            assert!(
                status == StatusCode::NOT_FOUND || status == StatusCode::FORBIDDEN,
                "{body}"
            );
            let (_, list) = who.get("/api/v1/contracts").await;
            assert!(list["items"].as_array().unwrap().is_empty(), "{list}");
            let (_, counted) = who.get("/api/v1/contracts?q=服务&count=true").await;
            assert_eq!(counted, json!({"count": 0}), "{counted}");
        }
        // The manager of the team sees it, found by a part of its name or number, and
        // counted.
        let (status, _) = o.manager.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        let number = c["number"].as_str().unwrap();
        for q in ["服务", &number[number.len() - 3..]] {
            let (status, found) = o.manager.get(&format!("/api/v1/contracts?q={q}")).await;
            assert_eq!(status, StatusCode::OK, "{found}");
            assert_eq!(found["items"][0]["id"], c["id"], "{q}: {found}");
        }
        let (_, none) = o.manager.get("/api/v1/contracts?q=不存在的合同").await;
        assert_eq!(none["items"], json!([]));
        let (_, counted) = o.manager.get("/api/v1/contracts?q=服务&count=true").await;
        assert_eq!(counted, json!({"count": 1}));

        // What hangs off a contract — its payments, invoices, receivables and orders — is
        // found by `q` and counted within the same scope: a rep and the rep's manager see
        // the rep's, the other rep theirs, the administrator both, another tenant none.
        let (_, mine) = o.rep.post(&format!("{path}/submit"), json!({})).await;
        assert_eq!(mine["status"], "active", "{mine}");
        let their_customer = customer(&rep2, "株洲").await;
        let theirs = contract(&rep2, &their_customer, "200").await;
        let (_, theirs) = rep2
            .post(
                &format!("/api/v1/contracts/{}/submit", id(&theirs)),
                json!({}),
            )
            .await;
        assert_eq!(theirs["status"], "active", "{theirs}");
        // Per contract: [payment, invoice, receivable, order].
        let mut made: Vec<Vec<String>> = Vec::new();
        for (who, customer_id, k, n) in [
            (&o.rep, &cust, &mine, 1),
            (&rep2, &their_customer, &theirs, 2),
        ] {
            let (status, plan) = put(
                &o.admin,
                &format!("/api/v1/contracts/{}/payment-plan", id(k)),
                json!({"installments": [{"due_on": "2026-01-31", "ratio": "100"}]}),
                None,
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{plan}");
            let receivable = id(&plan["receivables"][0]);
            let (status, invoice) = o
                .admin
                .post("/api/v1/invoices", json!({"receivable_id": receivable, "kind": "vat_ordinary", "tax_rate": "13", "amount": cny("1.00"), "number": format!("FP-2026-00{n}")}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{invoice}");
            let (status, payment) = o
                .admin
                .post("/api/v1/payments", json!({"customer_id": customer_id, "contract_id": id(k), "amount": cny("5.00"), "received_on": "2026-01-05", "reference": format!("回单-{n}")}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{payment}");
            let (status, order) = who
                .post(
                    "/api/v1/orders",
                    json!({"contract_id": id(k), "lines": [{"amount": cny("10.00")}]}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{order}");
            made.push(vec![id(&payment), id(&invoice), receivable, id(&order)]);
        }
        let (mine_number, their_number) = (
            mine["number"].as_str().unwrap().to_owned(),
            theirs["number"].as_str().unwrap().to_owned(),
        );
        let lists = [
            ("payments", "回单-1".to_owned(), "回单-2".to_owned()),
            (
                "invoices",
                "FP-2026-001".to_owned(),
                "FP-2026-002".to_owned(),
            ),
            ("receivables", mine_number.clone(), their_number.clone()),
            ("orders", mine_number.clone(), their_number),
        ];
        for (i, (list, q_mine, q_theirs)) in lists.iter().enumerate() {
            let (m, t) = (vec![made[0][i].clone()], vec![made[1][i].clone()]);
            let all = search(&o.admin, list, "").await;
            assert_eq!(all.1, 2, "{list}: {all:?}");
            assert_eq!(
                search(&o.admin, list, q_mine).await,
                (m.clone(), 1),
                "{list}"
            );
            assert_eq!(
                search(&o.admin, list, q_theirs).await,
                (t.clone(), 1),
                "{list}"
            );
            for who in [&o.rep, &o.manager] {
                assert_eq!(search(who, list, "").await, (m.clone(), 1), "{list}");
                assert_eq!(search(who, list, q_mine).await, (m.clone(), 1), "{list}");
                assert_eq!(search(who, list, q_theirs).await, (vec![], 0), "{list}");
            }
            assert_eq!(search(&rep2, list, "").await, (t.clone(), 1), "{list}");
            assert_eq!(search(&rep2, list, q_theirs).await, (t, 1), "{list}");
            assert_eq!(search(&rep2, list, q_mine).await, (vec![], 0), "{list}");
            assert_eq!(search(&b, list, "").await, (vec![], 0), "{list}");
            assert_eq!(search(&b, list, q_mine).await, (vec![], 0), "{list}");
        }
        // Payments and receivables by the customer's name; an order by its own number
        // (`#n`), alone or after its contract's number.
        for (list, i) in [("payments", 0), ("receivables", 2)] {
            let found = search(&o.admin, list, "株洲").await;
            assert_eq!(found, (vec![made[1][i].clone()], 1), "{list}");
            assert_eq!(search(&o.rep, list, "株洲").await, (vec![], 0), "{list}");
        }
        assert_eq!(search(&o.admin, "orders", "#1").await.1, 2);
        assert_eq!(
            search(&o.rep, "orders", "#1").await,
            (vec![made[0][3].clone()], 1)
        );
        assert_eq!(
            search(&o.admin, "orders", &format!("{mine_number} #1")).await,
            (vec![made[0][3].clone()], 1)
        );
        assert_eq!(search(&o.admin, "orders", "#2").await, (vec![], 0));
        app.stop().await;
    }
}

/// The ids a list's first page holds for `q`, and how many `count=true` says match.
async fn search(c: &Client, list: &str, q: &str) -> (Vec<String>, u64) {
    let path = format!("/api/v1/{list}");
    let (status, page) = Client::send(c.request(Method::GET, &path).query(&[("q", q)])).await;
    assert_eq!(status, StatusCode::OK, "{list}?q={q}: {page}");
    let (status, counted) = Client::send(
        c.request(Method::GET, &path)
            .query(&[("q", q), ("count", "true")]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}?q={q}&count=true: {counted}");
    let ids = page["items"].as_array().unwrap().iter().map(id).collect();
    (ids, counted["count"].as_u64().unwrap())
}

/// A receiver the test starts: it keeps every request's headers and body.
async fn receiver() -> (String, Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>>) {
    let seen: Arc<Mutex<Vec<(axum::http::HeaderMap, String)>>> = Arc::default();
    let keep = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let keep = keep.clone();
            async move {
                keep.lock().unwrap().push((headers, body));
                "thanks"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

#[tokio::test]
async fn webhooks_are_signed_delivered_logged_and_retried() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (url, seen) = receiver().await;
        let (status, body) = admin
            .post(
                "/api/v1/webhooks",
                json!({"url": "ftp://x", "events": ["nope"]}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, hook) = admin
            .post(
                "/api/v1/webhooks",
                json!({"url": url, "events": ["contract.activated", "opportunity.created", "lead.created"]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{hook}");
        let secret = hook["secret"].as_str().unwrap().to_owned();
        assert!(secret.starts_with("whsec_") && secret.len() > 20);
        // Later reads never show the secret.
        let (_, hooks) = admin.get("/api/v1/webhooks").await;
        assert_ne!(hooks["items"][0]["secret"], secret.as_str());

        let cust = customer(&admin, "深圳").await;
        let c = contract(&admin, &cust, "100").await;
        admin
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        assert!(app.run_jobs().await >= 1);
        let got = seen.lock().unwrap().clone();
        assert_eq!(got.len(), 1, "{got:?}");
        let (headers, body) = &got[0];
        assert_eq!(headers["x-closer-event"], "contract.activated");
        let sig = headers["x-closer-signature"].to_str().unwrap();
        let t: i64 = sig
            .split(',')
            .next()
            .unwrap()
            .trim_start_matches("t=")
            .parse()
            .unwrap();
        assert!((chrono::Utc::now().timestamp() - t).abs() < 60);
        assert_eq!(
            sig,
            closer_server::platform::webhooks::signature(&secret, t, body)
        );
        let payload: Value = serde_json::from_str(body).unwrap();
        assert_eq!(payload["event"], "contract.activated");
        assert_eq!(payload["data"]["id"], id(&c).as_str());
        let (_, log) = admin
            .get(&format!("/api/v1/webhooks/{}/deliveries", id(&hook)))
            .await;
        assert_eq!(log["items"][0]["status"], "delivered");
        assert_eq!(log["items"][0]["response_status"], 200);
        assert_eq!(log["items"][0]["response_body"], "thanks");

        // A receiver that is down: the attempt is logged and the job retries later.
        let (_, down) = admin
            .post(
                "/api/v1/webhooks",
                json!({"url": "http://127.0.0.1:9/hook", "events": ["opportunity.created"]}),
            )
            .await;
        let (_, o) = admin
            .post("/api/v1/opportunities", json!({"customer_id": cust, "name": "扩容", "amount": {"amount": "1", "currency": "CNY"}}))
            .await;
        assert!(o["id"].is_string(), "{o}");
        app.run_jobs().await;
        let (_, log) = admin
            .get(&format!("/api/v1/webhooks/{}/deliveries", id(&down)))
            .await;
        assert_eq!(log["items"][0]["status"], "retrying", "{log}");
        assert_eq!(log["items"][0]["attempts"], 1);
        assert!(log["items"][0]["last_error"].is_string());
        // The working hook got the opportunity too, and a new lead.
        assert_eq!(seen.lock().unwrap().len(), 2);
        admin
            .post(
                "/api/v1/leads",
                json!({"company_name": "厦门海湾科技", "phone": "13900000009"}),
            )
            .await;
        app.run_jobs().await;
        let got = seen.lock().unwrap().clone();
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].0["x-closer-event"], "lead.created");
        // Not for reps.
        app.stop().await;
    }
}

#[tokio::test]
async fn an_approver_sitting_on_a_step_is_reminded_once() {
    for app in TestApp::all().await {
        let o = org(&app).await;
        o.admin
            .post("/api/v1/approval-flows", two_level_flow())
            .await;
        let cust = customer(&o.rep, "厦门").await;
        let c = contract(&o.rep, &cust, "300000").await;
        o.rep
            .post(&format!("/api/v1/contracts/{}/submit", id(&c)), json!({}))
            .await;
        let now = chrono::Utc::now();
        // Not yet a day: nobody is reminded.
        closer_server::platform::jobs::run_scheduled(&app.state, "approval-reminders", now)
            .await
            .unwrap();
        assert_eq!(reminders(&o.manager).await, 0);
        let later = now + chrono::Duration::days(2);
        for _ in 0..2 {
            closer_server::platform::jobs::run_scheduled(&app.state, "approval-reminders", later)
                .await
                .unwrap();
        }
        assert_eq!(reminders(&o.manager).await, 1);
        assert_eq!(reminders(&o.director).await, 0);
        app.stop().await;
    }
}

async fn reminders(c: &Client) -> usize {
    let (_, notes) = c.get("/api/v1/notifications").await;
    notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "approval_reminder")
        .count()
}

#[tokio::test]
async fn webhooks_never_reach_metadata_and_a_shared_server_keeps_to_the_internet() {
    for db in closer_store::testing::databases().await {
        let app = TestApp::start(
            db,
            closer_server::platform::state::ServerConfig {
                webhook_networks: closer_server::platform::outbound::WebhookNetworks::Public,
                ..Default::default()
            },
        )
        .await;
        let admin = app.admin_a().await;
        let (receiver_url, seen) = receiver().await;
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://100.100.100.200/latest/meta-data/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://0.0.0.0:8080/",
            receiver_url.as_str(),
            "http://localhost:8080/api/v1/users",
            "http://10.0.0.7/hook",
        ] {
            let (status, body) = admin
                .post(
                    "/api/v1/webhooks",
                    json!({"url": url, "events": ["lead.created"]}),
                )
                .await;
            problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "url", "{url}: {body}");
            assert_eq!(body["errors"][0]["code"], "address_not_allowed", "{url}");
        }
        let (_, hooks) = admin.get("/api/v1/webhooks").await;
        assert_eq!(hooks["items"].as_array().unwrap().len(), 0, "nothing kept");

        // A name that resolves nowhere yet is accepted; if it later points inside, the
        // delivery checks again, is logged as refused, and nothing is sent.
        let (status, hook) = admin
            .post(
                "/api/v1/webhooks",
                json!({"url": "http://hooks.closer-test.invalid/hook", "events": ["lead.created"]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{hook}");
        let hook_id = uuid::Uuid::parse_str(&id(&hook)).unwrap();
        let actor = app.a.admin.id;
        let repointed = receiver_url.clone();
        app.state
            .store
            .tenant(app.a.tenant.tenant_id)
            .update_webhook(actor, hook_id, None, move |w| w.url = repointed)
            .await
            .unwrap();
        admin
            .post(
                "/api/v1/leads",
                json!({"company_name": "厦门海湾科技", "phone": "13900000009"}),
            )
            .await;
        app.run_jobs().await;
        assert!(
            seen.lock().unwrap().is_empty(),
            "nothing reached the inside"
        );
        let (_, log) = admin
            .get(&format!("/api/v1/webhooks/{}/deliveries", id(&hook)))
            .await;
        assert_eq!(log["items"][0]["status"], "failed", "{log}");
        assert!(
            log["items"][0]["last_error"]
                .as_str()
                .is_some_and(|e| e.contains("127.0.0.1") && e.contains("may not be called")),
            "{log}"
        );
        app.stop().await;
    }
    // The default server calls its own network (a receiver on this machine) but never the
    // metadata service.
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, body) = admin
            .post(
                "/api/v1/webhooks",
                json!({"url": "http://169.254.169.254/latest/meta-data/", "events": ["lead.created"]}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, hook) = admin
            .post(
                "/api/v1/webhooks",
                json!({"url": "http://127.0.0.1:9/hook", "events": ["lead.created"]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{hook}");
        app.stop().await;
    }
}
