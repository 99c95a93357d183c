//! Reports off the primary: with a PostgreSQL streaming replica (a second cluster made by
//! `pg_basebackup` on another port), writes go to the primary while analytics, dashboards,
//! exports and search read the replica — shown by pausing the replica's replay: the report
//! stays where the replica is, says how far behind it is, and catches up when replay
//! resumes. Runs where PostgreSQL is configured for tests (CI).

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

use closer_server::{AppState, ServerConfig};
use closer_store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{new_tenant, Client, PASSWORD};

/// A throwaway PostgreSQL cluster of its own, stopped and removed when dropped.
struct Cluster {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs a PostgreSQL program, as the `postgres` user when we are root (the server refuses
/// to run as root).
fn pg(bin: &Path, program: &str, args: &[&str]) -> std::process::Output {
    let exe = bin.join(program);
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let mut cmd = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    let out = cmd
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl Cluster {
    fn dir_for(base: &Path, name: &str) -> PathBuf {
        let dir = base.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let _ = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(base)
            .output();
        dir
    }

    fn settings(&self, extra: &str) {
        let conf = self.dir.join("postgresql.auto.conf");
        let mut text = std::fs::read_to_string(&conf).unwrap_or_default();
        text.push_str(&format!(
            "\nport = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nfsync = off\n{extra}\n",
            self.port,
            self.dir.parent().unwrap().display()
        ));
        std::fs::write(&conf, text).unwrap();
    }

    fn start(&self) {
        let log = self
            .dir
            .parent()
            .unwrap()
            .join(format!("{}.log", self.port));
        pg(
            &self.bin,
            "pg_ctl",
            &[
                "-D",
                self.dir.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
    }

    fn primary(base: &Path, bin: &Path) -> Self {
        let c = Self {
            dir: Self::dir_for(base, "primary"),
            port: free_port(),
            bin: bin.to_owned(),
        };
        pg(
            bin,
            "initdb",
            &[
                "-D",
                c.dir.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        c.settings("wal_level = replica\nmax_wal_senders = 4");
        c.start();
        c
    }

    fn replica_of(primary: &Self, base: &Path) -> Self {
        let c = Self {
            dir: base.join("replica"),
            port: free_port(),
            bin: primary.bin.clone(),
        };
        pg(
            &c.bin,
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &primary.port.to_string(),
                "-U",
                "postgres",
                "-D",
                c.dir.to_str().unwrap(),
                "-R",
                "-X",
                "stream",
                "--no-sync",
            ],
        );
        c.settings("hot_standby = on");
        c.start();
        c
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(|| {
            pg(
                &self.bin,
                "pg_ctl",
                &["-D", self.dir.to_str().unwrap(), "-m", "immediate", "stop"],
            );
        });
    }
}

async fn won_total(c: &Client) -> (String, Option<String>) {
    let response = c
        .request(Method::GET, "/api/v1/analytics/pipeline?group_by=owner")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let lag = response
        .headers()
        .get("x-closer-replica-lag")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = response.json().await.unwrap();
    (
        body["total"]["won_amount"]["amount"]
            .as_str()
            .unwrap()
            .to_owned(),
        lag,
    )
}

async fn until_won(c: &Client, amount: &str) -> Option<String> {
    for _ in 0..200 {
        let (won, lag) = won_total(c).await;
        if won == amount {
            return lag;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the replica never reached a won total of {amount}");
}

async fn won_deal(c: &Client, won_stage: &Value, customer: &Value, name: &str, amount: &str) {
    let (status, deal) = c
        .post("/api/v1/opportunities", json!({"customer_id": customer["id"], "name": name, "amount": {"amount": amount, "currency": "CNY"}}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{deal}");
    let (status, moved) = c
        .post(
            &format!(
                "/api/v1/opportunities/{}/stage",
                deal["id"].as_str().unwrap()
            ),
            json!({"stage_id": won_stage}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
}

#[tokio::test]
async fn reports_read_a_streaming_replica_and_say_how_far_behind_it_is() {
    if std::env::var("CLOSER_TEST_PG_URL").map_or(true, |u| u.is_empty()) {
        eprintln!("PostgreSQL is not configured for tests: the replica test runs in CI");
        return;
    }
    let bindir = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .expect("pg_config");
    let bin = PathBuf::from(String::from_utf8_lossy(&bindir.stdout).trim());
    let base = tempfile::Builder::new()
        .prefix("closer-replica")
        .tempdir_in("/tmp")
        .unwrap();
    let primary = Cluster::primary(base.path(), &bin);
    let replica = Cluster::replica_of(&primary, base.path());

    let store = Store::connect(&primary.url()).await.unwrap();
    store.migrate().await.unwrap();
    new_tenant(&store, "alpha").await;
    let reports = Store::connect(&replica.url()).await.unwrap();
    let files = tempfile::tempdir().unwrap();
    let state = AppState::new(
        store,
        ServerConfig {
            run_jobs: false,
            files_dir: files.path().to_owned(),
            ..ServerConfig::default()
        },
    )
    .with_reports(reports);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move { closer_server::serve(state, listener, rx).await });
    let mut admin = Client::new(&base_url);
    let (status, body) = admin
        .post(
            "/api/v1/auth/login",
            json!({"tenant": "alpha", "email": "admin@alpha.example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    admin.csrf = body["csrf_token"].as_str().unwrap().to_owned();

    let (_, processes) = admin.get("/api/v1/sales-processes").await;
    let won = processes["items"][0]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "won")
        .unwrap()["id"]
        .clone();
    let (_, customer) = admin
        .post("/api/v1/customers", json!({"name": "复制客户"}))
        .await;
    won_deal(&admin, &won, &customer, "第一单", "1000.00").await;
    // The report, read from the replica, catches up and says it is current.
    let lag = until_won(&admin, "1000.00").await;
    assert_eq!(lag.as_deref(), Some("0.0"));

    // Replay paused: a write lands on the primary (its list shows it at once) while the
    // report stays where the replica is, and says how far behind it is.
    let sql = |url: String, q: &'static str| async move {
        let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
        sea_orm::ConnectionTrait::execute_unprepared(&db, q)
            .await
            .unwrap();
    };
    sql(replica.url(), "SELECT pg_wal_replay_pause()").await;
    won_deal(&admin, &won, &customer, "第二单", "500.00").await;
    let (_, list) = admin.get("/api/v1/opportunities").await;
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        2,
        "the primary has both deals"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (still, lag) = won_total(&admin).await;
    assert_eq!(still, "1000.00", "the report reads the paused replica");
    let behind: f64 = lag.expect("a lag header").parse().unwrap();
    assert!(behind > 0.0, "the report says it is behind: {behind}");
    // Replay resumed: the report catches up.
    sql(replica.url(), "SELECT pg_wal_replay_resume()").await;
    assert_eq!(until_won(&admin, "1500.00").await.as_deref(), Some("0.0"));
    let _ = stop.send(true);
    drop(replica);
    drop(primary);
}
