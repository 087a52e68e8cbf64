//! The public JSON routes: the API's description, health, frameworks, the
//! province's picture and its reports answer everyone alike; and the
//! accounts' routes, the administrator's only.

use super::matrix::{ALL, Kind::Api, Rule, rule};

/// The accounts' JSON routes: the administrator only. The action tried
/// enables an account already enabled, so nothing else changes.
pub(super) fn admin_api() -> Vec<Rule> {
    vec![
        rule("POST", "/api/v1/users", "/api/v1/users", &["admin"], Api),
        rule(
            "POST",
            "/api/v1/users/{username}/{action}",
            "/api/v1/users/spare/enable",
            &["admin"],
            Api,
        ),
    ]
}

pub(super) fn public_api() -> Vec<Rule> {
    vec![
        rule("GET", "/api/openapi.json", "/api/openapi.json", ALL, Api),
        rule("GET", "/health", "/health", ALL, Api),
        rule("GET", "/api/frameworks", "/api/frameworks", ALL, Api),
        rule("GET", "/api/v1/frameworks", "/api/v1/frameworks", ALL, Api),
        rule(
            "GET",
            "/api/v1/frameworks/{code}",
            "/api/v1/frameworks/kon-tum-598-2014",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/v1/frameworks/{code}/periods",
            "/api/v1/frameworks/kon-tum-598-2014/periods",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/v1/frameworks/{code}/units",
            "/api/v1/frameworks/kon-tum-598-2014/units?on=2019-12-31",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/v1/frameworks/{code}/calendar",
            "/api/v1/frameworks/kon-tum-598-2014/calendar?year=2019",
            ALL,
            Api,
        ),
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
        rule(
            "GET",
            "/api/v1/assessment",
            "/api/v1/assessment?framework=kon-tum-598-2014",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/v1/units/{code}",
            "/api/v1/units/SO-CT?framework=kon-tum-598-2014",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/v1/values",
            "/api/v1/values?framework=kon-tum-598-2014",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/v1/exports",
            "/api/v1/exports?framework=kon-tum-598-2014",
            ALL,
            Api,
        ),
        rule(
            "GET",
            "/api/v1/provincial-reports",
            "/api/v1/provincial-reports",
            ALL,
            Api,
        ),
    ]
}
