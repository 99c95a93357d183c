//! Sign-in, sessions, CSRF, throttling, API tokens, security headers.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp, PASSWORD};

#[tokio::test]
async fn sign_in_me_and_sign_out() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        assert_eq!(c.user["email"], "admin@alpha.example.com");
        assert_eq!(c.user["role_key"], "admin");
        assert_eq!(c.user["tenant"]["slug"], "alpha");
        let (status, me) = c.get("/api/v1/me").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            me["csrf_token"],
            c.csrf.as_str(),
            "a reloaded page recovers its CSRF token"
        );
        assert_eq!(me["user"]["id"], c.user["id"]);

        let (status, _) = c.post("/api/v1/auth/logout", json!({})).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, body) = c.get("/api/v1/me").await;
        problem(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
        app.stop().await;
    }
}

#[tokio::test]
async fn wrong_password_unknown_tenant_and_unknown_email_answer_alike() {
    for app in TestApp::all().await {
        let c = app.anonymous();
        let attempts = [
            json!({"tenant": "alpha", "email": "admin@alpha.example.com", "password": "wrong password"}),
            json!({"tenant": "nosuch", "email": "admin@alpha.example.com", "password": PASSWORD}),
            json!({"tenant": "alpha", "email": "nobody@alpha.example.com", "password": PASSWORD}),
        ];
        let mut bodies = Vec::new();
        for body in attempts {
            let (status, answer) = c.post("/api/v1/auth/login", body).await;
            bodies.push(problem(
                status,
                &answer,
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
            ));
        }
        assert_eq!(bodies[0], bodies[1]);
        assert_eq!(bodies[1], bodies[2]);
        app.stop().await;
    }
}

