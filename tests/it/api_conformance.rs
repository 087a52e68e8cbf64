//! What schemathesis (scripts/schemathesis.sh) found against the OpenAPI
//! description, kept as tests: every refusal under /api is JSON with a status
//! the description lists, and text PostgreSQL cannot store is refused in
//! words rather than failing with a 500.

use crate::concurrency::token_for;
use crate::helpers::both_databases;
use crate::people::{login, round};
use serde_json::{Value, json};

/// The statuses the description lists for `method` on `path`.
fn documented(spec: &Value, path: &str, method: &str) -> Vec<String> {
    spec["paths"][path][method]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {path} is described"))
        .keys()
        .cloned()
        .collect()
}

async fn answer(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let json = r
        .headers()
        .get("content-type")
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"));
    assert!(json, "every answer under /api is JSON (status {status})");
    (status, r.json().await.expect("a JSON body"))
}

both_databases! {
    async fn a_bad_path_parameter_or_body_under_the_api_gets_a_documented_json_error(db) {
        let round = round(db).await;
        let token = token_for(&round.db.store, "ct").await;
        let http = reqwest::Client::new();
        let base = &round.app.base;
        let spec: Value = http.get(format!("{base}/api/openapi.json")).send().await.expect("spec").json().await.expect("JSON");

        // An id beyond 64 bits, or a NUL in a code, names nothing: a JSON 404.
        let r = http.get(format!("{base}/api/v1/reports/9223372036854775808")).bearer_auth(&token).send().await.expect("answers");
        let (status, body) = answer(r).await;
        assert_eq!(status, 404);
        assert_eq!(body["error"]["code"], "not_found");
        assert!(documented(&spec, "/api/v1/reports/{id}", "get").contains(&"404".to_string()));
        let (status, _) = answer(http.get(format!("{base}/api/frameworks/kon%00tum")).send().await.expect("answers")).await;
        assert_eq!(status, 404, "a NUL in a path is no framework, not a database failure");
        for q in ["/api/v1/national?framework=kon%00tum", "/api/v1/assessment?framework=kon%00tum"] {
            let (status, body) = answer(http.get(format!("{base}{q}")).send().await.expect("answers")).await;
            assert_eq!(status, 404, "a NUL in a query names nothing, on both databases: {body}");
        }

        let r = http.post(format!("{base}/api/v1/periods/{}/my-report", round.period)).bearer_auth(&token).send().await.expect("my-report");
        let report: Value = r.json().await.expect("JSON");
        let id = report["report"]["id"].as_i64().expect("id");
        let version = report["report"]["version"].as_i64().expect("version");
        let url = format!("{base}/api/v1/reports/{id}");

        // No Content-Type: a JSON 400 that the description lists.
        let r = http.put(&url).bearer_auth(&token).body("{}").send().await.expect("answers");
        let (status, body) = answer(r).await;
        assert_eq!(status, 400);
        assert!(body["error"]["message_vi"].as_str().unwrap_or_default().contains("JSON"));
        assert!(documented(&spec, "/api/v1/reports/{id}", "put").contains(&"400".to_string()));

        // A NUL in a narrative: refused by field, in Vietnamese, nothing stored — on both databases.
        let r = http.put(&url).bearer_auth(&token)
            .json(&json!({ "version": version, "narrative": [{ "objective": "1", "part": "results", "body": "Kết quả\u{0}" }] }))
            .send().await.expect("answers");
        let (status, body) = answer(r).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]["message_vi"].as_str().unwrap_or_default().contains("NUL"), "{body}");
        let now: Value = http.get(&url).bearer_auth(&token).send().await.expect("read").json().await.expect("JSON");
        assert_eq!(now["report"]["version"].as_i64(), Some(version), "nothing was stored");

        // JSON Schema counts 3.0 as an integer: a version written so is read.
        let r = http.put(&url).bearer_auth(&token)
            .json(&json!({ "version": version as f64, "narrative": [{ "objective": "1", "part": "results", "body": "Kết quả" }] }))
            .send().await.expect("answers");
        let (status, body) = answer(r).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["report"]["version"].as_i64(), Some(version + 1));
    }

    async fn a_nul_typed_into_the_report_form_is_refused_by_name_not_a_server_error(db) {
        let round = round(db).await;
        let ct = login(&round.app, "ct").await;
        let (_, location) = ct.post(&round.app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let report: i64 = location.trim_start_matches("/reports/").parse().expect("a report id");
        let (_, html) = ct.get(&round.app, &format!("/reports/{report}")).await;
        let version = crate::people::field(&html, "version").expect("a version");
        let (status, html) = ct.post(&round.app, &format!("/reports/{report}/save"), &[
            ("version", version.as_str()), ("t:1:results", "Kết quả\u{0}"),
        ]).await;
        assert_eq!(status, 422, "refused, not a 500");
        assert!(html.contains("NUL"), "the message names the character");
    }
}

