//! Narratives drafted from the figures, over real HTTP on both databases:
//! offered beside each objective with every figure linked to its source,
//! taken into the report only by a person's button (what was typed is saved
//! with it), and recorded in the audit trail as drafted and taken by whom;
//! the consolidator's opening summary and objective drafts likewise, and
//! the sample's issued report carries them.

use crate::documents::pdf_bytes_text as pdf_text;
use crate::helpers::both_databases;
use crate::people::{field, login, round};

/// The textarea's text, unescaped as the browser shows it.
fn textarea(html: &str, name: &str) -> String {
    let start = html.find(&format!("name=\"{name}\"")).expect("the field");
    let body = &html[start..];
    let open = body.find('>').expect("its tag") + 1;
    let close = body.find("</textarea>").expect("its end");
    body[open..close]
        .replace("&#10;", "\n")
        .replace("&#40;", "(")
        .replace("&#41;", ")")
}

both_databases! {
    async fn an_officer_takes_an_objectives_draft_whose_figures_link_to_their_source_and_the_trail_says_who(db) {
        let round = round(db).await;
        let app = &round.app;
        // Last year's 1.1: 57%.
        crate::people::put_figure(&round, round.other_period, "1.1", 57.0).await;
        let ct = login(app, "ct").await;
        let (_, location) = ct.post(app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let path = location.split('?').next().expect("a path").to_string();
        let (_, html) = ct.get(app, &path).await;
        let v = field(&html, "version").expect("a version");
        let figures = [
            ("version", v.as_str()), ("v:1.1:UBND-TINH", "65,5"), ("v:1.2:UBND-TINH", "34,25"),
            ("v:1.3:UBND-TINH", "9,5"), ("v:1.4:UBND-TINH", "42"),
        ];
        assert_eq!(ct.post(app, &format!("{path}/save"), &figures).await.0, 303);

        let (_, html) = ct.get(app, &path).await;
        let draft = html.split("id=\"draft-1\"").nth(1).expect("objective 1 has a draft").split("</details>").next().expect("its end");
        // 65,5 − 57 = 8,5 points; this year's figure links to its field, last year's to the indicator's page.
        assert!(draft.contains("Năm 2019, chỉ tiêu 1.1 ("), "{draft}");
        assert!(draft.contains("đạt <a href=\"#v:1.1:UBND-TINH\">65,5%</a>, tăng 8,5 điểm phần trăm so với năm 2018 (<a href=\"/indicators/1.1?framework=kon-tum-598-2014&#38;year=2018\">57%</a>)."), "{draft}");
        assert!(draft.contains("<a href=\"#v:1.2:UBND-TINH\">34,25%</a>") && draft.contains("<a href=\"#v:1.4:UBND-TINH\">42%</a>"), "every figure links to its source: {draft}");
        assert!(draft.contains("cần tăng bình quân 37,4%/năm"), "the rate needed: 90 / 65,5 − 1 = 37,4%: {draft}");
        assert_eq!(textarea(&html, "t:1:results"), "", "a draft enters the report only when someone takes it");

        // Taking it from the form saves what was typed with it.
        let v = field(&html, "version").expect("a version");
        let mut typed = vec![("version", v.as_str()), ("v:1.4:UBND-TINH", "43"), ("t:1:results", "Đã tổ chức 12 lớp tập huấn.")];
        typed.push(("take-draft", "1"));
        let (status, location) = ct.post(app, &format!("{path}/draft"), &typed).await;
        assert_eq!(status, 303, "{location}");
        assert!(location.contains("done=drafted"), "{location}");
        let (_, html) = ct.get(app, &path).await;
        let results = textarea(&html, "t:1:results");
        assert!(results.starts_with("Đã tổ chức 12 lớp tập huấn.\n\nNăm 2019, chỉ tiêu 1.1 ("), "{results}");
        assert!(results.contains("đạt 65,5%, tăng 8,5 điểm phần trăm so với năm 2018 (57%)."), "plain text in the report: {results}");
        assert!(html.contains("value=\"43\""), "the figure typed on the way is saved too");
        // Taken twice, it is not written twice.
        let v = field(&html, "version").expect("a version");
        assert_eq!(ct.post(app, &format!("{path}/draft"), &[("version", v.as_str()), ("take-draft", "1")]).await.0, 303);
        let (_, html) = ct.get(app, &path).await;
        assert_eq!(textarea(&html, "t:1:results").matches("Năm 2019, chỉ tiêu 1.1").count(), 1);

        let (_, trail) = ct.get(app, &format!("{path}/audit")).await;
        assert!(trail.contains("Đưa bản nháp của Xanh vào") && trail.contains("Bản nháp do Xanh soạn từ số liệu; người này đã xem và đưa vào báo cáo."), "the trail says it was drafted and taken");
        let report: i64 = path.trim_start_matches("/reports/").parse().expect("an id");
        let rows = round.db.store.audit_trail("narrative", &format!("{report}/1/results")).await.expect("the trail");
        assert!(rows.iter().any(|r| r.action == "take_draft" && r.actor == "ct"), "taken by ct");

        // Only the report's own officer may take it.
        let dpi = login(app, "dpi").await;
        let (status, _) = dpi.post(app, &format!("{path}/draft"), &[("version", "1"), ("take-draft", "1")]).await;
        assert_eq!(status, 403);
    }

    async fn the_consolidator_takes_the_opening_summary_and_the_sample_issued_report_carries_its_drafts(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let (status, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert_eq!(status, 303, "{location}");
        let (_, page) = dpi.get(&app, &location).await;
        let summary = page.split("id=\"draft-summary\"").nth(1).expect("a drafted summary").split("</details>").next().expect("its end");
        assert!(summary.contains("Năm 2018, trong ") && summary.contains("chỉ tiêu được theo dõi"), "{summary}");
        assert!(summary.contains("4/4 cơ quan, đơn vị đã gửi báo cáo."), "{summary}");
        assert!(page.contains("id=\"draft-1\""), "and a draft per objective");
        let version = field(&page, "version").expect("a revision");
        let (status, done) = dpi.post(&app, &format!("{location}/save"), &[("version", &version), ("summary-text", ""), ("take-draft", "summary")]).await;
        assert_eq!(status, 303, "{done}");
        let (_, page) = dpi.get(&app, &location).await;
        assert!(textarea(&page, "summary-text").starts_with("Năm 2018, trong "), "the summary is in the draft version");
        let id = location.trim_start_matches("/provincial-reports/");
        let trail = db.store.audit_trail("provincial_report", id).await.expect("the trail");
        assert!(trail.iter().any(|r| r.action == "take_draft" && r.actor == "demo-khdt" && r.field.as_deref() == Some("summary")), "drafted, and taken by the consolidator");

        // The sample's issued report of the new province's last full year.
        let periods = db.store.periods("quang-ngai-822-2023").await.expect("periods");
        let p2025 = periods.iter().find(|p| p.code == "annual-2025").expect("2025").id;
        let versions = db.store.provincial_reports(Some(p2025)).await.expect("versions");
        let issued = versions.iter().find(|r| r.state.as_str() == "issued").expect("the issued 2025 report");
        let trail = db.store.audit_trail("provincial_report", &issued.id.to_string()).await.expect("the trail");
        assert!(trail.iter().any(|r| r.action == "take_draft" && r.actor == "demo-tc"), "its drafts were taken by Sở Tài chính's consolidator");
        let pdf = reqwest::get(format!("{}/provincial-reports/{}/pdf", app.base, issued.id))
            .await.expect("answers").bytes().await.expect("the PDF");
        // Justified lines may carry wider spaces: compare words.
        let text = pdf_text(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains("Khái quát chung") && text.contains("Năm 2025, trong"), "the summary opens the results");
        assert!(text.contains("CHẤT LƯỢNG SỐ LIỆU"), "and the quality annex follows");
    }
}
