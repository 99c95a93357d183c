//! What every cash write shares: the customer's cash account (credit, and the lock), a
//! receivable's figures kept consistent, allocations written as rows, leftovers within the
//! tolerance written off, and a contract completing itself when all is paid and delivered.

use chrono::NaiveDate;
use closer_domain::cash::Open;
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    entity::{cash_account, payment_allocation, receivable},
    platform::settings::setting_in,
    StoreError,
};

/// A tenant's cash settings (`GET/PUT /settings/cash`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct CashSettings {
    /// A receivable left owing this much or less after a payment is closed with a recorded
    /// write-off (0: never).
    pub write_off_tolerance_minor: i64,
    /// Remind owners this many days before a due date (0: only when overdue).
    pub remind_days_before: i64,
}

impl Default for CashSettings {
    fn default() -> Self {
        Self {
            write_off_tolerance_minor: 0,
            remind_days_before: 3,
        }
    }
}

pub(crate) const SETTINGS_KEY: &str = "cash";

pub(crate) async fn settings<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
) -> Result<CashSettings, StoreError> {
    setting_in(conn, tenant_id, SETTINGS_KEY).await
}

/// Locks the customer's cash account for the rest of the transaction (made on first use):
/// every money write for one customer passes here, so two never interleave.
pub(crate) async fn lock_account<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customer_id: Uuid,
) -> Result<cash_account::Model, StoreError> {
    cash_account::Entity::insert(
        cash_account::Model {
            tenant_id,
            customer_id,
            credit_minor: 0,
            version: 0,
        }
        .into_active_model(),
    )
    .on_conflict(
        OnConflict::columns([
            cash_account::Column::TenantId,
            cash_account::Column::CustomerId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    cash_account::Entity::update_many()
        .col_expr(
            cash_account::Column::Version,
            Expr::col(cash_account::Column::Version).add(1),
        )
        .filter(cash_account::Column::TenantId.eq(tenant_id))
        .filter(cash_account::Column::CustomerId.eq(customer_id))
        .exec(conn)
        .await?;
    cash_account::Entity::find_by_id((tenant_id, customer_id))
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Adds to (or takes from) the customer's credit.
pub(crate) async fn add_credit<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customer_id: Uuid,
    delta: i64,
) -> Result<(), StoreError> {
    if delta == 0 {
        return Ok(());
    }
    cash_account::Entity::update_many()
        .col_expr(
            cash_account::Column::CreditMinor,
            Expr::col(cash_account::Column::CreditMinor).add(delta),
        )
        .filter(cash_account::Column::TenantId.eq(tenant_id))
        .filter(cash_account::Column::CustomerId.eq(customer_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Sets `outstanding` and `settled_on` from the other figures and saves the receivable.
pub(crate) async fn save_receivable<C: ConnectionTrait>(
    conn: &C,
    mut r: receivable::Model,
    today: NaiveDate,
) -> Result<receivable::Model, StoreError> {
    r.outstanding_minor =
        closer_domain::cash::outstanding(r.amount_minor, r.paid_minor, r.written_off_minor, r.owed);
    r.settled_on = if r.outstanding_minor <= 0 && r.in_plan && r.owed {
        r.settled_on.or(Some(today))
    } else {
        None
    };
    r.version += 1;
    r.updated_at = crate::now();
    r.clone()
        .into_active_model()
        .reset_all()
        .update(conn)
        .await?;
    Ok(r)
}

/// The receivables still owing of a customer (of one contract when given), locked by the
/// caller's account lock, earliest due first.
pub(crate) async fn open_receivables<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    customer_id: Uuid,
    contract_id: Option<Uuid>,
) -> Result<Vec<receivable::Model>, StoreError> {
    let mut q = receivable::Entity::find()
        .filter(receivable::Column::TenantId.eq(tenant_id))
        .filter(receivable::Column::CustomerId.eq(customer_id))
        .filter(receivable::Column::OutstandingMinor.gt(0));
    if let Some(c) = contract_id {
        q = q.filter(receivable::Column::ContractId.eq(c));
    }
    Ok(q.order_by_asc(receivable::Column::DueOn)
        .order_by_asc(receivable::Column::Id)
        .all(conn)
        .await?)
}

pub(crate) fn as_open(r: &[receivable::Model]) -> Vec<Open<usize>> {
    r.iter()
        .enumerate()
        .map(|(i, r)| Open {
            key: i,
            due_on: r.due_on,
            // The list's own order (due date, then id) breaks ties, as bank rows do.
            position: i32::try_from(i).unwrap_or(i32::MAX),
            outstanding: r.outstanding_minor,
        })
        .collect()
}

/// One allocation row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn allocation(
    tenant_id: Uuid,
    payment_id: Option<Uuid>,
    r: &receivable::Model,
    kind: &str,
    amount: i64,
    received_on: NaiveDate,
    actor: Option<Uuid>,
) -> payment_allocation::Model {
    payment_allocation::Model {
        tenant_id,
        id: closer_domain::ids::new_id(),
        created_at: crate::now(),
        payment_id,
        receivable_id: r.id,
        contract_id: r.contract_id,
        kind: kind.into(),
        amount_minor: amount,
        received_on,
        created_by: actor,
    }
}

pub(crate) async fn insert_allocations<C: ConnectionTrait>(
    conn: &C,
    rows: &[payment_allocation::Model],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(500) {
        payment_allocation::Entity::insert_many(
            chunk.iter().map(|a| a.clone().into_active_model()),
        )
        .exec_without_returning(conn)
        .await?;
    }
    Ok(())
}

/// Money applied to receivables: each gets its part, and a leftover within the tolerance is
/// written off. Saves the receivables and the rows; returns the rows written.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn apply<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    payment_id: Uuid,
    received_on: NaiveDate,
    kind: &str,
    parts: Vec<(receivable::Model, i64)>,
    tolerance: i64,
    today: NaiveDate,
) -> Result<Vec<payment_allocation::Model>, StoreError> {
    let mut rows = Vec::with_capacity(parts.len());
    for (mut r, amount) in parts {
        rows.push(allocation(
            tenant_id,
            Some(payment_id),
            &r,
            kind,
            amount,
            received_on,
            actor,
        ));
        r.paid_minor += amount;
        let left = r.amount_minor - r.paid_minor - r.written_off_minor;
        if left > 0 && left <= tolerance {
            rows.push(allocation(
                tenant_id,
                Some(payment_id),
                &r,
                "write_off",
                left,
                received_on,
                actor,
            ));
            r.written_off_minor += left;
        }
        // Settled on the day the money came in (credit applied: the day it was applied).
        save_receivable(conn, r, received_on.min(today)).await?;
    }
    insert_allocations(conn, &rows).await?;
    Ok(rows)
}

pub(crate) use crate::contracts::completion::complete_if_done;
