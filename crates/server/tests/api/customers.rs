//! Customers: profile, duplicates, contacts with their buying roles, the 360 view, the
//! "today" page, scores and the scoring model, transfers.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp, PASSWORD};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// Two reps and a manager of one department, and a rep of another.
async fn team(app: &TestApp) -> (Client, Client, Client, Client) {
    let admin = app.admin_a().await;
    let rep = app.role_a("sales_rep").await;
    let mgr = app.role_a("sales_manager").await;
    let (_, east) = admin
        .post("/api/v1/departments", json!({"name": "East"}))
        .await;
    let (_, west) = admin
        .post("/api/v1/departments", json!({"name": "West"}))
        .await;
    for (email, role, dept) in [
        ("rep1@alpha.example.com", &rep, &east),
        ("rep2@alpha.example.com", &rep, &east),
        ("mgr@alpha.example.com", &mgr, &east),
        ("west@alpha.example.com", &rep, &west),
    ] {
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": email, "name": email, "password": PASSWORD, "role_id": role, "department_id": id(dept)}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    (
        app.sign_in("alpha", "rep1@alpha.example.com", PASSWORD)
            .await,
        app.sign_in("alpha", "rep2@alpha.example.com", PASSWORD)
            .await,
        app.sign_in("alpha", "mgr@alpha.example.com", PASSWORD)
            .await,
        app.sign_in("alpha", "west@alpha.example.com", PASSWORD)
            .await,
    )
}

