//! Payment plans: a contract's amount split into receivables by amount or ratio — as a
//! whole, or order by order (each order's amount split on its own; a contract is planned one
//! way or the other, never both). A new plan keeps each receivable (and its id) by position;
//! every change is kept with its figures before and after.

use chrono::NaiveDate;
use closer_domain::{
    cash::{split_plan, PlanError, Share},
    contracts::{ContractStatus, OrderStatus},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::ledger::{lock_account, save_receivable};
use crate::{
    entity::{contract, order, receivable, receivable_change},
    StoreError, TenantStore,
};

fn invalid(field: String, code: &'static str) -> StoreError {
    StoreError::Invalid { field, code }
}

/// One line of a receivable's history.
#[allow(clippy::too_many_arguments)]
pub(crate) fn change_row(
    r: &receivable::Model,
    kind: &str,
    amount_before: Option<i64>,
    due_before: Option<NaiveDate>,
    reason: Option<String>,
    change_id: Option<Uuid>,
    actor: Uuid,
) -> receivable_change::Model {
    receivable_change::Model {
        tenant_id: r.tenant_id,
        id: closer_domain::ids::new_id(),
        created_at: crate::now(),
        receivable_id: r.id,
        contract_id: r.contract_id,
        kind: kind.into(),
        amount_before,
        amount_after: r.amount_minor,
        due_before,
        due_after: r.due_on,
        reason,
        change_id,
        actor_id: Some(actor),
    }
}

pub(crate) async fn plan_of<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    contract_id: Uuid,
) -> Result<Vec<receivable::Model>, StoreError> {
    Ok(receivable::Entity::find()
        .filter(receivable::Column::TenantId.eq(tenant_id))
        .filter(receivable::Column::ContractId.eq(contract_id))
        .order_by_asc(receivable::Column::Position)
        .all(conn)
        .await?)
}

/// What a payment plan splits: a contract as a whole, or one of its orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanScope {
    Contract(Uuid),
    Order(Uuid),
}

impl PlanScope {
    fn order(self) -> Option<Uuid> {
        match self {
            Self::Contract(_) => None,
            Self::Order(id) => Some(id),
        }
    }
}

/// The contract (and order) a plan splits, checked plannable, with the amount it splits.
async fn plannable<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    scope: PlanScope,
) -> Result<(contract::Model, i64), StoreError> {
    let (contract_id, order) = match scope {
        PlanScope::Contract(id) => (id, None),
        PlanScope::Order(id) => {
            let o = order::Entity::find_by_id((tenant_id, id))
                .one(conn)
                .await?
                .ok_or(StoreError::NotFound)?;
            if OrderStatus::parse(&o.status) == Ok(OrderStatus::Cancelled) {
                return Err(StoreError::Conflict("order_not_plannable"));
            }
            (o.contract_id, Some(o))
        }
    };
    // The contract row is locked (PostgreSQL) while its plan is written: a submit or final
    // approval putting it in force at the same time waits, so the receivables written here
    // are owed exactly when the contract they see is in force (SQLite has one writer).
    let mut q = contract::Entity::find_by_id((tenant_id, contract_id));
    if conn.get_database_backend() == sea_orm::DbBackend::Postgres {
        q = q.lock_exclusive();
    }
    let c = q.one(conn).await?.ok_or(StoreError::NotFound)?;
    let status = ContractStatus::parse(&c.status).unwrap_or(ContractStatus::Terminated);
    if !matches!(status, ContractStatus::Draft | ContractStatus::Active) {
        return Err(StoreError::Conflict("contract_not_plannable"));
    }
    // The plan adds up to the amount in force; an amendment awaiting approval may change it.
    if c.pending_revision.is_some() {
        return Err(StoreError::Conflict("amendment_pending"));
    }
    let amount = order.map_or(c.amount_minor, |o| o.amount_minor);
    Ok((c, amount))
}

impl TenantStore {
    /// Sets a contract's payment plan as a whole (a draft's or an active one's).
    ///
    /// # Errors
    /// As [`Self::put_plan`]; `Conflict("planned_by_orders")` once its orders carry plans.
    pub async fn put_payment_plan(
        &self,
        actor: Uuid,
        contract_id: Uuid,
        installments: &[(NaiveDate, Share)],
        today: NaiveDate,
    ) -> Result<Vec<receivable::Model>, StoreError> {
        self.put_plan(actor, PlanScope::Contract(contract_id), installments, today)
            .await
    }

