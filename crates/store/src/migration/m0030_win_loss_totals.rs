//! Win/loss kept per owner and the UTC month a deal closed in (0 without a closing instant)
//! as `win_loss_totals`, by triggers in the writing transaction:
//!
//! - `reason`: lost deals by their loss reason (`key`, '' without one);
//! - `lost_at`: lost deals by the stage they left for the lost stage (`stage_id`: the
//!   `from_stage_id` of the change that closed them — the one at `closed_at` into their
//!   stage; the nil id when it has none);
//! - `met_won` / `met_lost`: won and lost deals by each competitor they name (`key`, as
//!   typed; the report folds letter case).
//!
//! Each deal counts twice: under its owner (the nil id without one) and under
//! [`EVERYONE`], so a company-wide report reads a few rows a month, not one per rep. The
//! report read every lost deal of the period and its closing change before (0.65 s at
//! 1,000,000 deals). As for `dwell_totals`, each trigger adds what its row changed with
//! everything else as the tables hold it now: a stage move inserts the closing change and
//! updates the deal, in either order, and the totals agree with the records after both.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::m0020_credit_totals::{month, owned};
use super::schema::{col, t};
use crate::platform::dialect::nil_id;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The owner id the company's totals are kept under (no user has it).
pub(crate) const EVERYONE: uuid::Uuid = uuid::Uuid::max();

/// Each row twice: as the owner's (`w.everyone` 0) and as everyone's (1).
const TWICE: &str = "(SELECT 0 AS everyone UNION ALL SELECT 1 AS everyone) w";

/// The owner a row of `w` counts under: the deal's (`owner`), or everyone.
fn owner_or_everyone(b: DbBackend, owner: &str) -> String {
    let everyone = match b {
        DbBackend::Postgres => "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid",
        _ => "X'ffffffffffffffffffffffffffffffff'",
    };
    format!(
        "(CASE WHEN w.everyone = 1 THEN {everyone} ELSE {} END)",
        owned(b, owner)
    )
}

/// The conflict target, the key in the order reports read it (an owner's months, or
/// everyone's): PostgreSQL keys the text by its digest, so a long reason never
/// meets the index's size limit.
fn upsert(b: DbBackend) -> String {
    let key = match b {
        DbBackend::Postgres => "md5(key)",
        _ => "key",
    };
    format!(
        "ON CONFLICT (tenant_id, owner_id, month, kind, stage_id, {key}) DO UPDATE SET \
         deals = win_loss_totals.deals + excluded.deals, \
         amount_minor = win_loss_totals.amount_minor + excluded.amount_minor"
    )
}

const COLUMNS: &str =
    "INSERT INTO win_loss_totals (tenant_id, kind, month, owner_id, stage_id, key, deals, amount_minor)";

/// The UTC month the deal row `row` closed in, 0 without a closing instant.
fn closed_month(b: DbBackend, row: &str) -> String {
    format!(
        "COALESCE({}, 0)",
        month(b, &format!("{row}.closed_at"), true)
    )
}

/// The changes of a deal by their instant (SQLite is told which index).
fn changes(b: DbBackend) -> &'static str {
    match b {
        DbBackend::Postgres => "stage_changes sc",
        _ => "stage_changes sc INDEXED BY stage_changes_opportunity",
    }
}

/// The competitors a deal row names: a join giving one row per entry, the entry's name,
/// and the condition that keeps entries with a text name (as the report reads them).
fn named_competitors(b: DbBackend, row: &str) -> (String, &'static str, String) {
    match b {
        DbBackend::Postgres => (
            format!(
                "CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof({row}.competitors) = 'array' \
                 THEN {row}.competitors ELSE '[]'::json END) AS e(value)"
            ),
            "(e.value ->> 'name')",
            "json_typeof(e.value -> 'name') = 'string'".into(),
        ),
        _ => (
            format!("CROSS JOIN json_each({row}.competitors) e"),
            "json_extract(e.value, '$.name')",
            format!(
                "json_type({row}.competitors) = 'array' AND json_type(e.value, '$.name') = 'text'"
            ),
        ),
    }
}

