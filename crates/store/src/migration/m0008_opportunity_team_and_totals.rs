//! An opportunity's team and competitors; and the figures the forecast and the learned win
//! rates read, kept by the database itself so they stay exact whatever writes an
//! opportunity (a move, an edit, a quote, a transfer, a bulk load, a restore):
//!
//! - `forecast_totals`: count and amount of opportunities per (stage, owner, close month),
//!   changed by triggers on `opportunities` in the writing transaction. The forecast sums a
//!   few hundred of these rows instead of every open deal. A missing owner is the nil id and
//!   a missing close date month 0, so every key is comparable with `=`.
//! - `stage_reach`: which stages each opportunity ever entered (from `stage_changes`), and
//!   `learned_counts`: per stage, how many of the opportunities that reached it are now won
//!   and lost — the learned win rate's counts.
//!
//! The three are derived: backups leave them out and a restore rebuilds them through the
//! same triggers. The triggers are written once per engine below; `opportunities::rebuild_learned`
//! recomputes the learned counts when an administrator changes which stages are won or lost.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::{col, t, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0008_opportunity_team_and_totals"
    }
}

use crate::platform::dialect::{month_of as month, nil_id as nil};

/// Backfills the derived tables from the rows already stored.
fn backfill(backend: DbBackend) -> Vec<String> {
    vec![
        format!(
            "INSERT INTO forecast_totals (tenant_id, stage_id, owner_id, close_month, opportunities, amount_minor) \
             SELECT tenant_id, stage_id, COALESCE(owner_id, {nil}), {m}, COUNT(*), CAST(SUM(amount_minor) AS BIGINT) \
             FROM opportunities GROUP BY tenant_id, stage_id, COALESCE(owner_id, {nil}), {m}",
            nil = nil(backend),
            m = month(backend, "expected_close_date"),
        ),
        "INSERT INTO stage_reach (tenant_id, opportunity_id, stage_id) \
         SELECT DISTINCT tenant_id, opportunity_id, to_stage_id FROM stage_changes"
            .into(),
        // The counts per stage as this migration first kept them (m0011 keys them finer).
        "INSERT INTO learned_counts (tenant_id, stage_id, won, lost) \
         SELECT r.tenant_id, r.stage_id, \
           CAST(SUM(CASE WHEN s.is_won THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN s.is_lost THEN 1 ELSE 0 END) AS BIGINT) \
         FROM stage_reach r \
         JOIN opportunities o ON o.tenant_id = r.tenant_id AND o.id = r.opportunity_id \
         JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
         GROUP BY r.tenant_id, r.stage_id"
            .into(),
    ]
}

/// SQLite's change to `forecast_totals` for one row (`NEW` or `OLD`), added (`sign` "") or
/// taken away (`sign` "-").
fn sqlite_forecast_add(row: &str, sign: &str) -> String {
    let nil = nil(DbBackend::Sqlite);
    format!(
        "INSERT INTO forecast_totals (tenant_id, stage_id, owner_id, close_month, opportunities, amount_minor) \
         VALUES ({row}.tenant_id, {row}.stage_id, COALESCE({row}.owner_id, {nil}), {m}, {sign}1, {sign}{row}.amount_minor) \
         ON CONFLICT (tenant_id, stage_id, owner_id, close_month) DO UPDATE SET \
         opportunities = opportunities + excluded.opportunities, amount_minor = amount_minor + excluded.amount_minor;",
        m = month(DbBackend::Sqlite, &format!("{row}.expected_close_date")),
    )
}

/// SQLite's trigger taking a deleted opportunity out of `forecast_totals` — and, as this
/// migration first wrote it, out of the per-stage learned counts.
pub(super) fn sqlite_totals_delete(with_learned: bool) -> String {
    let kind_change = |row: &str, flag: &str| {
        format!(
            "(SELECT CASE WHEN {flag} THEN 1 ELSE 0 END FROM stages WHERE tenant_id = {row}.tenant_id AND id = {row}.stage_id)"
        )
    };
    let learned = if with_learned {
        format!(
            "UPDATE learned_counts SET won = won - {ow}, lost = lost - {ol} \
             WHERE tenant_id = OLD.tenant_id AND stage_id IN \
               (SELECT stage_id FROM stage_reach WHERE tenant_id = OLD.tenant_id AND opportunity_id = OLD.id); \
             DELETE FROM stage_reach WHERE tenant_id = OLD.tenant_id AND opportunity_id = OLD.id;",
            ow = kind_change("OLD", "is_won"),
            ol = kind_change("OLD", "is_lost"),
        )
    } else {
        String::new()
    };
    format!(
        "CREATE TRIGGER opportunities_totals_delete AFTER DELETE ON opportunities BEGIN {} {learned} END",
        sqlite_forecast_add("OLD", "-"),
    )
}

