//! The learned win rates' counts kept per (stage, owner, close month), the key the forecast's
//! totals use, so that the learned rates answer for a period, a department, an owner and the
//! caller's data scope from a few indexed rows (m0008 kept one row per stage: a rep saw the
//! whole company's won and lost counts).
//!
//! A closed deal counts, for every stage it reached, under its current owner (the nil id when
//! none) and the month of its expected close date (0 when none). The triggers move its counts
//! when its stage, owner or close date changes, and take them away when it is deleted.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::{
    m0008_opportunity_team_and_totals::{postgres_forecast_function, sqlite_totals_delete},
    schema::{col, t},
};
use crate::platform::dialect::{month_of, nil_id};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0011_scoped_learned_counts"
    }
}

/// 1 when a row's stage is won (`is_won`) or lost (`is_lost`), else 0.
fn kind(row: &str, flag: &str) -> String {
    format!(
        "COALESCE((SELECT CASE WHEN {flag} THEN 1 ELSE 0 END FROM stages \
         WHERE tenant_id = {row}.tenant_id AND id = {row}.stage_id), 0)"
    )
}

/// The statements that take a row's counts away from its key, and add them at its key.
fn subtract(backend: DbBackend, row: &str) -> String {
    format!(
        "UPDATE learned_counts SET won = won - {w}, lost = lost - {l} \
         WHERE tenant_id = {row}.tenant_id AND owner_id = COALESCE({row}.owner_id, {nil}) \
         AND close_month = {m} AND {w} + {l} > 0 AND stage_id IN \
           (SELECT stage_id FROM stage_reach WHERE tenant_id = {row}.tenant_id AND opportunity_id = {row}.id);",
        w = kind(row, "is_won"),
        l = kind(row, "is_lost"),
        nil = nil_id(backend),
        m = month_of(backend, &format!("{row}.expected_close_date")),
    )
}

/// Adds a row's counts for the stages in `reached` (a query of `stage_id`s, aliased `r`).
fn add(backend: DbBackend, row: &str, reached: &str) -> String {
    let excluded = if backend == DbBackend::Postgres {
        "learned_counts."
    } else {
        ""
    };
    format!(
        "INSERT INTO learned_counts (tenant_id, stage_id, owner_id, close_month, won, lost) \
         SELECT {row}.tenant_id, r.stage_id, COALESCE({row}.owner_id, {nil}), {m}, {w}, {l} \
         FROM {reached} r WHERE {w} + {l} > 0 \
         ON CONFLICT (tenant_id, stage_id, owner_id, close_month) DO UPDATE SET \
         won = {excluded}won + EXCLUDED.won, lost = {excluded}lost + EXCLUDED.lost;",
        w = kind(row, "is_won"),
        l = kind(row, "is_lost"),
        nil = nil_id(backend),
        m = month_of(backend, &format!("{row}.expected_close_date")),
    )
}

/// Whether an update can change a deal's counts: its key changed, and it is or was closed.
const CHANGES_KEY: &str =
    "(OLD.stage_id <> NEW.stage_id OR OLD.owner_id IS DISTINCT FROM NEW.owner_id \
     OR OLD.expected_close_date IS DISTINCT FROM NEW.expected_close_date)";

