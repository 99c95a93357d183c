use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A customer (account).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub industry: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub credit_code: Option<String>,
    pub source: Option<String>,
    pub lead_id: Option<Uuid>,
    /// micro, small, medium, large, enterprise.
    pub size_tier: Option<String>,
    pub employee_count: Option<i32>,
    /// In the tenant's currency, minor units.
    pub annual_revenue_minor: Option<i64>,
    pub address: Option<String>,
    /// 0–100 by the tenant's scoring model.
    pub score: Option<i16>,
    /// A–D.
    pub grade: Option<String>,
    pub scored_at: Option<DateTimeUtc>,
    pub last_activity_at: Option<DateTimeUtc>,
    /// When the current owner got the customer (the customer pool counts from here).
    pub assigned_at: Option<DateTimeUtc>,
    pub protected_until: Option<DateTimeUtc>,
    pub warned_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
