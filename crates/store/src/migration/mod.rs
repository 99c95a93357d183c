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
        ]
    }
}

/// A table or column name.
pub(crate) fn t(name: &str) -> Alias {
    Alias::new(name)
}

/// A business table's opening: `tenant_id`, `id`, `created_at`, `updated_at`, `version`,
/// keyed by `(tenant_id, id)`.
pub(crate) fn record(table: &str) -> TableCreateStatement {
    Table::create()
        .table(t(table))
        .col(col("tenant_id").uuid().not_null())
        .col(col("id").uuid().not_null())
        .col(col("created_at").timestamp_with_time_zone().not_null())
        .col(col("updated_at").timestamp_with_time_zone().not_null())
        .col(col("version").integer().not_null())
        .primary_key(&mut tenant_primary_key())
        .to_owned()
}

/// A column by name.
pub(crate) fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

/// An index whose first column is `tenant_id`, as every index on a business table must be.
pub(crate) fn tenant_index(
    table: &str,
    name: &str,
    cols: &[&str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(name)
        .table(Alias::new(table))
        .col(Alias::new("tenant_id"));
    for c in cols {
        index.col(Alias::new(*c));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

/// The primary key `(tenant_id, id)` of a business table.
pub(crate) fn tenant_primary_key() -> IndexCreateStatement {
    Index::create()
        .col(Alias::new("tenant_id"))
        .col(Alias::new("id"))
        .to_owned()
}
