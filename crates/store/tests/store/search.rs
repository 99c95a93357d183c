//! The search box's text index follows the records and can be filled again.

use closer_store::{analytics::search::SearchKind, testing};
use sea_orm::ConnectionTrait;

#[tokio::test]
async fn the_search_index_follows_the_records_and_is_filled_again() {
    for db in testing::databases().await {
        let store = db.store().await;
        let t = crate::tenant(&store, "acme").await;
        let ts = store.tenant(t.tenant.tenant_id);
        let actor = t.admin.id;
        let now = closer_store::now();
        for name in ["上海示例科技有限公司", "北京另一家贸易公司"] {
            ts.create_customer(
                actor,
                closer_store::customers::records::blank_customer(
                    ts.tenant_id(),
                    name.into(),
                    Some(actor),
                    now,
                ),
            )
            .await
            .unwrap();
        }
        let titles = |hits: Vec<closer_store::analytics::search::SearchHit>| {
            hits.into_iter().map(|h| h.title).collect::<Vec<_>>()
        };
        for q in ["示", "示例", "示例科技", "有限公司"] {
            let hits = ts.search(SearchKind::Customer, q, None, 10).await.unwrap();
            assert_eq!(titles(hits), vec!["上海示例科技有限公司"], "{q}");
        }
        let hits = ts
            .search(SearchKind::Customer, "公司", None, 10)
            .await
            .unwrap();
        assert_eq!(titles(hits).len(), 2);
        if db.backend == closer_store::Backend::Sqlite {
            // What a VACUUM that renumbered the rows would leave: an index out of step.
            store
                .db()
                .execute_unprepared(
                    "INSERT INTO customers_search (customers_search) VALUES ('delete-all')",
                )
                .await
                .unwrap();
            let hits = ts
                .search(SearchKind::Customer, "示例", None, 10)
                .await
                .unwrap();
            assert!(hits.is_empty(), "the emptied index finds nothing");
        }
        store.reindex_search().await.unwrap();
        let hits = ts
            .search(SearchKind::Customer, "示例", None, 10)
            .await
            .unwrap();
        assert_eq!(titles(hits), vec!["上海示例科技有限公司"]);
        db.cleanup().await;
    }
}
