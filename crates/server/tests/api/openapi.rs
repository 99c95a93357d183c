//! The OpenAPI document: every route is in it, and the committed copy is current.

use reqwest::StatusCode;

use crate::helpers::{Client, TestApp};

#[tokio::test]
async fn the_committed_document_is_current() {
    let doc = serde_json::to_string_pretty(&closer_server::openapi_json()).unwrap() + "\n";
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

#[test]
fn every_operation_states_its_errors_as_problem_documents() {
    let doc = closer_server::openapi_json();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for (code, r) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    let content = r["content"].as_object().unwrap();
                    assert!(
                        content.keys().all(|k| k == "application/problem+json"),
                        "{method} {path} {code}: {content:?}"
                    );
                }
            }
            let public = path == "/api/v1/auth/login" || path.starts_with("/api/v1/capture/");
            if !public {
                for code in ["401", "403"] {
                    assert!(responses.contains_key(code), "{method} {path} lacks {code}");
                }
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path} lacks 404");
            }
            if op.get("requestBody").is_some() {
                for code in ["400", "415", "422"] {
                    assert!(responses.contains_key(code), "{method} {path} lacks {code}");
                }
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "path" && p["name"] == "id" {
                    assert_eq!(p["schema"]["format"], "uuid", "{method} {path}");
                }
                if p["in"] == "query" && p["name"] == "limit" {
                    assert_eq!(p["schema"]["maximum"], 500, "{method} {path}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} operations");
}

/// Every type the document names is named once: utoipa keeps the last of two schemas with
/// the same name, silently changing what the other operation's document says.
#[test]
fn no_two_schemas_share_a_name() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut list = Vec::new();
    files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut list,
    );
    let mut seen: std::collections::HashMap<String, std::path::PathBuf> =
        std::collections::HashMap::new();
    let mut clashes = Vec::new();
    for path in list {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut schema_next = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("#[derive(") && line.contains("ToSchema") {
                schema_next = true;
                continue;
            }
            if schema_next && line.starts_with("pub ") {
                let name = line
                    .split_whitespace()
                    .nth(2)
                    .unwrap_or_default()
                    .trim_end_matches(['{', '(', ';'])
                    .split('<')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                if let Some(first) = seen.insert(name.clone(), path.clone()) {
                    clashes.push(format!(
                        "{name}: {} and {}",
                        first.display(),
                        path.display()
                    ));
                }
                schema_next = false;
            } else if schema_next && !line.starts_with("#[") && !line.starts_with("///") {
                schema_next = false;
            }
        }
    }
    assert!(
        clashes.is_empty(),
        "schemas named twice:\n{}",
        clashes.join("\n")
    );
}
