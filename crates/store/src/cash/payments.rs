//! Payments: received money written off against a customer's receivables (earliest due
//! first unless named), the rest kept as the customer's credit; posted once per
//! idempotency key or bank row; reversed, never deleted.

use std::collections::HashMap;

use chrono::NaiveDate;
use closer_domain::cash::{check_named, write_off, AllocationError};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::ledger::{
    add_credit, allocation, apply, as_open, complete_if_done, insert_allocations, lock_account,
    open_receivables, save_receivable, settings,
};
use crate::{
    entity::{contract, customer, payment, payment_allocation, receivable},
    platform::page::{anchor_of, keyset, Cursor, Page, Sort},
    StoreError, TenantStore,
};

fn invalid(field: impl Into<String>, code: &'static str) -> StoreError {
    StoreError::Invalid {
        field: field.into(),
        code,
    }
}

/// A payment to post.
#[derive(Debug, Clone, Default)]
pub struct NewPayment {
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub amount_minor: i64,
    pub currency: String,
    pub received_on: NaiveDate,
    pub reference: Option<String>,
    pub payer_name: Option<String>,
    /// `manual`, `api` or `bank`.
    pub source: String,
    pub idempotency_key: Option<String>,
    /// A digest of the request, to tell a retry from a different request reusing a key.
    pub request_hash: Option<String>,
    pub bank_line_key: Option<String>,
    /// Receivables named by the user, with amounts; `None`: earliest due first.
    pub allocations: Option<Vec<(Uuid, i64)>>,
}

/// A payment with its net allocation per receivable (write-offs of leftovers apart).
#[derive(Debug, Clone)]
pub struct PaymentView {
    pub payment: payment::Model,
    pub allocations: Vec<(Uuid, i64)>,
    pub written_off: Vec<(Uuid, i64)>,
}

/// Which payments a list shows.
#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    pub owners: Option<Vec<Uuid>>,
    pub customer_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    pub status: Option<String>,
    /// Part of the reference, the payer's name (as the bank wrote it) or the customer's name.
    pub q: Option<String>,
    /// The list's order (newest first by default).
    pub sort: Sort<PaymentSort>,
}

/// What a payment list is sorted by, besides creation (`?sort=amount`, `-received_on` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentSort {
    /// The `created_at` each carries (an imported record keeps its true date).
    CreatedAt,
    Amount,
    ReceivedOn,
}

impl PaymentSort {
    /// The API's names for them.
    pub const FIELDS: [(&'static str, Self); 3] = [
        ("created_at", Self::CreatedAt),
        ("amount", Self::Amount),
        ("received_on", Self::ReceivedOn),
    ];

    fn column(self) -> payment::Column {
        match self {
            Self::CreatedAt => payment::Column::CreatedAt,
            Self::Amount => payment::Column::AmountMinor,
            Self::ReceivedOn => payment::Column::ReceivedOn,
        }
    }
}

impl PaymentFilter {
    fn condition(&self, tenant_id: Uuid) -> sea_orm::Condition {
        use crate::platform::dialect::contains_text;
        let mut c = sea_orm::Condition::all().add(payment::Column::TenantId.eq(tenant_id));
        if let Some(owners) = &self.owners {
            c = c.add(payment::Column::OwnerId.is_in(owners.clone()));
        }
        if let Some(customer) = self.customer_id {
            c = c.add(payment::Column::CustomerId.eq(customer));
        }
        if let Some(contract) = self.contract_id {
            c = c.add(payment::Column::ContractId.eq(contract));
        }
        if let Some(status) = &self.status {
            c = c.add(payment::Column::Status.eq(status.clone()));
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            c = c.add(
                sea_orm::Condition::any()
                    .add(contains_text(payment::Column::Reference, q))
                    .add(contains_text(payment::Column::PayerName, q))
                    .add(
                        payment::Column::CustomerId
                            .in_subquery(crate::customers::records::ids_named(tenant_id, q)),
                    ),
            );
        }
        c
    }
}

fn net(rows: &[payment_allocation::Model], write_offs: bool) -> Vec<(Uuid, i64)> {
    let mut order = Vec::new();
    let mut sums: HashMap<Uuid, i64> = HashMap::new();
    for a in rows
        .iter()
        .filter(|a| (a.kind == "write_off") == write_offs)
    {
        if !sums.contains_key(&a.receivable_id) {
            order.push(a.receivable_id);
        }
        *sums.entry(a.receivable_id).or_default() += a.amount_minor;
    }
    order
        .into_iter()
        .filter_map(|r| sums.get(&r).filter(|s| **s != 0).map(|s| (r, *s)))
        .collect()
}

pub(crate) async fn allocations_of<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    payment_ids: &[Uuid],
) -> Result<Vec<payment_allocation::Model>, StoreError> {
    if payment_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(payment_allocation::Entity::find()
        .filter(payment_allocation::Column::TenantId.eq(tenant_id))
        .filter(payment_allocation::Column::PaymentId.is_in(payment_ids.iter().copied()))
        .order_by_asc(payment_allocation::Column::CreatedAt)
        .order_by_asc(payment_allocation::Column::Id)
        .all(conn)
        .await?)
}

