//! Documents on customers and opportunities: upload, list, download, delete; types read from
//! the bytes; the size limit; who may see them; names in any script.

use closer_server::ServerConfig;
use closer_store::testing;
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{problem, Client, TestApp, PASSWORD};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/documents")
            .join(name),
    )
    .unwrap()
}

/// Percent-encodes a name as the UI does (`encodeURIComponent`).
fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn upload(c: &Client, parent: &str, name: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    Client::send(
        c.request(Method::POST, &format!("/api/v1/documents?{parent}"))
            .header("x-file-name", encode(name))
            .header("content-type", "application/octet-stream")
            .body(bytes),
    )
    .await
}

async fn download(c: &Client, id: &str) -> reqwest::Response {
    c.request(Method::GET, &format!("/api/v1/documents/{id}/content"))
        .send()
        .await
        .unwrap()
}

async fn customer(c: &Client, name: &str) -> String {
    let (status, made) = c.post("/api/v1/customers", json!({"name": name})).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    made["id"].as_str().unwrap().to_owned()
}

/// Every file under the app's documents folder (finished or not).
fn files_on_disk(app: &TestApp) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &app.state.config.document_files().join("documents"),
        &mut out,
    );
    out
}

async fn rows(app: &TestApp, customer: &str) -> usize {
    app.state
        .store
        .tenant(app.a.tenant.tenant_id)
        .documents(
            closer_store::activities::documents::DocumentParent::Customer(
                customer.parse().unwrap(),
            ),
            None,
            500,
        )
        .await
        .unwrap()
        .items
        .len()
}

