use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of a quote, priced once: quantity × unit price × (1 − discount).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "quote_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub quote_id: Uuid,
    pub position: i32,
    pub product_id: Option<Uuid>,
    pub description: String,
    /// Thousandths of a unit.
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    /// Basis points.
    pub discount_bp: i32,
    pub total_minor: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
