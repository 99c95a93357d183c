//! Aging on a day other than today, and its drill-through: each receivable as it stood at
//! the end of that day — its amount and due date before any later change, what was
//! received, written off or refunded after the day still owed on it, and only on contracts
//! signed by then.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, QueryTrait, Statement,
    Value,
};
use uuid::Uuid;

use super::aging::{report_of, AgingReport, ReceivableFilter, Sums};
use crate::{
    entity::receivable,
    platform::{dialect, page::Page},
    StoreError, TenantStore,
};

/// The `WITH` clauses under a receivable `r` as it stood at the end of a day (`ends`, the
/// instant; `day`, the date): `first_change` holds its amount and due date before the first
/// change after the day, `moved_after` what was received and written off on it after the
/// day (refunds are negative). Used with [`stood_from`], [`STOOD_DUE`], [`STOOD_OWING`].
fn stood_ctes(tenant: &str, ends: &str, day: &str) -> String {
    format!(
        "later AS ( \
           SELECT receivable_id, amount_before, due_before, \
                  ROW_NUMBER() OVER (PARTITION BY receivable_id ORDER BY created_at, id) AS n \
           FROM receivable_changes \
           WHERE tenant_id = {tenant} AND kind = 'changed' AND created_at >= {ends}), \
         first_change AS (SELECT receivable_id, amount_before, due_before FROM later WHERE n = 1), \
         moved_after AS ( \
           SELECT receivable_id, \
                  SUM(CASE WHEN kind = 'write_off' THEN 0 ELSE amount_minor END) AS paid, \
                  SUM(CASE WHEN kind = 'write_off' THEN amount_minor ELSE 0 END) AS written_off \
           FROM payment_allocations WHERE tenant_id = {tenant} AND received_on > {day} \
           GROUP BY receivable_id)"
    )
}

/// The receivables `r` of contracts signed by the day (one without a signing date: entered
/// by its end) — a contract signed later owed nothing on it — with the pieces of
/// [`stood_ctes`].
fn stood_from(tenant: &str, ends: &str, day: &str) -> String {
    format!(
        "FROM receivables r \
         JOIN contracts k ON k.tenant_id = {tenant} AND k.id = r.contract_id \
           AND (k.signed_on <= {day} OR (k.signed_on IS NULL AND k.created_at < {ends})) \
         LEFT JOIN first_change f ON f.receivable_id = r.id \
         LEFT JOIN moved_after m ON m.receivable_id = r.id"
    )
}
const STOOD_AMOUNT: &str = "COALESCE(f.amount_before, r.amount_minor)";
const STOOD_PAID: &str = "(r.paid_minor - COALESCE(m.paid, 0))";
const STOOD_WRITTEN_OFF: &str = "(r.written_off_minor - COALESCE(m.written_off, 0))";
const STOOD_DUE: &str = "COALESCE(f.due_before, r.due_on)";
const STOOD_OWING: &str = "(COALESCE(f.amount_before, r.amount_minor) \
     - (r.paid_minor - COALESCE(m.paid, 0)) - (r.written_off_minor - COALESCE(m.written_off, 0)))";
/// Only what owes now or was touched after the day can have owed on it.
const STOOD_TOUCHED: &str = "(r.outstanding_minor > 0 OR f.receivable_id IS NOT NULL \
     OR m.receivable_id IS NOT NULL)";

