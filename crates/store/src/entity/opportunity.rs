use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An opportunity (商机).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "opportunities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub process_id: Uuid,
    pub stage_id: Uuid,
    pub expected_close_date: Option<Date>,
    pub owner_id: Option<Uuid>,
    pub lead_id: Option<Uuid>,
    /// Why a lost deal was lost.
    pub loss_reason: Option<String>,
    /// Keys of the current stage's checklist tasks that are done.
    pub done_tasks: Option<Json>,
    pub stage_entered_at: Option<DateTimeUtc>,
    /// When the deal was won or lost.
    pub closed_at: Option<DateTimeUtc>,
    /// The other vendors in the deal: `[{"name", "strengths"?, "weaknesses"?}]`.
    pub competitors: Option<Json>,
    /// The deal's main product: its whole amount counts for it in reports.
    pub product_id: Option<Uuid>,
    /// The campaign that brought the deal (through its lead).
    pub campaign_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
