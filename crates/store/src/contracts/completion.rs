//! A contract completes by itself once it is all delivered and all paid.

use closer_domain::contracts::ContractStatus;
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::{
    entity::{contract, receivable},
    platform::write,
    StoreError,
};

/// What a contract's payment plan adds up to, and what is left on it whether owed yet or not
/// (a plan not owed has no `outstanding` but is not paid either); `None` without a plan.
pub(crate) async fn plan_figures<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    contract_id: Uuid,
) -> Result<(Option<i64>, Option<i64>), StoreError> {
    let figures: Option<(Option<i64>, Option<i64>)> = receivable::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(amount_minor) AS BIGINT)"), "amount")
        .column_as(
            Expr::cust("CAST(SUM(amount_minor - paid_minor - written_off_minor) AS BIGINT)"),
            "outstanding",
        )
        .filter(receivable::Column::TenantId.eq(tenant_id))
        .filter(receivable::Column::ContractId.eq(contract_id))
        .filter(receivable::Column::InPlan.eq(true))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(figures.unwrap_or_default())
}

/// Completes an active contract whose plan covers its amount, is all paid and whose orders
/// have delivered it all.
pub(crate) async fn complete_if_done<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    contract_id: Uuid,
) -> Result<(), StoreError> {
    let Some(c) = contract::Entity::find_by_id((tenant_id, contract_id))
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    if c.status != ContractStatus::Active.key()
        || c.pending_revision.is_some()
        || c.delivered_minor < c.amount_minor
    {
        return Ok(());
    }
    let (planned, outstanding) = plan_figures(conn, tenant_id, contract_id).await?;
    if planned != Some(c.amount_minor) || outstanding.unwrap_or(1) > 0 {
        return Ok(());
    }
    let mut after = c.clone();
    after.status = ContractStatus::Completed.key().into();
    write::update::<contract::Entity, _>(conn, tenant_id, actor, "completed", &c, after).await?;
    Ok(())
}

/// A contract that completed by itself is active again when money on it was taken back (a
/// payment reversed) and something is owing once more.
pub(crate) async fn reopen_if_owing<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    actor: Option<Uuid>,
    contract_id: Uuid,
) -> Result<(), StoreError> {
    let Some(c) = contract::Entity::find_by_id((tenant_id, contract_id))
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    if c.status != ContractStatus::Completed.key() {
        return Ok(());
    }
    let owing: Option<Option<i64>> = receivable::Entity::find()
        .select_only()
        .column_as(
            Expr::cust("CAST(SUM(outstanding_minor) AS BIGINT)"),
            "owing",
        )
        .filter(receivable::Column::TenantId.eq(tenant_id))
        .filter(receivable::Column::ContractId.eq(contract_id))
        .filter(receivable::Column::OutstandingMinor.gt(0))
        .into_tuple()
        .one(conn)
        .await?;
    if owing.flatten().unwrap_or(0) > 0 {
        let mut after = c.clone();
        after.status = ContractStatus::Active.key().into();
        write::update::<contract::Entity, _>(conn, tenant_id, actor, "reopened", &c, after).await?;
    }
    Ok(())
}
