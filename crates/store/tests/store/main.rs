//! Store tests: each scenario on a fresh SQLite database and, when `CLOSER_TEST_PG_URL` is
//! set, on a fresh PostgreSQL database too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backup;
mod cash;
mod credit_totals;
mod forecast_totals;
mod query_plans;
mod schema;
mod writes;

use closer_store::{tenants::NewTenant, Store};

pub async fn tenant(store: &Store, slug: &str) -> closer_store::tenants::CreatedTenant {
    store
        .create_tenant(NewTenant {
            slug: slug.into(),
            name: format!("{slug} company"),
            admin_email: format!("admin@{slug}.example.com"),
            admin_name: "Admin".into(),
            admin_password_hash: "not-a-real-hash".into(),
            language: "en-US".into(),
            currency: "CNY".into(),
        })
        .await
        .unwrap()
}
