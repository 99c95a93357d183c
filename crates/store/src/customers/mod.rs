//! Customers and contacts, the customer pool, scores.

pub mod pool;
pub mod records;
pub mod scoring;
