use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An uploaded lead file: its columns, the mapping chosen, and how the import went.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "lead_imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub file_name: String,
    /// Where the upload is kept, under the server's files folder.
    pub file_path: String,
    pub size_bytes: i64,
    /// `uploaded`, `queued`, `running`, `done`, `failed`.
    pub status: String,
    /// The header row as read.
    pub headers: Json,
    /// For each column, the field key it fills or null.
    pub mapping: Json,
    pub rows_total: i64,
    pub imported: i64,
    pub rejected: i64,
    pub warnings: i64,
    pub keep_good_rows: bool,
    pub job_id: Option<Uuid>,
    pub report_path: Option<String>,
    pub error: Option<String>,
    /// What is imported: `leads` or `opportunities`.
    pub kind: String,
    /// Values of the file mapped by the user to records (an opportunity import's stages and
    /// products): `{"stage": {"value": id}, "product": {"value": id}}`.
    pub value_mapping: Option<Json>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
