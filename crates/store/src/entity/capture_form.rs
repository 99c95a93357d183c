use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A public web form that creates leads. Platform table: found by its key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "capture_forms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub form_key: String,
    pub tenant_id: Uuid,
    pub name: String,
    pub source: String,
    pub campaign_id: Option<Uuid>,
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
