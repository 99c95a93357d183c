use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A target plan (目标): a metric, a year and a company total, drafted then locked.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "target_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub metric: String,
    pub year: i32,
    pub total: i64,
    pub status: String,
    pub plan_version: i32,
    pub reason: Option<String>,
    pub previous_id: Option<Uuid>,
    pub superseded_by: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub locked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
