//! Moving a deal's stage costs the same after its 2,000th move as after its first: the
//! trigger that marks the change a new one supersedes (m0010) found it by walking every
//! earlier change of the deal (the index on `(opportunity_id, at)` matched "earlier than
//! the new one", which is all of them). An index on `(opportunity_id, superseded_at)` names
//! the one change still open — and the few a change stored out of order cuts short — and
//! the trigger now asks for those two separately, each from that index.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::tenant_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// "The stored change comes before `NEW`" in (at, id) order. On SQLite `+at` keeps the
/// planner off the `(opportunity_id, at)` index, whose range would be every earlier change.
fn before_new(backend: DbBackend) -> String {
    let at = if backend == DbBackend::Sqlite {
        "+stage_changes.at"
    } else {
        "stage_changes.at"
    };
    format!("(NEW.at > {at} OR (NEW.at = {at} AND NEW.id > stage_changes.id))")
}

/// The statements the trigger runs for a new change `NEW` (with `NEW.` as the trigger
/// writes it): the earlier change still open is superseded by it; earlier changes that a
/// later one (stored before `NEW`) superseded are superseded by `NEW` instead; and `NEW` is
/// superseded by the first change after it, when one was stored before it.
#[must_use]
pub fn statements(backend: DbBackend) -> [String; 3] {
    let before = before_new(backend);
    [
        format!(
            "UPDATE stage_changes SET superseded_at = NEW.at \
             WHERE tenant_id = NEW.tenant_id AND opportunity_id = NEW.opportunity_id \
             AND superseded_at IS NULL AND {before}"
        ),
        format!(
            "UPDATE stage_changes SET superseded_at = NEW.at \
             WHERE tenant_id = NEW.tenant_id AND opportunity_id = NEW.opportunity_id \
             AND superseded_at > NEW.at AND {before}"
        ),
        "UPDATE stage_changes SET superseded_at = \
           (SELECT MIN(l.at) FROM stage_changes l WHERE l.tenant_id = NEW.tenant_id \
            AND l.opportunity_id = NEW.opportunity_id \
            AND (l.at > NEW.at OR (l.at = NEW.at AND l.id > NEW.id))) \
         WHERE tenant_id = NEW.tenant_id AND id = NEW.id AND EXISTS \
           (SELECT 1 FROM stage_changes l WHERE l.tenant_id = NEW.tenant_id \
            AND l.opportunity_id = NEW.opportunity_id \
            AND (l.at > NEW.at OR (l.at = NEW.at AND l.id > NEW.id)))"
            .to_owned(),
    ]
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(tenant_index(
            "stage_changes",
            "stage_changes_open_end",
            &["opportunity_id", "superseded_at"],
            false,
        ))
        .await?;
        let conn = m.get_connection();
        let backend = conn.get_database_backend();
        let [open, cut_short, itself] = statements(backend);
        let trigger = match backend {
            DbBackend::Postgres => vec![format!(
                "CREATE OR REPLACE FUNCTION closer_stage_change_superseded() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN {open}; {cut_short}; {itself}; RETURN NULL; END $$"
            )],
            _ => vec![
                "DROP TRIGGER IF EXISTS stage_changes_superseded".to_owned(),
                format!(
                    "CREATE TRIGGER stage_changes_superseded AFTER INSERT ON stage_changes \
                     BEGIN {open}; {cut_short}; {itself}; END"
                ),
            ],
        };
        for sql in trigger {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
