//! Data quality walked in headless Chromium, at 1366 and 390 px: the officer
//! types a share above its whole (rule R1 of the 2014 framework) and a figure
//! far from last year's; both are questioned with their sentences, answered
//! with notes, and the consolidator finds them listed and marked, with the
//! report's quality score. Screenshots are kept in `artifacts/browser/`.

use crate::browser::{fill, wait_done};
use crate::harness::{DESKTOP, Driver, PHONE, holds, page_text, shot, sign_in, sign_out, wait_for};
use crate::helpers::both_databases;
use crate::people::{PASSWORD, round};
use fantoccini::{Client, Locator};

async fn tick(b: &Client, name: &str) {
    b.execute(
        &format!(
            "document.querySelector(\"input[name='{name}']\").scrollIntoView({{block: 'center'}})"
        ),
        vec![],
    )
    .await
    .expect("scrolled");
    b.find(Locator::Css(&format!("input[name='{name}']")))
        .await
        .expect("the confirmation box")
        .click()
        .await
        .expect("ticked");
}

both_databases! {
    async fn an_inconsistent_and_an_unusual_figure_are_questioned_answered_and_shown_to_the_reviewer(db) {
        let round = round(db).await;
        let base = round.app.base.clone();
        // Last year's 1.3 (savings per unit of product): 4%.
        crate::people::put_figure(&round, round.other_period, "1.3", 4.0).await;
        let t = if round.db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        let mut report_url = String::new();
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            sign_in(&b, &base, "ct", PASSWORD).await;
            if report_url.is_empty() {
                b.find(Locator::Css("button[id^='start-report-']")).await.expect("the due report").click().await.expect("clicked");
                wait_for(&b, Locator::Id("report-form"), "the report form").await;
                report_url = b.current_url().await.expect("url").path().to_string();
            } else {
                b.goto(&format!("{base}{report_url}")).await.expect("the report");
                wait_for(&b, Locator::Id("report-form"), "the report form").await;
            }
            // 55% applying cleaner production, only 40% informed of it; and 9,5 for 1.3 (4% last year).
            // On the second walk other figures, since stored and answered ones are not asked again.
            let (informed, applying, saving) = if width == DESKTOP { ("40", "55", "9,5") } else { ("38", "52", "12") };
            fill(&b, "v:1.1:UBND-TINH", informed).await;
            fill(&b, "v:1.2:UBND-TINH", applying).await;
            fill(&b, "v:1.3:UBND-TINH", saving).await;
            fill(&b, "v:1.4:UBND-TINH", "42").await;
            b.find(Locator::Id("save")).await.expect("save").click().await.expect("clicked");
            wait_for(&b, Locator::Id("errors"), "the figures are questioned").await;
            let said = page_text(&b).await;
            assert!(said.contains("Số liệu không nhất quán (quy tắc R1)") && said.contains(&format!("(1.2 là {applying}%, lớn hơn 1.1 là {informed}%.)")), "{said}");
            assert!(said.contains("Giá trị này khác thường: hơn gấp đôi giá trị lớn nhất các năm trước (4)."), "{said}");
            let kept = b.find(Locator::Css("input[name='v:1.2:UBND-TINH']")).await.expect("the field").prop("value").await.expect("its value");
            assert_eq!(kept.as_deref(), Some(applying), "what was typed is kept");
            holds(&b, &format!("the questioned figures at {width} px")).await;
            shot(&b, &format!("{t}-quality-1-questioned-{width}")).await;
            tick(&b, "c:1.2:UBND-TINH").await;
            fill(&b, "n:1.2:UBND-TINH", "Khảo sát gồm cả cơ sở chưa được tuyên truyền").await;
            tick(&b, "c:1.3:UBND-TINH").await;
            fill(&b, "n:1.3:UBND-TINH", "Dây chuyền mới của nhà máy đường (mẫu)").await;
            b.find(Locator::Id("save")).await.expect("save").click().await.expect("clicked");
            wait_done(&b, "saved").await;
            let listed = b.find(Locator::Id("flagged")).await.expect("the list of figures to look at").text().await.expect("text");
            assert!(listed.contains("Không nhất quán (R1)") && listed.contains("Khác thường") && !listed.contains("Chưa giải trình"), "{listed}");
            let quality = b.find(Locator::Id("quality")).await.expect("the quality score").text().await.expect("text");
            assert!(quality.contains("nhất quán 0/1") && quality.contains("đã giải trình 2/2"), "{quality}");
            b.find(Locator::Id("submit")).await.expect("submit").click().await.expect("clicked");
            wait_done(&b, "submit").await;
            sign_out(&b).await;

            sign_in(&b, &base, "dpi", PASSWORD).await;
            b.goto(&format!("{base}{report_url}")).await.expect("the report");
            wait_for(&b, Locator::Id("flagged"), "the list for the reviewer").await;
            let text = page_text(&b).await;
            assert!(text.contains("Khảo sát gồm cả cơ sở chưa được tuyên truyền") && text.contains("Dây chuyền mới của nhà máy đường (mẫu)"), "the answers beside the marks");
            let mark = b.find(Locator::Id("flag:1.2:UBND-TINH")).await.expect("the rule's mark").text().await.expect("text");
            assert!(mark.contains("Không nhất quán (R1)") && mark.contains("Đã xác nhận, có ghi chú."), "{mark}");
            let mark = b.find(Locator::Id("flag:1.3:UBND-TINH")).await.expect("the unusual mark").text().await.expect("text");
            assert!(mark.contains("Khác thường"), "{mark}");
            holds(&b, &format!("the reviewer's report at {width} px")).await;
            shot(&b, &format!("{t}-quality-2-reviewer-{width}")).await;
            // The overview gives the same report its score.
            b.goto(&format!("{base}/periods/{}", round.period)).await.expect("the overview");
            wait_for(&b, Locator::Id("overview"), "the overview").await;
            let cell = b.find(Locator::Css("td[data-quality='SO-CT']")).await.expect("the score").text().await.expect("text");
            assert!(cell.contains("/100") && cell.contains("nhất quán 0/1"), "{cell}");
            holds(&b, &format!("the overview at {width} px")).await;
            shot(&b, &format!("{t}-quality-3-overview-{width}")).await;
            if width == DESKTOP {
                // Back to the officer for the phone walk.
                let id: i64 = report_url.trim_start_matches("/reports/").parse().expect("an id");
                let report = round.db.store.report(id).await.expect("the report");
                let dpi = round.db.store.user_for_login("dpi").await.expect("read").expect("exists").0.actor();
                round.db.store.change_report_state(id, Some(report.version), xanh_core::workflow::Action::Return, Some("Xem lại (thử)."), &dpi).await.expect("returned");
            }
            sign_out(&b).await;
            b.close().await.expect("closed");
        }
    }
}

