//! The quote as the customer receives it: the HTML page and the PDF from the same
//! `GET /quotes/{id}/print`, and the tenant's logo printed on both.

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp, PASSWORD};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

fn logo_fixture() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/logo.png"),
    )
    .unwrap()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header says `width` × `height` (its pixels are not there: it must be refused
/// from the header alone, before anything is decoded).
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &[0x78, 0x9C, 0x03, 0x00]);
    chunk(&mut png, b"IEND", &[]);
    png
}

async fn put_logo(c: &Client, bytes: Vec<u8>, content_type: &str) -> (StatusCode, Value) {
    Client::send(
        c.request(Method::PUT, "/api/v1/settings/logo")
            .header(header::CONTENT_TYPE, content_type)
            .body(bytes),
    )
    .await
}

async fn fetch(c: &Client, path: &str, accept: Option<&str>) -> (StatusCode, String, Vec<u8>) {
    let mut rb = c.request(Method::GET, path);
    if let Some(accept) = accept {
        rb = rb.header(header::ACCEPT, accept);
    }
    let res = rb.send().await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, res.bytes().await.unwrap().to_vec())
}

/// Every page's text, as a reader extracts it (through the fonts' Unicode maps).
fn pdf_text(bytes: &[u8]) -> (usize, String) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    (pages.len(), text)
}

