//! Aging: what is still owed, by how long past due, as of a date — read from the partial
//! indexes over receivables still owing, so the cost follows what is open, not what was
//! ever billed — and the receivables behind each figure.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Statement, Value,
};
use uuid::Uuid;

use crate::{
    entity::receivable,
    platform::{dialect, page::Page},
    StoreError, TenantStore,
};

/// What aging groups by in the database (departments are owners put together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgingKey {
    Customer,
    Owner,
}

/// One group's open amounts by bucket (in [`Bucket::ALL`] order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgingRow {
    pub key: Option<Uuid>,
    pub buckets: [i64; 5],
}

/// Aging's answer: the largest groups, and the totals and count over all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgingReport {
    pub rows: Vec<AgingRow>,
    pub total: [i64; 5],
    pub groups: usize,
}

/// Which receivables a drill-through lists.
#[derive(Debug, Clone, Default)]
pub struct ReceivableFilter {
    pub owners: Option<Vec<Uuid>>,
    pub customer_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    /// Only those still owing (`open` or `overdue`).
    pub owing: bool,
    /// Owing and due in this range (inclusive ends).
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Part of its contract's number or name, or of its customer's name.
    pub q: Option<String>,
}

impl ReceivableFilter {
    pub(super) fn condition(&self, tenant_id: Uuid) -> sea_orm::Condition {
        let mut c = sea_orm::Condition::all()
            .add(receivable::Column::TenantId.eq(tenant_id))
            .add(receivable::Column::InPlan.eq(true));
        if self.owing {
            c = c.add(receivable::Column::OutstandingMinor.gt(0));
        }
        if let Some(owners) = &self.owners {
            c = c.add(receivable::Column::OwnerId.is_in(owners.clone()));
        }
        if let Some(owner) = self.owner_id {
            c = c.add(receivable::Column::OwnerId.eq(owner));
        }
        if let Some(customer) = self.customer_id {
            c = c.add(receivable::Column::CustomerId.eq(customer));
        }
        if let Some(contract) = self.contract_id {
            c = c.add(receivable::Column::ContractId.eq(contract));
        }
        if let Some(d) = self.due_from {
            c = c.add(receivable::Column::DueOn.gte(d));
        }
        if let Some(d) = self.due_to {
            c = c.add(receivable::Column::DueOn.lte(d));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            c = c.add(
                sea_orm::Condition::any()
                    .add(
                        receivable::Column::ContractId
                            .in_subquery(crate::contracts::records::ids_named(tenant_id, q)),
                    )
                    .add(
                        receivable::Column::CustomerId
                            .in_subquery(crate::customers::records::ids_named(tenant_id, q)),
                    ),
            );
        }
        c
    }
}

#[derive(FromQueryResult)]
pub(super) struct Sums {
    pub(super) key: Option<Uuid>,
    pub(super) b0: Option<i64>,
    pub(super) b1: Option<i64>,
    pub(super) b2: Option<i64>,
    pub(super) b3: Option<i64>,
    pub(super) b4: Option<i64>,
}

/// A top group with the count and totals of all groups beside it.
#[derive(FromQueryResult)]
struct TopSums {
    key: Option<Uuid>,
    b0: Option<i64>,
    b1: Option<i64>,
    b2: Option<i64>,
    b3: Option<i64>,
    b4: Option<i64>,
    groups: i64,
    t0: Option<i64>,
    t1: Option<i64>,
    t2: Option<i64>,
    t3: Option<i64>,
    t4: Option<i64>,
}

/// The report from groups' buckets: groups with nothing owing left out, the largest first,
/// the totals over every group before the cut to `limit`.
pub(super) fn report_of(
    rows: std::collections::HashMap<Option<Uuid>, [i64; 5]>,
    limit: Option<usize>,
) -> AgingReport {
    let mut out: Vec<AgingRow> = rows
        .into_iter()
        .filter(|(_, b)| b.iter().any(|v| *v != 0))
        .map(|(key, buckets)| AgingRow { key, buckets })
        .collect();
    out.sort_by_key(|r| (std::cmp::Reverse(r.buckets.iter().sum::<i64>()), r.key));
    let mut total = [0i64; 5];
    for r in &out {
        for (t, b) in total.iter_mut().zip(r.buckets) {
            *t += b;
        }
    }
    let groups = out.len();
    if let Some(n) = limit {
        out.truncate(n);
    }
    AgingReport {
        rows: out,
        total,
        groups,
    }
}

