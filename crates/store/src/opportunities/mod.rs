//! Opportunities: sales processes, deals and their stage changes, the forecast's totals,
//! products and quotes.

pub mod forecast;
pub mod imports;
pub mod lead_conversion;
pub mod process;
pub mod quotes;
pub mod records;
pub mod splits;
pub mod team;
