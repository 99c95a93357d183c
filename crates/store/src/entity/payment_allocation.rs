use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Part of a payment written off against a receivable (negative when given back), or a write-off of a leftover.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "payment_allocations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub payment_id: Option<Uuid>,
    pub receivable_id: Uuid,
    pub contract_id: Uuid,
    pub kind: String,
    pub amount_minor: i64,
    pub received_on: Date,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
