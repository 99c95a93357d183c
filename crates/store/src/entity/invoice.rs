use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A VAT invoice issued against a receivable; voided, never deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub receivable_id: Uuid,
    pub contract_id: Uuid,
    pub customer_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub kind: String,
    pub tax_rate_bp: i32,
    pub amount_minor: i64,
    pub amount_without_tax_minor: i64,
    pub tax_minor: i64,
    pub currency: String,
    pub number: String,
    pub issued_on: Date,
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub void_reason: Option<String>,
    pub voided_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
