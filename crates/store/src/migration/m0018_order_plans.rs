//! Payment plans on orders: a receivable may belong to one of its contract's orders, when the
//! contract is planned order by order rather than as a whole.

use sea_orm_migration::prelude::*;

use super::schema::{col, t, tenant_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("receivables"))
                .add_column(col("order_id").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "receivables",
            "receivables_order",
            &["order_id", "position"],
            false,
        ))
        .await
    }
}
