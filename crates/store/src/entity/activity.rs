use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A call, visit, note or task on a lead, customer, contact or opportunity.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `visit`, `call`, `note`, `task`.
    pub kind: String,
    pub subject: String,
    pub body: Option<String>,
    pub lead_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub owner_id: Uuid,
    pub occurred_at: Option<DateTimeUtc>,
    pub planned_for: Option<DateTimeUtc>,
    pub location: Option<String>,
    /// Where the phone was, `lat,lng` (WGS-84), beside the place in `location`.
    pub coordinates: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