#[tokio::test]
async fn repeated_failures_are_throttled_even_with_the_right_password() {
    for app in TestApp::all().await {
        let c = app.anonymous();
        let wrong = json!({"tenant": "alpha", "email": "admin@alpha.example.com", "password": "not the password"});
        for _ in 0..5 {
            let (status, _) = c.post("/api/v1/auth/login", wrong.clone()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let right =
            json!({"tenant": "alpha", "email": "admin@alpha.example.com", "password": PASSWORD});
        let res = c
            .request(reqwest::Method::POST, "/api/v1/auth/login")
            .json(&right)
            .send()
            .await
            .unwrap();
        let retry: i64 = res.headers()[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&retry), "Retry-After {retry}");
        let status = res.status();
        let body: serde_json::Value = res.json().await.unwrap();
        problem(status, &body, StatusCode::TOO_MANY_REQUESTS, "throttled");
        // The lock holds for this address only: the owner signs in from elsewhere.
        let elsewhere = Client::from_address(&app.base, "127.0.0.2".parse().unwrap());
        let (status, body) = elsewhere.post("/api/v1/auth/login", right.clone()).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "locked out from another address: {body}"
        );
        // Another user of the same tenant is not affected.
        let c2 = app.anonymous();
        let (status, _) = c2
            .post(
                "/api/v1/auth/login",
                json!({"tenant": "beta", "email": "admin@beta.example.com", "password": PASSWORD}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        app.stop().await;
    }
}

#[tokio::test]
async fn state_changes_need_the_csrf_token() {
    for app in TestApp::all().await {
        let mut c = app.admin_a().await;
        let token = std::mem::take(&mut c.csrf);
        let (status, body) = c
            .post("/api/v1/departments", json!({"name": "No token"}))
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "csrf_failed");
        c.csrf = "wrong-token".into();
        let (status, body) = c
            .post("/api/v1/departments", json!({"name": "Wrong token"}))
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "csrf_failed");
        c.csrf = token;
        let (_, list) = c.get("/api/v1/departments").await;
        assert_eq!(
            list["items"].as_array().unwrap().len(),
            1,
            "nothing was written"
        );
        let (status, _) = c
            .post("/api/v1/departments", json!({"name": "With token"}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        app.stop().await;
    }
}

#[tokio::test]
async fn expired_sessions_are_refused() {
    for app in TestApp::all().await {
        let past = closer_store::now() - chrono::Duration::hours(1);
        let token = "expired-session-token";
        app.state
            .store
            .create_session(closer_store::entity::session::Model {
                token_hash: closer_server::platform::session::hash_secret(token),
                tenant_id: app.a.tenant.tenant_id,
                user_id: app.a.admin.id,
                csrf_token: "csrf".into(),
                created_at: past - chrono::Duration::hours(30),
                last_seen_at: past - chrono::Duration::hours(25),
                expires_at: past,
            })
            .await
            .unwrap();
        let c = Client::new(&app.base);
        let (status, body) = Client::send(
            c.request(reqwest::Method::GET, "/api/v1/me")
                .header(header::COOKIE, format!("closer_session={token}")),
        )
        .await;
        problem(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
        app.stop().await;
    }
}

#[tokio::test]
async fn api_tokens_are_hashed_scoped_and_revocable() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (status, made) = admin
            .post(
                "/api/v1/api-tokens",
                json!({"name": "ERP sync", "scopes": ["leads.read"]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let secret = made["token"].as_str().unwrap().to_owned();
        let stored = app
            .state
            .store
            .live_api_token(&closer_server::platform::session::hash_secret(&secret))
            .await
            .unwrap()
            .unwrap();
        assert_ne!(stored.token_hash, secret, "the database keeps only a hash");

        let bearer = Client::new(&app.base);
        let with_token = |rb: reqwest::RequestBuilder| {
            rb.header(header::AUTHORIZATION, format!("Bearer {secret}"))
        };
        let (status, me) = Client::send(with_token(
            bearer.request(reqwest::Method::GET, "/api/v1/me"),
        ))
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            me["user"]["permissions"],
            json!(["leads.read"]),
            "the token is limited to its scopes"
        );
        // Bearer requests need no CSRF token; the scope still limits them.
        let (status, body) = Client::send(
            with_token(bearer.request(reqwest::Method::POST, "/api/v1/departments"))
                .json(&json!({"name": "Via token"})),
        )
        .await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");

        let (_, list) = admin.get("/api/v1/api-tokens").await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        assert!(
            list["items"][0].get("token").is_none(),
            "the secret is shown once only"
        );
        let (status, _) = admin
            .delete(&format!(
                "/api/v1/api-tokens/{}",
                made["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = Client::send(with_token(
            bearer.request(reqwest::Method::GET, "/api/v1/me"),
        ))
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.stop().await;
    }
}

#[tokio::test]
async fn security_headers_and_translated_problems() {
    for app in TestApp::all().await {
        let res = reqwest::get(format!("{}/api/v1/me", app.base))
            .await
            .unwrap();
        let h = res.headers();
        assert!(h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h[header::CONTENT_TYPE], "application/problem+json");
        let mut c = app.anonymous();
        c.lang = "zh-CN,zh;q=0.9".into();
        let (_, zh) = c.get("/api/v1/me").await;
        assert_eq!(zh["title"], "请先登录");
        c.lang = "en-US".into();
        let (_, en) = c.get("/api/v1/me").await;
        assert_eq!(en["title"], "Sign-in required");
        for path in ["/healthz", "/readyz", "/metrics"] {
            let res = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
        }
        let metrics = reqwest::get(format!("{}/metrics", app.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let line = metrics
            .lines()
            .find(|l| l.starts_with("closer_http_requests_total{class=\"4xx\"}"))
            .unwrap();
        let n: u64 = line.rsplit(' ').next().unwrap().parse().unwrap();
        assert!(n >= 3, "the three 401s above were counted: {line}");
        app.stop().await;
    }
}

/// A token never grows its own rights: making tokens takes `org.api_tokens`, so a token
/// scoped to `leads.read` makes none; one that may make them gives its children at most its
/// own scopes, asking for none included (issue 11).
#[tokio::test]
async fn a_scoped_token_cannot_make_a_broader_one() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let token = |scopes: Value| {
            let admin = admin.clone();
            async move {
                let (_, made) = admin
                    .post("/api/v1/api-tokens", json!({"name": "t", "scopes": scopes}))
                    .await;
                made["token"].as_str().unwrap().to_owned()
            }
        };
        let bearer = Client::new(&app.base);
        let with = |secret: &str, rb: reqwest::RequestBuilder| {
            rb.header(header::AUTHORIZATION, format!("Bearer {secret}"))
        };
        // A token without the right to make tokens makes none: not "all", not the same.
        let narrow = token(json!(["leads.read"])).await;
        for body in [
            json!({"name": "child"}),
            json!({"name": "child", "scopes": []}),
            json!({"name": "child", "scopes": ["leads.read"]}),
            json!({"name": "wider", "scopes": ["roles.manage"]}),
        ] {
            let (status, child) = Client::send(with(
                &narrow,
                bearer
                    .request(reqwest::Method::POST, "/api/v1/api-tokens")
                    .json(&body),
            ))
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}: {child}");
        }
        // One that may: its children get at most its own scopes, "all" included.
        let issuer = token(json!(["leads.read", "org.api_tokens"])).await;
        for scopes in [json!([]), json!(null)] {
            let body = if scopes.is_null() {
                json!({"name": "child"})
            } else {
                json!({"name": "child", "scopes": scopes})
            };
            let (status, child) = Client::send(with(
                &issuer,
                bearer
                    .request(reqwest::Method::POST, "/api/v1/api-tokens")
                    .json(&body),
            ))
            .await;
            assert_eq!(status, StatusCode::CREATED, "{child}");
            assert_eq!(
                child["scopes"],
                json!(["org.api_tokens", "leads.read"]),
                "{child}"
            );
            let secret = child["token"].as_str().unwrap().to_owned();
            let (status, _) = Client::send(with(
                &secret,
                bearer
                    .request(reqwest::Method::POST, "/api/v1/roles")
                    .json(&json!({"key": "evil", "name": "Evil", "data_scope": "tenant", "permissions": ["roles.manage"]})),
            ))
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let (status, _) = Client::send(with(
            &issuer,
            bearer
                .request(reqwest::Method::POST, "/api/v1/api-tokens")
                .json(&json!({"name": "wider", "scopes": ["roles.manage"]})),
        ))
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        app.stop().await;
    }
}

/// Spraying: many wrong passwords from one address across different accounts are stopped
/// there (429 with Retry-After), while other addresses sign in (issue 11).
#[tokio::test]
async fn one_address_spraying_many_accounts_is_throttled() {
    for app in TestApp::all().await {
        let sprayer = app.anonymous();
        for n in 0..20 {
            // A forged X-Forwarded-For per attempt changes nothing: no proxy is trusted.
            let (status, _) = Client::send(
                sprayer
                    .request(reqwest::Method::POST, "/api/v1/auth/login")
                    .header("x-forwarded-for", format!("10.9.8.{n}"))
                    .json(&json!({"tenant": "alpha", "email": format!("user{n}@alpha.example.com"), "password": "Password123"})),
            )
            .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {n}");
        }
        let right =
            json!({"tenant": "alpha", "email": "admin@alpha.example.com", "password": PASSWORD});
        let res = sprayer
            .request(reqwest::Method::POST, "/api/v1/auth/login")
            .json(&right)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.headers().contains_key(header::RETRY_AFTER));
        let other = Client::from_address(&app.base, "127.0.0.3".parse().unwrap());
        let (status, body) = other.post("/api/v1/auth/login", right).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        app.stop().await;
    }
}

#[tokio::test]
async fn answers_are_compressed_when_the_client_takes_it() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        // A list long enough to be worth compressing.
        for n in 0..30 {
            c.post(
                "/api/v1/customers",
                json!({"name": format!("压缩测试客户 {n} 有限公司")}),
            )
            .await;
        }
        let fetch = |coding: &'static str| {
            let rb = c.request(reqwest::Method::GET, "/api/v1/customers?limit=50");
            async move {
                let res = rb
                    .header(header::ACCEPT_ENCODING, coding)
                    .send()
                    .await
                    .unwrap();
                let encoding = res
                    .headers()
                    .get(header::CONTENT_ENCODING)
                    .map(|v| v.to_str().unwrap().to_owned());
                (res.status(), encoding, res.bytes().await.unwrap())
            }
        };
        let (status, encoding, plain) = fetch("identity").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(encoding, None);
        let list: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 30, "{list}");
        for (asked, expected) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
            let (status, encoding, body) = fetch(asked).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(encoding.as_deref(), Some(expected));
            assert!(
                body.len() * 3 < plain.len(),
                "{expected}: {} of {} bytes",
                body.len(),
                plain.len()
            );
        }
        app.stop().await;
    }
}
