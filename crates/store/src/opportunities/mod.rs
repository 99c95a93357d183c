//! Opportunities: sales processes, deals and their stage changes, the forecast's totals,
//! products and quotes.

pub mod lead_conversion;
pub mod quotes;
pub mod records;
