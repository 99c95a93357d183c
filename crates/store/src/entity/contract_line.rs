use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A line of one revision of a contract; `line_id` stays the same through revisions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "contract_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    pub revision: i32,
    pub line_id: Uuid,
    pub position: i32,
    pub product_id: Option<Uuid>,
    pub product_line: Option<String>,
    pub description: String,
    pub quantity_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i32,
    pub total_minor: i64,
    /// The line's cost (quantity × the product's unit cost when the line was written,
    /// rounded half up); `None` when the product's cost was not known.
    pub cost_minor: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
