//! Reporting down to the communes (issue 16), over the sample data set of
//! the new Quảng Ngãi province: who may see and review a commune's report
//! (by URL, in form fields and in API bodies), the figures flowing into the
//! department's report on acceptance and back on reopening, a department
//! sending with its missing communes named, and reminders per level against
//! a real SMTP server.

use crate::helpers::both_databases;
use crate::people::{Person, add_user, login, login_with};
use crate::reminders::SmtpServer;
use reqwest::Method;
use time::macros::date;
use xanh_core::access::Role;
use xanh_store::{NewUser, ReportRow};

const FW: &str = "quang-ngai-822-2023";

async fn period_2026(db: &crate::helpers::TestDb) -> i64 {
    db.store
        .periods(FW)
        .await
        .expect("periods")
        .iter()
        .find(|p| p.code == "annual-2026")
        .expect("2026")
        .id
}

async fn report_of(db: &crate::helpers::TestDb, period: i64, unit: &str) -> ReportRow {
    db.store
        .reports_of_period(period)
        .await
        .expect("reports")
        .into_iter()
        .find(|r| r.unit_code == unit)
        .unwrap_or_else(|| panic!("a report of {unit}"))
}

async fn status(p: &Person, app: &crate::helpers::TestApp, path: &str) -> u16 {
    p.get(app, path).await.0
}

