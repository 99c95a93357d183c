//! Leads: duplicate detection keys and matching, import column recognition, and the rules of
//! status, the pool, claiming and recycling.

pub mod columns;
pub mod dedupe;
