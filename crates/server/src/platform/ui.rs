//! The browser UI, embedded in the binary, and the API docs page.

use axum::{
    body::Body,
    http::{header, HeaderValue, StatusCode, Uri},
    response::{IntoResponse, Response},
};

include!(concat!(env!("OUT_DIR"), "/ui_assets.rs"));

const NOT_BUILT: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Closer</title></head>\
<body style=\"font-family:sans-serif;max-width:40em;margin:4em auto\"><h1>Closer</h1>\
<p>The API is running, but this binary was built without the UI.</p>\
<p>Build it with <code>make build</code> (or <code>make run</code>), which builds <code>web/</code> \
with npm and embeds it. 界面尚未构建：请运行 <code>make build</code>。</p>\
<p>API: <a href=\"/api/openapi.json\">/api/openapi.json</a></p></body></html>";

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn asset(path: &str) -> Option<&'static [u8]> {
    ASSETS.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}

fn respond(path: &str, bytes: &'static [u8]) -> Response {
    let mut res = Response::new(Body::from(bytes));
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    // Vite fingerprints files under assets/: they never change under the same name.
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

/// Serves a UI file, or `index.html` for the UI's own routes.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(bytes) = asset(path) {
        return respond(path, bytes);
    }
    if path.starts_with("api/") || path.starts_with("assets/") {
        return crate::platform::error::ApiError::not_found().into_response();
    }
    match asset("index.html") {
        Some(bytes) => respond("index.html", bytes),
        None => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NOT_BUILT,
        )
            .into_response(),
    }
}

/// `/api/docs`: Swagger UI over `/api/openapi.json`, from the UI build's vendored assets.
pub async fn docs() -> Response {
    match asset("api-docs/index.html") {
        Some(bytes) => respond("api-docs/index.html", bytes),
        None => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NOT_BUILT,
        )
            .into_response(),
    }
}
