//! Backups are whole and restore on either engine.

use closer_store::{entity::document, testing};
use sha2::Digest;

/// Bytes that do not compress away and span several backup chunks (1 MiB each).
fn document_bytes() -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut x: u32 = 0x9e37_79b9;
    while out.len() < 2 * 1024 * 1024 + 12_345 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

/// A customer with one document whose bytes are in `files`.
async fn customer_with_document(
    ts: &closer_store::TenantStore,
    actor: uuid::Uuid,
    files: &std::path::Path,
    bytes: &[u8],
) -> document::Model {
    let now = closer_store::now();
    let c = ts
        .create_customer(
            actor,
            closer_store::customers::records::blank_customer(
                ts.tenant_id(),
                "上海示例科技有限公司".into(),
                Some(actor),
                now,
            ),
        )
        .await
        .unwrap();
    let id = closer_domain::ids::new_id();
    let storage_path = closer_store::activities::documents::storage_path(ts.tenant_id(), id);
    let path = files.join(&storage_path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    ts.create_document(document::Model {
        tenant_id: ts.tenant_id(),
        id,
        customer_id: Some(c.id),
        opportunity_id: None,
        name: "合同 2024.pdf".into(),
        content_type: "application/pdf".into(),
        kind: "pdf".into(),
        size_bytes: i64::try_from(bytes.len()).unwrap(),
        sha256: hex::encode(sha2::Sha256::digest(bytes)),
        storage_path,
        uploaded_by: actor,
        created_at: now,
        updated_at: now,
        version: 1,
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn backup_restores_into_a_fresh_database_of_either_engine() {
    for source_db in testing::databases().await {
        let source = source_db.store().await;
        let t = crate::tenant(&source, "acme").await;
        let ts = source.tenant(t.tenant.tenant_id);
        let east = ts
            .create_department(t.admin.id, "华东大区".into(), None, true, None)
            .await
            .unwrap();
        let source_files = tempfile::tempdir().unwrap();
        let bytes = document_bytes();
        let doc = customer_with_document(&ts, t.admin.id, source_files.path(), &bytes).await;
        let mut file = Vec::new();
        let summary = source.backup(&mut file, source_files.path()).await.unwrap();
        let total = summary.rows();
        assert!(
            total >= 10,
            "tenant, departments, roles, user, history: {summary:?}"
        );
        assert_eq!((summary.files, summary.file_bytes), (1, bytes.len() as u64));

        let mut targets = vec![testing::sqlite()];
        if let Some(pg) = testing::postgres().await {
            targets.push(pg);
        }
        for target_db in targets {
            let target = target_db.store().await;
            let target_files = tempfile::tempdir().unwrap();
            let restored = target
                .restore(file.as_slice(), target_files.path())
                .await
                .unwrap();
            assert_eq!(restored.rows(), total, "{:?}", target_db.backend);
            assert_eq!(restored.files, 1);
            let tt = target.tenant(t.tenant.tenant_id);
            let d = tt.department(east.id).await.unwrap();
            assert_eq!(d.name, "华东大区");
            assert_eq!(d.created_at, east.created_at, "instants survive exactly");
            assert_eq!(tt.user(t.admin.id).await.unwrap().email, t.admin.email);
            assert_eq!(
                tt.history("departments", east.id, 10).await.unwrap().len(),
                1
            );
            // The document comes back with identical bytes where its row says.
            let d = tt.document(doc.id).await.unwrap();
            assert_eq!(d, doc);
            let restored_bytes = std::fs::read(target_files.path().join(&d.storage_path)).unwrap();
            assert!(
                restored_bytes == bytes,
                "the document's bytes are identical"
            );
            // A second restore into a database that already has data is refused, changing nothing.
            let again = tempfile::tempdir().unwrap();
            assert!(target.restore(file.as_slice(), again.path()).await.is_err());
            assert_eq!(target.tenants().await.unwrap().len(), 1);
            target_db.cleanup().await;
        }
        // A file that is not a backup is refused.
        let other = testing::sqlite();
        let nowhere = tempfile::tempdir().unwrap();
        assert!(other
            .store()
            .await
            .restore(&b"not a backup"[..], nowhere.path())
            .await
            .is_err());
        source_db.cleanup().await;
    }
}

#[tokio::test]
async fn a_backup_without_a_documents_file_fails_and_a_damaged_one_restores_nothing() {
    for source_db in testing::databases().await {
        let source = source_db.store().await;
        let t = crate::tenant(&source, "acme").await;
        let ts = source.tenant(t.tenant.tenant_id);
        let files = tempfile::tempdir().unwrap();
        let doc = customer_with_document(&ts, t.admin.id, files.path(), b"%PDF-1.7\nsmall").await;

        // A file whose bytes changed behind the store's back restores nothing at all.
        std::fs::write(files.path().join(&doc.storage_path), b"%PDF-1.7\nSMALL").unwrap();
        let mut backup = Vec::new();
        source.backup(&mut backup, files.path()).await.unwrap();
        let target_db = testing::sqlite();
        let target = target_db.store().await;
        let target_files = tempfile::tempdir().unwrap();
        let err = target
            .restore(backup.as_slice(), target_files.path())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
        assert!(target.tenants().await.unwrap().is_empty(), "no rows kept");
        assert!(
            !target_files.path().join(&doc.storage_path).exists(),
            "no file kept"
        );

        // A document row whose file is lost fails the backup, naming the document.
        std::fs::remove_file(files.path().join(&doc.storage_path)).unwrap();
        let err = source
            .backup(&mut Vec::new(), files.path())
            .await
            .unwrap_err();
        assert!(err.to_string().contains(&doc.id.to_string()), "{err}");
        source_db.cleanup().await;
    }
}

/// A backup cut short, missing its closing line, or altered restores nothing and says why
/// (issue 11).
#[tokio::test]
async fn an_incomplete_or_altered_backup_restores_nothing() {
    use std::io::{Read as _, Write as _};
    for source_db in testing::databases().await {
        let source = source_db.store().await;
        crate::tenant(&source, "acme").await;
        let files = tempfile::tempdir().unwrap();
        let mut backup = Vec::new();
        source.backup(&mut backup, files.path()).await.unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&backup[..])
            .read_to_string(&mut text)
            .unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines.last().unwrap().contains(r#""end":"closer-backup""#),
            "the last line closes the file"
        );
        let gz = |s: String| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(s.as_bytes()).unwrap();
            e.finish().unwrap()
        };
        let without = |skip: usize| {
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| format!("{l}\n"))
                .collect::<String>()
        };
        let cases = [
            (
                "without its closing line",
                gz(without(lines.len() - 1)),
                "incomplete",
            ),
            (
                "cut mid-way",
                backup[..backup.len() / 2].to_vec(),
                "damaged",
            ),
            (
                "a row altered",
                gz(text.replacen("acme", "acmf", 1)),
                "damaged",
            ),
            ("a row dropped", gz(without(2)), "damaged"),
        ];
        for (label, bytes, word) in cases {
            let target_db = testing::sqlite();
            let target = target_db.store().await;
            let target_files = tempfile::tempdir().unwrap();
            let err = target
                .restore(bytes.as_slice(), target_files.path())
                .await
                .unwrap_err();
            assert!(err.to_string().contains(word), "{label}: {err}");
            assert!(
                target.tenants().await.unwrap().is_empty(),
                "{label}: nothing restored"
            );
        }
        source_db.cleanup().await;
    }
}

#[test]
fn a_receivable_in_a_backup_from_before_the_owed_flag_restores_as_owed() {
    use closer_store::entity::receivable;
    let now = closer_store::now();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let r = receivable::Model {
        tenant_id: uuid::Uuid::nil(),
        id: closer_domain::ids::new_id(),
        contract_id: closer_domain::ids::new_id(),
        order_id: None,
        customer_id: closer_domain::ids::new_id(),
        owner_id: None,
        position: 0,
        due_on: day,
        amount_minor: 10_000,
        paid_minor: 0,
        written_off_minor: 0,
        outstanding_minor: 10_000,
        invoiced_minor: 0,
        currency: "CNY".into(),
        in_plan: true,
        owed: false,
        settled_on: None,
        reminded_on: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let mut row = serde_json::to_value(&r).unwrap();
    assert_eq!(row["owed"], false);
    row.as_object_mut().unwrap().remove("owed");
    let restored: receivable::Model = serde_json::from_value(row).unwrap();
    assert!(restored.owed, "an older backup's receivables were all owed");
    assert_eq!(restored.outstanding_minor, 10_000);
}
