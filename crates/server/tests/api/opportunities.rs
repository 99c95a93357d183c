//! Opportunities: the sales process with its checklists, stage moves with their history, the
//! forecast within scope, learned win rates.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

fn stage_id(process: &Value, key: &str) -> String {
    process["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .map(id)
        .unwrap()
}

async fn put(c: &Client, path: &str, body: Value) -> (StatusCode, Value) {
    Client::send(c.request(Method::PUT, path).json(&body)).await
}

/// The default process with a required task on its first stage.
fn process_with_checklist() -> Value {
    json!({
        "name": "标准销售流程",
        "stages": [
            {"key": "initial_contact", "name": "初步接洽", "win_rate": "10", "tasks": [
                {"key": "budget", "label": "确认预算", "required": true},
                {"key": "intro_deck", "label": "发介绍资料"}
            ]},
            {"key": "needs_confirmed", "name": "需求确认", "name_en": "Needs confirmed", "win_rate": "30"},
            {"key": "quotation", "name": "报价", "win_rate": "60"},
            {"key": "contract_drafting", "name": "拟定合同", "win_rate": "80"},
            {"key": "won", "name": "赢单", "win_rate": "100", "is_won": true},
            {"key": "lost", "name": "输单", "win_rate": "0", "is_lost": true}
        ]
    })
}

async fn deal(c: &Client, customer: &str, name: &str, amount: &str, close: &str) -> Value {
    let (status, o) = c
        .post(
            "/api/v1/opportunities",
            json!({"customer_id": customer, "name": name, "amount": {"amount": amount, "currency": "CNY"}, "expected_close_date": close}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    o
}

#[tokio::test]
async fn stage_moves_follow_the_checklist_and_are_recorded() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let process = &processes["items"][0];
        let path = format!("/api/v1/sales-processes/{}", id(process));
        // Bad edits: a rate over 100 %, no won stage.
        let mut bad = process_with_checklist();
        bad["stages"][1]["win_rate"] = json!("130");
        bad["stages"][4]["is_won"] = json!(false);
        let (status, body) = put(&admin, &path, bad).await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let fields = body["errors"].to_string();
        assert!(fields.contains("stages[1].win_rate"), "{body}");
        assert!(fields.contains("won_stage"), "{body}");
        let (status, process) = put(&admin, &path, process_with_checklist()).await;
        assert_eq!(status, StatusCode::OK, "{process}");
        assert_eq!(process["stages"][0]["tasks"][0]["required"], true);

        let (_, c) = admin
            .post("/api/v1/customers", json!({"name": "商机测试有限公司"}))
            .await;
        let o = deal(&admin, &id(&c), "MES 项目", "100000.00", "2030-03-31").await;
        let opp = format!("/api/v1/opportunities/{}", id(&o));
        let next = stage_id(&process, "needs_confirmed");
        let (status, body) = admin
            .post(&format!("{opp}/stage"), json!({"stage_id": next}))
            .await;
        let body = problem(status, &body, StatusCode::CONFLICT, "required_tasks_open");
        assert_eq!(body["errors"][0]["field"], "tasks.budget");
        let (status, body) = admin
            .post(
                &format!("{opp}/tasks"),
                json!({"task_key": "nope", "done": true}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, checked) = admin
            .post(
                &format!("{opp}/tasks"),
                json!({"task_key": "budget", "done": true}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{checked}");
        assert_eq!(checked["done_tasks"], json!(["budget"]));
        // A stale version is refused; the current one moves.
        let stale = admin
            .request(Method::POST, &format!("{opp}/stage"))
            .header("if-match", format!("\"{}\"", o["version"]))
            .json(&json!({"stage_id": next}))
            .send()
            .await
            .unwrap();
        assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
        let moved = admin
            .request(Method::POST, &format!("{opp}/stage"))
            .header("if-match", format!("\"{}\"", checked["version"]))
            .json(&json!({"stage_id": next}))
            .send()
            .await
            .unwrap();
        assert_eq!(moved.status(), StatusCode::OK);
        let moved: Value = moved.json().await.unwrap();
        assert_eq!(moved["stage"]["key"], "needs_confirmed");
        assert_eq!(moved["done_tasks"], json!([]));
        // Lost needs a reason.
        let lost = stage_id(&process, "lost");
        let (status, body) = admin
            .post(&format!("{opp}/stage"), json!({"stage_id": lost}))
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "loss_reason");
        let (status, history) = admin.get(&format!("{opp}/stage-history")).await;
        assert_eq!(status, StatusCode::OK);
        let items = history["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{history}");
        assert!(items[0]["from_stage_id"].is_null());
        assert_eq!(items[1]["to_stage_id"], next.as_str());
        assert_eq!(history["time_in_stages"].as_array().unwrap().len(), 2);
        // The change log names the stage in the reader's language.
        let stage = process["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "needs_confirmed")
            .unwrap();
        let stage_label = |history: &Value| {
            history["items"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|e| e["changes"].as_array().unwrap())
                .find(|c| c["field"] == "stage_id" && c["new"] == next.as_str())
                .map(|c| (c["new_label"].clone(), c["new_resource"].clone()))
                .unwrap_or_else(|| panic!("a stage change in {history}"))
        };
        let (_, log) = admin.get(&format!("{opp}/history")).await;
        assert_eq!(
            stage_label(&log),
            (stage["name_en"].clone(), json!("stages"))
        );
        admin
            .patch("/api/v1/me", json!({"language": "zh-CN"}))
            .await;
        let (_, log) = admin.get(&format!("{opp}/history")).await;
        assert_eq!(stage_label(&log).0, stage["name"]);
        assert_ne!(stage["name"], stage["name_en"]);
        admin
            .patch("/api/v1/me", json!({"language": "en-US"}))
            .await;

        // Edits: a negative amount is refused; a past close date warns.
        let (status, body) = admin
            .patch(
                &opp,
                json!({"amount": {"amount": "-1.00", "currency": "CNY"}}),
            )
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "amount.amount");
        let (status, edited) = admin
            .patch(&opp, json!({"expected_close_date": "2020-01-31"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!(edited["warnings"], json!(["expected_close_date_past"]));
        let (_, history) = admin.get(&format!("{opp}/stage-history")).await;
        assert_eq!(
            history["items"].as_array().unwrap().len(),
            3,
            "the date change is logged"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_forecast_rounds_per_stage_within_scope_and_drills_through() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let rep = app.role_a("sales_rep").await;
        let (_, east) = admin
            .post("/api/v1/departments", json!({"name": "East"}))
            .await;
        admin
            .post("/api/v1/users", json!({"email": "r1@alpha.example.com", "name": "R1", "password": crate::helpers::PASSWORD, "role_id": rep, "department_id": id(&east)}))
            .await;
        let r1 = app
            .sign_in("alpha", "r1@alpha.example.com", crate::helpers::PASSWORD)
            .await;
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let process = processes["items"][0].clone();
        let (_, c) = r1
            .post("/api/v1/customers", json!({"name": "预测客户有限公司"}))
            .await;
        let (_, ca) = admin
            .post("/api/v1/customers", json!({"name": "管理员客户有限公司"}))
            .await;
        // 0.05 × 10 % = 0.005 → 0.01 per stage (rounded once, half up).
        deal(&r1, &id(&c), "小单一", "0.05", "2030-02-10").await;
        deal(&r1, &id(&c), "小单二", "0.05", "2030-02-20").await;
        let q = deal(&r1, &id(&c), "报价单", "1000.00", "2030-05-01").await;
        r1.post(
            &format!("/api/v1/opportunities/{}/stage", id(&q)),
            json!({"stage_id": stage_id(&process, "quotation")}),
        )
        .await;
        deal(&admin, &id(&ca), "管理员的单", "500.00", "2030-02-01").await;

        let (status, f) = admin.get("/api/v1/forecast").await;
        assert_eq!(status, StatusCode::OK, "{f}");
        let stages = f["stages"].as_array().unwrap();
        assert_eq!(stages.len(), 4, "open stages only, zeros included: {f}");
        assert_eq!(stages[0]["stage"]["key"], "initial_contact");
        assert_eq!(stages[0]["count"], 3);
        assert_eq!(stages[0]["amount"]["amount"], "500.10");
        assert_eq!(stages[0]["expected_amount"]["amount"], "50.01");
        assert_eq!(stages[1]["count"], 0);
        assert_eq!(stages[2]["expected_amount"]["amount"], "600.00");
        assert_eq!(f["expected_amount"]["amount"], "650.01");
        assert_eq!(f["amount"]["amount"], "1500.10");

        // A period, a department, an owner, the caller's scope.
        let (_, feb) = admin.get("/api/v1/forecast?period=2030-02").await;
        assert_eq!(feb["count"], 3);
        let (_, q1) = admin.get("/api/v1/forecast?period=2030-Q1").await;
        assert_eq!(q1["count"], 3);
        let (_, dept) = admin
            .get(&format!("/api/v1/forecast?department_id={}", id(&east)))
            .await;
        assert_eq!(dept["count"], 3, "{dept}");
        let (_, mine) = r1.get("/api/v1/forecast").await;
        assert_eq!(mine["count"], 3, "a rep forecasts their own deals");
        let (_, by_owner) = admin
            .get(&format!("/api/v1/forecast?owner_id={}", admin.user_id()))
            .await;
        assert_eq!(by_owner["amount"]["amount"], "500.00");
        let (status, body) = admin.get("/api/v1/forecast?period=2030-13").await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "period");

        // Each figure drills through to its opportunities.
        let (_, drill) = admin
            .get(&format!(
                "/api/v1/opportunities?stage_id={}&period=2030-02",
                stage_id(&process, "initial_contact")
            ))
            .await;
        assert_eq!(drill["items"].as_array().unwrap().len(), 3, "{drill}");

        // A rep's open deals, as the forecast counts them, and their closed ones.
        let (_, r1_deals) = admin
            .get(&format!("/api/v1/opportunities?owner_id={}", r1.user_id()))
            .await;
        let lost = r1_deals["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "小单二")
            .unwrap();
        let (status, body) = r1
            .post(
                &format!("/api/v1/opportunities/{}/stage", id(lost)),
                json!({"stage_id": stage_id(&process, "lost"), "loss_reason": "预算取消"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let names = |list: &Value| {
            let mut n: Vec<String> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["name"].as_str().unwrap().to_owned())
                .collect();
            n.sort();
            n
        };
        let (_, open) = admin
            .get(&format!(
                "/api/v1/opportunities?owner_id={}&open=true",
                r1.user_id()
            ))
            .await;
        assert_eq!(names(&open), ["小单一", "报价单"], "{open}");
        let (_, closed) = admin
            .get(&format!(
                "/api/v1/opportunities?owner_id={}&open=false",
                r1.user_id()
            ))
            .await;
        assert_eq!(names(&closed), ["小单二"], "{closed}");
        let (_, mine) = r1.get("/api/v1/opportunities?open=true").await;
        assert_eq!(names(&mine), ["小单一", "报价单"], "{mine}");
        // A part of the name, and how many match, within the caller's scope.
        let (status, found) = r1.get("/api/v1/opportunities?q=小单").await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(names(&found), ["小单一", "小单二"], "{found}");
        let (status, counted) = r1.get("/api/v1/opportunities?q=小单&count=true").await;
        assert_eq!(status, StatusCode::OK, "{counted}");
        assert_eq!(counted, json!({"count": 2}));
        let (_, counted) = r1.get("/api/v1/opportunities?open=true&count=true").await;
        assert_eq!(counted, json!({"count": 2}));
        app.stop().await;
    }
}

/// The learned rates answer the forecast's question: a period of expected close dates, a
/// department, an owner — and never more than the caller's data scope.
#[tokio::test]
async fn learned_win_rates_honour_filters_and_the_callers_scope() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let rep = app.role_a("sales_rep").await;
        let (_, east) = admin
            .post("/api/v1/departments", json!({"name": "East"}))
            .await;
        let (_, r1_user) = admin
            .post("/api/v1/users", json!({"email": "lr1@alpha.example.com", "name": "LR1", "password": crate::helpers::PASSWORD, "role_id": rep, "department_id": id(&east)}))
            .await;
        let r1 = app
            .sign_in("alpha", "lr1@alpha.example.com", crate::helpers::PASSWORD)
            .await;
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let process = processes["items"][0].clone();
        let (_, mine) = r1
            .post(
                "/api/v1/customers",
                json!({"name": "代表自己的客户有限公司"}),
            )
            .await;
        let (_, theirs) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "管理员的学习客户有限公司"}),
            )
            .await;
        let won = deal(&admin, &id(&theirs), "一月赢单", "100.00", "2030-01-10").await;
        let lost = deal(&admin, &id(&theirs), "一月输单", "100.00", "2030-01-20").await;
        let rep_lost = deal(&r1, &id(&mine), "六月输单", "100.00", "2030-06-01").await;
        for (who, o, key) in [
            (&admin, &won, "won"),
            (&admin, &lost, "lost"),
            (&r1, &rep_lost, "lost"),
        ] {
            let (status, body) = who
                .post(
                    &format!("/api/v1/opportunities/{}/stage", id(o)),
                    json!({"stage_id": stage_id(&process, key), "loss_reason": "价格太高"}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let first = |learned: &Value| {
            let item = &learned["items"][0];
            assert_eq!(item["stage"]["key"], "initial_contact", "{learned}");
            (
                item["won"].as_u64().unwrap(),
                item["lost"].as_u64().unwrap(),
            )
        };
        let (status, all) = admin.get("/api/v1/forecast/learned-win-rates").await;
        assert_eq!(status, StatusCode::OK, "{all}");
        assert_eq!(first(&all), (1, 2), "the whole company for the admin");
        let (_, own) = r1.get("/api/v1/forecast/learned-win-rates").await;
        assert_eq!(
            first(&own),
            (0, 1),
            "a rep learns from their own deals only: {own}"
        );
        assert!(own["items"][0]["learned_win_rate"] == "0", "{own}");
        let (_, by_dept) = admin
            .get(&format!(
                "/api/v1/forecast/learned-win-rates?department_id={}",
                id(&east)
            ))
            .await;
        assert_eq!(first(&by_dept), (0, 1));
        let (_, by_owner) = admin
            .get(&format!(
                "/api/v1/forecast/learned-win-rates?owner_id={}",
                admin.user_id()
            ))
            .await;
        assert_eq!(first(&by_owner), (1, 1));
        let (_, by_rep) = admin
            .get(&format!(
                "/api/v1/forecast/learned-win-rates?owner_id={}",
                id(&r1_user)
            ))
            .await;
        assert_eq!(first(&by_rep), (0, 1));
        let (_, january) = admin
            .get("/api/v1/forecast/learned-win-rates?period=2030-01")
            .await;
        assert_eq!(first(&january), (1, 1));
        let (_, q2) = admin
            .get("/api/v1/forecast/learned-win-rates?period=2030-Q2")
            .await;
        assert_eq!(first(&q2), (0, 1));
        let (_, empty) = admin
            .get("/api/v1/forecast/learned-win-rates?period=2031")
            .await;
        assert_eq!(first(&empty), (0, 0));
        assert!(empty["items"][0]["learned_win_rate"].is_null());
        // A rep asking for someone else's deals gets nothing beyond their scope.
        let (_, other) = r1
            .get(&format!(
                "/api/v1/forecast/learned-win-rates?owner_id={}",
                admin.user_id()
            ))
            .await;
        assert_eq!(first(&other), (0, 0), "{other}");
        // A closed deal handed to another owner counts for the new owner.
        let (status, body) = admin
            .patch(
                &format!("/api/v1/opportunities/{}", id(&won)),
                json!({"owner_id": id(&r1_user)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, own) = r1.get("/api/v1/forecast/learned-win-rates").await;
        assert_eq!(first(&own), (1, 1), "{own}");
        app.stop().await;
    }
}

#[tokio::test]
async fn learned_win_rates_count_closed_deals_that_reached_each_stage() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let process = processes["items"][0].clone();
        let (_, c) = admin
            .post("/api/v1/customers", json!({"name": "学习胜率有限公司"}))
            .await;
        let won = deal(&admin, &id(&c), "赢", "100.00", "2030-01-01").await;
        let lost = deal(&admin, &id(&c), "输", "100.00", "2030-01-01").await;
        deal(&admin, &id(&c), "进行中", "100.00", "2030-01-01").await;
        for (o, path) in [(&won, vec!["quotation", "won"]), (&lost, vec!["lost"])] {
            for key in path {
                let (status, body) = admin
                    .post(
                        &format!("/api/v1/opportunities/{}/stage", id(o)),
                        json!({"stage_id": stage_id(&process, key), "loss_reason": "价格太高"}),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{body}");
            }
        }
        let (status, learned) = admin.get("/api/v1/forecast/learned-win-rates").await;
        assert_eq!(status, StatusCode::OK, "{learned}");
        let first = &learned["items"][0];
        assert_eq!(first["stage"]["key"], "initial_contact");
        assert_eq!(
            (first["won"].clone(), first["lost"].clone()),
            (json!(1), json!(1))
        );
        assert_eq!(first["learned_win_rate"], "50");
        assert_eq!(first["configured_win_rate"], "10");
        let quotation = &learned["items"][2];
        assert_eq!(quotation["learned_win_rate"], "100");
        assert!(
            learned["items"][1]["learned_win_rate"].is_null(),
            "nothing closed passed it"
        );
        let (status, accuracy) = admin.get("/api/v1/forecast/accuracy?months=3").await;
        assert_eq!(status, StatusCode::OK, "{accuracy}");
        assert_eq!(accuracy["items"].as_array().unwrap().len(), 3);
        let (status, _) = admin.get("/api/v1/forecast/accuracy?months=99").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        app.stop().await;
    }
}

#[tokio::test]
async fn quotes_price_lines_exactly_and_set_the_amount() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, body) = admin
            .post("/api/v1/products", json!({"name": "工业网关", "kind": "gadget", "list_price": {"amount": "-1.00", "currency": "CNY"}}))
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");
        // A price past what minor units can hold says how long it may be.
        let (status, body) = admin
            .post("/api/v1/products", json!({"name": "工业网关", "kind": "product", "list_price": {"amount": "99999999999999999999", "currency": "CNY"}}))
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "list_price.amount", "{body}");
        assert_eq!(body["errors"][0]["code"], "too_long", "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("18"),
            "{body}"
        );
        let (status, gateway) = admin
            .post("/api/v1/products", json!({"name": "工业网关 G200", "kind": "product", "product_line": "硬件", "list_price": {"amount": "1000.00", "currency": "CNY"}}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{gateway}");
        let (_, setup) = admin
            .post("/api/v1/products", json!({"name": "实施服务（人天）", "kind": "service", "list_price": {"amount": "333.33", "currency": "CNY"}}))
            .await;
        let (_, catalogue) = admin.get("/api/v1/products").await;
        assert_eq!(catalogue["items"].as_array().unwrap().len(), 2);

        let (_, c) = admin
            .post("/api/v1/customers", json!({"name": "报价客户有限公司"}))
            .await;
        let o = deal(&admin, &id(&c), "产线改造", "1.00", "2030-06-30").await;
        // Bad lines: every problem named by its line.
        let (status, body) = admin
            .post(
                "/api/v1/quotes",
                json!({"opportunity_id": id(&o), "lines": [
                    {"product_id": id(&gateway), "quantity": "-2"},
                    {"product_id": id(&setup), "quantity": "1", "discount": "120"}
                ]}),
            )
            .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let fields = body["errors"].to_string();
        assert!(
            fields.contains("lines[0].quantity") && fields.contains("lines[1].discount"),
            "{body}"
        );

        // 2 × 1000.00 − 10 % = 1800.00; 1.5 × 333.33 = 499.995 → 500.00 (once, half up).
        let (status, q) = admin
            .post(
                "/api/v1/quotes",
                json!({"opportunity_id": id(&o), "valid_until": "2030-01-31", "lines": [
                    {"product_id": id(&gateway), "quantity": "2", "discount": "10"},
                    {"product_id": id(&setup), "quantity": "1.5"}
                ]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{q}");
        assert_eq!(q["number"], 1);
        assert_eq!(q["lines"][0]["total"]["amount"], "1800.00");
        assert_eq!(q["lines"][1]["total"]["amount"], "500.00");
        assert_eq!(q["total"]["amount"], "2300.00");
        assert_eq!(q["list_amount"]["amount"], "2500.00");
        assert_eq!(q["discount_amount"]["amount"], "200.00");
        let (_, after) = admin
            .get(&format!("/api/v1/opportunities/{}", id(&o)))
            .await;
        assert_eq!(
            after["amount"]["amount"], "2300.00",
            "the quote sets the amount"
        );
        // A second version.
        let (_, q2) = admin
            .post(
                "/api/v1/quotes",
                json!({"opportunity_id": id(&o), "lines": [{"description": "定制开发", "quantity": "1", "unit_price": {"amount": "5000.00", "currency": "CNY"}}]}),
            )
            .await;
        assert_eq!(q2["number"], 2);
        let (_, versions) = admin
            .get(&format!("/api/v1/quotes?opportunity_id={}", id(&o)))
            .await;
        assert_eq!(versions["items"].as_array().unwrap().len(), 2);
        assert_eq!(versions["items"][0]["number"], 2);
        // The print page.
        let page = admin
            .request(Method::GET, &format!("/api/v1/quotes/{}/print", id(&q)))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let html = page.text().await.unwrap();
        // A document for the customer: numbered and dated, both parties, money as people
        // write it, no "-0.00" for a discount there is not.
        assert!(
            html.contains("¥2,300.00") && html.contains("工业网关 G200"),
            "{html}"
        );
        assert!(html.contains("报价单号 No. Q-") && html.contains("有效期至 Valid until"));
        assert!(
            html.contains("卖方 Seller") && html.contains("alpha Ltd"),
            "{html}"
        );
        assert!(html.contains("买方 Buyer") && html.contains("@page{size:A4"));
        assert!(
            !html.contains("-0.00") && !html.contains(">2300.00<"),
            "{html}"
        );
        // Reps read the catalogue but do not keep it; other tenants see nothing.
        let other = app.admin_b().await;
        let (status, _) = other.get(&format!("/api/v1/quotes/{}", id(&q))).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_team_member_reads_the_deal_and_competitors_are_kept_with_it() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let rep = app.role_a("sales_rep").await;
        for (email, name) in [
            ("t1@alpha.example.com", "T1"),
            ("t2@alpha.example.com", "T2"),
        ] {
            let (status, body) = admin
                .post("/api/v1/users", json!({"email": email, "name": name, "password": crate::helpers::PASSWORD, "role_id": rep}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let t1 = app
            .sign_in("alpha", "t1@alpha.example.com", crate::helpers::PASSWORD)
            .await;
        let t2 = app
            .sign_in("alpha", "t2@alpha.example.com", crate::helpers::PASSWORD)
            .await;
        let (_, c) = admin
            .post("/api/v1/customers", json!({"name": "团队客户有限公司"}))
            .await;
        let o = deal(&admin, &id(&c), "团队商机", "300000.00", "2030-03-01").await;
        let path = format!("/api/v1/opportunities/{}", id(&o));
        let team = format!("{path}/team");

        // A rep owning none of it sees nothing of it.
        let (status, _) = t1.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Bad teams are refused whole, each member named by its place.
        let (status, body) = put(
            &admin,
            &team,
            json!({"members": [
                {"user_id": t1.user_id(), "role": "presales"},
                {"user_id": t1.user_id(), "role": "technical"},
                {"user_id": admin.user_id(), "role": "sales"},
                {"user_id": "00000000-0000-0000-0000-000000000000", "role": "boss"}
            ]}),
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
            "members[1].user_id",
            "members[2].user_id",
            "members[3].user_id",
            "members[3].role",
        ] {
            assert!(fields.contains(&f), "{f} in {body}");
        }
        let (_, unchanged) = admin.get(&team).await;
        assert_eq!(unchanged["items"].as_array().unwrap().len(), 0);

        let (status, body) = put(
            &admin,
            &team,
            json!({"members": [{"user_id": t1.user_id(), "role": "presales"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["items"][0]["name"], "T1");
        assert_eq!(body["items"][0]["role"], "presales");

        // The member reads the deal, its stage history and team — but may not change it;
        // another rep still sees nothing.
        let (status, read) = t1.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{read}");
        assert_eq!(read["can_change"], false, "a member reads only: {read}");
        assert_eq!(admin.get(&path).await.1["can_change"], true);
        assert_eq!(
            t1.get(&format!("{path}/stage-history")).await.0,
            StatusCode::OK
        );
        assert_eq!(t1.get(&team).await.0, StatusCode::OK);
        assert_eq!(t1.get(&format!("{path}/history")).await.0, StatusCode::OK);
        assert_eq!(
            t2.get(&format!("{path}/history")).await.0,
            StatusCode::NOT_FOUND
        );
        // A member logs their own work on the deal and reads its activities; others may not.
        let visit = json!({"kind": "visit", "subject": "方案演示", "opportunity_id": id(&o)});
        let (status, body) = t1.post("/api/v1/activities", visit.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, listed) = t1
            .get(&format!("/api/v1/activities?opportunity_id={}", id(&o)))
            .await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");
        let (status, body) = t2.post("/api/v1/activities", visit).await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "opportunity_id");
        let quotes = format!("/api/v1/quotes?opportunity_id={}", id(&o));
        assert_eq!(t1.get(&quotes).await.0, StatusCode::OK);
        assert_eq!(t2.get(&quotes).await.0, StatusCode::NOT_FOUND);
        let (status, _) = t1.patch(&path, json!({"name": "改名"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = put(&t1, &team, json!({"members": []})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(t2.get(&path).await.0, StatusCode::NOT_FOUND);
        assert_eq!(t2.get(&team).await.0, StatusCode::NOT_FOUND);
        // The member finds it in the list of deals they are on; their own list stays theirs.
        let (_, on_team) = t1.get("/api/v1/opportunities?on_my_team=true").await;
        let names: Vec<_> = on_team["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].clone())
            .collect();
        assert_eq!(names, [json!("团队商机")], "{on_team}");
        let (_, own) = t1.get("/api/v1/opportunities").await;
        assert_eq!(own["items"].as_array().unwrap().len(), 0, "{own}");
        let (_, none) = t2.get("/api/v1/opportunities?on_my_team=true").await;
        assert_eq!(none["items"].as_array().unwrap().len(), 0, "{none}");

        // The change is in the deal's history.
        let (_, history) = admin
            .get(&format!("/api/v1/opportunities/{}/history", id(&o)))
            .await;
        assert!(
            history["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["action"] == "team_changed"),
            "{history}"
        );

        // Competitors: set with the deal's version, refused per entry.
        let version = read["version"].as_i64().unwrap();
        let (status, body) = Client::send(
            admin
                .request(Method::PATCH, &path)
                .header("if-match", format!("\"{version}\""))
                .json(&json!({"competitors": [
                    {"name": "Salesforce", "strengths": "品牌", "weaknesses": "价格高"},
                    {"name": "salesforce"},
                    {"name": " "}
                ]})),
        )
        .await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "competitors[1].name");
        assert_eq!(body["errors"][1]["field"], "competitors[2].name");
        let (status, saved) = Client::send(
            admin
                .request(Method::PATCH, &path)
                .header("if-match", format!("\"{version}\""))
                .json(&json!({"competitors": [
                    {"name": " Salesforce ", "strengths": "品牌", "weaknesses": "价格高"},
                    {"name": "销售易"}
                ]})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["competitors"][0]["name"], "Salesforce");
        assert_eq!(saved["competitors"][0]["weaknesses"], "价格高");
        assert_eq!(saved["competitors"][1]["name"], "销售易");
        let (_, again) = t1.get(&path).await;
        assert_eq!(again["competitors"].as_array().unwrap().len(), 2);
        app.stop().await;
    }
}

/// A stale version is refused with 412 before anything else is judged — even a move to the
/// stage the deal is already in, or a checklist tick (issue 11).
#[tokio::test]
async fn a_stale_version_is_412_on_every_state_change() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let process = processes["items"][0].clone();
        let (_, c) = admin
            .post("/api/v1/customers", json!({"name": "版本检查有限公司"}))
            .await;
        let o = deal(&admin, &id(&c), "版本检查", "100.00", "2030-01-01").await;
        let path = format!("/api/v1/opportunities/{}/stage", id(&o));
        let same = json!({"stage_id": o["stage"]["id"]});
        for stale in ["\"999\"", "not-a-version"] {
            let (status, body) = Client::send(
                admin
                    .request(Method::POST, &path)
                    .header("If-Match", stale)
                    .json(&same),
            )
            .await;
            assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{stale}: {body}");
            let (status, body) = Client::send(
                admin
                    .request(Method::POST, &path)
                    .header("If-Match", stale)
                    .json(&json!({"stage_id": stage_id(&process, "quotation")})),
            )
            .await;
            assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{stale}: {body}");
            // Ticking a task (even one the stage does not have) checks the version first.
            let (status, body) = Client::send(
                admin
                    .request(
                        Method::POST,
                        &format!("/api/v1/opportunities/{}/tasks", id(&o)),
                    )
                    .header("If-Match", stale)
                    .json(&json!({"task_key": "no_such_task", "done": true})),
            )
            .await;
            assert_eq!(
                status,
                StatusCode::PRECONDITION_FAILED,
                "tasks {stale}: {body}"
            );
        }
        // The current version still moves it.
        let (status, body) = Client::send(
            admin
                .request(Method::POST, &path)
                .header("If-Match", format!("\"{}\"", o["version"]))
                .json(&json!({"stage_id": stage_id(&process, "quotation")})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app.stop().await;
    }
}

/// A won or lost deal is reopened (or a win turned into a loss) only with a reason and the
/// permission to do it, and the reason stays in its history (issue 11).
#[tokio::test]
async fn reopening_a_closed_deal_takes_a_reason_and_the_permission() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let process = processes["items"][0].clone();
        let rep_role = app.role_a("sales_rep").await;
        let (_, rep) = admin
            .post("/api/v1/users", json!({"email": "reopen@alpha.example.com", "name": "Rep", "password": crate::helpers::PASSWORD, "role_id": rep_role}))
            .await;
        let rep_client = app
            .sign_in(
                "alpha",
                "reopen@alpha.example.com",
                crate::helpers::PASSWORD,
            )
            .await;
        let (_, c) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "重开商机有限公司", "owner_id": id(&rep)}),
            )
            .await;
        let o = deal(&rep_client, &id(&c), "重开", "100.00", "2030-01-01").await;
        let path = format!("/api/v1/opportunities/{}", id(&o));
        let stage = format!("{path}/stage");
        let (status, body) = rep_client
            .post(&stage, json!({"stage_id": stage_id(&process, "won")}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // The owner may change the deal but not reopen it.
        let (status, body) = rep_client
            .post(&stage, json!({"stage_id": stage_id(&process, "quotation"), "reopen_reason": "客户追加预算"}))
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");
        // A manager must say why: back to open, or from won to lost.
        for (to, extra) in [
            ("quotation", json!({})),
            ("lost", json!({"loss_reason": "预算取消"})),
        ] {
            let mut move_to = json!({"stage_id": stage_id(&process, to), "reopen_reason": "  "});
            move_to
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let (status, body) = admin.post(&stage, move_to).await;
            let body = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "reopen_reason", "{body}");
        }
        let (_, still) = admin.get(&path).await;
        assert_eq!(
            still["stage"]["id"],
            stage_id(&process, "won"),
            "nothing changed"
        );
        let (status, body) = admin
            .post(&stage, json!({"stage_id": stage_id(&process, "quotation"), "reopen_reason": " 客户追加预算 "}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, history) = admin.get(&format!("{path}/history")).await;
        let reopened = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "reopened")
            .unwrap_or_else(|| panic!("no reopened entry: {history}"));
        assert_eq!(reopened["changes"][0]["field"], "reopen_reason");
        assert_eq!(reopened["changes"][0]["new"], "客户追加预算");
        // Between open stages no reason is asked.
        let (status, body) = rep_client
            .post(
                &stage,
                json!({"stage_id": stage_id(&process, "initial_contact")}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app.stop().await;
    }
}

/// A deal is not created already won or lost: it gets there by a move (issue 11).
#[tokio::test]
async fn an_opportunity_is_not_created_closed() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let process = processes["items"][0].clone();
        let (_, c) = admin
            .post("/api/v1/customers", json!({"name": "直接赢单有限公司"}))
            .await;
        for key in ["won", "lost"] {
            let (status, body) = admin
                .post(
                    "/api/v1/opportunities",
                    json!({"customer_id": id(&c), "name": "直接关闭", "amount": {"amount": "10.00", "currency": "CNY"}, "stage_id": stage_id(&process, key)}),
                )
                .await;
            let body = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "stage_id", "{body}");
        }
        let (_, list) = admin.get("/api/v1/opportunities").await;
        assert_eq!(
            list["items"].as_array().unwrap().len(),
            0,
            "nothing written"
        );
        app.stop().await;
    }
}

/// Every page of `path` (which has no `cursor` yet), `limit` at a time, as `(id, field)`.
pub(crate) async fn all_pages(c: &Client, path: &str, field: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(k) => format!("{path}&cursor={k}"),
            None => path.to_owned(),
        };
        let (status, page) = c.get(&url).await;
        assert_eq!(status, StatusCode::OK, "{url}: {page}");
        for item in page["items"].as_array().unwrap() {
            out.push((id(item), item[field].clone()));
        }
        match page["next_cursor"].as_str() {
            Some(k) => cursor = Some(k.to_owned()),
            None => return out,
        }
    }
}

#[tokio::test]
async fn deal_and_contract_lists_sort_by_amount_name_and_time_page_by_page() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, customer) = admin
            .post("/api/v1/customers", json!({"name": "排序测试有限公司"}))
            .await;
        let amounts = [
            "300.00", "100.00", "200.00", "100.00", "300.00", "50.00", "100.00",
        ];
        let mut deals = Vec::new();
        let mut contracts = Vec::new();
        for (i, a) in amounts.iter().enumerate() {
            let money = json!({"amount": a, "currency": "CNY"});
            let (status, d) = admin
                .post("/api/v1/opportunities", json!({"customer_id": id(&customer), "name": format!("商机{}", 7 - i), "amount": money}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{d}");
            deals.push((id(&d), (*a).to_owned()));
            let (status, k) = admin
                .post("/api/v1/contracts", json!({"customer_id": id(&customer), "name": format!("合同{}", 7 - i), "amount": money}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{k}");
            contracts.push((id(&k), (*a).to_owned()));
        }
        let cents = |a: &str| -> i64 { a.replace('.', "").parse().unwrap() };
        for (list, made) in [("opportunities", &deals), ("contracts", &contracts)] {
            // By amount, ties by creation, two at a time: the same order as sorting here.
            let mut up = made.clone();
            up.sort_by_key(|(_, a)| cents(a));
            let mut down = made.clone();
            down.reverse();
            down.sort_by_key(|(_, a)| -cents(a));
            for (sort, expected) in [("amount", &up), ("-amount", &down)] {
                let got = all_pages(
                    &admin,
                    &format!("/api/v1/{list}?sort={sort}&limit=2"),
                    "amount",
                )
                .await;
                let got: Vec<(String, String)> = got
                    .into_iter()
                    .map(|(i, a)| (i, a["amount"].as_str().unwrap().to_owned()))
                    .collect();
                assert_eq!(&got, expected, "{list} {sort}");
            }
            // By name (商机1 … 商机7 were made last to first), and newest / oldest first.
            let names: Vec<String> =
                all_pages(&admin, &format!("/api/v1/{list}?sort=name&limit=3"), "name")
                    .await
                    .into_iter()
                    .map(|(_, n)| n.as_str().unwrap().to_owned())
                    .collect();
            let mut sorted = names.clone();
            sorted.sort();
            assert_eq!(names, sorted, "{list}");
            assert_eq!(names.len(), 7);
            let ids =
                |v: Vec<(String, Value)>| -> Vec<String> { v.into_iter().map(|x| x.0).collect() };
            let oldest = ids(all_pages(
                &admin,
                &format!("/api/v1/{list}?sort=created_at&limit=3"),
                "id",
            )
            .await);
            let made_ids: Vec<String> = made.iter().map(|m| m.0.clone()).collect();
            assert_eq!(oldest, made_ids, "{list}");
            let mut newest = ids(all_pages(
                &admin,
                &format!("/api/v1/{list}?sort=-created_at&limit=3"),
                "id",
            )
            .await);
            newest.reverse();
            assert_eq!(newest, made_ids, "{list}");
            let recent = ids(all_pages(
                &admin,
                &format!("/api/v1/{list}?sort=-updated_at&limit=4"),
                "id",
            )
            .await);
            assert_eq!(recent.len(), 7, "{list}");
            // A cursor the caller's list does not hold (here: no such record) has nothing
            // after it, whatever the order.
            let (status, none) = admin
                .get(&format!(
                    "/api/v1/{list}?sort=amount&cursor=01a00000-0000-7000-8000-000000000000"
                ))
                .await;
            assert_eq!(status, StatusCode::OK, "{none}");
            assert_eq!(none["items"], json!([]), "{list}");
            // The row a page ends on changes its amount while the user pages on: the next
            // page goes on from where the first ended, nothing skipped.
            let path = format!("/api/v1/{list}?sort=amount&limit=3");
            let (_, first) = admin.get(&path).await;
            let last = first["items"][2].clone();
            let next = first["next_cursor"].as_str().unwrap().to_owned();
            let (status, moved) = admin
                .patch(
                    &format!("/api/v1/{list}/{}", id(&last)),
                    json!({"amount": {"amount": "999.00", "currency": "CNY"}}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{moved}");
            let mut seen: Vec<String> = first["items"].as_array().unwrap().iter().map(id).collect();
            let mut cursor = Some(next);
            while let Some(k) = cursor {
                let (status, page) = admin.get(&format!("{path}&cursor={k}")).await;
                assert_eq!(status, StatusCode::OK, "{page}");
                seen.extend(page["items"].as_array().unwrap().iter().map(id));
                cursor = page["next_cursor"].as_str().map(str::to_owned);
            }
            for (made_id, _) in made.iter() {
                let times = seen.iter().filter(|s| *s == made_id).count();
                let expected = if *made_id == id(&last) { 2 } else { 1 };
                assert_eq!(times, expected, "{list}: {made_id} in {seen:?}");
            }
            let (_, _) = admin
                .patch(
                    &format!("/api/v1/{list}/{}", id(&last)),
                    json!({"amount": last["amount"]}),
                )
                .await;
            // A cursor whose value is not one of the sorted field's is refused by name.
            let (status, body) = admin
                .get(&format!("{path}&cursor={}.YWJj", id(&last)))
                .await;
            let (field, _) = crate::helpers::refused_field(status, &body);
            assert_eq!(field, "cursor", "{body}");
            // Anything else is refused, naming the field.
            let (status, body) = admin.get(&format!("/api/v1/{list}?sort=probability")).await;
            let body = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "sort");
        }
        // A deal imported with its true creation date sorts by that date, not by when it
        // was entered; the default order stays as entered, newest first.
        let file = "Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date\n\
                    旧商机,排序测试有限公司,10,Closed Won,2024-03-10,2024-02-01\n";
        let result = crate::helpers::import_deals(&app, &admin, file, json!({})).await;
        assert_eq!(result["imported"], 1, "{result}");
        let (_, oldest) = admin
            .get("/api/v1/opportunities?sort=created_at&limit=1")
            .await;
        assert_eq!(oldest["items"][0]["name"], "旧商机", "{oldest}");
        let (_, entered) = admin.get("/api/v1/opportunities?limit=1").await;
        assert_eq!(entered["items"][0]["name"], "旧商机", "{entered}");
        let (_, newest) = admin
            .get("/api/v1/opportunities?sort=-created_at&limit=1")
            .await;
        assert_ne!(newest["items"][0]["name"], "旧商机", "{newest}");
        app.stop().await;
    }
}
