//! SeaORM entities: one per table, the same on SQLite and PostgreSQL.

pub mod activity;
pub mod api_token;
pub mod assignment_rule;
pub mod campaign;
pub mod capture_form;
pub mod contact;
pub mod customer;
pub mod dedupe_key;
pub mod department;
pub mod history_entry;
pub mod job;
pub mod lead;
pub mod lead_claim;
pub mod lead_cooldown;
pub mod lead_import;
pub mod login_attempt;
pub mod notification;
pub mod opportunity;
pub mod role;
pub mod sales_process;
pub mod saved_view;
pub mod session;
pub mod setting;
pub mod stage;
pub mod tenant;
pub mod user;
