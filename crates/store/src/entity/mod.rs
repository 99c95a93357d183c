//! SeaORM entities: one per table, the same on SQLite and PostgreSQL.

pub mod api_token;
pub mod department;
pub mod history_entry;
pub mod job;
pub mod login_attempt;
pub mod notification;
pub mod role;
pub mod session;
pub mod tenant;
pub mod user;
