//! Results: a company's history imported with its real dates (Salesforce headers, stages by
//! name, customers matched or created, duplicates skipped, bad rows refused by field), then
//! the pipeline and efficiency reports exact on it — within the caller's scope — and as
//! files.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    import_deals as import, problem, upload_deals as upload, Client, TestApp, PASSWORD,
};

fn urlencoding(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn amount(v: &Value) -> &str {
    v["amount"].as_str().unwrap()
}

#[tokio::test]
#[allow(clippy::too_many_lines)]
async fn imported_history_makes_the_reports_right_from_day_one() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, me) = admin.get("/api/v1/me").await;
        let root = me["user"]["department_id"].as_str().unwrap().to_owned();
        let rep_role = app.role_a("sales_rep").await;
        let (status, rep) = admin
            .post("/api/v1/users", json!({"email": "wang@a.test", "name": "王芳", "password": PASSWORD, "role_id": rep_role, "department_id": root}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{rep}");
        let (_, product) = admin
            .post("/api/v1/products", json!({"name": "云存储", "kind": "service", "product_line": "云", "list_price": {"amount": "100.00", "currency": "CNY"}}))
            .await;
        let product_id = product["id"].as_str().unwrap().to_owned();

        let file = "Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date,Opportunity Owner,Product\n\
            Deal A,甲公司,\"1,000.00\",Closed Won,2025-03-10,2025-03-01,wang@a.test,云存储\n\
            Deal B,甲公司,500,Closed Lost,2025-04-05,2025-03-20,王芳,\n\
            Deal C,乙公司,300.50,初步接洽,2025-12-31,2025-05-01,,Cloud Storage Pro\n\
            Deal D,乙公司,200.01,赢单,2025-03-31,2025-03-01,,\n\
            Deal A,甲公司,1000,Closed Won,2025-03-10,2025-03-01,wang@a.test,\n\
            Deal E,丙公司,USD 100,Closed Won,2025-03-10,2025-03-01,,\n\
            Deal F,丙公司,100,Won,2099-03-10,2025-03-01,,\n\
            Deal G,丙公司,100,Negotiation/Review,2025-03-10,2025-03-01,,\n\
            Deal H,丙公司,100,Closed Won,2025-03-10,2025-03-01,nobody@a.test,\n\
            Deal I,丁公司,100,Closed Won,0001-02-03,2025-03-01,,\n\
            Deal J,丁公司,9999999999999999.99,Closed Won,2025-03-10,2025-03-01,,\n";
        // The upload previews the rows and lists the stage and product values that name
        // nothing, with a near product offered.
        let (status, imp) = upload(&admin, file).await;
        assert_eq!(status, StatusCode::CREATED, "{imp}");
        assert_eq!(imp["rows_total"], 11);
        assert_eq!(imp["unmatched"]["stages"][0]["value"], "Negotiation/Review");
        assert_eq!(
            imp["unmatched"]["products"][0]["value"],
            "Cloud Storage Pro"
        );
        assert_eq!(imp["preview"][4]["duplicate"], true, "{}", imp["preview"]);
        let codes: Vec<String> = imp["preview"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| {
                r["errors"].as_array().unwrap().iter().map(|e| {
                    format!(
                        "{}:{}",
                        e["field"].as_str().unwrap(),
                        e["code"].as_str().unwrap()
                    )
                })
            })
            .collect();
        for expected in [
            "amount:currency_mismatch",
            "close_date:in_future",
            "stage:unknown_stage",
            "owner:unknown_reference",
            "product:unknown_product",
            // No business date in the year 1; no amount above the API's ceiling.
            "close_date:invalid_format",
            "amount:too_large",
        ] {
            assert!(
                codes.contains(&expected.to_owned()),
                "{expected} in {codes:?}"
            );
        }
        // A value mapped to something that does not exist is refused by its path.
        let (status, body) = admin
            .post(
                &format!(
                    "/api/v1/opportunities/imports/{}/preview",
                    imp["id"].as_str().unwrap()
                ),
                json!({"values": {"stage": {"Negotiation/Review": imp["id"]}}}),
            )
            .await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "values.stage.Negotiation/Review");

        // The mapping step: the unknown stage and the near-miss product mapped.
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let stages = processes["items"][0]["stages"].as_array().unwrap().clone();
        let quotation = stages.iter().find(|s| s["key"] == "quotation").unwrap()["id"].clone();
        let result = import(
            &app,
            &admin,
            file,
            json!({"stage": {"Negotiation/Review": quotation}, "product": {"Cloud Storage Pro": product_id}}),
        )
        .await;
        assert_eq!(result, json!({"imported": 5, "rejected": 5, "skipped": 1}));
        // Importing the same file again skips every deal it already made (C, its product
        // now unmapped, is refused instead).
        let again = import(
            &app,
            &admin,
            file,
            json!({"stage": {"Negotiation/Review": quotation}}),
        )
        .await;
        assert_eq!(again, json!({"imported": 0, "rejected": 6, "skipped": 5}));

        // 甲, 乙 and 丙 were created, once each.
        let (_, customers) = admin.get("/api/v1/customers?q=公司").await;
        assert_eq!(
            customers["items"].as_array().unwrap().len(),
            3,
            "{customers}"
        );

        // Pipeline by month: won and lost where they closed, open where expected.
        let (status, by_month) = admin.get("/api/v1/analytics/pipeline?group_by=month").await;
        assert_eq!(status, StatusCode::OK, "{by_month}");
        let rows = by_month["rows"].as_array().unwrap();
        let month = |k: &str| rows.iter().find(|r| r["key"] == k).unwrap().clone();
        assert_eq!(month("2025-03")["won_count"], 2);
        assert_eq!(amount(&month("2025-03")["won_amount"]), "1200.01");
        assert_eq!(amount(&month("2025-04")["lost_amount"]), "500.00");
        assert_eq!(amount(&month("2025-12")["open_amount"]), "300.50");
        assert_eq!(amount(&by_month["total"]["open_amount"]), "400.50");
        // Deal G is open in the quotation stage, expected 2025-03.
        assert_eq!(amount(&month("2025-03")["open_amount"]), "100.00");
        let quotation_rate = stages.iter().find(|s| s["key"] == "quotation").unwrap()["win_rate"]
            .as_str()
            .unwrap()
            .parse::<i64>()
            .unwrap();
        assert_eq!(
            amount(&month("2025-03")["open_expected_amount"]),
            format!("{quotation_rate}.00"),
            "100.00 at the quotation stage's rate"
        );
        // Each owner's expected amount is the forecast's for them.
        let (_, by_owner) = admin.get("/api/v1/analytics/pipeline?group_by=owner").await;
        let owners = by_owner["rows"].as_array().unwrap();
        assert!(!owners.is_empty());
        for row in owners {
            let (_, forecast) = admin
                .get(&format!(
                    "/api/v1/forecast?owner_id={}",
                    row["key"].as_str().unwrap()
                ))
                .await;
            assert_eq!(
                row["open_expected_amount"], forecast["expected_amount"],
                "{row}"
            );
            assert_eq!(row["open_amount"], forecast["amount"], "{row}");
        }
        // A period narrows to what closed (or is expected to) in it.
        let (_, march) = admin
            .get("/api/v1/analytics/pipeline?group_by=month&period=2025-03")
            .await;
        assert_eq!(march["rows"].as_array().unwrap().len(), 1);
        let (_, empty) = admin.get("/api/v1/analytics/pipeline?period=2019").await;
        assert_eq!(empty["rows"], json!([]));
        // By product: the whole amount counts for the deal's product.
        let (_, by_product) = admin
            .get("/api/v1/analytics/pipeline?group_by=product")
            .await;
        let cloud = by_product["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == product_id.as_str())
            .unwrap()
            .clone();
        assert_eq!(cloud["name"], "云存储");
        assert_eq!(amount(&cloud["won_amount"]), "1000.00");
        assert_eq!(amount(&cloud["open_amount"]), "300.50");
        let (_, by_line) = admin
            .get("/api/v1/analytics/pipeline?group_by=product_line")
            .await;
        assert!(by_line["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"] == "云"));

        // Efficiency: 王芳 won A (9 days) and lost B; the administrator won D (30 days).
        let (_, eff) = admin
            .get("/api/v1/analytics/efficiency?group_by=owner")
            .await;
        let row = |id: &str| {
            eff["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["key"] == id)
                .unwrap()
                .clone()
        };
        let wang = row(rep["id"].as_str().unwrap());
        assert_eq!(wang["name"], "王芳");
        assert_eq!(
            (wang["won_count"].as_i64(), wang["lost_count"].as_i64()),
            (Some(1), Some(1))
        );
        assert_eq!(wang["win_rate_of_closed"], "50.00");
        assert_eq!(wang["win_rate_of_all"], "50.00");
        assert_eq!(wang["average_cycle_days"], "9.00");
        assert_eq!(amount(&wang["average_won_amount"]), "1000.00");
        let initial = wang["stage_dwell_days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["stage"]["key"] == "initial_contact")
            .unwrap()
            .clone();
        // A: 9 days in the first stage, B: 16 days → 12.50.
        assert_eq!(initial["average_days"], "12.50");
        let boss = row(&admin.user_id());
        assert_eq!(boss["win_rate_of_closed"], "100.00");
        // D won, C and G open: won ÷ all = 1 ÷ 3.
        assert_eq!(boss["win_rate_of_all"], "33.33");
        assert_eq!(boss["average_cycle_days"], "30.00");
        // The team: 2 won of 3 closed; cycles 9 and 30 → 19.50.
        assert_eq!(eff["team_average"]["win_rate_of_closed"], "66.67");
        assert_eq!(eff["team_average"]["average_cycle_days"], "19.50");

        // Within the caller's scope: the rep sees their own deals only.
        let wang_client = app.sign_in("alpha", "wang@a.test", PASSWORD).await;
        let (status, own) = wang_client
            .get("/api/v1/analytics/pipeline?group_by=owner")
            .await;
        assert_eq!(status, StatusCode::OK, "{own}");
        assert_eq!(own["rows"].as_array().unwrap().len(), 1);
        assert_eq!(own["rows"][0]["key"], rep["id"]);
        // Another tenant sees none of it.
        let other = app.admin_b().await;
        let (_, theirs) = other.get("/api/v1/analytics/pipeline").await;
        assert_eq!(theirs["rows"], json!([]));

        // One search box: customers and deals by a substring, Chinese included, in scope.
        let (status, found) = admin
            .get(&format!("/api/v1/search?q={}", urlencoding("甲公")))
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        let kinds: Vec<(String, String)> = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["kind"].as_str().unwrap().to_owned(),
                    h["title"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(
            kinds.contains(&("customer".into(), "甲公司".into())),
            "{kinds:?}"
        );
        let (_, deals) = admin.get("/api/v1/search?q=Deal").await;
        assert_eq!(
            deals["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|h| h["kind"] == "opportunity")
                .count(),
            5
        );
        let (_, mine) = wang_client.get("/api/v1/search?q=Deal").await;
        let titles: Vec<&str> = mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["kind"] == "opportunity")
            .map(|h| h["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles.len(),
            2,
            "the rep finds their own deals only: {titles:?}"
        );
        let (_, none) = other.get("/api/v1/search?q=Deal").await;
        assert_eq!(none["items"], json!([]));
        for (query, field) in [("q=%20", "q"), ("q=a&limit=0", "limit")] {
            let (status, body) = admin.get(&format!("/api/v1/search?{query}")).await;
            let p = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(p["errors"][0]["field"], field, "{query}");
        }

        // Every main record type exports; the deals' file is one the import reads back.
        let export = |path: &'static str| {
            let admin = &admin;
            async move {
                let response = admin.request(Method::GET, path).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::OK, "{path}");
                response.text().await.unwrap()
            }
        };
        let deals_csv = export("/api/v1/opportunities?format=csv").await;
        assert!(
            deals_csv.contains(
                "Deal A,甲公司,1000.00,CNY,赢单,2025-03-10,2025-03-01,wang@a.test,云存储"
            ),
            "{deals_csv}"
        );
        // The file holds what the list shows: its search and its order.
        let sorted = export("/api/v1/opportunities?format=csv&sort=amount").await;
        let amounts: Vec<f64> = sorted
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(3).unwrap().parse().unwrap())
            .collect();
        assert_eq!(amounts.len(), 5, "{sorted}");
        assert!(
            amounts.windows(2).all(|w| w[0] <= w[1]),
            "smallest first: {sorted}"
        );
        assert_eq!(amounts.last(), Some(&1000.0), "{sorted}");
        let found = export("/api/v1/opportunities?format=csv&q=Deal%20B").await;
        assert_eq!(found.lines().count(), 2, "{found}");
        assert!(found.contains("Deal B,甲公司,500.00"), "{found}");
        assert!(export("/api/v1/customers?format=csv")
            .await
            .contains("乙公司"));
        assert!(export("/api/v1/contacts?format=csv")
            .await
            .starts_with("\u{feff}id,name,customer"));
        let round_trip = import(
            &app,
            &admin,
            deals_csv.trim_start_matches('\u{feff}'),
            json!({}),
        )
        .await;
        assert_eq!(
            round_trip,
            json!({"imported": 0, "rejected": 0, "skipped": 5})
        );

        // As files; bad questions named by field.
        let response = admin
            .request(
                Method::GET,
                "/api/v1/analytics/pipeline?group_by=month&format=csv",
            )
            .send()
            .await
            .unwrap();
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("csv"));
        let text = response.text().await.unwrap();
        assert!(
            text.contains("2025-03,2025-03,1,100.00,60.00,2,1200.01,0,0.00"),
            "{text}"
        );
        let response = admin
            .request(Method::GET, "/api/v1/analytics/efficiency?format=xlsx")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.bytes().await.unwrap().starts_with(b"PK"));
        for (query, field) in [
            ("group_by=colour", "group_by"),
            ("period=2025-13", "period"),
            ("format=pdf", "format"),
            ("department_id=nope", "department_id"),
        ] {
            let (status, body) = admin
                .get(&format!("/api/v1/analytics/pipeline?{query}"))
                .await;
            let p = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(p["errors"][0]["field"], field, "{query}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn campaigns_pay_back_and_losses_are_explained() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, campaign) = admin
            .post("/api/v1/campaigns", json!({"name": "春季展会", "channel": "expo", "cost": {"amount": "1000.00", "currency": "CNY"}}))
            .await;
        let campaign_id = campaign["id"].as_str().unwrap().to_owned();
        let (_, stages) = admin.get("/api/v1/sales-processes").await;
        let stages = stages["items"][0]["stages"].as_array().unwrap().clone();
        let stage = |key: &str| {
            stages.iter().find(|s| s["key"] == key).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let mut deals = Vec::new();
        for (i, amount) in ["3000.00", "500.00", "700.00"].iter().enumerate() {
            let (status, lead) = admin
                .post("/api/v1/leads", json!({"company_name": format!("展会客户{i}号"), "email": format!("expo{i}@roi.example.com"), "source": "expo", "campaign_id": campaign_id}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{lead}");
            let (status, done) = admin
                .post(
                    &format!("/api/v1/leads/{}/convert", lead["id"].as_str().unwrap()),
                    json!({"create_opportunity": true, "opportunity_name": format!("展会商机{i}"), "amount": {"amount": amount, "currency": "CNY"}}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{done}");
            assert_eq!(done["opportunity"]["campaign_id"], campaign_id.as_str());
            deals.push(done["opportunity"]["id"].as_str().unwrap().to_owned());
        }
        // One lead of the campaign not converted, one of no campaign.
        for (name, body) in [
            (
                "未转化",
                json!({"company_name": "展会未转化", "email": "n@roi.example.com", "source": "expo", "campaign_id": campaign_id}),
            ),
            (
                "官网",
                json!({"company_name": "官网客户", "email": "w@roi.example.com", "source": "web"}),
            ),
        ] {
            let (status, lead) = admin.post("/api/v1/leads", body).await;
            assert_eq!(status, StatusCode::CREATED, "{name}: {lead}");
        }
        let (status, deal) = admin
            .patch(
                &format!("/api/v1/opportunities/{}", deals[1]),
                json!({"competitors": [{"name": "Rival Soft"}]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{deal}");
        for (i, key, reason) in [
            (0, "won", None),
            (1, "lost", Some("价格太高")),
            (2, "lost", Some("价格太高")),
        ] {
            let (status, moved) = admin
                .post(
                    &format!("/api/v1/opportunities/{}/stage", deals[i]),
                    json!({"stage_id": stage(key), "loss_reason": reason}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{moved}");
        }

        // Two visits today: the rep's efficiency counts them, and the leads they converted.
        let (_, some_customer) = admin.get("/api/v1/customers?q=展会客户0号").await;
        for subject in ["拜访一", "拜访二"] {
            let (status, visit) = admin
                .post("/api/v1/activities", json!({"kind": "visit", "subject": subject, "customer_id": some_customer["items"][0]["id"], "occurred_at": closer_store::now().to_rfc3339()}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{visit}");
        }
        let year = (chrono::Utc::now() + chrono::Duration::hours(8))
            .format("%Y")
            .to_string();
        let (_, eff) = admin
            .get(&format!("/api/v1/analytics/efficiency?period={year}"))
            .await;
        let me = eff["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == admin.user_id().as_str())
            .unwrap()
            .clone();
        assert_eq!(
            (me["leads"].as_i64(), me["converted_leads"].as_i64()),
            (Some(5), Some(3)),
            "{me}"
        );
        assert_eq!(me["lead_conversion_rate"], "60.00");
        assert_eq!(me["visits"], 2);
        // 2 visits × 7 ÷ the year's days so far (Shanghai time), two decimals half up.
        let now = chrono::Utc::now();
        let jan1 = chrono::NaiveDate::from_ymd_opt(year.parse().unwrap(), 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            - chrono::Duration::hours(8);
        let days = ((now - jan1).num_seconds() + 86_399) / 86_400;
        let hundredths = (1400 * 2 + days) / (2 * days);
        assert_eq!(
            me["visits_per_week"],
            format!("{}.{:02}", hundredths / 100, hundredths % 100).as_str(),
            "{me}"
        );
        let (_, all_time) = admin.get("/api/v1/analytics/efficiency").await;
        assert_eq!(all_time["rows"][0]["visits_per_week"], Value::Null);

        let (status, roi) = admin.get("/api/v1/analytics/campaign-roi").await;
        assert_eq!(status, StatusCode::OK, "{roi}");
        let row = roi["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["campaign_id"] == campaign_id.as_str())
            .unwrap()
            .clone();
        assert_eq!(
            (row["leads"].as_i64(), row["converted_leads"].as_i64()),
            (Some(4), Some(3))
        );
        assert_eq!(row["conversion_rate"], "75.00");
        assert_eq!(row["opportunities"], 3);
        assert_eq!(amount(&row["opportunity_amount"]), "4200.00");
        assert_eq!(amount(&row["won_amount"]), "3000.00");
        // (3,000 − 1,000) ÷ 1,000.
        assert_eq!(row["roi"], "200.00");
        let expo = roi["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["source"] == "expo")
            .unwrap()
            .clone();
        assert_eq!(expo["leads"], 4);
        assert_eq!(roi["channels"][0]["source"], "expo", "ranked by leads");
        assert_eq!(roi["by_size_tier"][0]["campaign_id"], campaign_id.as_str());
        // A deal of no campaign counts on the no-campaign row, as the pipeline counts it.
        let (_, customer) = admin
            .post("/api/v1/customers", json!({"name": "无活动客户"}))
            .await;
        let (status, plain) = admin
            .post(
                "/api/v1/opportunities",
                json!({"customer_id": customer["id"], "name": "直接商机", "amount": {"amount": "900.00", "currency": "CNY"}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{plain}");
        let (_, roi) = admin.get("/api/v1/analytics/campaign-roi").await;
        let (_, pipeline) = admin
            .get("/api/v1/analytics/pipeline?group_by=campaign")
            .await;
        for key in [Value::Null, json!(campaign_id)] {
            let row = roi["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["campaign_id"] == key)
                .unwrap_or_else(|| panic!("{key}: {roi}"))
                .clone();
            let line = pipeline["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["key"] == key)
                .unwrap_or_else(|| panic!("{key}: {pipeline}"))
                .clone();
            let counted = ["open_count", "won_count", "lost_count"]
                .iter()
                .map(|k| line[*k].as_i64().unwrap())
                .sum::<i64>();
            assert_eq!(row["opportunities"].as_i64(), Some(counted), "{key}: {roi}");
            assert_eq!(row["won_amount"], line["won_amount"], "{key}");
        }
        let none = roi["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["campaign_id"].is_null())
            .unwrap()
            .clone();
        assert!(none["opportunities"].as_i64().unwrap() >= 1, "{none}");

        let (status, wl) = admin.get("/api/v1/analytics/win-loss").await;
        assert_eq!(status, StatusCode::OK, "{wl}");
        assert_eq!(wl["reasons"][0]["reason"], "价格太高");
        assert_eq!(wl["reasons"][0]["count"], 2);
        assert_eq!(amount(&wl["reasons"][0]["amount"]), "1200.00");
        assert_eq!(wl["lost_at_stage"][0]["stage"]["key"], "initial_contact");
        assert_eq!(wl["lost_at_stage"][0]["count"], 2);
        let rival = wl["competitors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "Rival Soft")
            .unwrap()
            .clone();
        assert_eq!(
            (rival["met"].as_i64(), rival["lost_against"].as_i64()),
            (Some(1), Some(1))
        );
        assert_eq!(rival["win_rate"], "0.00");
        assert_eq!(amount(&rival["lost_amount"]), "500.00");
        // Another tenant's report knows nothing of it.
        let (_, theirs) = app.admin_b().await.get("/api/v1/analytics/win-loss").await;
        assert_eq!(theirs["reasons"], json!([]));
        app.stop().await;
    }
}

#[tokio::test]
async fn regions_measure_target_pipeline_and_coverage() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let year = (chrono::Utc::now() + chrono::Duration::hours(8))
            .date_naive()
            .format("%Y")
            .to_string();
        let rep_role = app.role_a("sales_rep").await;
        let mut reps = Vec::new();
        let mut regions = Vec::new();
        for (name, email) in [("华东大区", "east@a.test"), ("华南大区", "south@a.test")] {
            let (_, d) = admin
                .post("/api/v1/departments", json!({"name": name}))
                .await;
            let d = d["id"].as_str().unwrap().to_owned();
            let (status, u) = admin
                .post("/api/v1/users", json!({"email": email, "name": email, "password": PASSWORD, "role_id": rep_role, "department_id": d}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{u}");
            reps.push(u["id"].as_str().unwrap().to_owned());
            regions.push(d);
        }
        let (status, plan) = admin
            .post("/api/v1/target-plans", json!({"name": "年度赢单目标", "metric": "won_amount", "year": year.parse::<i32>().unwrap(), "total": "1200000.00"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{plan}");
        let plan_id = plan["id"].as_str().unwrap().to_owned();
        let months: Vec<Value> = (0..12).map(|_| json!("50000.00")).collect();
        let (status, body) = Client::send(
            admin
                .request(Method::PUT, &format!("/api/v1/target-plans/{plan_id}/allocations"))
                .json(&json!({"units": [{"department_id": regions[0], "months": months}, {"department_id": regions[1], "months": months}]})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, processes) = admin.get("/api/v1/sales-processes").await;
        let won = processes["items"][0]["stages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "won")
            .unwrap()["id"]
            .clone();
        let (_, customer) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "华东客户", "owner_id": reps[0]}),
            )
            .await;
        for (name, amount, close) in [
            ("华东赢单", "30000.00", true),
            ("华东在谈", "100000.00", false),
        ] {
            let (status, deal) = admin
                .post("/api/v1/opportunities", json!({"customer_id": customer["id"], "name": name, "amount": {"amount": amount, "currency": "CNY"}, "owner_id": reps[0], "expected_close_date": format!("{year}-12-31")}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{deal}");
            if close {
                let (status, moved) = admin
                    .post(
                        &format!(
                            "/api/v1/opportunities/{}/stage",
                            deal["id"].as_str().unwrap()
                        ),
                        json!({"stage_id": won}),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{moved}");
            }
        }
        // A deal expected to close next year is not in this year's pipeline.
        let next_year = year.parse::<i32>().unwrap() + 1;
        let (status, later) = admin
            .post("/api/v1/opportunities", json!({"customer_id": customer["id"], "name": "华东明年", "amount": {"amount": "70000.00", "currency": "CNY"}, "owner_id": reps[0], "expected_close_date": format!("{next_year}-01-15")}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{later}");
        let (status, report) = admin
            .get(&format!("/api/v1/analytics/regions?period={year}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["plan_id"], plan_id.as_str());
        let east = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["department_id"] == regions[0].as_str())
            .unwrap()
            .clone();
        assert_eq!(amount(&east["target"]), "600000.00");
        assert_eq!(amount(&east["actual"]), "30000.00");
        assert_eq!(east["rate"], "5.00");
        assert_eq!(amount(&east["gap"]), "570000.00");
        assert_eq!(east["pipeline_count"], 1);
        assert_eq!(amount(&east["pipeline_amount"]), "100000.00");
        assert_eq!(east["customers"], 1);
        // 100,000 ÷ 570,000.
        assert_eq!(east["coverage"], "17.54");
        let south = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["department_id"] == regions[1].as_str())
            .unwrap()
            .clone();
        assert_eq!(amount(&south["actual"]), "0.00");
        assert_eq!(south["coverage"], "0.00");
        // A department filter keeps its region only, every figure of it; an owner filter
        // keeps the owner's region with the owner's own figures.
        let (status, filtered) = admin
            .get(&format!(
                "/api/v1/analytics/regions?period={year}&department_id={}",
                regions[1]
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{filtered}");
        let rows = filtered["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{filtered}");
        assert_eq!(rows[0]["department_id"], regions[1].as_str());
        assert_eq!(amount(&rows[0]["actual"]), "0.00");
        let (_, theirs) = admin
            .get(&format!(
                "/api/v1/analytics/regions?period={year}&owner_id={}",
                reps[0]
            ))
            .await;
        let rows = theirs["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{theirs}");
        assert_eq!(rows[0]["department_id"], regions[0].as_str());
        assert_eq!(amount(&rows[0]["actual"]), "30000.00", "{theirs}");
        assert_eq!(rows[0]["pipeline_count"], 1);
        // The home page's figures: the company's for the administrator.
        let (status, dash) = admin.get("/api/v1/dashboards").await;
        assert_eq!(status, StatusCode::OK, "{dash}");
        assert_eq!(dash["role"], "admin");
        assert_eq!(dash["period"], year.as_str());
        assert_eq!(amount(&dash["pipeline"]["won_amount"]), "30000.00");
        assert_eq!(amount(&dash["pipeline"]["open_amount"]), "100000.00");
        assert_eq!(dash["pipeline"]["open_count"], 1);
        assert_eq!(dash["pipeline"]["won_count"], 1);
        // The same as the pipeline report of the year says, deal by deal.
        let (_, year_pipeline) = admin
            .get(&format!(
                "/api/v1/analytics/pipeline?group_by=owner&period={year}"
            ))
            .await;
        for (field, figure) in [
            ("open_count", "open_count"),
            ("won_count", "won_count"),
            ("lost_count", "lost_count"),
        ] {
            assert_eq!(
                dash["pipeline"][field], year_pipeline["total"][figure],
                "{field}: {year_pipeline}"
            );
        }
        assert_eq!(
            dash["pipeline"]["open_amount"],
            year_pipeline["total"]["open_amount"]
        );
        // 100,000 at the first stage's 10 %.
        assert_eq!(amount(&dash["pipeline"]["expected_amount"]), "10000.00");
        assert_eq!(dash["target"]["unit"], "company");
        assert_eq!(amount(&dash["target"]["target"]), "1200000.00");
        assert_eq!(dash["target"]["rate"], "2.50");
        let months = dash["won_by_month"].as_array().unwrap();
        assert_eq!(months.len(), 12);
        assert_eq!(amount(&months[11]["won_amount"]), "30000.00");
        assert!(dash["cash"]["overdue"].is_object());
        assert_eq!(dash["stuck"], json!([]));
        // Filtered to a region or a rep, the target is theirs, beside their own figures.
        let (_, east_dash) = admin
            .get(&format!("/api/v1/dashboards?department_id={}", regions[0]))
            .await;
        assert_eq!(east_dash["target"]["unit"], "department", "{east_dash}");
        assert_eq!(amount(&east_dash["target"]["target"]), "600000.00");
        assert_eq!(amount(&east_dash["target"]["actual"]), "30000.00");
        assert_eq!(east_dash["target"]["rate"], "5.00");
        let (_, south_dash) = admin
            .get(&format!("/api/v1/dashboards?department_id={}", regions[1]))
            .await;
        assert_eq!(amount(&south_dash["target"]["target"]), "600000.00");
        assert_eq!(amount(&south_dash["target"]["actual"]), "0.00");
        assert_eq!(amount(&south_dash["pipeline"]["won_amount"]), "0.00");
        let (_, rep_dash) = admin
            .get(&format!("/api/v1/dashboards?owner_id={}", reps[0]))
            .await;
        assert_eq!(rep_dash["target"]["unit"], "user", "{rep_dash}");
        assert_eq!(amount(&rep_dash["target"]["actual"]), "30000.00");

        // A rep sees their own region with their own figures, no other region; a team
        // manager sees their region with their team's figures.
        let rep = app.sign_in("alpha", "east@a.test", PASSWORD).await;
        let (status, theirs) = rep.get("/api/v1/analytics/regions").await;
        assert_eq!(status, StatusCode::OK, "{theirs}");
        let rows = theirs["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{theirs}");
        assert_eq!(rows[0]["department_id"], regions[0].as_str());
        assert_eq!(amount(&rows[0]["actual"]), "30000.00", "{theirs}");
        assert_eq!(rows[0]["pipeline_count"], 1);
        assert_eq!(rows[0]["customers"], 1);
        let (status, team) = admin
            .post(
                "/api/v1/departments",
                json!({"name": "上海组", "parent_id": regions[0]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{team}");
        let (status, _) = admin
            .post("/api/v1/users", json!({"email": "sh.lead@a.test", "name": "上海组长", "password": PASSWORD, "role_id": app.role_a("sales_manager").await, "department_id": team["id"]}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, lead) = app
            .sign_in("alpha", "sh.lead@a.test", PASSWORD)
            .await
            .get(&format!("/api/v1/analytics/regions?period={year}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{lead}");
        let rows = lead["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{lead}");
        assert_eq!(rows[0]["department_id"], regions[0].as_str());
        assert_eq!(
            rows[0]["pipeline_count"], 0,
            "the region's rep is not in the team: {lead}"
        );
        assert_eq!(amount(&rows[0]["actual"]), "0.00", "{lead}");
        let (_, own) = rep.get("/api/v1/dashboards").await;
        assert_eq!(own["role"], "sales_rep");
        assert_eq!(own["target"]["unit"], "user");
        assert_eq!(amount(&own["pipeline"]["won_amount"]), "30000.00");
        // A rep filtering by a region or a colleague learns no target of theirs.
        for filter in [
            format!("department_id={}", regions[1]),
            format!("owner_id={}", reps[1]),
        ] {
            let (status, other) = rep.get(&format!("/api/v1/dashboards?{filter}")).await;
            assert_eq!(status, StatusCode::OK, "{other}");
            assert!(other["target"].is_null(), "{filter}: {other}");
        }
        let (_, south_rep) = app
            .sign_in("alpha", "south@a.test", PASSWORD)
            .await
            .get("/api/v1/dashboards")
            .await;
        assert_eq!(
            amount(&south_rep["pipeline"]["won_amount"]),
            "0.00",
            "another rep's deals stay theirs"
        );
        // A deal in its stage since 2024 is stuck: named on the home page to whoever reads
        // deals; finance (analytics without deals or targets) sees the totals only.
        let file = "Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date\n\
                    停滞商机,停滞测试有限公司,500,初步接洽,2024-03-31,2024-01-05\n";
        let result = crate::helpers::import_deals(&app, &admin, file, json!({})).await;
        assert_eq!(result["imported"], 1, "{result}");
        let (_, dash) = admin.get("/api/v1/dashboards").await;
        assert!(
            dash["stuck"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["name"] == "停滞商机"),
            "{dash}"
        );
        // Finance and marketing read analytics without deals: totals, no deal by name; nor
        // the target without targets.read (marketing).
        for (role, email) in [
            ("finance", "finance.home@alpha.example.com"),
            ("marketing", "marketing.home@alpha.example.com"),
        ] {
            let (status, _) = admin
                .post("/api/v1/users", json!({"email": email, "name": role, "password": PASSWORD, "role_id": app.role_a(role).await}))
                .await;
            assert_eq!(status, StatusCode::CREATED);
            let (status, theirs) = app
                .sign_in("alpha", email, PASSWORD)
                .await
                .get("/api/v1/dashboards")
                .await;
            assert_eq!(status, StatusCode::OK, "{theirs}");
            assert!(theirs["pipeline"].is_object(), "{role}: {theirs}");
            assert_eq!(theirs["stuck"], json!([]), "{role}: {theirs}");
            if role == "marketing" {
                assert!(theirs["target"].is_null(), "{theirs}");
            }
        }
        let (status, body) = admin.get("/api/v1/analytics/regions?plan_id=nope").await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "plan_id");
        app.stop().await;
    }
}

/// The search box finds any part of a name, phone, e-mail or number — one Chinese character,
/// two, or more, at the start, middle or end of a field, in any letter case — from the text
/// index (issue 12), and follows renames: an old name finds nothing.
#[tokio::test]
async fn the_search_box_finds_any_part_from_its_index() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, lead) = admin
            .post(
                "/api/v1/leads",
                json!({"company_name": "北京星河科技", "contact_name": "赵敏", "phone": "13812345678", "email": "Zhao.Min@XingHe.cn"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{lead}");
        let (status, other) = admin
            .post(
                "/api/v1/leads",
                json!({"company_name": "上海远洋贸易", "phone": "13900001111"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{other}");
        let (status, customer) = admin
            .post(
                "/api/v1/customers",
                json!({"name": "深圳河山电子", "phone": "075512345678"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{customer}");
        let (status, contact) = admin
            .post(
                "/api/v1/contacts",
                json!({"customer_id": customer["id"], "name": "钱多多", "phone": "18600002222", "email": "qian@hs.cn"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{contact}");
        let (status, deal) = admin
            .post("/api/v1/opportunities", json!({"customer_id": customer["id"], "name": "河山二期扩容", "amount": {"amount": "1000.00", "currency": "CNY"}}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{deal}");

        let found = |q: &str| {
            let admin = &admin;
            let path = format!("/api/v1/search?q={}&limit=20", urlencoding(q));
            async move {
                let (status, body) = admin.get(&path).await;
                assert_eq!(status, StatusCode::OK, "{path}: {body}");
                let mut hits: Vec<(String, String)> = body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| {
                        (
                            h["kind"].as_str().unwrap().to_owned(),
                            h["title"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                hits.sort();
                hits
            }
        };
        let hit = |kind: &str, title: &str| (kind.to_owned(), title.to_owned());
        // One character, two at a field's end, a middle part of three, a last character.
        assert_eq!(found("星").await, vec![hit("lead", "北京星河科技")]);
        assert_eq!(found("科技").await, vec![hit("lead", "北京星河科技")]);
        assert_eq!(found("星河科").await, vec![hit("lead", "北京星河科技")]);
        assert_eq!(found("贸易").await, vec![hit("lead", "上海远洋贸易")]);
        assert_eq!(found("易").await, vec![hit("lead", "上海远洋贸易")]);
        // A character in several kinds' names finds each kind.
        assert_eq!(
            found("河").await,
            vec![
                hit("customer", "深圳河山电子"),
                hit("lead", "北京星河科技"),
                hit("opportunity", "河山二期扩容"),
            ]
        );
        // The contact person of a lead, a contact by name and by phone, digits in the middle.
        assert_eq!(found("赵敏").await, vec![hit("lead", "北京星河科技")]);
        assert_eq!(found("多多").await, vec![hit("contact", "钱多多")]);
        assert_eq!(found("0000222").await, vec![hit("contact", "钱多多")]);
        assert_eq!(
            found("1234567").await,
            vec![hit("customer", "深圳河山电子"), hit("lead", "北京星河科技")]
        );
        // E-mail in any letter case.
        assert_eq!(found("xinghe.CN").await, vec![hit("lead", "北京星河科技")]);
        // Letter case as the index folds it, character by character: a word's last Σ is
        // found as typed, İ as typed.
        for name in ["ΟΔΟΣ ΑΕ", "İstanbul Ticaret"] {
            let (status, body) = admin.post("/api/v1/customers", json!({"name": name})).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        assert_eq!(found("ΟΣ").await, vec![hit("customer", "ΟΔΟΣ ΑΕ")]);
        assert_eq!(found("ΔΟΣ").await, vec![hit("customer", "ΟΔΟΣ ΑΕ")]);
        assert_eq!(found("İ").await, vec![hit("customer", "İstanbul Ticaret")]);
        assert_eq!(
            found("İstanbul").await,
            vec![hit("customer", "İstanbul Ticaret")]
        );
        let (status, list) = admin
            .get(&format!(
                "/api/v1/customers?q={}&count=true",
                urlencoding("ΟΣ")
            ))
            .await;
        assert_eq!(
            (status, list["count"].clone()),
            (StatusCode::OK, json!(1)),
            "{list}"
        );
        // A NUL is bad input (no kept text holds one): 422 naming the parameter, everywhere.
        for path in [
            "/api/v1/search?q=a%00b",
            "/api/v1/search?q=%E7%A7%91%E6%8A%80%00",
            "/api/v1/leads?q=%E7%A7%91%E6%8A%80%00",
            "/api/v1/customers?q=%00%00%00&count=true",
            "/api/v1/contacts?q=ab%00",
            "/api/v1/lead-pool?q=%00",
            "/api/v1/payments?q=a%00b",
        ] {
            let (status, body) = admin.get(path).await;
            let p = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(p["errors"][0]["field"], "q", "{path}");
        }
        // Nothing that is not there; query syntax is text, not an operator.
        assert_eq!(found("星海").await, vec![]);
        assert_eq!(found("\"").await, vec![]);
        assert_eq!(found("科 OR 贸").await, vec![]);
        assert_eq!(found("*").await, vec![]);

        // A rename is found by its new name only.
        let lead_path = format!("/api/v1/leads/{}", lead["id"].as_str().unwrap());
        let (status, body) = admin
            .patch(&lead_path, json!({"company_name": "北京银月软件"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(found("星河").await, vec![]);
        assert_eq!(found("银月").await, vec![hit("lead", "北京银月软件")]);
        assert_eq!(found("件").await, vec![hit("lead", "北京银月软件")]);
        // Another tenant's box finds none of it.
        let (_, none) = app
            .admin_b()
            .await
            .get(&format!("/api/v1/search?q={}", urlencoding("河")))
            .await;
        assert_eq!(none["items"], json!([]));
        app.stop().await;
    }
}
