//! Customer lists filtered by industry or region and sorted by score read an index in score
//! order within the filter, instead of walking every customer by score.

use sea_orm_migration::prelude::*;

use super::schema::tenant_index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0007_customer_filters"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in [
            ("customers_industry_score", "industry"),
            ("customers_province_score", "province"),
        ] {
            m.create_index(tenant_index(
                "customers",
                name,
                &[column, "score", "id"],
                false,
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["customers_industry_score", "customers_province_score"] {
            m.drop_index(
                Index::drop()
                    .name(name)
                    .table(Alias::new("customers"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