fn sqlite_triggers() -> Vec<String> {
    let add = sqlite_forecast_add;
    let kind_change = |row: &str, flag: &str| {
        format!(
            "(SELECT CASE WHEN {flag} THEN 1 ELSE 0 END FROM stages WHERE tenant_id = {row}.tenant_id AND id = {row}.stage_id)"
        )
    };
    vec![
        format!(
            "CREATE TRIGGER opportunities_totals_insert AFTER INSERT ON opportunities BEGIN {} END",
            add("NEW", "")
        ),
        format!(
            "CREATE TRIGGER opportunities_totals_update AFTER UPDATE OF stage_id, owner_id, expected_close_date, amount_minor \
             ON opportunities WHEN OLD.stage_id IS NOT NEW.stage_id OR OLD.owner_id IS NOT NEW.owner_id \
             OR OLD.expected_close_date IS NOT NEW.expected_close_date OR OLD.amount_minor <> NEW.amount_minor \
             BEGIN {} {} END",
            add("OLD", "-"),
            add("NEW", "")
        ),
        sqlite_totals_delete(true),
        "CREATE TRIGGER stage_changes_reach AFTER INSERT ON stage_changes BEGIN \
         INSERT INTO stage_reach (tenant_id, opportunity_id, stage_id) \
         VALUES (NEW.tenant_id, NEW.opportunity_id, NEW.to_stage_id) ON CONFLICT DO NOTHING; END"
            .into(),
        "CREATE TRIGGER stage_reach_learned AFTER INSERT ON stage_reach BEGIN \
         INSERT INTO learned_counts (tenant_id, stage_id, won, lost) \
         SELECT NEW.tenant_id, NEW.stage_id, CASE WHEN s.is_won THEN 1 ELSE 0 END, CASE WHEN s.is_lost THEN 1 ELSE 0 END \
         FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
         WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.opportunity_id \
         ON CONFLICT (tenant_id, stage_id) DO UPDATE SET won = won + excluded.won, lost = lost + excluded.lost; END"
            .into(),
        format!(
            "CREATE TRIGGER opportunities_learned AFTER UPDATE OF stage_id ON opportunities \
             WHEN OLD.stage_id <> NEW.stage_id BEGIN \
             UPDATE learned_counts SET won = won + {nw} - {ow}, lost = lost + {nl} - {ol} \
             WHERE tenant_id = NEW.tenant_id AND stage_id IN \
               (SELECT stage_id FROM stage_reach WHERE tenant_id = NEW.tenant_id AND opportunity_id = NEW.id); END",
            nw = kind_change("NEW", "is_won"),
            ow = kind_change("OLD", "is_won"),
            nl = kind_change("NEW", "is_lost"),
            ol = kind_change("OLD", "is_lost"),
        ),
    ]
}

