//! Compensation may weigh performance pay by margin and by forecast accuracy too: the
//! factors' tiers on the plan; a product's unit cost, and each contract line's cost as it
//! was when the line was written (what the margin reads).

use sea_orm_migration::prelude::*;

use super::schema::{col, t};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        for (table, column) in [
            ("compensation_plans", "margin"),
            ("compensation_plans", "forecast_accuracy"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(t(table))
                    .add_column(col(column).json().null())
                    .to_owned(),
            )
            .await?;
        }
        for (table, column) in [
            ("products", "unit_cost_minor"),
            ("contract_lines", "cost_minor"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(t(table))
                    .add_column(col(column).big_integer().null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