/// Whether a schema says what its fields are: a reference to a named
/// schema, a list of such, or an object with properties. A bare `object`
/// tells a generated client nothing.
fn typed(schema: &Value) -> bool {
    if schema.get("$ref").is_some() {
        return true;
    }
    // `["string", "null"]`: an optional value of a plain type.
    if let Some(kinds) = schema["type"].as_array() {
        return !kinds.iter().any(|k| k == "object" || k == "array")
            || schema.get("properties").is_some()
            || schema.get("items").is_some_and(typed);
    }
    match schema["type"].as_str() {
        Some("array") => typed(&schema["items"]),
        Some("object") => schema["properties"]
            .as_object()
            .is_some_and(|p| !p.is_empty()),
        Some(_) => true,
        None => ["oneOf", "allOf", "anyOf"].iter().any(|k| {
            schema[k]
                .as_array()
                .is_some_and(|all| all.iter().all(typed))
        }),
    }
}

#[tokio::test]
async fn every_api_operation_describes_its_bodies_field_by_field() {
    let db = crate::helpers::TestDb::sqlite().await;
    let app = crate::helpers::TestApp::start(db.store.clone()).await;
    let spec: Value = app
        .client
        .get(format!("{}/api/openapi.json", app.base))
        .send()
        .await
        .expect("spec")
        .json()
        .await
        .expect("JSON");
    let mut untyped = Vec::new();
    let mut operations = 0;
    for (path, methods) in spec["paths"].as_object().expect("paths") {
        for (method, op) in methods.as_object().expect("operations") {
            operations += 1;
            let mut bodies: Vec<(String, &Value)> = Vec::new();
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (kind, c) in content {
                    bodies.push((format!("request {kind}"), &c["schema"]));
                }
            }
            for (status, r) in op["responses"].as_object().expect("responses") {
                for (kind, c) in r["content"].as_object().into_iter().flatten() {
                    bodies.push((format!("{status} {kind}"), &c["schema"]));
                }
            }
            for (what, schema) in bodies {
                if !typed(schema) {
                    untyped.push(format!("{method} {path}: {what} is {schema}"));
                }
            }
        }
    }
    assert!(
        operations >= 15,
        "the description lists {operations} operations"
    );
    assert!(
        untyped.is_empty(),
        "bodies described as a bare object: {untyped:#?}"
    );
    // The named schemas themselves say what their fields are, and so does
    // each of their fields: a framework's body is objectives and indicators,
    // not an object a client must guess at.
    for (name, schema) in spec["components"]["schemas"].as_object().expect("schemas") {
        assert!(typed(schema), "the schema {name} has no fields: {schema}");
        for (field, inner) in schema["properties"].as_object().into_iter().flatten() {
            assert!(
                typed(inner),
                "the field {name}.{field} has no fields: {inner}"
            );
        }
    }
    assert!(
        spec["components"]["schemas"]["IndicatorBody"]["properties"]["target"].is_object(),
        "a framework's indicators and targets are described"
    );
}

both_databases! {
    async fn the_administrator_reads_the_accounts_through_the_api_and_no_one_else_does(db) {
        let round = round(db).await;
        let http = reqwest::Client::new();
        let url = format!("{}/api/v1/users", round.app.base);
        let admin = token_for(&round.db.store, "admin").await;
        let r = http.get(&url).bearer_auth(&admin).send().await.expect("answers");
        let (status, body) = answer(r).await;
        assert_eq!(status, 200, "{body}");
        let users = body["users"].as_array().expect("users");
        let ct = users.iter().find(|u| u["username"] == "ct").expect("the officer's account");
        assert_eq!(ct["role"], "officer");
        assert_eq!(ct["unit"], "SO-CT");
        let text = body.to_string();
        assert!(!text.contains("argon2") && !text.contains("password") && !text.contains("tok-"), "no secret: {text}");
        // An officer, a consolidator and a leader are refused; the public must sign in.
        for who in ["ct", "dpi", "leader"] {
            let token = token_for(&round.db.store, who).await;
            let (status, body) = answer(http.get(&url).bearer_auth(&token).send().await.expect("answers")).await;
            assert_eq!(status, 403, "{who}: {body}");
        }
        let (status, _) = answer(http.get(&url).send().await.expect("answers")).await;
        assert_eq!(status, 401);
    }
}
