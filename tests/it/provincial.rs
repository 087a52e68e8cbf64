//! The provincial report's journey over HTTP: compiled, edited, issued after
//! a confirmation, then fixed; a stale save refused with the typed text kept;
//! a stored text that does not read never overwritten; the official header
//! and date line on the issued report's page as in its PDF.

use crate::helpers::both_databases;
use crate::people::field;

/// The draft's page and the revision its form was made from.
async fn draft(
    app: &crate::helpers::TestApp,
    dpi: &crate::people::Person,
    location: &str,
) -> (String, String) {
    let (status, page) = dpi.get(app, location).await;
    assert_eq!(status, 200, "{location}");
    let version = field(&page, "version").expect("the draft's form names its revision");
    (page, version)
}

both_databases! {
    async fn the_provincial_reports_api_lists_the_issued_ones_for_all_and_drafts_for_the_consolidator(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let (status, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert_eq!(status, 303, "{location}");
        let draft_id: i64 = location.trim_start_matches("/provincial-reports/").parse().expect("an id");
        let list = |token: Option<String>| {
            let mut r = app.client.get(format!("{}/api/v1/provincial-reports", app.base));
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            async move {
                let r = r.send().await.expect("answers");
                assert_eq!(r.status(), 200);
                r.json::<serde_json::Value>().await.expect("JSON")["reports"].as_array().expect("reports").clone()
            }
        };
        // The public sees what is issued, never a draft, with its number and its documents.
        let public = list(None).await;
        assert!(!public.is_empty(), "the sample's issued 2018 report");
        assert!(public.iter().all(|r| r["state"] == "issued"), "no draft for the public");
        assert!(public.iter().all(|r| r["id"] != draft_id));
        let issued = &public[0];
        assert!(issued["number"].as_str().is_some_and(|n| n.contains("/BC-")), "{issued}");
        assert!(issued["period"]["label_vi"].is_string() && issued["framework"].is_string());
        let pdf = app.client.get(format!("{}{}", app.base, issued["pdf"].as_str().expect("a link"))).send().await.expect("the PDF");
        assert_eq!(pdf.status(), 200);
        assert!(pdf.bytes().await.expect("bytes").starts_with(b"%PDF"), "the link is the issued document");
        // The consolidator's token sees the draft too.
        let token = crate::concurrency::token_for(&db.store, "demo-khdt").await;
        let all = list(Some(token)).await;
        let draft = all.iter().find(|r| r["id"] == draft_id).expect("the draft is listed for the consolidator");
        assert_eq!(draft["state"], "draft");
        assert!(draft["number"].is_null(), "a draft has no number yet");
        assert!(all.len() > public.len());
    }

    async fn the_provincial_report_is_compiled_edited_and_issued_after_a_confirmation_then_fixed(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;

        let (status, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert_eq!(status, 303, "{location}");
        let (page, version) = draft(&app, &dpi, &location).await;
        assert!(page.contains("Dự thảo báo cáo tổng hợp"));
        assert!(page.contains("Năm 2018, các nhiệm vụ của mục tiêu 1"), "the lead agency's narrative is compiled in");
        assert!(page.contains("nguồn") && page.contains("Sở Công thương"), "with who wrote it");
        assert!(page.contains("id=\"indicator-table\"") && page.contains("Cần đẩy nhanh"), "and the indicator table with statuses");
        assert!(
            page.contains("value=\"Đánh giá tình hình thực hiện Kế hoạch hành động tăng trưởng xanh năm 2018\""),
            "the subject line comes from the framework and does not repeat the title"
        );
        let (status, _) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert_eq!(status, 422, "one draft at a time");

        let anonymous = crate::people::client();
        let public = anonymous.get(format!("{}{location}", app.base)).send().await.expect("answers");
        assert_eq!(public.status(), 404, "a draft is not public");

        let id = location.trim_start_matches("/provincial-reports/");
        let (status, _) = dpi.post(&app, &format!("/provincial-reports/{id}/save"), &[
            ("version", &version), ("t:1:results", "Nội dung đã được cơ quan tổng hợp biên tập."),
        ]).await;
        assert_eq!(status, 303);

        // Issue from the draft's form with a further edit not saved: the edit is saved, then a confirmation.
        let (_, version) = draft(&app, &dpi, &location).await;
        let (status, page) = dpi.post(&app, &format!("/provincial-reports/{id}/issue"), &[
            ("version", &version), ("t:1:results", "Nội dung đã được cơ quan tổng hợp biên tập lần cuối."),
            ("number", "05/BC-UBND"), ("date", "31/02/2019"), ("signer", "Nguyễn Văn A"),
        ]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Ngày ban hành không hợp lệ"));
        assert!(page.contains("biên tập lần cuối.") && page.contains("value=\"05/BC-UBND\""), "what was typed is still there");
        let (_, version) = draft(&app, &dpi, &location).await;
        let (status, page) = dpi.post(&app, &format!("/provincial-reports/{id}/issue"), &[
            ("version", &version), ("t:1:results", "Nội dung đã được cơ quan tổng hợp biên tập lần cuối."),
            ("number", "05/BC-UBND"), ("date", "20/01/2019"), ("signer", "Nguyễn Văn A"),
        ]).await;
        assert_eq!(status, 200, "issuing asks first");
        assert!(page.contains("Xác nhận ban hành") && page.contains("không thể hoàn tác"), "and says what cannot be undone");
        assert!(page.contains("Kon Tum, ngày 20 tháng 01 năm 2019"));
        let still_draft = anonymous.get(format!("{}{location}", app.base)).send().await.expect("answers");
        assert_eq!(still_draft.status(), 404, "nothing is issued before the confirmation");
        let confirmed = field(&page, "version").expect("the confirmation names the revision it shows");
        let (status, done) = dpi.post(&app, &format!("/provincial-reports/{id}/issue"), &[
            ("version", &confirmed), ("number", "05/BC-UBND"), ("date", "20/01/2019"), ("signer", "Nguyễn Văn A"), ("confirm", "yes"),
        ]).await;
        assert_eq!(status, 303, "{done}");

        let issued = anonymous.get(format!("{}{location}", app.base)).send().await.expect("answers").text().await.expect("body");
        for expected in [
            "ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "Số: 05/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Kon Tum, ngày 20 tháng 01 năm 2019", "I. KẾT QUẢ ĐẠT ĐƯỢC", "biên tập lần cuối.",
            "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A", "Nơi nhận:", "UBND các huyện, thành phố", "Lưu: VT, KTTH.",
        ] {
            assert!(issued.contains(expected), "the issued report's page shows {expected:?} as its PDF does");
        }
        assert!(!issued.contains("20/01/2019"), "the date is written as in the document, not dd/mm/yyyy");

        let (status, _) = dpi.post(&app, &format!("/provincial-reports/{id}/save"), &[("version", &confirmed), ("t:1:results", "Sửa sau khi ban hành")]).await;
        assert_eq!(status, 422, "an issued report is fixed");
        let (status, next) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert_eq!(status, 303, "a change needs a new version");
        let (_, later) = dpi.get(&app, &next).await;
        assert!(later.contains("Dự thảo báo cáo tổng hợp"));
        let list = anonymous.get(format!("{}/provincial-reports", app.base)).send().await.expect("answers").text().await.expect("body");
        assert!(list.contains("05/BC-UBND") && list.contains("20/01/2019"), "the public list shows the issued versions");
        assert!(!list.contains("Dự thảo"), "and no draft");
    }

    async fn a_stale_save_of_the_provincial_report_is_refused_and_keeps_what_was_typed(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let (_, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        let id = location.trim_start_matches("/provincial-reports/");
        let (_, version) = draft(&app, &dpi, &location).await;
        // Two people open the same draft; the first saves.
        let (status, _) = dpi.post(&app, &format!("/provincial-reports/{id}/save"), &[("version", &version), ("t:1:results", "Bản của người thứ nhất.")]).await;
        assert_eq!(status, 303);
        let (status, page) = dpi.post(&app, &format!("/provincial-reports/{id}/save"), &[("version", &version), ("t:1:results", "Bản của người thứ hai.")]).await;
        assert_eq!(status, 409, "the second save was made from an older text");
        assert!(page.contains("người khác thay đổi") && page.contains("Bản của người thứ hai."), "the second person's text is kept on the page");
        let (page, _) = draft(&app, &dpi, &location).await;
        assert!(page.contains("Bản của người thứ nhất.") && !page.contains("Bản của người thứ hai."), "the first save stands");
        // The same from the issue button: nothing saved, nothing issued.
        let (status, page) = dpi.post(&app, &format!("/provincial-reports/{id}/issue"), &[
            ("version", &version), ("t:1:results", "Bản thứ ba."), ("number", "06/BC-UBND"), ("date", "21/01/2019"), ("signer", "Nguyễn Văn A"),
        ]).await;
        assert_eq!(status, 409);
        assert!(page.contains("Bản thứ ba.") && !page.contains("Xác nhận ban hành"));
    }

    async fn a_provincial_report_whose_stored_text_does_not_read_is_never_written_over(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let (_, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        let id: i64 = location.trim_start_matches("/provincial-reports/").parse().expect("an id");
        let (_, version) = draft(&app, &dpi, &location).await;
        sqlx::query("UPDATE provincial_reports SET body_json = $1 WHERE id = $2")
            .bind("{\"objectives\": [ this is not JSON")
            .bind(id)
            .execute(db.store.pool())
            .await
            .expect("a damaged text");
        let (status, page) = dpi.post(&app, &format!("/provincial-reports/{id}/save"), &[("version", &version), ("t:1:results", "Văn bản mới")]).await;
        assert_eq!(status, 409, "{page}");
        assert!(page.contains("không đọc được"), "says why: {page}");
        let stored = db.store.provincial_report(id).await.expect("the report");
        assert_eq!(stored.body_json, "{\"objectives\": [ this is not JSON", "the stored text is left as it was");
        let (status, page) = dpi.get(&app, &location).await;
        assert_eq!(status, 200);
        assert!(page.contains("không đọc được") && !page.contains("id=\"provincial-form\""), "the page says so and offers no form to overwrite it");
    }

    async fn a_fresh_sample_database_holds_an_issued_2018_report_whose_charts_stop_at_2018(db) {
        let (app, dpi, p2018) = crate::people::sample_consolidator(&db).await;
        let versions = db.store.provincial_reports(Some(p2018)).await.expect("versions");
        let issued = versions.iter().find(|r| r.state.as_str() == "issued").expect("an issued 2018 report in the sample data");
        assert_eq!(issued.number.as_deref(), Some("15/BC-UBND"));
        assert_eq!(issued.signer_name.as_deref(), Some("Nguyễn Văn A"));
        let (status, page, _) = app.get(&format!("/provincial-reports/{}", issued.id)).await;
        assert_eq!(status, 200);
        assert!(page.contains("Kon Tum, ngày 20 tháng 01 năm 2019"));

        // The 2019 report of SO-CT is accepted, then the 2018 report compiled again.
        let p2019 = db.store.periods("kon-tum-598-2014").await.expect("periods")
            .iter().find(|p| p.code == "annual-2019").expect("2019").id;
        let ct = db.store.reports_of_period(p2019).await.expect("reports")
            .into_iter().find(|r| r.unit_code == "SO-CT").expect("SO-CT's 2019 report");
        let (status, _) = dpi.post(&app, &format!("/reports/{}/accept", ct.id), &[("version", &ct.version.to_string()), ("confirmed", "yes")]).await;
        assert_eq!(status, 303, "the 2019 figures of indicator 1.1 are now published");
        let (_, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        let id: i64 = location.trim_start_matches("/provincial-reports/").parse().expect("an id");
        let draft = db.store.provincial_report(id).await.expect("the draft");
        let table: serde_json::Value = serde_json::from_str(&draft.indicators_json).expect("the table");
        let row = table.as_array().expect("rows").iter().find(|row| row["code"] == "1.1").expect("indicator 1.1");
        assert!(row["value"].as_str().is_some_and(|v| v.ends_with("(2018)")), "{row}");
        let chart = row["chart"].as_str().expect("its chart");
        // Each yearly value is a filled green dot; the sample data run 2014–2019.
        let dots = chart.split("<circle").skip(1)
            .filter(|c| c.split("/>").next().is_some_and(|c| c.to_ascii_lowercase().contains("#1b6b3a")))
            .count();
        assert_eq!(dots, 5, "the 2018 report's chart shows 2014–2018 and not the 2019 figure published since");
    }
}