pub(crate) async fn view_of<C: ConnectionTrait>(
    conn: &C,
    p: payment::Model,
) -> Result<PaymentView, StoreError> {
    let rows = allocations_of(conn, p.tenant_id, &[p.id]).await?;
    Ok(PaymentView {
        allocations: net(&rows, false),
        written_off: net(&rows, true),
        payment: p,
    })
}

/// Picks the receivables money goes to: the named ones (checked), or the open ones of the
/// contract (else the customer) earliest due first. Returns the parts and what is left.
pub(crate) async fn choose<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customer_id: Uuid,
    contract_id: Option<Uuid>,
    amount: i64,
    named: Option<&[(Uuid, i64)]>,
) -> Result<(Vec<(receivable::Model, i64)>, i64), StoreError> {
    match named {
        None => {
            let open = open_receivables(conn, tenant_id, customer_id, contract_id).await?;
            let (parts, left) = write_off(amount, &as_open(&open));
            Ok((
                parts
                    .into_iter()
                    .map(|(i, a)| (open[i].clone(), a))
                    .collect(),
                left,
            ))
        }
        Some(named) => {
            let mut chosen: Vec<receivable::Model> = Vec::with_capacity(named.len());
            for (i, (id, _)) in named.iter().enumerate() {
                let field = format!("allocations[{i}].receivable_id");
                if named[..i].iter().any(|(other, _)| other == id) {
                    return Err(invalid(field, "duplicate"));
                }
                let r = receivable::Entity::find_by_id((tenant_id, *id))
                    .one(conn)
                    .await?
                    .filter(|r| {
                        r.customer_id == customer_id
                            && contract_id.is_none_or(|c| c == r.contract_id)
                    })
                    .ok_or_else(|| invalid(field.clone(), "unknown_reference"))?;
                if !r.in_plan {
                    return Err(invalid(field, "not_in_plan"));
                }
                if !r.owed {
                    return Err(invalid(field, "not_owed"));
                }
                if r.amount_minor == 0 {
                    return Err(invalid(field, "waived"));
                }
                chosen.push(r);
            }
            let amounts: Vec<i64> = named.iter().map(|n| n.1).collect();
            let left = check_named(amount, &amounts, |i| chosen[i].outstanding_minor).map_err(
                |e| match e {
                    AllocationError::NotPositive(i) => {
                        invalid(format!("allocations[{i}].amount"), "not_positive")
                    }
                    AllocationError::MoreThanOwed(i) => {
                        invalid(format!("allocations[{i}].amount"), "more_than_owed")
                    }
                    AllocationError::MoreThanPaid => invalid("allocations", "more_than_paid"),
                },
            )?;
            Ok((chosen.into_iter().zip(amounts).collect(), left))
        }
    }
}

