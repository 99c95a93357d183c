//! The product catalogue and quotes: versioned quotes of an opportunity, with lines priced
//! exactly; the latest quote's total is the opportunity's amount.

use sea_orm_migration::prelude::*;

use super::schema::{col, record, t, tenant_index, tenant_primary_key};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0006_quotes"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            record("products")
                .col(col("name").string().not_null())
                .col(col("sku").string_len(60).null())
                .col(col("product_line").string_len(100).null())
                .col(col("kind").string_len(16).not_null())
                .col(col("list_price_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("active").boolean().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            record("quotes")
                .col(col("opportunity_id").uuid().not_null())
                .col(col("number").integer().not_null())
                .col(col("total_minor").big_integer().not_null())
                .col(col("list_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("valid_until").date().null())
                .col(col("notes").text().null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "quotes",
            "quotes_opportunity",
            &["opportunity_id", "number"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(t("quote_lines"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("quote_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .col(col("product_id").uuid().null())
                .col(col("description").string().not_null())
                .col(col("quantity_milli").big_integer().not_null())
                .col(col("unit_price_minor").big_integer().not_null())
                .col(col("discount_bp").integer().not_null())
                .col(col("total_minor").big_integer().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "quote_lines",
            "quote_lines_quote",
            &["quote_id", "position"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["quote_lines", "quotes", "products"] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
