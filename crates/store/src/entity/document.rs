use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A file kept with a customer or an opportunity (contracts later): its metadata here, its
/// bytes in the documents folder.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Exactly one parent is set.
    pub customer_id: Option<Uuid>,
    pub opportunity_id: Option<Uuid>,
    /// The file name as uploaded (its last path part).
    pub name: String,
    /// The content type it is served with, decided from its bytes.
    pub content_type: String,
    /// The document kind's key (`pdf`, `docx`, `png`, `csv`, …).
    pub kind: String,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Where the bytes are, relative to the documents' files folder
    /// (`documents/<tenant_id>/<id>`).
    pub storage_path: String,
    pub uploaded_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
