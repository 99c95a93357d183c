use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Failed sign-ins for one tenant slug + e-mail, for throttling. Platform table.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "login_attempts")]
pub struct Model {
    /// SHA-256 of `slug \n email`, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub tenant_id: Option<Uuid>,
    pub failures: i32,
    pub window_started_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
