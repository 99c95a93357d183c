//! Sales cycles (won date − created date, in the company's calendar days) summed per owner
//! from the maintained `credit_totals` (metric `won_cycle_days`, migration m0027): whole
//! UTC months from the totals, the hours between a period's boundary and the nearest UTC
//! month start from the deals, as for the closed totals.

use std::collections::HashMap;

use sea_orm::{FromQueryResult, Statement, Value};
use uuid::Uuid;

use super::{closed_totals::owners_condition, deals::DealSet};
use crate::{
    migration::m0027_cycle_totals::cycle_days, platform::dialect::param,
    targets::credit_totals::instant_cuts, StoreError, TenantStore,
};

/// Won deals of one owner: their cycles' days summed, and how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cycles {
    pub days: i64,
    pub deals: i64,
}

#[derive(FromQueryResult)]
struct Row {
    owner_id: Option<Uuid>,
    days: Option<i64>,
    deals: i64,
}

impl TenantStore {
    async fn cycle_rows(&self, sql: String, values: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        let backend = self.store.db_backend();
        Ok(
            Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// The set's won deals' cycles per owner (deals without an owner left out), won in the
    /// set's period (all time without one).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn won_cycle_totals(
        &self,
        set: &DealSet,
    ) -> Result<HashMap<Uuid, Cycles>, StoreError> {
        let backend = self.store.db_backend();
        let owners = set.owners.as_deref();
        let mut out: HashMap<Uuid, Cycles> = HashMap::new();
        let mut add = |owner: Option<Uuid>, days: i64, deals: i64, sign: i64| {
            if let Some(owner) = owner.filter(|o| !o.is_nil()) {
                let c = out.entry(owner).or_default();
                c.days += sign * days;
                c.deals += sign * deals;
            }
        };
        let mut values: Vec<Value> = vec![self.tenant_id.into()];
        let (months, edges) = match set.period {
            None => (String::new(), Vec::new()),
            Some(p) => {
                let (keys, edges) = instant_cuts(&[p.from, p.to]);
                values.extend([keys[0].into(), keys[1].into()]);
                (
                    format!(
                        " AND month >= {} AND month < {}",
                        param(backend, 2),
                        param(backend, 3)
                    ),
                    edges,
                )
            }
        };
        let only = owners_condition(backend, &mut values, "owner_id", owners);
        let sql = format!(
            "SELECT owner_id, CAST(SUM(amount_minor) AS BIGINT) AS days, \
             CAST(SUM(deals) AS BIGINT) AS deals FROM credit_totals WHERE tenant_id = {} \
             AND metric = 'won_cycle_days'{months}{only} GROUP BY owner_id",
            param(backend, 1),
        );
        for r in self.cycle_rows(sql, values).await? {
            add(r.owner_id, r.days.unwrap_or(0), r.deals, 1);
        }
        for e in edges {
            let mut values: Vec<Value> = vec![self.tenant_id.into(), e.from.into(), e.to.into()];
            let only = owners_condition(backend, &mut values, "o.owner_id", owners);
            let sql = format!(
                "SELECT o.owner_id AS owner_id, CAST(SUM({days}) AS BIGINT) AS days, \
                 COUNT(*) AS deals \
                 FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                 WHERE o.tenant_id = {} AND s.is_won AND o.closed_at >= {} \
                 AND o.closed_at < {}{only} GROUP BY o.owner_id",
                param(backend, 1),
                param(backend, 2),
                param(backend, 3),
                days = cycle_days(backend, "o"),
            );
            for r in self.cycle_rows(sql, values).await? {
                e.spread(1, |_, sign| {
                    add(r.owner_id, r.days.unwrap_or(0), r.deals, sign)
                });
            }
        }
        out.retain(|_, c| *c != Cycles::default());
        Ok(out)
    }
}
