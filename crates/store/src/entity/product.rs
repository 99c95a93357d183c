use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A product, accessory or service in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub sku: Option<String>,
    pub product_line: Option<String>,
    /// product, accessory or service.
    pub kind: String,
    pub list_price_minor: i64,
    /// What one unit costs the company (for margins); `None`: not known.
    pub unit_cost_minor: Option<i64>,
    pub currency: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
