//! A customer's contracts and money for its 360 view: the contracts, the latest payments and
//! invoices, and what it owes per owner — a fixed number of indexed reads per customer.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::{
    entity::{contract, invoice, payment},
    platform::dialect::param,
    StoreError, TenantStore,
};

/// How many of each kind of record the 360 view shows (the lists page through the rest).
const SHOWN: u64 = 100;

/// What a customer owes under one owner's receivables: in all and past due.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct OwingOfOwner {
    pub owner_id: Option<Uuid>,
    pub outstanding: i64,
    pub overdue: i64,
}

/// The 360 view's contracts and money records of one customer, newest first.
#[derive(Debug, Clone, Default)]
pub struct CustomerMoney {
    pub contracts: Vec<contract::Model>,
    pub payments: Vec<payment::Model>,
    pub invoices: Vec<invoice::Model>,
    pub owing: Vec<OwingOfOwner>,
}

impl TenantStore {
    /// A customer's contracts, latest payments and invoices (up to 100 each, newest first)
    /// and what it owes per owner as of `today`.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customer_money(
        &self,
        customer_id: Uuid,
        today: NaiveDate,
    ) -> Result<CustomerMoney, StoreError> {
        let t = self.tenant_id;
        let contracts = contract::Entity::find()
            .filter(contract::Column::TenantId.eq(t))
            .filter(contract::Column::CustomerId.eq(customer_id))
            .order_by_desc(contract::Column::Id)
            .limit(SHOWN)
            .all(self.db())
            .await?;
        let payments = payment::Entity::find()
            .filter(payment::Column::TenantId.eq(t))
            .filter(payment::Column::CustomerId.eq(customer_id))
            .order_by_desc(payment::Column::Id)
            .limit(SHOWN)
            .all(self.db())
            .await?;
        let invoices = invoice::Entity::find()
            .filter(invoice::Column::TenantId.eq(t))
            .filter(invoice::Column::CustomerId.eq(customer_id))
            .order_by_desc(invoice::Column::Id)
            .limit(SHOWN)
            .all(self.db())
            .await?;
        let b = self.store.db_backend();
        // Read from the partial index over receivables still owing.
        let sql = format!(
            "SELECT owner_id, CAST(SUM(outstanding_minor) AS BIGINT) AS outstanding, \
             CAST(SUM(CASE WHEN due_on < {} THEN outstanding_minor ELSE 0 END) AS BIGINT) AS overdue \
             FROM receivables WHERE tenant_id = {} AND customer_id = {} AND outstanding_minor > 0 \
             GROUP BY owner_id",
            param(b, 3),
            param(b, 1),
            param(b, 2),
        );
        let owing = OwingOfOwner::find_by_statement(Statement::from_sql_and_values(
            b,
            sql,
            [t.into(), customer_id.into(), today.into()],
        ))
        .all(self.db())
        .await?;
        Ok(CustomerMoney {
            contracts,
            payments,
            invoices,
            owing,
        })
    }
}
