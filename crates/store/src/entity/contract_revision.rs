use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One revision of a contract: 1 as first signed, one more per amendment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "contract_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    pub revision: i32,
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub name: String,
    pub amount_minor: i64,
    pub signed_on: Option<Date>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub terms: Option<String>,
    pub approval_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
