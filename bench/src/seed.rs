//! Fills the bench tenant of a benchmark database with customers and their activities, through
//! the store's bulk write paths (history, duplicate keys and scores included), for the
//! customer benchmarks. `rep1@bench.example.com` gets exactly `FOR_REP1` customers (the
//! transfer benchmark moves them all); the others are spread over the other users.
//!
//! closer-seed DB_URL CUSTOMERS ACTIVITIES FOR_REP1
#![allow(clippy::expect_used, clippy::unwrap_used)]

use closer_store::entity::activity;

const INDUSTRIES: &[&str] = &[
    "制造业",
    "软件和信息技术",
    "医疗健康",
    "物流运输",
    "零售",
    "能源",
    "金融",
];
const TIERS: &[&str] = &["micro", "small", "medium", "large", "enterprise"];
const PLACES: &[(&str, &str)] = &[
    ("上海", "上海"),
    ("杭州", "浙江"),
    ("南京", "江苏"),
    ("北京", "北京"),
    ("深圳", "广东"),
    ("成都", "四川"),
    ("武汉", "湖北"),
    ("西安", "陕西"),
];
const WORDS: &[&str] = &[
    "星云", "海川", "远航", "青山", "白云", "长城", "金桥", "华盛", "东方", "博远", "恒达", "瑞丰",
];
const TRADES: &[&str] = &["科技", "制造", "物流", "医疗", "能源", "贸易"];

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: closer-seed DB_URL CUSTOMERS ACTIVITIES FOR_REP1");
        std::process::exit(2);
    }
    let customers: usize = args[2].parse().expect("customers");
    let activities: usize = args[3].parse().expect("activities");
    let for_rep1: usize = args[4].parse().expect("for_rep1");
    let store = closer_store::Store::connect(&args[1]).await.expect("open");
    store.migrate().await.expect("migrate");
    let tenant = store
        .tenant_by_slug("bench")
        .await
        .expect("the bench tenant");
    let ts = store.tenant(tenant.tenant_id);
    let mut users = Vec::new();
    for email in ["rep1", "rep2", "rep3", "rep4", "rep5", "admin"] {
        users.push(
            ts.user_by_email(&format!("{email}@bench.example.com"))
                .await
                .expect("bench user")
                .id,
        );
    }
    let now = closer_store::now();
    let mut ids = Vec::with_capacity(customers);
    let mut batch = Vec::new();
    for n in 0..customers {
        let (city, province) = PLACES[n % PLACES.len()];
        let owner = if n < for_rep1 {
            users[0]
        } else {
            users[1 + n % 5]
        };
        let name = format!(
            "{city}{}{}{n}{}有限公司",
            WORDS[n % WORDS.len()],
            WORDS[(n / 12) % WORDS.len()],
            TRADES[n % TRADES.len()]
        );
        let created = now - chrono::Duration::minutes(i64::try_from(n).unwrap());
        let mut c = closer_store::customers::records::blank_customer(
            tenant.tenant_id,
            name,
            Some(owner),
            created,
        );
        c.industry = Some(INDUSTRIES[n % INDUSTRIES.len()].into());
        c.size_tier = Some(TIERS[(n / 7) % TIERS.len()].into());
        c.province = Some(province.into());
        c.city = Some(city.into());
        c.employee_count = Some(i32::try_from(10 + n % 5000).unwrap());
        c.phone = Some(format!("+86213{:08}", n));
        ids.push((c.id, owner));
        batch.push(c);
        if batch.len() == 5000 {
            ts.insert_customers(None, std::mem::take(&mut batch))
                .await
                .expect("customers");
        }
    }
    ts.insert_customers(None, batch).await.expect("customers");
    let kinds = ["visit", "call", "note", "task"];
    let mut batch = Vec::new();
    for n in 0..activities {
        // Skewed: one customer in ten gets most of the work.
        let (customer_id, owner) = if n % 3 == 0 {
            ids[n % ids.len()]
        } else {
            ids[(n * 7) % (ids.len() / 10).max(1)]
        };
        let at = now - chrono::Duration::minutes(i64::try_from(n % 525_600).unwrap());
        batch.push(activity::Model {
            tenant_id: tenant.tenant_id,
            id: closer_domain::ids::new_id(),
            kind: kinds[n % 4].into(),
            subject: format!("跟进 {n}"),
            body: None,
            lead_id: None,
            customer_id: Some(customer_id),
            contact_id: None,
            opportunity_id: None,
            owner_id: owner,
            occurred_at: Some(at),
            planned_for: None,
            location: None,
            coordinates: None,
            created_at: at,
            updated_at: at,
            version: 1,
        });
        if batch.len() == 20_000 {
            ts.insert_activities(None, std::mem::take(&mut batch))
                .await
                .expect("activities");
        }
    }
    ts.insert_activities(None, batch).await.expect("activities");
}
