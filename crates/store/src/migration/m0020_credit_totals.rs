//! `credit_totals`: what each person is credited with per metric and month — won deals by the
//! UTC month they were won in, contracts by the month they were signed, payments by the
//! month the money came in (less what was refunded) — kept by triggers in the writing
//! transaction, as `forecast_totals` keeps the forecast. Completion reads a few thousand of
//! these rows instead of a year of records (`targets::completion`).
//!
//! What counts is what completion reads live: a won deal with an owner and a closing
//! instant; an active or completed contract with an owner and a signing date; a posted
//! payment credited to its contract's owner, else its own. A contract changing hands moves
//! its payments' credit with it. A record without an owner is credited to no one.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::{col, t};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `YYYYMM` of an instant in UTC (won deals) or of a date (contracts, payments).
fn month(backend: DbBackend, at: &str, instant: bool) -> String {
    match backend {
        DbBackend::Postgres => {
            let at = if instant {
                format!("({at} AT TIME ZONE 'UTC')")
            } else {
                at.to_owned()
            };
            format!("CAST(EXTRACT(YEAR FROM {at}) * 100 + EXTRACT(MONTH FROM {at}) AS INTEGER)")
        }
        _ => format!("CAST(strftime('%Y%m', {at}) AS INTEGER)"),
    }
}

const UPSERT: &str = "ON CONFLICT (tenant_id, metric, month, owner_id) DO UPDATE SET \
                      amount_minor = credit_totals.amount_minor + excluded.amount_minor";

/// The owner a payment row is credited to: its contract's owner, else its own.
fn payment_owner(row: &str) -> String {
    format!(
        "COALESCE((SELECT c.owner_id FROM contracts c WHERE c.tenant_id = {row}.tenant_id \
         AND c.id = {row}.contract_id), {row}.owner_id)"
    )
}

/// One row's credit added (`sign` "") or taken away (`sign` "-"), as one statement.
fn won_add(b: DbBackend, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor) \
         SELECT {row}.tenant_id, 'won_amount', {m}, {row}.owner_id, {sign}{row}.amount_minor \
         FROM stages s WHERE s.tenant_id = {row}.tenant_id AND s.id = {row}.stage_id AND s.is_won \
         AND {row}.owner_id IS NOT NULL AND {row}.closed_at IS NOT NULL {UPSERT};",
        m = month(b, &format!("{row}.closed_at"), true),
    )
}

fn contract_add(b: DbBackend, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor) \
         SELECT {row}.tenant_id, 'contract_amount', {m}, {row}.owner_id, {sign}{row}.amount_minor \
         WHERE {row}.status IN ('active', 'completed') AND {row}.owner_id IS NOT NULL \
         AND {row}.signed_on IS NOT NULL {UPSERT};",
        m = month(b, &format!("{row}.signed_on"), false),
    )
}

fn payment_add(b: DbBackend, row: &str, sign: &str) -> String {
    let owner = payment_owner(row);
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor) \
         SELECT {row}.tenant_id, 'payments', {m}, {owner}, {sign}({row}.amount_minor - {row}.refunded_minor) \
         WHERE {row}.status = 'posted' AND {owner} IS NOT NULL {UPSERT};",
        m = month(b, &format!("{row}.received_on"), false),
    )
}

/// A contract's posted payments credited to `owner` (an expression of the contract row),
/// added or taken away: what moves when the contract changes hands.
fn contract_payments_add(b: DbBackend, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor) \
         SELECT p.tenant_id, 'payments', {m}, COALESCE({row}.owner_id, p.owner_id), \
         {sign}CAST(SUM(p.amount_minor - p.refunded_minor) AS BIGINT) \
         FROM payments p{by_contract} WHERE p.tenant_id = {row}.tenant_id AND p.contract_id = {row}.id \
         AND p.status = 'posted' AND COALESCE({row}.owner_id, p.owner_id) IS NOT NULL \
         GROUP BY p.tenant_id, {m}, COALESCE({row}.owner_id, p.owner_id) {UPSERT};",
        m = month(b, "p.received_on", false),
        // SQLite keeps no statistics and would rather walk the tenant's covering index of
        // receipts than the contract's few payments.
        by_contract = if b == DbBackend::Sqlite {
            " INDEXED BY payments_contract"
        } else {
            ""
        },
    )
}

const OPPORTUNITY_COLUMNS: &str = "stage_id, owner_id, amount_minor, closed_at";
const CONTRACT_COLUMNS: &str = "status, owner_id, amount_minor, signed_on";
const PAYMENT_COLUMNS: &str =
    "status, owner_id, contract_id, amount_minor, refunded_minor, received_on";

type Add = fn(DbBackend, &str, &str) -> String;

