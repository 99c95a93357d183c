//! Runs the queries behind an API endpoint straight on the database, with the same
//! concurrency as the HTTP load, and prints requests/s and p50/p99 — the "raw" column of
//! `make bench`.
//!
//! closer-raw me|departments DB_URL TOKEN_HASH SECONDS CONCURRENCY
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use sea_orm::sqlx::{self, Row};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: closer-raw me|departments DB_URL TOKEN_HASH SECONDS CONCURRENCY");
        std::process::exit(2);
    }
    let (what, url, token_hash) = (args[1].clone(), args[2].clone(), args[3].clone());
    let seconds: u64 = args[4].parse().expect("seconds");
    let concurrency: usize = args[5].parse().expect("concurrency");
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(8)
        .connect(&url)
        .await
        .expect("open the database");
    if let Some(ms) = once(&pool, &what, &token_hash).await {
        println!("{ms}");
        return;
    }
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let pool = pool.clone();
        let what = what.clone();
        let token_hash = token_hash.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < end {
                let t = Instant::now();
                one(&pool, &what, &token_hash).await;
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

/// One-off work timed once, in milliseconds: `transfer` moves every customer of the user
/// named by `arg` (an e-mail) to the admin in one UPDATE; `facts` reads every customer's
/// scoring facts (latest activity, activities in 30 days, won amount) in grouped queries.
async fn once(pool: &sqlx::SqlitePool, what: &str, arg: &str) -> Option<u128> {
    let tenant: uuid::Uuid = match what {
        "transfer" | "facts" => sqlx::query("SELECT tenant_id FROM tenants ORDER BY slug LIMIT 1")
            .fetch_one(pool)
            .await
            .expect("tenant")
            .get(0),
        _ => return None,
    };
    let start = Instant::now();
    if what == "transfer" {
        let user: uuid::Uuid =
            sqlx::query("SELECT id FROM users WHERE tenant_id = ?1 AND email = ?2")
                .bind(tenant)
                .bind(arg)
                .fetch_one(pool)
                .await
                .expect("user")
                .get(0);
        let admin: uuid::Uuid =
            sqlx::query("SELECT id FROM users WHERE tenant_id = ?1 AND email LIKE 'admin@%'")
                .bind(tenant)
                .fetch_one(pool)
                .await
                .expect("admin")
                .get(0);
        let ids: Vec<uuid::Uuid> =
            sqlx::query("SELECT id FROM customers WHERE tenant_id = ?1 AND owner_id = ?2")
                .bind(tenant)
                .bind(user)
                .fetch_all(pool)
                .await
                .expect("ids")
                .iter()
                .map(|r| r.get(0))
                .collect();
        let start = Instant::now();
        sqlx::query("UPDATE customers SET owner_id = ?3, version = version + 1 WHERE tenant_id = ?1 AND owner_id = ?2")
            .bind(tenant)
            .bind(user)
            .bind(admin)
            .execute(pool)
            .await
            .expect("transfer");
        let ms = start.elapsed().as_millis();
        // Put them back, untimed, so the server's transfer finds them where they were.
        for chunk in ids.chunks(500) {
            let list = vec!["?"; chunk.len()].join(",");
            let sql =
                format!("UPDATE customers SET owner_id = ? WHERE tenant_id = ? AND id IN ({list})");
            let mut q = sqlx::query(&sql).bind(user).bind(tenant);
            for id in chunk {
                q = q.bind(id);
            }
            q.execute(pool).await.expect("restore");
        }
        return Some(ms);
    } else {
        let since = closer_store::now() - chrono::Duration::days(30);
        sqlx::query("SELECT customer_id, MAX(occurred_at), SUM(CASE WHEN occurred_at > ?2 THEN 1 ELSE 0 END) FROM activities WHERE tenant_id = ?1 AND occurred_at IS NOT NULL GROUP BY customer_id")
            .bind(tenant)
            .bind(since)
            .fetch_all(pool)
            .await
            .expect("facts");
        sqlx::query("SELECT o.customer_id, SUM(o.amount_minor) FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id WHERE o.tenant_id = ?1 AND s.is_won GROUP BY o.customer_id")
            .bind(tenant)
            .fetch_all(pool)
            .await
            .expect("won");
        sqlx::query("SELECT * FROM customers WHERE tenant_id = ?1")
            .bind(tenant)
            .fetch_all(pool)
            .await
            .expect("customers");
    }
    Some(start.elapsed().as_millis())
}

/// The company name the duplicate-check benchmark asks about (with a stored lead's phone).
const DUP_COMPANY: &str = "上海星云科技有限公司";

/// The database work behind the endpoint: `dup` reads the duplicate index for a phone and a
/// company name and loads the candidates;
/// `list` reads the first page of new imported leads, newest first; `pool` the pool's first page.: for `me`, reading the session by its key (the
/// least a server that does not cache callers must do); for `departments`, the tenant's
/// department list.
async fn one(pool: &sqlx::SqlitePool, what: &str, token_hash: &str) {
    // The lead queries run as the server's do: within one tenant.
    let tenant: Option<uuid::Uuid> = if matches!(
        what,
        "dup" | "list" | "search" | "pool" | "overview" | "customers"
    ) {
        Some(
            sqlx::query("SELECT tenant_id FROM tenants ORDER BY slug LIMIT 1")
                .fetch_one(pool)
                .await
                .expect("tenant")
                .get(0),
        )
    } else {
        None
    };
    match what {
        "dup" => {
            // The index work of a duplicate check: every key of the phone and the company
            // name, each read with the server's cap, then the candidates' key columns.
            let keys = closer_domain::leads::dedupe::DedupeKeys::from_fields(
                Some(DUP_COMPANY),
                Some(token_hash),
                None,
                None,
            );
            let mut candidates = std::collections::HashSet::new();
            for (kind, value) in keys.index_entries() {
                let cap = if kind == closer_domain::leads::dedupe::KeyKind::Fuzzy {
                    100
                } else {
                    50
                };
                let rows = sqlx::query(
                    "SELECT record_id FROM dedupe_keys WHERE tenant_id = ?1 AND kind = ?2 AND value = ?3 LIMIT ?4",
                )
                .bind(tenant)
                .bind(kind.key())
                .bind(value)
                .bind(cap)
                .fetch_all(pool)
                .await
                .expect("dup");
                candidates.extend(rows.iter().map(|r| r.get::<uuid::Uuid, _>(0)));
            }
            let ids: Vec<uuid::Uuid> = candidates.into_iter().take(50).collect();
            if !ids.is_empty() {
                let list = vec!["?"; ids.len()].join(",");
                let sql = format!(
                    "SELECT id, company_name, contact_name, phone, email, credit_code FROM leads WHERE tenant_id = ? AND id IN ({list})"
                );
                let mut q = sqlx::query(&sql).bind(tenant);
                for id in ids {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await.expect("candidates");
            }
            return;
        }
        "list" => {
            sqlx::query("SELECT * FROM leads WHERE tenant_id = ?1 AND owner_id IS NOT NULL AND status = 'new' AND source = 'import' ORDER BY id DESC LIMIT 51")
                .bind(tenant)
                .fetch_all(pool)
                .await
                .expect("list");
            return;
        }
        "search" => {
            // A page of the lead list searched for a part of a name, contact, phone or
            // e-mail, as one would ask the database without a text index.
            let pattern = format!("%{token_hash}%");
            sqlx::query("SELECT * FROM leads WHERE tenant_id = ?1 AND owner_id IS NOT NULL AND (company_name LIKE ?2 OR contact_name LIKE ?2 OR phone LIKE ?2 OR email LIKE ?2) ORDER BY id DESC LIMIT 51")
                .bind(tenant)
                .bind(pattern)
                .fetch_all(pool)
                .await
                .expect("search");
            return;
        }
        "overview" => {
            // The 360 view's reads: the customer, its contacts, opportunities, the stages,
            // the latest 200 activities, its leads, the team.
            let id = uuid::Uuid::parse_str(token_hash).expect("customer id");
            sqlx::query("SELECT * FROM customers WHERE tenant_id = ?1 AND id = ?2")
                .bind(tenant)
                .bind(id)
                .fetch_one(pool)
                .await
                .expect("customer");
            let mut owners = std::collections::BTreeSet::new();
            for sql in [
                "SELECT * FROM contacts WHERE tenant_id = ?1 AND customer_id = ?2 ORDER BY id LIMIT 500",
                "SELECT * FROM opportunities WHERE tenant_id = ?1 AND customer_id = ?2 ORDER BY id DESC LIMIT 500",
                "SELECT * FROM activities WHERE tenant_id = ?1 AND customer_id = ?2 ORDER BY id DESC LIMIT 200",
                "SELECT * FROM leads WHERE tenant_id = ?1 AND customer_id = ?2 LIMIT 100",
            ] {
                let rows = sqlx::query(sql)
                    .bind(tenant)
                    .bind(id)
                    .fetch_all(pool)
                    .await
                    .expect("overview");
                for r in &rows {
                    if let Ok(Some(o)) = r.try_get::<Option<uuid::Uuid>, _>("owner_id") {
                        owners.insert(o);
                    }
                }
            }
            sqlx::query("SELECT * FROM stages WHERE tenant_id = ?1 ORDER BY position")
                .bind(tenant)
                .fetch_all(pool)
                .await
                .expect("stages");
            let list = vec!["?"; owners.len().max(1)].join(",");
            let sql = format!("SELECT * FROM users WHERE tenant_id = ? AND id IN ({list})");
            let mut q = sqlx::query(&sql).bind(tenant);
            for o in &owners {
                q = q.bind(*o);
            }
            if owners.is_empty() {
                q = q.bind(id);
            }
            q.fetch_all(pool).await.expect("team");
            return;
        }
        "customers" => {
            sqlx::query("SELECT * FROM customers WHERE tenant_id = ?1 AND owner_id IS NOT NULL AND industry = '制造业' AND province = '上海' ORDER BY score DESC NULLS LAST, id DESC LIMIT 51")
                .bind(tenant)
                .fetch_all(pool)
                .await
                .expect("customers");
            return;
        }
        "pool" => {
            sqlx::query("SELECT * FROM leads WHERE tenant_id = ?1 AND owner_id IS NULL AND status IN ('new','contacted','qualified') ORDER BY id DESC LIMIT 51")
                .bind(tenant)
                .fetch_all(pool)
                .await
                .expect("pool");
            return;
        }
        _ => {}
    }
    let session = sqlx::query(
        "SELECT tenant_id, user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
    )
    .bind(token_hash)
    .bind(closer_store::now())
    .fetch_one(pool)
    .await
    .expect("session");
    if what == "departments" {
        let tenant: uuid::Uuid = session.get(0);
        sqlx::query("SELECT * FROM departments WHERE tenant_id = ?1 ORDER BY id")
            .bind(tenant)
            .fetch_all(pool)
            .await
            .expect("departments");
    }
}
