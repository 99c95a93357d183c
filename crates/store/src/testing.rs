//! Fresh databases for tests: SQLite always, PostgreSQL when `CLOSER_TEST_PG_URL` is set.
//!
//! Each test gets its own database (a temporary SQLite file, or a new PostgreSQL database
//! dropped afterwards), so tests run in parallel and never see each other's rows.
//! `CLOSER_TEST_ONLY_PG=1` skips SQLite, for a CI pass that runs on PostgreSQL alone.

use sea_orm::{ConnectionTrait, Database};

use crate::{Backend, Store};

/// A database made for one test.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    admin_url: Option<String>,
    name: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// Connects and migrates.
    ///
    /// # Panics
    /// When the database cannot be reached: a test cannot go on without it.
    #[allow(clippy::expect_used)]
    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url)
            .await
            .expect("connect to the test database");
        store.migrate().await.expect("migrate the test database");
        store
    }

    /// Drops a PostgreSQL test database (SQLite files go with their folder).
    pub async fn cleanup(self) {
        if let Some(admin) = &self.admin_url {
            if let Ok(conn) = Database::connect(admin.as_str()).await {
                let _ = conn
                    .execute_unprepared(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    ))
                    .await;
            }
        }
    }
}

/// One fresh SQLite database.
///
/// # Panics
/// When no temporary folder can be made.
#[allow(clippy::expect_used)]
#[must_use]
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("closer.db").display()
    );
    TestDb {
        url,
        backend: Backend::Sqlite,
        admin_url: None,
        name: String::new(),
        _dir: Some(dir),
    }
}

/// One fresh PostgreSQL database, if `CLOSER_TEST_PG_URL` names a server.
///
/// # Panics
/// When the variable is set but the server refuses to make a database.
#[allow(clippy::expect_used)]
pub async fn postgres() -> Option<TestDb> {
    let admin = std::env::var("CLOSER_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let name = format!("closer_test_{}", uuid::Uuid::now_v7().simple());
    let conn = Database::connect(admin.as_str())
        .await
        .expect("reach CLOSER_TEST_PG_URL");
    conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create a test database");
    let base = match admin.rfind('/') {
        Some(i)
            if admin[..i].contains("://") && admin[i..].len() > 1 && !admin[..i].ends_with('/') =>
        {
            &admin[..i]
        }
        _ => admin.trim_end_matches('/'),
    };
    let url = format!("{base}/{name}");
    Some(TestDb {
        url,
        backend: Backend::Postgres,
        admin_url: Some(admin),
        name,
        _dir: None,
    })
}

/// The databases a scenario should run on.
pub async fn databases() -> Vec<TestDb> {
    let mut out = Vec::new();
    let only_pg = std::env::var("CLOSER_TEST_ONLY_PG").is_ok_and(|v| v == "1");
    if !only_pg {
        out.push(sqlite());
    }
    if let Some(pg) = postgres().await {
        out.push(pg);
    }
    out
}