fn triggers(b: DbBackend) -> Vec<String> {
    let tables: [(&str, &str, Add); 3] = [
        ("opportunities", OPPORTUNITY_COLUMNS, won_add),
        ("contracts", CONTRACT_COLUMNS, contract_add),
        ("payments", PAYMENT_COLUMNS, payment_add),
    ];
    let mut out = Vec::new();
    match b {
        DbBackend::Postgres => {
            for (table, watched, add) in tables {
                out.push(format!(
                    "CREATE OR REPLACE FUNCTION closer_credit_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                     IF TG_OP <> 'INSERT' THEN {old} END IF; \
                     IF TG_OP <> 'DELETE' THEN {new} END IF; \
                     RETURN NULL; END $$",
                    old = add(b, "OLD", "-"),
                    new = add(b, "NEW", ""),
                ));
                out.push(format!(
                    "CREATE TRIGGER {table}_credit AFTER INSERT OR UPDATE OF {watched} OR DELETE ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION closer_credit_{table}()"
                ));
            }
            out.push(format!(
                "CREATE OR REPLACE FUNCTION closer_credit_contract_owner() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 {} {} RETURN NULL; END $$",
                contract_payments_add(b, "OLD", "-"),
                contract_payments_add(b, "NEW", ""),
            ));
            out.push(
                "CREATE TRIGGER contracts_credit_owner AFTER UPDATE OF owner_id ON contracts \
                 FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id) \
                 EXECUTE FUNCTION closer_credit_contract_owner()"
                    .into(),
            );
        }
        _ => {
            for (table, watched, add) in tables {
                out.push(format!(
                    "CREATE TRIGGER {table}_credit_insert AFTER INSERT ON {table} BEGIN {} END",
                    add(b, "NEW", "")
                ));
                out.push(format!(
                    "CREATE TRIGGER {table}_credit_update AFTER UPDATE OF {watched} ON {table} BEGIN {} {} END",
                    add(b, "OLD", "-"),
                    add(b, "NEW", "")
                ));
                out.push(format!(
                    "CREATE TRIGGER {table}_credit_delete AFTER DELETE ON {table} BEGIN {} END",
                    add(b, "OLD", "-")
                ));
            }
            out.push(format!(
                "CREATE TRIGGER contracts_credit_owner AFTER UPDATE OF owner_id ON contracts \
                 WHEN OLD.owner_id IS NOT NEW.owner_id BEGIN {} {} END",
                contract_payments_add(b, "OLD", "-"),
                contract_payments_add(b, "NEW", ""),
            ));
        }
    }
    out
}

/// The won deals' totals of every tenant, or of the one bound as the first parameter (when a
/// stage becomes won or stops being won, `opportunities::process` rebuilds them).
pub(crate) fn won_backfill(b: DbBackend, one_tenant: bool) -> String {
    let won = month(b, "o.closed_at", true);
    let only = if one_tenant {
        format!(
            " AND o.tenant_id = {}",
            crate::platform::dialect::param(b, 1)
        )
    } else {
        String::new()
    };
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor) \
         SELECT o.tenant_id, 'won_amount', {won}, o.owner_id, CAST(SUM(o.amount_minor) AS BIGINT) \
         FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
         WHERE s.is_won AND o.owner_id IS NOT NULL AND o.closed_at IS NOT NULL{only} \
         GROUP BY o.tenant_id, {won}, o.owner_id"
    )
}

/// The totals of the records already there.
fn backfill(b: DbBackend) -> [String; 3] {
    let signed = month(b, "c.signed_on", false);
    let received = month(b, "p.received_on", false);
    [
        won_backfill(b, false),
        format!(
            "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor) \
             SELECT c.tenant_id, 'contract_amount', {signed}, c.owner_id, CAST(SUM(c.amount_minor) AS BIGINT) \
             FROM contracts c WHERE c.status IN ('active', 'completed') AND c.owner_id IS NOT NULL \
             AND c.signed_on IS NOT NULL GROUP BY c.tenant_id, {signed}, c.owner_id"
        ),
        format!(
            "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor) \
             SELECT p.tenant_id, 'payments', {received}, COALESCE(c.owner_id, p.owner_id), \
             CAST(SUM(p.amount_minor - p.refunded_minor) AS BIGINT) \
             FROM payments p LEFT JOIN contracts c ON c.tenant_id = p.tenant_id AND c.id = p.contract_id \
             WHERE p.status = 'posted' AND COALESCE(c.owner_id, p.owner_id) IS NOT NULL \
             GROUP BY p.tenant_id, {received}, COALESCE(c.owner_id, p.owner_id)"
        ),
    ]
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_connection().get_database_backend();
        let mut table = Table::create()
            .table(t("credit_totals"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("metric").string_len(32).not_null())
            .col(col("month").integer().not_null())
            .col(col("owner_id").uuid().not_null())
            .col(col("amount_minor").big_integer().not_null())
            .primary_key(
                Index::create()
                    .col(t("tenant_id"))
                    .col(t("metric"))
                    .col(t("month"))
                    .col(t("owner_id")),
            )
            .to_owned();
        if b == DbBackend::Sqlite {
            // Read by its key only: no rowid to keep beside it.
            table.extra("WITHOUT ROWID");
        }
        m.create_table(table).await?;
        for sql in backfill(b).into_iter().chain(triggers(b)) {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}

/// Recounts one tenant's won-deal totals: a stage became won or stopped being won.
///
/// # Errors
/// When the database fails.
pub(crate) async fn rebuild_won<C: ConnectionTrait>(
    conn: &C,
    tenant_id: uuid::Uuid,
) -> Result<(), DbErr> {
    let b = conn.get_database_backend();
    let p = crate::platform::dialect::param(b, 1);
    for sql in [
        format!("DELETE FROM credit_totals WHERE tenant_id = {p} AND metric = 'won_amount'"),
        won_backfill(b, true),
    ] {
        conn.execute(sea_orm::Statement::from_sql_and_values(
            b,
            sql,
            [tenant_id.into()],
        ))
        .await?;
    }
    Ok(())
}
