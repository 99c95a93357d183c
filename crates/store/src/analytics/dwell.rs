//! Time in each stage from the maintained `dwell_totals` (migration m0028): closed deals by
//! the UTC month they closed in — a period's boundaries cut at the nearest UTC month start,
//! the hours between read from the deals — and open ones by expected close month, which
//! whole months of a period answer (a period that is not whole months is read from the
//! records).

use std::collections::HashMap;

use sea_orm::{FromQueryResult, Statement, Value};
use uuid::Uuid;

use super::{
    closed_totals::owners_condition,
    deals::{DealSet, StageDwell},
    dimension_totals::whole_months,
};
use crate::{
    platform::dialect::{epoch_seconds, param},
    targets::credit_totals::{instant_cuts, key as month_key},
    StoreError, TenantStore,
};

#[derive(FromQueryResult)]
struct Row {
    owner_id: Option<Uuid>,
    stage_id: Uuid,
    seconds: Option<i64>,
    deals: i64,
}

impl TenantStore {
    async fn dwell_rows(&self, sql: String, values: Vec<Value>) -> Result<Vec<Row>, StoreError> {
        let backend = self.store.db_backend();
        Ok(
            Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?,
        )
    }

    /// Time in each stage per owner from the totals; `None` when the set's period is not
    /// whole months for its open deals.
    pub(crate) async fn stage_dwell_from_totals(
        &self,
        set: &DealSet,
    ) -> Result<Option<Vec<StageDwell>>, StoreError> {
        let backend = self.store.db_backend();
        let owners = set.owners.as_deref();
        let mut out: HashMap<(Uuid, Uuid), (i64, i64)> = HashMap::new();
        let mut add = |r: &Row, sign: i64| {
            if let Some(owner) = r.owner_id.filter(|o| !o.is_nil()) {
                let e = out.entry((owner, r.stage_id)).or_default();
                e.0 += sign * r.seconds.unwrap_or(0);
                e.1 += sign * r.deals;
            }
        };
        let select = "SELECT owner_id, stage_id, CAST(SUM(seconds) AS BIGINT) AS seconds, \
                      CAST(SUM(deals) AS BIGINT) AS deals FROM dwell_totals";
        let Some(p) = set.period else {
            let mut values: Vec<Value> = vec![self.tenant_id.into()];
            let only = owners_condition(backend, &mut values, "owner_id", owners);
            let sql = format!(
                "{select} WHERE tenant_id = {}{only} GROUP BY owner_id, stage_id",
                param(backend, 1)
            );
            for r in self.dwell_rows(sql, values).await? {
                add(&r, 1);
            }
            return Ok(Some(collect(out)));
        };
        // Open deals: whole months only.
        if !whole_months(p.first_day, p.last_day) || p.last_day < p.first_day {
            return Ok(None);
        }
        let mut values: Vec<Value> = vec![
            self.tenant_id.into(),
            month_key(p.first_day).into(),
            month_key(p.last_day).into(),
        ];
        let only = owners_condition(backend, &mut values, "owner_id", owners);
        let sql = format!(
            "{select} WHERE tenant_id = {} AND closed = 0 AND month >= {} AND month <= {}{only} \
             GROUP BY owner_id, stage_id",
            param(backend, 1),
            param(backend, 2),
            param(backend, 3),
        );
        for r in self.dwell_rows(sql, values).await? {
            add(&r, 1);
        }
        // Closed deals: whole UTC months from the totals, the edges from the deals.
        let (keys, edges) = instant_cuts(&[p.from, p.to]);
        let mut values: Vec<Value> = vec![self.tenant_id.into(), keys[0].into(), keys[1].into()];
        let only = owners_condition(backend, &mut values, "owner_id", owners);
        let sql = format!(
            "{select} WHERE tenant_id = {} AND closed = 1 AND month >= {} AND month < {}{only} \
             GROUP BY owner_id, stage_id",
            param(backend, 1),
            param(backend, 2),
            param(backend, 3),
        );
        for r in self.dwell_rows(sql, values).await? {
            add(&r, 1);
        }
        for e in edges {
            let mut values: Vec<Value> = vec![self.tenant_id.into(), e.from.into(), e.to.into()];
            let only = owners_condition(backend, &mut values, "o.owner_id", owners);
            let sql = format!(
                "SELECT o.owner_id AS owner_id, sc.to_stage_id AS stage_id, \
                 CAST(SUM({left} - {entered}) AS BIGINT) AS seconds, \
                 COUNT(DISTINCT sc.opportunity_id) AS deals \
                 FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                 {join} ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id \
                 WHERE o.tenant_id = {} AND (s.is_won OR s.is_lost) AND o.closed_at >= {} \
                 AND o.closed_at < {} AND sc.superseded_at IS NOT NULL \
                 AND o.stage_id <> sc.to_stage_id{only} GROUP BY 1, 2",
                param(backend, 1),
                param(backend, 2),
                param(backend, 3),
                join = match backend {
                    sea_orm::DbBackend::Postgres => "JOIN stage_changes sc",
                    _ => "CROSS JOIN stage_changes sc INDEXED BY stage_changes_open_end",
                },
                left = epoch_seconds(backend, "sc.superseded_at"),
                entered = epoch_seconds(backend, "sc.at"),
            );
            for r in self.dwell_rows(sql, values).await? {
                e.spread(1, |_, sign| add(&r, sign));
            }
        }
        Ok(Some(collect(out)))
    }
}

fn collect(out: HashMap<(Uuid, Uuid), (i64, i64)>) -> Vec<StageDwell> {
    out.into_iter()
        .filter(|(_, (seconds, deals))| *seconds != 0 || *deals != 0)
        .map(|((owner_id, stage_id), (seconds, deals))| StageDwell {
            owner_id,
            stage_id,
            seconds,
            deals,
        })
        .collect()
}
