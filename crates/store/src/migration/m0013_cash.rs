//! Cash: receivables (a contract's payment plan) with the history of every change to them,
//! invoices, payments and their allocations, each customer's cash account (credit, and the
//! row every cash write for the customer locks), contract changes, refunds, bank statement
//! lines, and the e-mail outbox.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::{col, record, t, tenant_index, tenant_primary_key};
use crate::platform::dialect::nil_id;

/// The aging bucket (0 not due … 4 over 90 days) of a due date as of a date, in SQL.
#[must_use]
pub(crate) fn bucket_sql(backend: DbBackend, due: &str, as_of: &str) -> String {
    let days = match backend {
        DbBackend::Postgres => format!("({as_of} - {due})"),
        _ => format!("(julianday({as_of}) - julianday({due}))"),
    };
    format!(
        "(CASE WHEN {due} >= {as_of} THEN 0 WHEN {days} <= 30 THEN 1 WHEN {days} <= 60 THEN 2 \
         WHEN {days} <= 90 THEN 3 ELSE 4 END)"
    )
}

/// Adds (`sign` "") or takes away (`sign` "-") one receivable row's outstanding money in
/// `aging_totals`, bucketed as of the tenant's aging day (nothing when there is none yet).
fn sqlite_aging_add(row: &str, sign: &str) -> String {
    let b = DbBackend::Sqlite;
    format!(
        "INSERT INTO aging_totals (tenant_id, customer_id, owner_id, bucket, outstanding_minor) \
         SELECT {row}.tenant_id, {row}.customer_id, COALESCE({row}.owner_id, {nil}), {bucket}, {sign}{row}.outstanding_minor \
         FROM aging_dates d WHERE d.tenant_id = {row}.tenant_id AND {row}.outstanding_minor > 0 \
         ON CONFLICT (tenant_id, customer_id, owner_id, bucket) DO UPDATE SET \
         outstanding_minor = outstanding_minor + excluded.outstanding_minor;",
        nil = nil_id(b),
        bucket = bucket_sql(b, &format!("{row}.due_on"), "d.as_of"),
    )
}

fn aging_triggers(backend: DbBackend) -> Vec<String> {
    let watched = "outstanding_minor, due_on, owner_id, customer_id";
    match backend {
        DbBackend::Postgres => {
            let nil = nil_id(backend);
            let add = |row: &str, sign: &str| {
                format!(
                    "SELECT as_of INTO d FROM aging_dates WHERE tenant_id = {row}.tenant_id FOR SHARE; \
                     IF d IS NOT NULL AND {row}.outstanding_minor > 0 THEN \
                       INSERT INTO aging_totals (tenant_id, customer_id, owner_id, bucket, outstanding_minor) \
                       VALUES ({row}.tenant_id, {row}.customer_id, COALESCE({row}.owner_id, {nil}), {bucket}, {sign}{row}.outstanding_minor) \
                       ON CONFLICT (tenant_id, customer_id, owner_id, bucket) DO UPDATE SET \
                       outstanding_minor = aging_totals.outstanding_minor + EXCLUDED.outstanding_minor; \
                     END IF;",
                    bucket = bucket_sql(backend, &format!("{row}.due_on"), "d"),
                )
            };
            vec![
                format!(
                    "CREATE OR REPLACE FUNCTION closer_aging_totals() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     DECLARE d date; BEGIN \
                     IF TG_OP <> 'INSERT' THEN {} END IF; \
                     IF TG_OP <> 'DELETE' THEN {} END IF; \
                     RETURN NULL; END $$",
                    add("OLD", "-"),
                    add("NEW", "")
                ),
                format!(
                    "CREATE TRIGGER receivables_aging AFTER INSERT OR UPDATE OF {watched} OR DELETE ON receivables \
                     FOR EACH ROW EXECUTE FUNCTION closer_aging_totals()"
                ),
            ]
        }
        _ => vec![
            format!(
                "CREATE TRIGGER receivables_aging_insert AFTER INSERT ON receivables BEGIN {} END",
                sqlite_aging_add("NEW", "")
            ),
            format!(
                "CREATE TRIGGER receivables_aging_update AFTER UPDATE OF {watched} ON receivables BEGIN {} {} END",
                sqlite_aging_add("OLD", "-"),
                sqlite_aging_add("NEW", "")
            ),
            format!(
                "CREATE TRIGGER receivables_aging_delete AFTER DELETE ON receivables BEGIN {} END",
                sqlite_aging_add("OLD", "-")
            ),
        ],
    }
}

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0013_cash"
    }
}

