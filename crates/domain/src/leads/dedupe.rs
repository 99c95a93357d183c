//! Duplicate detection (being written).
