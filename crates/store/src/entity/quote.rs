use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A version of an opportunity's quote; its total became the opportunity's amount.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub opportunity_id: Uuid,
    /// 1, 2, 3… per opportunity.
    pub number: i32,
    pub total_minor: i64,
    /// Before discounts.
    pub list_minor: i64,
    pub currency: String,
    pub valid_until: Option<Date>,
    pub notes: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
