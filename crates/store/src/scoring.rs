//! Customer scores: the facts a tenant's scoring model needs, read set-based for a batch of
//! customers, and the scores written back in one statement per batch. A score is derived
//! data, so its changes are not logged to history (the explanation says how it came about).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use closer_domain::customers::{
    scoring::{CustomerFacts, FactsNeeded, Score, ScoringModel},
    SizeTier,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use uuid::Uuid;

use crate::{entity::customer, StoreError, TenantStore};

/// The settings key of the tenant's scoring model.
pub const SCORING_MODEL: &str = "scoring_model";
/// How many customers one recompute batch reads and writes.
const BATCH: usize = 1000;

/// The facts of each customer in `customers`, as far as `needed` asks.
pub(crate) async fn facts_of<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customers: &[customer::Model],
    needed: &FactsNeeded,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, CustomerFacts>, StoreError> {
    let mut facts: HashMap<Uuid, CustomerFacts> = customers
        .iter()
        .map(|c| {
            (
                c.id,
                CustomerFacts {
                    industry: c.industry.clone(),
                    size_tier: c.size_tier.as_deref().and_then(|s| SizeTier::parse(s).ok()),
                    province: c.province.clone(),
                    city: c.city.clone(),
                    source: c.source.clone(),
                    employee_count: c.employee_count.map(i64::from),
                    annual_revenue: c.annual_revenue_minor,
                    last_activity_at: None,
                    activity_counts: BTreeMap::new(),
                    won_amount: 0,
                },
            )
        })
        .collect();
    if customers.is_empty() {
        return Ok(facts);
    }
    let backend = conn.get_database_backend();
    let p = |i: usize| match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    };
    let ids: Vec<sea_orm::Value> = customers.iter().map(|c| c.id.into()).collect();
    if needed.last_activity || !needed.activity_windows.is_empty() {
        // One pass over the batch's activities: the latest, and a count per window.
        let mut params: Vec<sea_orm::Value> = vec![tenant_id.into()];
        let mut counts = Vec::new();
        for days in &needed.activity_windows {
            params.push((now - Duration::days(i64::from(*days))).into());
            counts.push(format!(
                "SUM(CASE WHEN occurred_at > {} THEN 1 ELSE 0 END)",
                p(params.len())
            ));
        }
        params.push(now.into());
        let upto = p(params.len());
        let first_id = params.len() + 1;
        params.extend(ids.iter().cloned());
        let list: Vec<String> = (first_id..params.len() + 1).map(p).collect();
        let mut columns = vec!["customer_id".to_owned(), "MAX(occurred_at)".to_owned()];
        columns.extend(counts);
        let sql = format!(
            "SELECT {} FROM activities WHERE tenant_id = {} AND occurred_at IS NOT NULL \
             AND occurred_at <= {upto} AND customer_id IN ({}) GROUP BY customer_id",
            columns.join(", "),
            p(1),
            list.join(",")
        );
        for row in conn
            .query_all(Statement::from_sql_and_values(backend, sql, params))
            .await?
        {
            let id: Uuid = row.try_get_by_index(0)?;
            let Some(f) = facts.get_mut(&id) else {
                continue;
            };
            f.last_activity_at = row.try_get_by_index(1)?;
            for (i, days) in needed.activity_windows.iter().enumerate() {
                let n: Option<i64> = row.try_get_by_index(i + 2)?;
                f.activity_counts
                    .insert(*days, u64::try_from(n.unwrap_or(0)).unwrap_or(0));
            }
        }
    }
    if needed.won_amount {
        let mut params: Vec<sea_orm::Value> = vec![tenant_id.into()];
        params.extend(ids.iter().cloned());
        let list: Vec<String> = (2..params.len() + 1).map(p).collect();
        let sql = format!(
            "SELECT o.customer_id, CAST(SUM(o.amount_minor) AS BIGINT) FROM opportunities o JOIN stages s \
             ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
             WHERE o.tenant_id = {} AND s.is_won = {} AND o.customer_id IN ({}) \
             GROUP BY o.customer_id",
            p(1),
            if backend == DbBackend::Postgres { "TRUE" } else { "1" },
            list.join(",")
        );
        for row in conn
            .query_all(Statement::from_sql_and_values(backend, sql, params))
            .await?
        {
            let id: Uuid = row.try_get_by_index(0)?;
            let sum: i64 = row.try_get_by_index::<Option<i64>>(1)?.unwrap_or(0);
            if let Some(f) = facts.get_mut(&id) {
                f.won_amount = sum;
            }
        }
    }
    Ok(facts)
}

