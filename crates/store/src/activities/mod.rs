//! What is done and kept around customers and deals: activities and documents.

pub mod documents;
pub mod records;
