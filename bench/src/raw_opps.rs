//! The opportunity benchmarks' raw column, on SQLite or PostgreSQL: the database work behind
//! the forecast, the kanban and the learned win rates, without the server, with the same
//! concurrency as the HTTP load; prints requests/s, p50 and p99 in ms (or, for the one-off
//! `*-once` runs, the milliseconds one run took).
//!
//! closer-raw-opps WHAT DB_URL SECONDS CONCURRENCY, WHAT one of
//! - `forecast-scan`: the forecast's per-stage aggregate worked out from every opportunity
//!   of the default process (what the server did before it kept totals);
//! - `forecast-totals`: the same figures from the maintained `forecast_totals`;
//! - `kanban`: the first page of the quotation stage, newest first;
//! - `learned-scan-once`: the learned win rates' counts from every stage change;
//! - `learned-counts-once`: the same counts from the maintained `learned_counts`;
//! - `contract-inbox`: the first page of one approver's pending approvals;
//! - `contract-list`: the first page of contracts in approval, newest first.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: closer-raw-opps WHAT DB_URL SECONDS CONCURRENCY");
        std::process::exit(2);
    }
    let what = args[1].clone();
    let seconds: u64 = args[3].parse().expect("seconds");
    let concurrency: usize = args[4].parse().expect("concurrency");
    let mut options = ConnectOptions::new(args[2].clone());
    options.max_connections(8).sqlx_logging(false);
    let db = Database::connect(options).await.expect("open the database");
    let tenant: uuid::Uuid = {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                "SELECT tenant_id FROM tenants ORDER BY slug LIMIT 1",
            ))
            .await
            .expect("tenant")
            .expect("a tenant");
        row.try_get_by_index(0).expect("tenant id")
    };
    if what.ends_with("-once") {
        let start = Instant::now();
        run(&db, &what, tenant).await;
        println!("{}", start.elapsed().as_millis());
        return;
    }
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let db = db.clone();
        let what = what.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < end {
                let t = Instant::now();
                run(&db, &what, tenant).await;
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let pct = |p: usize| all[(all.len() * p / 100).min(all.len() - 1)];
    #[allow(clippy::cast_precision_loss)]
    let rps = all.len() as f64 / seconds as f64;
    println!(
        "{rps:.0} {:.2} {:.2}",
        pct(50).as_secs_f64() * 1000.0,
        pct(99).as_secs_f64() * 1000.0
    );
}

async fn run(db: &DatabaseConnection, what: &str, tenant: uuid::Uuid) {
    let backend = db.get_database_backend();
    let t = match backend {
        DbBackend::Postgres => "$1",
        _ => "?1",
    };
    let default_process =
        format!("(SELECT id FROM sales_processes WHERE tenant_id = {t} AND is_default)");
    let sql = match what {
        "forecast-scan" => format!(
            "SELECT stage_id, COUNT(*), CAST(SUM(amount_minor) AS BIGINT) FROM opportunities \
             WHERE tenant_id = {t} AND process_id = {default_process} GROUP BY stage_id"
        ),
        "forecast-totals" => format!(
            "SELECT stage_id, CAST(SUM(opportunities) AS BIGINT), CAST(SUM(amount_minor) AS BIGINT) \
             FROM forecast_totals WHERE tenant_id = {t} AND stage_id IN \
             (SELECT id FROM stages WHERE tenant_id = {t} AND process_id = {default_process}) \
             GROUP BY stage_id"
        ),
        "kanban" => format!(
            "SELECT * FROM opportunities WHERE tenant_id = {t} AND stage_id = \
             (SELECT id FROM stages WHERE tenant_id = {t} AND key = 'quotation' \
              AND process_id = {default_process}) ORDER BY id DESC LIMIT 51"
        ),
        "learned-scan-once" => format!(
            "SELECT r.to_stage_id, \
               CAST(SUM(CASE WHEN cur.is_won THEN 1 ELSE 0 END) AS BIGINT), \
               CAST(SUM(CASE WHEN cur.is_lost THEN 1 ELSE 0 END) AS BIGINT) \
             FROM (SELECT DISTINCT to_stage_id, opportunity_id FROM stage_changes WHERE tenant_id = {t}) r \
             JOIN opportunities o ON o.tenant_id = {t} AND o.id = r.opportunity_id \
             JOIN stages cur ON cur.tenant_id = {t} AND cur.id = o.stage_id \
             WHERE cur.is_won OR cur.is_lost GROUP BY r.to_stage_id"
        ),
        "learned-counts-once" => {
            format!("SELECT stage_id, won, lost FROM learned_counts WHERE tenant_id = {t}")
        }
        // The contract benchmarks' raw column: one approver's inbox, and a status list.
        "contract-inbox" => format!(
            "SELECT a.* FROM approvals a WHERE a.tenant_id = {t} AND a.id IN \
             (SELECT approval_id FROM approval_tasks WHERE tenant_id = {t} AND status = 'pending' \
              AND user_id = (SELECT id FROM users WHERE tenant_id = {t} AND email = 'mgr@bench.example.com') \
              ORDER BY id DESC LIMIT 51)"
        ),
        "contract-list" => format!(
            "SELECT * FROM contracts WHERE tenant_id = {t} AND status = 'in_approval' ORDER BY id DESC LIMIT 51"
        ),
        other => panic!("unknown benchmark {other}"),
    };
    db.query_all(Statement::from_sql_and_values(
        backend,
        sql,
        [tenant.into()],
    ))
    .await
    .expect(what);
}