/// Writes changed scores back, one statement for the batch.
async fn write_scores<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    scores: &[(Uuid, Score)],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if scores.is_empty() {
        return Ok(());
    }
    let backend = conn.get_database_backend();
    let p = |i: usize| match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    };
    let mut params: Vec<sea_orm::Value> = vec![tenant_id.into(), now.into()];
    let mut rows = Vec::new();
    for (id, score) in scores {
        params.push((*id).into());
        params.push(i16::from(score.score).into());
        params.push(score.grade.key().into());
        let n = params.len();
        rows.push(match backend {
            DbBackend::Postgres => format!(
                "({}::uuid, {}::smallint, {}::text)",
                p(n - 2),
                p(n - 1),
                p(n)
            ),
            _ => format!("({}, {}, {})", p(n - 2), p(n - 1), p(n)),
        });
    }
    let sql = format!(
        "WITH v(id, score, grade) AS (VALUES {}) \
         UPDATE customers SET score = v.score, grade = v.grade, scored_at = {} \
         FROM v WHERE customers.tenant_id = {} AND customers.id = v.id",
        rows.join(", "),
        p(2),
        p(1)
    );
    let sql = match backend {
        // PostgreSQL wants the CTE's values spelled inside FROM.
        DbBackend::Postgres => format!(
            "UPDATE customers SET score = v.score, grade = v.grade, scored_at = {} \
             FROM (VALUES {}) AS v(id, score, grade) \
             WHERE customers.tenant_id = {} AND customers.id = v.id",
            p(2),
            rows.join(", "),
            p(1)
        ),
        _ => sql,
    };
    conn.execute(Statement::from_sql_and_values(backend, sql, params))
        .await?;
    Ok(())
}

/// Scores a batch of customers and stores the scores that changed.
pub(crate) async fn rescore<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    model: &ScoringModel,
    customers: &[customer::Model],
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let facts = facts_of(conn, tenant_id, customers, &model.facts_needed(), now).await?;
    let changed: Vec<(Uuid, Score)> = customers
        .iter()
        .filter_map(|c| {
            let score = model.score(facts.get(&c.id)?, now);
            let same = c.score == Some(i16::from(score.score))
                && c.grade.as_deref() == Some(score.grade.key());
            (!same).then_some((c.id, score))
        })
        .collect();
    write_scores(conn, tenant_id, &changed, now).await?;
    Ok(changed.len())
}

impl TenantStore {
    /// The tenant's scoring model (the default one until an administrator edits it).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn scoring_model(&self) -> Result<ScoringModel, StoreError> {
        self.setting(SCORING_MODEL).await
    }

    /// Recomputes the scores of the given customers, or of every customer, in batches.
    /// Returns how many customers were scored.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn recompute_scores(
        &self,
        only: Option<&[Uuid]>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let model = self.scoring_model().await?;
        let mut done = 0u64;
        let mut after: Option<Uuid> = None;
        loop {
            let mut q = customer::Entity::find()
                .filter(customer::Column::TenantId.eq(self.tenant_id))
                .order_by_asc(customer::Column::Id)
                .limit(BATCH as u64);
            if let Some(a) = after {
                q = q.filter(customer::Column::Id.gt(a));
            }
            if let Some(ids) = only {
                q = q.filter(customer::Column::Id.is_in(ids.iter().copied()));
            }
            let batch = q.all(self.db()).await?;
            let Some(last) = batch.last() else {
                break;
            };
            after = Some(last.id);
            let txn = self.store.begin_write().await?;
            rescore(&*txn, self.tenant_id, &model, &batch, now).await?;
            txn.commit().await?;
            done += batch.len() as u64;
            if batch.len() < BATCH {
                break;
            }
        }
        Ok(done)
    }

    /// One customer's score explained rule by rule, as of `now`.
    ///
    /// # Errors
    /// `NotFound`, or when the database fails.
    pub async fn explain_score(
        &self,
        c: &customer::Model,
        now: DateTime<Utc>,
    ) -> Result<closer_domain::customers::scoring::ScoreExplanation, StoreError> {
        let model = self.scoring_model().await?;
        let facts = facts_of(
            self.db(),
            self.tenant_id,
            std::slice::from_ref(c),
            &model.facts_needed(),
            now,
        )
        .await?;
        let f = facts.get(&c.id).cloned().unwrap_or_default();
        Ok(model.explain(&f, now))
    }
}
