use std::collections::HashMap;

use closer_domain::text::NewPassword;
use closer_server::{AppState, ServerConfig};
use closer_store::{
    tenants::{CreatedTenant, NewTenant},
    testing::{self, TestDb},
    Store,
};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub a: CreatedTenant,
    pub b: CreatedTenant,
    db: TestDb,
    _files: tempfile::TempDir,
    stop: tokio::sync::watch::Sender<bool>,
}

pub async fn new_tenant(store: &Store, slug: &str) -> CreatedTenant {
    let hash = closer_server::org::passwords::hash_password(&NewPassword::parse(PASSWORD).unwrap())
        .unwrap();
    store
        .create_tenant(NewTenant {
            slug: slug.into(),
            name: format!("{slug} Ltd"),
            admin_email: format!("admin@{slug}.example.com"),
            admin_name: "Admin".into(),
            admin_password_hash: hash,
            language: "en-US".into(),
            currency: "CNY".into(),
        })
        .await
        .unwrap()
}

impl TestApp {
    pub async fn start(db: TestDb, config: ServerConfig) -> Self {
        Self::start_with(db, config, HashMap::new()).await
    }

    pub async fn start_with(
        db: TestDb,
        config: ServerConfig,
        extra: HashMap<String, closer_server::platform::jobs::ExtraJob>,
    ) -> Self {
        let store = db.store().await;
        let a = new_tenant(&store, "alpha").await;
        let b = new_tenant(&store, "beta").await;
        let files = tempfile::tempdir().unwrap();
        let mut state = AppState::new(
            store,
            ServerConfig {
                run_jobs: false,
                files_dir: files.path().to_owned(),
                ..config
            },
        );
        state.extra_jobs = std::sync::Arc::new(extra);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, rx) = tokio::sync::watch::channel(false);
        let serve_state = state.clone();
        tokio::spawn(async move { closer_server::serve(serve_state, listener, rx).await });
        Self {
            base,
            state,
            a,
            b,
            db,
            _files: files,
            stop,
        }
    }

    /// One app per test database (SQLite, and PostgreSQL when configured).
    pub async fn all() -> Vec<Self> {
        let mut apps = Vec::new();
        for db in testing::databases().await {
            apps.push(Self::start(db, ServerConfig::default()).await);
        }
        apps
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        self.db.cleanup().await;
    }

    pub fn anonymous(&self) -> Client {
        Client::new(&self.base)
    }

    pub async fn admin_a(&self) -> Client {
        self.sign_in("alpha", "admin@alpha.example.com", PASSWORD)
            .await
    }

    pub async fn admin_b(&self) -> Client {
        self.sign_in("beta", "admin@beta.example.com", PASSWORD)
            .await
    }

    pub async fn sign_in(&self, tenant: &str, email: &str, password: &str) -> Client {
        let mut c = Client::new(&self.base);
        let (status, body) = c
            .post(
                "/api/v1/auth/login",
                json!({"tenant": tenant, "email": email, "password": password}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "sign in {email}: {body}");
        c.csrf = body["csrf_token"].as_str().unwrap().to_owned();
        c.user = body["user"].clone();
        c
    }

    /// Runs every due job now (tests never wait on the background loop).
    pub async fn run_jobs(&self) -> usize {
        closer_server::platform::jobs::drain(&self.state, "test")
            .await
            .unwrap()
    }

    /// A role id of tenant A by key.
    pub async fn role_a(&self, key: &str) -> String {
        self.state
            .store
            .tenant(self.a.tenant.tenant_id)
            .role_by_key(key)
            .await
            .unwrap()
            .id
            .to_string()
    }
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: String,
    pub lang: String,
    pub user: Value,
}

impl Client {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        Self {
            http,
            base: base.to_owned(),
            csrf: String::new(),
            lang: "en".into(),
            user: Value::Null,
        }
    }

    /// A client whose connections come from another loopback address (127.0.0.2 …), as a
    /// person elsewhere would.
    pub fn from_address(base: &str, address: std::net::IpAddr) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .local_address(address)
            .build()
            .unwrap();
        Self {
            http,
            ..Self::new(base)
        }
    }

    pub fn user_id(&self) -> String {
        self.user["id"].as_str().unwrap().to_owned()
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut rb = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(header::ACCEPT_LANGUAGE, &self.lang);
        if !self.csrf.is_empty() {
            rb = rb.header("x-csrf-token", &self.csrf);
        }
        rb
    }

    pub async fn send(rb: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let res = rb.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        Self::send(self.request(Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        Self::send(self.request(Method::POST, path).json(&body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        Self::send(self.request(Method::PATCH, path).json(&body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        Self::send(self.request(Method::DELETE, path)).await
    }
}

/// Asserts a problem document with this status and code, and returns it.
pub fn problem(status: StatusCode, body: &Value, expected: StatusCode, code: &str) -> Value {
    assert_eq!(status, expected, "body: {body}");
    assert_eq!(body["code"], code, "body: {body}");
    assert_eq!(body["status"], expected.as_u16());
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()));
    body.clone()
}

/// Asserts a 422 `invalid_input` and returns the first field it names with its code.
pub fn refused_field(status: StatusCode, body: &Value) -> (String, String) {
    let body = problem(
        status,
        body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    );
    let first = &body["errors"][0];
    (
        first["field"].as_str().unwrap_or_default().to_owned(),
        first["code"].as_str().unwrap_or_default().to_owned(),
    )
}

/// Uploads a file of deals to import (its preview answered).
pub async fn upload_deals(c: &Client, bytes: &str) -> (StatusCode, Value) {
    Client::send(
        c.request(Method::POST, "/api/v1/opportunities/imports")
            .header("x-file-name", "history.csv")
            .header("content-type", "application/octet-stream")
            .body(bytes.as_bytes().to_vec()),
    )
    .await
}

/// Imports a file through the API, keeping the good rows; answers the job's result.
pub async fn import_deals(app: &TestApp, c: &Client, file: &str, values: Value) -> Value {
    let (status, imp) = upload_deals(c, file).await;
    assert_eq!(status, StatusCode::CREATED, "{imp}");
    let (status, job) = c
        .post(
            &format!(
                "/api/v1/opportunities/imports/{}/start",
                imp["id"].as_str().unwrap()
            ),
            json!({"keep_good_rows": true, "values": values}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    app.run_jobs().await;
    let (_, done) = c
        .get(&format!("/api/v1/jobs/{}", job["id"].as_str().unwrap()))
        .await;
    assert_eq!(done["status"], "done", "{done}");
    done["result"].clone()
}