impl TenantStore {
    /// Posts a payment and writes it off. A second post with the same idempotency key (or
    /// bank row) answers the first payment, `true` meaning replayed.
    ///
    /// # Errors
    /// `Invalid` on `customer_id`, `contract_id`, `amount`, `allocations[i]…`,
    /// `Idempotency-Key` (`idempotency_key_reused`: another request used it).
    pub async fn post_payment(
        &self,
        actor: Option<Uuid>,
        new: NewPayment,
        today: NaiveDate,
    ) -> Result<(PaymentView, bool), StoreError> {
        for _ in 0..3 {
            if let Some(found) = self.replay(&new).await? {
                return Ok((found, true));
            }
            match self.post_once(actor, &new, today).await {
                Err(StoreError::Conflict("already_exists")) => continue,
                other => return other.map(|v| (v, false)),
            }
        }
        Err(StoreError::Conflict("write_conflict"))
    }

    async fn replay(&self, new: &NewPayment) -> Result<Option<PaymentView>, StoreError> {
        let found = match (&new.idempotency_key, &new.bank_line_key) {
            (Some(k), _) => {
                payment::Entity::find()
                    .filter(payment::Column::TenantId.eq(self.tenant_id))
                    .filter(payment::Column::IdempotencyKey.eq(k.clone()))
                    .one(self.db())
                    .await?
            }
            (None, Some(k)) => {
                payment::Entity::find()
                    .filter(payment::Column::TenantId.eq(self.tenant_id))
                    .filter(payment::Column::BankLineKey.eq(k.clone()))
                    .one(self.db())
                    .await?
            }
            (None, None) => None,
        };
        let Some(p) = found else { return Ok(None) };
        if new.idempotency_key.is_some() && p.request_hash != new.request_hash {
            return Err(invalid("Idempotency-Key", "idempotency_key_reused"));
        }
        Ok(Some(view_of(self.db(), p).await?))
    }

