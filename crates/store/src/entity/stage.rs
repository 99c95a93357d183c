use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A stage of a sales process.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "stages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub process_id: Uuid,
    pub key: String,
    pub name: String,
    pub name_en: String,
    /// Win rate in basis points: 1000 = 10%.
    pub win_rate_bp: i32,
    pub is_won: bool,
    pub is_lost: bool,
    pub position: i32,
    pub tasks: Json,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
