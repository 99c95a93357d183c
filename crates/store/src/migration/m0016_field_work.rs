//! Field work: a visit keeps where the phone was (`lat,lng`) beside the place the rep typed.

use sea_orm_migration::prelude::*;

use super::schema::{col, t};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("activities"))
                .add_column(col("coordinates").string_len(40).null().to_owned())
                .to_owned(),
        )
        .await
    }
}
