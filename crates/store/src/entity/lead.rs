use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A lead: a company and person who may buy, before they are a customer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "leads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub company_name: String,
    pub contact_name: Option<String>,
    pub title: Option<String>,
    /// E.164.
    pub phone: Option<String>,
    pub email: Option<String>,
    pub source: String,
    pub campaign_id: Option<Uuid>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub industry: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub credit_code: Option<String>,
    pub external_id: Option<String>,
    /// `new`, `contacted`, `qualified`, `converted`, `invalid`.
    pub status: String,
    pub invalid_reason: Option<String>,
    /// None: in the pool.
    pub owner_id: Option<Uuid>,
    pub assigned_at: Option<DateTimeUtc>,
    pub last_follow_up_at: Option<DateTimeUtc>,
    /// When the pool takes the lead back unless followed up.
    pub protected_until: Option<DateTimeUtc>,
    pub warned_at: Option<DateTimeUtc>,
    pub converted_at: Option<DateTimeUtc>,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    pub merged_into_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
