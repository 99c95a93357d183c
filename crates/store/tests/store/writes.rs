//! The one write path: optimistic locking and history in the same transaction.

use closer_store::{org::directory::DepartmentChanges, testing, StoreError};

#[tokio::test]
async fn stale_versions_are_refused_and_history_is_kept() {
    for db in testing::databases().await {
        let store = db.store().await;
        let t = crate::tenant(&store, "acme").await;
        let ts = store.tenant(t.tenant.tenant_id);
        let actor = t.admin.id;
        let d = ts
            .create_department(actor, "East".into(), None, true, None)
            .await
            .unwrap();
        assert_eq!(d.version, 1);
        let renamed = ts
            .update_department(
                actor,
                d.id,
                Some(1),
                DepartmentChanges {
                    name: Some("华东".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(renamed.version, 2);
        // A writer still holding version 1 is refused, and nothing changes.
        let stale = ts
            .update_department(
                actor,
                d.id,
                Some(1),
                DepartmentChanges {
                    name: Some("Lost".into()),
                    ..Default::default()
                },
            )
            .await;
        assert!(
            matches!(stale, Err(StoreError::StaleVersion)),
            "{:?}: {stale:?}",
            db.backend
        );
        assert_eq!(ts.department(d.id).await.unwrap().name, "华东");

        let history = ts.history("departments", d.id, 10).await.unwrap();
        assert_eq!(history.len(), 2, "created + renamed");
        assert_eq!(history[0].action, "updated");
        assert_eq!(history[0].actor_id, Some(actor));
        let changes = history[0].changes.as_array().unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0]["field"], "name");
        assert_eq!(changes[0]["old"], "East");
        assert_eq!(changes[0]["new"], "华东");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn department_moves_refuse_cycles_and_other_tenants() {
    for db in testing::databases().await {
        let store = db.store().await;
        let a = crate::tenant(&store, "alpha").await;
        let b = crate::tenant(&store, "beta").await;
        let ta = store.tenant(a.tenant.tenant_id);
        let tb = store.tenant(b.tenant.tenant_id);
        let east = ta
            .create_department(a.admin.id, "East".into(), None, true, None)
            .await
            .unwrap();
        let sh = ta
            .create_department(a.admin.id, "Shanghai".into(), Some(east.id), false, None)
            .await
            .unwrap();
        let cycle = ta
            .update_department(
                a.admin.id,
                east.id,
                None,
                DepartmentChanges {
                    parent_id: Some(Some(sh.id)),
                    ..Default::default()
                },
            )
            .await;
        assert!(
            matches!(cycle, Err(StoreError::Conflict("department_cycle"))),
            "{cycle:?}"
        );
        // Tenant B cannot see, change or hang a department under tenant A's.
        assert!(matches!(
            tb.department(east.id).await,
            Err(StoreError::NotFound)
        ));
        let foreign = tb
            .create_department(b.admin.id, "X".into(), Some(east.id), false, None)
            .await;
        assert!(
            matches!(foreign, Err(StoreError::Conflict("unknown_parent"))),
            "{foreign:?}"
        );
        let foreign_patch = tb
            .update_department(
                b.admin.id,
                east.id,
                None,
                DepartmentChanges {
                    name: Some("Hijacked".into()),
                    ..Default::default()
                },
            )
            .await;
        assert!(matches!(foreign_patch, Err(StoreError::NotFound)));
        assert_eq!(ta.department(east.id).await.unwrap().name, "East");
        db.cleanup().await;
    }
}

/// PostgreSQL breaking a deadlock between two writers answers the loser with a conflict to
/// retry, not a database failure.
#[tokio::test]
async fn a_deadlock_is_a_conflict_to_retry() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    for db in testing::databases().await {
        if db.backend != closer_store::Backend::Postgres {
            continue;
        }
        let store = db.store().await;
        let conn = store.db();
        conn.execute_unprepared("CREATE TABLE deadlock_probe (id INTEGER PRIMARY KEY, n INTEGER)")
            .await
            .unwrap();
        conn.execute_unprepared("INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)")
            .await
            .unwrap();
        let (a, b) = (conn.begin().await.unwrap(), conn.begin().await.unwrap());
        a.execute_unprepared("UPDATE deadlock_probe SET n = 1 WHERE id = 1")
            .await
            .unwrap();
        b.execute_unprepared("UPDATE deadlock_probe SET n = 1 WHERE id = 2")
            .await
            .unwrap();
        let (first, second) = tokio::join!(
            a.execute_unprepared("UPDATE deadlock_probe SET n = 2 WHERE id = 2"),
            b.execute_unprepared("UPDATE deadlock_probe SET n = 2 WHERE id = 1"),
        );
        let loser = first
            .err()
            .or(second.err())
            .expect("one of them is refused");
        assert!(
            matches!(
                closer_store::StoreError::from(loser),
                closer_store::StoreError::Conflict("write_conflict")
            ),
            "a deadlock maps to write_conflict"
        );
        drop((a, b));
        db.cleanup().await;
    }
}
