//! What campaigns and channels brought: leads and how many were converted, by campaign and
//! by source; deals of each campaign by the size tier of their customer.

use chrono::{DateTime, Utc};
use sea_orm::{FromQueryResult, Statement, Value};
use uuid::Uuid;

use crate::{
    analytics::deals::DealSet,
    platform::dialect::{bind_ids, param},
    StoreError, TenantStore,
};

/// Leads of one campaign or source: how many, how many became customers.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct LeadYield {
    pub campaign_id: Option<Uuid>,
    pub source: Option<String>,
    pub leads: i64,
    pub converted: i64,
}

/// Deals of one campaign and customer size tier, by outcome (0 open, 1 won, 2 lost).
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct TierDeals {
    pub campaign_id: Option<Uuid>,
    pub size_tier: Option<String>,
    pub outcome: i32,
    pub n: i64,
    pub amount: Option<i64>,
}

impl TenantStore {
    /// Leads created in `[from, to)` (all time without), owned by one of `owners` or in the
    /// pool, counted by campaign (`by_source` false) or by source.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn lead_yield(
        &self,
        owners: Option<&Vec<Uuid>>,
        created: Option<(DateTime<Utc>, DateTime<Utc>)>,
        by_source: bool,
    ) -> Result<Vec<LeadYield>, StoreError> {
        let backend = self.store.db_backend();
        let mut values: Vec<Value> = vec![self.tenant_id.into()];
        let owned = match owners {
            None => String::new(),
            Some(list) => format!(
                " AND (l.owner_id IS NULL OR l.owner_id IN ({}))",
                if list.is_empty() {
                    "NULL".to_owned()
                } else {
                    bind_ids(backend, &mut values, list)
                }
            ),
        };
        let when = match created {
            None => String::new(),
            Some((from, to)) => {
                values.push(from.into());
                values.push(to.into());
                format!(
                    " AND l.created_at >= {} AND l.created_at < {}",
                    param(backend, values.len() - 1),
                    param(backend, values.len())
                )
            }
        };
        let (campaign, source) = if by_source {
            ("NULL", "l.source")
        } else {
            ("l.campaign_id", "NULL")
        };
        let sql = format!(
            "SELECT {campaign} AS campaign_id, {source} AS source, COUNT(*) AS leads, \
             SUM(CASE WHEN l.converted_at IS NOT NULL THEN 1 ELSE 0 END) AS converted \
             FROM leads l WHERE l.tenant_id = {t} AND l.merged_into_id IS NULL{owned}{when} \
             GROUP BY 1, 2",
            t = param(backend, 1),
        );
        Ok(
            LeadYield::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// The set's deals that came from a campaign, by campaign, the size tier of their
    /// customer and outcome.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn campaign_tier_deals(&self, set: &DealSet) -> Result<Vec<TierDeals>, StoreError> {
        let backend = self.store.db_backend();
        let (conditions, values) =
            crate::analytics::deals::set_conditions(backend, self.tenant_id, set);
        let sql = format!(
            "SELECT o.campaign_id AS campaign_id, k.size_tier AS size_tier, \
             CASE WHEN s.is_won THEN 1 WHEN s.is_lost THEN 2 ELSE 0 END AS outcome, \
             COUNT(*) AS n, CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
             FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
             JOIN customers k ON k.tenant_id = o.tenant_id AND k.id = o.customer_id \
             WHERE o.tenant_id = {t} AND o.campaign_id IS NOT NULL{conditions} GROUP BY 1, 2, 3",
            t = param(backend, 1),
        );
        Ok(
            TierDeals::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }
}
