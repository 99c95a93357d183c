//! Results: an opportunity's product and campaign (pipeline and campaign reports group by
//! them), imports of other record kinds beside leads (with the stage and product values a
//! user mapped), customers found by name (an import matches accounts by name), and deals
//! by how long they have sat in their stage (dashboards show who is stuck where).

use sea_orm_migration::prelude::*;

use super::schema::{col, t, tenant_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            col("product_id").uuid().null().to_owned(),
            col("campaign_id").uuid().null().to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(t("opportunities"))
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        for column in [
            col("kind")
                .string_len(24)
                .not_null()
                .default("leads")
                .to_owned(),
            col("value_mapping").json().null().to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(t("lead_imports"))
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(tenant_index(
            "customers",
            "customers_name",
            &["name"],
            false,
        ))
        .await?;
        // Dashboards: the deals sitting longest in each stage.
        m.create_index(tenant_index(
            "opportunities",
            "opportunities_stage_entered",
            &["stage_id", "stage_entered_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("opportunities_stage_entered")
                .table(t("opportunities"))
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("customers_name")
                .table(t("customers"))
                .to_owned(),
        )
        .await?;
        for (table, column) in [
            ("lead_imports", "value_mapping"),
            ("lead_imports", "kind"),
            ("opportunities", "campaign_id"),
            ("opportunities", "product_id"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(t(table))
                    .drop_column(t(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
