//! The job queue: two runners on one database never run the same job twice; a runner that
//! died is taken over when its lease ends.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use closer_server::{platform::jobs::ExtraJob, AppState, ServerConfig};
use closer_store::platform::jobs::NewJob;
use serde_json::json;
use uuid::Uuid;

type Runs = Arc<Mutex<HashMap<Uuid, u32>>>;

fn counting(runs: &Runs) -> HashMap<String, ExtraJob> {
    let runs = runs.clone();
    let handler: ExtraJob = Arc::new(move |_state: AppState, job| {
        let runs = runs.clone();
        Box::pin(async move {
            *runs.lock().unwrap().entry(job.id).or_default() += 1;
            tokio::task::yield_now().await;
            Ok(None)
        })
    });
    HashMap::from([("count".to_owned(), handler)])
}

#[tokio::test]
async fn two_runners_on_one_database_run_each_job_exactly_once() {
    for db in closer_store::testing::databases().await {
        let runs: Runs = Arc::default();
        // Two separate connection pools: as two server processes would have.
        let mut first = AppState::new(db.store().await, ServerConfig::default());
        first.extra_jobs = Arc::new(counting(&runs));
        let mut second = AppState::new(db.store().await, ServerConfig::default());
        second.extra_jobs = Arc::new(counting(&runs));
        let total = 200;
        for _ in 0..total {
            first
                .store
                .enqueue(NewJob {
                    tenant_id: None,
                    kind: "count".into(),
                    payload: json!({}),
                    run_at: closer_store::now(),
                    dedupe_key: None,
                    max_attempts: 3,
                })
                .await
                .unwrap();
        }
        let (a, b) = tokio::join!(
            closer_server::platform::jobs::drain(&first, "runner-a"),
            closer_server::platform::jobs::drain(&second, "runner-b"),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(
            a + b,
            total,
            "{:?}: every job was taken once ({a} + {b})",
            db.backend
        );
        let counts: Vec<u32> = runs.lock().unwrap().values().copied().collect();
        assert_eq!(counts.len(), total);
        assert!(
            counts.iter().all(|n| *n == 1),
            "{:?}: a job ran twice",
            db.backend
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_job_whose_runner_died_is_taken_over_and_dedupe_keys_hold() {
    for db in closer_store::testing::databases().await {
        let store = db.store().await;
        let new = || NewJob {
            tenant_id: None,
            kind: "count".into(),
            payload: json!({}),
            run_at: closer_store::now(),
            dedupe_key: Some("once".into()),
            max_attempts: 3,
        };
        let job = store.enqueue(new()).await.unwrap().unwrap();
        assert!(
            store.enqueue(new()).await.unwrap().is_none(),
            "the same dedupe key queues nothing"
        );
        let now = closer_store::now();
        // A runner takes it with a short lease, then dies.
        let taken = store
            .take_job("dead", now, now + chrono::Duration::seconds(1))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(taken.id, job.id);
        assert!(
            store
                .take_job("other", now, now + chrono::Duration::minutes(5))
                .await
                .unwrap()
                .is_none(),
            "leased"
        );
        let later = now + chrono::Duration::seconds(2);
        let again = store
            .take_job("other", later, later + chrono::Duration::minutes(5))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.id, job.id);
        assert_eq!(again.attempts, 2);
        // The dead runner coming back cannot finish it; the new owner can.
        assert!(!store.finish_job(job.id, "dead", None, None).await.unwrap());
        assert!(store.finish_job(job.id, "other", None, None).await.unwrap());
        assert_eq!(store.job(job.id).await.unwrap().status, "done");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn scheduled_jobs_run_on_demand_as_of_a_given_time() {
    for db in closer_store::testing::databases().await {
        let state = AppState::new(db.store().await, ServerConfig::default());
        let out = closer_server::platform::jobs::run_scheduled(
            &state,
            "session-cleanup",
            closer_store::now(),
        )
        .await
        .unwrap();
        assert_eq!(out.unwrap()["deleted"], 0);
        assert!(closer_server::platform::jobs::run_scheduled(
            &state,
            "no-such-job",
            closer_store::now()
        )
        .await
        .is_err());
        // Queuing the schedule twice in one period queues each job once.
        closer_server::platform::jobs::enqueue_due(&state, closer_store::now())
            .await
            .unwrap();
        closer_server::platform::jobs::enqueue_due(&state, closer_store::now())
            .await
            .unwrap();
        let ran = closer_server::platform::jobs::drain(&state, "w")
            .await
            .unwrap();
        assert_eq!(ran, closer_server::job_kinds::all().scheduled.len());
        db.cleanup().await;
    }
}
