//! Contracts with their revisions and lines, orders, the approval engine (flows, approvals,
//! steps, each approver's task, the trail, delegations), per-tenant number sequences, and
//! outgoing webhooks with their delivery log.

use sea_orm_migration::prelude::*;

use super::schema::{col, record, t, tenant_index, tenant_primary_key};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0012_contracts"
    }
}

/// A child table's opening: `tenant_id`, `id`, keyed by both, no version of its own.
fn child(table: &str) -> TableCreateStatement {
    Table::create()
        .table(t(table))
        .col(col("tenant_id").uuid().not_null())
        .col(col("id").uuid().not_null())
        .primary_key(&mut tenant_primary_key())
        .to_owned()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    #[allow(clippy::too_many_lines)]
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(t("sequences"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("name").string_len(40).not_null())
                .col(col("value").big_integer().not_null())
                .primary_key(Index::create().col(t("tenant_id")).col(t("name")))
                .to_owned(),
        )
        .await?;
        m.create_table(
            record("approval_flows")
                .col(col("record_type").string_len(40).not_null())
                .col(col("name").string().not_null())
                .col(col("steps").json().not_null())
                .col(col("active").boolean().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "approval_flows",
            "approval_flows_type",
            &["record_type"],
            false,
        ))
        .await?;
        m.create_table(
            record("approvals")
                .col(col("record_type").string_len(40).not_null())
                .col(col("record_id").uuid().not_null())
                .col(col("record_revision").integer().not_null())
                .col(col("title").string().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("flow_id").uuid().not_null())
                .col(col("flow_version").integer().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("submitted_by").uuid().not_null())
                .col(col("current_step").integer().not_null())
                .col(col("decided_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "approvals",
            "approvals_record",
            &["record_type", "record_id", "id"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "approvals",
            "approvals_submitter",
            &["submitted_by", "id"],
            false,
        ))
        .await?;
        m.create_table(
            child("approval_steps")
                .col(col("approval_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .col(col("name").string().not_null())
                .col(col("mode").string_len(8).not_null())
                .col(col("approvers").json().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("started_at").timestamp_with_time_zone().null())
                .col(col("decided_at").timestamp_with_time_zone().null())
                .col(col("reminded_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "approval_steps",
            "approval_steps_approval",
            &["approval_id", "position"],
            true,
        ))
        .await?;
        m.create_index(tenant_index(
            "approval_steps",
            "approval_steps_waiting",
            &["status", "started_at"],
            false,
        ))
        .await?;
        m.create_table(
            child("approval_tasks")
                .col(col("approval_id").uuid().not_null())
                .col(col("step_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("on_behalf_of").uuid().null())
                .col(col("status").string_len(16).not_null())
                .col(col("comment").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("decided_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        // The inbox: one approver's tasks by status, newest first.
        m.create_index(tenant_index(
            "approval_tasks",
            "approval_tasks_inbox",
            &["user_id", "status", "id"],
            false,
        ))
        .await?;
        m.create_index(tenant_index(
            "approval_tasks",
            "approval_tasks_approval",
            &["approval_id", "step_id"],
            false,
        ))
        .await?;
        m.create_table(
            child("approval_trail")
                .col(col("approval_id").uuid().not_null())
                .col(col("at").timestamp_with_time_zone().not_null())
                .col(col("user_id").uuid().null())
                .col(col("action").string_len(24).not_null())
                .col(col("step_position").integer().null())
                .col(col("comment").text().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "approval_trail",
            "approval_trail_approval",
            &["approval_id", "at"],
            false,
        ))
        .await?;
        m.create_table(
            record("delegations")
                .col(col("user_id").uuid().not_null())
                .col(col("delegate_id").uuid().not_null())
                .col(col("starts_on").date().not_null())
                .col(col("ends_on").date().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "delegations",
            "delegations_user",
            &["user_id", "starts_on"],
            false,
        ))
        .await?;
        m.create_table(
            record("contracts")
                .col(col("number").string_len(40).not_null())
                .col(col("name").string().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("opportunity_id").uuid().null())
                .col(col("quote_id").uuid().null())
                .col(col("owner_id").uuid().null())
                .col(col("status").string_len(16).not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("ordered_minor").big_integer().not_null())
                .col(col("delivered_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("signed_on").date().null())
                .col(col("starts_on").date().null())
                .col(col("ends_on").date().null())
                .col(col("terms").text().null())
                .col(col("revision").integer().not_null())
                .col(col("pending_revision").integer().null())
                .col(col("approval_id").uuid().null())
                .col(col("end_reason").text().null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        for (name, cols, unique) in [
            ("contracts_number", &["number"][..], true),
            ("contracts_status", &["status", "id"][..], false),
            ("contracts_owner", &["owner_id", "id"][..], false),
            (
                "contracts_owner_status",
                &["owner_id", "status", "id"][..],
                false,
            ),
            ("contracts_customer", &["customer_id", "id"][..], false),
            ("contracts_opportunity", &["opportunity_id"][..], false),
        ] {
            m.create_index(tenant_index("contracts", name, cols, unique))
                .await?;
        }
        m.create_table(
            child("contract_revisions")
                .col(col("contract_id").uuid().not_null())
                .col(col("revision").integer().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("reason").text().null())
                .col(col("name").string().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("signed_on").date().null())
                .col(col("starts_on").date().null())
                .col(col("ends_on").date().null())
                .col(col("terms").text().null())
                .col(col("approval_id").uuid().null())
                .col(col("created_by").uuid().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("decided_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "contract_revisions",
            "contract_revisions_contract",
            &["contract_id", "revision"],
            true,
        ))
        .await?;
        m.create_table(
            child("contract_lines")
                .col(col("contract_id").uuid().not_null())
                .col(col("revision").integer().not_null())
                .col(col("line_id").uuid().not_null())
                .col(col("position").integer().not_null())
                .col(col("product_id").uuid().null())
                .col(col("product_line").string_len(100).null())
                .col(col("description").string().not_null())
                .col(col("quantity_milli").big_integer().not_null())
                .col(col("unit_price_minor").big_integer().not_null())
                .col(col("discount_bp").integer().not_null())
                .col(col("total_minor").big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "contract_lines",
            "contract_lines_contract",
            &["contract_id", "revision", "position"],
            false,
        ))
        .await?;
        m.create_table(
            record("orders")
                .col(col("contract_id").uuid().not_null())
                .col(col("number").integer().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("deliver_by").date().null())
                .col(col("shipped_on").date().null())
                .col(col("delivered_on").date().null())
                .col(col("notes").text().null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "orders",
            "orders_contract",
            &["contract_id", "number"],
            true,
        ))
        .await?;
        m.create_index(tenant_index(
            "orders",
            "orders_status",
            &["status", "id"],
            false,
        ))
        .await?;
        m.create_table(
            child("order_lines")
                .col(col("order_id").uuid().not_null())
                .col(col("contract_line_id").uuid().null())
                .col(col("position").integer().not_null())
                .col(col("description").string().not_null())
                .col(col("quantity_milli").big_integer().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "order_lines",
            "order_lines_order",
            &["order_id", "position"],
            false,
        ))
        .await?;
        m.create_table(
            record("webhooks")
                .col(col("url").string_len(2000).not_null())
                .col(col("description").string().null())
                .col(col("events").json().not_null())
                .col(col("secret").string_len(100).not_null())
                .col(col("active").boolean().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            child("webhook_deliveries")
                .col(col("webhook_id").uuid().not_null())
                .col(col("event").string_len(60).not_null())
                .col(col("payload").text().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("attempts").integer().not_null())
                .col(col("response_status").integer().null())
                .col(col("response_body").text().null())
                .col(col("last_error").text().null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .col(col("delivered_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index(
            "webhook_deliveries",
            "webhook_deliveries_hook",
            &["webhook_id", "created_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "webhook_deliveries",
            "webhooks",
            "order_lines",
            "orders",
            "contract_lines",
            "contract_revisions",
            "contracts",
            "delegations",
            "approval_trail",
            "approval_tasks",
            "approval_steps",
            "approvals",
            "approval_flows",
            "sequences",
        ] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
