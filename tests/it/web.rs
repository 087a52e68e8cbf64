//! The web server over a real socket: health, the framework table in both
//! languages, errors, headers.

use crate::helpers::{BUILTIN, TestApp, both_databases, with_builtin};
use xanh_core::framework::load;

both_databases! {
    async fn the_health_endpoint_reports_the_database_up(db) {
        let app = TestApp::start(db.store.clone()).await;
        let (status, body, _) = app.get("/health").await;
        assert_eq!(status, 200);
        let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(json["status"], "ok");
        assert_eq!(json["database"], "ok");
    }

    async fn the_home_page_shows_the_decisions_six_column_table_in_vietnamese(db) {
        with_builtin(&db.store).await;
        let app = TestApp::start(db.store.clone()).await;
        let (status, html, headers) = app.get("/").await;
        assert_eq!(status, 200);
        assert!(headers["content-type"].to_str().expect("ascii").starts_with("text/html"));
        for column in ["Mục tiêu", "Hoạt động, đầu vào", "Kết quả đầu ra/tác động", "Thời điểm báo cáo",
                       "Cơ quan, đơn vị phối hợp thực hiện", "Cơ quan, đơn vị thực hiện theo dõi, đánh giá và báo cáo"] {
            assert!(html.contains(column), "column header {column:?} missing");
        }
        assert!(html.contains("<html lang=\"vi\">"));
        assert!(html.contains("ĐỔI MỚI CÔNG NGHỆ, ÁP DỤNG PHỔ BIẾN SẢN XUẤT SẠCH HƠN"));
        assert!(html.contains("Nâng độ che phủ rừng lên trên 65%."));
        assert!(html.contains("Sở Công thương"));
        assert!(html.contains("&#62; 65% đến năm 2020"), "the forest cover target is shown (askama escapes >)");
        assert!(html.contains("13/12/2019"), "the 2019 deadline is in the calendar in Vietnamese form");
    }

    async fn the_english_switch_shows_the_table_in_english(db) {
        with_builtin(&db.store).await;
        let app = TestApp::start(db.store.clone()).await;
        let (status, html, _) = app.get("/frameworks/kon-tum-598-2014?lang=en").await;
        assert_eq!(status, 200);
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("Activities, inputs"));
        assert!(html.contains("Reporting calendar"));
        assert!(html.contains("href=\"/frameworks/kon-tum-598-2014\""), "a link back to Vietnamese");
    }

    async fn an_unknown_framework_is_a_readable_404_in_vietnamese(db) {
        let app = TestApp::start(db.store.clone()).await;
        let (status, html, _) = app.get("/frameworks/khong-co").await;
        assert_eq!(status, 404);
        assert!(html.contains("Không có khung theo dõi, đánh giá mã"));
        let (status, body, _) = app.get("/api/frameworks/khong-co").await;
        assert_eq!(status, 404);
        let json: serde_json::Value = serde_json::from_str(&body).expect("JSON error");
        assert_eq!(json["error"]["code"], "not_found");
        let (status, _, _) = app.get("/no/such/page").await;
        assert_eq!(status, 404);
    }

    async fn a_fresh_database_without_frameworks_says_how_to_load_one(db) {
        let app = TestApp::start(db.store.clone()).await;
        let (status, html, _) = app.get("/").await;
        assert_eq!(status, 404);
        assert!(html.contains("xanh framework import"));
    }

    async fn framework_texts_are_shown_as_text_never_as_markup(db) {
        let hostile = BUILTIN.replacen("Thực hiện mục tiêu tăng trưởng xanh", "<script>alert(1)</script> Thực hiện", 1);
        assert_ne!(hostile, BUILTIN);
        let fw = load(&hostile).expect("still valid").framework;
        db.store.import_framework(&hostile, &fw, None).await.expect("imports");
        let app = TestApp::start(db.store.clone()).await;
        let (_, html, _) = app.get("/").await;
        assert!(!html.contains("<script>alert(1)"));
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62; Thực hiện"));
    }

    async fn every_response_carries_the_security_headers(db) {
        with_builtin(&db.store).await;
        let app = TestApp::start(db.store.clone()).await;
        for path in ["/", "/health", "/static/xanh.css", "/nowhere"] {
            let (_, _, h) = app.get(path).await;
            let csp = h["content-security-policy"].to_str().expect("ascii");
            assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        }
    }

    async fn the_api_lists_frameworks_and_their_periods_as_json(db) {
        with_builtin(&db.store).await;
        let app = TestApp::start(db.store.clone()).await;
        let (_, body, _) = app.get("/api/frameworks").await;
        let list: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(list[0]["code"], "kon-tum-598-2014");
        let (_, body, _) = app.get("/api/frameworks/kon-tum-598-2014/periods").await;
        let periods: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(periods.as_array().map(Vec::len), Some(9));
        let (_, body, _) = app.get("/api/frameworks/kon-tum-598-2014").await;
        let fw: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(fw["framework"]["decision"]["number"], "598/QĐ-UBND");
        // A client reads the decision's day as a day and each indicator's target as typed fields.
        assert_eq!(fw["framework"]["decision"]["date"], "2014-06-27");
        let first = &fw["framework"]["objectives"][0]["indicators"][0];
        assert_eq!(first["code"], "1.1");
        assert_eq!(first["target"]["form"], "at_least");
        assert_eq!(first["target"]["value"], 90.0);
        assert_eq!(first["target"]["year"], 2020);
        assert_eq!(first["target"]["text"]["en"], "≥ 90% by 2020");
        assert_eq!(first["aggregation"]["rule"], "none");
        // The versioned addresses answer the same, and they are the ones described.
        for path in ["/api/frameworks", "/api/frameworks/kon-tum-598-2014/periods", "/api/frameworks/kon-tum-598-2014"] {
            let (_, old, _) = app.get(path).await;
            let (status, new, _) = app.get(&path.replace("/api/", "/api/v1/")).await;
            assert_eq!(status, 200);
            assert_eq!(old, new, "{path} and its /api/v1/ twin");
        }
    }
}

