//! December 2026 in the new Quảng Ngãi province, walked in a real browser
//! over the sample data set (both plans): Sở Tài chính's consolidator finds
//! this year's period of the plan in force first, named by its plan, above
//! Kon Tum's old open period; reviews Sở Công Thương's report and accepts it
//! after confirming; Sở Xây dựng's officer finds the report that came back
//! with its comment, adds the source asked for and sends it again; the
//! consolidator then finds it waiting, on a phone. Screenshots are kept.

use crate::browser::{fill, wait_done};
use crate::harness::{DESKTOP, Driver, PHONE, axe, overflow, page_text, shot, sign_in, sign_out};
use crate::helpers::both_databases;
use fantoccini::{Client, Locator};

async fn holds(b: &Client, what: &str) {
    assert!(
        !overflow(b).await.scrolls_sideways(),
        "{what} scrolls sideways"
    );
    let found = axe(b).await;
    assert!(found.is_empty(), "{what}: {found:#?}");
}

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
        b.wait().for_element(Locator::Id("accept")).await.expect("the report, with its review buttons");
        let report = page_text(&b).await;
        assert!(report.contains("Sở Công Thương") && report.contains("2.1.2"), "the report of Sở Công Thương: {report}");
        holds(&b, "the report under review").await;
        b.find(Locator::Id("accept")).await.expect("accept").click().await.expect("clicked");
        b.wait().for_element(Locator::Id("confirm")).await.expect("the confirmation step");
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
        b.wait().for_element(Locator::Id("report-form")).await.expect("the report form");
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
}
