//! Store tests: each scenario on a fresh SQLite database and, when `CLOSER_TEST_PG_URL` is
//! set, on a fresh PostgreSQL database too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backup;
mod cash;
mod credit_totals;
mod forecast_totals;
mod query_plans;
mod schema;
mod search;
mod win_loss;
mod writes;

use closer_store::{tenants::NewTenant, Store};

pub async fn tenant(store: &Store, slug: &str) -> closer_store::tenants::CreatedTenant {
    store
        .create_tenant(NewTenant {
            slug: slug.into(),
            name: format!("{slug} company"),
            admin_email: format!("admin@{slug}.example.com"),
            admin_name: "Admin".into(),
            admin_password_hash: "not-a-real-hash".into(),
            language: "en-US".into(),
            currency: "CNY".into(),
        })
        .await
        .unwrap()
}

/// A small deterministic generator, so a failure replays exactly.
pub struct Dice(pub u64);

impl Dice {
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// An administrator makes the stage `key` of a process won (its win rate 100 %).
pub async fn make_stage_won(
    ts: &closer_store::TenantStore,
    admin: uuid::Uuid,
    process: &closer_store::entity::sales_process::Model,
    stages: &[closer_store::entity::stage::Model],
    key: &str,
) {
    let edits = stages
        .iter()
        .map(|s| closer_store::opportunities::process::StageEdit {
            key: s.key.clone(),
            name: s.name.clone(),
            name_en: s.name_en.clone(),
            win_rate_bp: if s.key == key { 10_000 } else { s.win_rate_bp },
            is_won: s.is_won || s.key == key,
            is_lost: s.is_lost,
            tasks: s.tasks.clone(),
        })
        .collect();
    ts.edit_process(admin, process.id, None, process.name.clone(), edits)
        .await
        .unwrap();
}

/// A backup of `store` restored into a fresh SQLite database.
pub async fn restored_copy(store: &Store) -> (closer_store::testing::TestDb, Store) {
    let files = tempfile::tempdir().unwrap();
    let mut backup = Vec::new();
    store.backup(&mut backup, files.path()).await.unwrap();
    let target_db = closer_store::testing::sqlite();
    let target = target_db.store().await;
    let target_files = tempfile::tempdir().unwrap();
    target
        .restore(backup.as_slice(), target_files.path())
        .await
        .unwrap();
    (target_db, target)
}