both_databases! {
    async fn the_openapi_description_lists_every_api_route_and_each_is_served(db) {
        with_builtin(&db.store).await;
        let app = TestApp::start(db.store.clone()).await;
        let (status, body, _) = app.get("/api/openapi.json").await;
        assert_eq!(status, 200);
        let spec: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert!(spec["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
        let paths = spec["paths"].as_object().expect("paths");
        for (path, method) in [("/api/v1/reports/{id}", "put"), ("/api/v1/reports/{id}", "get"),
                               ("/api/v1/reports/{id}/{action}", "post"), ("/api/v1/me", "get"),
                               ("/api/v1/frameworks/{code}/periods", "get"), ("/health", "get")] {
            assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} is documented");
        }
        // Every documented operation is served: anonymous callers get JSON (data or
        // a 401/404 error), never the HTML page of an unknown address.
        let client = reqwest::Client::new();
        for (path, ops) in paths {
            let concrete = path.replace("{id}", "1").replace("{code}", "kon-tum-598-2014")
                .replace("{action}", "submit").replace("{objective}", "1");
            for method in ops.as_object().expect("operations").keys() {
                let req = client.request(method.to_uppercase().parse().expect("a method"), format!("{}{concrete}", app.base));
                let req = if method == "get" { req } else { req.json(&serde_json::json!({})) };
                let r = req.send().await.expect("answers");
                let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                assert!(kind.starts_with("application/json"), "{method} {path}: {} {kind}", r.status());
            }
        }
    }
}

both_databases! {
    async fn the_language_switch_keeps_the_page_and_after_a_refused_save_leads_back_to_the_form(db) {
        let round = crate::people::round(db).await;
        let app = &round.app;
        let ct = crate::people::login(app, "ct").await;
        let (_, location) = ct.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let form = format!("{}{location}", app.base);
        let switch = |html: &str| {
            let at = html.find("class=\"lang-switch\" href=\"").expect("a language switch") + 26;
            html[at..].split('"').next().expect("an address").replace("&amp;", "&").replace("&#38;", "&")
        };
        // A GET page: the same address, only the language changes.
        let (_, dash, _) = app.get("/dashboard?framework=kon-tum-598-2014&year=2018").await;
        assert_eq!(switch(&dash), "?framework=kon-tum-598-2014&year=2018&lang=en");
        // A refused save answers the POST: the switch goes to the form's own page, not to the
        // POST address (which would answer 405).
        let page = ct.http.get(&form).send().await.expect("the form").text().await.expect("body");
        let version = crate::people::field(&page, "version").expect("a version");
        let r = ct.http.post(format!("{form}/save")).header("referer", &form)
            .form(&[("csrf", ct.csrf.as_str()), ("version", version.as_str()), ("v:1.1:UBND-TINH", "abc")])
            .send().await.expect("answers");
        assert_eq!(r.status(), 422);
        let to = switch(&r.text().await.expect("body"));
        assert_eq!(to, format!("{location}?lang=en"));
        let r = ct.http.get(format!("{}{to}", app.base)).send().await.expect("answers");
        assert_eq!(r.status(), 200, "the form in English");
    }
}
