use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A bearer token for integrations. Platform table: found by its hash before the tenant is known.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    /// Permission keys the token is limited to (a subset of its user's), JSON array.
    pub scopes: Json,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