/// A deal of `customer` with a quote of `lines` lines; the quote.
async fn quote(admin: &Client, lines: usize) -> Value {
    let (_, customer) = admin
        .post(
            "/api/v1/customers",
            json!({"name": "上海喆堃精密机械有限公司", "address": "上海市浦东新区张江路 88 号", "phone": "021-58880000"}),
        )
        .await;
    let (status, deal) = admin
        .post(
            "/api/v1/opportunities",
            json!({"customer_id": id(&customer), "name": "产线改造", "amount": {"amount": "1.00", "currency": "CNY"}, "expected_close_date": "2030-06-30"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{deal}");
    let lines: Vec<Value> = (0..lines)
        .map(|i| {
            json!({
                "description": format!("第 {} 项 工业网关 G200 年度运维服务（含 7×24 小时响应、季度巡检与备件更换）Annual maintenance", i + 1),
                "quantity": "2",
                "unit_price": {"amount": "1234567.89", "currency": "CNY"},
                "discount": "10"
            })
        })
        .collect();
    let (status, q) = admin
        .post(
            "/api/v1/quotes",
            json!({"opportunity_id": id(&deal), "valid_until": "2030-01-31", "lines": lines}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    q
}

#[tokio::test]
async fn a_quote_prints_as_a_pdf_a_customer_can_read() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let q = quote(&admin, 1).await;
        let path = format!("/api/v1/quotes/{}/print", id(&q));

        let (status, content_type, pdf) = fetch(&admin, &format!("{path}?format=pdf"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(content_type, "application/pdf");
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
        let (pages, text) = pdf_text(&pdf);
        assert_eq!(pages, 1);
        // 2 × 1,234,567.89 − 10 % = 2,222,222.202 → 2,222,222.20.
        for expected in [
            "报价单 Quotation",
            "Q-",
            "有效期至 Valid until: 2030-01-31",
            "上海喆堃精密机械有限公司",
            "上海市浦东新区张江路 88 号",
            "alpha Ltd",
            "¥1,234,567.89",
            "¥2,222,222.20",
            "−¥246,913.58",
            "第 1 / 1 页",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
        // The number is the HTML page's.
        let (_, _, html) = fetch(&admin, &path, None).await;
        let html = String::from_utf8(html).unwrap();
        let number = html
            .split("报价单号 No. ")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .unwrap();
        assert!(text.contains(number), "{number} not in the PDF");

        // Asking for a PDF the way a program does.
        let (status, content_type, by_accept) = fetch(&admin, &path, Some("application/pdf")).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::OK, "application/pdf")
        );
        assert!(by_accept.starts_with(b"%PDF-"));
        // A browser's Accept still gets the page.
        let (_, content_type, _) = fetch(&admin, &path, Some("text/html,*/*;q=0.8")).await;
        assert!(content_type.starts_with("text/html"), "{content_type}");
        // Another format is refused by name; another tenant sees nothing.
        let (status, body) = admin.get(&format!("{path}?format=docx")).await;
        let body = problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "format", "{body}");
        let other = app.admin_b().await;
        let (status, _, _) = fetch(&other, &format!("{path}?format=pdf"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_long_quote_runs_onto_numbered_pages_with_every_line() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let q = quote(&admin, 40).await;
        let (status, _, pdf) = fetch(
            &admin,
            &format!("/api/v1/quotes/{}/print?format=pdf", id(&q)),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        let (pages, text) = pdf_text(&pdf);
        assert!(pages >= 3, "{pages} pages");
        assert!(text.contains(&format!("第 {pages} / {pages} 页")), "{text}");
        for i in 1..=40 {
            assert!(text.contains(&format!("第 {i} 项")), "line {i} missing");
        }
        // 40 × 2,222,222.20 = 88,888,888.00.
        assert!(text.contains("¥88,888,888.00"), "{text}");
        app.stop().await;
    }
}

#[tokio::test]
async fn the_logo_is_checked_at_upload_and_printed_on_quotes() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let q = quote(&admin, 1).await;
        let path = format!("/api/v1/quotes/{}/print", id(&q));
        let (_, branding) = admin.get("/api/v1/settings/branding").await;
        assert_eq!(branding, json!({"logo": null}));
        let (status, _, _) = fetch(&admin, "/api/v1/settings/logo", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, _, html) = fetch(&admin, &path, None).await;
        assert!(String::from_utf8(html).unwrap().contains("class=mark>a<"));

        // What is not a small PNG or JPEG is refused at upload, and nothing is kept.
        for (bytes, content_type, code) in [
            (
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
                "image/png",
                "not_an_image",
            ),
            (
                b"\x89PNG\r\n\x1a\nbroken".to_vec(),
                "image/png",
                "not_an_image",
            ),
            (png_claiming(40_000, 40_000), "image/png", "too_large_image"),
        ] {
            let (status, body) = put_logo(&admin, bytes, content_type).await;
            let body = problem(
                status,
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
            );
            assert_eq!(body["errors"][0]["field"], "logo", "{body}");
            assert_eq!(body["errors"][0]["code"], code, "{body}");
            // Said in the user's language.
            assert!(
                body["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("PNG")
                    || code == "too_large_image",
                "{body}"
            );
        }
        let (status, _) = put_logo(&admin, vec![0x89; 300 * 1024], "image/png").await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        // A rep may read the logo but not change it.
        let rep_role = app.role_a("sales_rep").await;
        let (status, _) = admin
            .post("/api/v1/users", json!({"email": "logo.rep@alpha.example.com", "name": "Rep", "password": PASSWORD, "role_id": rep_role}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let rep = app
            .sign_in("alpha", "logo.rep@alpha.example.com", PASSWORD)
            .await;
        let (status, _) = put_logo(&rep, logo_fixture(), "image/png").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, branding) = admin.get("/api/v1/settings/branding").await;
        assert_eq!(branding, json!({"logo": null}), "nothing kept");

        let (status, saved) = put_logo(&admin, logo_fixture(), "image/png").await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(
            saved,
            json!({"content_type": "image/png", "width": 2, "height": 2, "bytes": 75})
        );
        let (status, content_type, bytes) = fetch(&rep, "/api/v1/settings/logo", None).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::OK, "image/png")
        );
        assert_eq!(bytes, logo_fixture());
        // Printed on the page (inside it, so a saved copy keeps it) and in the PDF.
        let (_, _, html) = fetch(&admin, &path, None).await;
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.contains("<img src=\"data:image/png;base64,") && !html.contains("class=mark>")
        );
        let (_, _, pdf) = fetch(&admin, &format!("{path}?format=pdf"), None).await;
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let images = doc
            .objects
            .values()
            .filter(|o| {
                o.as_stream()
                    .ok()
                    .and_then(|s| s.dict.get(b"Subtype").ok())
                    .and_then(|t| t.as_name().ok())
                    == Some(b"Image".as_slice())
            })
            .count();
        assert_eq!(images, 1, "the logo is drawn once");
        // Another tenant has its own (none).
        let other = app.admin_b().await;
        let (status, _, _) = fetch(&other, "/api/v1/settings/logo", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Removed: quotes show the initial again.
        let (status, _) = rep.delete("/api/v1/settings/logo").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = admin.delete("/api/v1/settings/logo").await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _, _) = fetch(&admin, "/api/v1/settings/logo", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, _, html) = fetch(&admin, &path, None).await;
        assert!(String::from_utf8(html).unwrap().contains("class=mark>"));
        app.stop().await;
    }
}