impl TenantStore {
    /// Open receivables by bucket as of a date, per customer or owner (only `owners` when
    /// given), the largest `limit` groups first, with the totals over all groups. On a past
    /// day each receivable counts as it stood then, by the business's own dates: money
    /// received, written off or refunded after the day is still owed on it, and an amount
    /// changed (a discount, a waiver) after the day ended (`as_of_ends`, in the tenant's
    /// time zone) counts as it was. A plan is taken as it is now: planning is not a
    /// business event (a plan entered today for a contract signed last year owed then).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn aging(
        &self,
        as_of: NaiveDate,
        as_of_ends: chrono::DateTime<chrono::Utc>,
        today: NaiveDate,
        key: AgingKey,
        owners: Option<&[Uuid]>,
        limit: Option<usize>,
    ) -> Result<AgingReport, StoreError> {
        let backend = self.store.db_backend();
        let column = match key {
            AgingKey::Customer => "customer_id",
            AgingKey::Owner => "owner_id",
        };
        if owners.is_some_and(<[Uuid]>::is_empty) {
            return Ok(AgingReport::default());
        }
        // Today's aging sums the maintained totals (bucketed as of today: rolled first when
        // the day has turned); any other day is read from the receivables as they stood.
        if as_of != today {
            return self
                .aging_as_it_stood(as_of, as_of_ends, column, owners, limit)
                .await;
        }
        if self.aging_day().await? != Some(today) {
            self.roll_aging(today).await?;
        }
        if let Some(limit) = limit {
            return self.aging_top(column, owners, limit).await;
        }
        let (sql, values) = self.aging_totals_sql(column, owners, vec![self.tenant_id.into()]);
        let sums = Sums::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
            .all(self.db())
            .await?;
        let rows = sums
            .into_iter()
            .map(|s| {
                let b = [s.b0, s.b1, s.b2, s.b3, s.b4].map(|v| v.unwrap_or(0));
                (s.key.filter(|k| !k.is_nil()), b)
            })
            .collect();
        Ok(report_of(rows, limit))
    }

    /// The grouping over the maintained totals.
    fn aging_totals_sql(
        &self,
        column: &str,
        owners: Option<&[Uuid]>,
        mut values: Vec<Value>,
    ) -> (String, Vec<Value>) {
        let backend = self.store.db_backend();
        let scope = match owners {
            Some(o) => format!(
                " AND owner_id IN ({})",
                dialect::bind_ids(backend, &mut values, o)
            ),
            None => String::new(),
        };
        let b = |n: u8| {
            format!("CAST(SUM(CASE WHEN bucket = {n} THEN outstanding_minor ELSE 0 END) AS BIGINT) AS b{n}")
        };
        (
            format!(
                "SELECT {column} AS key, {}, {}, {}, {}, {} FROM aging_totals \
                 WHERE tenant_id = {}{scope} GROUP BY {column} HAVING SUM(outstanding_minor) <> 0",
                b(0),
                b(1),
                b(2),
                b(3),
                b(4),
                dialect::param(backend, 1)
            ),
            values,
        )
    }

    /// The largest groups from the maintained totals, sorted and cut by the database, with
    /// the totals and the count of groups beside — one pass: the window sums run over every
    /// group before the cut.
    async fn aging_top(
        &self,
        column: &str,
        owners: Option<&[Uuid]>,
        limit: usize,
    ) -> Result<AgingReport, StoreError> {
        let backend = self.store.db_backend();
        let (groups_sql, values) =
            self.aging_totals_sql(column, owners, vec![self.tenant_id.into()]);
        let t = |n: u8| format!("CAST(SUM(b{n}) OVER () AS BIGINT) AS t{n}");
        let top = TopSums::find_by_statement(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT key, b0, b1, b2, b3, b4, COUNT(*) OVER () AS groups, {}, {}, {}, {}, {} \
                 FROM ({groups_sql}) g ORDER BY b0 + b1 + b2 + b3 + b4 DESC, key LIMIT {limit}",
                t(0),
                t(1),
                t(2),
                t(3),
                t(4),
            ),
            values,
        ))
        .all(self.db())
        .await?;
        let (total, groups) = top.first().map_or(([0; 5], 0), |f| {
            (
                [f.t0, f.t1, f.t2, f.t3, f.t4].map(|v| v.unwrap_or(0)),
                f.groups,
            )
        });
        Ok(AgingReport {
            rows: top
                .into_iter()
                .map(|s| AgingRow {
                    key: s.key.filter(|k| !k.is_nil()),
                    buckets: [s.b0, s.b1, s.b2, s.b3, s.b4].map(|v| v.unwrap_or(0)),
                })
                .collect(),
            total,
            groups: usize::try_from(groups).unwrap_or(0),
        })
    }

    /// The day the maintained aging totals are bucketed as of, if any.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn aging_day(&self) -> Result<Option<NaiveDate>, StoreError> {
        let backend = self.store.db_backend();
        let row = self
            .db()
            .query_one(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT as_of FROM aging_dates WHERE tenant_id = {}",
                    dialect::param(backend, 1)
                ),
                vec![self.tenant_id.into()],
            ))
            .await?;
        Ok(row.and_then(|r| r.try_get_by_index::<NaiveDate>(0).ok()))
    }

    /// Buckets the maintained aging totals as of `day`, from the receivables (once a day,
    /// by the first aging of the day or the `aging-roll` job). Later writes keep them
    /// through triggers.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn roll_aging(&self, day: NaiveDate) -> Result<(), StoreError> {
        let backend = self.store.db_backend();
        let txn = self.store.begin_write().await?;
        let p = |i| dialect::param(backend, i);
        // The day first: on PostgreSQL this waits for writers bucketing by the old day.
        txn.execute(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO aging_dates (tenant_id, as_of) VALUES ({}, {}) \
                 ON CONFLICT (tenant_id) DO UPDATE SET as_of = excluded.as_of",
                p(1),
                p(2)
            ),
            vec![self.tenant_id.into(), day.into()],
        ))
        .await?;
        txn.execute(Statement::from_sql_and_values(
            backend,
            format!("DELETE FROM aging_totals WHERE tenant_id = {}", p(1)),
            vec![self.tenant_id.into()],
        ))
        .await?;
        let as_of = match backend {
            sea_orm::DbBackend::Postgres => format!("CAST({} AS DATE)", p(2)),
            _ => p(2),
        };
        txn.execute(Statement::from_sql_and_values(
            backend,
            format!(
                "INSERT INTO aging_totals (tenant_id, customer_id, owner_id, bucket, outstanding_minor) \
                 SELECT tenant_id, customer_id, COALESCE(owner_id, {nil}), {bucket}, CAST(SUM(outstanding_minor) AS BIGINT) \
                 FROM receivables WHERE tenant_id = {} AND outstanding_minor > 0 GROUP BY 1, 2, 3, 4",
                p(1),
                nil = dialect::nil_id(backend),
                bucket = crate::migration::aging_bucket_sql(backend, "due_on", &as_of),
            ),
            vec![self.tenant_id.into(), day.into()],
        ))
        .await?;
        txn.commit().await
    }

    /// A page of receivables, earliest due first (the drill-through of aging and the
    /// "who owes me what" list).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn receivables(
        &self,
        f: &ReceivableFilter,
        cursor: Option<(NaiveDate, Uuid)>,
        limit: u64,
    ) -> Result<(Vec<receivable::Model>, Option<(NaiveDate, Uuid)>), StoreError> {
        use sea_orm::sea_query::{Condition, Expr};
        let rows = receivable::Entity::find()
            .filter(f.condition(self.tenant_id))
            .apply_if(cursor, |s, (d, id)| {
                s.filter(
                    Condition::any().add(receivable::Column::DueOn.gt(d)).add(
                        Condition::all()
                            .add(Expr::col(receivable::Column::DueOn).eq(d))
                            .add(receivable::Column::Id.gt(id)),
                    ),
                )
            })
            .order_by_asc(receivable::Column::DueOn)
            .order_by_asc(receivable::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        let page = Page::from_rows(rows, limit, |r| r.id);
        let next = page
            .next_cursor
            .and_then(|_| page.items.last().map(|r| (r.due_on, r.id)));
        Ok((page.items, next))
    }

    /// How many receivables [`Self::receivables`] would list, over all its pages.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_receivables(&self, f: &ReceivableFilter) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(receivable::Entity::find()
            .filter(f.condition(self.tenant_id))
            .count(self.db())
            .await?)
    }
}