#[tokio::test]
async fn customers_have_a_profile_duplicate_checks_and_a_score() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, c) = admin
            .post(
                "/api/v1/customers",
                json!({
                    "name": "杭州云栖智能制造有限公司",
                    "industry": "制造业",
                    "size_tier": "large",
                    "employee_count": 1200,
                    "annual_revenue": {"amount": "350000000.00", "currency": "CNY"},
                    "province": "浙江",
                    "city": "杭州",
                    "address": "西湖区文三路 100 号",
                    "credit_code": "91330100716105852F",
                    "phone": "0571-85022088"
                }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{c}");
        assert_eq!(c["size_tier"], "large");
        assert_eq!(c["annual_revenue"]["amount"], "350000000.00");
        assert_eq!(c["phone"], "+8657185022088");
        // The default model: key industry 15 + large 15 of 100 points.
        assert_eq!(c["score"], 30, "{c}");
        assert_eq!(c["grade"], "D");

        // The same company again: the credit code blocks on create.
        let (status, body) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "云栖智能制造（杭州）有限公司", "credit_code": "91330100716105852F"}),
            )
            .await;
        let body = problem(status, &body, StatusCode::CONFLICT, "duplicate_blocked");
        assert_eq!(body["errors"][0]["field"], "credit_code");
        // A similar name warns.
        let (status, similar) = admin
            .post("/api/v1/customers", json!({"name": "杭州云栖智能制造公司"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{similar}");
        assert_eq!(similar["duplicates"][0]["id"], c["id"]);

        // Bad input: every field named at once, nothing stored.
        let (status, body) = admin
            .post(
                "/api/v1/customers",
                json!({"name": " ", "size_tier": "huge", "credit_code": "91330100716105852X", "employee_count": -1, "annual_revenue": {"amount": "1.001", "currency": "CNY"}}),
            )
            .await;
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
        for f in [
            "name",
            "size_tier",
            "credit_code",
            "employee_count",
            "annual_revenue.amount",
        ] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let (_, count) = admin.get("/api/v1/customers?count=true").await;
        assert_eq!(count["count"], 2);

        // Edits: stale versions are refused; a won deal and activity raise the score.
        let path = format!("/api/v1/customers/{}", id(&c));
        let stale = admin
            .request(reqwest::Method::PATCH, &path)
            .header("if-match", "\"0\"")
            .json(&json!({"city": "宁波"}))
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
        // The current version as a weak tag does not match: If-Match compares strongly.
        let (_, current) = admin.get(&path).await;
        let weak = admin
            .request(reqwest::Method::PATCH, &path)
            .header("if-match", format!("W/\"{}\"", current["version"]))
            .json(&json!({"city": "宁波"}))
            .send()
            .await
            .unwrap();
        assert_eq!(weak.status(), StatusCode::PRECONDITION_FAILED);
        let (status, edited) = admin
            .patch(&path, json!({"size_tier": null, "industry": "零售"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(edited["score"], 0);
        let (_, history) = admin.get(&format!("{path}/history")).await;
        assert!(
            history["items"].to_string().contains("size_tier"),
            "{history}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn lists_filter_and_sort_by_score_and_grade() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        for (name, industry, tier) in [
            ("甲级客户有限公司", "制造业", "enterprise"),
            ("乙级客户有限公司", "制造业", "small"),
            ("丙级客户有限公司", "零售", "small"),
        ] {
            let (status, _) = admin
                .post(
                    "/api/v1/customers",
                    json!({"name": name, "industry": industry, "size_tier": tier}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let (_, by_score) = admin.get("/api/v1/customers?sort=-score").await;
        let names: Vec<&str> = by_score["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names[0], "甲级客户有限公司", "{by_score}");
        assert_eq!(names[2], "丙级客户有限公司");
        let (_, small) = admin
            .get("/api/v1/customers?size_tier=small&min_score=10")
            .await;
        assert_eq!(small["items"].as_array().unwrap().len(), 1, "{small}");
        assert_eq!(small["items"][0]["name"], "乙级客户有限公司");
        let (_, grade_d) = admin.get("/api/v1/customers?grade=D&limit=1").await;
        assert_eq!(grade_d["items"].as_array().unwrap().len(), 1);
        let (_, page2) = admin
            .get(&format!(
                "/api/v1/customers?grade=D&limit=1&cursor={}",
                grade_d["next_cursor"].as_str().unwrap()
            ))
            .await;
        assert_ne!(page2["items"][0]["id"], grade_d["items"][0]["id"]);
        let (status, body) = admin.get("/api/v1/customers?grade=E&sort=phone").await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_visit_on_a_contact_is_on_the_customer_360_and_today() {
    for app in TestApp::all().await {
        let (rep1, rep2, _, _) = team(&app).await;
        let (_, c) = rep1
            .post(
                "/api/v1/customers",
                json!({"name": "上海星图软件有限公司", "industry": "软件和信息技术"}),
            )
            .await;
        let (status, contact) = rep1
            .post(
                "/api/v1/contacts",
                json!({"customer_id": id(&c), "name": "王芳", "title": "CIO", "decision_role": "decision_maker", "phone": "13912345678"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{contact}");
        assert_eq!(contact["decision_role"], "decision_maker");
        let (status, body) = rep1
            .post(
                "/api/v1/contacts",
                json!({"customer_id": id(&c), "name": "李雷", "decision_role": "boss"}),
            )
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "decision_role");
        // Another rep cannot add contacts to it.
        let (status, body) = rep2
            .post(
                "/api/v1/contacts",
                json!({"customer_id": id(&c), "name": "X"}),
            )
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "customer_id");
        // The contact list finds a part of a name or phone and counts what it finds, within
        // the rep's own contacts.
        rep1.post(
            "/api/v1/contacts",
            json!({"customer_id": id(&c), "name": "李雷", "phone": "13800001111"}),
        )
        .await;
        let (_, found) = rep1.get("/api/v1/contacts?q=王").await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
        assert_eq!(found["items"][0]["name"], "王芳");
        let (_, found) = rep1.get("/api/v1/contacts?q=0000111").await;
        assert_eq!(found["items"][0]["name"], "李雷", "{found}");
        let (status, counted) = rep1
            .get(&format!(
                "/api/v1/contacts?customer_id={}&count=true",
                id(&c)
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{counted}");
        assert_eq!(counted, json!({"count": 2}));
        let (_, counted) = rep1.get("/api/v1/contacts?q=王&count=true").await;
        assert_eq!(counted, json!({"count": 1}));
        let (_, counted) = rep2.get("/api/v1/contacts?q=王&count=true").await;
        assert_eq!(
            counted,
            json!({"count": 0}),
            "another rep's contacts are not counted"
        );

        let (_, opp) = rep1
            .post(
                "/api/v1/opportunities",
                json!({"customer_id": id(&c), "name": "ERP 升级", "amount": {"amount": "800000.00", "currency": "CNY"}}),
            )
            .await;
        // Coordinates out of range are refused by name, and nothing is logged.
        let (status, body) = rep1
            .post(
                "/api/v1/activities",
                json!({"kind": "visit", "subject": "上门拜访王总", "contact_id": id(&contact), "location": "客户总部 3 楼", "coordinates": "131.2304,121.4737"}),
            )
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "coordinates");
        let (_, none) = rep1
            .get(&format!("/api/v1/activities?customer_id={}", id(&c)))
            .await;
        assert_eq!(none["items"].as_array().unwrap().len(), 0, "{none}");
        // The place the rep typed, with where the phone was beside it.
        let (status, visit) = rep1
            .post(
                "/api/v1/activities",
                json!({"kind": "visit", "subject": "上门拜访王总", "contact_id": id(&contact), "location": "客户总部 3 楼", "coordinates": " 31.2304, 121.4737 ", "occurred_at": closer_store::now().to_rfc3339()}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{visit}");
        assert_eq!(visit["location"], "客户总部 3 楼");
        assert_eq!(visit["coordinates"], "31.2304,121.4737");
        let tomorrow = closer_store::now() + chrono::Duration::days(1);
        let yesterday = closer_store::now() - chrono::Duration::days(1);
        let soon = closer_store::now() + chrono::Duration::minutes(1);
        for (subject, when) in [
            ("复盘需求", soon),
            ("明天拜访", tomorrow),
            ("逾期任务", yesterday),
        ] {
            let (status, body) = rep1
                .post(
                    "/api/v1/activities",
                    json!({"kind": "task", "subject": subject, "opportunity_id": id(&opp), "planned_for": when.to_rfc3339()}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }

        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        let (status, doc) = Client::send(
            rep1.request(
                reqwest::Method::POST,
                &format!("/api/v1/documents?customer_id={}", id(&c)),
            )
            .header("x-file-name", "site-photo.png")
            .header("content-type", "application/octet-stream")
            .body(png.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{doc}");
        let (status, deal_doc) = Client::send(
            rep1.request(
                reqwest::Method::POST,
                &format!("/api/v1/documents?opportunity_id={}", id(&opp)),
            )
            .header("x-file-name", "deal-terms.png")
            .header("content-type", "application/octet-stream")
            .body(png.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{deal_doc}");
        let (status, view) = rep1
            .get(&format!("/api/v1/customers/{}/overview", id(&c)))
            .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        let timeline = view["timeline"].as_array().unwrap();
        assert!(
            timeline
                .iter()
                .any(|e| e["kind"] == "document" && e["title"] == "site-photo.png"),
            "{view}"
        );
        assert!(
            timeline
                .iter()
                .any(|e| e["title"] == "上门拜访王总" && e["detail"] == "visit"),
            "{view}"
        );
        assert!(timeline.iter().any(|e| e["kind"] == "opportunity"));
        assert!(timeline.iter().any(|e| e["title"] == "deal-terms.png"));
        assert_eq!(view["contacts"][0]["name"], "王芳");
        assert_eq!(view["opportunities"][0]["name"], "ERP 升级");
        assert_eq!(view["money"]["open_pipeline"]["amount"], "800000.00");
        assert_eq!(view["team"][0]["role"], "owner");
        assert!(view["customer"]["last_activity_at"].is_string());
        // The visit counts: recent activity in the score, explained rule by rule.
        let rules = view["score_explanation"]["rules"].as_array().unwrap();
        let recent = rules
            .iter()
            .find(|r| r["kind"] == "days_since_last_activity" && r["matched"] == true);
        assert!(recent.is_some(), "{view}");
        assert_eq!(
            view["score_explanation"]["score"],
            view["customer"]["score"]
        );
        // Not rep2's customer.
        let (status, _) = rep2
            .get(&format!("/api/v1/customers/{}/overview", id(&c)))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Finance reads every customer but no deal: the deal's money as totals only.
        let admin = app.admin_a().await;
        let finance_role = app.role_a("finance").await;
        let (_, me) = admin.get("/api/v1/me").await;
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": "cash@alpha.example.com", "name": "出纳", "password": PASSWORD, "role_id": finance_role, "department_id": me["user"]["department_id"]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let finance = app
            .sign_in("alpha", "cash@alpha.example.com", PASSWORD)
            .await;
        let (status, _) = finance
            .get(&format!("/api/v1/opportunities/{}", id(&opp)))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, seen) = finance
            .get(&format!("/api/v1/customers/{}/overview", id(&c)))
            .await;
        assert_eq!(status, StatusCode::OK, "{seen}");
        assert_eq!(seen["opportunities"], json!([]), "{seen}");
        assert!(
            !seen["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["kind"] == "opportunity"
                    || e["kind"] == "lead"
                    || e["title"] == "deal-terms.png"),
            "{seen}"
        );
        assert!(
            seen["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["title"] == "site-photo.png"),
            "{seen}"
        );
        assert_eq!(seen["money"]["open_pipeline"]["amount"], "800000.00");

        let (status, today) = rep1.get("/api/v1/activities/today").await;
        assert_eq!(status, StatusCode::OK, "{today}");
        let subjects: Vec<(&str, bool)> = today["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["subject"].as_str().unwrap(),
                    i["overdue"].as_bool().unwrap(),
                )
            })
            .collect();
        assert!(subjects.contains(&("逾期任务", true)), "{today}");
        assert_eq!(
            today["items"][0]["record_name"], "上海星图软件有限公司",
            "each item names its customer: {today}"
        );
        assert!(!subjects.iter().any(|s| s.0 == "明天拜访"), "{today}");
        let (_, other) = rep2.get("/api/v1/activities/today").await;
        assert_eq!(other["items"], json!([]));
        app.stop().await;
    }
}

#[tokio::test]
async fn transfers_move_customers_with_their_open_work_within_scope() {
    for app in TestApp::all().await {
        let (rep1, rep2, mgr, west) = team(&app).await;
        let admin = app.admin_a().await;
        let mut ids = Vec::new();
        for i in 0..3 {
            let (_, c) = rep1
                .post(
                    "/api/v1/customers",
                    json!({"name": format!("转移客户{i}号有限公司")}),
                )
                .await;
            ids.push(id(&c));
        }
        let (_, opp) = rep1
            .post(
                "/api/v1/opportunities",
                json!({"customer_id": ids[0], "name": "年度框架", "amount": {"amount": "1000.00", "currency": "CNY"}}),
            )
            .await;
        let (_, task) = rep1
            .post(
                "/api/v1/activities",
                json!({"kind": "task", "subject": "回访", "customer_id": ids[0], "planned_for": (closer_store::now() + chrono::Duration::days(2)).to_rfc3339()}),
            )
            .await;
        let (_, call) = rep1
            .post(
                "/api/v1/activities",
                json!({"kind": "call", "subject": "已打电话", "customer_id": ids[0], "occurred_at": closer_store::now().to_rfc3339()}),
            )
            .await;

        // An open contract with one installment paid and one owing, and a terminated one.
        let open_contract = crate::cash::active_contract(&rep1, &ids[0], "1000.00").await;
        let (status, plan) = crate::cash::put(
            &rep1,
            &format!("/api/v1/contracts/{open_contract}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "40"}, {"due_on": "2099-01-01", "ratio": "60"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let (status, pay) = admin
            .post("/api/v1/payments", json!({"customer_id": ids[0], "contract_id": open_contract, "amount": {"amount": "400.00", "currency": "CNY"}, "received_on": "2026-01-01"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");
        let ended = crate::cash::active_contract(&rep1, &ids[0], "50.00").await;
        let (status, plan) = crate::cash::put(
            &rep1,
            &format!("/api/v1/contracts/{ended}/payment-plan"),
            json!({"installments": [{"due_on": "2026-01-01", "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        let (status, body) = admin
            .post(
                &format!("/api/v1/contracts/{ended}/terminate"),
                json!({"reason": "客户取消"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // A rep cannot hand over someone else's customers; a manager cannot reach outside
        // their department; nobody hands customers to a deactivated user.
        let body =
            json!({"from_user_id": rep1.user_id(), "to_user_id": rep2.user_id(), "all": true});
        let (status, body) = rep2.post("/api/v1/customers/transfer", body.clone()).await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, _) = mgr
            .post(
                "/api/v1/customers/transfer",
                json!({"from_user_id": rep1.user_id(), "to_user_id": west.user_id(), "all": true}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, gone) = admin
            .post("/api/v1/users", json!({"email": "gone@alpha.example.com", "name": "Gone", "password": PASSWORD, "role_id": app.role_a("sales_rep").await}))
            .await;
        admin
            .post(
                &format!("/api/v1/users/{}/deactivate", id(&gone)),
                json!({}),
            )
            .await;
        let (status, body) = admin
            .post(
                "/api/v1/customers/transfer",
                json!({"from_user_id": rep1.user_id(), "to_user_id": id(&gone), "all": true}),
            )
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "to_user_id");

        // Two of them, by the manager.
        let (status, done) = mgr
            .post(
                "/api/v1/customers/transfer",
                json!({"from_user_id": rep1.user_id(), "to_user_id": rep2.user_id(), "customer_ids": [ids[0], ids[1]]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert_eq!(done["transferred"], 2);
        // The same again (a second manager a moment later): nothing half-done.
        let (status, body) = mgr
            .post(
                "/api/v1/customers/transfer",
                json!({"from_user_id": rep1.user_id(), "to_user_id": rep2.user_id(), "customer_ids": [ids[0], ids[2]]}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "customers_changed");
        let (_, third) = rep1.get(&format!("/api/v1/customers/{}", ids[2])).await;
        assert_eq!(third["owner_id"], rep1.user_id().as_str(), "untouched");

        let (status, moved) = rep2.get(&format!("/api/v1/customers/{}", ids[0])).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(moved["owner_id"], rep2.user_id().as_str());
        let (_, moved_opp) = rep2
            .get(&format!("/api/v1/opportunities/{}", id(&opp)))
            .await;
        assert_eq!(moved_opp["owner_id"], rep2.user_id().as_str());
        let (_, acts) = rep2
            .get(&format!("/api/v1/activities?customer_id={}", ids[0]))
            .await;
        let owner_of = |a: &Value| {
            acts["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["id"] == a["id"])
                .map(|x| x["owner_id"].clone())
                .unwrap()
        };
        assert_eq!(
            owner_of(&task),
            rep2.user_id().as_str(),
            "planned work moves"
        );
        assert_eq!(
            owner_of(&call),
            rep1.user_id().as_str(),
            "done work keeps its author"
        );
        // The open contract moves with its receivables (a settled one may owe again if its
        // payment is reversed); the terminated contract stays with the owner who had it.
        let (_, k) = rep2
            .get(&format!("/api/v1/contracts/{open_contract}"))
            .await;
        assert_eq!(k["owner_id"], rep2.user_id().as_str(), "{k}");
        let (_, k) = admin.get(&format!("/api/v1/contracts/{ended}")).await;
        assert_eq!(k["owner_id"], rep1.user_id().as_str(), "{k}");
        let (_, kh) = rep2
            .get(&format!("/api/v1/contracts/{open_contract}/history"))
            .await;
        assert_eq!(kh["items"][0]["action"], "transferred", "{kh}");
        for (rep, n) in [(&rep2, 2), (&rep1, 0)] {
            let (_, counted) = admin
                .get(&format!(
                    "/api/v1/receivables?contract_id={open_contract}&owner_id={}&count=true",
                    rep.user_id()
                ))
                .await;
            assert_eq!(counted["count"], n, "{counted}");
        }
        let (_, owing) = rep2
            .get(&format!(
                "/api/v1/receivables?contract_id={open_contract}&status=owing"
            ))
            .await;
        assert_eq!(
            owing["items"][0]["outstanding"]["amount"], "600.00",
            "{owing}"
        );
        // What the terminated contract still owes is collected by the new owner too, and
        // the payment on the moved contract is theirs to see; the old owner sees neither.
        let (_, ended_owing) = admin
            .get(&format!(
                "/api/v1/receivables?contract_id={ended}&owner_id={}&count=true",
                rep2.user_id()
            ))
            .await;
        assert_eq!(ended_owing["count"], 1, "{ended_owing}");
        let (_, theirs) = rep2
            .get(&format!("/api/v1/payments?customer_id={}", ids[0]))
            .await;
        assert_eq!(theirs["items"][0]["id"], pay["id"], "{theirs}");
        let (_, before) = rep1
            .get(&format!("/api/v1/payments?customer_id={}", ids[0]))
            .await;
        assert_eq!(before["items"], json!([]), "{before}");
        let (_, aging) = admin.get("/api/v1/aging?group_by=owner").await;
        let row = aging["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == rep2.user_id().as_str())
            .cloned();
        assert_eq!(
            row.map(|r| r["total"].clone()),
            Some(json!({"amount": "650.00", "currency": "CNY"})),
            "{aging}"
        );

        let (_, history) = rep2
            .get(&format!("/api/v1/customers/{}/history", ids[0]))
            .await;
        assert_eq!(history["items"][0]["action"], "transferred", "{history}");
        let (status, _) = rep1.get(&format!("/api/v1/customers/{}", ids[0])).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // All the rest, by an administrator.
        let (_, all) = admin
            .post(
                "/api/v1/customers/transfer",
                json!({"from_user_id": rep1.user_id(), "to_user_id": rep2.user_id(), "all": true}),
            )
            .await;
        assert_eq!(all["transferred"], 1);
        let (_, left) = rep1.get("/api/v1/customers?count=true").await;
        assert_eq!(left["count"], 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn administrators_edit_the_scoring_model_and_scores_follow() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, c) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "评分测试有限公司", "industry": "零售", "size_tier": "medium"}),
            )
            .await;
        assert_eq!(c["score"], 0);
        let (status, model) = admin.get("/api/v1/scoring-model").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(model["max_points"], 100);
        let (status, body) = admin
            .request(reqwest::Method::PUT, "/api/v1/scoring-model")
            .json(&json!({"rules": [{"key": "retail", "label": "零售", "weight": 2000, "condition": {"kind": "field_in", "field": "industry", "values": ["零售"]}}]}))
            .send()
            .await
            .map(|r| r.status())
            .map(|s| (s, ()))
            .unwrap();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body:?}");
        let new_model = json!({
            "rules": [
                {"key": "retail", "label": "零售", "weight": 60, "condition": {"kind": "field_in", "field": "industry", "values": ["零售"]}},
                {"key": "mid", "label": "中型", "weight": 40, "condition": {"kind": "field_in", "field": "size_tier", "values": ["medium"]}}
            ],
            "grades": {"a": 90, "b": 70, "c": 50}
        });
        let res = admin
            .request(reqwest::Method::PUT, "/api/v1/scoring-model")
            .json(&new_model)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let saved: Value = res.json().await.unwrap();
        assert_eq!(saved["max_points"], 100);
        app.run_jobs().await;
        let (_, after) = admin.get(&format!("/api/v1/customers/{}", id(&c))).await;
        assert_eq!(after["score"], 100, "{after}");
        assert_eq!(after["grade"], "A");
        let (_, view) = admin
            .get(&format!("/api/v1/customers/{}/overview", id(&c)))
            .await;
        assert_eq!(view["score_explanation"]["rules"][0]["key"], "retail");
        assert_eq!(view["score_explanation"]["rules"][0]["points"], 60);
        // Reps read the model but do not edit it.
        let (rep1, ..) = team(&app).await;
        let (status, _) = rep1.get("/api/v1/scoring-model").await;
        assert_eq!(status, StatusCode::OK);
        let res = rep1
            .request(reqwest::Method::PUT, "/api/v1/scoring-model")
            .json(&new_model)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        app.stop().await;
    }
}

#[tokio::test]
async fn planned_work_is_marked_done_by_its_owner_once() {
    for app in TestApp::all().await {
        let (rep1, rep2, mgr, _) = team(&app).await;
        let (_, c) = rep1
            .post("/api/v1/customers", json!({"name": "完成任务测试有限公司"}))
            .await;
        let (_, task) = rep1
            .post(
                "/api/v1/activities",
                json!({"kind": "visit", "subject": "计划拜访", "customer_id": id(&c), "planned_for": closer_store::now().to_rfc3339()}),
            )
            .await;
        assert!(task["occurred_at"].is_null());
        let path = format!("/api/v1/activities/{}/done", id(&task));
        for other in [&rep2, &mgr] {
            let (status, _) = other.post(&path, json!({})).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        let (status, body) = rep1
            .post(&path, json!({"occurred_at": (closer_store::now() + chrono::Duration::days(1)).to_rfc3339()}))
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "occurred_at");
        let (status, done) = rep1.post(&path, json!({"outcome": "客户同意试用"})).await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert!(done["occurred_at"].is_string());
        assert!(done["body"].as_str().unwrap().contains("客户同意试用"));
        let (status, body) = rep1.post(&path, json!({})).await;
        problem(status, &body, StatusCode::CONFLICT, "activity_done");
        // Done work is a follow-up of the customer, and leaves "today".
        let (_, after) = rep1.get(&format!("/api/v1/customers/{}", id(&c))).await;
        assert_eq!(after["last_activity_at"], done["occurred_at"]);
        let (_, today) = rep1.get("/api/v1/activities/today").await;
        assert_eq!(today["items"], json!([]));
        app.stop().await;
    }
}

#[tokio::test]
async fn the_customer_pool_is_off_until_switched_on_then_recycles_and_claims() {
    for app in TestApp::all().await {
        let (rep1, rep2, _, _) = team(&app).await;
        let admin = app.admin_a().await;
        let (_, quiet) = rep1
            .post(
                "/api/v1/customers",
                json!({"name": "沉默客户有限公司", "phone": "13700001111"}),
            )
            .await;
        let (status, contact) = rep1
            .post(
                "/api/v1/contacts",
                json!({"customer_id": quiet["id"], "name": "沈默", "phone": "13911112222", "email": "shen@quiet.cn"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{contact}");
        let (_, busy) = rep1
            .post("/api/v1/customers", json!({"name": "活跃客户有限公司"}))
            .await;
        let created: chrono::DateTime<chrono::Utc> =
            quiet["created_at"].as_str().unwrap().parse().unwrap();
        // Off by default: nothing is recycled, nothing can be released.
        let (status, body) = rep1
            .post(
                &format!("/api/v1/customers/{}/release", id(&quiet)),
                json!({"reason": "x"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "customer_pool_off");
        let recycle = |days: i64| {
            closer_server::platform::jobs::run_scheduled(
                &app.state,
                "customer-recycling",
                created + chrono::Duration::days(days),
            )
        };
        assert_eq!(
            recycle(365).await.unwrap().unwrap(),
            json!({"returned": 0, "warned": 0})
        );

        // Bad settings, then on with 10 days.
        let put = |body: Value| {
            admin
                .request(reqwest::Method::PUT, "/api/v1/settings/customer-pool")
                .json(&body)
                .send()
        };
        let res = put(json!({"enabled": true, "recycle_days": 0}))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = put(json!({"enabled": true, "recycle_dayz": 10}))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = put(json!({"enabled": true, "recycle_days": 10, "warn_days": 2, "max_protect_days": 60, "cooldown_days": 5}))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let res = rep1
            .request(reqwest::Method::PUT, "/api/v1/settings/customer-pool")
            .json(&json!({"enabled": false}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let (_, quiet_now) = rep1.get(&format!("/api/v1/customers/{}", id(&quiet))).await;
        assert!(quiet_now["protected_until"].is_string(), "{quiet_now}");

        // A visit on day 5 protects the busy one; on day 9 the quiet one's owner is warned.
        let (status, _) = rep1
            .post("/api/v1/activities", json!({"kind": "visit", "subject": "拜访", "customer_id": id(&busy), "occurred_at": (created + chrono::Duration::days(5)).to_rfc3339()}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let out = recycle(9).await.unwrap().unwrap();
        assert_eq!(out, json!({"returned": 0, "warned": 1}));
        app.run_jobs().await;
        let (_, inbox) = rep1.get("/api/v1/notifications").await;
        assert!(
            inbox.to_string().contains("customer_recycling_soon"),
            "{inbox}"
        );
        let out = recycle(11).await.unwrap().unwrap();
        assert_eq!(out["returned"], 1);
        // Back in the pool: no one's, its page readable by whoever may browse the pool —
        // its last owner, another rep, the administrator — its contact details masked;
        // another tenant still finds nothing.
        let page = format!("/api/v1/customers/{}", id(&quiet));
        for who in [&rep1, &rep2, &admin] {
            let (status, pooled) = who.get(&page).await;
            assert_eq!(status, StatusCode::OK, "back in the pool: {pooled}");
            assert_eq!(pooled["id"], quiet["id"]);
            assert_eq!(pooled["owner_id"], Value::Null, "{pooled}");
            assert_eq!(pooled["phone"], "137****1111", "{pooled}");
            assert!(!pooled.to_string().contains("13700001111"), "{pooled}");
        }
        // Its 360 page too (where the search box leads), the contacts masked as well.
        let overview = format!("{page}/overview");
        for who in [&rep2, &admin] {
            let (status, o) = who.get(&overview).await;
            assert_eq!(status, StatusCode::OK, "{o}");
            assert_eq!(o["customer"]["phone"], "137****1111", "{o}");
            assert_eq!(o["contacts"][0]["name"], "沈默", "{o}");
            assert_eq!(o["contacts"][0]["phone"], "139****2222", "{o}");
            assert!(!o.to_string().contains("13911112222"), "{o}");
            assert!(!o.to_string().contains("shen@quiet.cn"), "{o}");
        }
        // Its contacts went with it: no longer its last owner's to read or change, found by
        // name only and shown masked — the list, the contact, the search box.
        let contact_path = format!("/api/v1/contacts/{}", id(&contact));
        let (status, body) = rep1.get(&contact_path).await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        let (status, body) = rep1.patch(&contact_path, json!({"title": "x"})).await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        let (_, theirs) = admin
            .get(&format!("/api/v1/contacts?customer_id={}", id(&quiet)))
            .await;
        assert_eq!(theirs["items"][0]["phone"], "139****2222", "{theirs}");
        let (_, by_phone) = admin.get("/api/v1/search?q=13911112222").await;
        assert_eq!(by_phone["items"], json!([]), "{by_phone}");
        let name: String = "沈默".bytes().map(|b| format!("%{b:02X}")).collect();
        let (_, by_name) = admin.get(&format!("/api/v1/search?q={name}")).await;
        assert!(by_name.to_string().contains("139****2222"), "{by_name}");
        assert!(!by_name.to_string().contains("13911112222"), "{by_name}");
        let (status, body) = app.admin_b().await.get(&overview).await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        let (status, body) = app.admin_b().await.get(&page).await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        // Still no one's to change until claimed.
        let (status, body) = rep1.patch(&page, json!({"city": "杭州"})).await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        let (_, history) = admin
            .get(&format!("/api/v1/customers/{}/history", id(&quiet)))
            .await;
        assert!(history.to_string().contains("逾期未跟进"), "{history}");

        // The pool shows it masked; its last owner waits; another rep claims it.
        let (_, pool) = rep2.get("/api/v1/customer-pool").await;
        assert_eq!(pool["items"][0]["id"], quiet["id"]);
        assert_eq!(pool["items"][0]["phone"], "137****1111");
        // As in its history, whoever reads it.
        let (_, history) = admin
            .get(&format!("/api/v1/customers/{}/history", id(&quiet)))
            .await;
        assert!(!history.to_string().contains("13700001111"), "{history}");
        let path = format!("/api/v1/customers/{}/claim", id(&quiet));
        let (status, body) = rep1.post(&path, json!({})).await;
        problem(status, &body, StatusCode::CONFLICT, "claim_cooldown");
        let (status, mine) = rep2.post(&path, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{mine}");
        assert_eq!(mine["owner_id"], rep2.user_id().as_str());
        assert_eq!(mine["phone"], "+8613700001111");
        let (_, o) = rep2.get(&overview).await;
        assert!(
            o.to_string().contains("13911112222"),
            "claimed, its contacts show: {o}"
        );
        // The contacts are the claimer's now.
        let (status, c) = rep2.get(&contact_path).await;
        assert_eq!(status, StatusCode::OK, "{c}");
        assert_eq!(c["owner_id"], rep2.user_id().as_str());
        assert_eq!(c["phone"], "+8613911112222");
        let (status, body) = admin.post(&path, json!({})).await;
        problem(status, &body, StatusCode::CONFLICT, "customer_held");
        // Claimed, it is rep2's again: its page shows the number to its owner and is gone
        // from the other rep's view.
        let (status, held) = rep2.get(&page).await;
        assert_eq!(status, StatusCode::OK, "{held}");
        assert_eq!(held["phone"], "+8613700001111");
        let (status, body) = rep1.get(&page).await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        app.state
            .store
            .tenant(app.a.tenant.tenant_id)
            .update_customer(
                app.a.admin.id,
                uuid::Uuid::parse_str(&id(&quiet)).unwrap(),
                None,
                |c| c.assigned_at = Some(closer_store::now() - chrono::Duration::hours(1)),
            )
            .await
            .unwrap();
        let (status, body) = rep1.post(&path, json!({})).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "held outside the rep's view: {body}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn deactivating_a_rep_can_hand_their_customers_over() {
    for app in TestApp::all().await {
        let (rep1, rep2, _, _) = team(&app).await;
        let admin = app.admin_a().await;
        for i in 0..2 {
            rep1.post(
                "/api/v1/customers",
                json!({"name": format!("离职交接客户{i}有限公司")}),
            )
            .await;
        }
        let path = format!("/api/v1/users/{}/deactivate", rep1.user_id());
        let (status, body) = admin
            .post(&path, json!({"transfer_customers_to": rep1.user_id()}))
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "transfer_customers_to");
        let (status, user) = admin
            .post(&path, json!({"transfer_customers_to": rep2.user_id()}))
            .await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert_eq!(user["active"], false);
        let (_, theirs) = rep2.get("/api/v1/customers?count=true").await;
        assert_eq!(theirs["count"], 2);
        // Without a body it simply deactivates, as before.
        let (status, _) = admin
            .post(
                &format!("/api/v1/users/{}/deactivate", rep2.user_id()),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        app.stop().await;
    }
}
