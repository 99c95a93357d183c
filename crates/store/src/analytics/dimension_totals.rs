//! The company-wide pipeline by product or campaign from the maintained `dimension_totals`
//! (migration m0021): won and lost deals by the UTC month they closed in, open ones by
//! expected close month. A period starting at midnight in the company's zone is cut at the
//! nearest UTC month starts and the hours between are read from the deals, as for the
//! closed totals by owner; open deals of a period that is not whole months are counted.

use std::collections::HashMap;

use sea_orm::{FromQueryResult, Statement, Value};

use super::deals::{add_bucket, DealBucket, DealDimension, DealSet, GroupKey, Outcome, OUTCOME};
use crate::{
    platform::dialect::param,
    targets::credit_totals::{instant_cuts, key as month_key},
    StoreError, TenantStore,
};

#[derive(FromQueryResult)]
struct Row {
    key: Option<uuid::Uuid>,
    outcome: i32,
    rate: Option<i32>,
    n: i64,
    amount: Option<i64>,
}

fn names(dimension: DealDimension) -> Option<(&'static str, &'static str)> {
    match dimension {
        DealDimension::Product => Some(("product", "product_id")),
        DealDimension::Campaign => Some(("campaign", "campaign_id")),
        _ => None,
    }
}

fn key_of(key: Option<uuid::Uuid>) -> GroupKey {
    key.filter(|k| !k.is_nil())
        .map_or(GroupKey::None, GroupKey::Id)
}

impl TenantStore {
    async fn key_rows(&self, sql: String, values: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        let backend = self.store.db_backend();
        Ok(
            Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// Every deal's buckets by product or campaign from the totals; `None` when they cannot
    /// answer (a set limited to some owners, or another dimension).
    pub(crate) async fn dimension_buckets_from_totals(
        &self,
        set: &DealSet,
        dimension: DealDimension,
    ) -> Result<Option<Vec<DealBucket>>, StoreError> {
        let Some((name, column)) = names(dimension) else {
            return Ok(None);
        };
        if set.owners.is_some() {
            return Ok(None);
        }
        let backend = self.store.db_backend();
        let mut out: HashMap<(GroupKey, Outcome), DealBucket> = HashMap::new();
        let from_totals = |state: &str, rate: &str, by_stage: &str, months: &str| {
            format!(
                "SELECT d.key_id AS key, {OUTCOME} AS outcome, {rate} AS rate, \
                 CAST(SUM(d.deals) AS BIGINT) AS n, CAST(SUM(d.amount_minor) AS BIGINT) AS amount \
                 FROM dimension_totals d JOIN stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id \
                 WHERE d.tenant_id = {} AND d.dimension = {} AND {state}{months} \
                 GROUP BY d.key_id, {OUTCOME}{by_stage}",
                param(backend, 1),
                param(backend, 2),
            )
        };
        // Won and lost deals.
        let mut values: Vec<Value> = vec![self.tenant_id.into(), name.into()];
        let mut edges = Vec::new();
        let months = match set.period {
            None => String::new(),
            Some(p) => {
                let (keys, cut) = instant_cuts(&[p.from, p.to]);
                edges = cut;
                values.extend([keys[0].into(), keys[1].into()]);
                format!(
                    " AND d.month >= {} AND d.month < {}",
                    param(backend, 3),
                    param(backend, 4)
                )
            }
        };
        let closed = "(s.is_won OR s.is_lost)";
        for r in self
            .key_rows(from_totals(closed, "0", "", &months), values)
            .await?
        {
            add_bucket(&mut out, key_of(r.key), r.outcome, None, r.n, r.amount);
        }
        for e in edges {
            let sql = format!(
                "SELECT o.{column} AS key, {OUTCOME} AS outcome, 0 AS rate, COUNT(*) AS n, \
                 CAST(SUM(o.amount_minor) AS BIGINT) AS amount \
                 FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                 WHERE o.tenant_id = {} AND {closed} AND o.closed_at >= {} AND o.closed_at < {} \
                 GROUP BY 1, 2",
                param(backend, 1),
                param(backend, 2),
                param(backend, 3),
            );
            let values: Vec<Value> = vec![self.tenant_id.into(), e.from.into(), e.to.into()];
            for r in self.key_rows(sql, values).await? {
                e.spread(1, |_, sign| {
                    add_bucket(
                        &mut out,
                        key_of(r.key),
                        r.outcome,
                        None,
                        sign * r.n,
                        r.amount.map(|a| sign * a),
                    );
                });
            }
        }
        // Open deals, each group's expected amount rounded once per stage.
        let open = "NOT (s.is_won OR s.is_lost)";
        let mut values: Vec<Value> = vec![self.tenant_id.into(), name.into()];
        let months = match set.period {
            None => String::new(),
            Some(p) => {
                use chrono::Datelike;
                let whole = p.first_day.day() == 1
                    && p.last_day.succ_opt().is_some_and(|next| next.day() == 1);
                if !whole {
                    for b in self.buckets(set, dimension, &[], &[false]).await? {
                        out.insert((b.key.clone(), b.outcome), b);
                    }
                    return Ok(Some(kept(out)));
                }
                values.extend([month_key(p.first_day).into(), month_key(p.last_day).into()]);
                format!(
                    " AND d.month >= {} AND d.month <= {}",
                    param(backend, 3),
                    param(backend, 4)
                )
            }
        };
        for r in self
            .key_rows(
                from_totals(open, "MAX(s.win_rate_bp)", ", s.id", &months),
                values,
            )
            .await?
        {
            add_bucket(&mut out, key_of(r.key), r.outcome, r.rate, r.n, r.amount);
        }
        Ok(Some(kept(out)))
    }
}

/// The buckets that hold deals (a total that went back to nothing is no group).
fn kept(out: HashMap<(GroupKey, Outcome), DealBucket>) -> Vec<DealBucket> {
    out.into_values()
        .filter(|b| b.count != 0 || b.amount != 0)
        .collect()
}