/// Everything the deal row `row` counts for, added (`sign` "") or taken away ("-").
fn deal_add(b: DbBackend, row: &str, sign: &str) -> String {
    let month = closed_month(b, row);
    let owner = owner_or_everyone(b, &format!("{row}.owner_id"));
    let nil = nil_id(b);
    let upsert = upsert(b);
    let stage = format!(
        "stages s CROSS JOIN {TWICE} WHERE s.tenant_id = {row}.tenant_id AND s.id = {row}.stage_id"
    );
    let (competitors, name, named) = named_competitors(b, row);
    format!(
        "{COLUMNS} SELECT {row}.tenant_id, 'reason', {month}, {owner}, {nil}, \
         COALESCE({row}.loss_reason, ''), {sign}1, {sign}{row}.amount_minor FROM {stage} AND s.is_lost \
         {upsert}; \
         {COLUMNS} SELECT {row}.tenant_id, 'lost_at', {month}, {owner}, COALESCE(sc.from_stage_id, {nil}), '', \
         {sign}COUNT(*), {sign}CAST(SUM({row}.amount_minor) AS BIGINT) \
         FROM stages s CROSS JOIN {changes} CROSS JOIN {TWICE} \
         WHERE s.tenant_id = {row}.tenant_id AND s.id = {row}.stage_id \
         AND s.is_lost AND sc.tenant_id = {row}.tenant_id AND sc.opportunity_id = {row}.id \
         AND sc.at = {row}.closed_at AND sc.to_stage_id = {row}.stage_id \
         GROUP BY w.everyone, COALESCE(sc.from_stage_id, {nil}) {upsert}; \
         {COLUMNS} SELECT {row}.tenant_id, CASE WHEN s.is_won THEN 'met_won' ELSE 'met_lost' END, {month}, \
         {owner}, {nil}, {name}, {sign}COUNT(*), {sign}CAST(SUM({row}.amount_minor) AS BIGINT) \
         FROM stages s {competitors} CROSS JOIN {TWICE} \
         WHERE s.tenant_id = {row}.tenant_id AND s.id = {row}.stage_id \
         AND (s.is_won OR s.is_lost) AND {row}.competitors IS NOT NULL AND {named} \
         GROUP BY w.everyone, CASE WHEN s.is_won THEN 'met_won' ELSE 'met_lost' END, {name} {upsert};",
        changes = changes(b),
    )
}

/// One stage change row `row` added or taken away: its deal lost at the change's stage
/// when the change is the one that closed it.
fn change_add(b: DbBackend, row: &str, sign: &str) -> String {
    let nil = nil_id(b);
    format!(
        "{COLUMNS} SELECT o.tenant_id, 'lost_at', {month}, {owner}, COALESCE({row}.from_stage_id, {nil}), '', \
         {sign}1, {sign}o.amount_minor \
         FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
         CROSS JOIN {TWICE} \
         WHERE o.tenant_id = {row}.tenant_id AND o.id = {row}.opportunity_id AND s.is_lost \
         AND o.closed_at = {row}.at AND o.stage_id = {row}.to_stage_id {upsert};",
        month = closed_month(b, "o"),
        owner = owner_or_everyone(b, "o.owner_id"),
        upsert = upsert(b),
    )
}

/// The deal's columns whose change moves its totals.
const DEAL_COLUMNS: &str = "stage_id, owner_id, closed_at, amount_minor, loss_reason, competitors";
/// A change's columns that decide whether it closed its deal, and from where.
const CHANGE_COLUMNS: &str = "opportunity_id, from_stage_id, to_stage_id, at";

/// What the triggers run as a deal (`deal` true) or a stage change is written, one
/// statement each, on `NEW`: the plan tests check each reaches the deal's few rows by index.
#[must_use]
pub fn trigger_statements(b: DbBackend, deal: bool) -> Vec<String> {
    let sql = if deal {
        deal_add(b, "NEW", "")
    } else {
        change_add(b, "NEW", "")
    };
    super::schema::one_by_one(&sql)
}

fn triggers(b: DbBackend) -> Vec<String> {
    match b {
        DbBackend::Postgres => vec![
            format!(
                "CREATE OR REPLACE FUNCTION closer_win_loss_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP <> 'INSERT' THEN {} END IF; \
                 IF TG_OP <> 'DELETE' THEN {} END IF; \
                 RETURN NULL; END $$",
                deal_add(b, "OLD", "-"),
                deal_add(b, "NEW", ""),
            ),
            format!(
                "CREATE TRIGGER opportunities_win_loss AFTER INSERT OR UPDATE OF {DEAL_COLUMNS} OR DELETE \
                 ON opportunities FOR EACH ROW EXECUTE FUNCTION closer_win_loss_opportunities()"
            ),
            format!(
                "CREATE OR REPLACE FUNCTION closer_win_loss_stage_changes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP <> 'INSERT' THEN {} END IF; \
                 IF TG_OP <> 'DELETE' THEN {} END IF; \
                 RETURN NULL; END $$",
                change_add(b, "OLD", "-"),
                change_add(b, "NEW", ""),
            ),
            format!(
                "CREATE TRIGGER stage_changes_win_loss AFTER INSERT OR UPDATE OF {CHANGE_COLUMNS} OR DELETE \
                 ON stage_changes FOR EACH ROW EXECUTE FUNCTION closer_win_loss_stage_changes()"
            ),
        ],
        _ => {
            let mut list = Vec::new();
            for (table, columns, add) in [
                (
                    "opportunities",
                    DEAL_COLUMNS,
                    deal_add as fn(DbBackend, &str, &str) -> String,
                ),
                ("stage_changes", CHANGE_COLUMNS, change_add),
            ] {
                list.extend([
                    format!(
                        "CREATE TRIGGER {table}_win_loss_insert AFTER INSERT ON {table} BEGIN {} END",
                        add(b, "NEW", "")
                    ),
                    format!(
                        "CREATE TRIGGER {table}_win_loss_update AFTER UPDATE OF {columns} ON {table} \
                         BEGIN {} {} END",
                        add(b, "OLD", "-"),
                        add(b, "NEW", "")
                    ),
                    format!(
                        "CREATE TRIGGER {table}_win_loss_delete AFTER DELETE ON {table} BEGIN {} END",
                        add(b, "OLD", "-")
                    ),
                ]);
            }
            list
        }
    }
}