    /// Sets the payment plan of one order: its amount split into receivables of its contract.
    ///
    /// # Errors
    /// As [`Self::put_plan`]; `Conflict("planned_as_whole")` while the contract has a plan
    /// of its own, `Conflict("order_not_plannable")` for a cancelled order.
    pub async fn put_order_payment_plan(
        &self,
        actor: Uuid,
        order_id: Uuid,
        installments: &[(NaiveDate, Share)],
        today: NaiveDate,
    ) -> Result<Vec<receivable::Model>, StoreError> {
        self.put_plan(actor, PlanScope::Order(order_id), installments, today)
            .await
    }

    /// Sets a plan. Receivable `i` of the new plan is receivable `i` of the old one, same id;
    /// none may drop below what was collected or invoiced on it, and one with money on it
    /// cannot be dropped.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("contract_not_plannable")`, `Conflict("amendment_pending")`;
    /// `Invalid` on `installments`
    /// (`ratios_not_whole`, `amounts_not_whole`, `mixed`, `required`) or
    /// `installments[i].amount` (`not_positive`, `below_collected`, `below_invoiced`).
    async fn put_plan(
        &self,
        actor: Uuid,
        scope: PlanScope,
        installments: &[(NaiveDate, Share)],
        today: NaiveDate,
    ) -> Result<Vec<receivable::Model>, StoreError> {
        let txn = self.store.begin_write().await?;
        let (c, total) = plannable(&*txn, self.tenant_id, scope).await?;
        let contract_id = c.id;
        lock_account(&*txn, self.tenant_id, c.customer_id).await?;
        let in_plan: Vec<receivable::Model> = plan_of(&*txn, self.tenant_id, contract_id)
            .await?
            .into_iter()
            .filter(|r| r.in_plan)
            .collect();
        // Planned as a whole or order by order, never both.
        match scope {
            PlanScope::Contract(_) if in_plan.iter().any(|r| r.order_id.is_some()) => {
                return Err(StoreError::Conflict("planned_by_orders"));
            }
            PlanScope::Order(_) if in_plan.iter().any(|r| r.order_id.is_none()) => {
                return Err(StoreError::Conflict("planned_as_whole"));
            }
            _ => {}
        }
        let shares: Vec<Share> = installments.iter().map(|i| i.1).collect();
        let amounts = split_plan(total, &shares).map_err(|e| match e {
            PlanError::Empty => invalid("installments".into(), "required"),
            PlanError::Mixed => invalid("installments".into(), "mixed"),
            PlanError::RatiosNotWhole => invalid("installments".into(), "ratios_not_whole"),
            PlanError::AmountsNotWhole => invalid("installments".into(), "amounts_not_whole"),
            PlanError::NotPositive(i) => {
                invalid(format!("installments[{i}].amount"), "not_positive")
            }
        })?;
        let existing: Vec<receivable::Model> = in_plan
            .into_iter()
            .filter(|r| r.order_id == scope.order())
            .collect();
        for (i, r) in existing.iter().enumerate() {
            let held = r.paid_minor + r.written_off_minor;
            match amounts.get(i) {
                Some(a) if *a < held => {
                    return Err(invalid(
                        format!("installments[{i}].amount"),
                        "below_collected",
                    ))
                }
                Some(a) if *a < r.invoiced_minor => {
                    return Err(invalid(
                        format!("installments[{i}].amount"),
                        "below_invoiced",
                    ))
                }
                None if held > 0 || r.invoiced_minor > 0 => {
                    return Err(invalid("installments".into(), "cannot_drop_collected"))
                }
                _ => {}
            }
        }
        let mut history = Vec::new();
        let mut plan = Vec::new();
        let now = crate::now();
        for (i, ((due_on, _), amount)) in installments.iter().zip(&amounts).enumerate() {
            match existing.get(i) {
                Some(before) => {
                    if before.amount_minor == *amount && before.due_on == *due_on {
                        plan.push(before.clone());
                        continue;
                    }
                    let mut r = before.clone();
                    r.amount_minor = *amount;
                    r.due_on = *due_on;
                    r.owner_id = c.owner_id;
                    let r = save_receivable(&*txn, r, today).await?;
                    history.push(change_row(
                        &r,
                        "replanned",
                        Some(before.amount_minor),
                        Some(before.due_on),
                        None,
                        None,
                        actor,
                    ));
                    plan.push(r);
                }
                None => {
                    // A draft's plan is owed once the contract is in force.
                    let owed = c.status == ContractStatus::Active.key();
                    let r = receivable::Model {
                        tenant_id: self.tenant_id,
                        id: closer_domain::ids::new_id(),
                        created_at: now,
                        updated_at: now,
                        version: 1,
                        contract_id,
                        order_id: scope.order(),
                        customer_id: c.customer_id,
                        owner_id: c.owner_id,
                        position: i32::try_from(i).unwrap_or(i32::MAX),
                        due_on: *due_on,
                        amount_minor: *amount,
                        paid_minor: 0,
                        written_off_minor: 0,
                        outstanding_minor: if owed { *amount } else { 0 },
                        invoiced_minor: 0,
                        currency: c.currency.clone(),
                        in_plan: true,
                        owed,
                        settled_on: None,
                        reminded_on: None,
                    };
                    r.clone().into_active_model().insert(&*txn).await?;
                    history.push(change_row(&r, "planned", None, None, None, None, actor));
                    plan.push(r);
                }
            }
        }
        for before in existing.iter().skip(amounts.len()) {
            let mut r = before.clone();
            r.in_plan = false;
            r.amount_minor = 0;
            let r = save_receivable(&*txn, r, today).await?;
            history.push(change_row(
                &r,
                "dropped",
                Some(before.amount_minor),
                Some(before.due_on),
                None,
                None,
                actor,
            ));
        }
        for h in history {
            h.into_active_model().insert(&*txn).await?;
        }
        super::ledger::complete_if_done(&*txn, self.tenant_id, Some(actor), contract_id).await?;
        txn.commit().await?;
        Ok(plan)
    }

