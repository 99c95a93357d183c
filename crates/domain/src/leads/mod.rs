//! Leads: duplicate detection keys and matching, import column recognition, status rules,
//! the pool's protection and claiming rules, and routing.

pub mod columns;
pub mod dedupe;
pub mod pool;
pub mod routing;
pub mod rules;
pub mod status;
