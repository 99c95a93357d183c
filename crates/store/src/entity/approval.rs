use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One run of a flow over one revision of a record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "approvals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub record_type: String,
    pub record_id: Uuid,
    pub record_revision: i32,
    pub title: String,
    pub amount_minor: i64,
    pub currency: String,
    pub flow_id: Uuid,
    pub flow_version: i32,
    pub status: String,
    pub submitted_by: Uuid,
    pub current_step: i32,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
