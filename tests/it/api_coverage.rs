//! What the pages offer, read as data by an integrator (the provincial
//! open-data portal, the national system, a statistician): the units of a
//! framework with the dates they existed and its eras, a year's calendar,
//! the consolidator's overview with each report's data quality and the
//! communes' level, and the accepted figures with their export files. Each
//! is compared with what the pages or the files say.

use crate::helpers::{TestApp, both_databases};
use crate::people::{login_with, sample};
use reqwest::Method;
use serde_json::Value;

const QN: &str = "quang-ngai-822-2023";

async fn public(app: &TestApp, path: &str) -> (u16, Value) {
    let r = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("answers");
    let status = r.status().as_u16();
    (status, r.json().await.expect("JSON, whatever the status"))
}

/// As a template writes text into HTML.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
}

fn kinds(units: &Value) -> Vec<&str> {
    units["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter_map(|u| u["kind"].as_str())
        .collect()
}

both_databases! {
    async fn an_integrator_reads_the_units_the_calendar_the_overview_and_the_figures_the_pages_show(db) {
        let (app, password, _) = sample(&db).await;

        // Units on a day, and the eras: districts until 2024, communes from 2025.
        let (status, before) = public(&app, &format!("/api/v1/frameworks/{QN}/units?on=2024-12-14")).await;
        assert_eq!(status, 200, "{before}");
        let (_, after) = public(&app, &format!("/api/v1/frameworks/{QN}/units?on=2026-12-14")).await;
        assert!(kinds(&before).contains(&"district") && !kinds(&before).contains(&"commune"), "before the reorganisation: districts");
        assert!(kinds(&after).contains(&"commune") && !kinds(&after).contains(&"district"), "after it: communes, no district");
        let ward = after["units"].as_array().expect("units").iter().find(|u| u["code"] == "X21028").expect("phường Nghĩa Lộ");
        assert_eq!(ward["valid_from"], "2025-07-01", "a ward exists from the reorganisation: {ward}");
        let eras = after["eras"].as_array().expect("eras");
        assert_eq!(eras.len(), 2, "{eras:?}");
        assert_eq!((eras[0]["to_year"].as_i64(), eras[1]["from_year"].as_i64()), (Some(2024), Some(2025)));
        assert!(eras[1]["described"].as_str().is_some_and(|d| d.contains("đơn vị cấp xã")), "{eras:?}");
        let (status, e) = public(&app, &format!("/api/v1/frameworks/{QN}/units?on=14/12/2026")).await;
        assert_eq!(status, 400);
        assert!(e["error"]["message"].as_str().is_some_and(|m| m.contains("YYYY-MM-DD")), "{e}");
        let (status, _) = public(&app, &format!("/api/v1/frameworks/{QN}/units?on=")).await;
        assert_eq!(status, 400, "an empty day is no day (schemathesis found it read as none)");

        // The calendar of 2026 as the framework reads it, the same days the periods carry.
        let (status, cal) = public(&app, &format!("/api/v1/frameworks/{QN}/calendar?year=2026")).await;
        assert_eq!(status, 200, "{cal}");
        let annual = cal["periods"].as_array().expect("periods").iter().find(|p| p["code"] == "annual-2026").expect("the annual period");
        assert_eq!(annual["deadline"], "2026-12-18", "20/12/2026 is a Sunday: the Friday before");
        assert_eq!(cal["data_cutoff"], "2026-12-14");
        assert_eq!(cal["levels"][0]["unit_kind"], "commune");
        assert_eq!(cal["levels"][0]["receiver"], "QN-SO-NNMT");
        assert_eq!(cal["levels"][0]["deadline"], "2026-12-16", "the communes' own deadline, a Wednesday");
        assert_eq!(cal["compile_by"], "2026-12-24");
        let (_, periods) = public(&app, &format!("/api/v1/frameworks/{QN}/periods")).await;
        let stored = periods.as_array().expect("periods").iter().find(|p| p["code"] == "annual-2026").expect("stored");
        assert_eq!(stored["deadline"], annual["deadline"], "the stored period keeps the calendar's deadline");
        let (status, _) = public(&app, &format!("/api/v1/frameworks/{QN}/calendar?year=20260")).await;
        assert_eq!(status, 400);

        // The consolidator's overview: each report's quality part by part, and the communes' level.
        let tc = login_with(&app, "demo-tc", &password).await;
        let period = stored["id"].as_i64().expect("an id");
        let (status, overview) = tc.api(&app, Method::GET, &format!("/api/v1/periods/{period}/reports"), None).await;
        assert_eq!(status, 200, "{overview}");
        let (_, page) = tc.get(&app, &format!("/periods/{period}")).await;
        let reports = overview["reports"].as_array().expect("reports");
        assert!(!reports.is_empty());
        for r in reports {
            let q = &r["quality"];
            assert!(q["figures_given"].as_u64() <= q["figures_expected"].as_u64(), "{r}");
            let shown = q["shown"].as_str().expect("the score in words");
            assert!(page.contains(&escaped(shown)), "the page shows {shown} too");
            let name = escaped(r["unit_name"].as_str().expect("a name"));
            assert!(page.contains(&name), "the page names {name}");
        }
        let level = &overview["levels"][0];
        assert_eq!(level["receiver"], "QN-SO-NNMT", "{overview}");
        let numbers = format!("<strong class=\"level-delivered\">{}/{}</strong>", level["delivered"], level["total"]);
        assert!(page.contains(&numbers), "the page says {numbers} as the API does");
        assert!(page.contains(&format!("<strong class=\"level-accepted\">{}</strong>", level["accepted"])));

        // A unit's page as data: the ward's own figures assessed on its own
        // series, in the page's words; its reports, accepted ones for everyone,
        // its returned 2026 report for its own officer.
        let (status, ward) = public(&app, &format!("/api/v1/units/X21028?framework={QN}&year=2025")).await;
        assert_eq!(status, 200, "{ward}");
        let (_, ward_page, _) = app.get(&format!("/units/X21028?framework={QN}&year=2025")).await;
        let lines = ward["indicators"].as_array().expect("indicators");
        assert!(!lines.is_empty(), "{ward}");
        for i in lines {
            for field in ["name", "status_label"] {
                let text = escaped(i[field].as_str().expect("text"));
                assert!(ward_page.contains(&text), "the page says {text}");
            }
        }
        let seen = |v: &Value| v["reports"].as_array().expect("reports").iter().map(|r| r["state"].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>();
        assert!(seen(&ward).iter().all(|s| s == "accepted"), "the public reads accepted reports only: {ward}");
        let xa = login_with(&app, "demo-xa", &password).await;
        let (_, own) = xa.api(&app, Method::GET, &format!("/api/v1/units/X21028?framework={QN}&year=2025"), None).await;
        assert!(seen(&own).iter().any(|s| s == "returned"), "the ward reads its own returned report: {own}");
        let (status, _) = public(&app, &format!("/api/v1/units/NO-SUCH?framework={QN}")).await;
        assert_eq!(status, 404);

        // The accepted figures typed, the same rows as the JSON file, and every file answers.
        let (status, values) = public(&app, "/api/v1/values?framework=kon-tum-598-2014").await;
        assert_eq!(status, 200);
        let file: Value = app.client.get(format!("{}/exports/values.json?framework=kon-tum-598-2014", app.base))
            .send().await.expect("answers").json().await.expect("JSON");
        let rows = values.as_array().expect("rows");
        assert_eq!(rows.len(), file.as_array().expect("rows").len(), "as many rows as the file");
        assert!(rows.len() > 50, "the sample's figures: {}", rows.len());
        assert!(rows.iter().all(|r| r["value"]["type"].is_string() && !r["status"].as_str().unwrap_or_default().is_empty()));
        let (_, files) = public(&app, "/api/v1/exports?framework=kon-tum-598-2014").await;
        let files = files.as_array().expect("files");
        assert_eq!(files.len(), 5);
        for f in files {
            let r = app.client.get(format!("{}{}", app.base, f["href"].as_str().expect("href"))).send().await.expect("answers");
            assert_eq!(r.status(), 200, "{f}");
            let kind = r.headers()["content-type"].to_str().expect("text").to_string();
            assert_eq!(kind, f["content_type"].as_str().expect("a type"), "{f}");
        }
        let (status, _) = public(&app, "/api/v1/values?framework=no-such").await;
        assert_eq!(status, 404);
    }
}

both_databases! {
    async fn the_administrator_manages_accounts_through_the_api_as_on_the_accounts_page(db) {
        let round = crate::people::round(db).await;
        let app = &round.app;
        let admin = crate::people::login(app, "admin").await;
        let ct = crate::people::login(app, "ct").await;
        let new = serde_json::json!({"username": "can-bo-moi", "display_name": "Cán bộ mới", "password": "mat-khau-du-dai-2026", "role": "officer", "unit": "SO-XD"});
        let (status, _) = ct.api(app, Method::POST, "/api/v1/users", Some(new.clone())).await;
        assert_eq!(status, 403, "only the administrator makes accounts");
        let (status, body) = admin.api(app, Method::POST, "/api/v1/users", Some(new.clone())).await;
        assert_eq!(status, 201, "{body}");
        let (status, body) = admin.api(app, Method::POST, "/api/v1/users", Some(new)).await;
        assert_eq!(status, 422, "a name taken is said so: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("đã có người dùng")), "{body}");
        let (status, body) = admin.api(app, Method::POST, "/api/v1/users", Some(serde_json::json!({"username": "x1y2", "password": "ngan", "role": "viewer"}))).await;
        assert_eq!(status, 422, "a short password is refused: {body}");
        // The new account signs in, is listed as the page lists it, then is disabled and cannot.
        let (_, list) = admin.api(app, Method::GET, "/api/v1/users", None).await;
        let made = list["users"].as_array().expect("users").iter().find(|u| u["username"] == "can-bo-moi").cloned().expect("listed");
        assert_eq!((made["role"].as_str(), made["unit"].as_str(), made["disabled"].as_bool()), (Some("officer"), Some("SO-XD"), Some(false)));
        let (_, page) = admin.get(app, "/admin/users").await;
        assert!(page.contains("can-bo-moi"), "the accounts page shows it too");
        crate::people::login_with(app, "can-bo-moi", "mat-khau-du-dai-2026").await;
        let (status, body) = admin.api(app, Method::POST, "/api/v1/users/can-bo-moi/disable", Some(serde_json::json!({}))).await;
        assert_eq!(status, 200, "{body}");
        let http = crate::people::client();
        let form = http.get(format!("{}/login", app.base)).send().await.expect("answers").text().await.expect("the page");
        let csrf = crate::people::field(&form, "csrf").expect("a CSRF token");
        let r = http.post(format!("{}/login", app.base))
            .form(&[("username", "can-bo-moi"), ("password", "mat-khau-du-dai-2026"), ("csrf", csrf.as_str())]).send().await.expect("answers");
        assert_ne!(r.status(), 303, "a disabled account does not sign in");
        assert!(r.text().await.expect("the page").contains("Tên đăng nhập hoặc mật khẩu không đúng."));
        // The last active administrator cannot be disabled, through the API either.
        let (status, body) = admin.api(app, Method::POST, "/api/v1/users/admin/disable", Some(serde_json::json!({}))).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "last_admin");
        let (status, _) = admin.api(app, Method::POST, "/api/v1/users/can-bo-moi/rename", Some(serde_json::json!({}))).await;
        assert_eq!(status, 404, "no such action");
    }
}
