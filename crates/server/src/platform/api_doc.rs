//! What every operation of the OpenAPI document can answer besides its own success, stated
//! once for all: each error is an RFC 9457 problem document (`application/problem+json`);
//! a signed-in operation may answer 401 and 403; one with a path id or a record named in its
//! query, 404; one with parameters or a body, 422; one with a body, 400 (malformed JSON), 413
//! and 415; a write, 409; any may answer 503 while the database is out of reach. Path ids are
//! UUIDs and `limit` is 1–500.

use serde_json::{json, Map, Value};

/// Operations anyone may call without signing in.
const PUBLIC: [&str; 2] = ["/api/v1/auth/login", "/api/v1/capture/{form_key}"];

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn complete_operation(path: &str, method: &str, op: &mut Map<String, Value>) {
    let has_body = op.contains_key("requestBody");
    // A list filtered by a parent (`?customer_id=`) answers 404 when the parent is not there.
    let names_a_record = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| {
            ps.iter().any(|p| {
                p["in"] == "query" && p["name"].as_str().is_some_and(|n| n.ends_with("_id"))
            })
        });
    let params = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|p| !p.is_empty());
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for p in params {
            let (name, place) = (p["name"].clone(), p["in"].clone());
            if place == "path" && name == "id" {
                p["schema"] = json!({"type": "string", "format": "uuid"});
            }
            if place == "query" && name == "limit" {
                p["schema"] = json!({"type": ["integer", "null"], "minimum": 1, "maximum": 500});
            }
        }
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    // Errors the operation names already: their body is a problem document.
    for (code, r) in responses.iter_mut() {
        if code.starts_with('4') || code.starts_with('5') {
            if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                if let Some(body) = content.remove("application/json") {
                    content.insert("application/problem+json".into(), body);
                }
            }
        }
    }
    let public = PUBLIC.contains(&path);
    let mut add = |code: &str, description: &str| {
        responses
            .entry(code.to_owned())
            .or_insert_with(|| problem(description));
    };
    if !public {
        add("401", "Not signed in, or the session or token has ended");
        add("403", "The caller's role does not allow this");
    }
    if path.contains('{') || names_a_record {
        add("404", "No such record, or not visible to the caller");
    }
    if params || has_body {
        add(
            "422",
            "A parameter or field is refused; the problem names each one",
        );
    }
    if has_body {
        add("400", "The body is not valid JSON");
        add("413", "The body is larger than allowed");
        add("415", "The body is not of a type this operation takes");
    }
    if method != "get" && !public {
        // Any write may meet a record whose state refuses it, a unique value already taken,
        // or (on PostgreSQL) a concurrent write that won: the code says which.
        add(
            "409",
            "The record's state does not allow this, or a unique value is taken",
        );
    }
    add("503", "The database cannot be reached right now");
}

/// Completes every operation's answers (see the module's documentation) in the document's
/// JSON. (utoipa's types do not read their own JSON back, so this works on the JSON.)
#[must_use]
pub fn complete(mut value: Value) -> Value {
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                    complete_operation(path, method, op);
                }
            }
        }
    }
    value
}
