use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A step of an approval, copied from the flow's version when it was submitted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "approval_steps")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub approval_id: Uuid,
    pub position: i32,
    pub name: String,
    pub mode: String,
    /// The step's approver rule as it was when the approval was submitted.
    pub approvers: Json,
    pub status: String,
    pub started_at: Option<DateTimeUtc>,
    pub decided_at: Option<DateTimeUtc>,
    pub reminded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
