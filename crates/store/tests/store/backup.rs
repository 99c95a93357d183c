//! Backups are whole and restore on either engine.

use closer_store::testing;

#[tokio::test]
async fn backup_restores_into_a_fresh_database_of_either_engine() {
    let source_db = testing::sqlite();
    let source = source_db.store().await;
    let t = crate::tenant(&source, "acme").await;
    let ts = source.tenant(t.tenant.tenant_id);
    let east = ts
        .create_department(t.admin.id, "华东大区".into(), None, true, None)
        .await
        .unwrap();
    let mut file = Vec::new();
    let counts = source.backup(&mut file).await.unwrap();
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    assert!(
        total >= 10,
        "tenant, departments, roles, user, history: {counts:?}"
    );

    let mut targets = vec![testing::sqlite()];
    if let Some(pg) = testing::postgres().await {
        targets.push(pg);
    }
    for target_db in targets {
        let target = target_db.store().await;
        let restored = target.restore(file.as_slice()).await.unwrap();
        assert_eq!(
            restored.iter().map(|(_, n)| n).sum::<u64>(),
            total,
            "{:?}",
            target_db.backend
        );
        let tt = target.tenant(t.tenant.tenant_id);
        let d = tt.department(east.id).await.unwrap();
        assert_eq!(d.name, "华东大区");
        assert_eq!(d.created_at, east.created_at, "instants survive exactly");
        assert_eq!(tt.user(t.admin.id).await.unwrap().email, t.admin.email);
        assert_eq!(
            tt.history("departments", east.id, 10).await.unwrap().len(),
            1
        );
        // A second restore into a database that already has data is refused, changing nothing.
        assert!(target.restore(file.as_slice()).await.is_err());
        assert_eq!(target.tenants().await.unwrap().len(), 1);
        target_db.cleanup().await;
    }
    // A file that is not a backup is refused.
    let other = testing::sqlite();
    assert!(other
        .store()
        .await
        .restore(&b"not a backup"[..])
        .await
        .is_err());
}