/// PostgreSQL's trigger function keeping `forecast_totals` — and, as this migration first
/// wrote it, taking a deleted opportunity out of the per-stage learned counts.
pub(super) fn postgres_forecast_function(with_learned: bool) -> String {
    let nil = nil(DbBackend::Postgres);
    let m = |row: &str| month(DbBackend::Postgres, &format!("{row}.expected_close_date"));
    let kind = |row: &str, flag: &str| {
        format!(
            "COALESCE((SELECT CASE WHEN {flag} THEN 1 ELSE 0 END FROM stages WHERE tenant_id = {row}.tenant_id AND id = {row}.stage_id), 0)"
        )
    };
    let learned = if with_learned {
        format!(
            "IF TG_OP = 'DELETE' THEN \
               UPDATE learned_counts SET won = won - {ow}, lost = lost - {ol} \
               WHERE tenant_id = OLD.tenant_id AND stage_id IN \
                 (SELECT stage_id FROM stage_reach WHERE tenant_id = OLD.tenant_id AND opportunity_id = OLD.id); \
               DELETE FROM stage_reach WHERE tenant_id = OLD.tenant_id AND opportunity_id = OLD.id; \
             END IF;",
            ow = kind("OLD", "is_won"),
            ol = kind("OLD", "is_lost"),
        )
    } else {
        String::new()
    };
    // The old and the new key are changed in key order, so two deals moving opposite ways
    // at once lock the same rows in the same order and never deadlock.
    format!(
        "CREATE OR REPLACE FUNCTION closer_forecast_totals() RETURNS trigger LANGUAGE plpgsql AS $$ \
         DECLARE old_owner uuid; new_owner uuid; old_month integer; new_month integer; \
         BEGIN \
           IF TG_OP <> 'INSERT' THEN old_owner := COALESCE(OLD.owner_id, {nil}); old_month := {om}; END IF; \
           IF TG_OP <> 'DELETE' THEN new_owner := COALESCE(NEW.owner_id, {nil}); new_month := {nm}; END IF; \
           IF TG_OP = 'UPDATE' THEN \
             IF OLD.stage_id = NEW.stage_id AND old_owner = new_owner AND old_month = new_month \
                AND OLD.amount_minor = NEW.amount_minor THEN RETURN NULL; END IF; \
             IF ROW(NEW.stage_id, new_owner, new_month) < ROW(OLD.stage_id, old_owner, old_month) THEN \
               PERFORM closer_forecast_add(NEW.tenant_id, NEW.stage_id, new_owner, new_month, 1, NEW.amount_minor); \
               PERFORM closer_forecast_add(OLD.tenant_id, OLD.stage_id, old_owner, old_month, -1, -OLD.amount_minor); \
               RETURN NULL; \
             END IF; \
           END IF; \
           IF TG_OP <> 'INSERT' THEN \
             PERFORM closer_forecast_add(OLD.tenant_id, OLD.stage_id, old_owner, old_month, -1, -OLD.amount_minor); \
           END IF; \
           IF TG_OP <> 'DELETE' THEN \
             PERFORM closer_forecast_add(NEW.tenant_id, NEW.stage_id, new_owner, new_month, 1, NEW.amount_minor); \
           END IF; \
           {learned} \
           RETURN NULL; \
         END $$",
        om = m("OLD"),
        nm = m("NEW"),
    )
}

