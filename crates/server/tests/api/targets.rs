//! Targets and incentives: PRODUCT.md's allocation by resources to the fen, allocations that
//! do not add up refused by unit and month, locked plans changed only by a new version, the
//! seed's 70 / 30 split credited exactly and following the deal into its contract and its
//! money, a member who leaves, visit tasks, and the compensation example (¥39,000) with a
//! clawback after a closed period.

use chrono::Datelike;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp, PASSWORD};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

fn cny(amount: &str) -> Value {
    json!({"amount": amount, "currency": "CNY"})
}

async fn put(c: &Client, path: &str, body: Value) -> (StatusCode, Value) {
    Client::send(c.request(Method::PUT, path).json(&body)).await
}

/// Today in the company's time zone (Asia/Shanghai, no daylight saving).
fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

fn this_year() -> i32 {
    today().year()
}

async fn user(admin: &Client, role: &str, email: &str, dept: &str) -> String {
    let (status, u) = admin
        .post("/api/v1/users", json!({"email": email, "name": email.split('@').next().unwrap(), "password": PASSWORD, "role_id": role, "department_id": dept}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{u}");
    id(&u)
}

async fn customers_for(admin: &Client, owner: &str, n: usize, tag: &str) {
    for i in 0..n {
        let (status, body) = admin
            .post(
                "/api/v1/customers",
                json!({"name": format!("{tag}客户{i}有限公司"), "owner_id": owner}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
}

fn amounts(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["amount"].as_str().unwrap().to_owned())
        .collect()
}

/// East (reps with 3 / 2 / 1 customers) and South (one rep with 4): 6 : 4.
struct Regions {
    east: String,
    south: String,
    reps: Vec<String>,
    south_rep: String,
}

async fn regions(app: &TestApp, admin: &Client) -> Regions {
    let rep_role = app.role_a("sales_rep").await;
    let (_, east) = admin
        .post("/api/v1/departments", json!({"name": "华东大区"}))
        .await;
    let (_, south) = admin
        .post("/api/v1/departments", json!({"name": "华南大区"}))
        .await;
    let mut reps = Vec::new();
    for (i, n) in [3, 2, 1].into_iter().enumerate() {
        let rep = user(
            admin,
            &rep_role,
            &format!("east{i}@alpha.example.com"),
            &id(&east),
        )
        .await;
        customers_for(admin, &rep, n, &format!("华东{i}")).await;
        reps.push(rep);
    }
    let south_rep = user(admin, &rep_role, "south@alpha.example.com", &id(&south)).await;
    customers_for(admin, &south_rep, 4, "华南").await;
    Regions {
        east: id(&east),
        south: id(&south),
        reps,
        south_rep,
    }
}

#[tokio::test]
async fn a_year_is_allocated_by_resources_to_the_fen_and_locked() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let r = regions(&app, &admin).await;
        let year = this_year();
        let (status, plan) = admin
            .post("/api/v1/target-plans", json!({"name": "年度签约目标", "metric": "contract_amount", "year": year, "total": cny("10000000.00")}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{plan}");
        assert_eq!(plan["status"], "draft");
        assert_eq!(plan["version"], 1);
        let path = format!("/api/v1/target-plans/{}", id(&plan));
        // The plan's version is its ETag; a change naming another (or junk) is stale.
        let res = admin.request(Method::GET, &path).send().await.unwrap();
        assert_eq!(res.headers()[reqwest::header::ETAG], "\"1\"");
        for stale in ["junk", "\"77\"", "W/\"1\""] {
            let (status, body) = Client::send(
                admin
                    .request(Method::PATCH, &path)
                    .header("if-match", stale)
                    .json(&json!({"name": "改名"})),
            )
            .await;
            problem(
                status,
                &body,
                StatusCode::PRECONDITION_FAILED,
                "stale_version",
            );
        }
        let (status, body) = Client::send(
            admin
                .request(Method::PUT, &format!("{path}/allocations"))
                .header("if-match", "junk")
                .json(&json!({"units": []})),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::PRECONDITION_FAILED,
            "stale_version",
        );
        let (_, same) = admin.get(&path).await;
        assert_eq!(same["name"], "年度签约目标", "nothing changed: {same}");
        let (status, renamed) = Client::send(
            admin
                .request(Method::PATCH, &path)
                .header("if-match", "\"1\"")
                .json(&json!({"name": "年度签约目标"})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{renamed}");

        // The company's ¥10,000,000 by active customers: East 6 : South 4.
        let (status, top) = admin
            .post(
                &format!("{path}/suggestion"),
                json!({"basis": "active_customers"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{top}");
        let units = top["units"].as_array().unwrap();
        let east = units.iter().find(|u| u["id"] == r.east.as_str()).unwrap();
        let south = units.iter().find(|u| u["id"] == r.south.as_str()).unwrap();
        assert_eq!(east["total"]["amount"], "6000000.00");
        assert_eq!(east["share"], "60.00");
        assert_eq!(south["total"]["amount"], "4000000.00");
        let south_months = amounts(&south["months"]);
        assert!(
            south_months[..11].iter().all(|m| m == "333333.33"),
            "{south_months:?}"
        );
        assert_eq!(south_months[11], "333333.37");

        // East's ¥6,000,000 among its reps 3 : 2 : 1; the smallest spread as eleven months of
        // ¥83,333.33 and December ¥83,333.37.
        let (status, reps) = admin
            .post(&format!("{path}/suggestion"), json!({"department_id": r.east, "basis": "active_customers", "parent_months": east["months"]}))
            .await;
        assert_eq!(status, StatusCode::OK, "{reps}");
        let rep_units = reps["units"].as_array().unwrap();
        let totals: Vec<&str> = rep_units
            .iter()
            .map(|u| u["total"]["amount"].as_str().unwrap())
            .collect();
        assert_eq!(totals, ["3000000.00", "2000000.00", "1000000.00"]);
        let smallest = amounts(&rep_units[2]["months"]);
        assert!(
            smallest[..11].iter().all(|m| m == "83333.33"),
            "{smallest:?}"
        );
        assert_eq!(smallest[11], "83333.37");

        let unit = |key: &str, idv: &str, months: &Value| json!({key: idv, "months": months});
        let mut all = vec![
            unit("department_id", &r.east, &east["months"]),
            unit("department_id", &r.south, &south["months"]),
        ];
        for u in rep_units {
            all.push(unit("user_id", u["id"].as_str().unwrap(), &u["months"]));
        }
        // South's rep under South with South's months: adds up.
        all.push(unit("user_id", &r.south_rep, &south["months"]));

        // Off by a fen in March for East's reps: refused naming the unit and the month.
        let mut bad = all.clone();
        bad[4]["months"][2] = cny("83333.34");
        let (status, body) = put(
            &admin,
            &format!("{path}/allocations"),
            json!({"units": bad}),
        )
        .await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "units[4].months[2]", "{p}");
        assert_eq!(p["errors"][0]["code"], "unbalanced");
        // The regions not adding up to the company total.
        let mut short = all.clone();
        short[1]["months"][11] = cny("333333.36");
        short[5]["months"][11] = cny("333333.36");
        let (status, body) = put(
            &admin,
            &format!("{path}/allocations"),
            json!({"units": short}),
        )
        .await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "units[1].months[11]", "{p}");
        // Twelve months or nothing; a stranger's id.
        let (status, body) = put(
            &admin,
            &format!("{path}/allocations"),
            json!({"units": [{"department_id": r.east, "months": ["1"]}]}),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, body) = put(&admin, &format!("{path}/allocations"), json!({"units": [{"user_id": "01900000-0000-7000-8000-000000000000", "months": ["0","0","0","0","0","0","0","0","0","0","0","0"]}]})).await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["code"], "unknown_reference");

        let (status, saved) = put(
            &admin,
            &format!("{path}/allocations"),
            json!({"units": all}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let saved_units = saved["units"].as_array().unwrap();
        assert_eq!(saved_units.len(), 6);
        let rep0 = saved_units
            .iter()
            .find(|u| u["id"] == r.reps[0].as_str())
            .unwrap();
        assert_eq!(rep0["parent_id"], r.east.as_str());
        assert_eq!(rep0["resources"]["active_customers"], 3);
        assert!(saved_units
            .iter()
            .find(|u| u["id"] == r.east.as_str())
            .unwrap()["parent_id"]
            .is_null());

        // A total changed after the allocation was saved no longer adds up: not locked
        // until the two agree again.
        let (status, body) = admin
            .patch(&path, json!({"total": cny("20000000.00")}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = admin.post(&format!("{path}/lock"), json!({})).await;
        assert_eq!(
            crate::helpers::refused_field(status, &body),
            ("total".to_owned(), "unbalanced".to_owned())
        );
        let (status, body) = admin
            .patch(&path, json!({"total": cny("10000000.00")}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // Locked: no edit in place; a new version needs its reason and copies the units.
        let (status, locked) = admin.post(&format!("{path}/lock"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{locked}");
        assert_eq!(locked["status"], "locked");
        // Its history says what was done to it, in order.
        let (status, history) = admin.get(&format!("{path}/history")).await;
        assert_eq!(status, StatusCode::OK, "{history}");
        let actions: Vec<&str> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert!(
            actions.contains(&"allocated") && actions.contains(&"locked"),
            "{history}"
        );
        let (status, body) = put(
            &admin,
            &format!("{path}/allocations"),
            json!({"units": all}),
        )
        .await;
        problem(status, &body, StatusCode::CONFLICT, "plan_locked");
        let (status, body) = admin.patch(&path, json!({"total": cny("1.00")})).await;
        problem(status, &body, StatusCode::CONFLICT, "plan_locked");
        let (status, body) = admin
            .post(&format!("{path}/versions"), json!({"reason": " "}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, v2) = admin
            .post(
                &format!("{path}/versions"),
                json!({"reason": "华南新增经销渠道"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v2}");
        assert_eq!(v2["version"], 2);
        assert_eq!(v2["status"], "draft");
        assert_eq!(v2["previous_id"], id(&plan).as_str());
        assert_eq!(v2["units"].as_array().unwrap().len(), 6);
        let (_, old) = admin.get(&path).await;
        assert_eq!(old["superseded_by"], id(&v2).as_str());
        assert_eq!(old["status"], "locked");

        // A rep reads their own row only; no company figures.
        let (status, completion) = app
            .sign_in("alpha", "east0@alpha.example.com", PASSWORD)
            .await
            .get(&format!("{path}/completion"))
            .await;
        assert_eq!(status, StatusCode::OK, "{completion}");
        let rows = completion["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{completion}");
        assert_eq!(rows[0]["unit"]["id"], r.reps[0].as_str());
        assert_eq!(rows[0]["target"]["amount"], "3000000.00");
        app.stop().await;
    }
}

async fn stage(admin: &Client, key: &str) -> String {
    let (_, processes) = admin.get("/api/v1/sales-processes").await;
    let stages = processes["items"][0]["stages"].as_array().unwrap();
    id(stages.iter().find(|s| s["key"] == key).unwrap())
}

fn share<'a>(splits: &'a Value, user: &str) -> &'a Value {
    splits["shares"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["user_id"] == user)
        .unwrap()
}

#[tokio::test]
async fn a_split_deal_credits_each_share_into_completion_contracts_and_money() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let r = regions(&app, &admin).await;
        let (a, b) = (r.reps[0].clone(), r.south_rep.clone());
        let year = this_year();
        let (_, cust) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "深圳前海智造科技有限公司", "owner_id": a}),
            )
            .await;
        let (status, deal) = admin
            .post("/api/v1/opportunities", json!({"customer_id": id(&cust), "name": "智能产线改造", "amount": cny("1000000.00"), "owner_id": a}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{deal}");
        let path = format!("/api/v1/opportunities/{}", id(&deal));
        let (status, unsplit) = admin.get(&format!("{path}/splits")).await;
        assert_eq!(status, StatusCode::OK, "{unsplit}");
        assert_eq!(unsplit["split"], false);
        assert_eq!(share(&unsplit, &a)["ratio"], "100");

        // Whole must be exactly 100 %; mixed shares, strangers and the departed are refused.
        for (body, field, code) in [
            (
                json!({"kind": "whole", "shares": [{"user_id": a, "ratio": "70"}, {"user_id": b, "ratio": "20"}]}),
                "shares",
                "not_whole",
            ),
            (
                json!({"kind": "whole", "shares": [{"user_id": a, "ratio": "70"}, {"user_id": b, "amount": cny("300000.00")}]}),
                "shares",
                "mixed_shares",
            ),
            (
                json!({"kind": "whole", "shares": [{"user_id": a, "ratio": "100"}, {"user_id": "01900000-0000-7000-8000-000000000000", "ratio": "0.5"}]}),
                "shares[1].user_id",
                "unknown_reference",
            ),
            (
                json!({"kind": "halves", "shares": [{"user_id": a, "ratio": "100"}]}),
                "kind",
                "not_allowed",
            ),
        ] {
            let (status, resp) = put(&admin, &format!("{path}/splits"), body).await;
            let p = problem(
                status,
                &resp,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(p["errors"][0]["field"], field, "{p}");
            assert_eq!(p["errors"][0]["code"], code, "{p}");
        }
        let (status, splits) = put(&admin, &format!("{path}/splits"), json!({"kind": "whole", "shares": [{"user_id": a, "ratio": "70"}, {"user_id": b, "ratio": "30"}]})).await;
        assert_eq!(status, StatusCode::OK, "{splits}");
        // The seed's example: 10 % at 初步接洽.
        assert_eq!(
            share(&splits, &a)["credited_expected"]["amount"],
            "70000.00"
        );
        assert_eq!(
            share(&splits, &b)["credited_expected"]["amount"],
            "30000.00"
        );
        let (_, team) = admin.get(&format!("{path}/team")).await;
        assert!(
            team["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["user_id"] == b.as_str()),
            "{team}"
        );
        // Excess may pass 100 %.
        let (status, excess) = put(&admin, &format!("{path}/splits"), json!({"kind": "excess", "shares": [{"user_id": a, "ratio": "100"}, {"user_id": b, "ratio": "30"}]})).await;
        assert_eq!(status, StatusCode::OK, "{excess}");
        // …never less: the rest of the deal would be credited to no one.
        let (status, resp) = put(
            &admin,
            &format!("{path}/splits"),
            json!({"kind": "excess", "shares": [{"user_id": b, "ratio": "40"}]}),
        )
        .await;
        let p = problem(
            status,
            &resp,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "shares", "{p}");
        assert_eq!(p["errors"][0]["code"], "below_whole", "{p}");
        // A whole split by amount stays whole when the deal's amount changes: the amounts
        // are credited in proportion (¥700,000 / ¥300,000 of ¥1,000,000 → of ¥2,000,000).
        let (status, by_amount) = put(&admin, &format!("{path}/splits"), json!({"kind": "whole", "shares": [{"user_id": a, "amount": cny("700000.00")}, {"user_id": b, "amount": cny("300000.00")}]})).await;
        assert_eq!(status, StatusCode::OK, "{by_amount}");
        let (status, grown) = admin
            .patch(&path, json!({"amount": cny("2000000.00")}))
            .await;
        assert_eq!(status, StatusCode::OK, "{grown}");
        let (_, by_amount) = admin.get(&format!("{path}/splits")).await;
        assert_eq!(
            share(&by_amount, &a)["credited_expected"]["amount"],
            "140000.00",
            "{by_amount}"
        );
        assert_eq!(
            share(&by_amount, &b)["credited_expected"]["amount"],
            "60000.00"
        );
        let (status, _) = admin
            .patch(&path, json!({"amount": cny("1000000.00")}))
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = put(&admin, &format!("{path}/splits"), json!({"kind": "whole", "shares": [{"user_id": a, "ratio": "70"}, {"user_id": b, "ratio": "30"}]})).await;
        assert_eq!(status, StatusCode::OK);

        let won = stage(&admin, "won").await;
        let (status, body) = admin
            .post(&format!("{path}/stage"), json!({"stage_id": won}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, splits) = admin.get(&format!("{path}/splits")).await;
        assert_eq!(share(&splits, &a)["credited_won"]["amount"], "700000.00");
        assert_eq!(share(&splits, &b)["credited_won"]["amount"], "300000.00");
        assert_eq!(
            share(&splits, &a)["credited_expected"]["amount"],
            "700000.00"
        );

        // Completion of a won-amount plan moves by the shares, in each rep's region.
        let (_, plan) = admin
            .post("/api/v1/target-plans", json!({"name": "赢单目标", "metric": "won_amount", "year": year, "total": cny("1200.00")}))
            .await;
        let months = |v: &str| json!(std::iter::repeat_n(v, 12).collect::<Vec<_>>());
        let (status, body) = put(
            &admin,
            &format!("/api/v1/target-plans/{}/allocations", id(&plan)),
            json!({"units": [
                {"department_id": r.east, "months": months("50.00")},
                {"department_id": r.south, "months": months("50.00")},
                {"user_id": a, "months": months("50.00")},
                {"user_id": b, "months": months("50.00")}
            ]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, c) = admin
            .get(&format!(
                "/api/v1/target-plans/{}/completion?period={year}",
                id(&plan)
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{c}");
        let row = |unit: &str| {
            c["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["unit"]["id"] == unit)
                .unwrap()
                .clone()
        };
        assert_eq!(row(&a)["actual"]["amount"], "700000.00");
        assert_eq!(row(&b)["actual"]["amount"], "300000.00");
        assert_eq!(row(&r.east)["actual"]["amount"], "700000.00");
        assert_eq!(row(&r.south)["actual"]["amount"], "300000.00");
        assert_eq!(row(&b)["target"]["amount"], "600.00");
        assert_eq!(row(&b)["rate"], "50000.00");
        assert_eq!(row(&b)["gap"]["amount"], "-299400.00");
        let company = &c["rows"][0];
        assert_eq!(company["unit"]["kind"], "company");
        assert_eq!(company["actual"]["amount"], "1000000.00");

        // The contract and its money follow the shares.
        let (status, contract) = admin
            .post("/api/v1/contracts", json!({"customer_id": id(&cust), "name": "产线改造合同", "opportunity_id": id(&deal), "amount": cny("1000000.00"), "signed_on": today()}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{contract}");
        let (status, active) = admin
            .post(
                &format!("/api/v1/contracts/{}/submit", id(&contract)),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{active}");
        let (status, plan) = put(
            &admin,
            &format!("/api/v1/contracts/{}/payment-plan", id(&contract)),
            json!({"installments": [{"due_on": today(), "ratio": "100"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{plan}");
        // Not naming the contract: the money written off against its receivable is its
        // payment all the same, and is credited by the deal's shares.
        let (status, pay) = admin
            .post("/api/v1/payments", json!({"customer_id": id(&cust), "amount": cny("100000.01"), "received_on": today()}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay}");
        assert_eq!(pay["contract_id"], id(&contract).as_str(), "{pay}");
        let (status, perf) = admin
            .get(&format!("/api/v1/performance?period={year}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{perf}");
        let item = |u: &str| {
            perf["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["user_id"] == u)
                .unwrap()
                .clone()
        };
        assert_eq!(item(&a)["credited_contracts"]["amount"], "700000.00");
        assert_eq!(item(&b)["credited_contracts"]["amount"], "300000.00");
        // ¥100,000.01 × 70 % = 70,000.007 → 70,000.01; × 30 % = 30,000.003 → 30,000.00.
        assert_eq!(item(&a)["credited_collected"]["amount"], "70000.01");
        assert_eq!(item(&b)["credited_collected"]["amount"], "30000.00");
        assert_eq!(item(&a)["credited_won"]["amount"], "700000.00");

        // B leaves: what B earned stays B's; money that comes in later is the owner's.
        let (status, body) = admin
            .post(&format!("/api/v1/users/{b}/deactivate"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, pay2) = admin
            .post("/api/v1/payments", json!({"customer_id": id(&cust), "contract_id": id(&contract), "amount": cny("100000.00"), "received_on": today()}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{pay2}");
        let (_, perf) = admin
            .get(&format!("/api/v1/performance?period={year}"))
            .await;
        let item = |u: &str| {
            perf["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["user_id"] == u)
                .unwrap()
                .clone()
        };
        assert_eq!(item(&b)["credited_collected"]["amount"], "30000.00");
        assert_eq!(item(&b)["credited_won"]["amount"], "300000.00");
        assert_eq!(item(&a)["credited_collected"]["amount"], "170000.01");
        // A departed member cannot be given a new share.
        let (status, body) = put(&admin, &format!("{path}/splits"), json!({"kind": "whole", "shares": [{"user_id": a, "ratio": "50"}, {"user_id": b, "ratio": "50"}]})).await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["code"], "inactive_user");
        // B comes back: what came in while B was away stays the owner's.
        let (status, body) = admin
            .post(&format!("/api/v1/users/{b}/reactivate"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, perf) = admin
            .get(&format!("/api/v1/performance?period={year}"))
            .await;
        let item = |u: &str| {
            perf["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["user_id"] == u)
                .unwrap()
                .clone()
        };
        assert_eq!(item(&b)["credited_collected"]["amount"], "30000.00");
        assert_eq!(item(&a)["credited_collected"]["amount"], "170000.01");
        assert_eq!(item(&b)["credited_won"]["amount"], "300000.00");
        app.stop().await;
    }
}

#[tokio::test]
async fn visit_rules_make_weekly_tasks_with_live_progress() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let r = regions(&app, &admin).await;
        let (status, body) = admin
            .post(
                "/api/v1/visit-rules",
                json!({"name": "每周拜访新客户", "per_week": 0, "counts": "new_customers"}),
            )
            .await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "per_week");
        let (status, rule) = admin
            .post("/api/v1/visit-rules", json!({"name": "每周拜访新客户", "per_week": 2, "counts": "new_customers", "department_id": r.east}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{rule}");
        let rep = app
            .sign_in("alpha", "east1@alpha.example.com", PASSWORD)
            .await;
        let (_, mine) = rep.get("/api/v1/customers?limit=10").await;
        let customers: Vec<String> = mine["items"].as_array().unwrap().iter().map(id).collect();
        assert_eq!(customers.len(), 2);
        // Two visits to one customer: one new customer this week.
        for _ in 0..2 {
            let (status, body) = rep
                .post("/api/v1/activities", json!({"kind": "visit", "subject": "上门拜访", "customer_id": customers[0], "occurred_at": closer_store::now().to_rfc3339()}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let (status, tasks) = rep.get("/api/v1/visit-tasks").await;
        assert_eq!(status, StatusCode::OK, "{tasks}");
        let items = tasks["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{tasks}");
        assert_eq!(items[0]["user_id"], r.reps[1].as_str());
        assert_eq!(items[0]["required"], 2);
        assert_eq!(items[0]["done"], 1);
        assert_eq!(items[0]["percent"], "50.00");
        // The manager sees every East rep's task; South has none.
        let (_, all) = admin.get("/api/v1/visit-tasks").await;
        assert_eq!(all["items"].as_array().unwrap().len(), 3);
        let (status, body) = admin.get("/api/v1/visit-tasks?week=2026-W60").await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, _) = admin
            .delete(&format!("/api/v1/visit-rules/{}", id(&rule)))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, all) = admin.get("/api/v1/visit-tasks").await;
        assert!(all["items"].as_array().unwrap().is_empty());
        app.stop().await;
    }
}

/// A target plan of `metric` for `year` giving each rep ¥1,000,000 a quarter.
async fn quarterly_plan(admin: &Client, metric: &str, year: i32, reps: &[&String]) -> Value {
    let total = format!("{}.00", 4_000_000 * reps.len());
    let (status, plan) = admin
        .post("/api/v1/target-plans", json!({"name": format!("{metric} 目标"), "metric": metric, "year": year, "total": cny(&total)}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    let q = ["333333.33", "333333.33", "333333.34"];
    let months: Vec<&str> = (0..12).map(|m| q[m % 3]).collect();
    let units: Vec<Value> = reps
        .iter()
        .map(|r| json!({"user_id": r, "months": months}))
        .collect();
    let (status, body) = put(
        admin,
        &format!("/api/v1/target-plans/{}/allocations", id(&plan)),
        json!({ "units": units }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    plan
}

#[tokio::test]
async fn compensation_pays_the_worked_example_and_claws_back_after_a_closed_period() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let r = regions(&app, &admin).await;
        let rep = r.reps[0].clone();
        // Last year: every day of it is in the past.
        let year = this_year() - 1;
        let plan = quarterly_plan(&admin, "payments", year, &[&rep]).await;
        let tiers = json!([{"from": "0", "to": "100", "rate": "1"}, {"from": "100", "to": null, "rate": "1.5"}]);
        for (bad, field, code) in [
            (
                json!([{"from": "0", "to": "60", "rate": "0"}, {"from": "70", "to": null, "rate": "1"}]),
                "tiers[1].from",
                "tier_gap",
            ),
            (
                json!([{"from": "0", "to": "60", "rate": "0"}, {"from": "50", "to": null, "rate": "1"}]),
                "tiers[1].from",
                "tier_overlap",
            ),
        ] {
            let (status, body) = admin
                .post("/api/v1/compensation-plans", json!({"name": "销售提成", "target_plan_id": id(&plan), "base_pay": cny("8000.00"), "pool": cny("30000.00"), "threshold": "60", "cap": "150", "tiers": bad}))
                .await;
            let p = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(p["errors"][0]["field"], field, "{p}");
            assert_eq!(p["errors"][0]["code"], code, "{p}");
        }
        // A threshold above the cap would never pay: refused on the threshold.
        let (status, body) = admin
            .post("/api/v1/compensation-plans", json!({"name": "销售提成", "target_plan_id": id(&plan), "base_pay": cny("8000.00"), "pool": cny("30000.00"), "threshold": "160", "cap": "150", "tiers": tiers}))
            .await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "threshold", "{p}");
        assert_eq!(p["errors"][0]["code"], "above_cap", "{p}");
        let (status, comp) = admin
            .post("/api/v1/compensation-plans", json!({"name": "销售提成", "target_plan_id": id(&plan), "period_kind": "quarter", "base_pay": cny("8000.00"), "pool": cny("30000.00"), "threshold": "60", "cap": "150", "tiers": tiers}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{comp}");

        // ¥1,200,000 collected in Q1 from the rep's contract: 120 % → ¥30,000 + ¥9,000.
        let (_, cust) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "杭州云栖数据有限公司", "owner_id": rep}),
            )
            .await;
        let (_, contract) = admin
            .post("/api/v1/contracts", json!({"customer_id": id(&cust), "name": "数据平台合同", "amount": cny("2000000.00"), "owner_id": rep, "signed_on": format!("{year}-01-05")}))
            .await;
        admin
            .post(
                &format!("/api/v1/contracts/{}/submit", id(&contract)),
                json!({}),
            )
            .await;
        let mut payments = Vec::new();
        for amount in ["600000.00", "600000.00"] {
            let (status, p) = admin
                .post("/api/v1/payments", json!({"customer_id": id(&cust), "contract_id": id(&contract), "amount": cny(amount), "received_on": format!("{year}-02-20")}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{p}");
            payments.push(id(&p));
        }
        let q1 = format!("{year}-Q1");
        let (status, preview) = admin
            .post(
                "/api/v1/compensation-runs/preview",
                json!({"plan_id": id(&comp), "period": q1}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        assert_eq!(preview["status"], "preview");
        let line = &preview["lines"][0];
        assert_eq!(line["completion"], "120.00");
        assert_eq!(line["performance_pay"]["amount"], "39000.00");
        assert_eq!(line["total"]["amount"], "47000.00");
        let explained: Vec<&str> = line["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["amount"]["amount"].as_str().unwrap())
            .collect();
        assert_eq!(explained, ["8000.00", "30000.00", "9000.00"]);

        // Weighed by collections: ¥1,200,000 of the ¥2,000,000 signed in Q1 is 60 %, which
        // keeps × 0.8 of the performance pay — ¥31,200, explained on a line of its own.
        let (status, body) = admin
            .post("/api/v1/compensation-plans", json!({"name": "回款系数", "target_plan_id": id(&plan), "base_pay": cny("8000.00"), "pool": cny("30000.00"), "threshold": "60", "cap": "150", "tiers": tiers,
                "collections": [{"from": "0", "to": "50", "rate": "0.5"}, {"from": "60", "to": null, "rate": "1"}]}))
            .await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "collections[1].from", "{p}");
        assert_eq!(p["errors"][0]["code"], "tier_gap", "{p}");
        let (status, weighed) = admin
            .post("/api/v1/compensation-plans", json!({"name": "回款系数", "target_plan_id": id(&plan), "base_pay": cny("8000.00"), "pool": cny("30000.00"), "threshold": "60", "cap": "150", "tiers": tiers,
                "collections": [{"from": "0", "to": "50", "rate": "0.5"}, {"from": "50", "to": "80", "rate": "0.8"}, {"from": "80", "to": null, "rate": "1"}]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{weighed}");
        assert_eq!(weighed["collections"][1]["rate"], "0.8");
        let (status, preview) = admin
            .post(
                "/api/v1/compensation-runs/preview",
                json!({"plan_id": id(&weighed), "period": q1}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        let line = &preview["lines"][0];
        assert_eq!(line["performance_pay"]["amount"], "31200.00", "{line}");
        assert_eq!(line["total"]["amount"], "39200.00");
        let last = line["explanation"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(last["amount"]["amount"], "-7800.00", "{last}");
        assert!(last["label"].as_str().unwrap().contains("60"), "{last}");
        let (status, run) = admin
            .post(
                "/api/v1/compensation-runs",
                json!({"plan_id": id(&comp), "period": q1}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{run}");
        let (status, body) = admin
            .post(
                "/api/v1/compensation-runs",
                json!({"plan_id": id(&comp), "period": q1}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "run_exists");
        let (status, body) = admin
            .post(
                "/api/v1/compensation-runs",
                json!({"plan_id": id(&comp), "period": format!("{year}-03")}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let run_path = format!("/api/v1/compensation-runs/{}", id(&run));
        let (status, closed) = admin.post(&format!("{run_path}/close"), json!({})).await;
        assert_eq!(status, StatusCode::OK, "{closed}");
        assert_eq!(closed["status"], "closed");
        let (status, body) = admin
            .post(&format!("{run_path}/recalculate"), json!({}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "run_closed");

        // A payment reversed after Q1 closed: Q1 is 60 % now (¥18,000), so Q2 claws back
        // ¥21,000 — Q1's run is unchanged.
        let (status, body) = admin
            .post(
                &format!("/api/v1/payments/{}/reverse", payments[1]),
                json!({"reason": "退票"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, q1_again) = admin.get(&run_path).await;
        assert_eq!(
            q1_again["lines"][0]["performance_pay"]["amount"],
            "39000.00"
        );
        let (status, q2) = admin
            .post(
                "/api/v1/compensation-runs",
                json!({"plan_id": id(&comp), "period": format!("{year}-Q2")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{q2}");
        let line = &q2["lines"][0];
        assert_eq!(line["adjustment"]["amount"], "-21000.00", "{q2}");
        assert_eq!(line["performance_pay"]["amount"], "0.00");
        assert_eq!(line["total"]["amount"], "-13000.00");
        // A later change shows in the recalculation preview before it is applied.
        let q2_path = format!("/api/v1/compensation-runs/{}", id(&q2));
        let (_, p) = admin
            .post("/api/v1/payments", json!({"customer_id": id(&cust), "contract_id": id(&contract), "amount": cny("700000.00"), "received_on": format!("{year}-05-20")}))
            .await;
        assert!(p["id"].is_string(), "{p}");
        let (status, diff) = admin.get(&format!("{q2_path}/recalculation")).await;
        assert_eq!(status, StatusCode::OK, "{diff}");
        assert_eq!(
            diff["changes"][0]["difference"]["amount"], "21000.00",
            "{diff}"
        );
        let (status, applied) = admin
            .post(&format!("{q2_path}/recalculate"), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{applied}");
        assert_eq!(applied["lines"][0]["performance_pay"]["amount"], "21000.00");
        let (status, csv) =
            Client::send(admin.request(Method::GET, &format!("{q2_path}/export?format=csv"))).await;
        assert_eq!(status, StatusCode::OK, "{csv}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_rep_who_moves_keeps_their_history_where_it_was_earned() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let r = regions(&app, &admin).await;
        let rep = r.reps[0].clone();
        let year = this_year() - 1;
        let (_, plan) = admin
            .post(
                "/api/v1/target-plans",
                json!({"name": "回款", "metric": "payments", "year": year, "total": "0.00"}),
            )
            .await;
        let (_, cust) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "苏州工业园区精密机械有限公司", "owner_id": rep}),
            )
            .await;
        let (status, p) = admin
            .post("/api/v1/payments", json!({"customer_id": id(&cust), "amount": cny("5000.00"), "received_on": format!("{year}-03-10")}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        // The rep moves to South now: March of last year stays with East.
        let (status, body) = admin
            .patch(
                &format!("/api/v1/users/{rep}"),
                json!({"department_id": r.south}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let months = json!(["0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]);
        let (status, body) = put(&admin, &format!("/api/v1/target-plans/{}/allocations", id(&plan)), json!({"units": [
            {"department_id": r.east, "months": months}, {"department_id": r.south, "months": months}
        ]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, c) = admin
            .get(&format!(
                "/api/v1/target-plans/{}/completion?period={year}-03",
                id(&plan)
            ))
            .await;
        let actual = |unit: &str| {
            c["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["unit"]["id"] == unit)
                .unwrap()["actual"]["amount"]
                .clone()
        };
        assert_eq!(actual(&r.east), "5000.00", "{c}");
        assert_eq!(actual(&r.south), "0.00", "{c}");
        assert_eq!(c["rows"][0]["actual"]["amount"], "5000.00");
        app.stop().await;
    }
}

#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn compensation_weighs_margin_and_forecast_accuracy() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let r = regions(&app, &admin).await;
        let rep = r.reps[0].clone();
        let year = this_year() - 1;
        let plan = quarterly_plan(&admin, "contract_amount", year, &[&rep, &r.reps[1]]).await;

        // A product costing ¥60,000 a unit, listed at ¥100,000: its cost is shown to those
        // who keep the catalogue only.
        let (status, product) = admin
            .post("/api/v1/products", json!({"name": "工业网关", "kind": "product", "list_price": cny("100000.00"), "unit_cost": cny("60000.00")}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{product}");
        assert_eq!(product["unit_cost"]["amount"], "60000.00");
        let (status, body) = admin
            .post("/api/v1/products", json!({"name": "亏本网关", "kind": "product", "list_price": cny("1.00"), "unit_cost": cny("-1.00")}))
            .await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "unit_cost.amount", "{p}");
        let rep_client = app
            .sign_in("alpha", "east0@alpha.example.com", PASSWORD)
            .await;
        let (_, listed) = rep_client.get("/api/v1/products").await;
        let seen = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == product["id"])
            .unwrap()
            .clone();
        assert!(seen["unit_cost"].is_null(), "{seen}");

        // Signed in Q1: ten units (¥1,000,000, cost ¥600,000: 40 % margin) and ¥200,000
        // typed without lines (no cost known, left out of the margin). 120 % completion.
        let (_, cust) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "苏州精工制造有限公司", "owner_id": rep}),
            )
            .await;
        let mut signed = Vec::new();
        for body in [
            json!({"customer_id": id(&cust), "name": "网关采购合同", "owner_id": rep, "signed_on": format!("{year}-01-05"),
                   "lines": [{"product_id": id(&product), "quantity": "10"}]}),
            json!({"customer_id": id(&cust), "name": "服务合同", "owner_id": rep, "signed_on": format!("{year}-02-10"), "amount": cny("200000.00")}),
        ] {
            let (status, contract) = admin.post("/api/v1/contracts", body).await;
            assert_eq!(status, StatusCode::CREATED, "{contract}");
            let (status, submitted) = admin
                .post(
                    &format!("/api/v1/contracts/{}/submit", id(&contract)),
                    json!({}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{submitted}");
            signed.push(id(&contract));
        }
        // A product's cost changed later does not move what was signed — nor does an
        // amendment of the terms alone, which keeps the lines as they were.
        let (status, changed) = Client::send(
            admin
                .request(Method::PATCH, &format!("/api/v1/products/{}", id(&product)))
                .header("if-match", format!("\"{}\"", product["version"]))
                .json(&json!({"unit_cost": cny("90000.00")})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{changed}");
        let (status, amended) = admin
            .post(
                &format!("/api/v1/contracts/{}/amendments", signed[0]),
                json!({"terms": "交付地点改为苏州工业园区", "reason": "客户搬迁"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{amended}");
        let (_, contract) = admin.get(&format!("/api/v1/contracts/{}", signed[0])).await;
        assert_eq!(contract["revision"], 2, "{contract}");

        // The rep's deals as history: at 1 March both were due in March at 初步接洽 (10 %):
        // ¥10,000 × 10 % = ¥1,000 forecast; ¥1,000 won in March — 100 % accurate.
        let file = format!(
            "Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date,Opportunity Owner\n\
             网关一期,苏州精工制造有限公司,1000,Closed Won,{year}-03-10,{year}-02-01,east0@alpha.example.com\n\
             网关二期,苏州精工制造有限公司,9000,Closed Lost,{year}-03-20,{year}-02-01,east0@alpha.example.com\n"
        );
        let result = crate::helpers::import_deals(&app, &admin, &file, json!({})).await;
        assert_eq!(result["imported"], 2, "{result}");

        let tiers = json!([{"from": "0", "to": "100", "rate": "1"}, {"from": "100", "to": null, "rate": "1.5"}]);
        let margin = json!([{"from": "0", "to": "20", "rate": "0.8"}, {"from": "20", "to": "40", "rate": "1"}, {"from": "40", "to": null, "rate": "1.2"}]);
        let accuracy = json!([{"from": "0", "to": "70", "rate": "0.9"}, {"from": "70", "to": "90", "rate": "1"}, {"from": "90", "to": null, "rate": "1.1"}]);
        for (field, bad, at) in [
            (
                "margin",
                json!([{"from": "0", "to": "20", "rate": "0.8"}, {"from": "30", "to": null, "rate": "1"}]),
                "margin[1].from",
            ),
            (
                "forecast_accuracy",
                json!([{"from": "10", "to": null, "rate": "1"}]),
                "forecast_accuracy[0].from",
            ),
        ] {
            let mut body = json!({"name": "系数", "target_plan_id": id(&plan), "base_pay": cny("8000.00"), "pool": cny("30000.00"), "threshold": "60", "cap": "150", "tiers": tiers});
            body[field] = bad;
            let (status, body) = admin.post("/api/v1/compensation-plans", body).await;
            let p = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(p["errors"][0]["field"], at, "{p}");
        }
        let (status, comp) = admin
            .post("/api/v1/compensation-plans", json!({"name": "毛利与预测系数", "target_plan_id": id(&plan), "base_pay": cny("8000.00"), "pool": cny("30000.00"), "threshold": "60", "cap": "150", "tiers": tiers,
                "margin": margin, "forecast_accuracy": accuracy}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{comp}");
        assert_eq!(comp["margin"][2]["rate"], "1.2");
        assert_eq!(comp["forecast_accuracy"][0]["to"], "70");
        assert!(comp["collections"].is_null());

        // ¥39,000 at 120 %; margin 40 % × 1.2 → ¥46,800; accuracy 100 % × 1.1 → ¥51,480.
        let (status, preview) = admin
            .post(
                "/api/v1/compensation-runs/preview",
                json!({"plan_id": id(&comp), "period": format!("{year}-Q1")}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        let line = preview["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["user_id"] == rep.as_str())
            .unwrap()
            .clone();
        assert_eq!(line["completion"], "120.00", "{line}");
        assert_eq!(line["performance_pay"]["amount"], "51480.00", "{line}");
        let explained: Vec<(String, String)> = line["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["amount"]["amount"].as_str().unwrap().to_owned(),
                    e["label"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let amounts: Vec<&str> = explained.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(
            amounts,
            ["8000.00", "30000.00", "9000.00", "7800.00", "4680.00"]
        );
        assert!(explained[3].1.contains("40"), "{explained:?}");
        assert!(explained[4].1.contains("100"), "{explained:?}");

        // Another rep with nothing signed and nothing forecast: × 1 on both lines.
        let other = preview["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["user_id"] == r.reps[1].as_str())
            .unwrap()
            .clone();
        let last: Vec<&str> = other["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .take(2)
            .map(|e| e["amount"]["amount"].as_str().unwrap())
            .collect();
        assert_eq!(last, ["0.00", "0.00"], "{other}");
        app.stop().await;
    }
}
