use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Money received from a customer: written off against receivables, the rest the customer's credit; reversed, never deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub owner_id: Option<Uuid>,
    pub amount_minor: i64,
    pub unapplied_minor: i64,
    pub refunded_minor: i64,
    pub currency: String,
    pub received_on: Date,
    pub reference: Option<String>,
    pub payer_name: Option<String>,
    pub source: String,
    pub idempotency_key: Option<String>,
    pub request_hash: Option<String>,
    pub bank_line_key: Option<String>,
    pub status: String,
    pub reversed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reversal_reason: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
