//! Customers and contacts, the customer pool, scores.

pub mod contacts;
pub mod overview;
pub mod pool;
pub mod records;
pub mod scoring;
pub mod transfer;
