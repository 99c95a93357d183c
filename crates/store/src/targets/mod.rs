//! Targets: plans and their allocations, completion read live from the records, and the
//! weekly visit tasks.

pub mod completion;
pub(crate) mod credit_totals;
pub mod plans;
pub mod visits;
