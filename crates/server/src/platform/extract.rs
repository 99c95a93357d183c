//! Request extractors that answer bad input with problem documents.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{header, request::Parts, StatusCode},
};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::platform::error::ApiError;

/// A JSON body. Malformed JSON → 400; wrong types, missing or unknown fields → 422 naming
/// the field; over the body limit → 413.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let mime = v
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "malformed_json")
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// A query string. Unknown parameters and values of the wrong type → 422 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        // No text the service keeps holds a NUL, and a database would cut a value at one:
        // it is refused as bad input, like a control character in a name.
        if let Some((key, _)) =
            form_urlencoded::parse(query.as_bytes()).find(|(_, v)| v.contains('\0'))
        {
            return Err(ApiError::field(&key, "invalid_format"));
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(value) => Ok(Self(value)),
            Err(err) => {
                let path = err.path().to_string();
                let text = err.into_inner().to_string();
                let (field, code) = if let Some(name) = between_backticks(&text, "unknown field `")
                {
                    (join(&path, &name), "unknown_field")
                } else if let Some(name) = between_backticks(&text, "missing field `") {
                    (join(&path, &name), "required")
                } else if let Some(name) = between_backticks(&text, "duplicate field `") {
                    // `?sort=a&sort=b`: the parameter given twice.
                    (join(&path, &name), "duplicate")
                } else {
                    (path, "invalid_format")
                };
                let field = if field == "." { String::new() } else { field };
                Err(ApiError::field(&field, code))
            }
        }
    }
}

/// Parses JSON text into `T`, naming the field that is wrong.
///
/// # Errors
/// 400 for text that is not JSON; 422 for JSON of the wrong shape.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(value) => Ok(value),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => {
                    let text = inner.to_string();
                    let (field, code) =
                        if let Some(name) = between_backticks(&text, "unknown field `") {
                            (join(&path, &name), "unknown_field")
                        } else if let Some(name) = between_backticks(&text, "missing field `") {
                            (join(&path, &name), "required")
                        } else if text.starts_with("invalid type") {
                            (path, "invalid_type")
                        } else {
                            (path, "invalid_format")
                        };
                    let field = if field == "." { String::new() } else { field };
                    Err(ApiError::field(&field, code))
                }
                _ => Err(ApiError::new(StatusCode::BAD_REQUEST, "malformed_json")),
            }
        }
    }
}

fn between_backticks(text: &str, prefix: &str) -> Option<String> {
    let rest = &text[text.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find('`')?].to_owned())
}

fn join(path: &str, name: &str) -> String {
    if path == name || path.ends_with(&format!(".{name}")) {
        path.to_owned()
    } else if path.is_empty() || path == "." {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The version a client says it last read, from `If-Match`. A value that cannot be parsed
/// matches no version, so it is refused with 412 by the write.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Option<i32>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Ok(Self(None));
        };
        let text = value.to_str().unwrap_or("").trim();
        if text == "*" {
            return Ok(Self(None));
        }
        // If-Match compares strongly (RFC 9110 §13.1.1): a weak tag matches no version.
        let parsed = Some(text)
            .filter(|t| !t.starts_with("W/"))
            .and_then(|t| t.trim_matches('"').parse::<i32>().ok());
        // An unparseable value can match no version: -1 is never one.
        Ok(Self(Some(parsed.unwrap_or(-1))))
    }
}

impl IfMatch {
    /// Refuses a stale version before anything else about a state change is judged (a
    /// move to the stage a deal is already in, a required task left open): the client is
    /// told first that it acted on an old copy.
    ///
    /// # Errors
    /// 412 when a version was sent and it is not `current`.
    pub fn check(self, current: i32) -> Result<(), ApiError> {
        match self.0 {
            Some(v) if v != current => Err(ApiError::new(
                axum::http::StatusCode::PRECONDITION_FAILED,
                "stale_version",
            )),
            _ => Ok(()),
        }
    }
}

/// Parses a path id; an id that is not one is simply not found.
///
/// # Errors
/// 404 when the text is not an id.
pub fn path_id(text: &str) -> Result<Uuid, ApiError> {
    closer_domain::ids::parse_id(text).map_err(|_| ApiError::not_found())
}

/// Parses `?cursor=`.
///
/// # Errors
/// 422 naming `cursor` when it is not a cursor this API gave.
pub fn cursor(text: Option<&str>) -> Result<Option<Uuid>, ApiError> {
    text.filter(|t| !t.is_empty())
        .map(|t| {
            closer_domain::ids::parse_id(t).map_err(|_| ApiError::field("cursor", "invalid_format"))
        })
        .transpose()
}

/// `?cursor=` of a list that sorts by a field: the previous page's `next_cursor`, which
/// carries the last row's sorted value beside its id.
///
/// # Errors
/// 422 on `cursor` for text that is not one.
pub fn sorted_cursor(
    text: Option<&str>,
) -> Result<Option<closer_store::platform::page::Cursor>, ApiError> {
    text.filter(|t| !t.is_empty())
        .map(|t| {
            closer_store::platform::page::Cursor::parse(t)
                .ok_or_else(|| ApiError::field("cursor", "invalid_format"))
        })
        .transpose()
}

/// `?limit=`: 50 by default, at most 500.
///
/// # Errors
/// 422 naming `limit` outside 1–500.
pub fn limit(value: Option<u64>) -> Result<u64, ApiError> {
    match value {
        None => Ok(50),
        Some(n) if (1..=500).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::field("limit", "not_allowed")),
    }
}
