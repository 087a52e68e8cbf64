//! The security review's checks beyond the route matrix (docs/security.md):
//! sessions and cookies, markup typed into every text field shown back,
//! spreadsheet formulas in exports, and file names in downloads and uploads.

use crate::helpers::{TestApp, both_databases};
use crate::people::{PASSWORD, Person, client, field, login, round};
use reqwest::Method;
use serde_json::json;

/// Markup that would run if a page printed it as it is.
const PAYLOAD: &str = "<script>alert('xanh')</script><img src=x onerror=alert(1)>";
/// How the escaped payload starts on a page.
const ESCAPED: &str = "&#60;script&#62;alert(";

fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find(|c| c.starts_with("xanh_session="))
        .map(str::to_string)
}

async fn login_page(
    http: &reqwest::Client,
    base: &str,
    headers: &[(&str, &str)],
) -> (String, Vec<String>) {
    let mut req = http.get(format!("{base}/login"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.expect("answers");
    let cookies = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok().map(str::to_string))
        .collect();
    let page = r.text().await.expect("body");
    (field(&page, "csrf").expect("a CSRF token"), cookies)
}

both_databases! {
    async fn a_planted_session_cookie_never_becomes_a_session_and_each_login_gets_a_new_id(db) {
        let round = round(db).await;
        let base = round.app.base.clone();
        // An attacker plants a session id in the victim's browser before they sign in.
        let planted = "a".repeat(64);
        let http = client();
        let (csrf, cookies) = login_page(&http, &base, &[]).await;
        let login_cookie = cookies.iter().find(|c| c.starts_with("xanh_login_csrf=")).and_then(|c| c.split(';').next()).expect("the login cookie");
        let r = http.post(format!("{base}/login"))
            .header("cookie", format!("{login_cookie}; xanh_session={planted}"))
            .form(&[("username", "ct"), ("password", PASSWORD), ("csrf", csrf.as_str())])
            .send().await.expect("answers");
        assert_eq!(r.status(), 303);
        let first = session_cookie(&r).expect("a session cookie is set at login");
        assert!(!first.contains(&planted), "the planted id is replaced");
        let victim = client();
        let r = victim.get(format!("{base}/home")).header("cookie", format!("xanh_session={planted}")).send().await.expect("answers");
        assert_eq!(r.status(), 303, "the planted id opens nothing");

        // The same person signing in again gets another id; signing out ends the old one on the server.
        let one = login(&round.app, "ct").await;
        let two = login(&round.app, "ct").await;
        assert_eq!((one.get(&round.app, "/home").await.0, two.get(&round.app, "/home").await.0), (200, 200));
        let (status, _) = one.post(&round.app, "/logout", &[]).await;
        assert_eq!(status, 303);
        let (status, location) = one.get(&round.app, "/home").await;
        assert_eq!((status, location.starts_with("/login")), (303, true), "signed out");
        assert_eq!(two.get(&round.app, "/home").await.0, 200, "another session of the same person goes on");

        // Logging out and logging in both refuse a forged form.
        let r = two.http.post(format!("{base}/logout")).form(&[("csrf", "0")]).send().await.expect("answers");
        assert_eq!(r.status(), 403);
        let r = client().post(format!("{base}/login")).form(&[("username", "ct"), ("password", PASSWORD), ("csrf", "x")]).send().await.expect("answers");
        assert_eq!(r.status(), 403, "a login form without the login page's cookie is refused");
    }

    async fn cookies_are_http_only_same_site_and_secure_behind_https(db) {
        let round = round(db).await;
        let base = round.app.base.clone();
        let sign_in = |headers: Vec<(&'static str, &'static str)>| {
            let base = base.clone();
            async move {
                let http = client();
                let (csrf, login_cookies) = login_page(&http, &base, &headers).await;
                let mut req = http.post(format!("{base}/login")).form(&[("username", "xd"), ("password", PASSWORD), ("csrf", csrf.as_str())]);
                for (k, v) in &headers {
                    req = req.header(*k, *v);
                }
                let r = req.send().await.expect("answers");
                assert_eq!(r.status(), 303);
                (login_cookies, session_cookie(&r).expect("a session cookie"))
            }
        };
        let (login_cookies, session) = sign_in(vec![]).await;
        let login_csrf = login_cookies.iter().find(|c| c.starts_with("xanh_login_csrf=")).expect("the login form's cookie");
        assert!(login_csrf.contains("HttpOnly") && login_csrf.contains("SameSite=Strict"), "{login_csrf}");
        assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"), "{session}");
        assert!(!session.contains("Secure"), "plain HTTP on a local installation: {session}");
        // Behind a TLS proxy (X-Forwarded-Proto: https) every cookie is Secure.
        let (login_cookies, session) = sign_in(vec![("x-forwarded-proto", "https")]).await;
        assert!(session.contains("Secure"), "{session}");
        assert!(login_cookies.iter().all(|c| c.contains("Secure")), "{login_cookies:?}");
        // And when the server is told it is served over HTTPS.
        let mut state = xanh_web::AppState::new(round.db.store.clone());
        state.web.secure_cookies = true;
        let tls = TestApp::start_with(state).await;
        let http = client();
        let (csrf, _) = login_page(&http, &tls.base, &[]).await;
        let r = http.post(format!("{}/login", tls.base)).form(&[("username", "xd"), ("password", PASSWORD), ("csrf", csrf.as_str())]).send().await.expect("answers");
        assert!(session_cookie(&r).is_some_and(|c| c.contains("Secure")));
    }

    async fn markup_typed_into_any_text_field_is_shown_as_text_on_every_page(db) {
        let round = round(db).await;
        let app = &round.app;
        let (admin, dpi, ct, khcn) = (login(app, "admin").await, login(app, "dpi").await, login(app, "ct").await, login(app, "khcn").await);
        // An account whose name is markup, made in the browser.
        let (status, page) = admin.post(app, "/admin/users", &[("username", "hostile"), ("display_name", PAYLOAD), ("password", PASSWORD), ("role", "officer"), ("unit", "SO-XD"), ("email", "")]).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("role=\"status\""), "the account is made: {page}");
        let hostile = login(app, "hostile").await;
        // The officer's narrative and a value's note; the API token's name.
        let (_, location) = ct.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let report = location.trim_start_matches("/reports/").to_string();
        let (_, html) = ct.get(app, &location).await;
        let version = field(&html, "version").expect("version");
        let (status, page) = ct.post(app, &format!("/reports/{report}/save"), &[("version", &version), ("t:1:results", PAYLOAD), ("v:1.1:UBND-TINH", "50"), ("n:1.1:UBND-TINH", PAYLOAD)]).await;
        assert_eq!(status, 303, "{page}");
        let (status, _) = ct.post(app, "/account/tokens", &[("name", PAYLOAD)]).await;
        assert_eq!(status, 200);
        // A coordinating agency's contribution.
        let (status, _) = khcn.post(app, &format!("/periods/{}/contributions/1", round.period), &[("version", "0"), ("figures", PAYLOAD), ("body", PAYLOAD)]).await;
        assert_eq!(status, 200);
        // The consolidator returns the report with a comment, rates, and edits the provincial report.
        let (_, html) = ct.get(app, &location).await;
        let version = field(&html, "version").expect("version");
        assert_eq!(ct.post(app, &format!("/reports/{report}/submit"), &[("version", &version)]).await.0, 303);
        let (_, html) = dpi.get(app, &location).await;
        let version = field(&html, "version").expect("version");
        assert_eq!(dpi.post(app, &format!("/reports/{report}/return"), &[("version", &version), ("reason", PAYLOAD)]).await.0, 303);
        assert_eq!(dpi.post(app, "/indicators/3.1/rating", &[("year", "2019"), ("rating", "partly_achieved"), ("justification", PAYLOAD)]).await.0, 303);
        let (_, location) = dpi.post(app, &format!("/periods/{}/provincial-report", round.period), &[]).await;
        let provincial = location.split('?').next().expect("a path").to_string();
        let (_, html) = dpi.get(app, &provincial).await;
        let version = field(&html, "version").unwrap_or_default();
        let (status, _) = dpi.post(app, &format!("{provincial}/save"), &[("version", &version), ("subject", PAYLOAD)]).await;
        assert!(status == 303 || status == 200, "{status}");

        let pages: Vec<(&Person, String)> = vec![
            (&admin, "/admin/users".into()),
            (&hostile, "/home".into()),
            (&ct, format!("/reports/{report}")),
            (&dpi, format!("/reports/{report}")),
            (&dpi, format!("/reports/{report}/audit")),
            (&ct, "/account/tokens".into()),
            (&khcn, format!("/periods/{}/contributions/1", round.period)),
            (&dpi, "/indicators/3.1?year=2019".into()),
            (&dpi, provincial.clone()),
        ];
        for (who, path) in &pages {
            let (status, html) = who.get(app, path).await;
            assert_eq!(status, 200, "{path}");
            // The page's own script is a file of this origin; the payload must never appear as markup.
            assert!(!html.contains("<script>alert") && !html.contains("<img src=x"), "{path} prints markup as markup");
            assert_eq!(html.matches("<script").count(), 1, "{path} has only its own script file");
            assert!(html.contains(r#"<script src="/static/xanh.js" defer></script>"#));
            assert!(html.contains(ESCAPED), "{path} shows the typed text, escaped");
        }
        let (_, body) = ct.api(app, Method::GET, &format!("/api/v1/reports/{report}"), None).await;
        assert!(body.to_string().contains("<script>alert('xanh')"), "JSON carries the text as it was typed: escaping is the page's job");
        let chart = client().get(format!("{}/indicators/1.1/chart.svg", app.base)).send().await.expect("answers").text().await.expect("body");
        assert!(!chart.contains("<script"));
    }

    async fn spreadsheets_from_xanh_hold_no_formula_whatever_was_typed(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let (_, location) = ct.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let report = location.trim_start_matches("/reports/").to_string();
        let (_, html) = ct.get(app, &location).await;
        let version = field(&html, "version").expect("version");
        let formula = "=HYPERLINK(\"http://evil.example\",\"bấm vào đây\")";
        let (status, _) = ct.post(app, &format!("/reports/{report}/save"), &[
            ("version", &version), ("v:1.1:UBND-TINH", "50"), ("n:1.1:UBND-TINH", formula), ("t:1:results", "+cmd|' /C calc'!A0"),
        ]).await;
        assert_eq!(status, 303);
        let bytes = ct.http.get(format!("{}/reports/{report}/template.xlsx", app.base)).send().await.expect("answers").bytes().await.expect("body");
        let dir = tempfile::tempdir().expect("a directory");
        let file = dir.path().join("template.xlsx");
        std::fs::write(&file, &bytes).expect("saved");
        // openpyxl, an independent reader: no cell is a formula, the typed text is there as text.
        let out = std::process::Command::new("python3").arg("-c").arg(
            "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\n\
             cells=[c for ws in wb.worksheets for row in ws.iter_rows() for c in row]\n\
             print(sum(1 for c in cells if c.data_type=='f'), sum(1 for c in cells if c.data_type=='s' and str(c.value).startswith('=HYPERLINK')))",
        ).arg(&file).output().expect("python3 runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0 1", "no formula; the note kept as text");
    }

    async fn download_names_are_plain_and_an_uploaded_files_name_is_never_used(db) {
        let round = round(db).await;
        let app = &round.app;
        let (ct, dpi) = (login(app, "ct").await, login(app, "dpi").await);
        let (_, location) = ct.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let (_, provincial) = dpi.post(app, &format!("/periods/{}/provincial-report", round.period), &[]).await;
        let provincial = provincial.split('?').next().expect("a path").to_string();
        let downloads = [
            (&ct, format!("{location}/template.xlsx")),
            (&ct, format!("{location}/report.pdf")),
            (&ct, format!("{location}/report.docx")),
            (&dpi, format!("{provincial}/pdf")),
            (&dpi, format!("{provincial}/docx")),
            (&ct, "/exports/values.csv".into()),
            (&ct, "/exports/values.json".into()),
            (&ct, "/exports/sdmx.csv".into()),
            (&ct, "/exports/dhis2.json".into()),
            (&ct, "/exports/framework.xlsx".into()),
        ];
        for (who, path) in &downloads {
            let r = who.http.get(format!("{}{path}", app.base)).send().await.expect("answers");
            assert_eq!(r.status(), 200, "{path}");
            let disposition = r.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            let name = disposition.split("filename=\"").nth(1).and_then(|s| s.strip_suffix('"')).unwrap_or_default();
            assert!(!name.is_empty() && !name.starts_with('.') && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{path}: {disposition}");
        }
        for hostile in ["/exports/..%2F..%2Fetc%2Fpasswd", "/exports/%2e%2e/secret", "/static/..%2Fxanh.db"] {
            let r = client().get(format!("{}{hostile}", app.base)).send().await.expect("answers");
            assert_eq!(r.status(), 404, "{hostile}");
        }

        // An upload named to escape its folder: the name is ignored, nothing is written.
        let target = std::env::temp_dir().join(format!("xanh-escaped-{}.xlsx", std::process::id()));
        let name = format!("../../../../../..{}", target.display());
        let form = reqwest::multipart::Form::new()
            .text("csrf", ct.csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(b"PK not really".to_vec()).file_name(name.clone()));
        let r = ct.http.post(format!("{}{location}/upload", app.base)).multipart(form).send().await.expect("answers");
        assert_eq!(r.status(), 422);
        let page = r.text().await.expect("body");
        assert!(!page.contains(&name), "the file's name is not even shown");
        assert!(!target.exists(), "nothing written where the name pointed");
        let (status, body) = ct.api(app, Method::PUT, &format!("/api/v1{location}"), Some(json!({"version": "x"}))).await;
        assert_eq!(status, 400);
        assert!(body["error"]["request_id"].as_str().is_some_and(|id| !id.is_empty()), "errors carry the request id: {body}");
        let r = ct.http.get(format!("{}/reports/999999", app.base)).send().await.expect("answers");
        let id = r.headers().get("x-request-id").and_then(|v| v.to_str().ok()).expect("a request id").to_string();
        assert_eq!(r.status(), 404);
        let page = r.text().await.expect("body");
        assert!(page.contains(&format!("id=\"request-id\">{id}<")), "an error page shows its request id");
        let (_, spec) = ct.api(app, Method::GET, "/api/openapi.json", None).await;
        assert!(spec["components"]["schemas"]["ApiErrorDetail"]["properties"]["request_id"].is_object(), "the OpenAPI error schema names request_id");
    }
}
