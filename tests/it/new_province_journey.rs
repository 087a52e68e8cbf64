//! December 2026 in the new Quảng Ngãi province, walked in a real browser
//! over the sample data set (both plans): Sở Tài chính's consolidator finds
//! this year's period of the plan in force first, named by its plan, above
//! Kon Tum's old open period; reviews Sở Công Thương's report and accepts it
//! after confirming; Sở Xây dựng's officer finds the report that came back
//! with its comment, adds the source asked for and sends it again; the
//! consolidator then finds it waiting, on a phone. Screenshots are kept.

use crate::browser::{fill, wait_done};
use crate::harness::{DESKTOP, Driver, PHONE, holds, page_text, shot, sign_in, sign_out, wait_for};
use crate::helpers::both_databases;
use fantoccini::{Client, Locator};

/// The text of the home's first open-period section: the one due soonest.
async fn first_period(b: &Client) -> String {
    b.find(Locator::Css("section.period-watch"))
        .await
        .expect("an open period on the home")
        .text()
        .await
        .expect("text")
}

both_databases! {
    async fn the_finance_department_reviews_this_years_reports_and_a_returned_one_comes_back(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let t = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        let b = driver.browser(DESKTOP).await;

        sign_in(&b, &app.base, "demo-tc", &password).await;
        let first = first_period(&b).await;
        for expected in ["Báo cáo năm 2026", "822/QĐ-UBND · 2021–2030", "Xem xét báo cáo: Sở Công Thương"] {
            assert!(first.contains(expected), "this year's period comes first, with {expected:?}: {first}");
        }
        let home = page_text(&b).await;
        assert!(home.contains("Báo cáo năm 2019") && home.contains("598/QĐ-UBND · 2011–2020"), "Kon Tum's open period is still there, named");
        holds(&b, "the consolidator's home").await;
        shot(&b, &format!("{t}-journey-new-province-1-consolidator-home-1366")).await;

        b.find(Locator::Css("section.period-watch ul.waiting a")).await.expect("the waiting report").click().await.expect("clicked");
        wait_for(&b, Locator::Id("accept"), "the report, with its review buttons").await;
        let report = page_text(&b).await;
        assert!(report.contains("Sở Công Thương") && report.contains("2.1.2"), "the report of Sở Công Thương: {report}");
        holds(&b, "the report under review").await;
        b.find(Locator::Id("accept")).await.expect("accept").click().await.expect("clicked");
        wait_for(&b, Locator::Id("confirm"), "the confirmation step").await;
        assert!(page_text(&b).await.contains("không sửa được báo cáo nữa"), "accepting says it cannot be undone");
        b.find(Locator::Id("confirm")).await.expect("confirm").click().await.expect("clicked");
        wait_done(&b, "accept").await;
        assert!(page_text(&b).await.contains("Đã tiếp nhận"));
        shot(&b, &format!("{t}-journey-new-province-2-accepted-1366")).await;
        sign_out(&b).await;

        // Sở Xây dựng's report came back: the comment is on the officer's home.
        sign_in(&b, &app.base, "demo-qn-xd", &password).await;
        let returned = b.find(Locator::Id("returned")).await.expect("the returned report on the home").text().await.expect("text");
        assert!(returned.contains("Đề nghị bổ sung nguồn số liệu (mẫu).") && returned.contains("2026"), "{returned}");
        holds(&b, "the officer's home with a returned report").await;
        shot(&b, &format!("{t}-journey-new-province-3-returned-1366")).await;
        b.find(Locator::Css("#returned a.button")).await.expect("revise").click().await.expect("clicked");
        wait_for(&b, Locator::Id("report-form"), "the report form").await;
        fill(&b, "n:3.2.1:UBND-QUANGNGAI", "Báo cáo của các công ty thoát nước đô thị năm 2026").await;
        b.find(Locator::Id("save")).await.expect("save").click().await.expect("clicked");
        wait_done(&b, "saved").await;
        b.find(Locator::Id("submit")).await.expect("submit").click().await.expect("clicked");
        wait_done(&b, "submit").await;
        assert!(page_text(&b).await.contains("Đã gửi"), "sent again");
        shot(&b, &format!("{t}-journey-new-province-4-resubmitted-1366")).await;
        sign_out(&b).await;
        b.close().await.expect("closed");

        // On a phone, the consolidator finds it waiting.
        let b = driver.browser(PHONE).await;
        sign_in(&b, &app.base, "demo-tc", &password).await;
        let first = first_period(&b).await;
        assert!(first.contains("Xem xét báo cáo: Sở Xây dựng"), "the resubmitted report waits: {first}");
        assert!(!first.contains("Xem xét báo cáo: Sở Công Thương"), "the accepted one no longer does");
        holds(&b, "the consolidator's home on a phone").await;
        shot(&b, &format!("{t}-journey-new-province-5-consolidator-home-390")).await;
        b.close().await.expect("closed");
    }

    async fn a_figure_typed_in_the_wrong_unit_is_flagged_confirmed_with_a_note_and_shown_to_the_reviewer(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let t = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            // Sở KH&CN's 2026 report is a draft; the digital economy was about 16% of GRDP in 2025.
            sign_in(&b, &app.base, "demo-qn-khcn", &password).await;
            b.find(Locator::Css("a[id^='open-report-']")).await.expect("the draft on the home").click().await.expect("clicked");
            wait_for(&b, Locator::Id("report-form"), "the report form").await;
            let report_url = b.current_url().await.expect("url").path().to_string();
            // 1,65 typed for 16,5: a tenth of last year's figure (on the second
            // walk 1,6, since a figure already stored and confirmed is not asked again).
            fill(&b, "v:2.2.1:UBND-QUANGNGAI", if width == DESKTOP { "1,65" } else { "1,6" }).await;
            b.find(Locator::Id("save")).await.expect("save").click().await.expect("clicked");
            wait_for(&b, Locator::Css(".field-error"), "the value is questioned").await;
            let said = page_text(&b).await;
            assert!(said.contains("Giá trị này khác thường: giảm 9") && said.contains("so với năm trước; các năm trước thay đổi không quá"), "{said}");
            holds(&b, &format!("the questioned value at {width} px")).await;
            shot(&b, &format!("{t}-journey-unusual-1-questioned-{width}")).await;
            // The officer checks the source: it is right this time (a new way of counting), says so and notes it.
            // As a person does on a phone: bring the box into the middle of the screen first.
            b.execute("document.querySelector(\"input[name='c:2.2.1:UBND-QUANGNGAI']\").scrollIntoView({block: 'center'})", vec![]).await.expect("scrolled");
            b.find(Locator::Css("input[name='c:2.2.1:UBND-QUANGNGAI']")).await.expect("the confirmation box").click().await.expect("ticked");
            fill(&b, "n:2.2.1:UBND-QUANGNGAI", "Cách tính mới theo hướng dẫn của Bộ (mẫu)").await;
            b.find(Locator::Id("save")).await.expect("save").click().await.expect("clicked");
            wait_done(&b, "saved").await;
            let mark = b.find(Locator::Id("flag:2.2.1:UBND-QUANGNGAI")).await.expect("the mark stays").text().await.expect("text");
            assert!(mark.contains("Đã xác nhận, có ghi chú."), "{mark}");
            b.find(Locator::Id("submit")).await.expect("submit").click().await.expect("clicked");
            wait_done(&b, "submit").await;
            sign_out(&b).await;
            // The reviewer sees why the figure stands out, beside the officer's note.
            sign_in(&b, &app.base, "demo-tc", &password).await;
            b.goto(&format!("{}{report_url}", app.base)).await.expect("the report");
            let mark = b.find(Locator::Id("flag:2.2.1:UBND-QUANGNGAI")).await.expect("the reviewer sees the mark").text().await.expect("text");
            assert!(mark.contains("Khác thường: giảm 9"), "{mark}");
            assert!(page_text(&b).await.contains("Cách tính mới theo hướng dẫn của Bộ (mẫu)"));
            b.execute("document.getElementById('flag:2.2.1:UBND-QUANGNGAI').scrollIntoView({block: 'center'})", vec![]).await.expect("scrolled");
            holds(&b, &format!("the reviewed report at {width} px")).await;
            shot(&b, &format!("{t}-journey-unusual-2-reviewer-{width}")).await;
            sign_out(&b).await;
            b.close().await.expect("closed");
            if width == DESKTOP {
                // The phone walk starts again from a draft: return the report to the officer.
                let id: i64 = report_url.trim_start_matches("/reports/").parse().expect("an id");
                let report = db.store.report(id).await.expect("the report");
                let tc = db.store.user_for_login("demo-tc").await.expect("read").expect("exists").0.actor();
                db.store.change_report_state(id, Some(report.version), xanh_core::workflow::Action::Return, Some("Xem lại (mẫu)."), &tc).await.expect("returned");
            }
        }
    }
}
