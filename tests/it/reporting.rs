//! The December reporting round over real HTTP, on both databases: the
//! officer's journey, review, the audit trail, and what nobody may do.

use crate::helpers::both_databases;
use crate::people::{Person, Round, field, login, own_report, round};
use reqwest::Method;
use serde_json::json;

async fn version_of(round: &Round, who: &Person, report: i64) -> String {
    let (_, html) = who.get(&round.app, &format!("/reports/{report}")).await;
    field(&html, "version").expect("the report form carries its version")
}

both_databases! {
    async fn an_officer_reports_the_consolidator_returns_and_accepts_and_the_trail_shows_every_step(db) {
        let round = round(db).await;
        let ct = login(&round.app, "ct").await;
        let dpi = login(&round.app, "dpi").await;
        let report = own_report(&round, &ct).await;
        let path = format!("/reports/{report}");

        let (_, html) = ct.get(&round.app, &path).await;
        assert!(html.contains("ĐỔI MỚI") || html.contains("Áp dụng sản xuất sạch hơn"), "objective 1 is in the report");
        assert!(html.contains("name=\"v:1.1:UBND-TINH\""), "an input for indicator 1.1");

        let v = version_of(&round, &ct, report).await;
        let (status, _) = ct.post(&round.app, &format!("{path}/save"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "65,5"), ("n:1.1:UBND-TINH", "Báo cáo của Sở Công thương"),
            ("v:1.2:UBND-TINH", "1.234,5"), ("v:1.3:UBND-TINH", "9,5"), ("v:1.4:UBND-TINH", "42"),
            ("t:1:results", "Đã tổ chức 12 lớp tập huấn về sản xuất sạch hơn."),
        ]).await;
        assert_eq!(status, 422, "1.234,5 is not a percentage: nothing is stored");
        let (_, html) = ct.get(&round.app, &path).await;
        assert!(!html.contains("65,5"), "a form with an error stores nothing");

        let (status, _) = ct.post(&round.app, &format!("{path}/save"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "65,5"), ("n:1.1:UBND-TINH", "Báo cáo của Sở Công thương"),
            ("v:1.2:UBND-TINH", "34,25"), ("v:1.3:UBND-TINH", "9.5"), ("v:1.4:UBND-TINH", "42"),
            ("t:1:results", "Đã tổ chức 12 lớp tập huấn về sản xuất sạch hơn."),
        ]).await;
        assert_eq!(status, 303);
        let (_, html) = ct.get(&round.app, &path).await;
        assert!(html.contains("value=\"65,5\"") && html.contains("value=\"9,5\""), "values shown back in Vietnamese form");
        assert!(html.contains("Dự thảo"));

        let v = version_of(&round, &ct, report).await;
        let (status, _) = ct.post(&round.app, &format!("{path}/submit"), &[("version", &v)]).await;
        assert_eq!(status, 303);
        let (status, _) = ct.post(&round.app, &format!("{path}/save"), &[("version", &v), ("v:1.1:UBND-TINH", "70")]).await;
        assert!(status == 409 || status == 422, "a submitted report is read-only for the agency, got {status}");

        let v = version_of(&round, &dpi, report).await;
        let (status, _) = dpi.post(&round.app, &format!("{path}/return"), &[("version", &v), ("reason", "Bổ sung nguồn số liệu chỉ tiêu 1.2")]).await;
        assert_eq!(status, 303);
        let (_, html) = ct.get(&round.app, &path).await;
        assert!(html.contains("Bổ sung nguồn số liệu chỉ tiêu 1.2"), "the officer sees the comment");
        assert!(html.contains("Trả lại, yêu cầu bổ sung"));

        let v = version_of(&round, &ct, report).await;
        let (status, _) = ct.post(&round.app, &format!("{path}/save"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "65,5"), ("v:1.2:UBND-TINH", "34,25"), ("n:1.2:UBND-TINH", "Điều tra năm 2019"),
            ("v:1.3:UBND-TINH", "9,5"), ("v:1.4:UBND-TINH", "42"),
        ]).await;
        assert_eq!(status, 303);
        let v = version_of(&round, &ct, report).await;
        assert_eq!(ct.post(&round.app, &format!("{path}/submit"), &[("version", &v)]).await.0, 303);
        let v = version_of(&round, &dpi, report).await;
        // Accepting is confirmed first: the first press only asks, and changes nothing.
        let (status, asked) = dpi.post(&round.app, &format!("{path}/accept"), &[("version", &v)]).await;
        assert_eq!(status, 200);
        assert!(asked.contains("không sửa được báo cáo nữa"), "the confirmation says what cannot be undone");
        assert!(!ct.get(&round.app, &path).await.1.contains("Đã tiếp nhận"), "nothing is accepted before the confirmation");
        assert_eq!(dpi.post(&round.app, &format!("{path}/accept"), &[("version", &v), ("confirmed", "yes")]).await.0, 303);
        let (_, html) = ct.get(&round.app, &path).await;
        assert!(html.contains("Đã tiếp nhận"));
        assert!(!html.contains("name=\"v:1.1:UBND-TINH\""), "an accepted report is locked");

        let (_, trail) = dpi.get(&round.app, &format!("{path}/audit")).await;
        for step in ["Đã gửi", "Trả lại, yêu cầu bổ sung", "Đã tiếp nhận", "Bổ sung nguồn số liệu chỉ tiêu 1.2", "65,5", "Điều tra năm 2019"] {
            assert!(trail.contains(step), "the audit trail shows {step:?}");
        }
        let (_, one) = dpi.get(&round.app, &format!("{path}/audit?value=1.2/UBND-TINH")).await;
        assert!(one.contains("34,25") && !one.contains("65,5"), "the trail of one value, numbers in Vietnamese form");

        let v = version_of(&round, &dpi, report).await;
        let (status, _) = dpi.post(&round.app, &format!("{path}/reopen"), &[("version", &v), ("reason", "")]).await;
        assert_eq!(status, 422, "reopening an accepted report needs a reason");
    }

    async fn every_route_answers_each_role_and_agency_as_the_rules_say(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let xd = login(app, "xd").await;
        let a = own_report(&round, &ct).await;
        let b = own_report(&round, &xd).await;
        let people = [
            ("anonymous", None),
            ("admin", Some(login(app, "admin").await)),
            ("dpi", Some(login(app, "dpi").await)),
            ("ct", Some(ct)),
            ("xd", Some(xd)),
            ("leader", Some(login(app, "leader").await)),
        ];
        let (p, p2) = (round.period, round.other_period);
        // (method, path, form/json, the roles allowed). Everyone else is refused:
        // 403/404 when signed in, the login page or 401 when anonymous.
        let routes: Vec<Route> = vec![
            ("GET", "/home".into(), vec![], &["admin", "dpi", "ct", "xd", "leader"]),
            ("GET", "/periods".into(), vec![], &["admin", "dpi", "ct", "xd", "leader"]),
            ("GET", format!("/periods/{p}"), vec![], &["admin", "dpi", "leader"]),
            ("GET", format!("/periods/{p}/my-report"), vec![], &["ct", "xd"]),
            ("GET", format!("/reports/{a}"), vec![], &["admin", "dpi", "ct"]),
            ("GET", format!("/reports/{b}"), vec![], &["admin", "dpi", "xd"]),
            ("GET", format!("/reports/{a}/audit"), vec![], &["admin", "dpi", "ct"]),
            ("GET", "/admin/users".into(), vec![], &["admin"]),
            ("GET", "/account/tokens".into(), vec![], &["admin", "dpi", "ct", "xd", "leader"]),
            ("POST", format!("/reports/{a}/save"), vec![("version", "-1")], &["ct"]),
            ("POST", format!("/reports/{a}/submit"), vec![("version", "-1")], &["ct"]),
            ("POST", format!("/reports/{a}/return"), vec![("reason", "x")], &["dpi"]),
            ("POST", format!("/reports/{a}/accept"), vec![], &["dpi"]),
            ("POST", format!("/reports/{a}/reopen"), vec![("reason", "x")], &["dpi"]),
            ("POST", format!("/periods/{p2}/open"), vec![], &["dpi"]),
            ("POST", "/admin/users".into(), vec![("username", "X")], &["admin"]),
            ("POST", "/admin/users/spare/disable".into(), vec![], &["admin"]),
            ("POST", "/account/tokens".into(), vec![("name", "t")], &["admin", "dpi", "ct", "xd", "leader"]),
            ("API GET", "/api/v1/me".into(), vec![], &["admin", "dpi", "ct", "xd", "leader"]),
            ("API GET", format!("/api/v1/periods/{p}/reports"), vec![], &["admin", "dpi", "leader"]),
            ("API GET", format!("/api/v1/reports/{a}"), vec![], &["admin", "dpi", "ct"]),
            ("API GET", format!("/api/v1/reports/{b}"), vec![], &["admin", "dpi", "xd"]),
            ("API GET", format!("/api/v1/reports/{a}/audit"), vec![], &["admin", "dpi", "ct"]),
            ("API PUT", format!("/api/v1/reports/{a}"), vec![], &["ct"]),
            ("API POST", format!("/api/v1/reports/{a}/accept"), vec![], &["dpi"]),
            ("API POST", format!("/api/v1/periods/{p2}/close"), vec![], &["dpi"]),
        ];
        let mut failures = Vec::new();
        for (method, path, form, allowed) in &routes {
            for (name, person) in &people {
                let status = match (person, *method) {
                    (None, m) => {
                        let c = crate::people::client();
                        let url = format!("{}{path}", app.base);
                        let req = match m {
                            "GET" | "API GET" => c.get(url),
                            "API PUT" => c.put(url).json(&json!({"version": -1})),
                            _ if m.starts_with("API") => c.post(url).json(&json!({})),
                            _ => c.post(url).form(form),
                        };
                        let r = req.send().await.expect("answers");
                        let to_login = r.headers().get("location").and_then(|l| l.to_str().ok()).is_some_and(|l| l.starts_with("/login"));
                        if to_login { 1303 } else { r.status().as_u16() }
                    }
                    (Some(who), "GET") => who.get(app, path).await.0,
                    (Some(who), "POST") => who.post(app, path, form).await.0,
                    (Some(who), "API GET") => who.api(app, Method::GET, path, None).await.0,
                    (Some(who), "API PUT") => who.api(app, Method::PUT, path, Some(json!({"version": -1}))).await.0,
                    (Some(who), _) => who.api(app, Method::POST, path, Some(json!({}))).await.0,
                };
                let ok = if allowed.contains(name) {
                    !matches!(status, 401 | 403 | 404 | 1303 | 500..)
                } else if person.is_none() {
                    status == 1303 || status == 401
                } else {
                    status == 403 || status == 404
                };
                if !ok {
                    failures.push(format!("{method} {path} as {name}: {status}"));
                }
            }
        }
        assert!(failures.is_empty(), "unexpected answers:\n{}", failures.join("\n"));
    }

    async fn forged_requests_are_refused_and_store_nothing(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let report = own_report(&round, &ct).await;
        let v = version_of(&round, &ct, report).await;

        // No CSRF token: refused.
        let r = ct.http.post(format!("{}/reports/{report}/save", app.base))
            .form(&[("version", v.as_str()), ("v:1.1:UBND-TINH", "50")]).send().await.expect("answers");
        assert_eq!(r.status(), 403);
        let r = ct.http.put(format!("{}/api/v1/reports/{report}", app.base))
            .json(&json!({"version": v.parse::<i64>().expect("number"), "values": [{"indicator": "1.1", "unit": "UBND-TINH", "value": "50"}]}))
            .send().await.expect("answers");
        assert_eq!(r.status(), 403, "a cookie session's API write needs X-CSRF-Token");

        // Another agency's indicator slipped into the body: refused, nothing stored.
        let (status, body) = ct.api(app, Method::PUT, &format!("/api/v1/reports/{report}"), Some(json!({
            "version": v.parse::<i64>().expect("number"),
            "values": [{"indicator": "1.1", "unit": "UBND-TINH", "value": "50"}, {"indicator": "2.2.2", "unit": "H-DAKHA", "value": "80"}],
        }))).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["details"]["fields"][0]["field"], "v:2.2.2:H-DAKHA");
        let (_, got) = ct.api(app, Method::GET, &format!("/api/v1/reports/{report}"), None).await;
        assert_eq!(got["values"].as_array().map(Vec::len), Some(0), "all or nothing");

        // An expired session is no session.
        sqlx::query("UPDATE sessions SET expires_at = 0").execute(round.db.store.pool()).await.expect("expire");
        let (status, location) = ct.get(app, "/home").await;
        assert_eq!((status, location.starts_with("/login")), (303, true));
    }

    async fn bad_input_gets_clear_errors_and_the_narrative_shows_as_text(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let report = own_report(&round, &ct).await;
        let path = format!("/reports/{report}");
        let v = version_of(&round, &ct, report).await;
        let (status, html) = ct.post(app, &format!("{path}/save"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "abc"), ("v:1.2:UBND-TINH", "150"), ("v:1.3:UBND-TINH", "1.234"),
            ("t:1:results", "<script>alert('x')</script> Kết quả"),
        ]).await;
        assert_eq!(status, 422);
        assert!(html.contains("&#34;abc&#34; không phải là số."));
        assert!(html.contains("Tỷ lệ phải nằm trong khoảng 0–100"));
        assert!(html.contains("có thể hiểu là hàng nghìn hoặc số thập phân"));
        assert!(html.contains("value=\"abc\""), "what the user typed is kept");
        assert!(!html.contains("<script>alert"), "typed markup is escaped");

        let (status, _) = ct.post(app, &format!("{path}/save"), &[("version", &v), ("t:1:results", "<script>alert('x')</script> Kết quả")]).await;
        assert_eq!(status, 303);
        let (_, html) = ct.get(app, &path).await;
        assert!(html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; Kết quả"), "the narrative shows as text");

        let huge = "x".repeat(10 * 1024 * 1024);
        let sent = ct.http.post(format!("{}{path}/save", app.base))
            .form(&[("csrf", ct.csrf.as_str()), ("version", v.as_str()), ("t:1:results", huge.as_str())])
            .send().await;
        // The server refuses before reading it all: the client sees the 413, or the
        // connection closed under its upload. Either way nothing is stored.
        if let Ok(r) = sent {
            assert_eq!(r.status(), 413, "10 MB of text is refused");
        }
        let (status, html) = ct.get(app, &path).await;
        assert_eq!(status, 200, "the server still answers");
        assert!(!html.contains("xxxxxxxxxx"), "nothing of the 10 MB was stored");
        let (status, body) = ct.api(app, Method::PUT, &format!("/api/v1/reports/{report}"), Some(json!({"version": "one"}))).await;
        assert_eq!(status, 400);
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("JSON")));
        let (status, _) = ct.get(app, "/reports/999999").await;
        assert_eq!(status, 404);
        let (status, _) = ct.get(app, "/reports/abc").await;
        assert!(status == 400 || status == 404, "{status}");
    }

    async fn a_value_far_from_the_units_history_needs_confirmation_and_a_note(db) {
        let round = round(db).await;
        let app = &round.app;
        crate::people::put_figure(&round, round.other_period, "1.1", 40.0).await;
        let ct = login(app, "ct").await;
        let report = own_report(&round, &ct).await;
        let path = format!("/reports/{report}/save");
        let v = version_of(&round, &ct, report).await;
        let (status, html) = ct.post(app, &path, &[("version", &v), ("v:1.1:UBND-TINH", "95")]).await;
        assert_eq!(status, 422);
        assert!(html.contains("Giá trị này khác thường: hơn gấp đôi giá trị lớn nhất các năm trước (40)."), "it says why");
        assert!(html.contains("Chỉ tiêu 1.1 · Toàn tỉnh"), "the error names the indicator and the unit in words");
        assert!(html.contains("name=\"c:1.1:UBND-TINH\""), "a confirmation box is offered");
        assert!(html.contains(">40%<"), "last period's value is shown for reference, with its unit");
        let (status, _) = ct.post(app, &path, &[("version", &v), ("v:1.1:UBND-TINH", "95"), ("c:1.1:UBND-TINH", "1")]).await;
        assert_eq!(status, 422, "confirming without a note is not enough");
        let (status, _) = ct.post(app, &path, &[
            ("version", &v), ("v:1.1:UBND-TINH", "95"), ("c:1.1:UBND-TINH", "1"), ("n:1.1:UBND-TINH", "Điều tra toàn bộ năm 2019"),
        ]).await;
        assert_eq!(status, 303);
        // The confirmed figure stays marked, with why, for the officer and then the reviewer.
        let flag = "Khác thường: hơn gấp đôi giá trị lớn nhất các năm trước (40). Đã xác nhận, có ghi chú.";
        let (_, html) = ct.get(app, &format!("/reports/{report}")).await;
        assert!(html.contains("id=\"flag:1.1:UBND-TINH\"") && html.contains(flag), "the officer sees the mark");
        let v = version_of(&round, &ct, report).await;
        assert_eq!(ct.post(app, &format!("/reports/{report}/submit"), &[("version", &v)]).await.0, 303);
        let dpi = login(app, "dpi").await;
        let (_, html) = dpi.get(app, &format!("/reports/{report}")).await;
        assert!(html.contains(flag) && html.contains("Điều tra toàn bộ năm 2019"), "the reviewer sees the mark beside the note");
    }

    async fn a_districts_figure_of_another_order_than_the_others_or_a_negative_count_is_questioned(db) {
        let round = round(db).await;
        let app = &round.app;
        let xd = login(app, "xd").await;
        let report = own_report(&round, &xd).await;
        let v = version_of(&round, &xd, report).await;
        let (_, html) = xd.get(app, &format!("/reports/{report}")).await;
        // Indicator 2.2.5 (communes, wards and towns per district), one field per district.
        let mut fields: Vec<String> = html
            .match_indices("name=\"v:2.2.5:")
            .map(|(i, _)| html[i + 6..].split('"').next().expect("a name").to_string())
            .collect();
        fields.dedup();
        assert!(fields.len() >= 9, "one field per district: {fields:?}");
        let typed = |bad: &str| -> Vec<(String, String)> {
            let mut f: Vec<(String, String)> = vec![("version".into(), v.clone())];
            for (i, name) in fields.iter().enumerate() {
                f.push((name.clone(), if i == 0 { bad.to_string() } else { (8 + i).to_string() }));
            }
            f
        };
        let path = format!("/reports/{report}/save");
        let post = |f: Vec<(String, String)>| {
            let (xd, path) = (&xd, &path);
            async move {
                let refs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                xd.post(app, path, &refs).await
            }
        };
        // 1200 typed for 12: beyond three times every other district's figure.
        let (status, html) = post(typed("1200")).await;
        assert_eq!(status, 422);
        assert!(html.contains("Giá trị này khác thường: hơn 3 lần giá trị lớn nhất của"), "it says why");
        // A negative count.
        let (status, html) = post(typed("-3")).await;
        assert_eq!(status, 422);
        assert!(html.contains("số âm, trong khi chỉ tiêu tính bằng"), "a count is never negative");
        // Ordinary figures pass.
        let (status, _) = post(typed("12")).await;
        assert_eq!(status, 303);
    }

    async fn a_coordinating_agency_contributes_and_the_lead_sees_it_in_its_report(db) {
        let round = round(db).await;
        let app = &round.app;
        let khcn = login(app, "khcn").await;
        let (_, home) = khcn.get(app, "/home").await;
        let link = format!("/periods/{}/contributions/1", round.period);
        assert!(home.contains(&link), "the home page lists objective 1, which the agency coordinates");
        let (status, _) = khcn.post(app, &link, &[("version", "0"), ("figures", "12 lớp tập huấn"), ("body", "Sở KH&CN hỗ trợ đổi mới công nghệ cho 5 doanh nghiệp.")]).await;
        assert_eq!(status, 200);
        let (status, _) = khcn.post(app, &link, &[("version", "0"), ("figures", "x"), ("body", "y")]).await;
        assert_eq!(status, 422, "a stale version is refused, not overwritten");
        let (status, body) = khcn.api(app, Method::PUT, &link.replace("/periods", "/api/v1/periods"), Some(json!({"version": 1, "figures": "13 lớp tập huấn", "body": "Cập nhật"}))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["contribution"]["version"], 2);

        let ct = login(app, "ct").await;
        let report = own_report(&round, &ct).await;
        let (_, html) = ct.get(app, &format!("/reports/{report}")).await;
        assert!(html.contains("13 lớp tập huấn") && html.contains("Cập nhật"), "the lead sees the contribution");
        let (status, _) = ct.get(app, &link).await;
        assert_eq!(status, 404, "the lead is not a coordinating agency of its own objective");
        let xd = login(app, "xd").await;
        let (status, _) = xd.post(app, &link, &[("version", "0"), ("figures", "x"), ("body", "y")]).await;
        assert_eq!(status, 404, "an agency that does not coordinate the objective cannot contribute");
    }

    async fn a_closed_period_takes_no_more_input(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let dpi = login(app, "dpi").await;
        let report = own_report(&round, &ct).await;
        let v = version_of(&round, &ct, report).await;
        let (status, asked) = dpi.post(app, &format!("/periods/{}/close", round.period), &[]).await;
        assert_eq!(status, 200, "closing a period is confirmed first");
        assert!(asked.contains("không nhập hoặc gửi báo cáo của kỳ này được nữa"));
        assert_eq!(dpi.post(app, &format!("/periods/{}/close", round.period), &[("confirmed", "yes")]).await.0, 303);
        let (status, html) = ct.post(app, &format!("/reports/{report}/save"), &[("version", &v), ("v:1.1:UBND-TINH", "50")]).await;
        assert_eq!(status, 422);
        assert!(html.contains("Kỳ báo cáo chưa mở hoặc đã đóng"), "the officer is told why");
        let (_, page) = ct.get(app, &format!("/reports/{report}")).await;
        assert!(!page.contains("name=\"v:1.1:UBND-TINH\""), "no input boxes in a closed period");
    }

    async fn the_administrator_makes_an_account_in_the_browser_and_it_works(db) {
        let round = round(db).await;
        let app = &round.app;
        let admin = login(app, "admin").await;
        let (status, html) = admin.post(app, "/admin/users", &[
            ("username", "tnmt"), ("display_name", "Nguyễn Văn Môi"), ("password", "short"), ("role", "officer"), ("unit", "SO-TNMT"),
        ]).await;
        assert_eq!(status, 422);
        assert!(html.contains("ít nhất 10 ký tự"), "a short password is refused with the reason");
        let (status, html) = admin.post(app, "/admin/users", &[
            ("username", "tnmt"), ("display_name", "Nguyễn Văn Môi"), ("password", crate::people::PASSWORD), ("role", "officer"), ("unit", "SO-TNMT"),
        ]).await;
        assert_eq!(status, 200);
        assert!(html.contains("Nguyễn Văn Môi"));
        let tnmt = login(app, "tnmt").await;
        let (_, me) = tnmt.api(app, Method::GET, "/api/v1/me", None).await;
        assert_eq!(me["unit"], "SO-TNMT");
        let (status, asked) = admin.post(app, "/admin/users/tnmt/disable", &[]).await;
        assert_eq!(status, 200, "disabling an account is confirmed first");
        assert!(asked.contains("đăng xuất ngay"));
        assert_eq!(tnmt.get(app, "/home").await.0, 200, "nothing changes before the confirmation");
        assert_eq!(admin.post(app, "/admin/users/tnmt/disable", &[("confirmed", "yes")]).await.0, 303);
        let (status, _) = tnmt.get(app, "/home").await;
        assert_eq!(status, 303, "a disabled account's session ends at once");
    }

    async fn two_people_saving_the_same_report_never_overwrite_each_other(db) {
        let round = round(db).await;
        let app = &round.app;
        let first = login(app, "ct").await;
        let second = login(app, "ct").await;
        let report = own_report(&round, &first).await;
        let v = version_of(&round, &first, report).await;
        assert_eq!(first.post(app, &format!("/reports/{report}/save"), &[("version", &v), ("v:1.1:UBND-TINH", "60")]).await.0, 303);
        let (status, html) = second.post(app, &format!("/reports/{report}/save"), &[("version", &v), ("v:1.1:UBND-TINH", "61")]).await;
        assert_eq!(status, 409);
        assert!(html.contains("vừa được người khác thay đổi"));
        assert!(html.contains("value=\"61\""), "the second person's input is kept on the page");
        let (_, body) = first.api(app, Method::GET, &format!("/api/v1/reports/{report}"), None).await;
        assert_eq!(body["values"][0]["value"]["value"], 60.0);
    }

    async fn api_tokens_authenticate_and_stop_working_when_revoked(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let (_, html) = ct.post(app, "/account/tokens", &[("name", "Excel")]).await;
        let token = html.split("id=\"new-token\">").nth(1).and_then(|s| s.split('<').next()).expect("the new token is shown once").to_string();
        let bearer = reqwest::Client::new();
        let me = bearer.get(format!("{}/api/v1/me", app.base)).bearer_auth(&token).send().await.expect("answers");
        assert_eq!(me.status(), 200);
        let me: serde_json::Value = me.json().await.expect("JSON");
        assert_eq!(me["unit"], "SO-CT");
        let report = bearer.post(format!("{}/api/v1/periods/{}/my-report", app.base, round.period)).bearer_auth(&token).send().await.expect("answers");
        assert_eq!(report.status(), 200, "a bearer token needs no CSRF header");
        let tokens = round.db.store.api_tokens(me_id(&round, "ct").await).await.expect("tokens");
        assert!(round.db.store.revoke_api_token(me_id(&round, "ct").await, tokens[0].0).await.expect("revoked"));
        let after = bearer.get(format!("{}/api/v1/me", app.base)).bearer_auth(&token).send().await.expect("answers");
        assert_eq!(after.status(), 401);
    }

    async fn logins_are_throttled_and_never_say_which_accounts_exist(db) {
        let round = round(db).await;
        let app = &round.app;
        let attempt = |user: &'static str, pw: &'static str| async move {
            let c = crate::people::client();
            let page = c.get(format!("{}/login", app.base)).send().await.expect("page").text().await.expect("body");
            let csrf = field(&page, "csrf").expect("csrf");
            let r = c.post(format!("{}/login", app.base)).form(&[("username", user), ("password", pw), ("csrf", csrf.as_str())]).send().await.expect("answers");
            let status = r.status().as_u16();
            let cookies: Vec<String> = r.headers().get_all("set-cookie").iter().filter_map(|h| h.to_str().ok().map(str::to_string)).collect();
            (status, r.text().await.expect("body"), cookies)
        };
        let (s1, unknown, _) = attempt("khong-co-ai", "sai-mat-khau-123").await;
        let (s2, wrong, _) = attempt("ct", "sai-mat-khau-123").await;
        assert_eq!((s1, s2), (401, 401));
        let msg = "Tên đăng nhập hoặc mật khẩu không đúng.";
        assert!(unknown.contains(msg) && wrong.contains(msg), "the same message for both");
        for _ in 0..4 {
            attempt("ct", "sai-mat-khau-123").await;
        }
        let (status, page, _) = attempt("ct", crate::people::PASSWORD).await;
        assert_eq!(status, 429, "the right password is refused while throttled");
        assert!(page.contains("quá nhiều lần"));
        // Another account from the same address: the address has five failures
        // in the window, so it is throttled too, with the right password and no session.
        let (status, page, cookies) = attempt("xd", crate::people::PASSWORD).await;
        assert_eq!(status, 429, "the address is throttled, whichever account it tries");
        assert!(page.contains("quá nhiều lần"));
        assert!(!cookies.iter().any(|c| c.starts_with("xanh_session=")), "no session while throttled");
    }
}

/// A route to try: method, path, form fields, and the people allowed.
type Route<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, &'a [&'a str]);

async fn me_id(round: &Round, username: &str) -> i64 {
    round
        .db
        .store
        .user_for_login(username)
        .await
        .expect("lookup")
        .expect("exists")
        .0
        .id
}
