//! Who may use each route (docs/security.md): every route of the router is in
//! the matrix below with the people allowed, and each is tried by every kind
//! of person — anonymous, administrator, consolidator, the officer who owns
//! the report, an officer of another agency, a coordinating agency's officer,
//! a viewer. The test fails when the router has a route the matrix does not
//! name (read from the router's source, `PAGE_ROUTES` and the OpenAPI paths).
//! Every POST without its CSRF token, or with a wrong one, is refused too.

use crate::helpers::both_databases;
use crate::people::{Person, Round, client, login, round};
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const ROUTER_SOURCE: &str = include_str!("../../crates/web/src/lib.rs");
const API_SOURCE: &str = include_str!("../../crates/web/src/api/mod.rs");

/// Everyone, signed in or not.
const ALL: &[&str] = &["anonymous", "admin", "dpi", "ct", "xd", "khcn", "leader"];
const SIGNED_IN: &[&str] = &["admin", "dpi", "ct", "xd", "khcn", "leader"];
const OVERVIEW: &[&str] = &["admin", "dpi", "leader"];
/// The report of SO-CT: its officer and the consolidating side.
const OWNER: &[&str] = &["admin", "dpi", "ct"];
/// Agencies that lead an objective and so have a report (SO-KHCN only coordinates).
const OFFICERS: &[&str] = &["ct", "xd"];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A page: GET, or a form POST with the CSRF field.
    Page,
    /// JSON, cookie session with the X-CSRF-Token header on writes.
    Api,
    /// The spreadsheet upload: multipart with the CSRF field.
    Upload,
    /// Tried in a test of its own (login, logout: see security.rs).
    Own,
}

struct Rule {
    method: &'static str,
    pattern: &'static str,
    path: String,
    allowed: &'static [&'static str],
    kind: Kind,
}

fn rule(
    method: &'static str,
    pattern: &'static str,
    path: impl Into<String>,
    allowed: &'static [&'static str],
    kind: Kind,
) -> Rule {
    Rule {
        method,
        pattern,
        path: path.into(),
        allowed,
        kind,
    }
}

/// The ids the matrix needs: SO-CT's report, a draft provincial report, a token of ct's.
struct Ids {
    p: i64,
    p2: i64,
    a: i64,
    pr: i64,
    token: i64,
}

