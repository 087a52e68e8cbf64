//! The Excel round trip: a template filled by another library the way a
//! person would, uploaded, found in the report; hostile files refused with
//! nothing stored.

use crate::helpers::{both_databases, fixture};
use crate::people::{Person, Round, field, login, round};
use std::process::Command;

fn fill(case: &str, template: &std::path::Path, out: &std::path::Path) {
    let status = Command::new("python3")
        .arg(fixture("fill_template.py"))
        .args([
            case,
            template.to_str().expect("utf-8"),
            out.to_str().expect("utf-8"),
        ])
        .status()
        .expect("python3 runs (openpyxl: .ci/run installs it)");
    assert!(status.success(), "filling the template ({case})");
}

async fn upload(round: &Round, who: &Person, report: i64, bytes: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", who.csrf.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("bao-cao.xlsx"),
        );
    match who
        .http
        .post(format!("{}/reports/{report}/upload", round.app.base))
        .multipart(form)
        .send()
        .await
    {
        Ok(r) => {
            let status = r.status().as_u16();
            let location = r
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or("")
                .to_string();
            let body = r.text().await.unwrap_or_default();
            (status, if status == 303 { location } else { body })
        }
        // The server may close the connection under a too-large upload before reading it all.
        Err(_) => (413, String::new()),
    }
}

async fn values_stored(round: &Round, report: i64) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM indicator_values WHERE report_id = $1")
        .bind(report)
        .fetch_one(round.db.store.pool())
        .await
        .expect("count")
}

