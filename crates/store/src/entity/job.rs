use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A unit of background work, taken by one runner at a time under a lease. Platform table.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub kind: String,
    pub payload: Json,
    /// `queued`, `running`, `done`, `failed`
    pub status: String,
    /// Makes scheduled and repeated enqueues idempotent.
    #[sea_orm(unique)]
    pub dedupe_key: Option<String>,
    pub run_at: DateTimeUtc,
    pub attempts: i32,
    pub max_attempts: i32,
    pub lease_until: Option<DateTimeUtc>,
    pub locked_by: Option<String>,
    pub progress_done: i64,
    pub progress_total: i64,
    pub result: Option<Json>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
