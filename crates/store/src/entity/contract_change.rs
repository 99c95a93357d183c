use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A change of business on an active contract that lowers or raises its receivables.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "contract_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub amount_before: i64,
    pub amount_after: i64,
    pub refund_minor: i64,
    pub refund_id: Option<Uuid>,
    pub receivables: Json,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
