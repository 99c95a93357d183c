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

/// Per customer: the latest activity and the count in each window.
type ActivityFacts = HashMap<Uuid, (Option<DateTime<Utc>>, BTreeMap<u32, u64>)>;

/// The activity facts of the customers `ids` names, or of every customer of the tenant
/// (`None`: one grouped pass, no id list).
async fn activity_facts<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    ids: Option<&[Uuid]>,
    needed: &FactsNeeded,
    now: DateTime<Utc>,
) -> Result<ActivityFacts, StoreError> {
    let mut out = HashMap::new();
    if !needed.last_activity && needed.activity_windows.is_empty() {
        return Ok(out);
    }
    let backend = conn.get_database_backend();
    let p = |i: usize| crate::platform::dialect::param(backend, i);
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
    let only = match ids {
        Some(ids) => {
            let first = params.len() + 1;
            params.extend(ids.iter().map(|id| sea_orm::Value::from(*id)));
            let list: Vec<String> = (first..params.len() + 1).map(p).collect();
            format!("AND customer_id IN ({})", list.join(","))
        }
        None => "AND customer_id IS NOT NULL".to_owned(),
    };
    let mut columns = vec!["customer_id".to_owned(), "MAX(occurred_at)".to_owned()];
    columns.extend(counts);
    let sql = format!(
        "SELECT {} FROM activities WHERE tenant_id = {} AND occurred_at IS NOT NULL \
         AND occurred_at <= {upto} {only} GROUP BY customer_id",
        columns.join(", "),
        p(1),
    );
    for row in conn
        .query_all(Statement::from_sql_and_values(backend, sql, params))
        .await?
    {
        let id: Uuid = row.try_get_by_index(0)?;
        let latest: Option<DateTime<Utc>> = row.try_get_by_index(1)?;
        let mut windows = BTreeMap::new();
        for (i, days) in needed.activity_windows.iter().enumerate() {
            let n: Option<i64> = row.try_get_by_index(i + 2)?;
            windows.insert(*days, u64::try_from(n.unwrap_or(0)).unwrap_or(0));
        }
        out.insert(id, (latest, windows));
    }
    Ok(out)
}

/// The amount won with each customer `ids` names, or with every customer (`None`).
async fn won_sums<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    ids: Option<&[Uuid]>,
) -> Result<HashMap<Uuid, i64>, StoreError> {
    let backend = conn.get_database_backend();
    let p = |i: usize| crate::platform::dialect::param(backend, i);
    let mut params: Vec<sea_orm::Value> = vec![tenant_id.into()];
    let only = match ids {
        Some(ids) => {
            params.extend(ids.iter().map(|id| sea_orm::Value::from(*id)));
            let list: Vec<String> = (2..params.len() + 1).map(p).collect();
            format!("AND o.customer_id IN ({})", list.join(","))
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT o.customer_id, CAST(SUM(o.amount_minor) AS BIGINT) FROM opportunities o JOIN stages s \
         ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
         WHERE o.tenant_id = {} AND s.is_won = {} {only} \
         GROUP BY o.customer_id",
        p(1),
        if backend == DbBackend::Postgres { "TRUE" } else { "1" },
    );
    let mut out = HashMap::new();
    for row in conn
        .query_all(Statement::from_sql_and_values(backend, sql, params))
        .await?
    {
        let id: Uuid = row.try_get_by_index(0)?;
        out.insert(id, row.try_get_by_index::<Option<i64>>(1)?.unwrap_or(0));
    }
    Ok(out)
}

/// A customer's facts from its record and the activity and deal facts read for it.
fn facts_from(
    c: &customer::Model,
    activity: &ActivityFacts,
    won: &HashMap<Uuid, i64>,
) -> CustomerFacts {
    let (last, windows) = activity.get(&c.id).cloned().unwrap_or_default();
    CustomerFacts {
        industry: c.industry.clone(),
        size_tier: c.size_tier.as_deref().and_then(|s| SizeTier::parse(s).ok()),
        province: c.province.clone(),
        city: c.city.clone(),
        source: c.source.clone(),
        employee_count: c.employee_count.map(i64::from),
        annual_revenue: c.annual_revenue_minor,
        last_activity_at: last,
        activity_counts: windows,
        won_amount: won.get(&c.id).copied().unwrap_or(0),
    }
}

/// The facts of each customer in `customers`, as far as `needed` asks.
pub(crate) async fn facts_of<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customers: &[customer::Model],
    needed: &FactsNeeded,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, CustomerFacts>, StoreError> {
    if customers.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = customers.iter().map(|c| c.id).collect();
    let activity = activity_facts(conn, tenant_id, Some(&ids), needed, now).await?;
    let won = if needed.won_amount {
        won_sums(conn, tenant_id, Some(&ids)).await?
    } else {
        HashMap::new()
    };
    Ok(customers
        .iter()
        .map(|c| (c.id, facts_from(c, &activity, &won)))
        .collect())
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
    let p = |i: usize| crate::platform::dialect::param(backend, i);
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

/// Scores customers under the tenant's current model (read here) and stores what changed —
/// what every write that touches a customer's facts calls in its own transaction.
pub(crate) async fn rescore_now<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customers: &[customer::Model],
) -> Result<usize, StoreError> {
    let model: ScoringModel =
        crate::platform::settings::setting_in(conn, tenant_id, SCORING_MODEL).await?;
    rescore(conn, tenant_id, &model, customers, crate::now()).await
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
        if only.is_none() {
            return self.recompute_all(&model, now).await;
        }
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

    /// Every customer's score: the activity and deal facts of the whole tenant read in one
    /// grouped pass each (outside any write), then customers a page at a time, only changed
    /// scores written.
    async fn recompute_all(
        &self,
        model: &ScoringModel,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let needed = model.facts_needed();
        let activity = activity_facts(self.db(), self.tenant_id, None, &needed, now).await?;
        let won = if needed.won_amount {
            won_sums(self.db(), self.tenant_id, None).await?
        } else {
            HashMap::new()
        };
        let mut done = 0u64;
        let mut after: Option<Uuid> = None;
        loop {
            let mut q = customer::Entity::find()
                .filter(customer::Column::TenantId.eq(self.tenant_id))
                .order_by_asc(customer::Column::Id)
                .limit(5 * BATCH as u64);
            if let Some(a) = after {
                q = q.filter(customer::Column::Id.gt(a));
            }
            let page = q.all(self.db()).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = Some(last.id);
            let changed: Vec<(Uuid, Score)> = page
                .iter()
                .filter_map(|c| {
                    let score = model.score(&facts_from(c, &activity, &won), now);
                    let same = c.score == Some(i16::from(score.score))
                        && c.grade.as_deref() == Some(score.grade.key());
                    (!same).then_some((c.id, score))
                })
                .collect();
            for chunk in changed.chunks(BATCH) {
                let txn = self.store.begin_write().await?;
                write_scores(&*txn, self.tenant_id, chunk, now).await?;
                txn.commit().await?;
            }
            done += page.len() as u64;
            if page.len() < 5 * BATCH {
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
