//! Every business table leads its primary key and every index with `tenant_id`.

use closer_store::{backup, testing};
use sea_orm::ConnectionTrait;

/// Platform tables, looked up before a tenant is known. They carry `tenant_id` all the same.
const PLATFORM: &[&str] = &[
    "tenants",
    "sessions",
    "api_tokens",
    "login_attempts",
    "jobs",
    "capture_forms",
];
/// Bookkeeping of the store itself.
const INTERNAL: &[&str] = &["seaql_migrations", "write_gate"];

async fn rows(store: &closer_store::Store, sql: &str) -> Vec<sea_orm::QueryResult> {
    let backend = store.db().get_database_backend();
    store
        .db()
        .query_all(sea_orm::Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
}

#[tokio::test]
async fn business_tables_lead_with_tenant_id() {
    let db = testing::sqlite();
    let store = db.store().await;
    let tables: Vec<String> = rows(
        &store,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .await
    .iter()
    .map(|r| r.try_get::<String>("", "name").unwrap())
    // The search box's trigram tables (and FTS5's own tables behind them) are derived from
    // the records by triggers, which fill them again as a restore loads the records.
    .filter(|name| {
        !closer_store::migration::m0022_search_index::INDEXED
            .iter()
            .any(|(table, _)| name.starts_with(&format!("{table}_search")))
    })
    .collect();
    assert!(tables.len() >= 10, "found tables {tables:?}");
    for table in &tables {
        if INTERNAL.contains(&table.as_str()) {
            continue;
        }
        let columns = rows(&store, &format!("PRAGMA table_info({table})")).await;
        let has_tenant = columns
            .iter()
            .any(|c| c.try_get::<String>("", "name").unwrap() == "tenant_id");
        assert!(has_tenant, "{table} has no tenant_id column");
        if PLATFORM.contains(&table.as_str()) {
            continue;
        }
        let first_pk = columns
            .iter()
            .find(|c| c.try_get::<i32>("", "pk").unwrap() == 1)
            .map(|c| c.try_get::<String>("", "name").unwrap());
        assert_eq!(
            first_pk.as_deref(),
            Some("tenant_id"),
            "{table}'s primary key must start with tenant_id"
        );
        for index in rows(&store, &format!("PRAGMA index_list({table})")).await {
            let name: String = index.try_get("", "name").unwrap();
            let first = rows(&store, &format!("PRAGMA index_info('{name}')")).await;
            let first_col: String = first
                .iter()
                .find(|c| c.try_get::<i32>("", "seqno").unwrap() == 0)
                .map(|c| c.try_get("", "name").unwrap())
                .unwrap();
            assert_eq!(
                first_col, "tenant_id",
                "index {name} on {table} must start with tenant_id"
            );
        }
    }
    // Every table is either backed up or deliberately left out, so backups stay whole.
    for table in &tables {
        assert!(
            backup::TABLES.contains(&table.as_str())
                || backup::NOT_BACKED_UP.contains(&table.as_str()),
            "{table} is neither in backups nor listed as left out"
        );
    }
}

#[tokio::test]
async fn migrating_twice_changes_nothing() {
    for db in testing::databases().await {
        let store = db.store().await;
        store.migrate().await.unwrap();
        crate::tenant(&store, "acme").await;
        store.migrate().await.unwrap();
        assert_eq!(store.tenants().await.unwrap().len(), 1, "{:?}", db.backend);
        db.cleanup().await;
    }
}
