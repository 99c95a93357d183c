//! Bank statements: rows matched to customers by name and paid in by the batch — each
//! written off earliest due first like any payment — rows seen before skipped, rows without
//! a customer kept for a person to match.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::{
    ledger::{add_credit, allocation, complete_if_done, insert_allocations, settings},
    payments::{dedup, NewPayment, PaymentView},
};
use crate::{
    entity::{bank_line, cash_account, contract, customer, payment, receivable},
    platform::page::Page,
    StoreError, TenantStore,
};

/// A statement row read and checked.
#[derive(Debug, Clone)]
pub struct BankRow {
    pub row_number: i32,
    pub received_on: NaiveDate,
    pub payer_name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub reference: Option<String>,
    /// Identifies the row across files: the same date, payer, amount and reference.
    pub line_key: String,
    /// The customer the payer's name matched, when exactly one did.
    pub customer_id: Option<Uuid>,
}

/// A payer's owing receivables as far as read, earliest due first.
#[derive(Default)]
struct Owing {
    list: Vec<receivable::Model>,
    /// The first that may still owe.
    at: usize,
    done: bool,
}

impl Owing {
    const PAGE: u64 = 16;

    /// The earliest receivable still owing, reading the next page when needed.
    async fn next<C: sea_orm::ConnectionTrait>(
        &mut self,
        conn: &C,
        tenant_id: Uuid,
        customer_id: Uuid,
    ) -> Result<Option<&mut receivable::Model>, StoreError> {
        use sea_orm::sea_query::Condition;
        loop {
            while self.at < self.list.len() && self.list[self.at].outstanding_minor <= 0 {
                self.at += 1;
            }
            if self.at < self.list.len() {
                return Ok(Some(&mut self.list[self.at]));
            }
            if self.done {
                return Ok(None);
            }
            let mut q = receivable::Entity::find()
                .filter(receivable::Column::TenantId.eq(tenant_id))
                .filter(receivable::Column::CustomerId.eq(customer_id))
                .filter(receivable::Column::OutstandingMinor.gt(0));
            if let Some(last) = self.list.last() {
                q = q.filter(
                    Condition::any()
                        .add(receivable::Column::DueOn.gt(last.due_on))
                        .add(
                            Condition::all()
                                .add(receivable::Column::DueOn.eq(last.due_on))
                                .add(receivable::Column::Id.gt(last.id)),
                        ),
                );
            }
            let page = q
                .order_by_asc(receivable::Column::DueOn)
                .order_by_asc(receivable::Column::Id)
                .limit(Self::PAGE)
                .all(conn)
                .await?;
            self.done = (page.len() as u64) < Self::PAGE;
            self.list.extend(page);
        }
    }
}

/// What an import keeps between its batches: each payer's owing receivables as read, and
/// the version of the payer's cash account after the import last wrote it.
#[derive(Default)]
pub struct BankCache {
    open: HashMap<Uuid, Owing>,
    versions: HashMap<Uuid, i32>,
}

/// Saves receivables' paid, written-off and outstanding figures, a hundred a statement.
async fn update_receivables<C: sea_orm::ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    rows: &[&receivable::Model],
    now: chrono::DateTime<chrono::Utc>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    use crate::platform::dialect::param;
    use sea_orm::{DbBackend, Statement, Value};
    let backend = conn.get_database_backend();
    for chunk in rows.chunks(100) {
        let mut values: Vec<Value> = vec![now.into(), tenant_id.into()];
        let mut tuples = Vec::with_capacity(chunk.len());
        for r in chunk {
            let settled = (r.outstanding_minor <= 0).then(|| r.settled_on.unwrap_or(today));
            let at = values.len();
            values.extend([
                r.id.into(),
                r.paid_minor.into(),
                r.written_off_minor.into(),
                r.outstanding_minor.into(),
                settled.into(),
            ]);
            let p = |i: usize| param(backend, at + i);
            tuples.push(match backend {
                DbBackend::Postgres => format!(
                    "(CAST({} AS uuid), CAST({} AS bigint), CAST({} AS bigint), CAST({} AS bigint), CAST({} AS date))",
                    p(1), p(2), p(3), p(4), p(5)
                ),
                _ => format!("({}, {}, {}, {}, {})", p(1), p(2), p(3), p(4), p(5)),
            });
        }
        let sql = match backend {
            DbBackend::Postgres => format!(
                "UPDATE receivables AS r SET paid_minor = v.paid, written_off_minor = v.off, \
                 outstanding_minor = v.owing, settled_on = v.settled, version = r.version + 1, updated_at = {} \
                 FROM (VALUES {}) AS v(id, paid, off, owing, settled) WHERE r.tenant_id = {} AND r.id = v.id",
                param(backend, 1),
                tuples.join(", "),
                param(backend, 2)
            ),
            _ => format!(
                "UPDATE receivables SET paid_minor = v.column2, written_off_minor = v.column3, \
                 outstanding_minor = v.column4, settled_on = v.column5, version = version + 1, updated_at = {} \
                 FROM (VALUES {}) AS v WHERE receivables.tenant_id = {} AND receivables.id = v.column1",
                param(backend, 1),
                tuples.join(", "),
                param(backend, 2)
            ),
        };
        conn.execute(Statement::from_sql_and_values(backend, sql, values))
            .await?;
    }
    Ok(())
}

