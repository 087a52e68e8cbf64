//! Trying the routes: the patterns the router's source names, the methods the
//! router serves at a pattern, and one request of a rule sent as a given person
//! with the right CSRF token, none, or a wrong one.

use super::matrix::{Kind, Rule};
use crate::people::{Person, Round, client};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The first string argument of every `.route(` call in a source file.
pub(super) fn routes_in(source: &str) -> BTreeSet<String> {
    source
        .split(".route(")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('"')? + 1;
            let end = rest[start..].find('"')?;
            Some(rest[start..start + end].to_string())
        })
        .collect()
}

/// Which methods the router serves at a pattern: a PATCH (used by no route)
/// gets 405 with the `Allow` list.
pub(super) async fn methods_at(round: &Round, pattern: &str) -> BTreeSet<String> {
    let mut path = String::new();
    let mut inside = false;
    for c in pattern.chars() {
        match c {
            '{' => inside = true,
            '}' => {
                inside = false;
                path.push_str("zz");
            }
            _ if !inside => path.push(c),
            _ => {}
        }
    }
    let r = client()
        .patch(format!("{}{path}", round.app.base))
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 405, "PATCH {path} is served by no route");
    r.headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(',')
        .map(|m| m.trim().to_uppercase())
        .filter(|m| !m.is_empty() && m != "HEAD")
        .collect()
}

/// Status of a request; 1303 stands for "sent to the login page".
pub(super) async fn send(
    req: reqwest::RequestBuilder,
    failures: &mut Vec<String>,
    what: &str,
) -> u16 {
    let r = req.send().await.expect("answers");
    let h = r.headers();
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !csp.contains("frame-ancestors 'none'")
        || h.get("x-content-type-options")
            .is_none_or(|v| v != "nosniff")
    {
        failures.push(format!("{what}: security headers missing"));
    }
    let to_login = h
        .get("location")
        .and_then(|l| l.to_str().ok())
        .is_some_and(|l| l.starts_with("/login"));
    if to_login { 1303 } else { r.status().as_u16() }
}

pub(super) fn form_fields(csrf: Option<&str>) -> Vec<(&str, &str)> {
    let mut f = vec![
        ("version", "-1"),
        ("reason", "x"),
        ("name", "t"),
        ("year", "0"),
    ];
    if let Some(c) = csrf {
        f.push(("csrf", c));
    }
    f
}

pub(super) fn api_body(method: &str) -> Option<Value> {
    match method {
        "PUT" => Some(json!({"version": -1, "values": [], "figures": "", "body": ""})),
        "POST" => Some(json!({"version": -1})),
        _ => None,
    }
}

/// One try of a rule: as `who` (None: anonymous), with the right CSRF token,
/// none, or a wrong one.
pub(super) async fn attempt(
    round: &Round,
    rule: &Rule,
    who: Option<&Person>,
    csrf: Option<&str>,
    failures: &mut Vec<String>,
) -> u16 {
    let http = who.map(|p| p.http.clone()).unwrap_or_else(client);
    let url = format!("{}{}", round.app.base, rule.path);
    let method: Method = rule.method.parse().expect("a method");
    let what = format!("{} {}", rule.method, rule.path);
    let req = match rule.kind {
        Kind::Api => {
            let mut req = http.request(method, url);
            if let Some(c) = csrf {
                req = req.header("x-csrf-token", c);
            }
            match api_body(rule.method) {
                Some(b) => req.json(&b),
                None => req,
            }
        }
        Kind::Upload => {
            let mut form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(b"not a workbook".to_vec()).file_name("x.xlsx"),
            );
            if let Some(c) = csrf {
                form = form.text("csrf", c.to_string());
            }
            http.post(url).multipart(form)
        }
        _ if rule.method == "GET" => http.get(url),
        _ => http.request(method, url).form(&form_fields(csrf)),
    };
    send(req, failures, &what).await
}
