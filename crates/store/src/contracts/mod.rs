//! Contracts with their revisions and lines, the orders that fulfil them.

pub mod amendments;
pub(crate) mod completion;
pub mod orders;
pub mod records;
