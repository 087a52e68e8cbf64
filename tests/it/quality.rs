//! Data quality over real HTTP, on both databases: a consistency rule of the
//! framework questioned on save and answered with a note, the reviewer's list
//! of marked figures, the quality score on the report, the overview, the API
//! and the dashboard, and the annex of the issued provincial report.

use crate::documents::pdf_bytes_text as pdf_text;
use crate::helpers::both_databases;
use crate::people::{field, login, own_report, round};
use reqwest::Method;

both_databases! {
    async fn a_part_typed_above_its_whole_is_questioned_answered_with_a_note_and_marked_for_the_reviewer(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let report = own_report(&round, &ct).await;
        let path = format!("/reports/{report}");
        let (_, html) = ct.get(app, &path).await;
        let v = field(&html, "version").expect("a version");
        let typed = [
            ("version", v.as_str()), ("v:1.1:UBND-TINH", "40"), ("v:1.2:UBND-TINH", "55"),
            ("v:1.3:UBND-TINH", "9,5"), ("v:1.4:UBND-TINH", "42"),
        ];
        let (status, html) = ct.post(app, &format!("{path}/save"), &typed).await;
        assert_eq!(status, 422, "a breach of rule R1 is a question, and nothing is stored until it is answered");
        assert!(html.contains("Số liệu không nhất quán (quy tắc R1):"), "it names the rule");
        assert!(html.contains("(1.2 là 55%, lớn hơn 1.1 là 40%.)"), "and says the figures");
        assert!(html.contains("Chỉ tiêu 1.2 · Toàn tỉnh"), "on the part's field, named in words");
        assert!(html.contains("name=\"c:1.2:UBND-TINH\""), "a confirmation box is offered");
        assert!(html.contains("value=\"55\"") && html.contains("value=\"40\""), "what was typed is kept");

        let mut confirmed = typed.to_vec();
        confirmed.push(("c:1.2:UBND-TINH", "1"));
        assert_eq!(ct.post(app, &format!("{path}/save"), &confirmed).await.0, 422, "a tick without a note answers nothing");
        confirmed.push(("n:1.2:UBND-TINH", "Khảo sát 2019 gồm cả cơ sở chưa được tuyên truyền"));
        assert_eq!(ct.post(app, &format!("{path}/save"), &confirmed).await.0, 303);

        let (_, html) = ct.get(app, &path).await;
        assert!(html.contains("id=\"flag:1.2:UBND-TINH\""), "the answered figure stays marked");
        assert!(html.contains("Không nhất quán (R1):"), "with the rule");
        assert!(html.contains("id=\"flagged\"") && html.contains("Đã giải trình: «Khảo sát 2019 gồm cả cơ sở chưa được tuyên truyền»"), "and listed above the form as explained, with the explanation");
        // Four figures of four; the one check fails; its one flag is explained.
        assert!(html.contains("số liệu 4/4"), "the score's parts: figures");
        assert!(html.contains("nhất quán 0/1") && html.contains("đã giải trình 1/1"), "the score's parts: rules and answers");

        // "Lưu và gửi" with nothing changed does not ask again.
        let v = field(&html, "version").expect("a version");
        assert_eq!(ct.post(app, &format!("{path}/submit"), &[("version", &v)]).await.0, 303);

        let dpi = login(app, "dpi").await;
        let (_, html) = dpi.get(app, &path).await;
        assert!(html.contains("Không nhất quán (R1):") && html.contains("Khảo sát 2019 gồm cả cơ sở chưa được tuyên truyền"),
            "the reviewer sees the breach beside the officer's explanation");
        // The 2019 deadline has passed and the report came in now: late. (1 + 0 + 0 + 1) / 4 = 50.
        let (_, overview) = dpi.get(app, &format!("/periods/{}", round.period)).await;
        let cell = overview.split("data-quality=\"SO-CT\">").nth(1).expect("SO-CT's quality cell");
        assert!(cell.starts_with("50/100"), "{}", &cell[..80.min(cell.len())]);
        assert!(overview.contains("id=\"quality-how\""), "the overview says how the score is computed");
        let (status, body) = dpi.api(app, Method::GET, &format!("/api/v1/periods/{}/reports", round.period), None).await;
        assert_eq!(status, 200, "{body}");
        let row = body["reports"].as_array().expect("rows").iter().find(|r| r["unit"] == "SO-CT").expect("SO-CT").clone();
        assert_eq!(row["quality_score"], 50, "the API gives the same score");

        // Corrected to hold the rule: no mark, the check holds. (1 + 0 + 1) / 3 = 67 once nothing is flagged.
        assert_eq!(dpi.post(app, &format!("{path}/return"), &[("version", &field(&html, "version").expect("v")), ("reason", "Xem lại 1.2")]).await.0, 303);
        let (_, html) = ct.get(app, &path).await;
        let v = field(&html, "version").expect("a version");
        assert_eq!(ct.post(app, &format!("{path}/save"), &[("version", v.as_str()), ("v:1.2:UBND-TINH", "35")]).await.0, 303);
        let (_, html) = ct.get(app, &path).await;
        assert!(!html.contains("id=\"flag:1.2:UBND-TINH\"") && !html.contains("id=\"flagged\""), "nothing left to look at");
        assert!(html.contains("nhất quán 1/1"), "the check now holds");
    }

    async fn a_stored_breach_nobody_explained_is_asked_for_on_submit_by_the_page_and_the_api(db) {
        let round = round(db).await;
        let app = &round.app;
        let ct = login(app, "ct").await;
        let report = own_report(&round, &ct).await;
        // As a bulk import would leave them: 55% applying, 40% informed, no note.
        for (code, value) in [("1.1", 40.0), ("1.2", 55.0)] {
            crate::people::put_figure(&round, round.period, code, value).await;
        }
        let path = format!("/reports/{report}");
        let (_, html) = ct.get(app, &path).await;
        let v = field(&html, "version").expect("a version");
        let (status, html) = ct.post(app, &format!("{path}/submit"), &[("version", &v)]).await;
        assert_eq!(status, 422, "not submitted");
        assert!(html.contains("Chưa gửi được: số liệu không nhất quán (quy tắc R1) chưa được giải trình"), "it says why");
        assert!(html.contains("name=\"c:1.2:UBND-TINH\""), "and offers the confirmation");
        let (status, body) = ct.api(app, Method::POST, &format!("/api/v1/reports/{report}/submit"), Some(serde_json::json!({"version": v.parse::<i64>().expect("a number")}))).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["details"]["fields"][0]["field"], "v:1.2:UBND-TINH", "{body}");
        assert_eq!(body["error"]["details"]["fields"][0]["confirmable"], true, "{body}");
        // Explained from the page's form, "Lưu và gửi" goes through.
        let (_, html) = ct.get(app, &path).await;
        let v = field(&html, "version").expect("a version");
        let (status, _) = ct.post(app, &format!("{path}/submit"), &[
            ("version", &v), ("v:1.1:UBND-TINH", "40"), ("v:1.2:UBND-TINH", "55"),
            ("c:1.2:UBND-TINH", "1"), ("n:1.2:UBND-TINH", "Số liệu điều tra 2019 (đã kiểm tra)"),
        ]).await;
        assert_eq!(status, 303);
        let (_, html) = ct.get(app, &path).await;
        assert!(html.contains("id=\"report-state\">Đã gửi"), "submitted");
    }

    async fn the_issued_provincial_report_carries_a_data_quality_annex_matching_the_overview(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let versions = db.store.provincial_reports(Some(p2018)).await.expect("versions");
        let issued = versions.iter().find(|r| r.state.as_str() == "issued").expect("the sample's issued 2018 report");
        let (_, overview) = dpi.get(&app, &format!("/periods/{p2018}")).await;
        let score_of = |unit: &str| -> String {
            overview.split(&format!("data-quality=\"{unit}\">")).nth(1).expect("a quality cell")
                .split('<').next().expect("a score").to_string()
        };
        let ct = score_of("SO-CT");
        assert!(ct.ends_with("/100"), "{ct}");
        let (status, page, _) = app.get(&format!("/provincial-reports/{}", issued.id)).await;
        assert_eq!(status, 200);
        assert!(page.contains("id=\"quality-table\""), "the issued report's page shows the annex");
        let pdf = reqwest::get(format!("{}/provincial-reports/{}/pdf", app.base, issued.id))
            .await.expect("answers").bytes().await.expect("the PDF");
        let text = pdf_text(&pdf);
        assert!(text.contains("PHỤ LỤC: CHẤT LƯỢNG SỐ LIỆU BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ"), "{text}");
        let row = text.lines().find(|l| l.contains("Sở Công thương")  && l.contains("/100")).expect("SO-CT's row");
        assert!(row.contains(&ct), "the annex gives SO-CT the overview's score {ct}: {row}");
        assert!(text.contains("Điểm chất lượng (trên 100) là trung bình của"), "and says how it is computed");
    }
}
