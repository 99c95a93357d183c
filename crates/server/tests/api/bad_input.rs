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
