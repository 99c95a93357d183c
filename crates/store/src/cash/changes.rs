//! Changes of business on a contract (a fee waived) that move its receivables and its
//! amount, and refunds: money collected above what is now owed — or a customer's credit —
//! given back after approval. A refund holds its money on the payments it came from until it
//! is paid, or released to the customer's credit when it is turned down.

use chrono::NaiveDate;
use closer_domain::{
    approvals::{Decision, Subject},
    cash::{cut, give_back, terminated_allows, write_off_reversed, CutError},
    contracts::ContractStatus,
    money::{Currency, Money},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    ledger::{
        add_credit, allocation, complete_if_done, insert_allocations, lock_account, save_receivable,
    },
    plans::change_row,
};
use crate::{
    entity::{
        approval, contract, contract_change, payment, payment_allocation, receivable, refund,
    },
    platform::{
        approvals::{self as engine, Finished, Submission},
        page::Page,
        write,
    },
    StoreError, TenantStore,
};

/// The record type refunds have in the approval engine.
pub const REFUND: &str = "refund";

/// Money a refund takes from one payment.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct RefundPart {
    pub payment_id: Uuid,
    pub amount_minor: i64,
}

/// One receivable's figures in a change.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChangedReceivable {
    pub receivable_id: Uuid,
    pub amount_before: i64,
    pub amount_after: i64,
}

/// Which refunds a list shows.
#[derive(Debug, Clone, Default)]
pub struct RefundFilter {
    pub owners: Option<Vec<Uuid>>,
    pub customer_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    pub status: Option<String>,
}

fn invalid(field: impl Into<String>, code: &'static str) -> StoreError {
    StoreError::Invalid {
        field: field.into(),
        code,
    }
}

fn link(r: &refund::Model) -> String {
    match r.contract_id {
        Some(c) => format!("/contracts/{c}?tab=cash"),
        None => format!("/customers/{}", r.customer_id),
    }
}

/// Raises a refund of the parts held and sends it for approval (approved at once when no
/// refund flow applies).
#[allow(clippy::too_many_arguments)]
async fn raise<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Uuid,
    customer_id: Uuid,
    owner_id: Option<Uuid>,
    contract: Option<&contract::Model>,
    change_id: Option<Uuid>,
    parts: &[RefundPart],
    currency: &str,
    reason: String,
    today: NaiveDate,
) -> Result<refund::Model, StoreError> {
    let amount: i64 = parts.iter().map(|p| p.amount_minor).sum();
    let now = crate::now();
    let mut r = refund::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        created_at: now,
        updated_at: now,
        version: 1,
        customer_id,
        contract_id: contract.map(|c| c.id),
        change_id,
        owner_id,
        amount_minor: amount,
        currency: currency.into(),
        reason,
        status: "in_approval".into(),
        approval_id: None,
        parts: serde_json::to_value(parts).unwrap_or_default(),
        paid_on: None,
        created_by: Some(actor),
    };
    let submission = Submission {
        record_type: REFUND,
        record_id: r.id,
        record_revision: 1,
        title: match contract {
            Some(c) => format!(
                "{} {}",
                c.number,
                Money::from_minor(amount, Currency::parse(currency).unwrap_or(Currency::Cny))
                    .for_people()
            ),
            None => Money::from_minor(amount, Currency::parse(currency).unwrap_or(Currency::Cny))
                .for_people(),
        },
        submitted_by: actor,
        subject: Subject {
            amount: Money::from_minor(amount, Currency::parse(currency).unwrap_or(Currency::Cny)),
            max_discount_bp: 0,
            product_lines: Vec::new(),
            departments: Vec::new(),
        },
        link: link(&r),
    };
    let started = engine::start(conn, tenant_id, &submission, today).await?;
    match started {
        Some(a) => r.approval_id = Some(a.id),
        None => r.status = "approved".into(),
    }
    write::insert::<refund::Entity, _>(conn, tenant_id, Some(actor), r).await
}

/// Releases a refund's held money back to the customer's credit.
async fn release<C: ConnectionTrait>(conn: &C, r: &refund::Model) -> Result<(), StoreError> {
    let parts: Vec<RefundPart> = serde_json::from_value(r.parts.clone()).unwrap_or_default();
    for part in &parts {
        if let Some(mut p) = payment::Entity::find_by_id((r.tenant_id, part.payment_id))
            .one(conn)
            .await?
        {
            p.refunded_minor -= part.amount_minor;
            p.unapplied_minor += part.amount_minor;
            p.version += 1;
            p.updated_at = crate::now();
            p.into_active_model().reset_all().update(conn).await?;
        }
    }
    add_credit(conn, r.tenant_id, r.customer_id, r.amount_minor).await
}