/// What a batch did.
#[derive(Debug, Clone, Default)]
pub struct BankBatch {
    pub paid_in: u64,
    pub unmatched: u64,
    /// Row numbers seen before (in an earlier file or earlier in this one).
    pub duplicates: Vec<i32>,
}

impl TenantStore {
    /// Every customer's id by the key of its name (see `company_key`), to match payers.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customer_name_index(&self) -> Result<HashMap<String, Vec<Uuid>>, StoreError> {
        let rows: Vec<(Uuid, String)> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::Name)
            .filter(customer::Column::TenantId.eq(self.tenant_id))
            .into_tuple()
            .all(self.db())
            .await?;
        let mut index: HashMap<String, Vec<Uuid>> = HashMap::new();
        for (id, name) in rows {
            if let Some(k) = closer_domain::leads::dedupe::company_key(&name) {
                index.entry(k.normalized).or_default().push(id);
            }
        }
        Ok(index)
    }

    /// Pays in one batch of statement rows in one write.
    ///
    /// # Errors
    /// When the database fails.
    #[allow(clippy::too_many_lines)]
    pub async fn pay_in_bank_rows(
        &self,
        actor: Uuid,
        job_id: Option<Uuid>,
        rows: &[BankRow],
        today: NaiveDate,
        cache: &mut BankCache,
    ) -> Result<BankBatch, StoreError> {
        let mut out = BankBatch::default();
        let txn = self.store.begin_write().await?;
        let keys: Vec<String> = rows.iter().map(|r| r.line_key.clone()).collect();
        let mut seen: HashSet<String> = HashSet::new();
        for chunk in keys.chunks(500) {
            let found: Vec<String> = bank_line::Entity::find()
                .select_only()
                .column(bank_line::Column::LineKey)
                .filter(bank_line::Column::TenantId.eq(self.tenant_id))
                .filter(bank_line::Column::LineKey.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(&*txn)
                .await?;
            seen.extend(found);
        }
        let fresh: Vec<&BankRow> = rows
            .iter()
            .filter(|r| {
                let new = seen.insert(r.line_key.clone());
                if !new {
                    out.duplicates.push(r.row_number);
                }
                new
            })
            .collect();
        let customers = dedup(fresh.iter().filter_map(|r| r.customer_id).collect());
        // Lock every account the batch pays into, in one statement each way.
        for chunk in customers.chunks(500) {
            cash_account::Entity::insert_many(chunk.iter().map(|c| {
                cash_account::Model {
                    tenant_id: self.tenant_id,
                    customer_id: *c,
                    credit_minor: 0,
                    version: 0,
                }
                .into_active_model()
            }))
            .on_conflict(
                OnConflict::columns([
                    cash_account::Column::TenantId,
                    cash_account::Column::CustomerId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&*txn)
            .await?;
            cash_account::Entity::update_many()
                .col_expr(
                    cash_account::Column::Version,
                    Expr::col(cash_account::Column::Version).add(1),
                )
                .filter(cash_account::Column::TenantId.eq(self.tenant_id))
                .filter(cash_account::Column::CustomerId.is_in(chunk.iter().copied()))
                .exec(&*txn)
                .await?;
        }
        // What the statement read of a payer before still stands only if nobody else wrote
        // the payer's cash since: its account's version tells.
        let mut versions: HashMap<Uuid, i32> = HashMap::new();
        for chunk in customers.chunks(500) {
            let found: Vec<(Uuid, i32)> = cash_account::Entity::find()
                .select_only()
                .column(cash_account::Column::CustomerId)
                .column(cash_account::Column::Version)
                .filter(cash_account::Column::TenantId.eq(self.tenant_id))
                .filter(cash_account::Column::CustomerId.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&*txn)
                .await?;
            versions.extend(found);
        }
        for (c, v) in &versions {
            if cache.versions.get(c) != Some(&(v - 1)) {
                cache.open.remove(c);
            }
        }
        let mut owners: HashMap<Uuid, Option<Uuid>> = HashMap::new();
        for chunk in customers.chunks(500) {
            let found: Vec<(Uuid, Option<Uuid>)> = customer::Entity::find()
                .select_only()
                .column(customer::Column::Id)
                .column(customer::Column::OwnerId)
                .filter(customer::Column::TenantId.eq(self.tenant_id))
                .filter(customer::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple()
                .all(&*txn)
                .await?;
            owners.extend(found);
        }
        // Each payer's owing receivables, earliest due first, read a page at a time as the
        // money needs them: a customer with thousands open costs what its payments reach.
        let open = &mut cache.open;
        let tolerance = settings(&*txn, self.tenant_id)
            .await?
            .write_off_tolerance_minor;
        let now = crate::now();
        let mut payments = Vec::new();
        let mut allocations = Vec::new();
        let mut lines = Vec::new();
        let mut credit: HashMap<Uuid, i64> = HashMap::new();
        let mut touched: HashSet<(Uuid, Uuid)> = HashSet::new();
        for row in fresh {
            let payment_id = row.customer_id.map(|_| closer_domain::ids::new_id());
            if let (Some(cid), Some(pid)) = (row.customer_id, payment_id) {
                let owing = open.entry(cid).or_default();
                let mut left = row.amount_minor;
                while left > 0 {
                    let Some(r) = owing.next(&*txn, self.tenant_id, cid).await? else {
                        break;
                    };
                    let amount = left.min(r.outstanding_minor);
                    left -= amount;
                    allocations.push(allocation(
                        self.tenant_id,
                        Some(pid),
                        r,
                        "payment",
                        amount,
                        row.received_on,
                        Some(actor),
                    ));
                    r.paid_minor += amount;
                    let rest = r.amount_minor - r.paid_minor - r.written_off_minor;
                    if rest > 0 && rest <= tolerance {
                        allocations.push(allocation(
                            self.tenant_id,
                            Some(pid),
                            r,
                            "write_off",
                            rest,
                            row.received_on,
                            Some(actor),
                        ));
                        r.written_off_minor += rest;
                    }
                    r.outstanding_minor = r.amount_minor - r.paid_minor - r.written_off_minor;
                    // Settled on the day the money that settled it came in.
                    if r.outstanding_minor <= 0 && r.settled_on.is_none() {
                        r.settled_on = Some(row.received_on);
                    }
                    touched.insert((cid, r.id));
                }
                *credit.entry(cid).or_default() += left;
                payments.push(payment::Model {
                    tenant_id: self.tenant_id,
                    id: pid,
                    created_at: now,
                    updated_at: now,
                    version: 1,
                    customer_id: cid,
                    contract_id: None,
                    owner_id: owners.get(&cid).copied().flatten(),
                    amount_minor: row.amount_minor,
                    unapplied_minor: left,
                    refunded_minor: 0,
                    currency: row.currency.clone(),
                    received_on: row.received_on,
                    reference: row.reference.clone(),
                    payer_name: Some(row.payer_name.clone()),
                    source: "bank".into(),
                    idempotency_key: None,
                    request_hash: None,
                    bank_line_key: Some(row.line_key.clone()),
                    status: "posted".into(),
                    reversed_at: None,
                    reversal_reason: None,
                    created_by: Some(actor),
                });
                out.paid_in += 1;
            } else {
                out.unmatched += 1;
            }
            lines.push(bank_line::Model {
                tenant_id: self.tenant_id,
                id: closer_domain::ids::new_id(),
                created_at: now,
                job_id,
                row_number: row.row_number,
                received_on: row.received_on,
                payer_name: row.payer_name.clone(),
                amount_minor: row.amount_minor,
                currency: row.currency.clone(),
                reference: row.reference.clone(),
                line_key: row.line_key.clone(),
                status: if payment_id.is_some() {
                    "paid_in"
                } else {
                    "unmatched"
                }
                .into(),
                customer_id: row.customer_id,
                payment_id,
            });
        }
        for chunk in payments.chunks(400) {
            payment::Entity::insert_many(chunk.iter().map(|p| p.clone().into_active_model()))
                .exec_without_returning(&*txn)
                .await?;
        }
        insert_allocations(&*txn, &allocations).await?;
        for chunk in lines.chunks(500) {
            bank_line::Entity::insert_many(chunk.iter().map(|l| l.clone().into_active_model()))
                .exec_without_returning(&*txn)
                .await?;
        }
        let touched = &touched;
        let changed: Vec<&receivable::Model> = customers
            .iter()
            .filter_map(|c| open.get(c).map(|o| (c, o)))
            .flat_map(|(c, o)| o.list.iter().filter(move |r| touched.contains(&(*c, r.id))))
            .collect();
        update_receivables(&*txn, self.tenant_id, &changed, now, today).await?;
        let contracts: Vec<Uuid> = changed
            .iter()
            .filter(|r| r.outstanding_minor <= 0)
            .map(|r| r.contract_id)
            .collect();
        for (cid, amount) in credit {
            add_credit(&*txn, self.tenant_id, cid, amount).await?;
        }
        // Only contracts fully delivered can complete: ask for those first.
        for chunk in dedup(contracts).chunks(500) {
            let ready: Vec<Uuid> = contract::Entity::find()
                .select_only()
                .column(contract::Column::Id)
                .filter(contract::Column::TenantId.eq(self.tenant_id))
                .filter(contract::Column::Id.is_in(chunk.iter().copied()))
                .filter(contract::Column::Status.eq("active"))
                .filter(
                    Expr::col(contract::Column::DeliveredMinor)
                        .gte(Expr::col(contract::Column::AmountMinor)),
                )
                .into_tuple()
                .all(&*txn)
                .await?;
            for c in ready {
                complete_if_done(&*txn, self.tenant_id, Some(actor), c).await?;
            }
        }
        txn.commit().await?;
        cache.versions.extend(versions);
        Ok(out)
    }

    /// A page of statement rows waiting for a person (`status` = `unmatched`), or all.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn bank_lines(
        &self,
        status: Option<&str>,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<bank_line::Model>, StoreError> {
        let mut q =
            bank_line::Entity::find().filter(bank_line::Column::TenantId.eq(self.tenant_id));
        if let Some(s) = status {
            q = q.filter(bank_line::Column::Status.eq(s));
        }
        if let Some(c) = cursor {
            q = q.filter(bank_line::Column::Id.lt(c));
        }
        let rows = q
            .order_by_desc(bank_line::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |l| l.id))
    }

    /// A person matches a waiting row to a customer: it is paid in like any payment.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("bank_line_matched")`; as [`TenantStore::post_payment`].
    pub async fn match_bank_line(
        &self,
        actor: Uuid,
        id: Uuid,
        customer_id: Uuid,
        contract_id: Option<Uuid>,
        today: NaiveDate,
    ) -> Result<PaymentView, StoreError> {
        let line = bank_line::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        if line.status != "unmatched" {
            return Err(StoreError::Conflict("bank_line_matched"));
        }
        let (view, _) = self
            .post_payment(
                Some(actor),
                NewPayment {
                    customer_id,
                    contract_id,
                    amount_minor: line.amount_minor,
                    currency: line.currency.clone(),
                    received_on: line.received_on,
                    reference: line.reference.clone(),
                    payer_name: Some(line.payer_name.clone()),
                    source: "bank".into(),
                    bank_line_key: Some(line.line_key.clone()),
                    ..NewPayment::default()
                },
                today,
            )
            .await?;
        let txn = self.store.begin_write().await?;
        bank_line::Entity::update_many()
            .col_expr(bank_line::Column::Status, Expr::value("paid_in"))
            .col_expr(bank_line::Column::CustomerId, Expr::value(customer_id))
            .col_expr(bank_line::Column::PaymentId, Expr::value(view.payment.id))
            .filter(bank_line::Column::TenantId.eq(self.tenant_id))
            .filter(bank_line::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(view)
    }
}
