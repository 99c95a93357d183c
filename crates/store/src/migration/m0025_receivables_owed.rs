//! A payment plan may be drawn up on a draft, but nothing of it is owed until the contract
//! is in force: each receivable says whether it is `owed`. One not owed owes nothing
//! (`outstanding_minor` 0), so aging, reminders, write-off and the open-receivable indexes
//! (all keyed on `outstanding_minor > 0`) leave it out with no change of their own. A
//! trigger makes a contract's receivables owed in the write that puts it in force, however
//! that happens (an approval, a submit with no flow).

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::{col, t};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What the trigger runs for the contract `NEW` that came into force.
const OWE_PLAN: &str = "UPDATE receivables SET owed = TRUE, \
     outstanding_minor = amount_minor - paid_minor - written_off_minor, version = version + 1 \
     WHERE tenant_id = NEW.tenant_id AND contract_id = NEW.id AND owed = FALSE";

fn owe_plan_trigger(backend: DbBackend) -> Vec<String> {
    let when = "NEW.status = 'active' AND OLD.status <> 'active'";
    match backend {
        DbBackend::Postgres => vec![
            format!(
                "CREATE OR REPLACE FUNCTION closer_owe_plan() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN {OWE_PLAN}; RETURN NULL; END $$"
            ),
            format!(
                "CREATE TRIGGER contracts_owe_plan AFTER UPDATE OF status ON contracts \
                 FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION closer_owe_plan()"
            ),
        ],
        _ => vec![format!(
            "CREATE TRIGGER contracts_owe_plan AFTER UPDATE OF status ON contracts \
             WHEN {when} BEGIN {OWE_PLAN}; END"
        )],
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(t("receivables"))
                .add_column(col("owed").boolean().not_null().default(true))
                .to_owned(),
        )
        .await?;
        let conn = m.get_connection();
        // Plans of contracts not yet in force on which nothing was collected, invoiced or
        // written off stop being owed (the aging triggers take them out of the totals).
        conn.execute_unprepared(
            "UPDATE receivables SET owed = FALSE, outstanding_minor = 0 \
             WHERE paid_minor = 0 AND written_off_minor = 0 AND invoiced_minor = 0 \
             AND EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = receivables.tenant_id \
             AND c.id = receivables.contract_id AND c.status IN ('draft', 'in_approval', 'rejected'))",
        )
        .await?;
        for sql in owe_plan_trigger(m.get_database_backend()) {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
