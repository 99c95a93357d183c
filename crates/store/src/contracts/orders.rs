//! Orders: an active contract fulfilled in one or more deliveries, never more than it leaves
//! undelivered. The contract keeps the running totals (`ordered_minor`, `delivered_minor`)
//! in the same transaction as each order's change.

use chrono::NaiveDate;
use closer_domain::contracts::{order_line_amount, ContractStatus, OrderStatus};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use uuid::Uuid;

use crate::{
    entity::{contract, order, order_line, receivable},
    platform::{page::Page, write},
    StoreError, TenantStore,
};

/// What an order asks for: a quantity of a contract line, or (for a contract without lines)
/// an amount.
#[derive(Debug, Clone)]
pub enum OrderItem {
    Line { line_id: Uuid, quantity_milli: i64 },
    Amount { amount_minor: i64 },
}

/// A new order.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub contract_id: Uuid,
    pub items: Vec<OrderItem>,
    pub deliver_by: Option<NaiveDate>,
    pub notes: Option<String>,
}

/// An order with its lines.
#[derive(Debug, Clone)]
pub struct OrderView {
    pub order: order::Model,
    pub lines: Vec<order_line::Model>,
}

/// Which orders a list shows.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// One contract's orders (the caller has checked they may read it).
    pub contract_id: Option<Uuid>,
    /// Orders of contracts whose owners are in the caller's scope; `None` = all.
    pub owners: Option<Vec<Uuid>>,
    pub status: Option<String>,
    /// Part of the contract's number or name; `#2` (alone or after that text) the order's
    /// own number within its contract.
    pub q: Option<String>,
}

impl OrderFilter {
    fn condition(&self, tenant_id: Uuid) -> sea_orm::Condition {
        let mut c = sea_orm::Condition::all().add(order::Column::TenantId.eq(tenant_id));
        if let Some(contract) = self.contract_id {
            c = c.add(order::Column::ContractId.eq(contract));
        }
        if let Some(status) = &self.status {
            c = c.add(order::Column::Status.eq(status.clone()));
        }
        if let Some(owners) = &self.owners {
            c = c.add(
                order::Column::ContractId.in_subquery(
                    contract::Entity::find()
                        .select_only()
                        .column(contract::Column::Id)
                        .filter(contract::Column::TenantId.eq(tenant_id))
                        .filter(contract::Column::OwnerId.is_in(owners.clone()))
                        .into_query(),
                ),
            );
        }
        if let Some(q) = self.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let (text, number) = match q.rsplit_once('#') {
                Some((text, n)) => match n.trim().parse::<i32>() {
                    Ok(n) => (text.trim(), Some(n)),
                    Err(_) => (q, None),
                },
                None => (q, None),
            };
            if let Some(n) = number {
                c = c.add(order::Column::Number.eq(n));
            }
            if !text.is_empty() {
                c = c.add(
                    order::Column::ContractId
                        .in_subquery(super::records::ids_named(tenant_id, text)),
                );
            }
        }
        c
    }
}

fn invalid(field: String, code: &'static str) -> StoreError {
    StoreError::Invalid { field, code }
}

/// Whether an order carries receivables of a payment plan.
/// What the orders of a contract (not cancelled) took of its lines: (line id, quantity)
/// per order line.
pub(crate) async fn ordered_lines<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    contract_id: Uuid,
) -> Result<Vec<(Option<Uuid>, i64)>, StoreError> {
    Ok(order_line::Entity::find()
        .select_only()
        .column(order_line::Column::ContractLineId)
        .column(order_line::Column::QuantityMilli)
        .filter(order_line::Column::TenantId.eq(tenant_id))
        .filter(
            order_line::Column::OrderId.in_subquery(
                order::Entity::find()
                    .select_only()
                    .column(order::Column::Id)
                    .filter(order::Column::TenantId.eq(tenant_id))
                    .filter(order::Column::ContractId.eq(contract_id))
                    .filter(order::Column::Status.ne("cancelled"))
                    .into_query(),
            ),
        )
        .into_tuple()
        .all(conn)
        .await?)
}

async fn has_payment_plan<C: ConnectionTrait>(
    conn: &C,
    tenant_id: Uuid,
    order_id: Uuid,
) -> Result<bool, StoreError> {
    Ok(receivable::Entity::find()
        .filter(receivable::Column::TenantId.eq(tenant_id))
        .filter(receivable::Column::OrderId.eq(order_id))
        .filter(receivable::Column::InPlan.eq(true))
        .count(conn)
        .await?
        > 0)
}

