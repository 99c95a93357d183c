//! The targets benchmarks' raw column, on SQLite or PostgreSQL: the database work behind a
//! plan's completion — this year's won amounts or payments per owner and month — without
//! the server (no splits, no departments, no roll-up).
//!
//! closer-raw-targets WHAT DB_URL SECONDS CONCURRENCY, WHAT `won` or `payments`; prints
//! requests/s, p50 and p99 in ms.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use chrono::Datelike;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value,
};

fn p(backend: DbBackend, i: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    }
}

/// A month's first instant or day as the column compares it.
type Bound = Box<dyn Fn(u32) -> Value + Send + Sync>;

async fn completion(db: &DatabaseConnection, tenant: uuid::Uuid, what: &str) {
    let b = db.get_database_backend();
    let year = chrono::Utc::now().year();
    let first = move |m: u32| chrono::NaiveDate::from_ymd_opt(year, m, 1).unwrap();
    let (column, from, filter, value, bound): (&str, &str, &str, &str, Bound) = match what {
        "won" => (
            "closed_at",
            "opportunities",
            " AND stage_id IN (SELECT id FROM stages WHERE tenant_id = ?T AND is_won)",
            "amount_minor",
            Box::new(move |m| first(m).and_hms_opt(0, 0, 0).unwrap().and_utc().into()),
        ),
        _ => (
            "received_on",
            "payments",
            " AND status = 'posted'",
            "amount_minor - refunded_minor",
            Box::new(move |m| first(m).into()),
        ),
    };
    let mut case = String::from("CASE");
    for m in 0..11 {
        case.push_str(&format!(" WHEN {column} < {} THEN {m}", p(b, 4 + m)));
    }
    case.push_str(" ELSE 11 END");
    let sql = format!(
        "SELECT owner_id, {case}, CAST(SUM({value}) AS BIGINT) FROM {from} \
         WHERE tenant_id = {t} AND {column} >= {f} AND {column} < {u}{filter} GROUP BY owner_id, {case}",
        t = p(b, 1),
        f = p(b, 2),
        u = p(b, 3),
        filter = filter.replace("?T", &p(b, 1)),
    );
    let end: Value = if what == "won" {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            .into()
    } else {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
            .unwrap()
            .into()
    };
    let mut values: Vec<Value> = vec![tenant.into(), bound(1), end];
    values.extend((2..=12).map(&bound));
    let rows = db
        .query_all(Statement::from_sql_and_values(b, sql, values))
        .await
        .expect("completion");
    assert!(!rows.is_empty());
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: closer-raw-targets WHAT DB_URL SECONDS CONCURRENCY");
        std::process::exit(2);
    }
    let what = args[1].clone();
    let seconds: u64 = args[3].parse().expect("seconds");
    let concurrency: usize = args[4].parse().expect("concurrency");
    let mut options = ConnectOptions::new(args[2].clone());
    options.max_connections(8).sqlx_logging(false);
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
                completion(&db, tenant, &what).await;
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
