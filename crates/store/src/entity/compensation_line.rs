use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A person's pay in a run for a period (the run's own, or an earlier closed one adjusted).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "compensation_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub run_id: Uuid,
    pub plan_id: Uuid,
    pub user_id: Uuid,
    pub for_period: String,
    pub target: i64,
    pub actual: i64,
    pub completion: Option<i64>,
    pub base_pay_minor: i64,
    pub performance_pay_minor: i64,
    pub total_minor: i64,
    pub explanation: Json,
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