impl TenantStore {
    /// Aging on a day other than the maintained one, read from the receivables themselves,
    /// each as it stood then: the first change of its amount after the day gives back the
    /// amount it had, and what was received, written off or refunded after the day is
    /// added back.
    pub(super) async fn aging_as_it_stood(
        &self,
        as_of: NaiveDate,
        as_of_ends: chrono::DateTime<chrono::Utc>,
        column: &str,
        owners: Option<&[Uuid]>,
        limit: Option<usize>,
    ) -> Result<AgingReport, StoreError> {
        let backend = self.store.db_backend();
        let mut values: Vec<Value> = vec![self.tenant_id.into()];
        let mut p = |v: Value| {
            values.push(v);
            dialect::param(backend, values.len())
        };
        let tenant = dialect::param(backend, 1);
        let ends = p(as_of_ends.into());
        let day = p(as_of.into());
        let before = |n: i64| as_of - chrono::Duration::days(n);
        let (b30, b60, b90) = (
            p(before(30).into()),
            p(before(60).into()),
            p(before(90).into()),
        );
        let scope = match owners {
            Some(o) => format!(
                " AND r.owner_id IN ({})",
                dialect::bind_ids(backend, &mut values, o)
            ),
            None => String::new(),
        };
        let bucket = |cond: &str, n: u8| {
            format!("CAST(SUM(CASE WHEN {cond} THEN owing ELSE 0 END) AS BIGINT) AS b{n}")
        };
        let sql = format!(
            "WITH {ctes}, \
             stood AS (SELECT r.{column} AS key, {due} AS due_on, {owing} AS owing {from} \
               WHERE r.tenant_id = {tenant} AND r.owed{scope} AND {touched}) \
             SELECT key, {}, {}, {}, {}, {} FROM stood WHERE owing > 0 GROUP BY key",
            bucket(&format!("due_on >= {day}"), 0),
            bucket(&format!("due_on < {day} AND due_on >= {b30}"), 1),
            bucket(&format!("due_on < {b30} AND due_on >= {b60}"), 2),
            bucket(&format!("due_on < {b60} AND due_on >= {b90}"), 3),
            bucket(&format!("due_on < {b90}"), 4),
            ctes = stood_ctes(&tenant, &ends, &day),
            due = STOOD_DUE,
            owing = STOOD_OWING,
            from = stood_from(&tenant, &ends, &day),
            touched = STOOD_TOUCHED,
        );
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
}

#[derive(FromQueryResult)]
struct StoodRow {
    id: Uuid,
    due_on: NaiveDate,
    amount: i64,
    paid: i64,
    written_off: i64,
}

#[derive(FromQueryResult)]
struct Counted {
    n: i64,
}

impl TenantStore {
    /// The drill-through of aging on a day other than today: the receivables that owed at
    /// the end of `as_of` (due in the filter's range as they stood), each with its amount,
    /// due date, paid and written off as they stood then — so a bucket's list adds up to
    /// the figure [`Self::aging`] gives for it. With `count`, only how many (in `.1`).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn receivables_as_they_stood(
        &self,
        f: &ReceivableFilter,
        as_of: NaiveDate,
        as_of_ends: chrono::DateTime<chrono::Utc>,
        cursor: Option<(NaiveDate, Uuid)>,
        limit: u64,
        count: bool,
    ) -> Result<StoodPage, StoreError> {
        let backend = self.store.db_backend();
        if f.owners.as_ref().is_some_and(Vec::is_empty) {
            return Ok(StoodPage::default());
        }
        // Who and what the list is about, as the plain list filters it; the amounts and
        // dates are taken as they stood below.
        let candidates = ReceivableFilter {
            owing: false,
            due_from: None,
            due_to: None,
            ..f.clone()
        };
        let chosen = receivable::Entity::find()
            .select_only()
            .column(receivable::Column::Id)
            .filter(candidates.condition(self.tenant_id))
            .build(backend);
        let mut values: Vec<Value> = chosen.values.map(|v| v.0).unwrap_or_default();
        let mut p = |v: Value| {
            values.push(v);
            dialect::param(backend, values.len())
        };
        let tenant = p(self.tenant_id.into());
        let ends = p(as_of_ends.into());
        let day = p(as_of.into());
        let mut conditions = format!(
            "r.tenant_id = {tenant} AND r.owed AND {STOOD_TOUCHED} AND r.id IN ({}) \
             AND {STOOD_OWING} > 0",
            dialect::numbered(backend, &chosen.sql)
        );
        if let Some(d) = f.due_from {
            conditions += &format!(" AND {STOOD_DUE} >= {}", p(d.into()));
        }
        if let Some(d) = f.due_to {
            conditions += &format!(" AND {STOOD_DUE} <= {}", p(d.into()));
        }
        let ctes = stood_ctes(&tenant, &ends, &day);
        let stood_from = stood_from(&tenant, &ends, &day);
        if count {
            let sql = format!("WITH {ctes} SELECT COUNT(*) AS n {stood_from} WHERE {conditions}");
            let n =
                Counted::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                    .one(self.db())
                    .await?
                    .map_or(0, |c| c.n);
            return Ok(StoodPage {
                count: u64::try_from(n).unwrap_or(0),
                ..StoodPage::default()
            });
        }
        if let Some((d, id)) = cursor {
            let (d, id) = (p(d.into()), p(id.into()));
            conditions +=
                &format!(" AND ({STOOD_DUE} > {d} OR ({STOOD_DUE} = {d} AND r.id > {id}))");
        }
        let sql = format!(
            "WITH {ctes} SELECT r.id AS id, {STOOD_DUE} AS due_on, \
             CAST({STOOD_AMOUNT} AS BIGINT) AS amount, CAST({STOOD_PAID} AS BIGINT) AS paid, \
             CAST({STOOD_WRITTEN_OFF} AS BIGINT) AS written_off {stood_from} \
             WHERE {conditions} ORDER BY 2, 1 LIMIT {}",
            limit + 1
        );
        let stood =
            StoodRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?;
        let ids: Vec<Uuid> = stood.iter().map(|r| r.id).collect();
        let mut models: std::collections::HashMap<Uuid, receivable::Model> =
            receivable::Entity::find()
                .filter(receivable::Column::TenantId.eq(self.tenant_id))
                .filter(receivable::Column::Id.is_in(ids))
                .all(self.db())
                .await?
                .into_iter()
                .map(|m| (m.id, m))
                .collect();
        let rows: Vec<receivable::Model> = stood
            .into_iter()
            .filter_map(|s| {
                let mut m = models.remove(&s.id)?;
                m.due_on = s.due_on;
                m.amount_minor = s.amount;
                m.paid_minor = s.paid;
                m.written_off_minor = s.written_off;
                m.outstanding_minor = s.amount - s.paid - s.written_off;
                m.settled_on = m.settled_on.filter(|d| *d <= as_of);
                Some(m)
            })
            .collect();
        let page = Page::from_rows(rows, limit, |r| r.id);
        let next = page
            .next_cursor
            .and_then(|_| page.items.last().map(|r| (r.due_on, r.id)));
        Ok(StoodPage {
            items: page.items,
            next,
            count: 0,
        })
    }
}

/// A page of [`TenantStore::receivables_as_they_stood`], or how many there are.
#[derive(Debug, Clone, Default)]
pub struct StoodPage {
    pub items: Vec<receivable::Model>,
    pub next: Option<(NaiveDate, Uuid)>,
    pub count: u64,
}
