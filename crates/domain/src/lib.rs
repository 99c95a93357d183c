//! Closer's business rules: value types that refuse bad input, and pure functions.
//!
//! Nothing here does I/O. Modules follow the business capabilities (`org`, `access`, …),
//! with the same names in every crate.

pub mod access;
pub mod activities;
pub mod analytics;
pub mod approvals;
pub mod cash;
pub mod contracts;
pub mod customers;
pub mod ids;
pub mod leads;
pub mod money;
pub mod opportunities;
pub mod org;
pub mod performance;
pub mod pool;
pub mod sheet;
pub mod targets;
pub mod text;

pub use text::InvalidValue;
