//! The platform: tenants, organisation, sign-in, history, notifications, jobs.

use sea_orm_migration::prelude::*;

use super::schema::{col, t, tenant_index, tenant_primary_key};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0001_platform"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("tenants"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("slug").string_len(40).not_null().unique_key())
                .col(col("name").string().not_null())
                .col(col("time_zone").string().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("default_language").string_len(8).not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("version").integer().not_null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("departments"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("parent_id").uuid().null())
                .col(col("name").string().not_null())
                .col(col("is_sales_region").boolean().not_null())
                .col(col("head_user_id").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").integer().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("roles"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("key").string_len(40).not_null())
                .col(col("name").string().not_null())
                .col(col("data_scope").string_len(16).not_null())
                .col(col("permissions").json().not_null())
                .col(col("is_builtin").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").integer().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("roles", "roles_key", &["key"], true))
            .await?;

        m.create_table(
            Table::create()
                .table(t("users"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("email").string().not_null())
                .col(col("name").string().not_null())
                .col(col("password_hash").string().not_null())
                .col(col("role_id").uuid().not_null())
                .col(col("department_id").uuid().not_null())
                .col(col("language").string_len(8).null())
                .col(col("active").boolean().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .col(col("version").integer().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("users", "users_email", &["email"], true))
            .await?;
        m.create_index(tenant_index(
            "users",
            "users_department",
            &["department_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("sessions"))
                .col(col("token_hash").string_len(64).not_null().primary_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("csrf_token").string_len(64).not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("last_seen_at").timestamp_with_time_zone().not_null())
                .col(col("expires_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "sessions",
            "sessions_user",
            &["user_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("api_tokens"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("token_hash").string_len(64).not_null().unique_key())
                .col(col("tenant_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("name").string().not_null())
                .col(col("scopes").json().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("last_used_at").timestamp_with_time_zone().null())
                .col(col("revoked_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "api_tokens",
            "api_tokens_user",
            &["user_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("login_attempts"))
                .col(col("key").string_len(64).not_null().primary_key())
                .col(col("tenant_id").uuid().null())
                .col(col("failures").integer().not_null())
                .col(
                    col("window_started_at")
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(col("locked_until").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(t("history"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("record_type").string_len(40).not_null())
                .col(col("record_id").uuid().not_null())
                .col(col("actor_id").uuid().null())
                .col(col("action").string_len(40).not_null())
                .col(col("changes").json().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "history",
            "history_record",
            &["record_type", "record_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("notifications"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("kind").string_len(60).not_null())
                .col(col("title").string().not_null())
                .col(col("body").text().not_null())
                .col(col("link").string().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("read_at").timestamp_with_time_zone().null())
                .primary_key(&mut tenant_primary_key())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "notifications",
            "notifications_inbox",
            &["user_id", "id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(t("jobs"))
                .col(col("id").uuid().not_null().primary_key())
                .col(col("tenant_id").uuid().null())
                .col(col("kind").string_len(60).not_null())
                .col(col("payload").json().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("dedupe_key").string().null().unique_key())
                .col(col("run_at").timestamp_with_time_zone().not_null())
                .col(col("attempts").integer().not_null())
                .col(col("max_attempts").integer().not_null())
                .col(col("lease_until").timestamp_with_time_zone().null())
                .col(col("locked_by").string().null())
                .col(col("progress_done").big_integer().not_null())
                .col(col("progress_total").big_integer().not_null())
                .col(col("result").json().null())
                .col(col("last_error").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("updated_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("jobs_due")
                .table(t("jobs"))
                .col(Alias::new("status"))
                .col(Alias::new("run_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "jobs",
            "notifications",
            "history",
            "login_attempts",
            "api_tokens",
            "sessions",
            "users",
            "roles",
            "departments",
            "tenants",
        ] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