/// The totals of every tenant's deals, or of the tenant bound as the first parameter.
fn backfill(b: DbBackend, one_tenant: bool) -> Vec<String> {
    let only = if one_tenant {
        format!(
            " AND o.tenant_id = {}",
            crate::platform::dialect::param(b, 1)
        )
    } else {
        String::new()
    };
    let month = closed_month(b, "o");
    let owner = owner_or_everyone(b, "o.owner_id");
    let nil = nil_id(b);
    let kind = "CASE WHEN s.is_won THEN 'met_won' ELSE 'met_lost' END";
    let (competitors, name, named) = named_competitors(b, "o");
    let deals = format!(
        "opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id CROSS JOIN {TWICE}"
    );
    vec![
        format!(
            "{COLUMNS} SELECT o.tenant_id, 'reason', {month}, {owner}, {nil}, COALESCE(o.loss_reason, ''), \
             COUNT(*), CAST(SUM(o.amount_minor) AS BIGINT) FROM {deals} WHERE s.is_lost{only} \
             GROUP BY o.tenant_id, {month}, {owner}, COALESCE(o.loss_reason, '')"
        ),
        format!(
            "{COLUMNS} SELECT o.tenant_id, 'lost_at', {month}, {owner}, COALESCE(sc.from_stage_id, {nil}), '', \
             COUNT(*), CAST(SUM(o.amount_minor) AS BIGINT) FROM {deals} \
             JOIN stage_changes sc ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id \
             AND sc.at = o.closed_at AND sc.to_stage_id = o.stage_id WHERE s.is_lost{only} \
             GROUP BY o.tenant_id, {month}, {owner}, COALESCE(sc.from_stage_id, {nil})"
        ),
        format!(
            "{COLUMNS} SELECT o.tenant_id, {kind}, {month}, {owner}, {nil}, {name}, \
             COUNT(*), CAST(SUM(o.amount_minor) AS BIGINT) FROM {deals} {competitors} \
             WHERE (s.is_won OR s.is_lost) AND o.competitors IS NOT NULL AND {named}{only} \
             GROUP BY o.tenant_id, {kind}, {month}, {owner}, {name}"
        ),
    ]
}

/// Recounts one tenant's totals: a stage became won or lost, or stopped being so.
///
/// # Errors
/// When the database fails.
pub(crate) async fn rebuild<C: ConnectionTrait>(
    conn: &C,
    tenant_id: uuid::Uuid,
) -> Result<(), DbErr> {
    let b = conn.get_database_backend();
    let p = crate::platform::dialect::param(b, 1);
    let delete = format!("DELETE FROM win_loss_totals WHERE tenant_id = {p}");
    super::schema::run_for_tenant(
        conn,
        tenant_id,
        std::iter::once(delete).chain(backfill(b, true)),
    )
    .await
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        let b = conn.get_database_backend();
        let mut table = Table::create()
            .table(t("win_loss_totals"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("kind").string_len(16).not_null())
            .col(col("month").integer().not_null())
            .col(col("owner_id").uuid().not_null())
            .col(col("stage_id").uuid().not_null())
            .col(col("key").text().not_null())
            .col(col("deals").big_integer().not_null())
            .col(col("amount_minor").big_integer().not_null())
            .to_owned();
        match b {
            DbBackend::Postgres => {
                m.create_table(table).await?;
                conn.execute_unprepared(
                    "CREATE UNIQUE INDEX win_loss_totals_key ON win_loss_totals \
                     (tenant_id, owner_id, month, kind, stage_id, md5(key))",
                )
                .await?;
            }
            _ => {
                table
                    .primary_key(
                        Index::create()
                            .col(t("tenant_id"))
                            .col(t("owner_id"))
                            .col(t("month"))
                            .col(t("kind"))
                            .col(t("stage_id"))
                            .col(t("key")),
                    )
                    .extra("WITHOUT ROWID");
                m.create_table(table).await?;
            }
        }
        for sql in backfill(b, false).into_iter().chain(triggers(b)) {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
