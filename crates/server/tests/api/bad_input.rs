//! Bad input gets a clear 4xx problem document naming the field, and writes nothing.

use reqwest::{header, Method, StatusCode};
use serde_json::json;

use crate::helpers::{problem, Client, TestApp};

#[tokio::test]
async fn bad_bodies_are_refused_and_nothing_is_written() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        let post_raw = |body: &'static str, content_type: &'static str| {
            c.request(Method::POST, "/api/v1/departments")
                .header(header::CONTENT_TYPE, content_type)
                .body(body)
        };
        let (status, body) = Client::send(post_raw("{\"name\": ", "application/json")).await;
        problem(status, &body, StatusCode::BAD_REQUEST, "malformed_json");
        let (status, body) = Client::send(post_raw("{\"name\": 42}", "application/json")).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "name");
        assert_eq!(body["errors"][0]["code"], "invalid_type");
        let (status, body) = Client::send(post_raw(
            "{\"name\": \"East\", \"colour\": \"red\"}",
            "application/json",
        ))
        .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "colour");
        assert_eq!(body["errors"][0]["code"], "unknown_field");
        let (status, body) = Client::send(post_raw("{}", "application/json")).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "name");
        assert_eq!(body["errors"][0]["code"], "required");
        let (status, body) =
            Client::send(post_raw("name=East", "application/x-www-form-urlencoded")).await;
        problem(
            status,
            &body,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
        let (status, body) = c.post("/api/v1/departments", json!({"name": "   "})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["code"], "required");
        let (status, body) = c
            .post("/api/v1/departments", json!({"name": "x".repeat(201)}))
            .await;
        assert_eq!(body["errors"][0]["code"], "too_long");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, body) = c
            .post(
                "/api/v1/departments",
                json!({"name": "Orphan", "parent_id": "not-an-id"}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "parent_id");
        let big = format!("{{\"name\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
        let (status, body) = Client::send(
            c.request(Method::POST, "/api/v1/departments")
                .header(header::CONTENT_TYPE, "application/json")
                .body(big),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        );

        let rep_role = app.role_a("sales_rep").await;
        let (status, body) = c.post("/api/v1/users", json!({"email": "not-an-email", "name": "A", "password": "long enough pw", "role_id": rep_role})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "email");
        let (status, body) = c.post("/api/v1/users", json!({"email": "a@alpha.example.com", "name": "A", "password": "short", "role_id": rep_role})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["errors"][0]["field"], "password");
        assert_eq!(body["errors"][0]["code"], "too_short");

        let (_, departments) = c.get("/api/v1/departments").await;
        assert_eq!(
            departments["items"].as_array().unwrap().len(),
            1,
            "only the root: nothing was written"
        );
        let (_, users) = c.get("/api/v1/users?count=true").await;
        assert_eq!(users["count"], 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn field_errors_speak_the_request_language() {
    for app in TestApp::all().await {
        let mut c = app.admin_a().await;
        c.lang = "zh-CN".into();
        let (_, body) = c.post("/api/v1/departments", json!({"name": ""})).await;
        assert_eq!(body["title"], "输入有误");
        assert_eq!(body["errors"][0]["message"], "必填");
        c.lang = "en".into();
        let (_, body) = c.post("/api/v1/departments", json!({"name": ""})).await;
        assert_eq!(body["errors"][0]["message"], "Required");
        app.stop().await;
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_problems() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        let (status, body) = c.get("/api/v1/no-such-thing").await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        let (status, body) = c.delete("/api/v1/departments").await;
        let body = problem(
            status,
            &body,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        );
        assert!(
            !body["title"].as_str().unwrap().contains("冲突")
                && !body["title"].as_str().unwrap().contains("Conflict"),
            "said to be a conflict: {body}"
        );
        let (status, body) = c.get("/api/v1/users?limit=100000").await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        let (status, body) = c.get("/api/v1/users?limit=abc").await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "limit");
        let (status, body) = c.get("/api/v1/users?colour=red").await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "colour");
        assert_eq!(body["errors"][0]["code"], "unknown_field");
        // A parameter given twice is named, not left as the whole query.
        let (status, body) = c.get("/api/v1/contracts?sort=amount&sort=-amount").await;
        assert_eq!(
            crate::helpers::refused_field(status, &body),
            ("sort".into(), "duplicate".into())
        );
        let (status, _) = c.get("/api/v1/departments/not-an-id").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        app.stop().await;
    }
}

#[tokio::test]
async fn every_refused_field_is_named_at_once() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        let rep_role = app.role_a("sales_rep").await;
        let (status, body) = c
        .post("/api/v1/users", json!({"email": "nope", "name": " ", "password": "short", "role_id": rep_role, "language": "fr"}))
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
        assert_eq!(fields, ["email", "name", "password", "language"]);
        app.stop().await;
    }
}