/// What one owner is owed that is due by a day: overdue, not yet due, how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwingByOwner {
    pub owner_id: Option<Uuid>,
    pub overdue: i64,
    pub due_soon: i64,
    pub count: i64,
}

#[derive(FromQueryResult)]
struct OwingRow {
    owner_id: Option<Uuid>,
    overdue: Option<i64>,
    due_soon: Option<i64>,
    count: i64,
}

/// Finance's figures at a glance.
#[derive(Debug, Clone, Default)]
pub struct CashSummary {
    pub due_this_week: i64,
    pub overdue: i64,
    pub outstanding: i64,
    pub collected: i64,
    pub refunds_open: u64,
    pub unmatched: u64,
}

#[derive(FromQueryResult)]
struct Owing {
    week: Option<i64>,
    overdue: Option<i64>,
    outstanding: Option<i64>,
}

#[derive(FromQueryResult)]
struct Collected {
    amount: Option<i64>,
}

impl TenantStore {
    /// What is due this week, overdue and owing in all, and what came in this month.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn cash_summary(
        &self,
        owners: Option<&[Uuid]>,
        today: NaiveDate,
        week_end: NaiveDate,
        month_start: NaiveDate,
    ) -> Result<CashSummary, StoreError> {
        use sea_orm::PaginatorTrait;
        let backend = self.store.db_backend();
        if owners.is_some_and(<[Uuid]>::is_empty) {
            return Ok(CashSummary::default());
        }
        let mut values: Vec<Value> = vec![self.tenant_id.into(), today.into(), week_end.into()];
        let scope = owners.map_or(String::new(), |o| {
            format!(
                " AND owner_id IN ({})",
                dialect::bind_ids(backend, &mut values, o)
            )
        });
        let (t, w) = (dialect::param(backend, 2), dialect::param(backend, 3));
        let sql = format!(
            "SELECT CAST(SUM(CASE WHEN due_on >= {t} AND due_on <= {w} THEN outstanding_minor ELSE 0 END) AS BIGINT) AS week, \
             CAST(SUM(CASE WHEN due_on < {t} THEN outstanding_minor ELSE 0 END) AS BIGINT) AS overdue, \
             CAST(SUM(outstanding_minor) AS BIGINT) AS outstanding \
             FROM receivables WHERE tenant_id = {} AND outstanding_minor > 0{scope}",
            dialect::param(backend, 1)
        );
        let owing = Owing::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
            .one(self.db())
            .await?;
        let mut values: Vec<Value> = vec![self.tenant_id.into(), month_start.into(), today.into()];
        let scope = owners.map_or(String::new(), |o| {
            format!(
                " AND owner_id IN ({})",
                dialect::bind_ids(backend, &mut values, o)
            )
        });
        let sql = format!(
            "SELECT CAST(SUM(amount_minor) AS BIGINT) AS amount FROM payments \
             WHERE tenant_id = {} AND received_on >= {} AND received_on <= {} AND status = 'posted'{scope}",
            dialect::param(backend, 1),
            dialect::param(backend, 2),
            dialect::param(backend, 3)
        );
        let collected =
            Collected::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .one(self.db())
                .await?;
        let mut refunds = crate::entity::refund::Entity::find()
            .filter(crate::entity::refund::Column::TenantId.eq(self.tenant_id))
            .filter(crate::entity::refund::Column::Status.is_in(["in_approval", "approved"]));
        if let Some(o) = owners {
            refunds =
                refunds.filter(crate::entity::refund::Column::OwnerId.is_in(o.iter().copied()));
        }
        let unmatched = crate::entity::bank_line::Entity::find()
            .filter(crate::entity::bank_line::Column::TenantId.eq(self.tenant_id))
            .filter(crate::entity::bank_line::Column::Status.eq("unmatched"))
            .count(self.db())
            .await?;
        let owing = owing.unwrap_or(Owing {
            week: None,
            overdue: None,
            outstanding: None,
        });
        Ok(CashSummary {
            due_this_week: owing.week.unwrap_or(0),
            overdue: owing.overdue.unwrap_or(0),
            outstanding: owing.outstanding.unwrap_or(0),
            collected: collected.and_then(|c| c.amount).unwrap_or(0),
            refunds_open: refunds.count(self.db()).await?,
            unmatched,
        })
    }

    /// Per owner, what is owing and due by `due_by`: overdue as of `today`, and due soon.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn owing_by_owner(
        &self,
        today: NaiveDate,
        due_by: NaiveDate,
    ) -> Result<Vec<OwingByOwner>, StoreError> {
        let backend = self.store.db_backend();
        let p = |i| dialect::param(backend, i);
        let sql = format!(
            "SELECT owner_id, \
             CAST(SUM(CASE WHEN due_on < {t} THEN outstanding_minor ELSE 0 END) AS BIGINT) AS overdue, \
             CAST(SUM(CASE WHEN due_on >= {t} THEN outstanding_minor ELSE 0 END) AS BIGINT) AS due_soon, \
             COUNT(*) AS count FROM receivables \
             WHERE tenant_id = {} AND outstanding_minor > 0 AND due_on <= {} GROUP BY owner_id",
            p(1),
            p(3),
            t = p(2),
        );
        let rows = OwingRow::find_by_statement(Statement::from_sql_and_values(
            backend,
            sql,
            vec![self.tenant_id.into(), today.into(), due_by.into()],
        ))
        .all(self.db())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| OwingByOwner {
                owner_id: r.owner_id,
                overdue: r.overdue.unwrap_or(0),
                due_soon: r.due_soon.unwrap_or(0),
                count: r.count,
            })
            .collect())
    }

    /// Contracts' numbers by id.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contract_numbers(
        &self,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
        if ids.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        let rows: Vec<(Uuid, String)> = crate::entity::contract::Entity::find()
            .select_only()
            .column(crate::entity::contract::Column::Id)
            .column(crate::entity::contract::Column::Number)
            .filter(crate::entity::contract::Column::TenantId.eq(self.tenant_id))
            .filter(crate::entity::contract::Column::Id.is_in(ids.iter().copied()))
            .into_tuple()
            .all(self.db())
            .await?;
        Ok(rows.into_iter().collect())
    }
}
