//! Every job kind the server runs, gathered from the capabilities. `closer jobs list` prints
//! the scheduled ones.

use std::time::Duration;

use crate::{
    cash, contracts, customers, leads, opportunities,
    platform::import_file,
    platform::jobs::{platform_kinds, JobKinds, OnDemand, Scheduled},
    platform::pool,
};
use closer_domain::pool::PoolKind;

/// The platform's jobs and every capability's.
#[must_use]
pub fn all() -> JobKinds {
    platform_kinds().and(JobKinds {
        scheduled: vec![
            Scheduled {
                name: "lead-recycling",
                every: Duration::from_secs(900),
                description:
                    "returns leads not followed up in time to the pool; warns owners a day ahead",
                run: |state, now| Box::pin(pool::recycle(state, now, PoolKind::Lead)),
            },
            Scheduled {
                name: "customer-recycling",
                every: Duration::from_secs(900),
                description: "returns customers not followed up in time to the customer pool (when it is on); warns owners ahead",
                run: |state, now| Box::pin(pool::recycle(state, now, PoolKind::Customer)),
            },
            Scheduled {
                name: "score-recompute",
                every: Duration::from_secs(86_400),
                description: "recomputes every customer's score (days since the last activity move on)",
                run: |state, now| Box::pin(customers::scoring::run_nightly(state, now)),
            },
            Scheduled {
                name: "approval-reminders",
                every: Duration::from_secs(3600),
                description: "reminds approvers who have sat on a step for more than a day (once per step)",
                run: |state, now| Box::pin(contracts::approvals::remind(state, now)),
            },
            Scheduled {
                name: "payment-reminders",
                every: Duration::from_secs(3600),
                description: "sends each owner (and finance) one digest a day of payments due soon or overdue, in the app and by e-mail",
                run: |state, now| Box::pin(cash::reminders::remind(state, now)),
            },
            Scheduled {
                name: "aging-roll",
                every: Duration::from_secs(3600),
                description: "buckets each tenant's aging totals as of its new day once the day has moved on",
                run: |state, now| Box::pin(cash::reminders::roll_aging(state, now)),
            },
        ],
        on_demand: vec![
            OnDemand {
                kind: cash::bank::IMPORT_JOB,
                run: |state, job| Box::pin(cash::bank::run(state, job)),
                abandoned: None,
            },
            OnDemand {
                kind: leads::imports::IMPORT_JOB,
                run: |state, job| Box::pin(leads::imports::run(state, job)),
                abandoned: Some(|state, job| Box::pin(import_file::job::abandoned(state, job))),
            },
            OnDemand {
                kind: opportunities::imports::IMPORT_JOB,
                run: |state, job| Box::pin(opportunities::import_job::run(state, job)),
                abandoned: Some(|state, job| {
                    Box::pin(import_file::job::abandoned(state, job))
                }),
            },
            OnDemand {
                kind: customers::imports::IMPORT_JOB,
                run: |state, job| Box::pin(customers::imports::run(state, job)),
                abandoned: None,
            },
            OnDemand {
                kind: customers::scoring::RECOMPUTE_JOB,
                run: |state, job| Box::pin(customers::scoring::run_for_tenant(state, job)),
                abandoned: None,
            },
        ],
    })
}