fn sqlite_statements() -> Vec<String> {
    let b = DbBackend::Sqlite;
    let reached_new = "(SELECT stage_id FROM stage_reach WHERE tenant_id = NEW.tenant_id AND opportunity_id = NEW.id)";
    vec![
        "DROP TRIGGER IF EXISTS stage_reach_learned".into(),
        "DROP TRIGGER IF EXISTS opportunities_learned".into(),
        "DROP TRIGGER IF EXISTS opportunities_totals_delete".into(),
        sqlite_totals_delete(false),
        // A stage newly reached counts the deal's present state under its key.
        format!(
            "CREATE TRIGGER stage_reach_learned AFTER INSERT ON stage_reach BEGIN \
             INSERT INTO learned_counts (tenant_id, stage_id, owner_id, close_month, won, lost) \
             SELECT o.tenant_id, NEW.stage_id, COALESCE(o.owner_id, {nil}), {m}, \
               CASE WHEN s.is_won THEN 1 ELSE 0 END, CASE WHEN s.is_lost THEN 1 ELSE 0 END \
             FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
             WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.opportunity_id AND (s.is_won OR s.is_lost) \
             ON CONFLICT (tenant_id, stage_id, owner_id, close_month) DO UPDATE SET \
             won = won + excluded.won, lost = lost + excluded.lost; END",
            nil = nil_id(b),
            m = month_of(b, "o.expected_close_date"),
        ),
        format!(
            "CREATE TRIGGER opportunities_learned AFTER UPDATE OF stage_id, owner_id, expected_close_date \
             ON opportunities WHEN {changes} BEGIN {sub} {add} END",
            changes = CHANGES_KEY.replace("IS DISTINCT FROM", "IS NOT"),
            sub = subtract(b, "OLD"),
            add = add(b, "NEW", reached_new),
        ),
        format!(
            "CREATE TRIGGER opportunities_learned_delete AFTER DELETE ON opportunities BEGIN {sub} \
             DELETE FROM stage_reach WHERE tenant_id = OLD.tenant_id AND opportunity_id = OLD.id; END",
            sub = subtract(b, "OLD"),
        ),
    ]
}

fn postgres_statements() -> Vec<String> {
    let b = DbBackend::Postgres;
    let reached_new = "(SELECT stage_id FROM stage_reach WHERE tenant_id = NEW.tenant_id AND opportunity_id = NEW.id)";
    vec![
        "DROP TRIGGER IF EXISTS opportunities_learned ON opportunities".into(),
        postgres_forecast_function(false),
        format!(
            "CREATE OR REPLACE FUNCTION closer_learned_reach() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               INSERT INTO learned_counts (tenant_id, stage_id, owner_id, close_month, won, lost) \
               SELECT o.tenant_id, NEW.stage_id, COALESCE(o.owner_id, {nil}), {m}, \
                 CASE WHEN s.is_won THEN 1 ELSE 0 END, CASE WHEN s.is_lost THEN 1 ELSE 0 END \
               FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
               WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.opportunity_id AND (s.is_won OR s.is_lost) \
               ON CONFLICT (tenant_id, stage_id, owner_id, close_month) DO UPDATE SET \
                 won = learned_counts.won + EXCLUDED.won, lost = learned_counts.lost + EXCLUDED.lost; \
               RETURN NULL; END $$",
            nil = nil_id(b),
            m = month_of(b, "o.expected_close_date"),
        ),
        format!(
            "CREATE OR REPLACE FUNCTION closer_learned_close() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               {sub} {add} RETURN NULL; END $$",
            sub = subtract(b, "OLD"),
            add = add(b, "NEW", reached_new),
        ),
        format!(
            "CREATE TRIGGER opportunities_learned AFTER UPDATE OF stage_id, owner_id, expected_close_date \
             ON opportunities FOR EACH ROW WHEN {CHANGES_KEY} EXECUTE FUNCTION closer_learned_close()"
        ),
        format!(
            "CREATE OR REPLACE FUNCTION closer_learned_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               {sub} \
               DELETE FROM stage_reach WHERE tenant_id = OLD.tenant_id AND opportunity_id = OLD.id; \
               RETURN NULL; END $$",
            sub = subtract(b, "OLD"),
        ),
        "CREATE TRIGGER opportunities_learned_delete AFTER DELETE ON opportunities \
         FOR EACH ROW EXECUTE FUNCTION closer_learned_delete()"
            .into(),
    ]
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        let backend = conn.get_database_backend();
        m.drop_table(Table::drop().table(t("learned_counts")).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(t("learned_counts"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("stage_id").uuid().not_null())
                .col(col("owner_id").uuid().not_null())
                .col(col("close_month").integer().not_null())
                .col(col("won").big_integer().not_null())
                .col(col("lost").big_integer().not_null())
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
        conn.execute_unprepared(&crate::opportunities::forecast::learned_counts_sql(
            backend, None,
        ))
        .await?;
        let statements = match backend {
            DbBackend::Postgres => postgres_statements(),
            _ => sqlite_statements(),
        };
        for sql in statements {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "m0011 keeps learned counts per owner and month; it is not undone".into(),
        ))
    }
}
