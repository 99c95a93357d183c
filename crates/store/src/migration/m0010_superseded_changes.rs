//! Each stage change learns when the next change of its deal came (`superseded_at`, null for
//! the latest), kept by a trigger on every insert — in any order, so a bulk load or a restore
//! fills it as well. A past forecast then reads "the change in force at instant S" as
//! `at <= S AND (superseded_at IS NULL OR superseded_at > S)` from one covering index,
//! instead of probing every candidate for a later change.
//!
//! The column is derived: the entity does not carry it, and backups leave it out.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::{col, t, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0010_superseded_changes"
    }
}

/// "Row `r` comes after `n`" in (at, id) order.
fn later(r: &str, n: &str) -> String {
    format!("({r}.at > {n}.at OR ({r}.at = {n}.at AND {r}.id > {n}.id))")
}

/// The two statements the trigger runs for a new change `NEW`: earlier changes of its deal
/// are superseded by it (unless something earlier already did), and it is superseded by the
/// first change after it, when one was stored before it.
fn statements() -> [String; 2] {
    [
        format!(
            "UPDATE stage_changes SET superseded_at = NEW.at \
             WHERE tenant_id = NEW.tenant_id AND opportunity_id = NEW.opportunity_id \
             AND {} AND (superseded_at IS NULL OR superseded_at > NEW.at)",
            later("NEW", "stage_changes")
        ),
        format!(
            "UPDATE stage_changes SET superseded_at = \
               (SELECT MIN(l.at) FROM stage_changes l WHERE l.tenant_id = NEW.tenant_id \
                AND l.opportunity_id = NEW.opportunity_id AND {later}) \
             WHERE tenant_id = NEW.tenant_id AND id = NEW.id AND EXISTS \
               (SELECT 1 FROM stage_changes l WHERE l.tenant_id = NEW.tenant_id \
                AND l.opportunity_id = NEW.opportunity_id AND {later})",
            later = later("l", "NEW")
        ),
    ]
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("stage_changes"))
                .add_column(
                    col("superseded_at")
                        .timestamp_with_time_zone()
                        .null()
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        let conn = m.get_connection();
        let backend = conn.get_database_backend();
        // What is stored already: the next change's instant, by a window over each deal.
        let backfill = match backend {
            DbBackend::Postgres => {
                "UPDATE stage_changes s SET superseded_at = n.next_at FROM \
                 (SELECT tenant_id, id, LEAD(at) OVER (PARTITION BY tenant_id, opportunity_id ORDER BY at, id) AS next_at \
                  FROM stage_changes) n \
                 WHERE s.tenant_id = n.tenant_id AND s.id = n.id AND n.next_at IS NOT NULL"
            }
            _ => {
                "UPDATE stage_changes SET superseded_at = n.next_at FROM \
                 (SELECT tenant_id, id, LEAD(at) OVER (PARTITION BY tenant_id, opportunity_id ORDER BY at, id) AS next_at \
                  FROM stage_changes) n \
                 WHERE stage_changes.tenant_id = n.tenant_id AND stage_changes.id = n.id AND n.next_at IS NOT NULL"
            }
        };
        conn.execute_unprepared(backfill).await?;
        let [earlier, itself] = statements();
        let trigger = match backend {
            DbBackend::Postgres => vec![
                format!(
                    "CREATE OR REPLACE FUNCTION closer_stage_change_superseded() RETURNS trigger \
                     LANGUAGE plpgsql AS $$ BEGIN {earlier}; {itself}; RETURN NULL; END $$"
                ),
                "CREATE TRIGGER stage_changes_superseded AFTER INSERT ON stage_changes \
                 FOR EACH ROW EXECUTE FUNCTION closer_stage_change_superseded()"
                    .into(),
            ],
            _ => vec![format!(
                "CREATE TRIGGER stage_changes_superseded AFTER INSERT ON stage_changes \
                 BEGIN {earlier}; {itself}; END"
            )],
        };
        for sql in trigger {
            conn.execute_unprepared(&sql).await?;
        }
        // A month's past forecast reads only this index.
        m.create_index(tenant_index(
            "stage_changes",
            "stage_changes_in_force",
            &[
                "expected_close_date",
                "at",
                "superseded_at",
                "to_stage_id",
                "amount_minor",
                "opportunity_id",
            ],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        if conn.get_database_backend() == DbBackend::Postgres {
            conn.execute_unprepared(
                "DROP FUNCTION IF EXISTS closer_stage_change_superseded() CASCADE",
            )
            .await?;
        } else {
            conn.execute_unprepared("DROP TRIGGER IF EXISTS stage_changes_superseded")
                .await?;
        }
        m.drop_index(
            Index::drop()
                .name("stage_changes_in_force")
                .table(Alias::new("stage_changes"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(t("stage_changes"))
                .drop_column(t("superseded_at"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