fn child(table: &str) -> TableCreateStatement {
    Table::create()
        .table(t(table))
        .col(col("tenant_id").uuid().not_null())
        .col(col("id").uuid().not_null())
        .col(col("created_at").timestamp_with_time_zone().not_null())
        .primary_key(&mut tenant_primary_key())
        .to_owned()
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
            record("receivables")
                .col(col("contract_id").uuid().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("owner_id").uuid().null())
                .col(col("position").integer().not_null())
                .col(col("due_on").date().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("paid_minor").big_integer().not_null())
                .col(col("written_off_minor").big_integer().not_null())
                .col(col("outstanding_minor").big_integer().not_null())
                .col(col("invoiced_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("in_plan").boolean().not_null())
                .col(col("settled_on").date().null())
                .col(col("reminded_on").date().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "receivables",
            &[
                (
                    "receivables_contract",
                    &["contract_id", "due_on", "id"],
                    false,
                ),
                (
                    "receivables_customer",
                    &["customer_id", "due_on", "id"],
                    false,
                ),
                ("receivables_owner", &["owner_id", "due_on", "id"], false),
            ],
        )
        .await?;
        // Aging and reminders read only what is still owed: partial indexes keep them to
        // that part however many receivables were settled (queries repeat the predicate).
        for sql in [
            "CREATE INDEX receivables_open_customer ON receivables \
             (tenant_id, customer_id, due_on, id, outstanding_minor, owner_id) WHERE outstanding_minor > 0",
            "CREATE INDEX receivables_open_owner ON receivables \
             (tenant_id, owner_id, due_on, id, outstanding_minor, customer_id) WHERE outstanding_minor > 0",
            "CREATE INDEX receivables_open_due ON receivables \
             (tenant_id, due_on, id) WHERE outstanding_minor > 0",
        ] {
            m.get_connection().execute_unprepared(sql).await?;
        }
        // Aging as of the tenant's aging day (`aging_dates`): what is owing per customer,
        // owner and bucket, kept by triggers in every write of a receivable, so the report
        // sums a few rows per customer instead of every receivable. Rebuilt from the
        // receivables when the day moves on (`cash::aging`).
        m.create_table(
            Table::create()
                .table(t("aging_dates"))
                .col(col("tenant_id").uuid().not_null().primary_key())
                .col(col("as_of").date().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("aging_totals"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("owner_id").uuid().not_null())
                .col(col("bucket").small_integer().not_null())
                .col(col("outstanding_minor").big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("customer_id"))
                        .col(t("owner_id"))
                        .col(t("bucket")),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX aging_totals_owner ON aging_totals \
                 (tenant_id, owner_id, customer_id, bucket, outstanding_minor)",
            )
            .await?;
        let backend = m.get_connection().get_database_backend();
        for sql in aging_triggers(backend) {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        m.create_table(
            child("receivable_changes")
                .col(col("receivable_id").uuid().not_null())
                .col(col("contract_id").uuid().not_null())
                .col(col("kind").string_len(16).not_null())
                .col(col("amount_before").big_integer().null())
                .col(col("amount_after").big_integer().not_null())
                .col(col("due_before").date().null())
                .col(col("due_after").date().not_null())
                .col(col("reason").text().null())
                .col(col("change_id").uuid().null())
                .col(col("actor_id").uuid().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "receivable_changes",
            &[(
                "receivable_changes_contract",
                &["contract_id", "created_at"],
                false,
            )],
        )
        .await?;
        m.create_table(
            record("invoices")
                .col(col("receivable_id").uuid().not_null())
                .col(col("contract_id").uuid().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("owner_id").uuid().null())
                .col(col("kind").string_len(16).not_null())
                .col(col("tax_rate_bp").integer().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("amount_without_tax_minor").big_integer().not_null())
                .col(col("tax_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("number").string_len(60).not_null())
                .col(col("issued_on").date().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("void_reason").text().null())
                .col(col("voided_at").timestamp_with_time_zone().null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "invoices",
            &[
                ("invoices_number", &["number"], true),
                ("invoices_contract", &["contract_id", "id"], false),
                ("invoices_customer", &["customer_id", "id"], false),
                ("invoices_receivable", &["receivable_id"], false),
                ("invoices_owner", &["owner_id", "id"], false),
                ("invoices_status", &["status", "id"], false),
            ],
        )
        .await?;
        m.create_table(
            record("payments")
                .col(col("customer_id").uuid().not_null())
                .col(col("contract_id").uuid().null())
                .col(col("owner_id").uuid().null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("unapplied_minor").big_integer().not_null())
                .col(col("refunded_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("received_on").date().not_null())
                .col(col("reference").string_len(200).null())
                .col(col("payer_name").string_len(200).null())
                .col(col("source").string_len(16).not_null())
                .col(col("idempotency_key").string_len(200).null())
                .col(col("request_hash").string_len(64).null())
                .col(col("bank_line_key").string_len(64).null())
                .col(col("status").string_len(16).not_null())
                .col(col("reversed_at").timestamp_with_time_zone().null())
                .col(col("reversal_reason").text().null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "payments",
            &[
                ("payments_idempotency", &["idempotency_key"], true),
                ("payments_bank_line", &["bank_line_key"], true),
                ("payments_customer", &["customer_id", "id"], false),
                ("payments_contract", &["contract_id", "id"], false),
                ("payments_owner", &["owner_id", "id"], false),
                ("payments_received", &["received_on", "id"], false),
                ("payments_status", &["status", "id"], false),
            ],
        )
        .await?;
        m.create_table(
            child("payment_allocations")
                .col(col("payment_id").uuid().null())
                .col(col("receivable_id").uuid().not_null())
                .col(col("contract_id").uuid().not_null())
                .col(col("kind").string_len(16).not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("received_on").date().not_null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "payment_allocations",
            &[
                ("payment_allocations_payment", &["payment_id"], false),
                ("payment_allocations_receivable", &["receivable_id"], false),
                ("payment_allocations_received", &["received_on"], false),
            ],
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("cash_accounts"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("customer_id").uuid().not_null())
                .col(col("credit_minor").big_integer().not_null())
                .col(col("version").integer().not_null())
                .primary_key(Index::create().col(t("tenant_id")).col(t("customer_id")))
                .to_owned(),
        )
        .await?;
        m.create_table(
            child("contract_changes")
                .col(col("contract_id").uuid().not_null())
                .col(col("reason").text().not_null())
                .col(col("amount_before").big_integer().not_null())
                .col(col("amount_after").big_integer().not_null())
                .col(col("refund_minor").big_integer().not_null())
                .col(col("refund_id").uuid().null())
                .col(col("receivables").json().not_null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "contract_changes",
            &[(
                "contract_changes_contract",
                &["contract_id", "created_at"],
                false,
            )],
        )
        .await?;
        m.create_table(
            record("refunds")
                .col(col("customer_id").uuid().not_null())
                .col(col("contract_id").uuid().null())
                .col(col("change_id").uuid().null())
                .col(col("owner_id").uuid().null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("reason").text().not_null())
                .col(col("status").string_len(20).not_null())
                .col(col("approval_id").uuid().null())
                .col(col("parts").json().not_null())
                .col(col("paid_on").date().null())
                .col(col("created_by").uuid().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "refunds",
            &[
                ("refunds_status", &["status", "id"], false),
                ("refunds_customer", &["customer_id", "id"], false),
                ("refunds_contract", &["contract_id", "id"], false),
                ("refunds_owner", &["owner_id", "id"], false),
            ],
        )
        .await?;
        m.create_table(
            child("bank_lines")
                .col(col("job_id").uuid().null())
                .col(col("row_number").integer().not_null())
                .col(col("received_on").date().not_null())
                .col(col("payer_name").string_len(200).not_null())
                .col(col("amount_minor").big_integer().not_null())
                .col(col("currency").string_len(3).not_null())
                .col(col("reference").string_len(200).null())
                .col(col("line_key").string_len(64).not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("customer_id").uuid().null())
                .col(col("payment_id").uuid().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "bank_lines",
            &[
                ("bank_lines_key", &["line_key"], true),
                ("bank_lines_status", &["status", "id"], false),
            ],
        )
        .await?;
        m.create_table(
            child("email_outbox")
                .col(col("dedupe_key").string_len(200).not_null())
                .col(col("to_user_id").uuid().null())
                .col(col("to_address").string_len(320).not_null())
                .col(col("subject").string_len(400).not_null())
                .col(col("body").text().not_null())
                .col(col("status").string_len(16).not_null())
                .col(col("attempts").integer().not_null())
                .col(col("last_error").text().null())
                .col(col("sent_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        indexes(
            m,
            "email_outbox",
            &[
                ("email_outbox_key", &["dedupe_key"], true),
                ("email_outbox_status", &["status", "created_at"], false),
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_connection().get_database_backend() == DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS closer_aging_totals() CASCADE")
                .await?;
        }
        for table in [
            "aging_totals",
            "aging_dates",
            "email_outbox",
            "bank_lines",
            "refunds",
            "contract_changes",
            "cash_accounts",
            "payment_allocations",
            "payments",
            "invoices",
            "receivable_changes",
            "receivables",
        ] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
