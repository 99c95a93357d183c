//! The results benchmarks' raw column, on SQLite or PostgreSQL: the database work behind
//! the reports without the server — all deals summed by outcome and close month (the
//! pipeline), by owner and outcome with the won deals' dates (efficiency), a substring
//! search of customers and deals (the search box) — and inserting imported deals with
//! their two history rows in batches (the import).
//!
//! closer-raw-analytics WHAT DB_URL SECONDS CONCURRENCY — WHAT `pipeline`, `efficiency` or
//! `search`: prints requests/s, p50 and p99 in ms.
//! closer-raw-analytics import DB_URL ROWS — prints rows/s.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
    TransactionTrait, Value,
};

fn p(backend: DbBackend, i: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    }
}

async fn query(db: &DatabaseConnection, tenant: uuid::Uuid, what: &str) {
    let b = db.get_database_backend();
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let statements: Vec<(String, Vec<Value>)> = match what {
        "pipeline" => {
            // Closed deals by close month of the last three years, open ones by expected
            // close month.
            let mut case = String::from("CASE");
            let mut values: Vec<Value> = vec![tenant.into()];
            for y in year - 2..=year {
                for m in 1..=12 {
                    let start = chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap();
                    values.push(start.and_hms_opt(0, 0, 0).unwrap().and_utc().into());
                    case.push_str(&format!(" WHEN o.closed_at < {} THEN {}", p(b, values.len()), y * 100 + m as i32));
                }
            }
            case.push_str(" ELSE 0 END");
            vec![
                (
                    format!(
                        "SELECT {case}, s.is_won, COUNT(*), CAST(SUM(o.amount_minor) AS BIGINT) FROM opportunities o \
                         JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                         WHERE o.tenant_id = {t} AND (s.is_won OR s.is_lost) GROUP BY 1, 2",
                        t = p(b, 1)
                    ),
                    values,
                ),
                (
                    format!(
                        "SELECT o.expected_close_date, COUNT(*), CAST(SUM(o.amount_minor) AS BIGINT) FROM opportunities o \
                         JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                         WHERE o.tenant_id = {t} AND NOT (s.is_won OR s.is_lost) GROUP BY 1",
                        t = p(b, 1)
                    ),
                    vec![tenant.into()],
                ),
            ]
        }
        "efficiency" => vec![
            (
                format!(
                    "SELECT o.owner_id, s.is_won, s.is_lost, COUNT(*), CAST(SUM(o.amount_minor) AS BIGINT) \
                     FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                     WHERE o.tenant_id = {t} GROUP BY 1, 2, 3",
                    t = p(b, 1)
                ),
                vec![tenant.into()],
            ),
            (
                format!(
                    "SELECT o.owner_id, o.created_at, o.closed_at FROM opportunities o \
                     JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                     WHERE o.tenant_id = {t} AND s.is_won",
                    t = p(b, 1)
                ),
                vec![tenant.into()],
            ),
        ],
        _ => vec![
            (
                format!(
                    "SELECT id, name FROM customers WHERE tenant_id = {t} AND name LIKE {q} ORDER BY id DESC LIMIT 5",
                    t = p(b, 1),
                    q = p(b, 2)
                ),
                vec![tenant.into(), "%科技%".into()],
            ),
            (
                format!(
                    "SELECT id, name FROM opportunities WHERE tenant_id = {t} AND name LIKE {q} ORDER BY id DESC LIMIT 5",
                    t = p(b, 1),
                    q = p(b, 2)
                ),
                vec![tenant.into(), "%科技%".into()],
            ),
        ],
    };
    for (sql, values) in statements {
        db.query_all(Statement::from_sql_and_values(b, sql, values))
            .await
            .expect("query");
    }
}

