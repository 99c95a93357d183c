//! Deal and contract lists sorted by amount (`?sort=amount` / `-amount`) read a page in
//! order from an index instead of sorting every deal or contract of the company.

use sea_orm_migration::prelude::*;

use super::schema::tenant_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in [
            ("opportunities", "opportunities_amount"),
            ("contracts", "contracts_amount"),
        ] {
            m.create_index(tenant_index(table, name, &["amount_minor", "id"], false))
                .await?;
        }
        Ok(())
    }
}