/// What an approval's end does to its refund.
pub(crate) async fn refund_outcome<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Uuid,
    a: &approval::Model,
    finished: Finished,
) -> Result<refund::Model, StoreError> {
    let before = refund::Entity::find_by_id((tenant_id, a.record_id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if finished == Finished::No || before.status != "in_approval" {
        return Ok(before);
    }
    lock_account(conn, tenant_id, before.customer_id).await?;
    let mut after = before.clone();
    after.status = match finished {
        Finished::Approved => "approved",
        Finished::Rejected => "rejected",
        _ => "cancelled",
    }
    .into();
    if after.status != "approved" {
        release(conn, &before).await?;
    }
    write::update::<refund::Entity, _>(
        conn,
        tenant_id,
        Some(actor),
        &after.status.clone(),
        &before,
        after,
    )
    .await
}

impl TenantStore {
    /// Changes receivables of an active contract (a fee waived), or lowers those of a
    /// terminated one (its open balance waived): the same receivables get
    /// their new amounts, the contract's amount follows, and money already collected above
    /// a new amount is taken off its allocations (latest payment first) and held for a
    /// refund, which goes for approval.
    ///
    /// # Errors
    /// `Conflict("contract_not_active")`, `Conflict("amendment_pending")`; `Invalid` on
    /// `receivables[i].receivable_id`
    /// (`unknown_reference`, `duplicate`, `not_in_plan`), `receivables` (`unchanged`: no
    /// amount moves) or `receivables[i].new_amount`
    /// (`negative`, `below_invoiced`, `raised_after_termination`).
    pub async fn change_contract(
        &self,
        actor: Uuid,
        contract_id: Uuid,
        reason: String,
        cuts: &[(Uuid, i64)],
        today: NaiveDate,
    ) -> Result<(contract_change::Model, Option<refund::Model>), StoreError> {
        let txn = self.store.begin_write().await?;
        let before = contract::Entity::find_by_id((self.tenant_id, contract_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        // A terminated contract's open balance may still be waived (lowered, never raised).
        let terminated = before.status == ContractStatus::Terminated.key();
        if before.status != ContractStatus::Active.key() && !terminated {
            return Err(StoreError::Conflict("contract_not_active"));
        }
        // One change of the amount at a time: the amendment's approval would set it back.
        if before.pending_revision.is_some() {
            return Err(StoreError::Conflict("amendment_pending"));
        }
        lock_account(&*txn, self.tenant_id, before.customer_id).await?;
        let change_id = closer_domain::ids::new_id();
        let mut changed = Vec::new();
        let mut parts: Vec<RefundPart> = Vec::new();
        let mut history = Vec::new();
        let mut back = Vec::new();
        let mut delta = 0i64;
        for (i, (rid, new_amount)) in cuts.iter().enumerate() {
            let field = format!("receivables[{i}].receivable_id");
            if cuts[..i].iter().any(|(other, _)| other == rid) {
                return Err(invalid(field, "duplicate"));
            }
            let mut r = receivable::Entity::find_by_id((self.tenant_id, *rid))
                .one(&*txn)
                .await?
                .filter(|r| r.contract_id == contract_id)
                .ok_or_else(|| invalid(field.clone(), "unknown_reference"))?;
            if !r.in_plan {
                return Err(invalid(field, "not_in_plan"));
            }
            let amount_field = format!("receivables[{i}].new_amount");
            if terminated && !terminated_allows(r.amount_minor, *new_amount) {
                return Err(invalid(amount_field, "raised_after_termination"));
            }
            let c = cut(*new_amount, r.paid_minor, r.invoiced_minor).map_err(|e| match e {
                CutError::Negative => invalid(amount_field.clone(), "negative"),
                CutError::BelowInvoiced => invalid(amount_field.clone(), "below_invoiced"),
            })?;
            let amount_before = r.amount_minor;
            if c.refund > 0 {
                // Net held per payment on this receivable, oldest payment first.
                let rows: Vec<payment_allocation::Model> = payment_allocation::Entity::find()
                    .filter(payment_allocation::Column::TenantId.eq(self.tenant_id))
                    .filter(payment_allocation::Column::ReceivableId.eq(r.id))
                    .filter(payment_allocation::Column::Kind.ne("write_off"))
                    .order_by_asc(payment_allocation::Column::CreatedAt)
                    .all(&*txn)
                    .await?;
                let mut held: Vec<(Uuid, i64)> = Vec::new();
                for a in rows {
                    let Some(p) = a.payment_id else { continue };
                    match held.iter_mut().find(|h| h.0 == p) {
                        Some(h) => h.1 += a.amount_minor,
                        None => held.push((p, a.amount_minor)),
                    }
                }
                let amounts: Vec<i64> = held.iter().map(|h| h.1).collect();
                for (k, take) in give_back(c.refund, &amounts) {
                    let pid = held[k].0;
                    back.push(allocation(
                        self.tenant_id,
                        Some(pid),
                        &r,
                        "refund",
                        -take,
                        today,
                        Some(actor),
                    ));
                    match parts.iter_mut().find(|p| p.payment_id == pid) {
                        Some(p) => p.amount_minor += take,
                        None => parts.push(RefundPart {
                            payment_id: pid,
                            amount_minor: take,
                        }),
                    }
                }
                r.paid_minor -= c.refund;
            }
            // A leftover written off before no longer stands once the amount moves.
            let reversed = write_off_reversed(r.written_off_minor, amount_before, c.new_amount);
            if reversed != 0 {
                back.push(allocation(
                    self.tenant_id,
                    None,
                    &r,
                    "write_off",
                    -reversed,
                    today,
                    Some(actor),
                ));
                r.written_off_minor -= reversed;
            }
            r.amount_minor = c.new_amount;
            delta += c.new_amount - amount_before;
            let r = save_receivable(&*txn, r, today).await?;
            history.push(change_row(
                &r,
                "changed",
                Some(amount_before),
                Some(r.due_on),
                Some(reason.clone()),
                Some(change_id),
                actor,
            ));
            changed.push(ChangedReceivable {
                receivable_id: r.id,
                amount_before,
                amount_after: c.new_amount,
            });
        }
        // A change that moves no amount (and no write-off) would be a record of nothing.
        if back.is_empty() && changed.iter().all(|c| c.amount_before == c.amount_after) {
            return Err(invalid("receivables", "unchanged"));
        }
        insert_allocations(&*txn, &back).await?;
        for part in &parts {
            let mut p = payment::Entity::find_by_id((self.tenant_id, part.payment_id))
                .one(&*txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            p.refunded_minor += part.amount_minor;
            p.version += 1;
            p.updated_at = crate::now();
            p.into_active_model().reset_all().update(&*txn).await?;
        }
        let refund = if parts.is_empty() {
            None
        } else {
            Some(
                raise(
                    &*txn,
                    self.tenant_id,
                    actor,
                    before.customer_id,
                    before.owner_id,
                    Some(&before),
                    Some(change_id),
                    &parts,
                    &before.currency,
                    reason.clone(),
                    today,
                )
                .await?,
            )
        };
        let mut after = before.clone();
        after.amount_minor += delta;
        write::update::<contract::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "changed",
            &before,
            after,
        )
        .await?;
        let change = contract_change::Model {
            tenant_id: self.tenant_id,
            id: change_id,
            created_at: crate::now(),
            contract_id,
            reason,
            amount_before: before.amount_minor,
            amount_after: before.amount_minor + delta,
            refund_minor: parts.iter().map(|p| p.amount_minor).sum(),
            refund_id: refund.as_ref().map(|r| r.id),
            receivables: serde_json::to_value(&changed).unwrap_or_default(),
            created_by: Some(actor),
        };
        change.clone().into_active_model().insert(&*txn).await?;
        for h in history {
            h.into_active_model().insert(&*txn).await?;
        }
        complete_if_done(&*txn, self.tenant_id, Some(actor), contract_id).await?;
        txn.commit().await?;
        Ok((change, refund))
    }

    /// A contract's changes, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn contract_changes(
        &self,
        contract_id: Uuid,
    ) -> Result<Vec<contract_change::Model>, StoreError> {
        Ok(contract_change::Entity::find()
            .filter(contract_change::Column::TenantId.eq(self.tenant_id))
            .filter(contract_change::Column::ContractId.eq(contract_id))
            .order_by_asc(contract_change::Column::CreatedAt)
            .all(self.db())
            .await?)
    }

    /// Gives back part of a customer's credit: taken from the payments holding it (oldest
    /// first) and sent for approval.
    ///
    /// # Errors
    /// `Invalid` on `amount` (`not_positive`, `more_than_credit`), `customer_id`.
    pub async fn request_refund(
        &self,
        actor: Uuid,
        customer_id: Uuid,
        amount: i64,
        reason: String,
        today: NaiveDate,
    ) -> Result<refund::Model, StoreError> {
        if amount <= 0 {
            return Err(invalid("amount", "not_positive"));
        }
        let txn = self.store.begin_write().await?;
        let account = lock_account(&*txn, self.tenant_id, customer_id).await?;
        if account.credit_minor < amount {
            return Err(invalid("amount", "more_than_credit"));
        }
        let holding = payment::Entity::find()
            .filter(payment::Column::TenantId.eq(self.tenant_id))
            .filter(payment::Column::CustomerId.eq(customer_id))
            .filter(payment::Column::UnappliedMinor.gt(0))
            .filter(payment::Column::Status.eq("posted"))
            .order_by_asc(payment::Column::ReceivedOn)
            .order_by_asc(payment::Column::Id)
            .all(&*txn)
            .await?;
        let mut left = amount;
        let mut parts = Vec::new();
        let mut currency = String::new();
        for mut p in holding {
            if left == 0 {
                break;
            }
            let take = left.min(p.unapplied_minor);
            left -= take;
            parts.push(RefundPart {
                payment_id: p.id,
                amount_minor: take,
            });
            currency.clone_from(&p.currency);
            p.unapplied_minor -= take;
            p.refunded_minor += take;
            p.version += 1;
            p.updated_at = crate::now();
            p.into_active_model().reset_all().update(&*txn).await?;
        }
        if left > 0 {
            return Err(invalid("amount", "more_than_credit"));
        }
        add_credit(&*txn, self.tenant_id, customer_id, -amount).await?;
        let owner = crate::entity::customer::Entity::find_by_id((self.tenant_id, customer_id))
            .one(&*txn)
            .await?
            .and_then(|c| c.owner_id);
        let r = raise(
            &*txn,
            self.tenant_id,
            actor,
            customer_id,
            owner,
            None,
            None,
            &parts,
            &currency,
            reason,
            today,
        )
        .await?;
        txn.commit().await?;
        Ok(r)
    }

    /// Records an approved refund as paid out.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("refund_paid")` once paid; `Conflict("refund_not_approved")`;
    /// `StaleVersion`.
    pub async fn pay_refund(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        paid_on: NaiveDate,
    ) -> Result<refund::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = refund::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        if before.status == "paid" {
            return Err(StoreError::Conflict("refund_paid"));
        }
        if before.status != "approved" {
            return Err(StoreError::Conflict("refund_not_approved"));
        }
        let mut after = before.clone();
        after.status = "paid".into();
        after.paid_on = Some(paid_on);
        let saved = write::update::<refund::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "paid",
            &before,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(saved)
    }

    /// Decides a refund's approval and applies the outcome in the same write.
    ///
    /// # Errors
    /// As the engine's decision.
    pub async fn decide_refund_approval(
        &self,
        actor: Uuid,
        approval_id: Uuid,
        decision: Decision,
        comment: Option<String>,
        today: NaiveDate,
    ) -> Result<(approval::Model, refund::Model, Finished), StoreError> {
        let a = self.approval_record(approval_id).await?;
        let r = self.refund(a.record_id).await?;
        self.decide_with(
            actor,
            approval_id,
            decision,
            comment,
            today,
            &link(&r),
            |txn, tenant_id, actor, a, finished| {
                Box::pin(refund_outcome(txn, tenant_id, actor, a, finished))
            },
        )
        .await
    }

    /// The submitter recalls a refund's approval: the refund is cancelled, its money the
    /// customer's credit again.
    ///
    /// # Errors
    /// As the engine's recall.
    pub async fn recall_refund_approval(
        &self,
        actor: Uuid,
        approval_id: Uuid,
    ) -> Result<(approval::Model, refund::Model), StoreError> {
        self.recall_with(actor, approval_id, |txn, tenant_id, actor, a, finished| {
            Box::pin(refund_outcome(txn, tenant_id, actor, a, finished))
        })
        .await
    }

    /// # Errors
    /// `NotFound`.
    pub async fn refund(&self, id: Uuid) -> Result<refund::Model, StoreError> {
        refund::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A page of refunds, newest first.
    ///
    /// # Errors
    /// When the database fails.
    fn refunds_matching(&self, f: &RefundFilter) -> sea_orm::Select<refund::Entity> {
        refund::Entity::find()
            .filter(refund::Column::TenantId.eq(self.tenant_id))
            .apply_if(f.owners.clone(), |s, o| {
                s.filter(refund::Column::OwnerId.is_in(o))
            })
            .apply_if(f.customer_id, |s, c| {
                s.filter(refund::Column::CustomerId.eq(c))
            })
            .apply_if(f.contract_id, |s, c| {
                s.filter(refund::Column::ContractId.eq(c))
            })
            .apply_if(f.status.clone(), |s, st| {
                s.filter(refund::Column::Status.eq(st))
            })
    }

    /// How many refunds match.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_refunds(&self, f: &RefundFilter) -> Result<u64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(self.refunds_matching(f).count(self.db()).await?)
    }

    pub async fn refunds(
        &self,
        f: &RefundFilter,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<refund::Model>, StoreError> {
        let rows = self
            .refunds_matching(f)
            .apply_if(cursor, |s, c| s.filter(refund::Column::Id.lt(c)))
            .order_by_desc(refund::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        Ok(Page::from_rows(rows, limit, |r| r.id))
    }
}
