//! Win/loss reads the closed deals that name competitors from an index of those deals only
//! (per stage, by close), instead of walking every won and lost deal for the few that do.

use sea_orm::ConnectionTrait;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX opportunities_competitors ON opportunities \
                 (tenant_id, stage_id, closed_at) WHERE competitors IS NOT NULL",
            )
            .await?;
        Ok(())
    }
}
