//! Leads: records, duplicate detection, routing rules, campaigns.

pub mod campaigns;
pub mod dedupe;
pub mod records;
pub mod routing;