/// A sales rep of tenant A, signed in.
async fn rep(app: &TestApp, admin: &Client, email: &str) -> Client {
    let (status, made) = admin
        .post(
            "/api/v1/users",
            json!({"email": email, "name": email, "password": PASSWORD, "role_id": app.role_a("sales_rep").await}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    app.sign_in("alpha", email, PASSWORD).await
}

#[tokio::test]
async fn upload_list_download_and_delete_on_customers_and_opportunities() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "上海示例科技有限公司").await;
        let (status, opp) = admin
            .post(
                "/api/v1/opportunities",
                json!({"customer_id": cust, "name": "仓储系统", "amount": {"amount": "250000.00", "currency": "CNY"}}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{opp}");
        let opp = opp["id"].as_str().unwrap().to_owned();
        let on_customer = format!("customer_id={cust}");

        let pdf = fixture("contract.pdf");
        let (status, contract) = upload(&admin, &on_customer, "contract.pdf", pdf.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{contract}");
        assert_eq!(contract["kind"], "pdf");
        assert_eq!(contract["content_type"], "application/pdf");
        assert_eq!(contract["size_bytes"], pdf.len());
        assert_eq!(contract["customer_id"], cust.as_str());
        assert_eq!(contract["opportunity_id"], Value::Null);
        assert_eq!(contract["uploaded_by"], admin.user_id());
        assert_eq!(contract["sha256"].as_str().unwrap().len(), 64);
        let (status, logo) = upload(&admin, &on_customer, "logo.PNG", fixture("logo.png")).await;
        assert_eq!(status, StatusCode::CREATED, "{logo}");
        assert_eq!(logo["content_type"], "image/png");
        let (status, quote) = upload(
            &admin,
            &format!("opportunity_id={opp}"),
            "quotation.docx",
            fixture("quotation.docx"),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{quote}");
        assert_eq!(quote["kind"], "docx");
        assert_eq!(quote["opportunity_id"], opp.as_str());

        // Lists: newest first, in cursor pages, each record its own.
        let (status, list) = admin.get(&format!("/api/v1/documents?{on_customer}")).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let names: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["logo.PNG", "contract.pdf"]);
        let (_, page) = admin
            .get(&format!("/api/v1/documents?{on_customer}&limit=1"))
            .await;
        assert_eq!(page["items"][0]["id"], logo["id"]);
        let next = page["next_cursor"].as_str().unwrap();
        let (_, page) = admin
            .get(&format!(
                "/api/v1/documents?{on_customer}&limit=1&cursor={next}"
            ))
            .await;
        assert_eq!(page["items"][0]["id"], contract["id"]);
        assert_eq!(page["next_cursor"], Value::Null);
        let (_, list) = admin
            .get(&format!("/api/v1/documents?opportunity_id={opp}"))
            .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);

        // A file of several MiB streams in and out whole (the JSON body limit is 1 MiB).
        let mut scan = pdf.clone();
        let mut x: u32 = 7;
        while scan.len() < 3 * 1024 * 1024 + 1234 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            scan.push((x >> 16) as u8);
        }
        let (status, big) = upload(&admin, &on_customer, "scan.pdf", scan.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{big}");
        let res = download(&admin, big["id"].as_str().unwrap()).await;
        assert_eq!(
            res.headers()[header::CONTENT_LENGTH],
            scan.len().to_string()
        );
        assert!(res.bytes().await.unwrap().as_ref() == scan.as_slice());
        let (status, _) = admin
            .delete(&format!(
                "/api/v1/documents/{}",
                big["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);

        // Metadata and download: identical bytes, the stored type, an attachment.
        let id = contract["id"].as_str().unwrap();
        let res = admin
            .request(Method::GET, &format!("/api/v1/documents/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::ETAG], "\"1\"");
        for (doc, bytes, content_type) in [
            (&contract, pdf.clone(), "application/pdf"),
            (
                &quote,
                fixture("quotation.docx"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        ] {
            let res = download(&admin, doc["id"].as_str().unwrap()).await;
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()[header::CONTENT_TYPE], content_type);
            let disposition = res.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
            assert!(disposition.starts_with("attachment;"), "{disposition}");
            assert_eq!(res.headers()["x-content-type-options"], "nosniff");
            assert!(res.bytes().await.unwrap().as_ref() == bytes.as_slice());
        }

        // Delete: a stale version is refused, then the row and the file go, and history
        // says who deleted what.
        let on_disk = files_on_disk(&app);
        assert_eq!(on_disk.len(), 3, "{on_disk:?}");
        let (status, body) = Client::send(
            admin
                .request(Method::DELETE, &format!("/api/v1/documents/{id}"))
                .header(header::IF_MATCH, "\"7\""),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::PRECONDITION_FAILED,
            "stale_version",
        );
        let (status, _) = admin.delete(&format!("/api/v1/documents/{id}")).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        for path in [
            format!("/api/v1/documents/{id}"),
            format!("/api/v1/documents/{id}/content"),
        ] {
            let (status, body) = admin.get(&path).await;
            problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        }
        let (status, body) = admin.delete(&format!("/api/v1/documents/{id}")).await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        assert_eq!(files_on_disk(&app).len(), 2, "the file is removed");
        assert_eq!(rows(&app, &cust).await, 1);
        let (status, history) = admin.get(&format!("/api/v1/documents/{id}/history")).await;
        assert_eq!(status, StatusCode::OK, "{history}");
        assert_eq!(history["items"][0]["action"], "deleted");
        assert_eq!(history["items"][0]["actor"]["id"], admin.user_id());
        let changes = history["items"][0]["changes"].as_array().unwrap();
        assert!(
            changes
                .iter()
                .any(|c| c["field"] == "name" && c["old"] == "contract.pdf" && c["new"].is_null()),
            "{changes:?}"
        );
        assert_eq!(history["items"][1]["action"], "created");
        app.stop().await;
    }
}

#[tokio::test]
async fn an_executable_or_a_misnamed_file_is_refused_and_nothing_is_kept() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "杭州示例有限公司").await;
        let on_customer = format!("customer_id={cust}");
        for (name, bytes, code) in [
            ("report.pdf", fixture("program.elf"), "executable"),
            ("report", fixture("program.elf"), "executable"),
            ("logo.pdf", fixture("logo.png"), "type_mismatch"),
            (
                "page.html",
                b"<!DOCTYPE html><html><script>x</script>".to_vec(),
                "type_not_allowed",
            ),
            ("empty.pdf", Vec::new(), "empty_file"),
        ] {
            let (status, body) = upload(&admin, &on_customer, name, bytes).await;
            problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "document_refused",
            );
            assert_eq!(body["errors"][0]["field"], "file", "{name}: {body}");
            assert_eq!(body["errors"][0]["code"], code, "{name}: {body}");
        }
        assert_eq!(rows(&app, &cust).await, 0, "no row");
        assert_eq!(
            files_on_disk(&app),
            Vec::<std::path::PathBuf>::new(),
            "no file"
        );

        // Bad parameters and names, each naming its field.
        let pdf = fixture("contract.pdf");
        let (status, body) = upload(&admin, "", "a.pdf", pdf.clone()).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "customer_id");
        let (status, body) = upload(
            &admin,
            &format!("customer_id={cust}&opportunity_id={cust}"),
            "a.pdf",
            pdf.clone(),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "opportunity_id");
        let (status, body) = upload(&admin, "customer_id=nope", "a.pdf", pdf.clone()).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "customer_id");
        let (status, body) = upload(
            &admin,
            &format!("{on_customer}&color=red"),
            "a.pdf",
            pdf.clone(),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["code"], "unknown_field");
        let (status, body) = upload(
            &admin,
            "customer_id=01900000-0000-7000-8000-000000000000",
            "a.pdf",
            pdf.clone(),
        )
        .await;
        problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        let (status, body) = Client::send(
            admin
                .request(Method::POST, &format!("/api/v1/documents?{on_customer}"))
                .body(pdf.clone()),
        )
        .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "x-file-name");
        assert_eq!(body["errors"][0]["code"], "required");
        for name in [
            "x".repeat(300),
            "C:\\fakepath\\".into(),
            "%FF%FE.pdf".into(),
        ] {
            let (status, body) = Client::send(
                admin
                    .request(Method::POST, &format!("/api/v1/documents?{on_customer}"))
                    .header("x-file-name", name.clone())
                    .body(pdf.clone()),
            )
            .await;
            problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "x-file-name", "{name}");
        }
        // A browser's fake path is reduced to the name.
        let (status, made) = Client::send(
            admin
                .request(Method::POST, &format!("/api/v1/documents?{on_customer}"))
                .header("x-file-name", "C:\\fakepath\\contract.pdf")
                .body(pdf.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["name"], "contract.pdf");
        let (status, body) = admin
            .get(&format!("/api/v1/documents?{on_customer}&limit=501"))
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "limit");
        app.stop().await;
    }
}

