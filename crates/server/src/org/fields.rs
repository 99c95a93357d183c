//! Checks of fields the organisation's forms share.

use closer_domain::{ids::parse_id, text::Name};
use uuid::Uuid;

use crate::platform::error::ApiError;

/// An id in a request body; one that is not an id refers to nothing.
pub fn body_id(field: &str, text: &str) -> Result<Uuid, ApiError> {
    parse_id(text).map_err(|_| ApiError::field(field, "unknown_reference"))
}

/// A name as people write it.
pub fn name_field(field: &str, text: &str) -> Result<String, ApiError> {
    Name::parse(text)
        .map(Name::into_string)
        .map_err(|e| ApiError::invalid(field, e))
}
