//! The OpenAPI document: every route is in it, and the committed copy is current.

use reqwest::StatusCode;

use crate::helpers::{Client, TestApp};

#[tokio::test]
async fn the_committed_document_is_current() {
    let doc = serde_json::to_string_pretty(&closer_server::openapi()).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var("CLOSER_UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &doc).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == doc,
        "docs/openapi.json is stale: run `make openapi` and commit it (and the UI types it generates)"
    );
    assert!(doc.contains("\"openapi\": \"3.1.0\""));
}

#[tokio::test]
async fn every_documented_operation_is_served_and_guarded() {
    for app in TestApp::all().await {
        let anonymous = Client::new(&app.base);
        let doc = closer_server::openapi();
        let mut seen = 0;
        for (path, item) in &doc.paths.paths {
            for (method, op) in [
                (reqwest::Method::GET, &item.get),
                (reqwest::Method::POST, &item.post),
                (reqwest::Method::PATCH, &item.patch),
                (reqwest::Method::DELETE, &item.delete),
            ] {
                if op.is_none() {
                    continue;
                }
                seen += 1;
                let url = path.replace("{id}", "01900000-0000-7000-8000-000000000000");
                let (status, body) = Client::send(
                    anonymous
                        .request(method.clone(), &url)
                        .json(&serde_json::json!({})),
                )
                .await;
                if path.starts_with("/api/v1/capture/") {
                    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown form key: {body}");
                } else if path == "/api/v1/auth/login" {
                    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
                } else {
                    assert_eq!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path} must need sign-in: {body}"
                    );
                }
            }
        }
        assert!(seen >= 25, "only {seen} operations documented");
        let res = reqwest::get(format!("{}/api/openapi.json", app.base))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        app.stop().await;
    }
}
