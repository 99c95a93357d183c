use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Base pay plus performance pay by completion tiers, against a target plan.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "compensation_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub target_plan_id: Uuid,
    pub period_kind: String,
    pub base_pay_minor: i64,
    pub pool_minor: i64,
    pub threshold: i64,
    pub cap: Option<i64>,
    pub tiers: Json,
    /// The collections factor's tiers (`[{from, to, rate}]`, basis points), if any.
    pub collections: Option<Json>,
    /// The margin factor's tiers, if any.
    pub margin: Option<Json>,
    /// The forecast-accuracy factor's tiers, if any.
    pub forecast_accuracy: Option<Json>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