both_databases! {
    async fn drafted_paragraphs_are_offered_taken_and_read_at_both_widths(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let t = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        let p2025 = db.store.periods("quang-ngai-822-2023").await.expect("periods")
            .iter().find(|p| p.code == "annual-2025").expect("2025").id;
        let mut draft_url = String::new();
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            // Sở KH&CN's officer reads the draft of objective 2.2 and takes it.
            sign_in(&b, &app.base, "demo-qn-khcn", &password).await;
            b.find(Locator::Css("a[id^='open-report-']")).await.expect("the draft on the home").click().await.expect("clicked");
            wait_for(&b, Locator::Id("report-form"), "the report form").await;
            b.execute("document.getElementById('draft-2.2').open = true; document.getElementById('draft-2.2').scrollIntoView({block: 'start'})", vec![]).await.expect("opened");
            let draft = b.find(Locator::Css("#draft-2\\.2 .draft-text")).await.expect("the draft").text().await.expect("text");
            assert!(draft.starts_with("Năm 2026, chỉ tiêu 2.2.1 (") || draft.starts_with("Chỉ tiêu 2.2.1 ("), "{draft}");
            holds(&b, &format!("the officer's draft at {width} px")).await;
            shot(&b, &format!("{t}-drafts-1-officer-{width}")).await;
            b.find(Locator::Id("take-draft-2.2")).await.expect("the button").click().await.expect("clicked");
            wait_done(&b, "drafted").await;
            let taken = b.find(Locator::Css("textarea[name='t:2.2:results']")).await.expect("the results").prop("value").await.expect("value").unwrap_or_default();
            assert!(taken.contains("2.2.1"), "{taken}");
            assert_eq!(taken.matches("chỉ tiêu 2.2.1").count() + taken.matches("Chỉ tiêu 2.2.1").count(), 1, "taken once, even on the second walk: {taken}");
            sign_out(&b).await;

            // Sở Tài chính's consolidator compiles 2025 again and takes the opening summary.
            sign_in(&b, &app.base, "demo-tc", &password).await;
            if draft_url.is_empty() {
                b.goto(&format!("{}/provincial-reports", app.base)).await.expect("the list");
                b.find(Locator::Id(&format!("compile-{p2025}"))).await.expect("compile 2025").click().await.expect("clicked");
                wait_for(&b, Locator::Id("provincial-form"), "the draft").await;
                draft_url = b.current_url().await.expect("url").path().to_string();
            } else {
                b.goto(&format!("{}{draft_url}", app.base)).await.expect("the draft");
                wait_for(&b, Locator::Id("provincial-form"), "the draft").await;
            }
            b.execute("document.getElementById('draft-summary').open = true", vec![]).await.expect("opened");
            let summary = b.find(Locator::Css("#draft-summary .draft-text")).await.expect("the summary").text().await.expect("text");
            assert!(summary.starts_with("Năm 2025, trong "), "{summary}");
            holds(&b, &format!("the consolidator's draft at {width} px")).await;
            shot(&b, &format!("{t}-drafts-2-consolidator-{width}")).await;
            b.find(Locator::Id("take-draft-summary")).await.expect("the button").click().await.expect("clicked");
            wait_done(&b, "drafted").await;
            let text = b.find(Locator::Id("summary-text")).await.expect("the summary field").prop("value").await.expect("value").unwrap_or_default();
            assert!(text.starts_with("Năm 2025, trong "), "{text}");
            shot(&b, &format!("{t}-drafts-3-taken-{width}")).await;
            sign_out(&b).await;
            b.close().await.expect("closed");
        }
    }
}
