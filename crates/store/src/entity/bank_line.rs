use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of an imported bank statement: matched to a customer and paid in, or waiting for a person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "bank_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub job_id: Option<Uuid>,
    pub row_number: i32,
    pub received_on: Date,
    pub payer_name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub reference: Option<String>,
    pub line_key: String,
    pub status: String,
    pub customer_id: Option<Uuid>,
    pub payment_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
