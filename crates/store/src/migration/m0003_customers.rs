//! Customers grown whole: profile (size, revenue, address), score and grade, follow-up
//! bookkeeping for the customer pool; contacts' role in the buying decision; the customer
//! pool's claims and cool-downs; the indexes the 360 view, the "today" page and score lists
//! read by.

use sea_orm_migration::prelude::*;

use super::schema::{col, t, tenant_index, tenant_primary_key};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0003_customers"
    }
}

/// SQLite adds one column per statement.
async fn add(m: &SchemaManager<'_>, table: &str, column: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(t(table)).add_column(column).to_owned())
        .await
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            col("size_tier").string_len(16).null().to_owned(),
            col("employee_count").integer().null().to_owned(),
            col("annual_revenue_minor").big_integer().null().to_owned(),
            col("address").string().null().to_owned(),
            col("score").small_integer().null().to_owned(),
            col("grade").string_len(1).null().to_owned(),
            col("scored_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            col("last_activity_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            col("assigned_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            col("protected_until")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            col("warned_at")
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            add(m, "customers", column).await?;
        }
        add(
            m,
            "contacts",
            col("decision_role").string_len(24).null().to_owned(),
        )
        .await?;
        add(m, "contacts", col("department").string().null().to_owned()).await?;
        for (name, cols) in [
            ("customers_score", &["score", "id"][..]),
            ("customers_protected", &["protected_until"][..]),
        ] {
            m.create_index(tenant_index("customers", name, cols, false))
                .await?;
        }
        // The "today" page: a rep's planned visits and tasks by day.
        m.create_index(tenant_index(
            "activities",
            "activities_planned",
            &["owner_id", "planned_for"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "leads",
            "leads_customer",
            &["customer_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("customer_claims"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("claimed_at").timestamp_with_time_zone().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "customer_claims",
            "customer_claims_user",
            &["user_id", "claimed_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(t("customer_cooldowns"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("until").timestamp_with_time_zone().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("customer_id"))
                        .col(t("user_id")),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["customer_cooldowns", "customer_claims"] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
