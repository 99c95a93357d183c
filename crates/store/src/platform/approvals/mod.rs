//! The approval engine's records, generic over the record approved: flows (every edit a new
//! version), approvals with the steps copied from the flow when submitted, one task per
//! approver of the current step (the inbox), the trail, and delegations.
//!
//! The record types call [`start`], [`decide`] and [`recall`] inside their own write
//! transaction, so that an approval and what it decides (a contract made active) are one
//! write. Every decision bumps the approval's version: of two approvers deciding the same
//! step at the same moment, exactly one decision counts.

mod engine;
mod records;
mod shared;

pub(crate) use engine::start;
pub use records::ApprovalFilter;
pub use shared::{ApprovalView, Finished, Submission};
