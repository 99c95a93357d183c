//! Shapes shared by every resource: lists, versioned answers, PATCH fields that may be null.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// A page of a list.
#[derive(Serialize, ToSchema)]
pub struct ListOf<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// `?count=true` answers this instead of a page.
#[derive(Serialize, ToSchema)]
pub struct Count {
    pub count: u64,
}

/// A record answered with its version as a strong `ETag`.
pub struct Versioned<T>(pub i32, pub T, pub StatusCode);

impl<T: Serialize> IntoResponse for Versioned<T> {
    fn into_response(self) -> Response {
        let mut res = (self.2, Json(self.1)).into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", self.0)) {
            res.headers_mut().insert(header::ETAG, v);
        }
        res
    }
}

/// For PATCH fields where absent (leave it) and `null` (clear it) differ.
///
/// # Errors
/// When the value is not of the field's type.
pub fn nullable<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}
