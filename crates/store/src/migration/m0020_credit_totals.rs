//! `credit_totals`: what each person is credited with per metric and month — won (and lost)
//! deals by the UTC month they closed in, contracts by the month they were signed, payments
//! by the month the money came in (less what was refunded) — with how many records, kept by
//! triggers in the writing transaction, as `forecast_totals` keeps the forecast. Completion
//! and the home page read a few thousand of these rows instead of a year of records
//! (`targets::completion`, `analytics::closed_totals`).
//!
//! What counts is what completion reads live: a won or lost deal (one without a closing
//! instant under month 0, which no period reaches); an
//! active or completed contract with a signing date; a posted payment credited to its
//! contract's owner, else its own. A contract changing hands moves its payments' credit with
//! it. A record without an owner is kept under the nil id (credited to no one).

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::{col, t};
use crate::platform::dialect::nil_id;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `YYYYMM` of an instant in UTC (won deals) or of a date (contracts, payments).
pub(super) fn month(backend: DbBackend, at: &str, instant: bool) -> String {
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

pub(super) const UPSERT: &str = "ON CONFLICT (tenant_id, metric, month, owner_id) DO UPDATE SET \
                      amount_minor = credit_totals.amount_minor + excluded.amount_minor, \
                      deals = credit_totals.deals + excluded.deals";

/// A record's owner, the nil id when it has none.
pub(super) fn owned(b: DbBackend, owner: &str) -> String {
    format!("COALESCE({owner}, {})", nil_id(b))
}

/// The owner a payment row is credited to: its contract's owner, else its own.
fn payment_owner(b: DbBackend, row: &str) -> String {
    format!(
        "COALESCE((SELECT c.owner_id FROM contracts c WHERE c.tenant_id = {row}.tenant_id \
         AND c.id = {row}.contract_id), {row}.owner_id, {})",
        nil_id(b)
    )
}

/// One row's credit added (`sign` "") or taken away (`sign` "-"), as one statement.
/// A closed deal's month; 0 for one without a closing instant (a stage made won after the
/// fact), so "all time" still counts it.
fn closed_month(b: DbBackend, at: &str) -> String {
    format!("COALESCE({}, 0)", month(b, at, true))
}

pub(super) fn closed_add(b: DbBackend, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor, deals) \
         SELECT {row}.tenant_id, {CLOSED_METRIC}, {m}, {owner}, {sign}{row}.amount_minor, {sign}1 \
         FROM stages s WHERE s.tenant_id = {row}.tenant_id AND s.id = {row}.stage_id \
         AND (s.is_won OR s.is_lost) {UPSERT};",
        m = closed_month(b, &format!("{row}.closed_at")),
        owner = owned(b, &format!("{row}.owner_id")),
    )
}

/// Won deals are credited as `won_amount`, lost ones kept as `lost_amount`.
const CLOSED_METRIC: &str = "CASE WHEN s.is_won THEN 'won_amount' ELSE 'lost_amount' END";

fn contract_add(b: DbBackend, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor, deals) \
         SELECT {row}.tenant_id, 'contract_amount', {m}, {owner}, {sign}{row}.amount_minor, {sign}1 \
         WHERE {row}.status IN ('active', 'completed') AND {row}.signed_on IS NOT NULL {UPSERT};",
        m = month(b, &format!("{row}.signed_on"), false),
        owner = owned(b, &format!("{row}.owner_id")),
    )
}

fn payment_add(b: DbBackend, row: &str, sign: &str) -> String {
    let owner = payment_owner(b, row);
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor, deals) \
         SELECT {row}.tenant_id, 'payments', {m}, {owner}, {sign}({row}.amount_minor - {row}.refunded_minor), {sign}1 \
         WHERE {row}.status = 'posted' {UPSERT};",
        m = month(b, &format!("{row}.received_on"), false),
    )
}

/// A contract's posted payments credited to `owner` (an expression of the contract row),
/// added or taken away: what moves when the contract changes hands.
fn contract_payments_add(b: DbBackend, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor, deals) \
         SELECT p.tenant_id, 'payments', {m}, {owner}, \
         {sign}CAST(SUM(p.amount_minor - p.refunded_minor) AS BIGINT), {sign}COUNT(*) \
         FROM payments p{by_contract} WHERE p.tenant_id = {row}.tenant_id AND p.contract_id = {row}.id \
         AND p.status = 'posted' GROUP BY p.tenant_id, {m}, {owner} {UPSERT};",
        m = month(b, "p.received_on", false),
        owner = owned(b, &format!("COALESCE({row}.owner_id, p.owner_id)")),
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
        ("opportunities", OPPORTUNITY_COLUMNS, closed_add),
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

/// The closed deals' totals of every tenant, or of the one bound as the first parameter
/// (when a stage becomes won or lost, or stops being so, `opportunities::process` rebuilds
/// them).
pub(crate) fn closed_backfill(b: DbBackend, one_tenant: bool) -> String {
    let closed = closed_month(b, "o.closed_at");
    let owner = owned(b, "o.owner_id");
    let only = if one_tenant {
        format!(
            " AND o.tenant_id = {}",
            crate::platform::dialect::param(b, 1)
        )
    } else {
        String::new()
    };
    format!(
        "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor, deals) \
         SELECT o.tenant_id, {CLOSED_METRIC}, {closed}, {owner}, CAST(SUM(o.amount_minor) AS BIGINT), COUNT(*) \
         FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
         WHERE (s.is_won OR s.is_lost){only} \
         GROUP BY o.tenant_id, {CLOSED_METRIC}, {closed}, {owner}"
    )
}

/// The totals of the records already there.
fn backfill(b: DbBackend) -> [String; 3] {
    let signed = month(b, "c.signed_on", false);
    let received = month(b, "p.received_on", false);
    let contract_owner = owned(b, "c.owner_id");
    let payment_owner = owned(b, "COALESCE(c.owner_id, p.owner_id)");
    [
        closed_backfill(b, false),
        format!(
            "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor, deals) \
             SELECT c.tenant_id, 'contract_amount', {signed}, {contract_owner}, CAST(SUM(c.amount_minor) AS BIGINT), COUNT(*) \
             FROM contracts c WHERE c.status IN ('active', 'completed') AND c.signed_on IS NOT NULL \
             GROUP BY c.tenant_id, {signed}, {contract_owner}"
        ),
        format!(
            "INSERT INTO credit_totals (tenant_id, metric, month, owner_id, amount_minor, deals) \
             SELECT p.tenant_id, 'payments', {received}, {payment_owner}, \
             CAST(SUM(p.amount_minor - p.refunded_minor) AS BIGINT), COUNT(*) \
             FROM payments p LEFT JOIN contracts c ON c.tenant_id = p.tenant_id AND c.id = p.contract_id \
             WHERE p.status = 'posted' GROUP BY p.tenant_id, {received}, {payment_owner}"
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
            .col(col("deals").big_integer().not_null())
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
