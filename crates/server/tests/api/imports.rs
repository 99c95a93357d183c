//! Lead imports: recognised columns, encodings, preview, all-or-nothing or keep-good-rows,
//! the rejected-rows report, progress.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/imports")
            .join(name),
    )
    .unwrap()
}

async fn upload(c: &Client, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    Client::send(
        c.request(Method::POST, "/api/v1/leads/imports")
            .header("x-file-name", name)
            .header("content-type", "application/octet-stream")
            .body(bytes),
    )
    .await
}

fn field_of(import: &Value, header: &str) -> Value {
    import["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == header)
        .map(|c| c["field"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn salesforce_hubspot_gbk_and_xlsx_files_are_recognised() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, sf) = upload(
            &admin,
            "salesforce.csv",
            fixture("salesforce_leads_utf8_bom.csv"),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{sf}");
        assert_eq!(
            field_of(&sf, "FirstName"),
            "first_name",
            "the BOM is not part of the first header"
        );
        assert_eq!(field_of(&sf, "Company"), "company_name");
        assert_eq!(field_of(&sf, "LeadSource"), "source");
        assert!(sf["rows_total"].as_i64().unwrap() >= 2);
        assert_eq!(sf["preview"][0]["values"]["company_name"], "Acme Corp");
        let (status, hs) =
            upload(&admin, "hubspot.csv", fixture("hubspot_contacts_utf8.csv")).await;
        assert_eq!(status, StatusCode::CREATED, "{hs}");
        assert_eq!(field_of(&hs, "Company Name"), "company_name");
        assert_eq!(field_of(&hs, "Record ID"), "external_id");
        for (name, file) in [
            ("gbk.csv", "leads_gbk.csv"),
            ("utf16.csv", "leads_utf16le_tab.csv"),
            ("book.xlsx", "leads.xlsx"),
        ] {
            let (status, imp) = upload(&admin, name, fixture(file)).await;
            assert_eq!(status, StatusCode::CREATED, "{name}: {imp}");
            let text = imp["preview"].to_string();
            assert!(
                text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{name}: Chinese survives: {text}"
            );
        }
        // A spreadsheet renamed .csv is still read as a spreadsheet.
        let (status, _) = upload(&admin, "renamed.csv", fixture("leads.xlsx")).await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, body) = upload(&admin, "empty.csv", Vec::new()).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "file");
        app.stop().await;
    }
}

fn csv_with_bad_rows(good: usize, bad: &[usize]) -> Vec<u8> {
    let mut out = String::from("公司名称,联系人,手机,邮箱,省份\n");
    for i in 0..good + bad.len() {
        if bad.contains(&i) {
            out.push_str(&format!("坏数据公司{i},张三,12345,not-an-email,上海\n"));
        } else {
            out.push_str(&format!(
                "导入测试公司{i}号,李四,139{i:08},lead{i}@import.example.com,浙江\n"
            ));
        }
    }
    out.into_bytes()
}

