//! What every capability's queries stand on: errors, the write path with its history, the
//! dialect differences between SQLite and PostgreSQL, sign-in data, jobs, notifications,
//! settings, saved views, backups.

pub mod approvals;
pub mod auth;
pub mod dialect;
pub mod email;
pub mod error;
pub mod history;
pub mod jobs;
pub mod notifications;
pub mod page;
pub mod pool;
pub mod replica;
pub mod settings;
pub mod views;
pub mod webhooks;
pub(crate) mod write;
pub mod zones;
