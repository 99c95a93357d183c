//! Why deals were lost and against whom: loss reasons, the stage a lost deal left for the
//! lost stage, and the competitors met in won and lost deals.

use sea_orm::{DbBackend, FromQueryResult, Statement};
use uuid::Uuid;

use crate::{analytics::deals::DealSet, platform::dialect::param, StoreError, TenantStore};

/// Lost deals of one reason (or one stage they were lost at).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct LostGroup {
    pub reason: Option<String>,
    pub stage_id: Option<Uuid>,
    pub n: i64,
    pub amount: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ClosedWithCompetitors {
    pub competitors: Option<serde_json::Value>,
    pub won: i32,
    pub amount_minor: i64,
}

/// Closed deals reached from their stages (few) down each stage's deals (through `index`),
/// then a lost deal's last change by its instant. SQLite, without statistics, would
/// otherwise walk every deal, or every stage change of the company (7 s at 300,000 deals).
fn closed_from_stages(backend: DbBackend, index: &str) -> (String, &'static str) {
    match backend {
        DbBackend::Postgres => (
            "stages s JOIN opportunities o ON o.tenant_id = s.tenant_id AND o.stage_id = s.id"
                .into(),
            "JOIN stage_changes sc",
        ),
        _ => (
            format!(
                "stages s CROSS JOIN opportunities o INDEXED BY {index} \
                 ON o.tenant_id = s.tenant_id AND o.stage_id = s.id"
            ),
            "CROSS JOIN stage_changes sc INDEXED BY stage_changes_opportunity",
        ),
    }
}

impl TenantStore {
    /// The set's lost deals (closed in its period) by reason, or by the stage they were
    /// lost at (`by_stage`).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn lost_deals(
        &self,
        set: &DealSet,
        by_stage: bool,
    ) -> Result<Vec<LostGroup>, StoreError> {
        let backend = self.store.db_backend();
        let (conditions, values) =
            crate::analytics::deals::closed_conditions(backend, self.tenant_id, set);
        let (deals, changes) = closed_from_stages(backend, "opportunities_stage_newest");
        let sql = if by_stage {
            format!(
                "SELECT NULL AS reason, sc.from_stage_id AS stage_id, COUNT(*) AS n, \
                 CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
                 FROM {deals} {changes} ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id \
                 AND sc.at = o.closed_at AND sc.to_stage_id = o.stage_id \
                 WHERE s.tenant_id = {t} AND s.is_lost{conditions} GROUP BY 2",
                t = param(backend, 1),
            )
        } else {
            format!(
                "SELECT o.loss_reason AS reason, NULL AS stage_id, COUNT(*) AS n, \
                 CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
                 FROM {deals} WHERE s.tenant_id = {t} AND s.is_lost{conditions} GROUP BY 1",
                t = param(backend, 1),
            )
        };
        Ok(
            LostGroup::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// The set's won and lost deals (closed in its period) that name competitors.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn closed_with_competitors(
        &self,
        set: &DealSet,
    ) -> Result<Vec<ClosedWithCompetitors>, StoreError> {
        let backend = self.store.db_backend();
        let (conditions, values) =
            crate::analytics::deals::closed_conditions(backend, self.tenant_id, set);
        // Only the deals naming competitors, from their own index.
        let (deals, _) = closed_from_stages(backend, "opportunities_competitors");
        let sql = format!(
            "SELECT o.competitors AS competitors, CASE WHEN s.is_won THEN 1 ELSE 0 END AS won, \
             o.amount_minor AS amount_minor FROM {deals} \
             WHERE s.tenant_id = {t} AND (s.is_won OR s.is_lost) AND o.competitors IS NOT NULL{conditions}",
            t = param(backend, 1),
        );
        Ok(
            ClosedWithCompetitors::find_by_statement(Statement::from_sql_and_values(
                backend, sql, values,
            ))
            .all(self.db())
            .await?,
        )
    }
}