#[tokio::test]
async fn all_or_nothing_unless_good_rows_are_kept() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let file = csv_with_bad_rows(197, &[10, 100, 150]);
        let (_, imp) = upload(&admin, "mixed.csv", file.clone()).await;
        assert_eq!(imp["rows_total"], 200);
        let (status, job) = admin
            .post(
                &format!(
                    "/api/v1/leads/imports/{}/start",
                    imp["id"].as_str().unwrap()
                ),
                json!({"keep_good_rows": false}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{job}");
        app.run_jobs().await;
        let (_, done) = admin
            .get(&format!("/api/v1/jobs/{}", job["id"].as_str().unwrap()))
            .await;
        assert_eq!(done["status"], "done");
        assert_eq!(
            done["result"],
            json!({"imported": 0, "rejected": 3, "warnings": 0})
        );
        let (_, imp) = admin
            .get(&format!(
                "/api/v1/leads/imports/{}",
                imp["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(imp["status"], "failed");
        let (_, count) = admin.get("/api/v1/leads?count=true").await;
        let (_, pool) = admin.get("/api/v1/lead-pool").await;
        assert_eq!(
            (
                count["count"].as_u64().unwrap(),
                pool["items"].as_array().unwrap().len()
            ),
            (0, 0),
            "nothing half-written"
        );
        // The report names each rejected row and why.
        let res = admin
            .request(
                Method::GET,
                &format!(
                    "/api/v1/leads/imports/{}/rejected",
                    imp["id"].as_str().unwrap()
                ),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let report = res.text().await.unwrap();
        let lines: Vec<&str> = report.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), 4, "{report}");
        assert!(
            lines[1].starts_with("11,") && lines[1].contains("phone") && lines[1].contains("email"),
            "{report}"
        );

        // Again, keeping the good rows: 197 arrive, in the pool (no routing rule, an import).
        let (_, imp) = upload(&admin, "mixed.csv", file).await;
        let (_, job) = admin
            .post(
                &format!(
                    "/api/v1/leads/imports/{}/start",
                    imp["id"].as_str().unwrap()
                ),
                json!({"keep_good_rows": true}),
            )
            .await;
        app.run_jobs().await;
        let (_, done) = admin
            .get(&format!("/api/v1/jobs/{}", job["id"].as_str().unwrap()))
            .await;
        assert_eq!(done["result"]["imported"], 197, "{done}");
        assert_eq!(done["progress"]["done"], done["progress"]["total"]);
        let (_, pool) = admin.get("/api/v1/lead-pool?limit=500").await;
        assert_eq!(pool["items"].as_array().unwrap().len(), 197);
        assert_eq!(pool["items"][0]["source"], "import");
        // Importing the same file once more: every row duplicates a stored lead (warnings).
        let (_, again) = upload(&admin, "mixed.csv", csv_with_bad_rows(3, &[])).await;
        assert!(
            !again["preview"][0]["duplicates"]
                .as_array()
                .unwrap()
                .is_empty(),
            "{again}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_file_without_usable_columns_cannot_start_and_mapping_can_fix_it() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, imp) = upload(
            &admin,
            "odd.csv",
            b"Firma,Telefon\nMuster GmbH,13800138000\n".to_vec(),
        )
        .await;
        let path = format!("/api/v1/leads/imports/{}", imp["id"].as_str().unwrap());
        let (status, body) = admin.post(&format!("{path}/start"), json!({})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "mapping");
        let (status, mapped) = admin
            .post(
                &format!("{path}/preview"),
                json!({"mapping": {"0": "company_name", "1": "phone"}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{mapped}");
        assert_eq!(
            mapped["preview"][0]["values"]["company_name"],
            "Muster GmbH"
        );
        let (status, body) = admin
            .post(
                &format!("{path}/preview"),
                json!({"mapping": {"0": "rocket"}}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, _) = admin.post(&format!("{path}/start"), json!({})).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let (status, body) = admin.post(&format!("{path}/start"), json!({})).await;
        problem(status, &body, StatusCode::CONFLICT, "import_started");
        app.run_jobs().await;
        let (_, imp) = admin.get(&path).await;
        assert_eq!(imp["imported"], 1);
        // A rep without the import permission is refused.
        let rep_role = app.role_a("sales_rep").await;
        admin.post("/api/v1/users", json!({"email": "r@alpha.example.com", "name": "R", "password": crate::helpers::PASSWORD, "role_id": rep_role})).await;
        let rep = app
            .sign_in("alpha", "r@alpha.example.com", crate::helpers::PASSWORD)
            .await;
        let (status, _) = upload(&rep, "x.csv", b"company\nX\n".to_vec()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        app.stop().await;
    }
}

#[tokio::test]
async fn export_is_a_csv_the_import_reads_back() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        admin
        .post(
            "/api/v1/leads",
            json!({"company_name": "导出测试有限公司", "phone": "13600001234", "province": "广东"}),
        )
        .await;
        admin
            .post(
                "/api/v1/leads",
                json!({"company_name": "Export Test Ltd", "email": "ops@export.example.com"}),
            )
            .await;
        let res = admin
            .request(Method::GET, "/api/v1/leads?format=csv")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("leads.csv"));
        let bytes = res.bytes().await.unwrap().to_vec();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.contains("导出测试有限公司") && text.contains("+8613600001234"),
            "{text}"
        );
        // Into another tenant: the columns are recognised and both rows import.
        let other = app.admin_b().await;
        let (_, imp) = upload(&other, "leads.csv", bytes).await;
        assert_eq!(field_of(&imp, "company_name"), "company_name");
        assert_eq!(imp["rows_total"], 2);
        // The same as a workbook: a real XLSX file that the import reads back.
        let res = admin
            .request(Method::GET, "/api/v1/leads?format=xlsx")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let book = res.bytes().await.unwrap().to_vec();
        assert!(book.starts_with(b"PK"), "a zip container");
        let (status, imp) = upload(&other, "leads.xlsx", book).await;
        assert_eq!(status, StatusCode::CREATED, "{imp}");
        assert_eq!(imp["rows_total"], 2);
        let text = imp["preview"].to_string();
        assert!(
            text.contains("导出测试有限公司") && text.contains("Export Test Ltd"),
            "{text}"
        );
        let (status, body) = admin.get("/api/v1/leads?format=pdf").await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_and_not_kept() {
    for db in closer_store::testing::databases().await {
        let config = closer_server::ServerConfig {
            max_upload_bytes: 1024,
            ..Default::default()
        };
        let app = TestApp::start(db, config).await;
        let admin = app.admin_a().await;
        let mut big = b"company_name\n".to_vec();
        while big.len() <= 2048 {
            big.extend_from_slice("超大文件测试公司\n".as_bytes());
        }
        let (status, body) = upload(&admin, "big.csv", big).await;
        problem(
            status,
            &body,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        );
        let kept = std::fs::read_dir(
            app.state
                .config
                .files_dir
                .join("imports")
                .join(app.a.tenant.tenant_id.to_string()),
        )
        .map(|d| d.count())
        .unwrap_or(0);
        assert_eq!(kept, 0, "the partial upload is deleted");
        let (status, _) = upload(&admin, "small.csv", b"company_name\nSmall Co\n".to_vec()).await;
        assert_eq!(status, StatusCode::CREATED);
        app.stop().await;
    }
}

#[tokio::test]
async fn owner_and_campaign_columns_assign_leads_or_reject_the_row() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, campaign) = admin
            .post("/api/v1/campaigns", json!({"name": "Spring Expo 2026"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{campaign}");
        let file = "Company,Email,Owner,Campaign\n\
            Owned One Ltd,a@owned-one.example.com,ADMIN@alpha.example.com,spring expo 2026\n\
            Owned Two Ltd,b@owned-two.example.com,Admin,\n\
            Nobody Ltd,c@nobody.example.com,ghost@alpha.example.com,\n\
            No Fair Ltd,d@nofair.example.com,,Autumn Fair\n";
        let (_, imp) = upload(&admin, "owners.csv", file.as_bytes().to_vec()).await;
        assert_eq!(field_of(&imp, "Owner"), "owner");
        assert_eq!(field_of(&imp, "Campaign"), "campaign");
        let errors: Vec<Value> = imp["preview"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["errors"].clone())
            .collect();
        assert_eq!(errors[0], json!([]), "{imp}");
        assert_eq!(errors[2][0]["field"], "owner");
        assert_eq!(errors[2][0]["code"], "unknown_reference");
        assert_eq!(errors[3][0]["field"], "campaign");
        let (_, job) = admin
            .post(
                &format!(
                    "/api/v1/leads/imports/{}/start",
                    imp["id"].as_str().unwrap()
                ),
                json!({"keep_good_rows": true}),
            )
            .await;
        app.run_jobs().await;
        let (_, done) = admin
            .get(&format!("/api/v1/jobs/{}", job["id"].as_str().unwrap()))
            .await;
        assert_eq!(
            done["result"],
            json!({"imported": 2, "rejected": 2, "warnings": 0})
        );
        let (_, mine) = admin
            .get(&format!(
                "/api/v1/leads?owner_id={}&sort=company_name",
                admin.user_id()
            ))
            .await;
        let items = mine["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "{mine}");
        assert_eq!(items[0]["company_name"], "Owned One Ltd");
        assert_eq!(items[0]["campaign_id"], campaign["id"]);
        assert_eq!(items[1]["campaign_id"], Value::Null);
        let (_, pool) = admin.get("/api/v1/lead-pool").await;
        assert_eq!(
            pool["items"],
            json!([]),
            "named owners are not routed to the pool"
        );
        app.stop().await;
    }
}

/// A CSV with a million columns is refused at upload with 422 naming the file, and keeps
/// nothing (issue 11).
#[tokio::test]
async fn an_upload_too_wide_is_refused_at_once() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let mut wide = String::from("company_name");
        for i in 0..1_000_000 {
            wide.push_str(&format!(",c{i}"));
        }
        wide.push('\n');
        let (status, body) = upload(&admin, "wide.csv", wide.into_bytes()).await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "file", "{body}");
        assert_eq!(body["errors"][0]["code"], "too_many_columns", "{body}");
        assert!(body.to_string().len() < 10_000, "a short answer");
        app.stop().await;
    }
}

/// An import whose server stopped mid-run (its lease ran out, no attempt left) does not stay
/// "running": it ends failed with a reason, stored nothing, and starts again (issue 11).
#[tokio::test]
async fn an_abandoned_import_ends_failed_and_starts_again() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, imp) = upload(&admin, "mixed.csv", csv_with_bad_rows(3, &[])).await;
        let import_path = format!("/api/v1/leads/imports/{}", imp["id"].as_str().unwrap());
        let (status, job) = admin
            .post(
                &format!("{import_path}/start"),
                json!({"keep_good_rows": true}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{job}");
        // A runner takes it and dies: its lease is already over.
        let now = closer_store::now();
        let taken = app
            .state
            .store
            .take_job("killed", now, now - chrono::Duration::seconds(1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(taken.id.to_string(), job["id"].as_str().unwrap());
        app.run_jobs().await;
        let (_, gone) = admin
            .get(&format!("/api/v1/jobs/{}", job["id"].as_str().unwrap()))
            .await;
        assert_eq!(gone["status"], "failed", "{gone}");
        let (_, failed) = admin.get(&import_path).await;
        assert_eq!(failed["status"], "failed", "{failed}");
        let (_, pool) = admin.get("/api/v1/lead-pool?limit=500").await;
        assert_eq!(pool["items"].as_array().unwrap().len(), 0, "nothing stored");
        // Started again, it runs to the end.
        let (status, again) = admin
            .post(
                &format!("{import_path}/start"),
                json!({"keep_good_rows": true}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{again}");
        assert_ne!(again["id"], job["id"]);
        app.run_jobs().await;
        let (_, done) = admin
            .get(&format!("/api/v1/jobs/{}", again["id"].as_str().unwrap()))
            .await;
        assert_eq!(done["status"], "done", "{done}");
        assert_eq!(done["result"]["imported"], 3, "{done}");
        app.stop().await;
    }
}

async fn upload_to(c: &Client, path: &str, body: &str) -> (StatusCode, Value) {
    Client::send(
        c.request(Method::POST, path)
            .header("content-type", "application/octet-stream")
            .body(body.as_bytes().to_vec()),
    )
    .await
}

async fn job_result(app: &TestApp, c: &Client, job: &Value) -> Value {
    app.run_jobs().await;
    let (_, done) = c
        .get(&format!("/api/v1/jobs/{}", job["id"].as_str().unwrap()))
        .await;
    assert_eq!(done["status"], "done", "{done}");
    done["result"].clone()
}

#[tokio::test]
async fn customers_and_contacts_import_checked_like_the_forms() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let customers = "Account Name,Phone,Email,Billing City,Industry\n\
            杭州云杉科技有限公司,0571-88886666,info@yunshan.example.com,杭州,软件\n\
            宁波海港物流有限公司,,bad-email,宁波,物流\n\
            杭州云杉科技有限公司,,,杭州,\n\
            苏州园林设计有限公司,,,苏州,设计\n";
        // A dry run checks and stores nothing.
        let (status, job) =
            upload_to(&admin, "/api/v1/customers/imports?dry_run=true", customers).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{job}");
        assert_eq!(job["rows_total"], 4);
        // Each row is checked, then stored: eight steps, none done yet.
        assert_eq!(job["progress"], json!({"done": 0, "total": 8}), "{job}");
        let result = job_result(&app, &admin, &job).await;
        assert_eq!(
            (
                result["rejected"].as_i64(),
                result["skipped"].as_i64(),
                result["imported"].as_i64()
            ),
            (Some(1), Some(1), Some(0))
        );
        assert_eq!(result["rejected_rows"][0]["row"], 2);
        assert!(result["rejected_rows"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("email"));
        // All or nothing refuses the file; keeping the good rows imports them.
        let (_, job) = upload_to(&admin, "/api/v1/customers/imports", customers).await;
        assert_eq!(job_result(&app, &admin, &job).await["imported"], 0);
        let (_, job) = upload_to(
            &admin,
            "/api/v1/customers/imports?keep_good_rows=true",
            customers,
        )
        .await;
        assert_eq!(job_result(&app, &admin, &job).await["imported"], 2);
        let (_, found) = admin.get("/api/v1/customers?q=云杉").await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1);
        assert_eq!(found["items"][0]["city"], "杭州");
        // Contacts join their customer by name; a company the tenant lacks is refused.
        let contacts = "First Name,Last Name,Title,Mobile,Email,Company\n\
            三,张,采购经理,13900001111,zhang@yunshan.example.com,杭州云杉科技有限公司\n\
            四,李,,13900002222,,不存在的公司\n\
            三,张,采购经理,13900001111,,杭州云杉科技有限公司\n";
        let (status, job) = upload_to(
            &admin,
            "/api/v1/contacts/imports?keep_good_rows=true",
            contacts,
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{job}");
        let result = job_result(&app, &admin, &job).await;
        assert_eq!(
            (
                result["imported"].as_i64(),
                result["rejected"].as_i64(),
                result["skipped"].as_i64()
            ),
            (Some(1), Some(1), Some(1)),
            "{result}"
        );
        let customer = found["items"][0]["id"].as_str().unwrap();
        let (_, people) = admin
            .get(&format!("/api/v1/contacts?customer_id={customer}"))
            .await;
        assert_eq!(people["items"][0]["name"], "张三");
        // A file without a name column is refused at upload.
        let (status, body) = upload_to(&admin, "/api/v1/contacts/imports", "Phone\n123\n").await;
        let p = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(p["errors"][0]["field"], "file.columns");
        app.stop().await;
    }
}
