//! Time in each stage (the efficiency report's stage dwell) kept per owner, stage and the
//! deal's report month as `dwell_totals`: the seconds deals spent in a stage they have left,
//! and how many deals. A deal counts under the month it closed in (UTC, `closed` 1) or is
//! expected to close in (`closed` 0); month 0 when it has neither. Kept by triggers in the
//! writing transaction: a stage change's end (or its insertion, or removal) moves its
//! stage's seconds, and the deal's count when it is its first or last stay there; a deal's
//! new owner, stage, close or expected close moves all its stays. The report read every
//! deal and its changes before (3.3 s at 300,000 deals and 950,000 changes).
//!
//! Each trigger adds what changed with everything else as the table holds it now, so the
//! totals are the records' figure after any order of writes within a transaction.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::m0020_credit_totals::{month, owned};
use super::schema::{col, t};
use crate::platform::dialect::epoch_seconds;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UPSERT: &str = "ON CONFLICT (tenant_id, closed, month, owner_id, stage_id) DO UPDATE SET \
                      seconds = dwell_totals.seconds + excluded.seconds, \
                      deals = dwell_totals.deals + excluded.deals";

/// 1 when the deal row `row` is won or lost, else 0.
pub(crate) fn closed_sql(row: &str) -> String {
    format!(
        "(CASE WHEN EXISTS (SELECT 1 FROM stages ks WHERE ks.tenant_id = {row}.tenant_id \
         AND ks.id = {row}.stage_id AND (ks.is_won OR ks.is_lost)) THEN 1 ELSE 0 END)"
    )
}

/// The deal's report month: when it closed (UTC), else when it is expected to close; 0
/// without either.
pub(crate) fn month_sql(b: DbBackend, row: &str) -> String {
    format!(
        "(CASE WHEN {closed} = 1 THEN COALESCE({c}, 0) ELSE COALESCE({e}, 0) END)",
        closed = closed_sql(row),
        c = month(b, &format!("{row}.closed_at"), true),
        e = month(b, &format!("{row}.expected_close_date"), false),
    )
}

/// Seconds a stage change `c` was in force.
fn stay(b: DbBackend, c: &str) -> String {
    format!(
        "({} - {})",
        epoch_seconds(b, &format!("{c}.superseded_at")),
        epoch_seconds(b, &format!("{c}.at"))
    )
}

/// The deal's changes by their end. SQLite, without statistics, would rather walk the
/// company's changes in stage order for the `GROUP BY` (quadratic over a bulk load).
fn changes_of_deal(b: DbBackend, alias: &str) -> String {
    match b {
        DbBackend::Postgres => format!("stage_changes {alias}"),
        _ => format!("stage_changes {alias} INDEXED BY stage_changes_open_end"),
    }
}

/// All the stays of the deal row `row` added (`sign` "") or taken away ("-").
fn deal_add(b: DbBackend, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO dwell_totals (tenant_id, closed, month, owner_id, stage_id, seconds, deals) \
         SELECT {row}.tenant_id, {closed}, {month}, {owner}, sc.to_stage_id, \
         {sign}CAST(SUM({stay}) AS BIGINT), {sign}1 \
         FROM {changes} WHERE sc.tenant_id = {row}.tenant_id AND sc.opportunity_id = {row}.id \
         AND sc.superseded_at IS NOT NULL AND sc.to_stage_id <> {row}.stage_id \
         GROUP BY sc.to_stage_id {UPSERT};",
        changes = changes_of_deal(b, "sc"),
        closed = closed_sql(row),
        month = month_sql(b, row),
        owner = owned(b, &format!("{row}.owner_id")),
        stay = stay(b, "sc"),
    )
}