    async fn post_once(
        &self,
        actor: Option<Uuid>,
        new: &NewPayment,
        today: NaiveDate,
    ) -> Result<PaymentView, StoreError> {
        if new.amount_minor <= 0 {
            return Err(invalid("amount", "not_positive"));
        }
        let txn = self.store.begin_write().await?;
        let cust = customer::Entity::find_by_id((self.tenant_id, new.customer_id))
            .one(&*txn)
            .await?
            .ok_or_else(|| invalid("customer_id", "unknown_reference"))?;
        let mut owner = cust.owner_id;
        if let Some(cid) = new.contract_id {
            let c = contract::Entity::find_by_id((self.tenant_id, cid))
                .one(&*txn)
                .await?
                .ok_or_else(|| invalid("contract_id", "unknown_reference"))?;
            if c.customer_id != cust.id {
                return Err(invalid("contract_id", "not_of_customer"));
            }
            owner = c.owner_id.or(owner);
        }
        lock_account(&*txn, self.tenant_id, cust.id).await?;
        let (parts, left) = choose(
            &*txn,
            self.tenant_id,
            cust.id,
            new.contract_id,
            new.amount_minor,
            new.allocations.as_deref(),
        )
        .await?;
        // Money written off against one contract's receivables only is that contract's
        // payment, named or not: its collection credit follows the contract's owner and the
        // deal's splits, and moves when the contract does. Money spread over several
        // contracts stays the customer's owner's.
        let mut contract_id = new.contract_id;
        if contract_id.is_none() {
            if let Some(((first, _), rest)) = parts.split_first() {
                if rest.iter().all(|(r, _)| r.contract_id == first.contract_id) {
                    let c = contract::Entity::find_by_id((self.tenant_id, first.contract_id))
                        .one(&*txn)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    contract_id = Some(c.id);
                    owner = c.owner_id.or(owner);
                }
            }
        }
        let now = crate::now();
        let p = payment::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            created_at: now,
            updated_at: now,
            version: 1,
            customer_id: cust.id,
            contract_id,
            owner_id: owner,
            amount_minor: new.amount_minor,
            unapplied_minor: left,
            refunded_minor: 0,
            currency: new.currency.clone(),
            received_on: new.received_on,
            reference: new.reference.clone(),
            payer_name: new.payer_name.clone(),
            source: new.source.clone(),
            idempotency_key: new.idempotency_key.clone(),
            request_hash: new.request_hash.clone(),
            bank_line_key: new.bank_line_key.clone(),
            status: "posted".into(),
            reversed_at: None,
            reversal_reason: None,
            created_by: actor,
        };
        p.clone().into_active_model().insert(&*txn).await?;
        let tolerance = settings(&*txn, self.tenant_id)
            .await?
            .write_off_tolerance_minor;
        let contracts: Vec<Uuid> = parts.iter().map(|(r, _)| r.contract_id).collect();
        let rows = apply(
            &*txn,
            self.tenant_id,
            actor,
            p.id,
            p.received_on,
            "payment",
            parts,
            tolerance,
            today,
        )
        .await?;
        add_credit(&*txn, self.tenant_id, cust.id, left).await?;
        for c in dedup(contracts) {
            complete_if_done(&*txn, self.tenant_id, actor, c).await?;
        }
        txn.commit().await?;
        Ok(PaymentView {
            allocations: net(&rows, false),
            written_off: net(&rows, true),
            payment: p,
        })
    }

    /// Uses a payment's unapplied money (the customer's credit) on open receivables: the
    /// named ones, or earliest due first.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("payment_reversed")`; `Invalid` as for posting.
    pub async fn apply_payment_credit(
        &self,
        actor: Uuid,
        payment_id: Uuid,
        named: Option<Vec<(Uuid, i64)>>,
        today: NaiveDate,
    ) -> Result<PaymentView, StoreError> {
        let txn = self.store.begin_write().await?;
        let found = payment::Entity::find_by_id((self.tenant_id, payment_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        lock_account(&*txn, self.tenant_id, found.customer_id).await?;
        let mut p = payment::Entity::find_by_id((self.tenant_id, payment_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if p.status != "posted" {
            return Err(StoreError::Conflict("payment_reversed"));
        }
        let (parts, left) = choose(
            &*txn,
            self.tenant_id,
            p.customer_id,
            None,
            p.unapplied_minor,
            named.as_deref(),
        )
        .await?;
        let used = p.unapplied_minor - left;
        let tolerance = settings(&*txn, self.tenant_id)
            .await?
            .write_off_tolerance_minor;
        let contracts: Vec<Uuid> = parts.iter().map(|(r, _)| r.contract_id).collect();
        apply(
            &*txn,
            self.tenant_id,
            Some(actor),
            p.id,
            today,
            "credit",
            parts,
            tolerance,
            today,
        )
        .await?;
        add_credit(&*txn, self.tenant_id, p.customer_id, -used).await?;
        p.unapplied_minor = left;
        p.version += 1;
        p.updated_at = crate::now();
        p.clone()
            .into_active_model()
            .reset_all()
            .update(&*txn)
            .await?;
        for c in dedup(contracts) {
            complete_if_done(&*txn, self.tenant_id, Some(actor), c).await?;
        }
        let v = view_of(&*txn, p).await?;
        txn.commit().await?;
        Ok(v)
    }

    /// Reverses a payment: every allocation undone by a row of its own, the receivables
    /// owing again, its credit gone. The payment stays, marked reversed.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("payment_reversed")`, `Conflict("payment_refunded")` when part
    /// of it is held for or paid in a refund; `StaleVersion`.
    pub async fn reverse_payment(
        &self,
        actor: Uuid,
        payment_id: Uuid,
        expected: Option<i32>,
        reason: String,
        today: NaiveDate,
    ) -> Result<PaymentView, StoreError> {
        let txn = self.store.begin_write().await?;
        let found = payment::Entity::find_by_id((self.tenant_id, payment_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        lock_account(&*txn, self.tenant_id, found.customer_id).await?;
        let before = payment::Entity::find_by_id((self.tenant_id, payment_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        crate::platform::write::check_version(expected, before.version)?;
        if before.status != "posted" {
            return Err(StoreError::Conflict("payment_reversed"));
        }
        if before.refunded_minor > 0 {
            return Err(StoreError::Conflict("payment_refunded"));
        }
        let rows = allocations_of(&*txn, self.tenant_id, &[payment_id]).await?;
        let mut back = Vec::new();
        let mut held: Vec<(Uuid, i64, i64)> = Vec::new();
        for (rid, amount) in net(&rows, false) {
            held.push((rid, amount, 0));
        }
        for (rid, amount) in net(&rows, true) {
            match held.iter_mut().find(|h| h.0 == rid) {
                Some(h) => h.2 = amount,
                None => held.push((rid, 0, amount)),
            }
        }
        let mut reopened = Vec::new();
        for (rid, paid, written_off) in held {
            let mut r = receivable::Entity::find_by_id((self.tenant_id, rid))
                .one(&*txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if paid != 0 {
                back.push(allocation(
                    self.tenant_id,
                    Some(payment_id),
                    &r,
                    "reversal",
                    -paid,
                    before.received_on,
                    Some(actor),
                ));
            }
            if written_off != 0 {
                back.push(allocation(
                    self.tenant_id,
                    Some(payment_id),
                    &r,
                    "write_off",
                    -written_off,
                    before.received_on,
                    Some(actor),
                ));
            }
            r.paid_minor -= paid;
            r.written_off_minor -= written_off;
            reopened.push(r.contract_id);
            save_receivable(&*txn, r, today).await?;
        }
        insert_allocations(&*txn, &back).await?;
        for c in dedup(reopened) {
            crate::contracts::completion::reopen_if_owing(&*txn, self.tenant_id, Some(actor), c)
                .await?;
        }
        add_credit(
            &*txn,
            self.tenant_id,
            before.customer_id,
            -before.unapplied_minor,
        )
        .await?;
        let mut after = before.clone();
        after.status = "reversed".into();
        after.unapplied_minor = 0;
        after.reversed_at = Some(crate::now());
        after.reversal_reason = Some(reason);
        let saved = crate::platform::write::update::<payment::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "reversed",
            &before,
            after,
        )
        .await?;
        let v = view_of(&*txn, saved).await?;
        txn.commit().await?;
        Ok(v)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn payment(&self, id: Uuid) -> Result<PaymentView, StoreError> {
        let p = payment::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        view_of(self.db(), p).await
    }

    /// A page of payments, newest first, each with its allocations.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn payments(
        &self,
        f: &PaymentFilter,
        cursor: Option<Cursor>,
        limit: u64,
    ) -> Result<Page<PaymentView>, StoreError> {
        let column = f.sort.by.map(PaymentSort::column);
        let list = payment::Entity::find().filter(f.condition(self.tenant_id));
        let Some(anchor) = anchor_of(self.db(), &list, payment::Column::Id, column, cursor).await?
        else {
            return Ok(Page::empty());
        };
        let rows = keyset(list, column, payment::Column::Id, f.sort.descending, anchor)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        let page = Page::from_sorted_rows(rows, limit, |p| p.id, column);
        let ids: Vec<Uuid> = page.items.iter().map(|p| p.id).collect();
        let all = allocations_of(self.db(), self.tenant_id, &ids).await?;
        Ok(page.map(|p| {
            let rows: Vec<payment_allocation::Model> = all
                .iter()
                .filter(|a| a.payment_id == Some(p.id))
                .cloned()
                .collect();
            PaymentView {
                allocations: net(&rows, false),
                written_off: net(&rows, true),
                payment: p,
            }
        }))
    }

    /// How many payments match the filter, over all the list's pages.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_payments(&self, f: &PaymentFilter) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(payment::Entity::find()
            .filter(f.condition(self.tenant_id))
            .count(self.db())
            .await?)
    }

    /// Allocations written against a contract's receivables (for its cash tab), oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contract_allocations(
        &self,
        contract_id: Uuid,
    ) -> Result<Vec<payment_allocation::Model>, StoreError> {
        Ok(payment_allocation::Entity::find()
            .filter(payment_allocation::Column::TenantId.eq(self.tenant_id))
            .filter(payment_allocation::Column::ContractId.eq(contract_id))
            .order_by_asc(payment_allocation::Column::CreatedAt)
            .all(self.db())
            .await?)
    }

    /// A customer's credit: money received and not yet used.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customer_credit(&self, customer_id: Uuid) -> Result<i64, StoreError> {
        Ok(
            crate::entity::cash_account::Entity::find_by_id((self.tenant_id, customer_id))
                .one(self.db())
                .await?
                .map_or(0, |a| a.credit_minor),
        )
    }
}

pub(crate) fn dedup(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort_unstable();
    ids.dedup();
    ids
}
