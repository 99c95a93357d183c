//! Submit → approve → active, end to end over HTTP: each worker creates a contract as the
//! rep, submits it (the flow asks the manager) and approves it as the manager, until the
//! count is reached. Prints contracts per second and the p50 / p99 of one whole round in ms.
//!
//! closer-contract-flow BASE_URL CUSTOMER_ID CONTRACTS CONCURRENCY REP_COOKIE REP_CSRF MGR_COOKIE MGR_CSRF
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};
use std::time::Instant;

#[tokio::main]
async fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() != 9 {
        eprintln!("usage: closer-contract-flow BASE_URL CUSTOMER_ID CONTRACTS CONCURRENCY REP_COOKIE REP_CSRF MGR_COOKIE MGR_CSRF");
        std::process::exit(2);
    }
    let (base, customer) = (a[1].clone(), a[2].clone());
    let total: usize = a[3].parse().expect("contracts");
    let concurrency: usize = a[4].parse().expect("concurrency");
    let rep = (a[5].clone(), a[6].clone());
    let mgr = (a[7].clone(), a[8].clone());
    let http = reqwest::Client::new();
    let left = Arc::new(AtomicUsize::new(total));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (http, base, customer, rep, mgr, left) = (
            http.clone(),
            base.clone(),
            customer.clone(),
            rep.clone(),
            mgr.clone(),
            left.clone(),
        );
        workers.push(tokio::spawn(async move {
            let post = |who: &(String, String), path: String, body: serde_json::Value| {
                http.post(format!("{base}{path}"))
                    .header("cookie", format!("closer_session={}", who.0))
                    .header("x-csrf-token", &who.1)
                    .json(&body)
                    .send()
            };
            let mut rounds = Vec::new();
            while left
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok()
            {
                let t = Instant::now();
                let c: serde_json::Value = post(
                    &rep,
                    "/api/v1/contracts".into(),
                    serde_json::json!({
                    "customer_id": customer, "name": "基准合同 Bench contract",
                    "amount": {"amount": "250000.00", "currency": "CNY"}}),
                )
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
                let id = c["id"].as_str().expect("a contract").to_owned();
                let s: serde_json::Value = post(
                    &rep,
                    format!("/api/v1/contracts/{id}/submit"),
                    serde_json::json!({}),
                )
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
                let approval = s["approval_id"].as_str().expect("an approval").to_owned();
                let done: serde_json::Value = post(
                    &mgr,
                    format!("/api/v1/approvals/{approval}/approve"),
                    serde_json::json!({}),
                )
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
                assert_eq!(done["status"], "approved", "{done}");
                rounds.push(t.elapsed());
            }
            rounds
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    let secs = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: usize| all[(all.len() * p / 100).min(all.len() - 1)].as_secs_f64() * 1000.0;
    #[allow(clippy::cast_precision_loss)]
    let rate = all.len() as f64 / secs;
    println!("{rate:.0} {:.2} {:.2}", pct(50), pct(99));
}
