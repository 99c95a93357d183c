//! Leads and what they become: campaigns, leads with their duplicate keys, the pool's claims
//! and cool-downs, assignment rules, activities, settings, saved views, web-form keys, and the
//! minimal customers, contacts, sales processes and opportunities that conversion needs.

use sea_orm_migration::prelude::*;

use super::schema::{col, record, t, tenant_index, tenant_primary_key};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0002_leads"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    #[allow(clippy::too_many_lines)]
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            record("campaigns")
                .col(col("name").string().not_null())
                .col(col("channel").string_len(60).null())
                .col(col("starts_on").date().null())
                .col(col("ends_on").date().null())
                .col(col("cost_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            record("leads")
                .col(col("company_name").string().not_null())
                .col(col("contact_name").string().null())
                .col(col("title").string().null())
                .col(col("phone").string_len(32).null())
                .col(col("email").string().null())
                .col(col("source").string_len(60).not_null())
                .col(col("campaign_id").uuid().null())
                .col(col("province").string_len(60).null())
                .col(col("city").string_len(60).null())
                .col(col("industry").string_len(100).null())
                .col(col("website").string().null())
                .col(col("description").text().null())
                .col(col("credit_code").string_len(18).null())
                .col(col("external_id").string().null())
                .col(col("status").string_len(16).not_null())
                .col(col("invalid_reason").string().null())
                .col(col("owner_id").uuid().null())
                .col(col("assigned_at").timestamp_with_time_zone().null())
                .col(col("last_follow_up_at").timestamp_with_time_zone().null())
                .col(col("protected_until").timestamp_with_time_zone().null())
                .col(col("warned_at").timestamp_with_time_zone().null())
                .col(col("converted_at").timestamp_with_time_zone().null())
                .col(col("customer_id").uuid().null())
                .col(col("contact_id").uuid().null())
                .col(col("opportunity_id").uuid().null())
                .col(col("merged_into_id").uuid().null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "leads",
            "leads_owner",
            &["owner_id", "status", "id"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "leads",
            "leads_status",
            &["status", "id"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "leads",
            "leads_protected",
            &["protected_until"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "leads",
            "leads_campaign",
            &["campaign_id"],
            false,
        ))
        .await?;

        // Duplicate detection looks candidates up here by key, never by scanning records.
        m.create_table(
            Table::create()
                .table(t("dedupe_keys"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("kind").string_len(16).not_null())
                .col(col("value").string().not_null())
                .col(col("record_type").string_len(16).not_null())
                .col(col("record_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("kind"))
                        .col(t("value"))
                        .col(t("record_type"))
                        .col(t("record_id")),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "dedupe_keys",
            "dedupe_keys_record",
            &["record_type", "record_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("lead_claims"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("lead_id").uuid().not_null())
                .col(col("claimed_at").timestamp_with_time_zone().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "lead_claims",
            "lead_claims_user",
            &["user_id", "claimed_at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("lead_cooldowns"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("lead_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("until").timestamp_with_time_zone().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("lead_id"))
                        .col(t("user_id")),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            record("assignment_rules")
                .col(col("name").string().not_null())
                .col(col("position").integer().not_null())
                .col(col("active").boolean().not_null())
                .col(col("conditions").json().not_null())
                .col(col("target_user_id").uuid().null())
                .col(col("group_user_ids").json().not_null())
                .col(col("next_turn").integer().not_null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            record("activities")
                .col(col("kind").string_len(16).not_null())
                .col(col("subject").string().not_null())
                .col(col("body").text().null())
                .col(col("lead_id").uuid().null())
                .col(col("customer_id").uuid().null())
                .col(col("contact_id").uuid().null())
                .col(col("opportunity_id").uuid().null())
                .col(col("owner_id").uuid().not_null())
                .col(col("occurred_at").timestamp_with_time_zone().null())
                .col(col("planned_for").timestamp_with_time_zone().null())
                .col(col("location").string().null())
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("activities_lead", "lead_id"),
            ("activities_customer", "customer_id"),
            ("activities_contact", "contact_id"),
            ("activities_opportunity", "opportunity_id"),
        ] {
            m.create_index(tenant_index("activities", name, &[column, "id"], false))
                .await?;
        }

        m.create_table(
            Table::create()
                .table(t("settings"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("key").string_len(60).not_null())
                .col(col("value").json().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").integer().not_null())
                .primary_key(Index::create().col(t("tenant_id")).col(t("key")))
                .to_owned(),
        )
        .await?;

        m.create_table(
            record("lead_imports")
                .col(col("user_id").uuid().not_null())
                .col(col("file_name").string().not_null())
                .col(col("file_path").string().not_null())
                .col(col("size_bytes").big_integer().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("headers").json().not_null())
                .col(col("mapping").json().not_null())
                .col(col("rows_total").big_integer().not_null())
                .col(col("imported").big_integer().not_null())
                .col(col("rejected").big_integer().not_null())
                .col(col("warnings").big_integer().not_null())
                .col(col("keep_good_rows").boolean().not_null())
                .col(col("job_id").uuid().null())
                .col(col("report_path").string().null())
                .col(col("error").string().null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            record("saved_views")
                .col(col("user_id").uuid().not_null())
                .col(col("resource").string_len(40).not_null())
                .col(col("name").string().not_null())
                .col(col("query").json().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "saved_views",
            "saved_views_user",
            &["user_id", "resource"],
            false,
        ))
        .await?;

        // Public web forms post here before any tenant is known: a platform table.
        m.create_table(
            Table::create()
                .table(t("capture_forms"))
                .col(col("form_key").string_len(64).not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("source").string_len(60).not_null())
                .col(col("campaign_id").uuid().null())
                .col(col("active").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "capture_forms",
            "capture_forms_tenant",
            &["form_key"],
            false,
        ))
        .await?;

        m.create_table(
            record("customers")
                .col(col("name").string().not_null())
                .col(col("owner_id").uuid().null())
                .col(col("industry").string_len(100).null())
                .col(col("province").string_len(60).null())
                .col(col("city").string_len(60).null())
                .col(col("phone").string_len(32).null())
                .col(col("email").string().null())
                .col(col("website").string().null())
                .col(col("credit_code").string_len(18).null())
                .col(col("source").string_len(60).null())
                .col(col("lead_id").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "customers",
            "customers_owner",
            &["owner_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            record("contacts")
                .col(col("customer_id").uuid().null())
                .col(col("name").string().not_null())
                .col(col("title").string().null())
                .col(col("phone").string_len(32).null())
                .col(col("email").string().null())
                .col(col("owner_id").uuid().null())
                .col(col("lead_id").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "contacts",
            "contacts_customer",
            &["customer_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            record("sales_processes")
                .col(col("name").string().not_null())
                .col(col("is_default").boolean().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            record("stages")
                .col(col("process_id").uuid().not_null())
                .col(col("key").string_len(40).not_null())
                .col(col("name").string().not_null())
                .col(col("name_en").string().not_null())
                .col(col("win_rate_bp").integer().not_null())
                .col(col("is_won").boolean().not_null())
                .col(col("is_lost").boolean().not_null())
                .col(col("position").integer().not_null())
                .col(col("tasks").json().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "stages",
            "stages_process",
            &["process_id", "position"],
            false,
        ))
        .await?;

        m.create_table(
            record("opportunities")
                .col(col("customer_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("process_id").uuid().not_null())
                .col(col("stage_id").uuid().not_null())
                .col(col("expected_close_date").date().null())
                .col(col("owner_id").uuid().null())
                .col(col("lead_id").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "opportunities",
            "opportunities_owner",
            &["owner_id", "id"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "opportunities",
            "opportunities_customer",
            &["customer_id", "id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "opportunities",
            "stages",
            "sales_processes",
            "contacts",
            "customers",
            "capture_forms",
            "saved_views",
            "lead_imports",
            "settings",
            "activities",
            "assignment_rules",
            "lead_cooldowns",
            "lead_claims",
            "dedupe_keys",
            "leads",
            "campaigns",
        ] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