impl TenantStore {
    /// Places an order on an active contract. Each line's amount is its share of the
    /// contract line, so a line's orders add up to the line exactly.
    ///
    /// # Errors
    /// `NotFound`; `Conflict("contract_not_active")`; `Invalid` on `lines[i].contract_line_id`
    /// (`unknown_reference`), `lines[i].quantity` or `amount` (`exceeds_remaining`).
    pub async fn create_order(&self, actor: Uuid, new: NewOrder) -> Result<OrderView, StoreError> {
        let txn = self.store.begin_write().await?;
        let c = contract::Entity::find_by_id((self.tenant_id, new.contract_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if c.status != ContractStatus::Active.key() {
            return Err(StoreError::Conflict("contract_not_active"));
        }
        let contract_lines =
            super::records::lines_of(&*txn, self.tenant_id, c.id, c.revision).await?;
        // What earlier orders (not cancelled) already took of each line.
        let earlier = ordered_lines(&*txn, self.tenant_id, c.id).await?;
        let taken = |line: Uuid| -> i64 {
            earlier
                .iter()
                .filter(|(l, _)| *l == Some(line))
                .map(|(_, q)| *q)
                .sum()
        };
        let mut lines = Vec::new();
        let mut this_order: Vec<(Uuid, i64)> = Vec::new();
        for (i, item) in new.items.iter().enumerate() {
            let (line, quantity_milli, amount_minor, description) = match item {
                OrderItem::Line {
                    line_id,
                    quantity_milli,
                } => {
                    let Some(cl) = contract_lines.iter().find(|l| l.line_id == *line_id) else {
                        return Err(invalid(
                            format!("lines[{i}].contract_line_id"),
                            "unknown_reference",
                        ));
                    };
                    let before = taken(*line_id)
                        + this_order
                            .iter()
                            .filter(|(l, _)| l == line_id)
                            .map(|(_, q)| q)
                            .sum::<i64>();
                    let amount = order_line_amount(
                        cl.quantity_milli,
                        cl.total_minor,
                        before,
                        *quantity_milli,
                    )
                    .map_err(|_| invalid(format!("lines[{i}].quantity"), "exceeds_remaining"))?;
                    this_order.push((*line_id, *quantity_milli));
                    (
                        Some(*line_id),
                        *quantity_milli,
                        amount,
                        cl.description.clone(),
                    )
                }
                OrderItem::Amount { amount_minor } => {
                    if *amount_minor <= 0 {
                        return Err(invalid(format!("lines[{i}].amount"), "not_allowed"));
                    }
                    (None, 0, *amount_minor, c.name.clone())
                }
            };
            lines.push(order_line::Model {
                tenant_id: self.tenant_id,
                id: closer_domain::ids::new_id(),
                order_id: Uuid::nil(),
                contract_line_id: line,
                position: i32::try_from(i).unwrap_or(0),
                description,
                quantity_milli,
                amount_minor,
            });
        }
        let amount: i64 = lines.iter().map(|l| l.amount_minor).sum();
        if amount <= 0 || c.ordered_minor + amount > c.amount_minor {
            return Err(invalid("lines".into(), "exceeds_remaining"));
        }
        let last: Option<i32> = order::Entity::find()
            .select_only()
            .column(order::Column::Number)
            .filter(order::Column::TenantId.eq(self.tenant_id))
            .filter(order::Column::ContractId.eq(c.id))
            .order_by_desc(order::Column::Number)
            .limit(1)
            .into_tuple()
            .one(&*txn)
            .await?;
        let now = crate::now();
        let model = order::Model {
            tenant_id: self.tenant_id,
            id: closer_domain::ids::new_id(),
            contract_id: c.id,
            number: last.unwrap_or(0) + 1,
            status: OrderStatus::Open.key().into(),
            amount_minor: amount,
            currency: c.currency.clone(),
            deliver_by: new.deliver_by,
            shipped_on: None,
            delivered_on: None,
            notes: new.notes,
            created_by: Some(actor),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        let saved =
            write::insert::<order::Entity, _>(&*txn, self.tenant_id, Some(actor), model).await?;
        let lines: Vec<order_line::Model> = lines
            .into_iter()
            .map(|l| order_line::Model {
                order_id: saved.id,
                ..l
            })
            .collect();
        order_line::Entity::insert_many(lines.iter().map(|l| l.clone().into_active_model()))
            .exec_without_returning(&*txn)
            .await?;
        let mut after = c.clone();
        after.ordered_minor += amount;
        write::update::<contract::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "ordered",
            &c,
            after,
        )
        .await?;
        txn.commit().await?;
        Ok(OrderView {
            order: saved,
            lines,
        })
    }

    /// Moves an order on (shipped, delivered, cancelled) and keeps the contract's totals: a
    /// cancelled order gives its amount back to what is left to order.
    ///
    /// # Errors
    /// `NotFound`, `StaleVersion`, `Conflict("order_status")` for a move backwards.
    pub async fn move_order(
        &self,
        actor: Uuid,
        id: Uuid,
        expected: Option<i32>,
        to: OrderStatus,
        on: NaiveDate,
    ) -> Result<order::Model, StoreError> {
        let txn = self.store.begin_write().await?;
        let before = order::Entity::find_by_id((self.tenant_id, id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        write::check_version(expected, before.version)?;
        let from = OrderStatus::parse(&before.status).map_err(|_| StoreError::NotFound)?;
        if !from.may_become(to) {
            return Err(StoreError::Conflict("order_status"));
        }
        if to == OrderStatus::Cancelled && has_payment_plan(&*txn, self.tenant_id, id).await? {
            // What is owed on it would outlive it: its plan is dropped first (or cannot be,
            // when money came in on it).
            return Err(StoreError::Conflict("order_planned"));
        }
        let mut after = before.clone();
        after.status = to.key().into();
        match to {
            OrderStatus::Shipped => after.shipped_on = Some(on),
            OrderStatus::Delivered => {
                after.delivered_on = Some(on);
                after.shipped_on = after.shipped_on.or(Some(on));
            }
            _ => {}
        }
        let saved = write::update::<order::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            to.key(),
            &before,
            after,
        )
        .await?;
        let c = contract::Entity::find_by_id((self.tenant_id, before.contract_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut cafter = c.clone();
        match to {
            OrderStatus::Cancelled => cafter.ordered_minor -= before.amount_minor,
            OrderStatus::Delivered => cafter.delivered_minor += before.amount_minor,
            _ => {}
        }
        write::update::<contract::Entity, _>(
            &*txn,
            self.tenant_id,
            Some(actor),
            "order_moved",
            &c,
            cafter,
        )
        .await?;
        if to == OrderStatus::Delivered {
            super::completion::complete_if_done(&*txn, self.tenant_id, Some(actor), c.id).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// # Errors
    /// `NotFound`.
    pub async fn order(&self, id: Uuid) -> Result<OrderView, StoreError> {
        let order = order::Entity::find_by_id((self.tenant_id, id))
            .one(self.db())
            .await?
            .ok_or(StoreError::NotFound)?;
        let lines = order_line::Entity::find()
            .filter(order_line::Column::TenantId.eq(self.tenant_id))
            .filter(order_line::Column::OrderId.eq(id))
            .order_by_asc(order_line::Column::Position)
            .all(self.db())
            .await?;
        Ok(OrderView { order, lines })
    }

    /// A page of the orders the filter finds, newest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn orders(
        &self,
        f: &OrderFilter,
        cursor: Option<Uuid>,
        limit: u64,
    ) -> Result<Page<OrderView>, StoreError> {
        let rows = order::Entity::find()
            .filter(f.condition(self.tenant_id))
            .apply_if(cursor, |s, c| s.filter(order::Column::Id.lt(c)))
            .order_by_desc(order::Column::Id)
            .limit(limit + 1)
            .all(self.db())
            .await?;
        let page = Page::from_rows(rows, limit, |o| o.id);
        let ids: Vec<Uuid> = page.items.iter().map(|o| o.id).collect();
        let lines = if ids.is_empty() {
            Vec::new()
        } else {
            order_line::Entity::find()
                .filter(order_line::Column::TenantId.eq(self.tenant_id))
                .filter(order_line::Column::OrderId.is_in(ids))
                .order_by_asc(order_line::Column::Position)
                .all(self.db())
                .await?
        };
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|o| OrderView {
                    lines: lines
                        .iter()
                        .filter(|l| l.order_id == o.id)
                        .cloned()
                        .collect(),
                    order: o,
                })
                .collect(),
            next_cursor: page.next_cursor,
            next_value: page.next_value,
        })
    }

    /// How many orders [`Self::orders`] would list, over all its pages.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn count_orders(&self, f: &OrderFilter) -> Result<u64, StoreError> {
        Ok(order::Entity::find()
            .filter(f.condition(self.tenant_id))
            .count(self.db())
            .await?)
    }
}
