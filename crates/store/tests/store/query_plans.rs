//! The contract lists and the approvals inbox are answered from their indexes, never by
//! scanning the table and sorting: SQLite's plan for each list's query names the index and
//! has no temporary sort.

use closer_store::testing;
use sea_orm::{ConnectionTrait, TransactionTrait};

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
        // Deals and contracts by amount, both ways, a page at a time.
        (
            format!("SELECT * FROM opportunities WHERE tenant_id = {T} ORDER BY amount_minor DESC, id DESC LIMIT 51"),
            "opportunities_amount",
        ),
        (
            format!("SELECT * FROM opportunities WHERE tenant_id = {T} AND (amount_minor > 5 OR (amount_minor = 5 AND id > {U})) ORDER BY amount_minor, id LIMIT 51"),
            "opportunities_amount",
        ),
        (
            format!("SELECT * FROM contracts WHERE tenant_id = {T} ORDER BY amount_minor DESC, id DESC LIMIT 51"),
            "contracts_amount",
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

#[tokio::test]
async fn cash_lists_and_aging_use_their_indexes() {
    let db = testing::sqlite();
    let store = db.store().await;
    for (sql, index) in [
        (format!("SELECT * FROM payments WHERE tenant_id = {T} AND customer_id = {U} ORDER BY id DESC LIMIT 51"), "payments_customer"),
        (format!("SELECT * FROM payments WHERE tenant_id = {T} AND contract_id = {U} ORDER BY id DESC LIMIT 51"), "payments_contract"),
        (format!("SELECT * FROM payments WHERE tenant_id = {T} AND owner_id IN ({U}) ORDER BY id DESC LIMIT 51"), "payments_owner"),
        (format!("SELECT * FROM payments WHERE tenant_id = {T} AND status = 'reversed' ORDER BY id DESC LIMIT 51"), "payments_status"),
        (format!("SELECT * FROM payments WHERE tenant_id = {T} AND idempotency_key = 'k'"), "payments_idempotency"),
        (format!("SELECT * FROM payment_allocations WHERE tenant_id = {T} AND payment_id IN ({U})"), "payment_allocations_payment"),
        (format!("SELECT * FROM invoices WHERE tenant_id = {T} AND contract_id = {U} ORDER BY id DESC LIMIT 51"), "invoices_contract"),
        (format!("SELECT * FROM invoices WHERE tenant_id = {T} AND customer_id = {U} ORDER BY id DESC LIMIT 51"), "invoices_customer"),
        (format!("SELECT * FROM invoices WHERE tenant_id = {T} AND owner_id IN ({U}) ORDER BY id DESC LIMIT 51"), "invoices_owner"),
        (format!("SELECT * FROM invoices WHERE tenant_id = {T} AND status = 'void' ORDER BY id DESC LIMIT 51"), "invoices_status"),
        (format!("SELECT * FROM refunds WHERE tenant_id = {T} AND status = 'approved' ORDER BY id DESC LIMIT 51"), "refunds_status"),
        (format!("SELECT * FROM refunds WHERE tenant_id = {T} AND owner_id IN ({U}) ORDER BY id DESC LIMIT 51"), "refunds_owner"),
        (format!("SELECT * FROM bank_lines WHERE tenant_id = {T} AND status = 'unmatched' ORDER BY id DESC LIMIT 51"), "bank_lines_status"),
        // The drill-through and "who owes me what": what is owing, earliest due first.
        (format!("SELECT * FROM receivables WHERE tenant_id = {T} AND in_plan = 1 AND outstanding_minor > 0 AND customer_id = {U} ORDER BY due_on, id LIMIT 51"), "receivables_open_customer"),
        (format!("SELECT * FROM receivables WHERE tenant_id = {T} AND in_plan = 1 AND outstanding_minor > 0 AND owner_id IN ({U}) ORDER BY due_on, id LIMIT 51"), "receivables_open_owner"),
        (format!("SELECT * FROM receivables WHERE tenant_id = {T} AND in_plan = 1 AND outstanding_minor > 0 AND due_on <= '2026-03-01' ORDER BY due_on, id LIMIT 51"), "receivables_open_due"),
        (format!("SELECT * FROM receivables WHERE tenant_id = {T} AND in_plan = 1 AND customer_id = {U} ORDER BY due_on, id LIMIT 51"), "receivables_customer"),
        (format!("SELECT * FROM receivables WHERE tenant_id = {T} AND in_plan = 1 AND contract_id = {U} ORDER BY due_on, id LIMIT 51"), "receivables_contract"),
        // Aging reads only what is owing, from the partial index, without the table.
        (format!("SELECT customer_id, SUM(outstanding_minor) FROM receivables WHERE tenant_id = {T} AND outstanding_minor > 0 GROUP BY customer_id"), "COVERING INDEX receivables_open_customer"),
        (format!("SELECT owner_id, SUM(outstanding_minor) FROM receivables WHERE tenant_id = {T} AND outstanding_minor > 0 GROUP BY owner_id"), "COVERING INDEX receivables_open_owner"),
        // The maintained totals, by customer and by owner.
        (format!("SELECT customer_id, SUM(outstanding_minor) FROM aging_totals WHERE tenant_id = {T} GROUP BY customer_id"), "sqlite_autoindex_aging_totals_1"),
        (format!("SELECT owner_id, SUM(outstanding_minor) FROM aging_totals WHERE tenant_id = {T} AND owner_id IN ({U}) GROUP BY owner_id"), "COVERING INDEX aging_totals_owner"),
    ] {
        let p = plan(&store, &sql).await;
        assert!(p.contains(index), "{sql}\nshould use {index}:\n{p}");
        assert!(!p.contains("TEMP B-TREE"), "{sql}\nsorts instead of reading in order:\n{p}");
    }
    db.cleanup().await;
}

#[tokio::test]
async fn targets_and_incentives_read_through_their_indexes() {
    let db = testing::sqlite();
    let store = db.store().await;
    let (from, to) = ("'2026-01-01'", "'2027-01-01'");
    for (sql, index) in [
        // Lists.
        (format!("SELECT * FROM target_plans WHERE tenant_id = {T} AND year = 2026 ORDER BY year DESC, id DESC"), "target_plans_year"),
        (format!("SELECT * FROM compensation_runs WHERE tenant_id = {T} AND plan_id = {U} ORDER BY id DESC"), "compensation_runs_plan"),
        (format!("SELECT * FROM compensation_lines WHERE tenant_id = {T} AND run_id = {U} ORDER BY position"), "compensation_lines_run"),
        (format!("SELECT * FROM user_moves WHERE tenant_id = {T} AND kind = 'department' ORDER BY at"), "user_moves_kind"),
        (format!("SELECT * FROM opportunity_splits WHERE tenant_id = {T} AND opportunity_id IN ({U})"), "sqlite_autoindex_opportunity_splits_1"),
        // Completion, one metric at a time, from covering indexes.
        (format!("SELECT o.owner_id, SUM(o.amount_minor) FROM opportunities o WHERE o.tenant_id = {T} AND o.closed_at >= {from} AND o.closed_at < {to} AND o.stage_id IN (SELECT id FROM stages WHERE tenant_id = {T} AND is_won) GROUP BY o.owner_id"), "COVERING INDEX opportunities_closed_credit"),
        // The maintained totals: a range of months of one metric.
        (format!("SELECT owner_id, month, amount_minor FROM credit_totals WHERE tenant_id = {T} AND metric = 'payments' AND month >= 203001 AND month < 203101"), "PRIMARY KEY (tenant_id=? AND metric=? AND month>? AND month<?)"),
        // A contract changing hands moves its payments' credit: its payments, by contract.
        (format!("SELECT p.tenant_id, CAST(strftime('%Y%m', p.received_on) AS INTEGER), COALESCE({U}, p.owner_id), SUM(p.amount_minor - p.refunded_minor) FROM payments p INDEXED BY payments_contract WHERE p.tenant_id = {T} AND p.contract_id = {U} AND p.status = 'posted' GROUP BY p.tenant_id, CAST(strftime('%Y%m', p.received_on) AS INTEGER), COALESCE({U}, p.owner_id)"), "payments_contract"),
        // The few records of split deals, reached from the splits.
        (format!("SELECT p.amount_minor, p.received_on, p.created_at FROM opportunity_splits s CROSS JOIN contracts c CROSS JOIN payments p WHERE c.tenant_id = s.tenant_id AND c.opportunity_id = s.opportunity_id AND p.tenant_id = c.tenant_id AND p.contract_id = c.id AND s.tenant_id = {T} AND s.position = 0 AND (p.status || '') = 'posted'"), "payments_contract"),
        (format!("SELECT c.amount_minor, c.signed_on, c.created_at FROM opportunity_splits s CROSS JOIN contracts c WHERE c.tenant_id = s.tenant_id AND c.opportunity_id = s.opportunity_id AND s.tenant_id = {T} AND s.position = 0 AND (c.status || '') IN ('active', 'completed')"), "contracts_opportunity"),
        (format!("SELECT c.owner_id, SUM(c.amount_minor) FROM contracts c LEFT JOIN opportunities o ON o.tenant_id = c.tenant_id AND o.id = c.opportunity_id WHERE c.tenant_id = {T} AND c.signed_on >= {from} AND c.signed_on < {to} AND (c.status || '') IN ('active', 'completed') GROUP BY c.owner_id"), "COVERING INDEX contracts_signed_credit"),
        (format!("SELECT COALESCE(c.owner_id, p.owner_id), SUM(p.amount_minor - p.refunded_minor) FROM payments p LEFT JOIN contracts c ON c.tenant_id = p.tenant_id AND c.id = p.contract_id WHERE p.tenant_id = {T} AND p.received_on >= {from} AND p.received_on < {to} AND (p.status || '') = 'posted' GROUP BY 1"), "COVERING INDEX payments_received_credit"),
        (format!("SELECT k.owner_id, COUNT(*) FROM customers k WHERE k.tenant_id = {T} AND k.created_at >= {from} AND k.created_at < {to} GROUP BY k.owner_id"), "COVERING INDEX customers_created_credit"),
        (format!("SELECT v.owner_id, COUNT(*) FROM activities v WHERE v.tenant_id = {T} AND v.kind = 'visit' AND v.occurred_at >= {from} AND v.occurred_at < {to} GROUP BY v.owner_id"), "COVERING INDEX activities_visits_credit"),
    ] {
        let p = plan(&store, &sql).await;
        assert!(p.contains(index), "{sql}\nshould use {index}:\n{p}");
        assert!(!p.contains("FOR ORDER BY"), "{sql}\nsorts instead of reading in order:\n{p}");
    }
    db.cleanup().await;
}

#[tokio::test]
async fn results_read_through_their_indexes() {
    let db = testing::sqlite();
    let store = db.store().await;
    for (sql, index) in [
        // The deals stuck longest in a stage, one stage at a time.
        (format!("SELECT id FROM opportunities INDEXED BY opportunities_stage_entered WHERE tenant_id = {T} AND stage_id = {U} AND stage_entered_at < '2026-01-01' ORDER BY stage_entered_at LIMIT 10"), "opportunities_stage_entered"),
        // An import's accounts by name, and the deals they already have.
        (format!("SELECT id, name, owner_id FROM customers WHERE tenant_id = {T} AND name IN ('甲公司', '乙公司')"), "customers_name"),
        (format!("SELECT customer_id, name FROM opportunities WHERE tenant_id = {T} AND customer_id IN ({U})"), "opportunities_customer"),
        // The span of a report by month: the first and last month holding closed deals,
        // one step along the totals' key each.
        (format!("SELECT month FROM credit_totals WHERE tenant_id = {T} AND metric = 'won_amount' AND month > 0 AND deals <> 0 ORDER BY month DESC LIMIT 1"), "PRIMARY KEY (tenant_id=? AND metric=? AND month>?)"),
        // Open deals by expected close month and stage, from the forecast's totals.
        (format!("SELECT close_month, stage_id, SUM(opportunities), SUM(amount_minor) FROM forecast_totals WHERE tenant_id = {T} AND close_month >= 203001 AND close_month <= 203012 GROUP BY close_month, stage_id"), "forecast_totals"),
        // The company's deals by product or campaign: a range of months of one dimension.
        (format!("SELECT d.key_id, SUM(d.deals), SUM(d.amount_minor) FROM dimension_totals d JOIN stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id WHERE d.tenant_id = {T} AND d.dimension = 'product' AND (s.is_won OR s.is_lost) AND d.month >= 203001 AND d.month < 203101 GROUP BY d.key_id"), "PRIMARY KEY (tenant_id=? AND dimension=? AND month>? AND month<?)"),
        // The campaign report's size tiers: only the deals that came from a campaign.
        (format!("SELECT o.campaign_id, k.size_tier, COUNT(*) FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id JOIN customers k ON k.tenant_id = o.tenant_id AND k.id = o.customer_id WHERE o.tenant_id = {T} AND o.campaign_id IS NOT NULL GROUP BY 1, 2"), "opportunities_campaign"),
        // Time in each stage: each deal's left stays from the index of its changes by end,
        // never every change of the company for each deal.
        (format!("SELECT o.owner_id, sc.to_stage_id, COUNT(DISTINCT sc.opportunity_id) FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id CROSS JOIN stage_changes sc INDEXED BY stage_changes_open_end ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id WHERE o.tenant_id = {T} AND sc.superseded_at IS NOT NULL AND o.stage_id <> sc.to_stage_id GROUP BY 1, 2"), "stage_changes_open_end (tenant_id=? AND opportunity_id=? AND superseded_at>?)"),
        // Lost deals by the stage they were lost at: down the lost stages' deals, then each
        // deal's last change by its instant (not every change of the company).
        (format!("SELECT sc.from_stage_id, COUNT(*) FROM stages s CROSS JOIN opportunities o INDEXED BY opportunities_stage_newest ON o.tenant_id = s.tenant_id AND o.stage_id = s.id CROSS JOIN stage_changes sc INDEXED BY stage_changes_opportunity ON sc.tenant_id = o.tenant_id AND sc.opportunity_id = o.id AND sc.at = o.closed_at AND sc.to_stage_id = o.stage_id WHERE s.tenant_id = {T} AND s.is_lost GROUP BY 1"), "stage_changes_opportunity (tenant_id=? AND opportunity_id=? AND at=?)"),
        (format!("SELECT o.loss_reason, COUNT(*) FROM stages s CROSS JOIN opportunities o INDEXED BY opportunities_stage_newest ON o.tenant_id = s.tenant_id AND o.stage_id = s.id WHERE s.tenant_id = {T} AND s.is_lost GROUP BY 1"), "opportunities_stage_newest (tenant_id=? AND stage_id=?)"),
        // Competitors met: only the closed deals that name some, from their own index.
        (format!("SELECT o.competitors, o.amount_minor FROM stages s CROSS JOIN opportunities o INDEXED BY opportunities_competitors ON o.tenant_id = s.tenant_id AND o.stage_id = s.id WHERE s.tenant_id = {T} AND (s.is_won OR s.is_lost) AND o.competitors IS NOT NULL"), "opportunities_competitors (tenant_id=? AND stage_id=?)"),
        // Sales cycles per owner over a range of months, from the totals' key.
        (format!("SELECT owner_id, SUM(amount_minor), SUM(deals) FROM credit_totals WHERE tenant_id = {T} AND metric = 'won_cycle_days' AND month >= 203001 AND month < 203101 GROUP BY owner_id"), "PRIMARY KEY (tenant_id=? AND metric=? AND month>? AND month<?)"),
        // Win/loss of a period: the company's rows (or one owner's) along the totals' key.
        (format!("SELECT kind, stage_id, key, SUM(deals), SUM(amount_minor) FROM win_loss_totals WHERE tenant_id = {T} AND month >= 203001 AND month < 203101 AND owner_id = {U} GROUP BY kind, stage_id, key"), "PRIMARY KEY (tenant_id=? AND owner_id=? AND month>? AND month<?)"),
        // Won and lost deals of a period, from the covering index of closes.
        (format!("SELECT o.owner_id, COUNT(*), SUM(o.amount_minor) FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id WHERE o.tenant_id = {T} AND (s.is_won OR s.is_lost) AND o.closed_at >= '2026-01-01' AND o.closed_at < '2027-01-01' GROUP BY 1"), "opportunities_closed"),
    ] {
        let p = plan(&store, &sql).await;
        assert!(p.contains(index), "{sql}\nshould use {index}:\n{p}");
        assert!(!p.contains("FOR ORDER BY"), "{sql}\nsorts instead of reading in order:\n{p}");
    }
    db.cleanup().await;
}

/// The search box reads each kind through its text index on both engines: SQLite's trigram
/// table drives, newest first, with no sort and no walk of the records; PostgreSQL's GIN
/// index of one- and two-character pieces answers a query of any length.
#[tokio::test]
async fn the_search_box_reads_its_text_index() {
    use closer_store::migration::m0022_search_index::{body, fts, INDEXED};
    use sea_orm::DbBackend;
    for db in testing::databases().await {
        let store = db.store().await;
        let backend = store.db().get_database_backend();
        for (table, columns) in INDEXED {
            match backend {
                DbBackend::Postgres => {
                    // The index is usable for a query of any length (on an empty table
                    // the planner would rather walk the tenant's key, so that is left out).
                    for q in ["科", "科技", "星河科技", "138"] {
                        let sql = format!(
                            "SELECT * FROM {table} WHERE \
                             closer_search_grams({}) @> closer_search_query('{q}')",
                            body(backend, table, columns)
                        );
                        let txn = store.db().begin().await.unwrap();
                        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                            .await
                            .unwrap();
                        let p: Vec<String> = txn
                            .query_all(sea_orm::Statement::from_string(
                                backend,
                                format!("EXPLAIN {sql}"),
                            ))
                            .await
                            .unwrap()
                            .iter()
                            .map(|r| r.try_get_by_index::<String>(0).unwrap())
                            .collect();
                        txn.rollback().await.unwrap();
                        let p = p.join("\n");
                        assert!(
                            p.contains(&format!("Bitmap Index Scan on {table}_search")),
                            "{sql}\nshould use {table}_search:\n{p}"
                        );
                    }
                }
                _ => {
                    let (index, _) = fts(table);
                    let sql = format!(
                        "SELECT {table}.* FROM {index} CROSS JOIN {table} ON {table}.rowid = {index}.rowid \
                         WHERE {index} MATCH '\"星河科\" AND \"河科技\"' AND {table}.tenant_id = {T} \
                         ORDER BY {index}.rowid DESC LIMIT 5"
                    );
                    let p = plan(&store, &sql).await;
                    assert!(
                        p.contains(&format!("SCAN {index} VIRTUAL TABLE")),
                        "{sql}\nshould be driven by {index}:\n{p}"
                    );
                    assert!(
                        p.contains(&format!(
                            "SEARCH {table} USING INTEGER PRIMARY KEY (rowid=?)"
                        )),
                        "{sql}\nshould read each record by its rowid:\n{p}"
                    );
                    assert!(!p.contains("TEMP B-TREE"), "{sql}\nsorts:\n{p}");
                    // A list searched for something the index finds in few records (at
                    // most 2,000) reads those through the index, then puts them in order
                    // (a sort of those few, not of the table).
                    let sql = format!(
                        "SELECT {table}.* FROM {index} CROSS JOIN {table} ON {table}.rowid = {index}.rowid \
                         WHERE {table}.tenant_id = {T} AND {index} MATCH '\"测试1\" AND \"试12\" AND \"123\"' \
                         ORDER BY {table}.id DESC LIMIT 51"
                    );
                    let p = plan(&store, &sql).await;
                    assert!(
                        p.contains(&format!("SCAN {index} VIRTUAL TABLE")),
                        "{sql}\nshould read {index}:\n{p}"
                    );
                    assert!(
                        p.contains(&format!(
                            "SEARCH {table} USING INTEGER PRIMARY KEY (rowid=?)"
                        )),
                        "{sql}\nshould read each record by its rowid:\n{p}"
                    );
                    assert!(
                        !p.lines().any(|l| {
                            let l = l.trim();
                            l == format!("SCAN {table}") || l.starts_with(&format!("SCAN {table} "))
                        }),
                        "{sql}\nscans:\n{p}"
                    );
                }
            }
        }
        db.cleanup().await;
    }
}

/// A stage move's trigger reaches the one change still open (and the few a change stored
/// out of order cut short) through `stage_changes_open_end`, never every earlier change of
/// the deal: a move costs the same however long the deal's history.
#[tokio::test]
async fn a_stage_move_supersedes_one_change_whatever_the_history() {
    let db = testing::sqlite();
    let store = db.store().await;
    let statements = closer_store::migration::m0024_superseding_in_constant_time::statements(
        sea_orm::DbBackend::Sqlite,
    );
    let bound = |sql: &str| {
        sql.replace("NEW.tenant_id", T)
            .replace("NEW.opportunity_id", U)
            .replace("NEW.id", U)
            .replace("NEW.at", "'2026-01-01 00:00:00+00:00'")
    };
    for (sql, range) in [
        (&statements[0], "superseded_at=?"),
        (&statements[1], "superseded_at>?"),
    ] {
        let p = plan(&store, &bound(sql)).await;
        assert!(
            p.contains(&format!(
                "stage_changes_open_end (tenant_id=? AND opportunity_id=? AND {range})"
            )),
            "{sql}\nshould read the open end of the deal's changes:\n{p}"
        );
    }
    // The change's own end: the changes after it, by the (opportunity, at) index.
    let p = plan(&store, &bound(&statements[2])).await;
    assert!(
        p.contains("stage_changes_opportunity (tenant_id=? AND opportunity_id=? AND at>?)"),
        "{p}"
    );
    db.cleanup().await;
}

/// What a deal write or a stage change adds to the dwell and win/loss totals reaches the
/// deal's own changes by index (and the deal and its stage by key), never walks the
/// company's deals or changes: a write costs the same however much history the company
/// has. (A plan that grouped the company's changes made seeding 20,000 deals take 199 s.)
#[tokio::test]
async fn a_deal_write_touches_its_own_rows_whatever_the_history() {
    use closer_store::migration::{m0028_dwell_totals, m0030_win_loss_totals};
    let db = testing::sqlite();
    let store = db.store().await;
    let bound = |sql: &str| {
        let mut out = String::new();
        let mut rest = sql;
        while let Some(i) = rest.find("NEW.") {
            out.push_str(&rest[..i]);
            rest = &rest[i + 4..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            out.push_str(if rest[..end].ends_with("_at") {
                "'2026-01-01 00:00:00+00:00'"
            } else {
                U
            });
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    };
    let mut checked = 0;
    for deal in [true, false] {
        for sql in m0028_dwell_totals::trigger_statements(sea_orm::DbBackend::Sqlite, deal)
            .into_iter()
            .chain(m0030_win_loss_totals::trigger_statements(
                sea_orm::DbBackend::Sqlite,
                deal,
            ))
        {
            let p = plan(&store, &bound(&sql)).await;
            // Only the deal's competitors' JSON and the two-row "owner and everyone" list
            // are walked; every table is searched by key.
            let walks = p.lines().map(str::trim_start).any(|l| {
                l.starts_with("SCAN ")
                    && !l.contains("VIRTUAL TABLE")
                    && l != "SCAN w"
                    && !l.contains("CONSTANT ROW")
            });
            assert!(!walks, "{sql}\nwalks a table:\n{p}");
            if sql.contains("FROM stages s CROSS JOIN stage_changes")
                || sql.contains("stage_changes sc INDEXED BY stage_changes_open_end")
            {
                assert!(
                    p.contains("(tenant_id=? AND opportunity_id=?"),
                    "{sql}\nshould read the deal's changes by index:\n{p}"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 2,
        "no statement read the deal's changes: the test proves nothing"
    );
    db.cleanup().await;
}
