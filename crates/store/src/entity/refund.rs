use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Money to give back to a customer, approved before it is paid.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub change_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub amount_minor: i64,
    pub currency: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub status: String,
    pub approval_id: Option<Uuid>,
    pub parts: Json,
    pub paid_on: Option<Date>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