both_databases! {
    async fn a_template_filled_in_a_spreadsheet_lands_as_a_draft_and_hostile_files_are_refused(db) {
        let round = round(db).await;
        let ct = login(&round.app, "ct").await;
        let (_, location) = ct.post(&round.app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let report: i64 = location.trim_start_matches("/reports/").parse().expect("id");
        let dir = tempfile::tempdir().expect("a directory");
        let template = dir.path().join("template.xlsx");
        let r = ct.http.get(format!("{}/reports/{report}/template.xlsx", round.app.base)).send().await.expect("answers");
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().expect("ascii").contains("spreadsheetml"));
        std::fs::write(&template, r.bytes().await.expect("bytes")).expect("saved");

        // Each hostile case is refused with its sheet and cell, and stores nothing.
        for (case, expect) in [
            ("not-xlsx", "không phải bảng tính Excel"),
            ("bomb", "giải nén quá lớn"),
            ("date", "Số liệu!H7: Ô này là ngày tháng"),
            ("formula", "Số liệu!H7: Ô nhập chứa công thức"),
            ("tampered", "đã bị thay đổi"),
            ("no-values-sheet", "Thiếu trang"),
        ] {
            let out = dir.path().join(format!("{case}.xlsx"));
            fill(case, &template, &out);
            let (status, html) = upload(&round, &ct, report, std::fs::read(&out).expect("read")).await;
            assert_eq!(status, 422, "{case}");
            assert!(html.contains(expect), "{case}: expected {expect:?}");
            assert_eq!(values_stored(&round, report).await, 0, "{case} stored nothing");
        }
        let (status, _) = upload(&round, &ct, report, vec![0u8; 11 * 1024 * 1024]).await;
        assert_eq!(status, 413, "an 11 MB file is refused");
        assert_eq!(values_stored(&round, report).await, 0);
        // Merged cells do not crash the reading; the top-left value counts.
        let merged = dir.path().join("merged.xlsx");
        fill("merged", &template, &merged);
        let (status, _) = upload(&round, &ct, report, std::fs::read(&merged).expect("read")).await;
        assert_eq!(status, 303, "a merged input cell is read");

        // Another agency's template is refused on this report.
        let xd = login(&round.app, "xd").await;
        let (_, other) = xd.post(&round.app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let other: i64 = other.trim_start_matches("/reports/").parse().expect("id");
        let theirs = xd.http.get(format!("{}/reports/{other}/template.xlsx", round.app.base)).send().await.expect("answers").bytes().await.expect("bytes");
        let (status, html) = upload(&round, &ct, report, theirs.to_vec()).await;
        assert_eq!(status, 422);
        assert!(html.contains("thuộc báo cáo khác"));

        // The template was downloaded before the merged upload saved the report:
        // filled in now, it would put old values back. It is refused, by name.
        let stale = dir.path().join("stale.xlsx");
        fill("filled", &template, &stale);
        let before: Vec<(String, Option<f64>)> = sqlx::query_as("SELECT indicator_code, value_num FROM indicator_values WHERE report_id = $1 ORDER BY indicator_code, unit_code")
            .bind(report).fetch_all(round.db.store.pool()).await.expect("values");
        let (status, html) = upload(&round, &ct, report, std::fs::read(&stale).expect("read")).await;
        assert_eq!(status, 422, "a stale template is refused");
        assert!(html.contains("mẫu đã cũ") && html.contains("Hãy tải mẫu mới"), "and says why and what to do");
        let after: Vec<(String, Option<f64>)> = sqlx::query_as("SELECT indicator_code, value_num FROM indicator_values WHERE report_id = $1 ORDER BY indicator_code, unit_code")
            .bind(report).fetch_all(round.db.store.pool()).await.expect("values");
        assert_eq!(before, after, "the newer figures stay");

        // The real thing, on a template downloaded after the last save.
        let r = ct.http.get(format!("{}/reports/{report}/template.xlsx", round.app.base)).send().await.expect("answers");
        std::fs::write(&template, r.bytes().await.expect("bytes")).expect("saved");
        let filled = dir.path().join("filled.xlsx");
        fill("filled", &template, &filled);
        let (status, location) = upload(&round, &ct, report, std::fs::read(&filled).expect("read")).await;
        assert_eq!(status, 303, "{location}");
        let (_, html) = ct.get(&round.app, &format!("/reports/{report}")).await;
        for shown in ["value=\"65,5\"", "value=\"34,25\"", "value=\"9,5\"", "value=\"42\"", "Điều tra của Sở Công thương", "đã hỗ trợ 15 cơ sở"] {
            assert!(html.contains(shown), "{shown} is in the report");
        }
        assert!(html.contains("Dự thảo"), "landed as a draft");
        let dpi = login(&round.app, "dpi").await;
        let (_, trail) = dpi.get(&round.app, &format!("/reports/{report}/audit")).await;
        assert!(trail.contains("upload"), "the audit trail records the upload");
        assert!(field(&html, "csrf").is_some());
    }
}

both_databases! {
    async fn a_dhis2_export_reimported_gives_back_the_same_values_and_a_bad_csv_stores_nothing(db) {
        let round = round(db).await;
        let ct = login(&round.app, "ct").await;
        let dpi = login(&round.app, "dpi").await;
        let (_, location) = ct.post(&round.app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let report: i64 = location.trim_start_matches("/reports/").parse().expect("id");
        let (_, html) = ct.get(&round.app, &location).await;
        let v = field(&html, "version").expect("version");
        ct.post(&round.app, &format!("/reports/{report}/save"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "65,5"), ("n:1.1:UBND-TINH", "Điều tra"), ("v:1.2:UBND-TINH", "34,25"),
            ("v:1.3:UBND-TINH", "9,5"), ("v:1.4:UBND-TINH", "42"),
        ]).await;
        let (_, html) = ct.get(&round.app, &location).await;
        let v = field(&html, "version").expect("version");
        ct.post(&round.app, &format!("/reports/{report}/submit"), &[("version", &v)]).await;
        let (_, html) = dpi.get(&round.app, &location).await;
        let v = field(&html, "version").expect("version");
        assert_eq!(dpi.post(&round.app, &format!("/reports/{report}/accept"), &[("version", &v), ("confirmed", "yes")]).await.0, 303);
        let exported = reqwest::get(format!("{}/exports/dhis2.json", round.app.base)).await.expect("answers").bytes().await.expect("body");
        let before: serde_json::Value = serde_json::from_slice(&exported).expect("JSON");

        // Into a fresh installation's report of the same agency and period.
        let again = round_fresh().await;
        let ct2 = login(&again.app, "ct").await;
        let (_, location) = ct2.post(&again.app, &format!("/periods/{}/my-report", again.period), &[]).await;
        let report2: i64 = location.trim_start_matches("/reports/").parse().expect("id");
        let (status, body) = upload(&again, &ct2, report2, exported.to_vec()).await;
        assert_eq!(status, 303, "{body}");
        let (_, got) = ct2.api(&again.app, reqwest::Method::GET, &format!("/api/v1/reports/{report2}"), None).await;
        let mut pairs: Vec<(String, f64)> = got["values"].as_array().expect("values").iter()
            .map(|v| (v["indicator"].as_str().unwrap_or("").to_string(), v["value"]["value"].as_f64().unwrap_or(f64::NAN))).collect();
        let mut expected: Vec<(String, f64)> = before["dataValues"].as_array().expect("values").iter()
            .map(|v| (v["dataElement"].as_str().unwrap_or("").to_string(), v["value"].as_str().unwrap_or("").parse().unwrap_or(f64::NAN))).collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(pairs, expected, "the same values come back");
        assert!(got["values"].as_array().expect("values").iter().any(|v| v["note"] == "Điều tra"), "with the note");

        // A CSV whose last line is bad stores nothing and names the line.
        let csv = "period,indicator,unit_code,value,note\nannual-2019,1.1,UBND-TINH,70,\nannual-2019,1.2,UBND-TINH,abc,\n";
        let (status, page) = upload(&again, &ct2, report2, csv.as_bytes().to_vec()).await;
        assert_eq!(status, 422);
        assert!(page.contains("dòng 3"), "the bad line is named");
        let (_, unchanged) = ct2.api(&again.app, reqwest::Method::GET, &format!("/api/v1/reports/{report2}"), None).await;
        assert!(unchanged["values"].as_array().expect("values").iter().any(|v| v["indicator"] == "1.1" && v["value"]["value"] == 65.5), "nothing of the bad file was stored");
        let wrong_period = "period,indicator,unit_code,value\nannual-2018,1.1,UBND-TINH,70\n";
        let (status, page) = upload(&again, &ct2, report2, wrong_period.as_bytes().to_vec()).await;
        assert_eq!(status, 422);
        assert!(page.contains("thuộc kỳ annual-2018"));
    }
}

/// A second, fresh installation with its own database.
async fn round_fresh() -> Round {
    round(crate::helpers::TestDb::sqlite().await).await
}