fn matrix(ids: &Ids) -> Vec<Rule> {
    use Kind::{Api, Own, Page, Upload};
    let Ids {
        p,
        p2,
        a,
        pr,
        token,
    } = *ids;
    vec![
        rule("GET", "/", "/", ALL, Page),
        rule(
            "GET",
            "/frameworks/{code}",
            "/frameworks/kon-tum-598-2014",
            ALL,
            Page,
        ),
        rule("GET", "/login", "/login", ALL, Page),
        rule("POST", "/login", "/login", ALL, Own),
        rule("POST", "/logout", "/logout", SIGNED_IN, Own),
        rule("GET", "/home", "/home", SIGNED_IN, Page),
        rule("GET", "/dashboard", "/dashboard", ALL, Page),
        rule("GET", "/indicators/{code}", "/indicators/1.1", ALL, Page),
        rule(
            "GET",
            "/indicators/{code}/chart.svg",
            "/indicators/1.1/chart.svg",
            ALL,
            Page,
        ),
        rule(
            "POST",
            "/indicators/{code}/rating",
            "/indicators/3.1/rating",
            &["dpi"],
            Page,
        ),
        rule("GET", "/units/{code}", "/units/SO-CT", ALL, Page),
        rule("GET", "/national", "/national", ALL, Page),
        rule(
            "GET",
            "/national/areas/{code}",
            "/national/areas/UBND-TINH",
            ALL,
            Page,
        ),
        rule(
            "GET",
            "/national/indicators/{code}",
            "/national/indicators/1.1",
            ALL,
            Page,
        ),
        rule("GET", "/exports/{file}", "/exports/values.csv", ALL, Page),
        rule(
            "POST",
            "/periods/{id}/provincial-report",
            format!("/periods/{p}/provincial-report"),
            &["dpi"],
            Page,
        ),
        rule(
            "GET",
            "/provincial-reports",
            "/provincial-reports",
            ALL,
            Page,
        ),
        // A draft provincial report is internal; an issued one is public.
        rule(
            "GET",
            "/provincial-reports/{id}",
            format!("/provincial-reports/{pr}"),
            OVERVIEW,
            Page,
        ),
        rule(
            "POST",
            "/provincial-reports/{id}/save",
            format!("/provincial-reports/{pr}/save"),
            &["dpi"],
            Page,
        ),
        rule(
            "POST",
            "/provincial-reports/{id}/issue",
            format!("/provincial-reports/{pr}/issue"),
            &["dpi"],
            Page,
        ),
        rule(
            "GET",
            "/provincial-reports/{id}/pdf",
            format!("/provincial-reports/{pr}/pdf"),
            OVERVIEW,
            Page,
        ),
        rule(
            "GET",
            "/provincial-reports/{id}/docx",
            format!("/provincial-reports/{pr}/docx"),
            OVERVIEW,
            Page,
        ),
        rule("GET", "/periods", "/periods", SIGNED_IN, Page),
        rule(
            "GET",
            "/periods/{id}",
            format!("/periods/{p}"),
            OVERVIEW,
            Page,
        ),
        rule(
            "GET",
            "/periods/{id}/my-report",
            format!("/periods/{p}/my-report"),
            OFFICERS,
            Page,
        ),
        rule(
            "POST",
            "/periods/{id}/my-report",
            format!("/periods/{p}/my-report"),
            OFFICERS,
            Page,
        ),
        rule(
            "GET",
            "/periods/{id}/contributions/{objective}",
            format!("/periods/{p}/contributions/1"),
            &["khcn"],
            Page,
        ),
        rule(
            "POST",
            "/periods/{id}/contributions/{objective}",
            format!("/periods/{p}/contributions/1"),
            &["khcn"],
            Page,
        ),
        rule(
            "POST",
            "/periods/{id}/{action}",
            format!("/periods/{p2}/open"),
            &["dpi"],
            Page,
        ),
        rule(
            "POST",
            "/periods/{id}/{action}",
            format!("/periods/{p2}/close"),
            &["dpi"],
            Page,
        ),
        rule("GET", "/reports/{id}", format!("/reports/{a}"), OWNER, Page),
        rule(
            "POST",
            "/reports/{id}/save",
            format!("/reports/{a}/save"),
            &["ct"],
            Page,
        ),
        rule(
            "GET",
            "/reports/{id}/audit",
            format!("/reports/{a}/audit"),
            OWNER,
            Page,
        ),
        rule(
            "GET",
            "/reports/{id}/report.pdf",
            format!("/reports/{a}/report.pdf"),
            OWNER,
            Page,
        ),
        rule(
            "GET",
            "/reports/{id}/report.docx",
            format!("/reports/{a}/report.docx"),
            OWNER,
            Page,
        ),
        rule(
            "GET",
            "/reports/{id}/template.xlsx",
            format!("/reports/{a}/template.xlsx"),
            OWNER,
            Page,
        ),
        rule(
            "POST",
            "/reports/{id}/upload",
            format!("/reports/{a}/upload"),
            &["ct"],
            Upload,
        ),
        rule(
            "POST",
            "/reports/{id}/{action}",
            format!("/reports/{a}/submit"),
            &["ct"],
            Page,
        ),
        rule(
            "POST",
            "/reports/{id}/{action}",
            format!("/reports/{a}/return"),
            &["dpi"],
            Page,
        ),
        rule(
            "POST",
            "/reports/{id}/{action}",
            format!("/reports/{a}/accept"),
            &["dpi"],
            Page,
        ),
        rule(
            "POST",
            "/reports/{id}/{action}",
            format!("/reports/{a}/reopen"),
            &["dpi"],
            Page,
        ),
        rule("GET", "/admin/users", "/admin/users", &["admin"], Page),
        rule("POST", "/admin/users", "/admin/users", &["admin"], Page),
        rule(
            "POST",
            "/admin/users/{username}/{action}",
            "/admin/users/spare/disable",
            &["admin"],
            Page,
        ),
        rule(
            "POST",
            "/admin/users/{username}/{action}",
            "/admin/users/spare/enable",
            &["admin"],
            Page,
        ),
        rule(
            "POST",
            "/admin/users/{username}/{action}",
            "/admin/users/spare/reset-password",
            &["admin"],
            Page,
        ),
        rule("GET", "/account/tokens", "/account/tokens", SIGNED_IN, Page),
        rule(
            "POST",
            "/account/tokens",
            "/account/tokens",
            SIGNED_IN,
            Page,
        ),
        // Only the token's owner may revoke it.
        rule(
            "POST",
            "/account/tokens/{id}/revoke",
            format!("/account/tokens/{token}/revoke"),
            &["ct"],
            Page,
        ),
        rule("GET", "/static/xanh.css", "/static/xanh.css", ALL, Page),
        rule("GET", "/static/xanh.js", "/static/xanh.js", ALL, Page),
        rule(
            "GET",
            "/static/fonts/{file}",
            "/static/fonts/be-vietnam-pro-vietnamese-400.woff2",
            ALL,
            Page,
        ),
        rule("GET", "/api/openapi.json", "/api/openapi.json", ALL, Api),
        rule("GET", "/health", "/health", ALL, Api),
        rule("GET", "/api/frameworks", "/api/frameworks", ALL, Api),
        rule(
            "GET",
            "/api/frameworks/{code}",
            "/api/frameworks/kon-tum-598-2014",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/frameworks/{code}/periods",
            "/api/frameworks/kon-tum-598-2014/periods",
            ALL,
            Api,
        ),
        rule("GET", "/api/v1/me", "/api/v1/me", SIGNED_IN, Api),
        rule(
            "GET",
            "/api/v1/periods/{id}/reports",
            format!("/api/v1/periods/{p}/reports"),
            OVERVIEW,
            Api,
        ),
        rule(
            "POST",
            "/api/v1/periods/{id}/my-report",
            format!("/api/v1/periods/{p}/my-report"),
            OFFICERS,
            Api,
        ),
        rule(
            "POST",
            "/api/v1/periods/{id}/{action}",
            format!("/api/v1/periods/{p2}/open"),
            &["dpi"],
            Api,
        ),
        rule(
            "PUT",
            "/api/v1/periods/{id}/contributions/{objective}",
            format!("/api/v1/periods/{p}/contributions/1"),
            &["khcn"],
            Api,
        ),
        rule(
            "GET",
            "/api/v1/reports/{id}",
            format!("/api/v1/reports/{a}"),
            OWNER,
            Api,
        ),
        rule(
            "PUT",
            "/api/v1/reports/{id}",
            format!("/api/v1/reports/{a}"),
            &["ct"],
            Api,
        ),
        rule(
            "GET",
            "/api/v1/reports/{id}/audit",
            format!("/api/v1/reports/{a}/audit"),
            OWNER,
            Api,
        ),
        rule(
            "POST",
            "/api/v1/reports/{id}/{action}",
            format!("/api/v1/reports/{a}/submit"),
            &["ct"],
            Api,
        ),
        rule(
            "POST",
            "/api/v1/reports/{id}/{action}",
            format!("/api/v1/reports/{a}/accept"),
            &["dpi"],
            Api,
        ),
    ]
}

