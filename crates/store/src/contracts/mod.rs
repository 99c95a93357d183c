//! Contracts with their revisions and lines, the orders that fulfil them.

pub mod orders;
pub mod records;
