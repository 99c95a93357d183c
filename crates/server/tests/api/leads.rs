//! Leads: create with duplicates, status, pool and claims, recycling, routing, merge, convert.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp, PASSWORD};

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

/// Two reps and a manager in tenant A.
async fn team(app: &TestApp) -> (Client, Client, Client) {
    let admin = app.admin_a().await;
    let rep = app.role_a("sales_rep").await;
    let mgr = app.role_a("sales_manager").await;
    let (_, east) = admin
        .post("/api/v1/departments", json!({"name": "East"}))
        .await;
    for (email, role) in [
        ("rep1@alpha.example.com", &rep),
        ("rep2@alpha.example.com", &rep),
        ("mgr@alpha.example.com", &mgr),
    ] {
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": email, "name": email, "password": PASSWORD, "role_id": role, "department_id": id(&east)}))
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
    )
}

#[tokio::test]
async fn leads_are_created_with_duplicate_warnings_and_blocks() {
    for app in TestApp::all().await {
        let (rep1, rep2, _) = team(&app).await;
        let (status, first) = rep1
            .post("/api/v1/leads", json!({"company_name": "上海星云科技有限公司", "contact_name": "王芳", "phone": "+86 131-2345-6789", "email": "Wang.Fang@XingYun.cn"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        assert_eq!(first["phone"], "+8613123456789");
        assert_eq!(first["email"], "wang.fang@xingyun.cn");
        assert_eq!(
            first["owner_id"],
            rep1.user_id().as_str(),
            "a rep's own entry is theirs"
        );
        assert_eq!(first["status"], "new");
        assert_eq!(first["source"], "manual");
        assert_eq!(first["duplicates"], json!([]));

        // The same company written another way, and the same phone: a warning, still created.
        let (status, second) = rep2
            .post(
                "/api/v1/leads",
                json!({"company_name": "星云科技（上海）有限公司", "phone": "0086 13123456789"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{second}");
        let dups = second["duplicates"].as_array().unwrap();
        assert_eq!(dups.len(), 1, "{second}");
        assert_eq!(dups[0]["id"], first["id"]);
        assert_eq!(dups[0]["record_type"], "lead");
        let reasons: Vec<&str> = dups[0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(
            reasons.contains(&"same_phone") && reasons.contains(&"same_company"),
            "{reasons:?}"
        );
        assert!(dups[0]["score"].as_u64().unwrap() >= 95);

        let (_, found) = rep1
            .get("/api/v1/leads/duplicates?email=WANG.FANG%40xingyun.cn")
            .await;
        assert_eq!(found["items"][0]["id"], first["id"]);
        assert_eq!(found["items"][0]["reasons"], json!(["same_email"]));

        // The same credit code is blocked on create by default, naming the field; nothing is written.
        let code = "91350100M000100Y43";
        let (status, _) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "福建某某有限公司", "credit_code": code}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, body) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "另一个名字", "credit_code": code}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "duplicate_blocked");
        assert_eq!(body["errors"][0]["field"], "credit_code");
        let (_, count) = app.admin_a().await.get("/api/v1/leads?count=true").await;
        assert_eq!(count["count"], 3);

        // A rule switched to block on create stops a phone duplicate too.
        let admin = app.admin_a().await;
        let (status, s) = admin
            .patch(
                "/api/v1/settings/leads",
                json!({"dedupe": {"phone": {"on_create": "block"}}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{s}");
        assert_eq!(s["dedupe"]["phone"]["on_update"], "warn");
        let (status, body) = rep2
            .post(
                "/api/v1/leads",
                json!({"company_name": "完全不同", "phone": "13123456789"}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "duplicate_blocked");
        assert_eq!(body["errors"][0]["field"], "phone");
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_lead_input_names_every_field_and_writes_nothing() {
    for app in TestApp::all().await {
        let (rep1, _, _) = team(&app).await;
        let (status, body) = rep1
        .post("/api/v1/leads", json!({"company_name": "", "phone": "12345", "email": "not-mail", "credit_code": "91350100M000100Y44"}))
        .await;
        problem(
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
        assert_eq!(fields, ["company_name", "phone", "email", "credit_code"]);
        let (status, body) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "A", "owner_id": "01900000-0000-7000-8000-000000000000"}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "owner_id");
        let (status, body) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "A", "campaign_id": "nope"}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "campaign_id");
        let (_, count) = rep1.get("/api/v1/leads?count=true").await;
        assert_eq!(count["count"], 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn status_moves_and_the_owner_scope() {
    for app in TestApp::all().await {
        let (rep1, rep2, mgr) = team(&app).await;
        let (_, lead) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "杭州青山制造有限公司"}),
            )
            .await;
        let path = format!("/api/v1/leads/{}", id(&lead));
        let (status, moved) = rep1.patch(&path, json!({"status": "contacted"})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(moved["status"], "contacted");
        let (status, body) = rep1.patch(&path, json!({"status": "invalid"})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "invalid_reason");
        let (status, body) = rep1.patch(&path, json!({"status": "converted"})).await;
        problem(status, &body, StatusCode::CONFLICT, "use_convert");
        let (status, dead) = rep1
            .patch(
                &path,
                json!({"status": "invalid", "invalid_reason": "空号"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(dead["invalid_reason"], "空号");
        // Another rep sees nothing of it; the manager above them does.
        let (status, _) = rep2.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, list) = rep2.get("/api/v1/leads").await;
        assert_eq!(list["items"].as_array().unwrap().len(), 0);
        let (status, _) = mgr.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        let (_, history) = rep1.get(&format!("{path}/history")).await;
        assert!(
            history["items"].as_array().is_some_and(|h| h.len() >= 3),
            "{history}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_pool_masks_claims_limits_and_cool_downs() {
    for app in TestApp::all().await {
        let (rep1, rep2, _) = team(&app).await;
        let admin = app.admin_a().await;
        let (_, lead) = rep1.post("/api/v1/leads", json!({"company_name": "深圳海风电子有限公司", "contact_name": "张海风", "phone": "13123456789", "email": "zhang@haifeng.cn"})).await;
        let lead_path = format!("/api/v1/leads/{}", id(&lead));
        let (status, released) = rep1
            .post(
                &format!("{lead_path}/release"),
                json!({"reason": "客户暂无需求"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{released}");
        assert_eq!(released["in_pool"], true);
        let (_, pool) = rep2.get("/api/v1/lead-pool").await;
        assert_eq!(pool["items"][0]["phone"], "131****6789");
        assert_eq!(pool["items"][0]["email"], "z***@***.cn");
        // Nothing else shows them either: not its history, not the search box, which finds
        // it by name but not by the number it hides.
        let (status, history) = rep2.get(&format!("{lead_path}/history")).await;
        assert_eq!(status, StatusCode::OK, "{history}");
        let text = history.to_string();
        assert!(
            !text.contains("13123456789") && !text.contains("zhang@haifeng.cn"),
            "{text}"
        );
        assert!(text.contains("131****6789"), "{text}");
        let (_, found) = rep2.get("/api/v1/search?q=13123456789").await;
        assert_eq!(found["items"], json!([]), "{found}");
        let (_, found) = rep2.get("/api/v1/search?q=海风电子").await;
        assert_eq!(
            found["items"][0]["subtitle"], "张海风 · 131****6789",
            "{found}"
        );
        // The pool list finds it by company or contact person, not by its hidden number.
        for (q, n) in [
            ("海风电子", 1),
            ("张海", 1),
            ("13123456789", 0),
            ("haifeng", 0),
        ] {
            let enc: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
            let (_, pool) = rep2.get(&format!("/api/v1/lead-pool?q={enc}")).await;
            assert_eq!(pool["items"].as_array().unwrap().len(), n, "{q}: {pool}");
        }
        // Its follow-up history stays readable in the pool, to anyone who may claim it, but
        // nobody adds to it before claiming; another rep's held lead's history is hidden.
        let (status, _) = rep1
            .post(
                "/api/v1/activities",
                json!({"kind": "note", "subject": "放回前的记录", "lead_id": id(&lead)}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "released: no longer rep1's"
        );
        let (_, held) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "一号代表自己的线索"}),
            )
            .await;
        rep1.post(
            "/api/v1/activities",
            json!({"kind": "call", "subject": "电话", "lead_id": id(&held)}),
        )
        .await;
        let (status, history) = rep2
            .get(&format!("/api/v1/activities?lead_id={}", id(&lead)))
            .await;
        assert_eq!(status, StatusCode::OK, "{history}");
        let (status, _) = rep2
            .get(&format!("/api/v1/activities?lead_id={}", id(&held)))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = rep1
            .get(&format!("/api/v1/activities?lead_id={}", id(&held)))
            .await;
        assert_eq!(status, StatusCode::OK);
        // The rep who released it waits for the cool-down.
        let (status, body) = rep1.post(&format!("{lead_path}/claim"), json!({})).await;
        problem(status, &body, StatusCode::CONFLICT, "claim_cooldown");
        let (status, claimed) = rep2.post(&format!("{lead_path}/claim"), json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(claimed["owner_id"], rep2.user_id().as_str());
        assert_eq!(claimed["phone"], "+8613123456789", "unmasked once claimed");
        let (status, body) = admin.post(&format!("{lead_path}/claim"), json!({})).await;
        problem(status, &body, StatusCode::CONFLICT, "lead_held");
        // Once it has been held a while, a rep who cannot see the holder's leads is not told
        // it exists (issue 11); a claim racing the taker a moment ago heard "held" above.
        let tenant = app.state.store.tenant(app.a.tenant.tenant_id);
        tenant
            .update_lead(
                app.a.admin.id,
                uuid::Uuid::parse_str(&id(&lead)).unwrap(),
                None,
                "updated",
                |l| {
                    l.assigned_at = Some(closer_store::now() - chrono::Duration::hours(1));
                    Ok(())
                },
            )
            .await
            .unwrap();
        let (status, body) = rep1.post(&format!("{lead_path}/claim"), json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

        // The daily limit.
        admin
            .patch(
                "/api/v1/settings/leads",
                json!({"pool": {"daily_claims": 1}}),
            )
            .await;
        let (_, other) = rep1
            .post("/api/v1/leads", json!({"company_name": "另一家公司"}))
            .await;
        rep1.post(
            &format!("/api/v1/leads/{}/release", id(&other)),
            json!({"reason": "x"}),
        )
        .await;
        let (status, body) = rep2
            .post(&format!("/api/v1/leads/{}/claim", id(&other)), json!({}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "daily_claim_limit");
        // The pool page shows the rep where they stand against the limits.
        let (status, quota) = rep2.get("/api/v1/lead-pool/quota").await;
        assert_eq!(status, StatusCode::OK, "{quota}");
        assert_eq!(
            quota,
            json!({"claimed_today": 1, "daily_limit": 1, "held": 1, "max_held": 200})
        );
        let (_, quota) = rep1.get("/api/v1/lead-pool/quota").await;
        assert_eq!(quota["claimed_today"], 0);
        let (status, body) = admin
            .patch(
                "/api/v1/settings/leads",
                json!({"pool": {"recycle_days": 0}}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "pool.recycle_days");
        app.stop().await;
    }
}

#[tokio::test]
async fn two_reps_claiming_at_once_one_wins() {
    for app in TestApp::all().await {
        let (rep1, rep2, _) = team(&app).await;
        let admin = app.admin_a().await;
        let (_, lead) = admin
            .post("/api/v1/leads", json!({"company_name": "同时认领测试公司"}))
            .await;
        admin
            .post(
                &format!("/api/v1/leads/{}/release", id(&lead)),
                json!({"reason": "pool"}),
            )
            .await;
        let path = format!("/api/v1/leads/{}/claim", id(&lead));
        let (a, b) = tokio::join!(rep1.post(&path, json!({})), rep2.post(&path, json!({})));
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::CONFLICT],
            "{} / {}",
            a.1,
            b.1
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn recycling_returns_neglected_leads_and_warns_a_day_ahead() {
    for app in TestApp::all().await {
        let (rep1, _, _) = team(&app).await;
        let (_, lead) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "北京长城软件有限公司"}),
            )
            .await;
        let (_, followed) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "北京黄河贸易有限公司"}),
            )
            .await;
        let created: chrono::DateTime<chrono::Utc> =
            lead["created_at"].as_str().unwrap().parse().unwrap();
        let protected: chrono::DateTime<chrono::Utc> =
            lead["protected_until"].as_str().unwrap().parse().unwrap();
        assert_eq!(protected - created, chrono::Duration::days(7));
        // A call on the second lead two days in pushes its protection out and marks it contacted.
        let (status, _) = rep1
            .post("/api/v1/activities", json!({"kind": "call", "subject": "首次电话", "lead_id": id(&followed), "occurred_at": (created + chrono::Duration::days(2)).to_rfc3339()}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, followed) = rep1.get(&format!("/api/v1/leads/{}", id(&followed))).await;
        assert_eq!(followed["status"], "contacted");

        // Six and a half days in: the owner is warned about the first lead only.
        let recycle = |days: f64| {
            closer_server::platform::jobs::run_scheduled(
                &app.state,
                "lead-recycling",
                created + chrono::Duration::minutes((days * 1440.0) as i64),
            )
        };
        let out = recycle(6.5).await.unwrap().unwrap();
        assert_eq!(out, json!({"returned": 0, "warned": 1}));
        app.run_jobs().await;
        let (_, inbox) = rep1.get("/api/v1/notifications").await;
        assert!(
            inbox["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["kind"] == "lead_recycling_soon"),
            "{inbox}"
        );
        // Eight days in: it is back in the pool, with the reason in its history.
        let out = recycle(8.0).await.unwrap().unwrap();
        assert_eq!(out["returned"], 1);
        let (status, gone) = rep1.get(&format!("/api/v1/leads/{}", id(&lead))).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "a pool lead is visible to pool members"
        );
        assert_eq!(gone["in_pool"], true);
        let (_, history) = app
            .admin_a()
            .await
            .get(&format!("/api/v1/leads/{}/history", id(&lead)))
            .await;
        let reason = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["action"] == "returned_to_pool")
            .unwrap();
        assert!(reason["changes"][0]["new"]
            .as_str()
            .unwrap()
            .contains("7 days"));
        // The rep it was taken from must wait before claiming it again.
        let (status, body) = rep1
            .post(&format!("/api/v1/leads/{}/claim", id(&lead)), json!({}))
            .await;
        problem(status, &body, StatusCode::CONFLICT, "claim_cooldown");
        let (_, kept) = rep1.get(&format!("/api/v1/leads/{}", id(&followed))).await;
        assert_eq!(kept["in_pool"], false, "followed up: still protected");
        app.stop().await;
    }
}

#[tokio::test]
async fn routing_rules_take_turns_in_a_group() {
    for app in TestApp::all().await {
        let (rep1, rep2, _) = team(&app).await;
        let admin = app.admin_a().await;
        let (status, rule) = admin
            .post("/api/v1/assignment-rules", json!({"name": "华东轮询", "conditions": {"provinces": ["上海", "浙江"]}, "group_user_ids": [rep1.user_id(), rep2.user_id()]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{rule}");
        let mut owners = Vec::new();
        for n in 0..4 {
            let (_, l) = admin
                .post(
                    "/api/v1/leads",
                    json!({"company_name": format!("轮询公司{n}"), "province": "上海市"}),
                )
                .await;
            owners.push(l["owner_id"].as_str().unwrap().to_owned());
        }
        assert_eq!(
            owners,
            [
                rep1.user_id(),
                rep2.user_id(),
                rep1.user_id(),
                rep2.user_id()
            ]
        );
        let (_, other) = admin
            .post(
                "/api/v1/leads",
                json!({"company_name": "北方公司", "province": "北京"}),
            )
            .await;
        assert_eq!(
            other["owner_id"],
            admin.user_id().as_str(),
            "no rule matched: the creator owns it"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn converting_makes_customer_contact_and_opportunity_once() {
    for app in TestApp::all().await {
        let (rep1, _, _) = team(&app).await;
        let (_, lead) = rep1
            .post("/api/v1/leads", json!({"company_name": "苏州远航物流有限公司", "contact_name": "陈明", "phone": "13912345678", "title": "采购经理"}))
            .await;
        let path = format!("/api/v1/leads/{}/convert", id(&lead));
        let (status, done) = rep1
            .post(&path, json!({"create_opportunity": true, "opportunity_name": "仓储系统", "amount": {"amount": "250000.00", "currency": "CNY"}}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{done}");
        assert_eq!(done["customer"]["name"], "苏州远航物流有限公司");
        assert_eq!(done["customer"]["lead_id"], lead["id"]);
        assert_eq!(done["contact"]["name"], "陈明");
        assert_eq!(done["contact"]["phone"], "+8613912345678");
        assert_eq!(
            done["opportunity"]["amount"],
            json!({"amount": "250000.00", "currency": "CNY"})
        );
        assert_eq!(done["opportunity"]["stage"]["key"], "initial_contact");
        assert_eq!(done["opportunity"]["stage"]["win_rate"], "10");
        assert_eq!(done["lead"]["status"], "converted");
        assert_eq!(done["lead"]["customer_id"], done["customer"]["id"]);
        let (status, body) = rep1.post(&path, json!({"create_opportunity": false})).await;
        problem(status, &body, StatusCode::CONFLICT, "lead_not_open");
        let (status, customer) = rep1
            .get(&format!("/api/v1/customers/{}", id(&done["customer"])))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(customer["owner_id"], rep1.user_id().as_str());

        // The lead's history names the records and people it points at, never a bare id.
        let (_, history) = rep1
            .get(&format!("/api/v1/leads/{}/history", id(&lead)))
            .await;
        let changes: Vec<&Value> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["changes"].as_array().unwrap())
            .collect();
        let change = |field: &str| {
            changes
                .iter()
                .find(|c| c["field"] == field && !c["new"].is_null())
                .unwrap_or_else(|| panic!("a {field} change in {history}"))
        };
        assert_eq!(change("customer_id")["new_label"], "苏州远航物流有限公司");
        assert_eq!(change("customer_id")["new_resource"], "customers");
        assert_eq!(change("contact_id")["new_label"], "陈明");
        assert_eq!(change("contact_id")["new_resource"], "contacts");
        assert_eq!(change("opportunity_id")["new_label"], "仓储系统");
        assert_eq!(change("owner_id")["new_label"], "rep1@alpha.example.com");
        assert_eq!(change("owner_id")["new_resource"], "users");
        for c in &changes {
            if c["new"]
                .as_str()
                .is_some_and(|v| uuid::Uuid::parse_str(v).is_ok())
            {
                assert!(c["new_label"].is_string(), "{c}");
            } else {
                assert!(c.get("new_label").is_none(), "{c}");
            }
        }
        // Handed to another rep, the customer is no longer named (nor linked) to rep1, whose
        // lead still points at it; the people it names stay named.
        let mgr = app
            .sign_in("alpha", "mgr@alpha.example.com", PASSWORD)
            .await;
        let rep2 = app
            .sign_in("alpha", "rep2@alpha.example.com", PASSWORD)
            .await;
        let (status, body) = mgr
            .post(
                "/api/v1/customers/transfer",
                json!({"from_user_id": rep1.user_id(), "to_user_id": rep2.user_id(), "all": true}),
            )
            .await;
        assert!(status.is_success(), "{body}");
        let (_, history) = rep1
            .get(&format!("/api/v1/leads/{}/history", id(&lead)))
            .await;
        let customer_change = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["changes"].as_array().unwrap())
            .find(|c| c["field"] == "customer_id" && !c["new"].is_null())
            .unwrap()
            .clone();
        assert!(
            ["（无权查看）", "(not visible to you)"]
                .contains(&customer_change["new_label"].as_str().unwrap()),
            "{customer_change}"
        );
        assert!(
            customer_change.get("new_resource").is_none(),
            "{customer_change}"
        );
        // Their manager, who sees both reps, reads the name.
        let (_, seen_by_mgr) = mgr
            .get(&format!("/api/v1/leads/{}/history", id(&lead)))
            .await;
        let named = seen_by_mgr["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["changes"].as_array().unwrap())
            .find(|c| c["field"] == "customer_id" && !c["new"].is_null())
            .unwrap()
            .clone();
        assert_eq!(named["new_label"], "苏州远航物流有限公司");
        assert_eq!(named["new_resource"], "customers");
        let (status, body) = mgr
            .post(
                "/api/v1/customers/transfer",
                json!({"from_user_id": rep2.user_id(), "to_user_id": rep1.user_id(), "all": true}),
            )
            .await;
        assert!(status.is_success(), "{body}");

        // A second lead of the same company joins the existing customer.
        let (_, again) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "远航物流（苏州）有限公司", "contact_name": "李雷"}),
            )
            .await;
        let (status, joined) = rep1
            .post(
                &format!("/api/v1/leads/{}/convert", id(&again)),
                json!({"create_opportunity": false}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{joined}");
        assert_eq!(joined["existing_customer"], true);
        assert_eq!(joined["customer"]["id"], done["customer"]["id"]);
        assert!(joined["opportunity"].is_null());
        let (_, contacts) = rep1
            .get(&format!(
                "/api/v1/contacts?customer_id={}",
                id(&done["customer"])
            ))
            .await;
        assert_eq!(contacts["items"].as_array().unwrap().len(), 2);
        // Bad money is refused.
        let (_, third) = rep1
            .post("/api/v1/leads", json!({"company_name": "第三家公司"}))
            .await;
        let (status, body) = rep1
            .post(&format!("/api/v1/leads/{}/convert", id(&third)), json!({"create_opportunity": true, "amount": {"amount": "1.234", "currency": "CNY"}}))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "amount.amount");
        let (status, body) = rep1
            .post(
                &format!("/api/v1/leads/{}/convert", id(&third)),
                json!({"create_opportunity": true, "amount": {"amount": "1", "currency": "USD"}}),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "amount.currency");
        app.stop().await;
    }
}

#[tokio::test]
async fn merging_keeps_activities_and_both_histories() {
    for app in TestApp::all().await {
        let (rep1, _, _) = team(&app).await;
        let (_, keep) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "广州白云食品有限公司"}),
            )
            .await;
        let (_, dup) = rep1
            .post(
                "/api/v1/leads",
                json!({"company_name": "白云食品（广州）有限公司", "phone": "020-88886666"}),
            )
            .await;
        rep1.post(
            "/api/v1/activities",
            json!({"kind": "note", "subject": "客户要样品", "lead_id": id(&dup)}),
        )
        .await;
        let (status, merged) = rep1
            .post(
                &format!("/api/v1/leads/{}/merge", id(&keep)),
                json!({"duplicate_id": id(&dup)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{merged}");
        assert_eq!(
            merged["phone"], "+862088886666",
            "missing fields come from the duplicate"
        );
        let (_, acts) = rep1
            .get(&format!("/api/v1/activities?lead_id={}", id(&keep)))
            .await;
        assert_eq!(acts["items"][0]["subject"], "客户要样品");
        let (_, closed) = rep1.get(&format!("/api/v1/leads/{}", id(&dup))).await;
        assert_eq!(closed["status"], "invalid");
        assert_eq!(closed["merged_into_id"], keep["id"]);
        let (_, h) = rep1
            .get(&format!("/api/v1/leads/{}/history", id(&dup)))
            .await;
        assert!(h["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "merged_into"));
        let (status, body) = rep1
            .post(
                &format!("/api/v1/leads/{}/merge", id(&keep)),
                json!({"duplicate_id": id(&keep)}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "merge_same");
        // The merged-away lead is in no pool: the search box finds only the one kept, as the
        // lists do.
        let q: String = "白云食品".bytes().map(|b| format!("%{b:02X}")).collect();
        let (_, found) = rep1.get(&format!("/api/v1/search?q={q}")).await;
        let ids: Vec<&str> = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["kind"] == "lead")
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, vec![id(&keep)], "{found}");
        app.stop().await;
    }
}

#[tokio::test]
async fn web_forms_create_pool_leads_and_refuse_bots_and_floods() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, form) = admin
            .post("/api/v1/capture-forms", json!({"name": "官网咨询表单"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{form}");
        let url = form["url"].as_str().unwrap().to_owned();
        let public = Client::new(&app.base);
        let (status, _) = public.post(&url, json!({"company_name": "官网来的公司", "phone": "13700001111", "contact_name": "赵六"})).await;
        assert_eq!(status, StatusCode::ACCEPTED);
        // A bot fills the honeypot: accepted, dropped.
        let (status, _) = public
            .post(
                &url,
                json!({"company_name": "Spam Inc", "website_url": "http://spam.example"}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED);
        // Form-encoded posts work as plain HTML forms send them.
        let res = public
            .request(reqwest::Method::POST, &url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("company_name=%E8%A1%A8%E5%8D%95%E5%85%AC%E5%8F%B8&email=a%40form.example.com")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        let (_, pool) = admin.get("/api/v1/lead-pool").await;
        let names: Vec<&str> = pool["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["company_name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["表单公司", "官网来的公司"],
            "unrouted web leads wait in the pool; the bot's is gone"
        );
        assert_eq!(pool["items"][1]["source"], "web_form");
        let (status, body) = public.post(&url, json!({"company_name": ""})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, _) = public
            .post("/api/v1/capture/no-such-form", json!({"company_name": "X"}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Ten posts a minute from one address, then 429.
        let mut throttled = false;
        for n in 0..12 {
            let (status, _) = public
                .post(&url, json!({"company_name": format!("Flood {n}")}))
                .await;
            throttled |= status == StatusCode::TOO_MANY_REQUESTS;
        }
        assert!(throttled);
        app.stop().await;
    }
}

#[tokio::test]
async fn saved_views_belong_to_their_user() {
    for app in TestApp::all().await {
        let (rep1, rep2, _) = team(&app).await;
        let (status, view) = rep1.post("/api/v1/saved-views", json!({"resource": "leads", "name": "我的新线索", "query": {"status": "new", "sort": "-created_at"}})).await;
        assert_eq!(status, StatusCode::CREATED, "{view}");
        let (_, mine) = rep1.get("/api/v1/saved-views?resource=leads").await;
        assert_eq!(mine["items"][0]["query"]["status"], "new");
        let (_, theirs) = rep2.get("/api/v1/saved-views?resource=leads").await;
        assert_eq!(theirs["items"], json!([]));
        let (status, _) = rep2
            .delete(&format!("/api/v1/saved-views/{}", id(&view)))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = rep1
            .post(
                "/api/v1/saved-views",
                json!({"resource": "rockets", "name": "x", "query": {}}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, _) = rep1
            .delete(&format!("/api/v1/saved-views/{}", id(&view)))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        app.stop().await;
    }
}

#[tokio::test]
async fn the_list_sorts_by_company_or_last_change_across_pages() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let names = [
            "Delta Ltd",
            "alpha Ltd",
            "Charlie Ltd",
            "Bravo Ltd",
            "Echo Ltd",
        ];
        let mut ids = Vec::new();
        for name in names {
            let (status, lead) = admin
                .post(
                    "/api/v1/leads",
                    json!({"company_name": name, "owner_id": admin.user_id()}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{lead}");
            ids.push(id(&lead));
        }
        // Touch the first lead so it is the most recently changed.
        let (status, _) = admin
            .patch(
                &format!("/api/v1/leads/{}", ids[0]),
                json!({"title": "CEO"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let walk = |sort: &'static str| {
            let admin = &admin;
            async move {
                let mut out = Vec::new();
                let mut cursor = String::new();
                loop {
                    let (status, page) = admin
                        .get(&format!(
                            "/api/v1/leads?sort={sort}&limit=2&cursor={cursor}"
                        ))
                        .await;
                    assert_eq!(status, StatusCode::OK, "{page}");
                    for l in page["items"].as_array().unwrap() {
                        out.push(l["company_name"].as_str().unwrap().to_owned());
                    }
                    match page["next_cursor"].as_str() {
                        Some(c) => cursor = c.to_owned(),
                        None => break out,
                    }
                }
            }
        };
        let by_name = walk("company_name").await;
        let mut expected: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        expected.sort();
        assert_eq!(by_name, expected, "byte order, every lead once");
        let mut reversed = expected.clone();
        reversed.reverse();
        assert_eq!(walk("-company_name").await, reversed);
        assert_eq!(walk("-updated_at").await[0], "Delta Ltd");
        assert_eq!(walk("updated_at").await.last().unwrap(), "Delta Ltd");
        assert_eq!(walk("-created_at").await[0], "Echo Ltd");
        // By the creation date itself (a lead restored or seeded with its own), not by entry.
        {
            use closer_store::entity::lead;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let old = chrono::DateTime::parse_from_rfc3339("2020-01-02T03:04:05Z")
                .unwrap()
                .with_timezone(&chrono::Utc);
            lead::Entity::update_many()
                .col_expr(lead::Column::CreatedAt, old.into())
                .filter(lead::Column::Id.eq(uuid::Uuid::parse_str(&ids[4]).unwrap()))
                .exec(app.state.store.db())
                .await
                .unwrap();
        }
        assert_eq!(walk("created_at").await[0], "Echo Ltd");
        assert_eq!(walk("-created_at").await.last().unwrap(), "Echo Ltd");
        assert_eq!(walk("-created_at").await[0], "Bravo Ltd");
        // A rep's list never starts from a lead they cannot see: a bare id of someone
        // else's lead as the cursor has nothing after it (nothing of it is read).
        let (rep, _, _) = team(&app).await;
        for name in ["Able Ltd", "Zulu Ltd"] {
            let (status, _) = rep
                .post(
                    "/api/v1/leads",
                    json!({"company_name": name, "owner_id": rep.user_id()}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let (status, page) = rep
            .get(&format!(
                "/api/v1/leads?sort=company_name&cursor={}",
                ids[1]
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["items"], json!([]), "{page}");
        // A lead renamed while the list is paged on does not cut the list short.
        let (_, first) = admin.get("/api/v1/leads?sort=company_name&limit=2").await;
        let last = first["items"][1].clone();
        let next = first["next_cursor"].as_str().unwrap().to_owned();
        let (status, _) = admin
            .patch(
                &format!("/api/v1/leads/{}", id(&last)),
                json!({"company_name": "Zz Renamed Ltd"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (_, rest) = admin
            .get(&format!(
                "/api/v1/leads?sort=company_name&limit=50&cursor={next}"
            ))
            .await;
        let rest: Vec<&str> = rest["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["company_name"].as_str().unwrap())
            .collect();
        // Able, Bravo on the first page; Bravo renamed: the rest goes on after "Bravo Ltd".
        assert_eq!(
            rest,
            [
                "Charlie Ltd",
                "Delta Ltd",
                "Echo Ltd",
                "Zulu Ltd",
                "Zz Renamed Ltd",
                "alpha Ltd"
            ],
            "{first}"
        );
        let (status, body) = admin.get("/api/v1/leads?sort=phone").await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "sort");
        app.stop().await;
    }
}

/// Search matches the text as typed: `%`, `_` and `\` are not wildcards (issue 11).
#[tokio::test]
async fn search_matches_wildcard_characters_literally() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        for name in [
            "苏州甲乙有限公司",
            "苏州100%科技有限公司",
            "上海_下划线有限公司",
        ] {
            let (status, body) = admin
                .post("/api/v1/leads", json!({"company_name": name}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
            let (status, body) = admin.post("/api/v1/customers", json!({"name": name})).await;
            assert_eq!(status, StatusCode::CREATED, "{body}");
        }
        let names = |v: &Value| -> Vec<String> {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    i.get("company_name")
                        .or_else(|| i.get("name"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect()
        };
        for list in ["/api/v1/leads", "/api/v1/customers"] {
            let cases = [
                ("%25", vec!["苏州100%科技有限公司"]),
                ("_", vec!["上海_下划线有限公司"]),
                ("苏州%25公司", vec![]),
                ("%5C", vec![]),
                ("苏州", vec!["苏州100%科技有限公司", "苏州甲乙有限公司"]),
            ];
            for (q, expected) in cases {
                let (status, body) = admin.get(&format!("{list}?q={q}")).await;
                assert_eq!(status, StatusCode::OK, "{body}");
                let mut found = names(&body);
                found.sort();
                let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
                expected.sort();
                assert_eq!(found, expected, "{list}?q={q}");
            }
        }
        // Letter case does not matter, on either engine.
        for (path, body) in [
            ("/api/v1/leads", json!({"company_name": "ACME Robotics"})),
            ("/api/v1/customers", json!({"name": "ACME Robotics"})),
        ] {
            let (status, created) = admin.post(path, body).await;
            assert_eq!(status, StatusCode::CREATED, "{created}");
        }
        for q in ["acme", "Acme", "ROBOT", "me rob"] {
            let q = q.replace(' ', "%20");
            for list in ["/api/v1/leads", "/api/v1/customers"] {
                let (_, found) = admin.get(&format!("{list}?q={q}")).await;
                assert_eq!(
                    names(&found),
                    vec!["ACME Robotics".to_owned()],
                    "{list}?q={q}"
                );
            }
            let (_, found) = admin.get(&format!("/api/v1/search?q={q}")).await;
            assert_eq!(found["items"].as_array().unwrap().len(), 2, "{q}: {found}");
        }
        // A search read through the text index pages like any list, in the list's order.
        for list in ["/api/v1/leads", "/api/v1/customers"] {
            let q: String = "苏州".bytes().map(|b| format!("%{b:02X}")).collect();
            let (_, first) = admin.get(&format!("{list}?q={q}&limit=1")).await;
            let (_, all) = admin.get(&format!("{list}?q={q}")).await;
            assert_eq!(first["items"][0], all["items"][0], "{list}");
            let cursor = first["next_cursor"].as_str().expect("a second page");
            let (_, second) = admin
                .get(&format!("{list}?q={q}&limit=1&cursor={cursor}"))
                .await;
            assert_eq!(second["items"][0], all["items"][1], "{list}");
            assert_eq!(second["next_cursor"], Value::Null, "{list}: {second}");
            let (_, count) = admin.get(&format!("{list}?q={q}&count=true")).await;
            assert_eq!(count["count"], 2, "{list}");
        }
        // People too: `%` is a percent sign, not "everyone".
        let role = app.role_a("sales_rep").await;
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": "pct_rep@alpha.example.com", "name": "百分百_销售", "password": crate::helpers::PASSWORD, "role_id": role}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        for (q, expected) in [("%25", 0), ("_", 1), ("百分百_", 1), ("百分%25", 0)] {
            let (status, body) = admin.get(&format!("/api/v1/users?q={q}")).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(
                body["items"].as_array().unwrap().len(),
                expected,
                "/users?q={q}: {body}"
            );
        }
        app.stop().await;
    }
}
