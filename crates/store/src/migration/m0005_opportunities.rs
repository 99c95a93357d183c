//! Opportunities grown for stage moves and the forecast: the loss reason, the current
//! stage's done checklist tasks, when the stage was entered and the deal closed; every stage
//! change with its instant (and the amount and close date then, so past forecasts can be
//! rebuilt); win-rate changes, so changing a rate never rewrites history.

use sea_orm_migration::prelude::*;

use super::schema::{col, t, tenant_index, tenant_primary_key};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0005_opportunities"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            col("loss_reason").string().null().to_owned(),
            col("done_tasks").json().null().to_owned(),
            col("stage_entered_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            col("closed_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(t("opportunities"))
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        // The forecast and the kanban read open opportunities by stage.
        m.create_index(tenant_index(
            "opportunities",
            "opportunities_stage",
            &["stage_id", "expected_close_date"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(t("stage_changes"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("opportunity_id").uuid().not_null())
                .col(col("from_stage_id").uuid().null())
                .col(col("to_stage_id").uuid().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("expected_close_date").date().null())
                .col(col("actor_id").uuid().null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "stage_changes",
            "stage_changes_opportunity",
            &["opportunity_id", "at"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "stage_changes",
            "stage_changes_stage",
            &["to_stage_id", "opportunity_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(t("win_rate_changes"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("stage_id").uuid().not_null())
                .col(col("win_rate_bp").integer().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "win_rate_changes",
            "win_rate_changes_stage",
            &["stage_id", "at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["win_rate_changes", "stage_changes"] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
