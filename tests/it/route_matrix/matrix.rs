//! The matrix itself: every route of the router with its method, what kind of
//! request it is, and the people allowed to use it.

/// Everyone, signed in or not.
pub(super) const ALL: &[&str] = &["anonymous", "admin", "dpi", "ct", "xd", "khcn", "leader"];
const SIGNED_IN: &[&str] = &["admin", "dpi", "ct", "xd", "khcn", "leader"];
const OVERVIEW: &[&str] = &["admin", "dpi", "leader"];
/// The report of SO-CT: its officer and the consolidating side.
const OWNER: &[&str] = &["admin", "dpi", "ct"];
/// Agencies that lead an objective and so have a report (SO-KHCN only coordinates).
const OFFICERS: &[&str] = &["ct", "xd"];

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// A page: GET, or a form POST with the CSRF field.
    Page,
    /// JSON, cookie session with the X-CSRF-Token header on writes.
    Api,
    /// The spreadsheet upload: multipart with the CSRF field.
    Upload,
    /// Tried in a test of its own (login, logout: see security.rs).
    Own,
}

pub(super) struct Rule {
    pub(super) method: &'static str,
    pub(super) pattern: &'static str,
    pub(super) path: String,
    pub(super) allowed: &'static [&'static str],
    pub(super) kind: Kind,
}

pub(super) fn rule(
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
pub(super) struct Ids {
    pub(super) p: i64,
    pub(super) p2: i64,
    pub(super) a: i64,
    pub(super) pr: i64,
    pub(super) token: i64,
}

pub(super) fn matrix(ids: &Ids) -> Vec<Rule> {
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
        rule("GET", "/verify", "/verify", ALL, Page),
        // Reading an uploaded PDF changes nothing: anyone, no session, no
        // CSRF token (signing::…verify… tries it with a real file).
        rule("POST", "/verify", "/verify", ALL, Own),
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
            format!("/reports/{a}/draft"),
            &["ct"],
            Page,
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
            "GET",
            "/admin/document-images",
            "/admin/document-images",
            &["admin"],
            Page,
        ),
        rule(
            "POST",
            "/admin/document-images",
            "/admin/document-images",
            &["admin"],
            Upload,
        ),
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
        // The public JSON: the same for everyone (public.rs).
        rule("GET", "/api/v1/users", "/api/v1/users", &["admin"], Api),
        rule(
            "GET",
            "/api/v1/national",
            "/api/v1/national?framework=kon-tum-598-2014",
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
            "/provincial-reports/{id}/prepare-signature",
            format!("/provincial-reports/{pr}/prepare-signature"),
            &["dpi"],
            Page,
        ),
        rule(
            "POST",
            "/provincial-reports/{id}/signature",
            format!("/provincial-reports/{pr}/signature"),
            &["dpi"],
            Upload,
        ),
        rule(
            "POST",
            "/api/v1/provincial-reports/{id}/signature/prepare",
            format!("/api/v1/provincial-reports/{pr}/signature/prepare"),
            &["dpi"],
            Api,
        ),
        rule(
            "PUT",
            "/api/v1/provincial-reports/{id}/signature",
            format!("/api/v1/provincial-reports/{pr}/signature"),
            &["dpi"],
            Api,
        ),
        // An agency's sent report, signed for its head and records office by
        // its officers (a draft answers 422 to them: nothing sent to sign).
        rule(
            "POST",
            "/reports/{id}/prepare-signature",
            format!("/reports/{a}/prepare-signature"),
            &["ct"],
            Page,
        ),
        rule(
            "POST",
            "/reports/{id}/signature",
            format!("/reports/{a}/signature"),
            &["ct"],
            Upload,
        ),
        rule(
            "POST",
            "/api/v1/reports/{id}/signature/prepare",
            format!("/api/v1/reports/{a}/signature/prepare"),
            &["ct"],
            Api,
        ),
        rule(
            "PUT",
            "/api/v1/reports/{id}/signature",
            format!("/api/v1/reports/{a}/signature"),
            &["ct"],
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
    .into_iter()
    .chain(super::public::public_api())
    .chain(super::public::admin_api())
    .collect()
}
