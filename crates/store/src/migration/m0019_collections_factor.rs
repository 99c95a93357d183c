//! Compensation plans may weigh performance pay by collections: the factor's tiers.

use sea_orm_migration::prelude::*;

use super::schema::{col, t};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("compensation_plans"))
                .add_column(col("collections").json().null())
                .to_owned(),
        )
        .await
    }
}
