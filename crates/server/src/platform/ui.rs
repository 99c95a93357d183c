//! The browser UI, embedded in the binary, and the API docs page.

use std::{collections::HashMap, sync::OnceLock};

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
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
    static BY_PATH: OnceLock<HashMap<&'static str, &'static [u8]>> = OnceLock::new();
    BY_PATH
        .get_or_init(|| ASSETS.iter().copied().collect())
        .get(path)
        .copied()
}

/// Whether the request accepts a content coding (`br`, `gzip`), not ruled out by `q=0`.
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let named = parts.next().is_some_and(|c| c.eq_ignore_ascii_case(coding));
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            named && !refused
        })
}

/// A UI file, as the build's brotli or gzip copy when the browser takes it.
fn respond(path: &str, bytes: &'static [u8], request: &HeaderMap) -> Response {
    let compressed = [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(coding, _)| accepts(request, coding))
        .find_map(|(coding, ext)| asset(&format!("{path}.{ext}")).map(|b| (coding, b)));
    let mut res = Response::new(Body::from(compressed.map_or(bytes, |(_, b)| b)));
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    if let Some((coding, _)) = compressed {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    if asset(&format!("{path}.gz")).is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
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
pub async fn serve(uri: Uri, request: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(bytes) = asset(path) {
        return respond(path, bytes, &request);
    }
    if path.starts_with("api/") || path.starts_with("assets/") {
        return crate::platform::error::ApiError::not_found().into_response();
    }
    match asset("index.html") {
        Some(bytes) => respond("index.html", bytes, &request),
        None => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NOT_BUILT,
        )
            .into_response(),
    }
}

/// `/api/docs`: Swagger UI over `/api/openapi.json`, from the UI build's vendored assets.
pub async fn docs(request: HeaderMap) -> Response {
    match asset("api-docs/index.html") {
        Some(bytes) => respond("api-docs/index.html", bytes, &request),
        None => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NOT_BUILT,
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
        );
        h
    }

    #[test]
    fn content_codings_are_read_with_their_weights() {
        assert!(accepts(&asking("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&asking("gzip;q=0.8, br;q=1.0"), "br"));
        assert!(!accepts(&asking("gzip, br;q=0"), "br"));
        assert!(!accepts(&asking("gzip, br; q=0.000"), "br"));
        assert!(accepts(&asking("gzip, br; q=0.000"), "gzip"));
        assert!(!accepts(&asking("identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "br"));
    }
}