/// What one stage change's row going from `old` to `new` (either absent) moves: its stay's
/// seconds, and its deal counted in that stage when the deal's stays there go from none to
/// some or back. Nothing while the deal is still in that stage.
fn change_delta(b: DbBackend, old: Option<&str>, new: Option<&str>) -> String {
    let row = new.or(old).unwrap_or("NEW");
    let seconds = |r: Option<&str>| match r {
        Some(r) => format!(
            "(CASE WHEN {r}.superseded_at IS NOT NULL THEN {} ELSE 0 END)",
            stay(b, r)
        ),
        None => "0".into(),
    };
    let left = |r: Option<&str>| match r {
        Some(r) => format!("(CASE WHEN {r}.superseded_at IS NOT NULL THEN 1 ELSE 0 END)"),
        None => "0".into(),
    };
    let now = format!(
        "(SELECT COUNT(*) FROM {} WHERE c.tenant_id = {row}.tenant_id \
         AND c.opportunity_id = {row}.opportunity_id AND c.superseded_at IS NOT NULL \
         AND c.to_stage_id = {row}.to_stage_id)",
        changes_of_deal(b, "c")
    );
    format!(
        "INSERT INTO dwell_totals (tenant_id, closed, month, owner_id, stage_id, seconds, deals) \
         SELECT o.tenant_id, {closed}, {month}, {owner}, {row}.to_stage_id, \
         {new_s} - {old_s}, \
         (CASE WHEN {now} > 0 THEN 1 ELSE 0 END) - \
         (CASE WHEN {now} - {new_l} + {old_l} > 0 THEN 1 ELSE 0 END) \
         FROM opportunities o WHERE o.tenant_id = {row}.tenant_id AND o.id = {row}.opportunity_id \
         AND o.stage_id <> {row}.to_stage_id {UPSERT};",
        closed = closed_sql("o"),
        month = month_sql(b, "o"),
        owner = owned(b, "o.owner_id"),
        new_s = seconds(new),
        old_s = seconds(old),
        new_l = left(new),
        old_l = left(old),
    )
}

/// The deal's columns whose change moves its stays.
const DEAL_COLUMNS: &str = "stage_id, owner_id, closed_at, expected_close_date";
/// A change's columns whose change moves its stay (its stage never changes).
const CHANGE_COLUMNS: &str = "at, superseded_at";

/// What the triggers run as a deal (`deal` true) or a stage change is written, one
/// statement each, on `NEW`: the plan tests check each reaches the deal's few rows by index.
#[must_use]
pub fn trigger_statements(b: DbBackend, deal: bool) -> Vec<String> {
    let sql = if deal {
        deal_add(b, "NEW", "")
    } else {
        change_delta(b, None, Some("NEW"))
    };
    super::schema::one_by_one(&sql)
}

fn triggers(b: DbBackend) -> Vec<String> {
    match b {
        DbBackend::Postgres => vec![
            format!(
                "CREATE OR REPLACE FUNCTION closer_dwell_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP <> 'INSERT' THEN {} END IF; \
                 IF TG_OP <> 'DELETE' THEN {} END IF; \
                 RETURN NULL; END $$",
                deal_add(b, "OLD", "-"),
                deal_add(b, "NEW", ""),
            ),
            format!(
                "CREATE TRIGGER opportunities_dwell AFTER INSERT OR UPDATE OF {DEAL_COLUMNS} OR DELETE \
                 ON opportunities FOR EACH ROW EXECUTE FUNCTION closer_dwell_opportunities()"
            ),
            format!(
                "CREATE OR REPLACE FUNCTION closer_dwell_stage_changes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP = 'INSERT' THEN {} ELSIF TG_OP = 'UPDATE' THEN {} ELSE {} END IF; \
                 RETURN NULL; END $$",
                change_delta(b, None, Some("NEW")),
                change_delta(b, Some("OLD"), Some("NEW")),
                change_delta(b, Some("OLD"), None),
            ),
            format!(
                "CREATE TRIGGER stage_changes_dwell AFTER INSERT OR UPDATE OF {CHANGE_COLUMNS} OR DELETE \
                 ON stage_changes FOR EACH ROW EXECUTE FUNCTION closer_dwell_stage_changes()"
            ),
        ],
        _ => vec![
            format!(
                "CREATE TRIGGER opportunities_dwell_insert AFTER INSERT ON opportunities BEGIN {} END",
                deal_add(b, "NEW", "")
            ),
            format!(
                "CREATE TRIGGER opportunities_dwell_update AFTER UPDATE OF {DEAL_COLUMNS} ON opportunities \
                 BEGIN {} {} END",
                deal_add(b, "OLD", "-"),
                deal_add(b, "NEW", "")
            ),
            format!(
                "CREATE TRIGGER opportunities_dwell_delete AFTER DELETE ON opportunities BEGIN {} END",
                deal_add(b, "OLD", "-")
            ),
            format!(
                "CREATE TRIGGER stage_changes_dwell_insert AFTER INSERT ON stage_changes BEGIN {} END",
                change_delta(b, None, Some("NEW"))
            ),
            format!(
                "CREATE TRIGGER stage_changes_dwell_update AFTER UPDATE OF {CHANGE_COLUMNS} ON stage_changes \
                 BEGIN {} END",
                change_delta(b, Some("OLD"), Some("NEW"))
            ),
            format!(
                "CREATE TRIGGER stage_changes_dwell_delete AFTER DELETE ON stage_changes BEGIN {} END",
                change_delta(b, Some("OLD"), None)
            ),
        ],
    }
}

