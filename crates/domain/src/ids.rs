//! Record ids: time-ordered UUIDv7, opaque outside.

use uuid::Uuid;

/// A new, time-ordered id.
#[must_use]
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Parses an id as it appears in a URL or a request body.
///
/// # Errors
/// When the text is not an id.
pub fn parse_id(text: &str) -> Result<Uuid, crate::InvalidValue> {
    Uuid::try_parse(text.trim()).map_err(|_| crate::InvalidValue::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_and_parse_back() {
        let a = new_id();
        let b = new_id();
        assert!(a < b, "later id sorts after the earlier one");
        assert_eq!(parse_id(&a.to_string()), Ok(a));
        assert!(parse_id("not-an-id").is_err());
    }
}
