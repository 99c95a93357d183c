//! One migration set, written once in Rust, producing the SQLite and the PostgreSQL schema.
//!
//! SQLite cannot alter columns: later migrations add columns, or rebuild a table.

use sea_orm_migration::prelude::*;

mod m0001_platform;
mod m0002_leads;
mod m0003_customers;
mod m0004_documents;
mod m0005_opportunities;
mod m0006_quotes;
mod m0007_customer_filters;
pub(crate) mod m0008_opportunity_team_and_totals;
mod m0009_forecast_history;
mod m0010_superseded_changes;
mod m0011_scoped_learned_counts;
mod m0012_contracts;
mod m0013_cash;
pub(crate) use m0013_cash::bucket_sql as aging_bucket_sql;
mod m0014_targets;
mod m0015_results;
mod m0016_field_work;
mod m0017_new_permissions;
mod m0018_order_plans;
mod m0019_collections_factor;
pub(crate) mod m0020_credit_totals;
pub(crate) mod m0021_dimension_totals;
pub mod m0022_search_index;
mod m0023_margin_and_forecast_factors;
pub mod m0024_superseding_in_constant_time;
pub mod m0025_receivables_owed;
pub mod m0026_list_sorts;
pub(crate) mod m0027_cycle_totals;
pub mod m0028_dwell_totals;
mod m0029_competitor_index;
pub mod m0030_win_loss_totals;
mod schema;

pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_platform::Migration),
            Box::new(m0002_leads::Migration),
            Box::new(m0003_customers::Migration),
            Box::new(m0004_documents::Migration),
            Box::new(m0005_opportunities::Migration),
            Box::new(m0006_quotes::Migration),
            Box::new(m0007_customer_filters::Migration),
            Box::new(m0008_opportunity_team_and_totals::Migration),
            Box::new(m0009_forecast_history::Migration),
            Box::new(m0010_superseded_changes::Migration),
            Box::new(m0011_scoped_learned_counts::Migration),
            Box::new(m0012_contracts::Migration),
            Box::new(m0013_cash::Migration),
            Box::new(m0014_targets::Migration),
            Box::new(m0015_results::Migration),
            Box::new(m0016_field_work::Migration),
            Box::new(m0017_new_permissions::Migration),
            Box::new(m0018_order_plans::Migration),
            Box::new(m0019_collections_factor::Migration),
            Box::new(m0020_credit_totals::Migration),
            Box::new(m0021_dimension_totals::Migration),
            Box::new(m0022_search_index::Migration),
            Box::new(m0023_margin_and_forecast_factors::Migration),
            Box::new(m0024_superseding_in_constant_time::Migration),
            Box::new(m0025_receivables_owed::Migration),
            Box::new(m0026_list_sorts::Migration),
            Box::new(m0027_cycle_totals::Migration),
            Box::new(m0028_dwell_totals::Migration),
            Box::new(m0029_competitor_index::Migration),
            Box::new(m0030_win_loss_totals::Migration),
        ]
    }
}
