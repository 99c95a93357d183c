//! Organisation: departments, users, roles, data scope, history, notifications.

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{problem, Client, TestApp, PASSWORD};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn departments_tree_with_moves_regions_heads_and_versions() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        let (status, east) = c
            .post(
                "/api/v1/departments",
                json!({"name": "华东大区", "is_sales_region": true}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{east}");
        assert_eq!(east["is_sales_region"], true);
        let (_, sh) = c
            .post(
                "/api/v1/departments",
                json!({"name": "Shanghai", "parent_id": id(&east)}),
            )
            .await;
        let (_, north) = c
            .post("/api/v1/departments", json!({"name": "North"}))
            .await;
        assert_eq!(sh["parent_id"], east["id"]);

        // Rename with the right version; the answer carries the new version as ETag.
        let res = c
            .request(Method::PATCH, &format!("/api/v1/departments/{}", id(&sh)))
            .header(header::IF_MATCH, "\"1\"")
            .json(&json!({"name": "上海一组", "head_user_id": c.user_id()}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::ETAG], "\"2\"");
        // The same stale version, or one that cannot be parsed, is refused with 412.
        for stale in ["\"1\"", "not-a-version"] {
            let (status, body) = Client::send(
                c.request(Method::PATCH, &format!("/api/v1/departments/{}", id(&sh)))
                    .header(header::IF_MATCH, stale)
                    .json(&json!({"name": "Lost update"})),
            )
            .await;
            problem(
                status,
                &body,
                StatusCode::PRECONDITION_FAILED,
                "stale_version",
            );
        }
        // Move under North; moving East under its own child is a cycle.
        let (status, moved) = c
            .patch(
                &format!("/api/v1/departments/{}", id(&sh)),
                json!({"parent_id": id(&north)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(moved["parent_id"], north["id"]);
        assert_eq!(moved["name"], "上海一组");
        assert_eq!(moved["head_user_id"], c.user_id().as_str());
        let (_, sub) = c
            .post(
                "/api/v1/departments",
                json!({"name": "Sub", "parent_id": id(&east)}),
            )
            .await;
        let (status, body) = c
            .patch(
                &format!("/api/v1/departments/{}", id(&east)),
                json!({"parent_id": id(&sub)}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "department_cycle");
        let (status, body) = c
            .patch(
                &format!("/api/v1/departments/{}", id(&east)),
                json!({"parent_id": null}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "root_has_no_parent");

        // History: created, renamed (with head), moved — field by field.
        let (status, history) = c
            .get(&format!("/api/v1/departments/{}/history", id(&sh)))
            .await;
        assert_eq!(status, StatusCode::OK);
        let items = history["items"].as_array().unwrap();
        assert_eq!(items.len(), 3, "{history}");
        assert_eq!(items[0]["action"], "updated");
        assert_eq!(items[0]["actor"]["id"], c.user_id().as_str());
        assert_eq!(
            items[0]["changes"],
            json!([{"field": "parent_id", "old": east["id"], "new": north["id"],
                "old_label": east["name"], "new_label": north["name"],
                "old_resource": "departments", "new_resource": "departments"}])
        );
        assert_eq!(items[2]["action"], "created");
        app.stop().await;
    }
}

#[tokio::test]
async fn users_are_created_deactivated_moved_and_reset() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let rep_role = app.role_a("sales_rep").await;
        let (_, east) = admin
            .post("/api/v1/departments", json!({"name": "East"}))
            .await;
        let (status, rep) = admin
            .post("/api/v1/users", json!({"email": "Rep.One@Alpha.example.com", "name": "张三", "password": PASSWORD, "role_id": rep_role, "department_id": id(&east), "language": "zh-CN"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{rep}");
        assert_eq!(rep["email"], "rep.one@alpha.example.com");
        assert_eq!(rep["role_key"], "sales_rep");
        assert_eq!(rep["data_scope"], "own");
        // The user can sign in at once.
        let rep_client = app
            .sign_in("alpha", "rep.one@alpha.example.com", PASSWORD)
            .await;
        // The same e-mail again is a conflict naming the field.
        let (status, body) = admin
            .post("/api/v1/users", json!({"email": "rep.one@alpha.example.com", "name": "Dup", "password": PASSWORD, "role_id": rep_role}))
            .await;
        let body = problem(status, &body, StatusCode::CONFLICT, "email_taken");
        assert_eq!(body["errors"][0]["field"], "email");
        // Said beside the field in words, not "Invalid value" (issue 11).
        assert_eq!(body["errors"][0]["message"], "Already in use", "{body}");

        // Move the rep to another department; history says so.
        let (_, west) = admin
            .post("/api/v1/departments", json!({"name": "West"}))
            .await;
        let (status, moved) = admin
            .patch(
                &format!("/api/v1/users/{}", id(&rep)),
                json!({"department_id": id(&west)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        assert_eq!(moved["department_id"], west["id"]);
        let (_, in_west) = admin
            .get(&format!("/api/v1/users?department_id={}", id(&west)))
            .await;
        assert_eq!(in_west["items"][0]["id"], rep["id"]);

        // A rep cannot manage users.
        let (status, body) = rep_client.post("/api/v1/users", json!({"email": "x@alpha.example.com", "name": "X", "password": PASSWORD, "role_id": rep_role})).await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");

        // Reset the password: the old one stops working, sessions end, the new one works.
        let (status, _) = admin
            .post(
                &format!("/api/v1/users/{}/password", id(&rep)),
                json!({"password": "a brand new secret"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = rep_client.get("/api/v1/me").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "signed out everywhere");
        let rep_client = app
            .sign_in("alpha", "rep.one@alpha.example.com", "a brand new secret")
            .await;

        // The rep was told, in Chinese, once the delivery jobs ran.
        assert!(app.run_jobs().await >= 2);
        let (_, count) = rep_client.get("/api/v1/notifications/unread-count").await;
        assert_eq!(count["count"], 2, "welcome + password reset");
        let (_, inbox) = rep_client.get("/api/v1/notifications").await;
        assert_eq!(inbox["items"][0]["kind"], "password_reset");
        assert_eq!(inbox["items"][0]["title"], "您的密码已被重置");
        let first = id(&inbox["items"][0]);
        let (status, _) = rep_client
            .post(&format!("/api/v1/notifications/{first}/read"), json!({}))
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, count) = rep_client.get("/api/v1/notifications/unread-count").await;
        assert_eq!(count["count"], 1);
        // Someone else's message is not found.
        let (status, _) = admin
            .post(&format!("/api/v1/notifications/{first}/read"), json!({}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, all) = rep_client
            .post("/api/v1/notifications/read-all", json!({}))
            .await;
        assert_eq!(all["count"], 1);

        // Deactivate: signed out, cannot sign in; one cannot deactivate oneself.
        let (status, off) = admin
            .post(&format!("/api/v1/users/{}/deactivate", id(&rep)), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(off["active"], false);
        let (status, _) = rep_client.get("/api/v1/me").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = app
            .anonymous()
            .post("/api/v1/auth/login", json!({"tenant": "alpha", "email": "rep.one@alpha.example.com", "password": "a brand new secret"}))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, body) = admin
            .post(
                &format!("/api/v1/users/{}/deactivate", admin.user_id()),
                json!({}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::CONFLICT,
            "cannot_deactivate_self",
        );
        let (status, on) = admin
            .post(&format!("/api/v1/users/{}/reactivate", id(&rep)), json!({}))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(on["active"], true);

        // History of the user, with the password change masked.
        let (_, history) = admin
            .get(&format!("/api/v1/users/{}/history", id(&rep)))
            .await;
        let actions: Vec<&str> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "reactivated",
                "deactivated",
                "password_reset",
                "updated",
                "created"
            ]
        );
        assert_eq!(
            history["items"][3]["changes"],
            json!([{"field": "department_id", "old": east["id"], "new": west["id"],
                "old_label": "East", "new_label": "West",
                "old_resource": "departments", "new_resource": "departments"}])
        );
        assert_eq!(
            history["items"][2]["changes"],
            json!([{"field": "password", "old": "***", "new": "***"}])
        );

        // Lists: search and counts.
        let (_, found) = admin.get("/api/v1/users?q=rep.one").await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1);
        let (_, count) = admin.get("/api/v1/users?count=true").await;
        assert_eq!(count["count"], 2);
        let (_, page) = admin.get("/api/v1/users?limit=1").await;
        assert_eq!(page["items"].as_array().unwrap().len(), 1);
        let cursor = page["next_cursor"].as_str().unwrap();
        let (_, page2) = admin
            .get(&format!("/api/v1/users?limit=1&cursor={cursor}"))
            .await;
        assert_eq!(page2["items"][0]["id"], rep["id"]);
        assert!(page2["next_cursor"].is_null());
        app.stop().await;
    }
}

#[tokio::test]
async fn managers_manage_users_only_within_their_scope_and_grant_no_more_than_they_have() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, east) = admin
            .post("/api/v1/departments", json!({"name": "East"}))
            .await;
        let (_, sh) = admin
            .post(
                "/api/v1/departments",
                json!({"name": "Shanghai", "parent_id": id(&east)}),
            )
            .await;
        let (_, north) = admin
            .post("/api/v1/departments", json!({"name": "North"}))
            .await;
        let mgr_role = app.role_a("sales_manager").await;
        let rep_role = app.role_a("sales_rep").await;
        let new_user = |email: &str, role: &str, dept: &Value| json!({"email": email, "name": email, "password": PASSWORD, "role_id": role, "department_id": id(dept)});
        admin
            .post(
                "/api/v1/users",
                new_user("mgr@alpha.example.com", &mgr_role, &east),
            )
            .await;
        let (_, rep_sh) = admin
            .post(
                "/api/v1/users",
                new_user("sh@alpha.example.com", &rep_role, &sh),
            )
            .await;
        let (_, rep_north) = admin
            .post(
                "/api/v1/users",
                new_user("north@alpha.example.com", &rep_role, &north),
            )
            .await;
        let mgr = app
            .sign_in("alpha", "mgr@alpha.example.com", PASSWORD)
            .await;

        let (status, _) = mgr
            .post(
                &format!("/api/v1/users/{}/deactivate", id(&rep_sh)),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "Shanghai is below East");
        let (status, body) = mgr
            .post(
                &format!("/api/v1/users/{}/deactivate", id(&rep_north)),
                json!({}),
            )
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "out_of_scope");
        let (status, body) = mgr
            .post(
                "/api/v1/users",
                new_user("n2@alpha.example.com", &rep_role, &north),
            )
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "out_of_scope");
        let (status, _) = mgr
            .post(
                "/api/v1/users",
                new_user("s2@alpha.example.com", &rep_role, &sh),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let admin_role = app.role_a("admin").await;
        let (status, body) = mgr
            .post(
                "/api/v1/users",
                new_user("boss@alpha.example.com", &admin_role, &sh),
            )
            .await;
        problem(status, &body, StatusCode::FORBIDDEN, "forbidden");
        // Managers cannot change the organisation or roles.
        let (status, _) = mgr
            .post("/api/v1/departments", json!({"name": "Mine"}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = mgr
            .patch(
                &format!("/api/v1/roles/{mgr_role}"),
                json!({"data_scope": "tenant"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, still) = admin
            .get(&format!("/api/v1/users/{}", id(&rep_north)))
            .await;
        assert_eq!(still["active"], true, "nothing changed");
        app.stop().await;
    }
}

#[tokio::test]
async fn roles_have_default_keys_and_can_be_made_and_changed() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let (_, roles) = admin.get("/api/v1/roles").await;
        let keys: Vec<&str> = roles["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["key"].as_str().unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "admin",
                "sales_manager",
                "sales_rep",
                "finance",
                "marketing"
            ]
        );
        let scopes: Vec<&str> = roles["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["data_scope"].as_str().unwrap())
            .collect();
        assert_eq!(scopes, ["tenant", "subtree", "own", "tenant", "tenant"]);
        let (_, catalogue) = admin.get("/api/v1/permissions").await;
        assert!(catalogue["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["key"] == "users.manage" && p["area"] == "users"));

        let (status, role) = admin
            .post("/api/v1/roles", json!({"key": "key_account", "name": "大客户经理", "data_scope": "department", "permissions": ["leads.read", "customers.read"]}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{role}");
        let (status, body) = admin.post("/api/v1/roles", json!({"key": "key_account", "name": "Again", "data_scope": "own", "permissions": []})).await;
        problem(status, &body, StatusCode::CONFLICT, "already_exists");
        let (status, body) = admin
            .post(
                "/api/v1/roles",
                json!({"key": "bad", "name": "Bad", "data_scope": "galaxy", "permissions": []}),
            )
            .await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "data_scope");
        let (status, body) = admin.post("/api/v1/roles", json!({"key": "bad", "name": "Bad", "data_scope": "own", "permissions": ["leads.fly"]})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "permissions[0]");

        let (status, changed) = admin
            .patch(
                &format!("/api/v1/roles/{}", id(&role)),
                json!({"data_scope": "subtree", "permissions": ["leads.read"]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(changed["data_scope"], "subtree");
        assert_eq!(changed["version"], 2);
        let (_, history) = admin
            .get(&format!("/api/v1/roles/{}/history", id(&role)))
            .await;
        assert_eq!(history["items"][0]["changes"].as_array().unwrap().len(), 2);
        // The administrator role keeps every permission.
        let admin_role = app.role_a("admin").await;
        let (status, body) = admin
            .patch(
                &format!("/api/v1/roles/{admin_role}"),
                json!({"permissions": ["leads.read"]}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "builtin_role");
        app.stop().await;
    }
}

#[tokio::test]
async fn users_choose_their_language() {
    for app in TestApp::all().await {
        let c = app.admin_a().await;
        let (status, me) = c.patch("/api/v1/me", json!({"language": "zh-CN"})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(me["language"], "zh-CN");
        let (status, body) = c.patch("/api/v1/me", json!({"language": "klingon"})).await;
        problem(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        );
        assert_eq!(body["errors"][0]["field"], "language");
        app.stop().await;
    }
}

/// A tenant always keeps an active administrator: the only one cannot step down or be
/// deactivated; with a second one, either may (issue 11).
#[tokio::test]
async fn the_last_administrator_cannot_step_down() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        let rep_role = app.role_a("sales_rep").await;
        let admin_role = app.role_a("admin").await;
        let me = admin.user_id();
        let (status, body) = admin
            .patch(&format!("/api/v1/users/{me}"), json!({"role_id": rep_role}))
            .await;
        let body = problem(status, &body, StatusCode::CONFLICT, "last_admin");
        assert!(
            body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("administrator"),
            "{body}"
        );
        let (_, still) = admin.get("/api/v1/me").await;
        assert!(
            still["user"]["permissions"].as_array().unwrap().len() > 5,
            "nothing changed: {still}"
        );
        // With a second administrator, the first may step down.
        let (status, second) = admin
            .post("/api/v1/users", json!({"email": "second@alpha.example.com", "name": "Second", "password": PASSWORD, "role_id": admin_role}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{second}");
        let (status, body) = admin
            .patch(&format!("/api/v1/users/{me}"), json!({"role_id": rep_role}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // Now the second is the last one, and cannot step down in turn.
        let second_admin = app
            .sign_in("alpha", "second@alpha.example.com", PASSWORD)
            .await;
        let (status, body) = second_admin
            .patch(
                &format!("/api/v1/users/{}", id(&second)),
                json!({"role_id": rep_role}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "last_admin");
        // Nor can a manager who manages users deactivate the last administrator.
        let manager_role = app.role_a("sales_manager").await;
        let (status, _) = second_admin
            .post("/api/v1/users", json!({"email": "mgr-last@alpha.example.com", "name": "Mgr", "password": PASSWORD, "role_id": manager_role}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let manager = app
            .sign_in("alpha", "mgr-last@alpha.example.com", PASSWORD)
            .await;
        let (status, body) = manager
            .post(
                &format!("/api/v1/users/{}/deactivate", id(&second)),
                json!({}),
            )
            .await;
        problem(status, &body, StatusCode::CONFLICT, "last_admin");
        let (_, after) = second_admin
            .get(&format!("/api/v1/users/{}", id(&second)))
            .await;
        assert_eq!(after["active"], true, "{after}");
        app.stop().await;
    }
}

/// An API token dies with a password reset and with a deactivation, and stays dead when the
/// user is reactivated (issue 11).
#[tokio::test]
async fn tokens_die_with_a_password_reset_or_deactivation() {
    for app in TestApp::all().await {
        let admin = app.admin_a().await;
        // Making tokens takes its own permission: a rep has none, a manager has it.
        let rep_role = app.role_a("sales_rep").await;
        let (_, _) = admin
            .post("/api/v1/users", json!({"email": "tok-rep@alpha.example.com", "name": "Rep", "password": PASSWORD, "role_id": rep_role}))
            .await;
        let rep_user = app
            .sign_in("alpha", "tok-rep@alpha.example.com", PASSWORD)
            .await;
        let (status, body) = rep_user
            .post("/api/v1/api-tokens", json!({"name": "sync"}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let manager_role = app.role_a("sales_manager").await;
        let (_, rep) = admin
            .post("/api/v1/users", json!({"email": "tok@alpha.example.com", "name": "Tok", "password": PASSWORD, "role_id": manager_role}))
            .await;
        let user = app
            .sign_in("alpha", "tok@alpha.example.com", PASSWORD)
            .await;
        let token = |user: Client| async move {
            let (status, made) = user
                .post("/api/v1/api-tokens", json!({"name": "sync"}))
                .await;
            assert_eq!(status, StatusCode::CREATED, "{made}");
            made["token"].as_str().unwrap().to_owned()
        };
        let me_with = |secret: String| {
            let c = Client::new(&app.base);
            async move {
                Client::send(
                    c.request(Method::GET, "/api/v1/me")
                        .header(header::AUTHORIZATION, format!("Bearer {secret}")),
                )
                .await
                .0
            }
        };
        let first = token(user).await;
        assert_eq!(me_with(first.clone()).await, StatusCode::OK);
        let (status, body) = admin
            .post(
                &format!("/api/v1/users/{}/password", id(&rep)),
                json!({"password": "another long password"}),
            )
            .await;
        assert!(status.is_success(), "{body}");
        assert_eq!(
            me_with(first).await,
            StatusCode::UNAUTHORIZED,
            "reset kills the token"
        );

        let user = app
            .sign_in("alpha", "tok@alpha.example.com", "another long password")
            .await;
        let second = token(user).await;
        assert_eq!(me_with(second.clone()).await, StatusCode::OK);
        for step in ["deactivate", "reactivate"] {
            let (status, body) = admin
                .post(&format!("/api/v1/users/{}/{step}", id(&rep)), json!({}))
                .await;
            assert!(status.is_success(), "{step}: {body}");
        }
        assert_eq!(
            me_with(second).await,
            StatusCode::UNAUTHORIZED,
            "a reactivated user's old token stays dead"
        );
        app.stop().await;
    }
}
