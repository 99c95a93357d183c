use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One installment of a contract's payment plan: what the customer owes by a date.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "receivables")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    /// The order this installment belongs to, when the contract is planned order by order.
    pub order_id: Option<Uuid>,
    pub customer_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub position: i32,
    pub due_on: Date,
    pub amount_minor: i64,
    pub paid_minor: i64,
    pub written_off_minor: i64,
    pub outstanding_minor: i64,
    pub invoiced_minor: i64,
    pub currency: String,
    pub in_plan: bool,
    /// Whether it is owed: not while its contract is not yet in force (a draft's plan).
    /// One not owed keeps `outstanding_minor` at 0, so aging, reminders and write-off,
    /// which read only what is outstanding, leave it out. A backup written before the flag
    /// existed restores its receivables as owed, as they were then.
    #[serde(default = "owed_before_the_flag")]
    pub owed: bool,
    pub settled_on: Option<Date>,
    pub reminded_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

fn owed_before_the_flag() -> bool {
    true
}

impl Model {
    /// What is left to pay on it, owed yet or not (`outstanding_minor` once owed).
    #[must_use]
    pub fn left_minor(&self) -> i64 {
        self.amount_minor - self.paid_minor - self.written_off_minor
    }
}