both_databases! {
    async fn a_communes_report_is_seen_and_reviewed_only_by_the_commune_and_its_department(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let p = period_2026(&db).await;
        // Cẩm Thành (X21025) has sent its 2026 report; Bình Chương (X21100) keeps a draft.
        let sent = report_of(&db, p, "X21025").await;
        let draft = report_of(&db, p, "X21100").await;
        add_user(&db.store, "xa-camthanh", Role::Officer, Some("X21025")).await;
        let own = login(&app, "xa-camthanh").await;
        let other = login_with(&app, "demo-xa", &password).await;
        let nnmt = login_with(&app, "demo-nnmt", &password).await;
        let ct = login_with(&app, "demo-qn-ct", &password).await;
        let tc = login_with(&app, "demo-tc", &password).await;
        let leader = login_with(&app, "demo-lanhdao", &password).await;

        // The framework's public page gives each level's deadline beside the period's.
        let (_, framework, _) = app.get("/frameworks/quang-ngai-822-2023").await;
        assert!(framework.contains("Cấp xã gửi Sở NN&amp;MT: 16/12/2026") || framework.contains("Cấp xã gửi Sở NN&#38;MT: 16/12/2026"), "the communes' deadline on the calendar");
        assert!(framework.contains("Tổng hợp: 24/12/2026"), "and the consolidator's");
        let page = format!("/reports/{}", sent.id);
        for (who, p, expected) in [("the commune", &own, 200), ("another commune", &other, 404), ("its department", &nnmt, 200),
                                   ("another department", &ct, 404), ("the consolidator", &tc, 200), ("a leader (not accepted)", &leader, 404)] {
            assert_eq!(status(p, &app, &page).await, expected, "{who} opens the sent report");
            let (s, _) = p.api(&app, Method::GET, &format!("/api/v1/reports/{}", sent.id), None).await;
            assert_eq!(s, expected, "{who} reads it through the API");
        }
        assert_eq!(status(&nnmt, &app, &format!("/reports/{}", draft.id)).await, 404, "a commune's draft stays with the commune");
        // Every read of the report, as each: the documents and the template too.
        for path in ["report.pdf", "report.docx", "template.xlsx", "audit"] {
            let url = format!("/reports/{}/{path}", sent.id);
            for (who, p, expected) in [("the commune", &own, 200), ("another commune", &other, 404), ("another department", &ct, 404), ("a leader", &leader, 404)] {
                assert_eq!(status(p, &app, &url).await, expected, "{who} reads {url}");
            }
        }
        // And every change, by another commune: nothing, whatever it posts.
        for action in ["save", "submit", "accept", "return", "reopen", "draft"] {
            let (s, _) = other.post(&app, &format!("/reports/{}/{action}", sent.id), &[("version", &sent.version.to_string()), ("reason", "x"), ("confirmed", "yes")]).await;
            assert_eq!(s, 404, "another commune's {action} on the report");
        }
        let (s, _) = other.api(&app, Method::PUT, &format!("/api/v1/reports/{}", sent.id), Some(serde_json::json!({"version": sent.version, "values": [{"indicator": "2.3.1", "unit": "X21025", "value": "1"}]}))).await;
        assert_eq!(s, 404, "nor through the API");
        assert_eq!(db.store.report(sent.id).await.expect("read").version, sent.version, "the report is untouched");

        // The Excel template is the commune's own: its two figures, for it alone.
        let template = format!("/reports/{}/template.xlsx", sent.id);
        assert_eq!(status(&own, &app, &template).await, 200, "the commune downloads its template");
        assert_eq!(status(&other, &app, &template).await, 404, "another commune does not");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("xa.xlsx");
        let bytes = own.http.get(format!("{}{template}", app.base)).send().await.expect("xlsx").bytes().await.expect("bytes");
        std::fs::write(&path, &bytes).expect("written");
        let out = std::process::Command::new("python3").arg("-c")
            .arg("import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\nprint('\\n'.join(str(c.value) for ws in wb for r in ws.iter_rows() for c in r if c.value is not None))")
            .arg(&path).output().expect("python3 with openpyxl");
        let cells = String::from_utf8_lossy(&out.stdout);
        assert!(cells.contains("2.3.1") && cells.contains("2.3.3") && cells.contains("Cẩm Thành"), "{cells}");
        assert!(!cells.contains("Nghĩa Lộ") && !cells.contains("1.1\n"), "only the commune's own rows: {cells}");

        let (_, body) = own.get(&app, &page).await;
        assert!(body.contains("id=\"sends-to\">Sở NN"), "the commune's report says where it goes");
        assert!(body.contains("16/12/2026"), "and by when: the communes' own deadline");

        // Review: its department only; the commune, the consolidator and others cannot.
        let ret = format!("/reports/{}/return", sent.id);
        let version = sent.version.to_string();
        let form = [("reason", "Diện tích đất tự nhiên chưa khớp số liệu kiểm kê đất đai."), ("version", version.as_str())];
        assert_eq!(own.post(&app, &ret, &form).await.0, 403, "the commune does not review itself");
        assert_eq!(tc.post(&app, &ret, &form).await.0, 403, "the consolidator reviews departments, not communes");
        assert_eq!(ct.post(&app, &ret, &form).await.0, 404, "another department does not even see it");
        assert_eq!(other.post(&app, &ret, &form).await.0, 404, "nor does another commune");
        let (s, location) = nnmt.post(&app, &ret, &form).await;
        assert_eq!((s, location.as_str()), (303, format!("{page}?done=return").as_str()));
        assert_eq!(db.store.report(sent.id).await.expect("read").state.as_str(), "returned");

        // In bodies: a commune cannot write another commune's figure, a department cannot type a commune's.
        let nl = report_of(&db, p, "X21028").await;
        let (s, body) = other.post(&app, &format!("/reports/{}/save", nl.id), &[("version", &nl.version.to_string()), ("v:2.3.1:X21025", "50")]).await;
        assert_eq!(s, 422, "{body}");
        assert!(body.contains("Trường này không thuộc báo cáo"), "named as not part of the report");
        let dept = report_of(&db, p, "QN-SO-NNMT").await;
        let (s, body) = nnmt.post(&app, &format!("/reports/{}/save", dept.id), &[("version", &dept.version.to_string()), ("v:2.3.1:X21028", "50")]).await;
        assert_eq!(s, 422, "{body}");
        assert!(body.contains("không nhập thay"), "the department is told the commune sends it");
        let (s, body) = nnmt.api(&app, Method::PUT, &format!("/api/v1/reports/{}", dept.id),
            Some(serde_json::json!({"version": dept.version, "values": [{"indicator": "2.3.1", "unit": "X21028", "value": "50"}]}))).await;
        assert_eq!(s, 422, "{body}");
        assert_eq!(db.store.values_of_period(p).await.expect("values").iter().filter(|v| v.unit_code == "X21028" && !v.held_below).count(), 0, "nothing was written");

        // Through the API a department sends with communes missing only when it says why.
        let dept = report_of(&db, p, "QN-SO-NNMT").await;
        let (s, body) = nnmt.api(&app, Method::POST, &format!("/api/v1/reports/{}/submit", dept.id), Some(serde_json::json!({"version": dept.version}))).await;
        assert_eq!(s, 422, "{body}");
        let missing: Vec<&str> = body["error"]["details"]["missing"].as_array().or_else(|| body["details"]["missing"].as_array()).expect("the missing communes, by code").iter().filter_map(|m| m.as_str()).collect();
        assert_eq!(missing.len(), 93, "{body}");
        assert!(missing.contains(&"X21025") && !missing.contains(&"X21034"), "an accepted commune is not missing");
        assert_eq!(db.store.report(dept.id).await.expect("read").state.as_str(), "draft", "not sent");
    }

    async fn accepted_figures_flow_into_the_department_and_a_department_sends_naming_the_missing_communes(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let p = period_2026(&db).await;
        let nnmt = login_with(&app, "demo-nnmt", &password).await;
        let tc = login_with(&app, "demo-tc", &password).await;
        let sent = report_of(&db, p, "X21085").await;
        let dept = report_of(&db, p, "QN-SO-NNMT").await;
        let typed = db.store.values_of_period(p).await.expect("values").into_iter().find(|v| v.unit_code == "X21085" && v.indicator_code == "2.3.1").expect("the commune's figure");
        assert!(typed.held_below, "before acceptance the figure waits with the commune");
        let (_, before) = nnmt.get(&app, &format!("/reports/{}", dept.id)).await;
        assert!(before.contains("Báo cáo của xã chờ sở xem xét"), "the department sees it waiting, not the figure");

        // Accepting is confirmed first, then the figure is in the department's report.
        let accept = format!("/reports/{}/accept", sent.id);
        let (s, body) = nnmt.post(&app, &accept, &[("version", &sent.version.to_string())]).await;
        assert_eq!(s, 200, "a confirmation page");
        assert!(body.contains("id=\"confirm\""));
        let (s, _) = nnmt.post(&app, &accept, &[("version", &sent.version.to_string()), ("confirmed", "yes")]).await;
        assert_eq!(s, 303);
        let moved = db.store.values_of_period(p).await.expect("values").into_iter().find(|v| v.unit_code == "X21085" && v.indicator_code == "2.3.1").expect("the figure");
        assert!(!moved.held_below && moved.source_report == Some(sent.id), "now carried by the department, from the commune's report");
        let (_, after) = nnmt.get(&app, &format!("/reports/{}", dept.id)).await;
        assert!(after.contains("Từ báo cáo của xã, đã tiếp nhận"), "shown with its source");
        // Its history is the commune's report's, which the department reviews and so may read.
        let history = format!("/reports/{}/audit?value=2.3.1/X21085", sent.id);
        assert!(after.contains(&history.replace('&', "&amp;")), "the figure's history link leads to where it was typed");
        let (s, trail) = nnmt.get(&app, &history).await;
        assert_eq!(s, 200);
        assert!(trail.contains("2.3.1") && trail.contains("Lưu"), "the commune's save is in it: {trail}");
        let (_, audit) = nnmt.get(&app, &format!("/reports/{}/audit", dept.id)).await;
        assert!(audit.contains("Nhận số liệu từ báo cáo xã"), "the move is in the department's audit trail");

        // Reopened, it goes back to the commune.
        let reopened = db.store.report(sent.id).await.expect("read");
        let (s, _) = nnmt.post(&app, &format!("/reports/{}/reopen", sent.id), &[("version", &reopened.version.to_string()), ("reason", "Sai diện tích")]).await;
        assert_eq!(s, 303);
        let back = db.store.values_of_period(p).await.expect("values").into_iter().find(|v| v.unit_code == "X21085" && v.indicator_code == "2.3.1").expect("the figure");
        assert!(back.held_below && back.source_report.is_none(), "back with the commune");

        // Sending with communes missing: asked first, naming them; kept with the report for the consolidator.
        let dept = report_of(&db, p, "QN-SO-NNMT").await;
        let submit = format!("/reports/{}/submit", dept.id);
        let (s, body) = nnmt.post(&app, &submit, &[("version", &dept.version.to_string())]).await;
        assert_eq!(s, 200, "asked before sending");
        assert!(body.contains("Gửi báo cáo khi còn thiếu") && body.contains("Cẩm Thành"), "the missing communes are named");
        assert_eq!(db.store.report(dept.id).await.expect("read").state.as_str(), "draft", "nothing sent yet");
        let (s, _) = nnmt.post(&app, &submit, &[("version", &dept.version.to_string()), ("missing-ok", "yes"), ("confirmed", "yes")]).await;
        assert_eq!(s, 303);
        let (_, seen) = tc.get(&app, &format!("/reports/{}", dept.id)).await;
        assert!(seen.contains("Gửi khi còn thiếu báo cáo của:") && seen.contains("Cẩm Thành"), "the consolidator reads the list");
        // With its report sent, the department takes in no more commune figures.
        let waiting = report_of(&db, p, "X21025").await;
        let (s, body) = nnmt.post(&app, &format!("/reports/{}/accept", waiting.id), &[("version", &waiting.version.to_string()), ("confirmed", "yes")]).await;
        assert_eq!(s, 422, "{body}");
        assert!(body.contains("Báo cáo của sở đã gửi đi"), "{body}");

        // The consolidator's overview shows the communes' level.
        let (_, overview) = tc.get(&app, &format!("/periods/{p}")).await;
        assert!(overview.contains("Cấp xã: báo cáo gửi các sở") && overview.contains("/96"), "the chain on the overview");
    }

    async fn reminders_go_to_each_level_by_its_own_deadline_and_to_its_people_only(db) {
        let smtp = SmtpServer::start();
        let (_app, _password) = crate::crawl::demo_app(&db).await;
        let hash = xanh_app::password::hash_blocking("mat-khau-nhac-han").expect("hash");
        for (name, unit) in [("xa109", "X21109"), ("xa025", "X21025"), ("nnmt2", "QN-SO-NNMT")] {
            let email = format!("{name}@quangngai.gov.vn");
            db.store.create_user(NewUser { username: name, display_name: name, password_hash: &hash, role: Role::Officer, unit_code: Some(unit), email: Some(&email) }).await.expect("account");
        }
        let mail = xanh_app::reminders::MailSettings { url: format!("smtp://127.0.0.1:{}", smtp.port), from: "Xanh <xanh@quangngai.gov.vn>".into(), days_before: 3 };
        let state = xanh_web::AppState::new(db.store.clone());
        let sent = |d| { let state = &state; let mail = &mail; async move {
            let r = xanh_app::reminders::run_once(state, mail, d).await.expect("round");
            assert!(r.failed.is_empty(), "{:?}", r.failed);
            let mut s: Vec<(String, &'static str)> = r.sent.into_iter().map(|s| (s.unit, s.kind)).collect();
            s.sort();
            s
        }};
        // 14/12: two days before the communes' 16/12; the department's 18/12 is four days off.
        assert_eq!(sent(date!(2026 - 12 - 14)).await, vec![("X21109".to_string(), "before")], "only the commune that has not sent");
        assert_eq!(sent(date!(2026 - 12 - 15)).await, vec![("QN-SO-NNMT".to_string(), "before")], "the department, by its own deadline");
        assert_eq!(sent(date!(2026 - 12 - 17)).await, vec![("X21109".to_string(), "overdue")], "the commune is late; the department is not yet");
        let messages = smtp.messages();
        assert_eq!(messages.len(), 3);
        assert!(!messages.iter().any(|m| m.contains("xa025@")), "no reminder to a commune that has sent");
        let to_commune: Vec<&String> = messages.iter().filter(|m| m.contains("xa109@quangngai.gov.vn")).collect();
        assert_eq!(to_commune.len(), 2);
        assert!(to_commune.iter().all(|m| !m.contains("nnmt2@")), "each level's people only");
    }
}