/// The first string argument of every `.route(` call in a source file.
fn routes_in(source: &str) -> BTreeSet<String> {
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
async fn methods_at(round: &Round, pattern: &str) -> BTreeSet<String> {
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
async fn send(req: reqwest::RequestBuilder, failures: &mut Vec<String>, what: &str) -> u16 {
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

fn form_fields(csrf: Option<&str>) -> Vec<(&str, &str)> {
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

fn api_body(method: &str) -> Option<Value> {
    match method {
        "PUT" => Some(json!({"version": -1, "values": [], "figures": "", "body": ""})),
        "POST" => Some(json!({"version": -1})),
        _ => None,
    }
}

/// One try of a rule: as `who` (None: anonymous), with the right CSRF token,
/// none, or a wrong one.
async fn attempt(
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

both_databases! {
    async fn every_route_is_in_the_matrix_and_answers_only_the_people_it_names(db) {
        let round = round(db).await;
        let store = round.db.store.clone();
        let app = &round.app;
        let (ct, dpi) = (login(app, "ct").await, login(app, "dpi").await);
        let (status, location) = ct.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        assert_eq!(status, 303, "{location}");
        let a: i64 = location.trim_start_matches("/reports/").parse().expect("a report id");
        let (status, location) = dpi.post(app, &format!("/periods/{}/provincial-report", round.period), &[]).await;
        assert_eq!(status, 303, "{location}");
        let pr: i64 = location.trim_start_matches("/provincial-reports/").split('?').next().and_then(|s| s.parse().ok()).expect("a provincial report id");
        let ct_id = store.user_for_login("ct").await.expect("lookup").expect("ct").0.id;
        let token = store.create_api_token(ct_id, "Excel", "xanh_matrix_token_of_ct").await.expect("a token");
        let ids = Ids { p: round.period, p2: round.other_period, a, pr, token };
        let rules = matrix(&ids);

        // 1. The matrix names every route, and no route it names is gone.
        let (_, spec) = ct.api(app, Method::GET, "/api/openapi.json", None).await;
        let openapi: BTreeSet<String> = spec["paths"].as_object().expect("paths").keys().cloned().collect();
        let pages: BTreeSet<String> = xanh_web::PAGE_ROUTES.iter().map(|s| s.to_string()).collect();
        let in_source: BTreeSet<String> = routes_in(ROUTER_SOURCE).union(&routes_in(API_SOURCE)).cloned().collect();
        let unlisted: Vec<&String> = in_source.iter().filter(|r| !pages.contains(*r) && !openapi.contains(*r)).collect();
        assert!(unlisted.is_empty(), "routes in the router but neither in PAGE_ROUTES nor in the OpenAPI description: {unlisted:?}");
        let stale: Vec<&String> = pages.difference(&in_source).collect();
        assert!(stale.is_empty(), "PAGE_ROUTES names routes the router no longer has: {stale:?}");
        let mut served = BTreeSet::new();
        for pattern in pages.union(&openapi) {
            for m in methods_at(&round, pattern).await {
                served.insert((m, pattern.clone()));
            }
        }
        let named: BTreeSet<(String, String)> = rules.iter().map(|r| (r.method.to_string(), r.pattern.to_string())).collect();
        let missing: Vec<_> = served.difference(&named).collect();
        assert!(missing.is_empty(), "routes with no rule in the matrix (say who may use them): {missing:?}");
        let gone: Vec<_> = named.difference(&served).collect();
        assert!(gone.is_empty(), "rules for routes the router does not serve: {gone:?}");

        // 2. Each rule, tried by each person.
        let mut people: Vec<(&str, Option<Person>)> = vec![("anonymous", None)];
        for name in ["admin", "xd", "khcn", "leader"] {
            people.push((name, Some(login(app, name).await)));
        }
        people.push(("dpi", Some(dpi)));
        people.push(("ct", Some(ct)));
        let mut failures = Vec::new();
        for rule in rules.iter().filter(|r| r.kind != Kind::Own) {
            let writes = rule.method != "GET";
            for (name, person) in &people {
                let allowed = rule.allowed.contains(name);
                if let (Some(p), true, true) = (person, writes, allowed) {
                    // Forged: no token, then a wrong one. Refused before anything happens.
                    let wrong = "0".repeat(p.csrf.len());
                    for (label, token) in [("without a CSRF token", None), ("with a wrong CSRF token", Some(wrong.as_str()))] {
                        let status = attempt(&round, rule, Some(p), token, &mut failures).await;
                        if status != 403 {
                            failures.push(format!("{} {} as {name} {label}: {status}, not 403", rule.method, rule.path));
                        }
                    }
                }
                let csrf = person.as_ref().map(|p| p.csrf.as_str());
                let status = attempt(&round, rule, person.as_ref(), csrf, &mut failures).await;
                let ok = if allowed {
                    !matches!(status, 401 | 403 | 404 | 405 | 1303 | 500..)
                } else {
                    matches!(status, 401 | 403 | 404 | 1303)
                };
                if !ok {
                    failures.push(format!("{} {} as {name} ({}): {status}", rule.method, rule.path, if allowed { "allowed" } else { "refused" }));
                }
            }
        }
        assert!(failures.is_empty(), "unexpected answers:\n{}", failures.join("\n"));
        assert!(store.user_by_api_token("xanh_matrix_token_of_ct").await.expect("lookup").is_none(), "ct revoked its own token");
    }
}
