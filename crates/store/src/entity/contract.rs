use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A contract; its fields are those of its current revision.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "contracts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub customer_id: Uuid,
    pub opportunity_id: Option<Uuid>,
    pub quote_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub status: String,
    pub amount_minor: i64,
    pub ordered_minor: i64,
    pub delivered_minor: i64,
    pub currency: String,
    pub signed_on: Option<Date>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub terms: Option<String>,
    pub revision: i32,
    pub pending_revision: Option<i32>,
    pub approval_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub end_reason: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
