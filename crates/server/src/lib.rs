//! Closer's HTTP server: the JSON API under `/api/v1`, sign-in, the access policy,
//! background jobs, notifications and the embedded UI.
//!
//! One folder per capability, in the order of the chain — `org`, `leads`, `customers`,
//! `opportunities`, `activities`, `contracts`, `cash`, `targets`, `performance` — each with its routes, handlers and DTOs; `platform` holds
//! what they all stand on (state, session, policy, errors, jobs, history, notifications).
//! A later capability may use an earlier one, never the reverse. `router` and `job_kinds`
//! put the capabilities together. See docs/architecture.md.

pub mod activities;
pub mod analytics;
pub mod cash;
pub mod contracts;
pub mod customers;
pub mod job_kinds;
pub mod leads;
pub mod opportunities;
pub mod org;
pub mod performance;
pub mod platform;
mod router;
pub mod targets;

pub use platform::{
    error::{ApiError, ApiResult},
    state::{AppState, ServerConfig},
};
pub use router::{openapi, openapi_json, router, serve};

impl AppState {
    /// The state of a server running every job kind the capabilities offer.
    #[must_use]
    pub fn new(store: closer_store::Store, config: ServerConfig) -> Self {
        Self::with_jobs(store, config, job_kinds::all())
    }
}
