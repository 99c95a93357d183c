//! Forecast accuracy asks the database for past forecasts: the stage changes that named a
//! close date in a month, and the deals won in a month, each through an index instead of
//! reading every change and deal.

use sea_orm_migration::prelude::*;

use super::schema::tenant_index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0009_forecast_history"
    }
}

const INDEXES: [(&str, &str, &[&str]); 2] = [
    (
        "stage_changes",
        "stage_changes_close_date",
        &["expected_close_date", "at"],
    ),
    ("opportunities", "opportunities_closed", &["closed_at"]),
];

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, name, cols) in INDEXES {
            m.create_index(tenant_index(table, name, cols, false))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
