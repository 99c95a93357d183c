//! Fills the bench tenant with opportunities and their stage changes through the store's
//! bulk path, for the opportunity benchmarks: about a third still open, spread over the
//! reps and the open stages, the rest won or lost after walking part of the process.
//!
//! closer-seed-opportunities DB_URL OPPORTUNITIES
#![allow(clippy::expect_used, clippy::unwrap_used)]

use closer_store::entity::stage_change;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: closer-seed-opportunities DB_URL OPPORTUNITIES");
        std::process::exit(2);
    }
    let total: usize = args[2].parse().expect("opportunities");
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
    // Two of the reps work in a sales region of their own, so "one department" is a part of
    // the tenant, not all of it.
    let east = ts
        .create_department(users[5], "华东 East".into(), None, true, None)
        .await
        .expect("department");
    for rep in &users[..2] {
        ts.update_user(
            None,
            *rep,
            None,
            closer_store::org::directory::UserChanges {
                department_id: Some(east.id),
                ..Default::default()
            },
        )
        .await
        .expect("move a rep");
    }
    let (_, stages) = ts
        .sales_processes()
        .await
        .expect("processes")
        .into_iter()
        .find(|(p, _)| p.is_default)
        .expect("default process");
    let open: Vec<_> = stages.iter().filter(|s| !s.is_won && !s.is_lost).collect();
    let won = stages.iter().find(|s| s.is_won).unwrap();
    let lost = stages.iter().find(|s| s.is_lost).unwrap();
    let now = closer_store::now();
    let customer = closer_domain::ids::new_id();
    let (mut models, mut changes) = (Vec::new(), Vec::new());
    for n in 0..total {
        let created = now - chrono::Duration::hours(i64::try_from(n % 8760).unwrap());
        let owner = users[n % users.len()];
        let reached = 1 + n % open.len();
        let end = match n % 3 {
            0 => None,
            1 => Some(won),
            _ => Some(lost),
        };
        let current = end.unwrap_or(open[reached - 1]);
        let mut o = closer_store::opportunities::records::blank_opportunity(
            tenant.tenant_id,
            customer,
            format!("商机 {n}"),
            (
                i64::try_from(10_000 + n % 990_000).unwrap() * 100,
                "CNY".into(),
            ),
            current,
            Some(owner),
            created,
        );
        o.expected_close_date = Some((created + chrono::Duration::days(90)).date_naive());
        let mut from = None;
        let mut at = created;
        let path: Vec<_> = open.iter().take(reached).copied().chain(end).collect();
        for s in path {
            changes.push(stage_change::Model {
                tenant_id: tenant.tenant_id,
                id: closer_domain::ids::new_id(),
                opportunity_id: o.id,
                from_stage_id: from,
                to_stage_id: s.id,
                at,
                amount_minor: o.amount_minor,
                expected_close_date: o.expected_close_date,
                actor_id: Some(owner),
            });
            from = Some(s.id);
            at += chrono::Duration::days(7);
        }
        o.stage_entered_at = Some(at - chrono::Duration::days(7));
        o.closed_at = end.map(|_| at);
        models.push(o);
        if models.len() == 20_000 {
            ts.insert_opportunities(
                None,
                std::mem::take(&mut models),
                std::mem::take(&mut changes),
            )
            .await
            .expect("opportunities");
        }
    }
    ts.insert_opportunities(None, models, changes)
        .await
        .expect("opportunities");
}