/// The stays of every tenant's deals, or of the tenant bound as the first parameter.
pub(crate) fn backfill(b: DbBackend, one_tenant: bool) -> String {
    let only = if one_tenant {
        format!(
            " AND o.tenant_id = {}",
            crate::platform::dialect::param(b, 1)
        )
    } else {
        String::new()
    };
    let closed = closed_sql("o");
    let month = month_sql(b, "o");
    let owner = owned(b, "o.owner_id");
    format!(
        "INSERT INTO dwell_totals (tenant_id, closed, month, owner_id, stage_id, seconds, deals) \
         SELECT o.tenant_id, {closed}, {month}, {owner}, sc.to_stage_id, \
         CAST(SUM({stay}) AS BIGINT), COUNT(DISTINCT o.id) \
         FROM opportunities o JOIN stage_changes sc ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id \
         WHERE sc.superseded_at IS NOT NULL AND sc.to_stage_id <> o.stage_id{only} \
         GROUP BY o.tenant_id, {closed}, {month}, {owner}, sc.to_stage_id",
        stay = stay(b, "sc"),
    )
}

/// Recounts one tenant's stays: a stage became won or lost, or stopped being so (a deal's
/// report month follows whether it is closed).
///
/// # Errors
/// When the database fails.
pub(crate) async fn rebuild<C: ConnectionTrait>(
    conn: &C,
    tenant_id: uuid::Uuid,
) -> Result<(), DbErr> {
    let b = conn.get_database_backend();
    let p = crate::platform::dialect::param(b, 1);
    let delete = format!("DELETE FROM dwell_totals WHERE tenant_id = {p}");
    super::schema::run_for_tenant(conn, tenant_id, [delete, backfill(b, true)]).await
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        let b = conn.get_database_backend();
        let mut table = Table::create()
            .table(t("dwell_totals"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("closed").integer().not_null())
            .col(col("month").integer().not_null())
            .col(col("owner_id").uuid().not_null())
            .col(col("stage_id").uuid().not_null())
            .col(col("seconds").big_integer().not_null())
            .col(col("deals").big_integer().not_null())
            .primary_key(
                Index::create()
                    .col(t("tenant_id"))
                    .col(t("closed"))
                    .col(t("month"))
                    .col(t("owner_id"))
                    .col(t("stage_id")),
            )
            .to_owned();
        if b == DbBackend::Sqlite {
            table.extra("WITHOUT ROWID");
        }
        m.create_table(table).await?;
        conn.execute_unprepared(&backfill(b, false)).await?;
        for sql in triggers(b) {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