fn postgres_triggers() -> Vec<String> {
    let kind = |row: &str, flag: &str| {
        format!(
            "COALESCE((SELECT CASE WHEN {flag} THEN 1 ELSE 0 END FROM stages WHERE tenant_id = {row}.tenant_id AND id = {row}.stage_id), 0)"
        )
    };
    vec![
        // One key's count and amount moved by (n, amount), the row made when missing.
        "CREATE OR REPLACE FUNCTION closer_forecast_add(t uuid, s uuid, o uuid, m integer, n bigint, a bigint) \
         RETURNS void LANGUAGE sql AS $$ \
         INSERT INTO forecast_totals (tenant_id, stage_id, owner_id, close_month, opportunities, amount_minor) \
         VALUES (t, s, o, m, n, a) ON CONFLICT (tenant_id, stage_id, owner_id, close_month) DO UPDATE SET \
         opportunities = forecast_totals.opportunities + EXCLUDED.opportunities, \
         amount_minor = forecast_totals.amount_minor + EXCLUDED.amount_minor $$"
            .into(),
        postgres_forecast_function(true),
        "CREATE TRIGGER opportunities_totals AFTER INSERT OR UPDATE OR DELETE ON opportunities \
         FOR EACH ROW EXECUTE FUNCTION closer_forecast_totals()"
            .into(),
        "CREATE OR REPLACE FUNCTION closer_stage_reach() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           INSERT INTO stage_reach (tenant_id, opportunity_id, stage_id) \
           VALUES (NEW.tenant_id, NEW.opportunity_id, NEW.to_stage_id) ON CONFLICT DO NOTHING; \
           RETURN NULL; END $$"
            .into(),
        "CREATE TRIGGER stage_changes_reach AFTER INSERT ON stage_changes \
         FOR EACH ROW EXECUTE FUNCTION closer_stage_reach()"
            .into(),
        "CREATE OR REPLACE FUNCTION closer_learned_reach() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           INSERT INTO learned_counts (tenant_id, stage_id, won, lost) \
           SELECT NEW.tenant_id, NEW.stage_id, CASE WHEN s.is_won THEN 1 ELSE 0 END, CASE WHEN s.is_lost THEN 1 ELSE 0 END \
           FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
           WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.opportunity_id \
           ON CONFLICT (tenant_id, stage_id) DO UPDATE SET won = learned_counts.won + EXCLUDED.won, \
             lost = learned_counts.lost + EXCLUDED.lost; \
           RETURN NULL; END $$"
            .into(),
        "CREATE TRIGGER stage_reach_learned AFTER INSERT ON stage_reach \
         FOR EACH ROW EXECUTE FUNCTION closer_learned_reach()"
            .into(),
        format!(
            "CREATE OR REPLACE FUNCTION closer_learned_close() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               UPDATE learned_counts SET won = won + {nw} - {ow}, lost = lost + {nl} - {ol} \
               WHERE tenant_id = NEW.tenant_id AND stage_id IN \
                 (SELECT stage_id FROM stage_reach WHERE tenant_id = NEW.tenant_id AND opportunity_id = NEW.id); \
               RETURN NULL; END $$",
            nw = kind("NEW", "is_won"),
            ow = kind("OLD", "is_won"),
            nl = kind("NEW", "is_lost"),
            ol = kind("OLD", "is_lost"),
        ),
        "CREATE TRIGGER opportunities_learned AFTER UPDATE OF stage_id ON opportunities \
         FOR EACH ROW WHEN (OLD.stage_id <> NEW.stage_id) EXECUTE FUNCTION closer_learned_close()"
            .into(),
    ]
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("opportunities"))
                .add_column(col("competitors").json().null().to_owned())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("opportunity_members"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("opportunity_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("role").string().not_null())
                .col(col("added_at").timestamp_with_time_zone().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("opportunity_id"))
                        .col(t("user_id")),
                )
                .to_owned(),
        )
        .await?;
        // The deals a user works on as a team member.
        m.create_index(tenant_index(
            "opportunity_members",
            "opportunity_members_user",
            &["user_id"],
            false,
        ))
        .await?;
        // A kanban column: one stage's deals, newest first.
        m.create_index(tenant_index(
            "opportunities",
            "opportunities_stage_newest",
            &["stage_id", "id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(t("forecast_totals"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("stage_id").uuid().not_null())
                .col(col("owner_id").uuid().not_null())
                .col(col("close_month").integer().not_null())
                .col(col("opportunities").big_integer().not_null())
                .col(col("amount_minor").big_integer().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("stage_id"))
                        .col(t("owner_id"))
                        .col(t("close_month")),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("stage_reach"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("opportunity_id").uuid().not_null())
                .col(col("stage_id").uuid().not_null())
                .primary_key(
                    Index::create()
                        .col(t("tenant_id"))
                        .col(t("opportunity_id"))
                        .col(t("stage_id")),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(t("learned_counts"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("stage_id").uuid().not_null())
                .col(col("won").big_integer().not_null())
                .col(col("lost").big_integer().not_null())
                .primary_key(Index::create().col(t("tenant_id")).col(t("stage_id")))
                .to_owned(),
        )
        .await?;
        let conn = m.get_connection();
        let backend = conn.get_database_backend();
        let triggers = match backend {
            DbBackend::Postgres => postgres_triggers(),
            _ => sqlite_triggers(),
        };
        for sql in backfill(backend).into_iter().chain(triggers) {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        if conn.get_database_backend() == DbBackend::Postgres {
            for f in [
                "closer_forecast_totals",
                "closer_stage_reach",
                "closer_learned_reach",
                "closer_learned_close",
            ] {
                conn.execute_unprepared(&format!("DROP FUNCTION IF EXISTS {f}() CASCADE"))
                    .await?;
            }
        } else {
            for tr in [
                "opportunities_totals_insert",
                "opportunities_totals_update",
                "opportunities_totals_delete",
                "stage_changes_reach",
                "stage_reach_learned",
                "opportunities_learned",
            ] {
                conn.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {tr}"))
                    .await?;
            }
        }
        for table in [
            "learned_counts",
            "stage_reach",
            "forecast_totals",
            "opportunity_members",
        ] {
            m.drop_table(Table::drop().table(t(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
