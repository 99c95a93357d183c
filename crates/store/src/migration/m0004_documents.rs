//! Documents kept with customers and opportunities: one row of metadata per file, the bytes
//! in the files folder.

use sea_orm_migration::prelude::*;

use super::schema::{col, tenant_index, tenant_primary_key};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0004_documents"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("documents"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("customer_id").uuid().null())
                .col(col("opportunity_id").uuid().null())
                .col(col("name").string().not_null())
                .col(col("content_type").string_len(120).not_null())
                .col(col("kind").string_len(16).not_null())
                .col(col("size_bytes").big_integer().not_null())
                .col(col("sha256").string_len(64).not_null())
                .col(col("storage_path").string().not_null())
                .col(col("uploaded_by").uuid().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").integer().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("documents_customer", "customer_id"),
            ("documents_opportunity", "opportunity_id"),
        ] {
            m.create_index(tenant_index("documents", name, &[column, "id"], false))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("documents")).to_owned())
            .await
    }
}