/// Text past its limit is refused naming the field — never cut short and stored — and
/// nothing is written.
#[tokio::test]
async fn text_past_its_limit_is_refused_not_cut() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        let long = |n: usize| "款".repeat(n);
        let (status, cust) = c
            .post(
                "/api/v1/customers",
                json!({"name": "上海长文本科技有限公司"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{cust}");
        let cust = cust["id"].as_str().unwrap().to_owned();
        let money = json!({"amount": "100.00", "currency": "CNY"});
        let refused = [
            (
                "/api/v1/payments",
                json!({"customer_id": cust, "amount": money, "received_on": "2026-02-20", "reference": long(201)}),
                "reference",
                200,
            ),
            (
                "/api/v1/payments",
                json!({"customer_id": cust, "amount": money, "received_on": "2026-02-20", "payer_name": long(201)}),
                "payer_name",
                200,
            ),
            (
                "/api/v1/contracts",
                json!({"customer_id": cust, "name": "长条款", "amount": money, "terms": long(20_001)}),
                "terms",
                20_000,
            ),
            (
                "/api/v1/customers",
                json!({"name": "来源过长有限公司", "source": long(61)}),
                "source",
                60,
            ),
            (
                "/api/v1/products",
                json!({"name": "长编码", "kind": "product", "sku": long(61), "list_price": money}),
                "sku",
                60,
            ),
            (
                "/api/v1/webhooks",
                json!({"url": "https://hooks.example.com/x", "events": ["lead.created"], "description": long(201)}),
                "description",
                200,
            ),
            (
                "/api/v1/approval-flows",
                json!({"record_type": "refund", "name": long(201), "steps": [
                    {"name": "财务审批", "approvers": {"kind": "role", "role_key": "admin"}, "mode": "any"}]}),
                "name",
                200,
            ),
        ];
        for (path, body, field, max) in refused {
            let (status, answer) = c.post(path, body).await;
            problem(
                status,
                &answer,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(answer["errors"][0]["field"], field, "{path}: {answer}");
            assert_eq!(answer["errors"][0]["code"], "too_long", "{path}: {answer}");
            let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(message.contains(&max.to_string()), "{path}: {answer}");
        }
        // At the limit it is kept whole.
        let (status, paid) = c
            .post(
                "/api/v1/payments",
                json!({"customer_id": cust, "amount": money, "received_on": "2026-02-20", "reference": long(200)}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{paid}");
        assert_eq!(paid["reference"], long(200));
        // Nothing else was written.
        for (list, n) in [
            ("/api/v1/payments?count=true", 1),
            ("/api/v1/contracts?count=true", 0),
            ("/api/v1/customers?count=true", 1),
            ("/api/v1/products", 0),
            ("/api/v1/approval-flows", 0),
        ] {
            let (_, body) = c.get(list).await;
            let got = body["count"]
                .as_i64()
                .unwrap_or_else(|| body["items"].as_array().map_or(-1, |a| a.len() as i64));
            assert_eq!(got, n, "{list}: {body}");
        }
        let (_, hooks) = c.get("/api/v1/webhooks").await;
        assert_eq!(hooks["items"].as_array().unwrap().len(), 0, "{hooks}");
        app.stop().await;
    }
}