/// Inserts `rows` deals, each with its creation and its close, in batches inside one
/// transaction, into scratch tables shaped like the real ones.
async fn import(db: &DatabaseConnection, rows: usize) -> f64 {
    let b = db.get_database_backend();
    for sql in [
        "DROP TABLE IF EXISTS raw_import_deals",
        "DROP TABLE IF EXISTS raw_import_changes",
        "CREATE TABLE raw_import_deals AS SELECT * FROM opportunities WHERE 1 = 0",
        "CREATE TABLE raw_import_changes AS SELECT * FROM stage_changes WHERE 1 = 0",
    ] {
        db.execute_unprepared(sql).await.expect("scratch tables");
    }
    let tenant = uuid::Uuid::now_v7();
    let stage = uuid::Uuid::now_v7();
    let started = Instant::now();
    let txn = db.begin().await.expect("begin");
    let now = chrono::Utc::now();
    for chunk in (0..rows).collect::<Vec<_>>().chunks(500) {
        let (mut deals, mut changes) = (String::new(), String::new());
        let (mut dv, mut cv): (Vec<Value>, Vec<Value>) = (Vec::new(), Vec::new());
        for i in chunk {
            let id = uuid::Uuid::now_v7();
            let at = now - chrono::Duration::days((*i % 900) as i64);
            let base = dv.len();
            dv.extend([
                tenant.into(),
                id.into(),
                format!("导入商机{i}").into(),
                (i64::try_from(*i).unwrap() * 100).into(),
                stage.into(),
                at.into(),
            ]);
            deals.push_str(&format!(
                "{}({}, {}, {}, {}, {}, 'CNY', {}, {}, {}, {}, {}, 1)",
                if deals.is_empty() { "" } else { ", " },
                p(b, base + 1),
                p(b, base + 2),
                p(b, base + 2),
                p(b, base + 3),
                p(b, base + 4),
                p(b, base + 5),
                p(b, base + 5),
                p(b, base + 5),
                p(b, base + 6),
                p(b, base + 6),
            ));
            for _ in 0..2 {
                let c = cv.len();
                cv.extend([
                    tenant.into(),
                    uuid::Uuid::now_v7().into(),
                    id.into(),
                    stage.into(),
                    at.into(),
                ]);
                changes.push_str(&format!(
                    "{}({}, {}, {}, {}, {}, 0)",
                    if changes.is_empty() { "" } else { ", " },
                    p(b, c + 1),
                    p(b, c + 2),
                    p(b, c + 3),
                    p(b, c + 4),
                    p(b, c + 5),
                ));
            }
        }
        txn.execute(Statement::from_sql_and_values(
            b,
            format!(
                "INSERT INTO raw_import_deals (tenant_id, id, customer_id, name, amount_minor, currency, \
                 process_id, stage_id, owner_id, created_at, updated_at, version) VALUES {deals}"
            ),
            dv,
        ))
        .await
        .expect("deals");
        txn.execute(Statement::from_sql_and_values(
            b,
            format!(
                "INSERT INTO raw_import_changes (tenant_id, id, opportunity_id, to_stage_id, at, amount_minor) VALUES {changes}"
            ),
            cv,
        ))
        .await
        .expect("changes");
    }
    txn.commit().await.expect("commit");
    let elapsed = started.elapsed().as_secs_f64();
    for sql in [
        "DROP TABLE raw_import_deals",
        "DROP TABLE raw_import_changes",
    ] {
        db.execute_unprepared(sql).await.expect("drop");
    }
    #[allow(clippy::cast_precision_loss)]
    let rate = rows as f64 / elapsed;
    rate
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut options = ConnectOptions::new(args.get(2).cloned().unwrap_or_default());
    options.max_connections(8).sqlx_logging(false);
    if args.len() == 4 && args[1] == "import" {
        let db = Database::connect(options).await.expect("open the database");
        println!("{:.0}", import(&db, args[3].parse().expect("rows")).await);
        return;
    }
    if args.len() != 5 {
        eprintln!("usage: closer-raw-analytics pipeline|efficiency|search DB_URL SECONDS CONCURRENCY | import DB_URL ROWS");
        std::process::exit(2);
    }
    let what = args[1].clone();
    let seconds: u64 = args[3].parse().expect("seconds");
    let concurrency: usize = args[4].parse().expect("concurrency");
    let db = Database::connect(options).await.expect("open the database");
    let tenant: uuid::Uuid = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT tenant_id FROM tenants WHERE slug = 'bench'",
        ))
        .await
        .expect("tenant")
        .expect("the bench tenant")
        .try_get_by_index(0)
        .expect("tenant id");
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (db, what) = (db.clone(), what.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < end {
                let t = Instant::now();
                query(&db, tenant, &what).await;
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
    let pct = |q: usize| all[(all.len() * q / 100).min(all.len() - 1)];
    #[allow(clippy::cast_precision_loss)]
    let rps = all.len() as f64 / seconds as f64;
    println!(
        "{rps:.0} {:.2} {:.2}",
        pct(50).as_secs_f64() * 1000.0,
        pct(99).as_secs_f64() * 1000.0
    );
}
