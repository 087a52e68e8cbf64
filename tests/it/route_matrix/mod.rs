//! Who may use each route (docs/security.md): every route of the router is in
//! the matrix below with the people allowed, and each is tried by every kind
//! of person — anonymous, administrator, consolidator, the officer who owns
//! the report, an officer of another agency, a coordinating agency's officer,
//! a viewer. The test fails when the router has a route the matrix does not
//! name (read from the router's source, `PAGE_ROUTES` and the OpenAPI paths).
//! Every POST without its CSRF token, or with a wrong one, is refused too.
//! The matrix is in `matrix`, the sending of requests in `requests`.

use crate::helpers::both_databases;
use crate::people::{Person, login, round};
use reqwest::Method;
use std::collections::BTreeSet;

mod matrix;
mod public;
mod requests;

use matrix::{Ids, Kind, matrix};
use requests::{attempt, methods_at, routes_in};

const ROUTER_SOURCE: &str = include_str!("../../../crates/web/src/lib.rs");
const API_SOURCE: &str = include_str!("../../../crates/web/src/api/mod.rs");

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
