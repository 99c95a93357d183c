use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A change to a receivable's amount or due date, with its figures before and after.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "receivable_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub receivable_id: Uuid,
    pub contract_id: Uuid,
    pub kind: String,
    pub amount_before: Option<i64>,
    pub amount_after: i64,
    pub due_before: Option<Date>,
    pub due_after: Date,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub change_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
