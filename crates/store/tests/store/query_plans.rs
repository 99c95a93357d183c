//! The contract lists and the approvals inbox are answered from their indexes, never by
//! scanning the table and sorting: SQLite's plan for each list's query names the index and
//! has no temporary sort.

use closer_store::testing;
use sea_orm::ConnectionTrait;

async fn plan(store: &closer_store::Store, sql: &str) -> String {
    let backend = store.db().get_database_backend();
    store
        .db()
        .query_all(sea_orm::Statement::from_string(
            backend,
            format!("EXPLAIN QUERY PLAN {sql}"),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "detail").unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

const T: &str = "'00000000-0000-0000-0000-000000000001'";
const U: &str = "'00000000-0000-0000-0000-000000000002'";

#[tokio::test]
async fn contract_lists_and_the_inbox_use_their_indexes() {
    let db = testing::sqlite();
    let store = db.store().await;
    for (sql, index) in [
        // A status filter (finance's "in approval" list), newest first.
        (
            format!("SELECT * FROM contracts WHERE tenant_id = {T} AND status = 'active' ORDER BY id DESC LIMIT 51"),
            "contracts_status",
        ),
        // A rep's own contracts.
        (
            format!("SELECT * FROM contracts WHERE tenant_id = {T} AND owner_id IN ({U}) ORDER BY id DESC LIMIT 51"),
            "contracts_owner",
        ),
        // A rep's contracts of one status.
        (
            format!("SELECT * FROM contracts WHERE tenant_id = {T} AND owner_id = {U} AND status = 'active' ORDER BY id DESC LIMIT 51"),
            "contracts_owner_status",
        ),
        // The approvals inbox.
        (
            format!("SELECT id, approval_id FROM approval_tasks WHERE tenant_id = {T} AND user_id = {U} AND status = 'pending' ORDER BY id DESC LIMIT 51"),
            "approval_tasks_inbox",
        ),
        // The approvers of one step (a decision, a reassignment).
        (
            format!("SELECT * FROM approval_tasks WHERE tenant_id = {T} AND approval_id = {U} AND step_id = {U}"),
            "approval_tasks_approval",
        ),
        // The approvals of one contract.
        (
            format!("SELECT * FROM approvals WHERE tenant_id = {T} AND record_type = 'contract' AND record_id = {U} ORDER BY id DESC LIMIT 51"),
            "approvals_record",
        ),
        // A contract's orders.
        (
            format!("SELECT * FROM orders WHERE tenant_id = {T} AND contract_id = {U} ORDER BY number DESC LIMIT 1"),
            "orders_contract",
        ),
    ] {
        let p = plan(&store, &sql).await;
        assert!(p.contains(index), "{sql}\nshould use {index}:\n{p}");
        assert!(!p.contains("TEMP B-TREE"), "{sql}\nsorts instead of reading in order:\n{p}");
    }
    db.cleanup().await;
}
