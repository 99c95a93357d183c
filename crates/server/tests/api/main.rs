//! Server tests: the real server on a random port with a fresh database, driven over HTTP.
//! Each scenario runs on SQLite and, when `CLOSER_TEST_PG_URL` is set, on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod analytics;
mod auth;
mod bad_input;
mod cash;
mod cash_orders;
mod contracts;
mod customers;
mod documents;
mod helpers;
mod imports;
mod isolation;
mod jobs;
mod leads;
mod openapi;
mod opportunities;
mod org;
mod quote_print;
mod replica;
mod targets;
