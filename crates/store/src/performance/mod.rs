//! Incentives: compensation plans and their runs, an append-only ledger of what was paid.

pub mod compensation;
