//! A rep's work beside their deals: leads they were given and how many became customers,
//! and the visits they logged.

use chrono::{DateTime, Utc};
use sea_orm::{FromQueryResult, Statement, Value};
use uuid::Uuid;

use crate::{
    platform::dialect::{bind_ids, param},
    StoreError, TenantStore,
};

/// One owner's leads and visits.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OwnerWork {
    pub owner_id: Option<Uuid>,
    pub n: i64,
    pub converted: Option<i64>,
}

impl TenantStore {
    /// Per owner (one of `owners`, all without): leads created in `[from, to)` (all time
    /// without) and how many were converted (`visits` false), or visits that happened then
    /// (`visits` true).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn work_by_owner(
        &self,
        owners: Option<&Vec<Uuid>>,
        between: Option<(DateTime<Utc>, DateTime<Utc>)>,
        visits: bool,
    ) -> Result<Vec<OwnerWork>, StoreError> {
        let backend = self.store.db_backend();
        let mut values: Vec<Value> = vec![self.tenant_id.into()];
        let owned = match owners {
            None => " AND x.owner_id IS NOT NULL".to_owned(),
            Some(list) if list.is_empty() => return Ok(Vec::new()),
            Some(list) => format!(
                " AND x.owner_id IN ({})",
                bind_ids(backend, &mut values, list)
            ),
        };
        let when = if visits {
            "x.occurred_at"
        } else {
            "x.created_at"
        };
        let range = match between {
            None => String::new(),
            Some((from, to)) => {
                values.push(from.into());
                values.push(to.into());
                format!(
                    " AND {when} >= {} AND {when} < {}",
                    param(backend, values.len() - 1),
                    param(backend, values.len())
                )
            }
        };
        let sql = if visits {
            format!(
                "SELECT x.owner_id AS owner_id, COUNT(*) AS n, NULL AS converted FROM activities x \
                 WHERE x.tenant_id = {t} AND x.kind = 'visit' AND x.occurred_at IS NOT NULL{owned}{range} GROUP BY 1",
                t = param(backend, 1)
            )
        } else {
            format!(
                "SELECT x.owner_id AS owner_id, COUNT(*) AS n, \
                 SUM(CASE WHEN x.converted_at IS NOT NULL THEN 1 ELSE 0 END) AS converted FROM leads x \
                 WHERE x.tenant_id = {t} AND x.merged_into_id IS NULL{owned}{range} GROUP BY 1",
                t = param(backend, 1)
            )
        };
        Ok(
            OwnerWork::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }
}