    /// Drops an order's plan: its receivables leave the plan (kept, with their history).
    ///
    /// # Errors
    /// `NotFound`; `Invalid("installments", "cannot_drop_collected")` when money was
    /// collected or invoiced on one.
    pub async fn clear_order_payment_plan(
        &self,
        actor: Uuid,
        order_id: Uuid,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let txn = self.store.begin_write().await?;
        let o = order::Entity::find_by_id((self.tenant_id, order_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let c = contract::Entity::find_by_id((self.tenant_id, o.contract_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        lock_account(&*txn, self.tenant_id, c.customer_id).await?;
        let plan: Vec<receivable::Model> = plan_of(&*txn, self.tenant_id, c.id)
            .await?
            .into_iter()
            .filter(|r| r.in_plan && r.order_id == Some(order_id))
            .collect();
        if plan
            .iter()
            .any(|r| r.paid_minor + r.written_off_minor > 0 || r.invoiced_minor > 0)
        {
            return Err(invalid("installments".into(), "cannot_drop_collected"));
        }
        for before in plan {
            let mut r = before.clone();
            r.in_plan = false;
            r.amount_minor = 0;
            let r = save_receivable(&*txn, r, today).await?;
            change_row(
                &r,
                "dropped",
                Some(before.amount_minor),
                Some(before.due_on),
                None,
                None,
                actor,
            )
            .into_active_model()
            .insert(&*txn)
            .await?;
        }
        txn.commit().await
    }

    /// A contract's current plan, in order: by position when planned as a whole, by due
    /// date when planned order by order.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn payment_plan(
        &self,
        contract_id: Uuid,
    ) -> Result<Vec<receivable::Model>, StoreError> {
        let mut plan: Vec<receivable::Model> = plan_of(self.db(), self.tenant_id, contract_id)
            .await?
            .into_iter()
            .filter(|r| r.in_plan)
            .collect();
        if plan.iter().any(|r| r.order_id.is_some()) {
            plan.sort_by_key(|r| (r.due_on, r.order_id, r.position));
        }
        Ok(plan)
    }

    /// An order's current plan, in order.
    ///
    /// # Errors
    /// `NotFound`.
    pub async fn order_payment_plan(
        &self,
        order_id: Uuid,
    ) -> Result<Vec<receivable::Model>, StoreError> {
        let o = order::Entity::find_by_id((self.tenant_id, order_id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(plan_of(self.db(), self.tenant_id, o.contract_id)
            .await?
            .into_iter()
            .filter(|r| r.in_plan && r.order_id == Some(order_id))
            .collect())
    }

    /// Every change to a contract's receivables, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn receivable_history(
        &self,
        contract_id: Uuid,
    ) -> Result<Vec<receivable_change::Model>, StoreError> {
        Ok(receivable_change::Entity::find()
            .filter(receivable_change::Column::TenantId.eq(self.tenant_id))
            .filter(receivable_change::Column::ContractId.eq(contract_id))
            .order_by_asc(receivable_change::Column::CreatedAt)
            .order_by_asc(receivable_change::Column::Id)
            .all(self.db())
            .await?)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn receivable(&self, id: Uuid) -> Result<receivable::Model, StoreError> {
        receivable::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)
    }
}
