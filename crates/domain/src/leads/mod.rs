//! Leads: duplicate detection keys and matching, import column recognition, status rules
//! and routing. The pool's rules are shared with customers: `crate::pool`.

pub mod columns;
pub mod dedupe;
pub mod routing;
pub mod rules;
pub mod status;
