//! Targets and incentives: target plans with their allocations per unit and month, users'
//! moves between departments and departures (so credit stays where it was earned),
//! performance splits on opportunities, visit rules, compensation plans, runs and their
//! lines (an append-only ledger), and the indexes completion reads its records through.

use sea_orm_migration::prelude::*;

use super::schema::{col, record, t, tenant_index};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn table(name: &str) -> TableCreateStatement {
    Table::create().table(t(name)).to_owned()
}

async fn indexes(
    m: &SchemaManager<'_>,
    table: &str,
    list: &[(&str, &[&str], bool)],
) -> Result<(), DbErr> {
    for (name, cols, unique) in list {
        m.create_index(tenant_index(table, name, cols, *unique))
            .await?;
    }
    Ok(())
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    #[allow(clippy::too_many_lines)]
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            record("target_plans")
                .col(col("name").string().not_null())
                .col(col("metric").string_len(32).not_null())
                .col(col("year").integer().not_null())
                .col(col("total").big_integer().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("plan_version").integer().not_null())
                .col(col("reason").text().null())
                .col(col("previous_id").uuid().null())
                .col(col("superseded_by").uuid().null())
                .col(col("created_by").uuid().null())
                .col(col("locked_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "target_plans",
            &[("target_plans_year", &["year", "id"], false)],
        )
        .await?;
        // One row per allocated unit: its months (minor units or counts) as a JSON array of
        // twelve integers, and the unit above it when the plan was allocated (the tree is the
        // plan's own: moving a department later does not move its targets).
        m.create_table(
            table("target_allocations")
                .col(col("tenant_id").uuid().not_null())
                .col(col("plan_id").uuid().not_null())
                .col(col("unit_id").uuid().not_null())
                .col(col("unit_kind").string_len(16).not_null())
                .col(col("parent_id").uuid().null())
                .col(col("position").integer().not_null())
                .col(col("months").json().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("plan_id"))
                        .col(t("unit_id")),
                )
                .to_owned(),
        )
        .await?;
        // A user's moves between departments and in and out of the company, so a month's
        // credit stays with the department it was earned in and a departed member's share of
        // later credit goes to the deal's owner.
        m.create_table(
            table("user_moves")
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                .col(col("kind").string_len(16).not_null())
                .col(col("from_department_id").uuid().null())
                .col(col("to_department_id").uuid().null())
                .primary_key(Index::create().col(t("tenant_id")).col(t("id")))
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "user_moves",
            &[("user_moves_kind", &["kind", "at"], false)],
        )
        .await?;
        m.create_table(
            table("opportunity_splits")
                .col(col("tenant_id").uuid().not_null())
                .col(col("opportunity_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("kind").string_len(16).not_null())
                .col(col("ratio").big_integer().null())
                .col(col("amount_minor").big_integer().null())
                .col(col("position").integer().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("opportunity_id"))
                        .col(t("user_id")),
                )
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "opportunity_splits",
            &[("opportunity_splits_user", &["user_id"], false)],
        )
        .await?;
        m.create_table(
            record("visit_rules")
                .col(col("name").string().not_null())
                .col(col("per_week").integer().not_null())
                .col(col("counts").string_len(16).not_null())
                .col(col("department_id").uuid().null())
                .col(col("role_id").uuid().null())
                .col(col("active").boolean().not_null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            record("compensation_plans")
                .col(col("name").string().not_null())
                .col(col("target_plan_id").uuid().not_null())
                .col(col("period_kind").string_len(16).not_null())
                .col(col("base_pay_minor").big_integer().not_null())
                .col(col("pool_minor").big_integer().not_null())
                .col(col("threshold").big_integer().not_null())
                .col(col("cap").big_integer().null())
                .col(col("tiers").json().not_null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            record("compensation_runs")
                .col(col("plan_id").uuid().not_null())
                .col(col("period").string_len(16).not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("total_minor").big_integer().not_null())
                .col(col("created_by").uuid().null())
                .col(col("closed_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "compensation_runs",
            &[("compensation_runs_plan", &["plan_id", "id"], false)],
        )
        .await?;
        // A run's lines: one per person for the run's period, and one per person and earlier
        // closed period whose pay changed since (a clawback or a top-up; never a rewrite).
        m.create_table(
            table("compensation_lines")
                .col(col("tenant_id").uuid().not_null())
                .col(col("id").uuid().not_null())
                .col(col("run_id").uuid().not_null())
                .col(col("plan_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("for_period").string_len(16).not_null())
                .col(col("target").big_integer().not_null())
                .col(col("actual").big_integer().not_null())
                .col(col("completion").big_integer().null())
                .col(col("base_pay_minor").big_integer().not_null())
                .col(col("performance_pay_minor").big_integer().not_null())
                .col(col("total_minor").big_integer().not_null())
                .col(col("explanation").json().not_null())
                .col(col("position").integer().not_null())
                .primary_key(Index::create().col(t("tenant_id")).col(t("id")))
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "compensation_lines",
            &[
                ("compensation_lines_run", &["run_id", "position"], false),
                (
                    "compensation_lines_plan",
                    &["plan_id", "for_period", "user_id"],
                    false,
                ),
            ],
        )
        .await?;
        // What completion reads, in the order it reads it: won deals by close time, contracts
        // by signing date, collections by the day received, new customers and visits.
        indexes(
            m,
            "opportunities",
            &[(
                "opportunities_closed_credit",
                &["closed_at", "stage_id", "owner_id", "amount_minor", "id"],
                false,
            )],
        )
        .await?;
        indexes(
            m,
            "contracts",
            &[(
                "contracts_signed_credit",
                &[
                    "signed_on",
                    "status",
                    "owner_id",
                    "amount_minor",
                    "opportunity_id",
                ],
                false,
            )],
        )
        .await?;
        indexes(
            m,
            "payments",
            &[(
                "payments_received_credit",
                &[
                    "received_on",
                    "status",
                    "contract_id",
                    "owner_id",
                    "amount_minor",
                    "refunded_minor",
                ],
                false,
            )],
        )
        .await?;
        indexes(
            m,
            "customers",
            &[(
                "customers_created_credit",
                &["created_at", "owner_id"],
                false,
            )],
        )
        .await?;
        indexes(
            m,
            "activities",
            &[(
                "activities_visits_credit",
                &["kind", "occurred_at", "owner_id", "customer_id"],
                false,
            )],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, index) in [
            ("opportunities", "opportunities_closed_credit"),
            ("contracts", "contracts_signed_credit"),
            ("payments", "payments_received_credit"),
            ("customers", "customers_created_credit"),
            ("activities", "activities_visits_credit"),
        ] {
            m.drop_index(Index::drop().name(index).table(t(table)).to_owned())
                .await?;
        }
        for table in [
            "compensation_lines",
            "compensation_runs",
            "compensation_plans",
            "visit_rules",
            "opportunity_splits",
            "user_moves",
            "target_allocations",
            "target_plans",
        ] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
