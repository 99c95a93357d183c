use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A user's move to another department, departure or return (`kind`: department, deactivated, reactivated).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "user_moves")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub at: DateTimeUtc,
    pub kind: String,
    pub from_department_id: Option<Uuid>,
    pub to_department_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
