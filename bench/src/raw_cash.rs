//! The cash benchmarks' raw column, on SQLite or PostgreSQL: the database work behind aging
//! and behind paying in a bank statement, without the server.
//!
//! closer-raw-cash WHAT DB_URL SECONDS CONCURRENCY [FILE], WHAT one of
//! - `aging-customer`, `aging-owner`: the buckets of what is owing, grouped, as of today
//!   (prints requests/s, p50 and p99 in ms);
//! - `bank-once`: for each row of FILE, a payment row, an allocation row and the update of
//!   one owing receivable of the payer, in batches of 2,000 a transaction — the least the
//!   database must do to pay a statement in (prints the milliseconds it took).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

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

async fn aging(db: &DatabaseConnection, tenant: uuid::Uuid, column: &str) {
    let b = db.get_database_backend();
    let today = chrono::Utc::now().date_naive();
    let d = |n: i64| today - chrono::Duration::days(n);
    let sql = format!(
        "SELECT {column}, \
         CAST(SUM(CASE WHEN due_on >= {t} THEN outstanding_minor ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN due_on < {t} AND due_on >= {b30} THEN outstanding_minor ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN due_on < {b30} AND due_on >= {b60} THEN outstanding_minor ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN due_on < {b60} AND due_on >= {b90} THEN outstanding_minor ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN due_on < {b90} THEN outstanding_minor ELSE 0 END) AS BIGINT) \
         FROM receivables WHERE tenant_id = {tn} AND outstanding_minor > 0 GROUP BY {column}",
        tn = p(b, 1),
        t = p(b, 2),
        b30 = p(b, 3),
        b60 = p(b, 4),
        b90 = p(b, 5),
    );
    let values: Vec<Value> = vec![
        tenant.into(),
        today.into(),
        d(30).into(),
        d(60).into(),
        d(90).into(),
    ];
    let rows = db
        .query_all(Statement::from_sql_and_values(b, sql, values))
        .await
        .expect("aging");
    assert!(!rows.is_empty());
}

#[allow(clippy::too_many_lines)]
async fn bank(db: &DatabaseConnection, tenant: uuid::Uuid, file: &str) {
    let b = db.get_database_backend();
    let names: HashMap<String, uuid::Uuid> = db
        .query_all(Statement::from_sql_and_values(
            b,
            format!(
                "SELECT name, id FROM customers WHERE tenant_id = {}",
                p(b, 1)
            ),
            vec![tenant.into()],
        ))
        .await
        .expect("customers")
        .iter()
        .map(|r| {
            (
                r.try_get_by_index(0).unwrap(),
                r.try_get_by_index(1).unwrap(),
            )
        })
        .collect();
    let text = std::fs::read_to_string(file).expect("bank file");
    let rows: Vec<(String, String, i64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let (whole, cents) = f[2].split_once('.').unwrap_or((f[2], "0"));
            (
                f[0].to_owned(),
                f[1].to_owned(),
                whole.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap(),
            )
        })
        .collect();
    for chunk in rows.chunks(2000) {
        let txn = db.begin().await.expect("begin");
        let customers: Vec<uuid::Uuid> = chunk
            .iter()
            .filter_map(|r| names.get(&r.1).copied())
            .collect();
        let mut open: HashMap<uuid::Uuid, Vec<(uuid::Uuid, uuid::Uuid, i64)>> = HashMap::new();
        let mut distinct = customers.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for c in distinct {
            for r in txn
                .query_all(Statement::from_sql_and_values(
                    b,
                    format!(
                        "SELECT id, contract_id, outstanding_minor FROM receivables \
                         WHERE tenant_id = {} AND customer_id = {} AND outstanding_minor > 0 ORDER BY due_on, id LIMIT 16",
                        p(b, 1),
                        p(b, 2)
                    ),
                    vec![tenant.into(), c.into()],
                ))
                .await
                .expect("owing")
            {
                open.entry(c).or_default().push((
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                    r.try_get_by_index(2).unwrap(),
                ));
            }
        }
        let now = chrono::Utc::now();
        let mut pay_values: Vec<Value> = Vec::new();
        let mut pay_rows = Vec::new();
        let mut updates = Vec::new();
        let mut alloc_rows = Vec::new();
        let mut alloc_values: Vec<Value> = Vec::new();
        for (day, payer, amount) in chunk {
            let Some(c) = names.get(payer) else { continue };
            let id = uuid::Uuid::now_v7();
            let day: chrono::NaiveDate = day.parse().unwrap();
            let n = pay_values.len();
            pay_rows.push(format!(
                "({})",
                (1..=8).map(|i| p(b, n + i)).collect::<Vec<_>>().join(", ")
            ));
            pay_values.extend([
                tenant.into(),
                id.into(),
                (*c).into(),
                (*amount).into(),
                day.into(),
                now.into(),
                now.into(),
                Value::from("bank"),
            ]);
            if let Some(first) = open.get_mut(c).and_then(|l| l.iter_mut().find(|r| r.2 > 0)) {
                let take = first.2.min(*amount);
                first.2 -= take;
                updates.push((first.0, first.2));
                let n = alloc_values.len();
                alloc_rows.push(format!(
                    "({})",
                    (1..=8).map(|i| p(b, n + i)).collect::<Vec<_>>().join(", ")
                ));
                alloc_values.extend([
                    tenant.into(),
                    uuid::Uuid::now_v7().into(),
                    id.into(),
                    first.0.into(),
                    first.1.into(),
                    take.into(),
                    day.into(),
                    now.into(),
                ]);
            }
        }
        let _ = (&pay_rows, &alloc_rows);
        for (values, width, head, consts) in [
            (pay_values, 8, "INSERT INTO payments (tenant_id, id, customer_id, amount_minor, received_on, created_at, updated_at, source, unapplied_minor, refunded_minor, currency, status, version) VALUES ", ", 0, 0, 'CNY', 'posted', 1"),
            (alloc_values, 8, "INSERT INTO payment_allocations (tenant_id, id, payment_id, receivable_id, contract_id, amount_minor, received_on, created_at, kind) VALUES ", ", 'payment'"),
        ] {
            for part in values.chunks(width * 500) {
                let rows: Vec<String> = (0..part.len() / width)
                    .map(|k| format!("({}{consts})", (1..=width).map(|i| p(b, k * width + i)).collect::<Vec<_>>().join(", ")))
                    .collect();
                txn.execute(Statement::from_sql_and_values(b, format!("{head}{}", rows.join(", ")), part.to_vec()))
                    .await
                    .expect("insert");
            }
        }
        for (id, left) in updates {
            txn.execute(Statement::from_sql_and_values(
                b,
                format!(
                    "UPDATE receivables SET outstanding_minor = {}, paid_minor = amount_minor - {}, version = version + 1 WHERE tenant_id = {} AND id = {}",
                    p(b, 1),
                    p(b, 1),
                    p(b, 2),
                    p(b, 3)
                ),
                vec![left.into(), tenant.into(), id.into()],
            ))
            .await
            .expect("update");
        }
        txn.commit().await.expect("commit");
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        eprintln!("usage: closer-raw-cash WHAT DB_URL SECONDS CONCURRENCY [FILE]");
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
    if what == "bank-once" {
        let start = Instant::now();
        bank(&db, tenant, &args[5]).await;
        println!("{}", start.elapsed().as_millis());
        return;
    }
    let column = match what.as_str() {
        "aging-customer" => "customer_id",
        "aging-owner" => "owner_id",
        _ => panic!("unknown benchmark {what}"),
    };
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < end {
                let t = Instant::now();
                aging(&db, tenant, column).await;
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