/// Sends a chunked upload (no length given ahead) over a raw connection, as a client that
/// streams a file would, and answers the response's status.
async fn chunked_upload(app: &TestApp, token: &str, query: &str, chunks: usize) -> u16 {
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v1/documents?{query} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         x-file-name: big.pdf\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut chunk = b"%PDF-1.7\n".to_vec();
    chunk.resize(1024, b'x');
    for _ in 0..chunks {
        let sent = async {
            stream.write_all(b"400\r\n").await?;
            stream.write_all(&chunk).await?;
            stream.write_all(b"\r\n").await
        };
        // The server may answer and close before the whole body is sent.
        if sent.await.is_err() {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    text.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0)
}

#[tokio::test]
async fn a_document_over_the_limit_is_413_and_nothing_is_kept() {
    for db in testing::databases().await {
        let app = TestApp::start(
            db,
            ServerConfig {
                max_document_bytes: 4096,
                ..ServerConfig::default()
            },
        )
        .await;
        let admin = app.admin_a().await;
        let cust = customer(&admin, "苏州示例有限公司").await;
        let on_customer = format!("customer_id={cust}");
        let mut big = fixture("contract.pdf");
        big.resize(4097, b' ');
        let (status, body) = upload(&admin, &on_customer, "big.pdf", big.clone()).await;
        problem(
            status,
            &body,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        );
        big.truncate(4096);
        let (status, body) = upload(&admin, &on_customer, "fits.pdf", big).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");

        // Without a length ahead, the count while streaming stops it.
        let (_, token) = admin
            .post(
                "/api/v1/api-tokens",
                json!({"name": "scanner", "scopes": ["customers.read", "customers.write"]}),
            )
            .await;
        let token = token["token"].as_str().unwrap();
        assert_eq!(chunked_upload(&app, token, &on_customer, 64).await, 413);
        assert_eq!(chunked_upload(&app, token, &on_customer, 3).await, 201);
        assert_eq!(rows(&app, &cust).await, 2, "only the two that fit");
        assert_eq!(files_on_disk(&app).len(), 2, "{:?}", files_on_disk(&app));

        // A client that goes away mid-upload leaves nothing behind either.
        let addr = app.base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /api/v1/documents?{on_customer} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
             x-file-name: cut.pdf\r\nContent-Length: 4000\r\n\r\n%PDF-1.7\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !files_on_disk(&app)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "part"))
        {
            assert!(
                std::time::Instant::now() < deadline,
                "the upload never began"
            );
            tokio::task::yield_now().await;
        }
        drop(stream);
        while files_on_disk(&app).len() > 2 {
            assert!(
                std::time::Instant::now() < deadline,
                "a cut-off upload left {:?}",
                files_on_disk(&app)
            );
            tokio::task::yield_now().await;
        }
        assert_eq!(rows(&app, &cust).await, 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_rep_cannot_reach_another_reps_or_another_tenants_documents() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let zhang = rep(&app, &admin, "zhang@alpha.example.com").await;
        let li = rep(&app, &admin, "li@alpha.example.com").await;
        let cust = customer(&zhang, "张伟的客户").await;
        let on_customer = format!("customer_id={cust}");
        let (status, doc) = upload(&zhang, &on_customer, "合同.pdf", fixture("contract.pdf")).await;
        assert_eq!(status, StatusCode::CREATED, "{doc}");
        let id = doc["id"].as_str().unwrap();
        let b = app.admin_b().await;
        for outsider in [&li, &b] {
            for path in [
                format!("/api/v1/documents/{id}"),
                format!("/api/v1/documents/{id}/content"),
                format!("/api/v1/documents/{id}/history"),
                format!("/api/v1/documents?{on_customer}"),
            ] {
                let (status, body) = outsider.get(&path).await;
                problem(status, &body, StatusCode::NOT_FOUND, "not_found");
            }
            let (status, body) = outsider.delete(&format!("/api/v1/documents/{id}")).await;
            problem(status, &body, StatusCode::NOT_FOUND, "not_found");
            let (status, body) =
                upload(outsider, &on_customer, "x.pdf", fixture("contract.pdf")).await;
            problem(status, &body, StatusCode::NOT_FOUND, "not_found");
        }
        assert_eq!(rows(&app, &cust).await, 1, "nothing added or removed");
        // The owner and a caller who sees the whole tenant do reach it.
        for insider in [&zhang, &admin] {
            let (status, _) = insider.get(&format!("/api/v1/documents/{id}")).await;
            assert_eq!(status, StatusCode::OK);
        }
        // Finance reads every customer but changes none: it downloads, and may not upload
        // or delete.
        let (status, made) = admin
            .post(
                "/api/v1/users",
                json!({"email": "finance@alpha.example.com", "name": "Finance", "password": PASSWORD, "role_id": app.role_a("finance").await}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let finance = app
            .sign_in("alpha", "finance@alpha.example.com", PASSWORD)
            .await;
        assert_eq!(download(&finance, id).await.status(), StatusCode::OK);
        let (status, body) = upload(&finance, &on_customer, "x.pdf", fixture("contract.pdf")).await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, body) = finance.delete(&format!("/api/v1/documents/{id}")).await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");
        let (status, _) = zhang.delete(&format!("/api/v1/documents/{id}")).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        // The history of the deleted document stays with those who see its customer.
        let (status, _) = zhang.get(&format!("/api/v1/documents/{id}/history")).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = li.get(&format!("/api/v1/documents/{id}/history")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_chinese_file_name_round_trips_in_content_disposition() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "北京示例有限公司").await;
        let name = "报价单 2024（终版）+附件.pdf";
        let (status, doc) = upload(
            &admin,
            &format!("customer_id={cust}"),
            name,
            fixture("contract.pdf"),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{doc}");
        assert_eq!(doc["name"], name);
        // Raw UTF-8 in the header is read too.
        let (status, raw) = Client::send(
            admin
                .request(
                    Method::POST,
                    &format!("/api/v1/documents?customer_id={cust}"),
                )
                .header(
                    "x-file-name",
                    header::HeaderValue::from_bytes("合同.pdf".as_bytes()).unwrap(),
                )
                .body(fixture("contract.pdf")),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{raw}");
        assert_eq!(raw["name"], "合同.pdf");

        let res = download(&admin, doc["id"].as_str().unwrap()).await;
        let disposition = res.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .to_owned();
        let encoded = disposition
            .split("filename*=UTF-8''")
            .nth(1)
            .unwrap_or_else(|| panic!("an RFC 5987 name: {disposition}"));
        let bytes: Vec<u8> = {
            let raw = encoded.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < raw.len() {
                if raw[i] == b'%' {
                    out.push(
                        u8::from_str_radix(std::str::from_utf8(&raw[i + 1..i + 3]).unwrap(), 16)
                            .unwrap(),
                    );
                    i += 3;
                } else {
                    out.push(raw[i]);
                    i += 1;
                }
            }
            out
        };
        assert_eq!(String::from_utf8(bytes).unwrap(), name, "{disposition}");
        assert!(
            disposition.contains("filename=\"") && disposition.is_ascii(),
            "an ASCII fallback too: {disposition}"
        );
        app.stop().await;
    }
}

/// A document whose file is missing from this server's folder (a second server with its own
/// folder) answers 409 saying so, not a bare 404 or a 500 (issue 11).
#[tokio::test]
async fn a_document_whose_file_is_missing_says_so() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let cust = customer(&admin, "缺文件测试有限公司").await;
        let (status, doc) = upload(
            &admin,
            &format!("customer_id={cust}"),
            "合同.pdf",
            fixture("contract.pdf"),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{doc}");
        for file in files_on_disk(&app) {
            std::fs::remove_file(file).unwrap();
        }
        let res = download(&admin, doc["id"].as_str().unwrap()).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        let body = problem(status, &body, StatusCode::CONFLICT, "document_file_missing");
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("documents folder"),
            "{body}"
        );
        app.stop().await;
    }
}
