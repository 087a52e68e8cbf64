//! The reporting round in a real browser (headless Chromium through
//! chromedriver), as a new user would do it. Screenshots are kept in
//! `artifacts/browser/` for a person to look at.

use crate::harness::{DESKTOP, Driver, PHONE, holds, page_text, shot, sign_in, sign_out};
use crate::helpers::both_databases;
use crate::people::{PASSWORD, round};
use fantoccini::{Client, Locator};

pub(crate) async fn fill(b: &Client, name: &str, text: &str) {
    let el = b
        .find(Locator::Css(&format!("[name='{name}']")))
        .await
        .unwrap_or_else(|_| panic!("field {name}"));
    el.clear().await.expect("cleared");
    el.send_keys(text).await.expect("typed");
}

/// Waits until the page is the result of this action (`?done=ACTION`), not the
/// page before it, which may still show an older message.
pub(crate) async fn wait_done(b: &Client, action: &str) {
    for _ in 0..100 {
        let url = b.current_url().await.expect("url");
        if url
            .query()
            .is_some_and(|q| q.contains(&format!("done={action}")))
        {
            b.wait()
                .for_element(Locator::Id("flash"))
                .await
                .expect("the message");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page after {action} did not come");
}

both_databases! {
    async fn an_officer_and_the_consolidator_complete_a_round_in_the_browser(db) {
        let round = round(db).await;
        let base = round.app.base.clone();
        let driver = Driver::start();
        let b = driver.browser(DESKTOP).await;
        let tag = if round.db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };

        sign_in(&b, &base, "ct", PASSWORD).await;
        shot(&b, &format!("{tag}-01-officer-home")).await;
        // Opening the report is a GET that writes nothing; starting it is a button (a POST).
        b.find(Locator::Css("button[id^='start-report-']")).await.expect("the due report is on the home page").click().await.expect("clicked");
        b.wait().for_element(Locator::Id("report-form")).await.expect("the report");
        fill(&b, "v:1.1:UBND-TINH", "65,5").await;
        fill(&b, "v:1.2:UBND-TINH", "34,25").await;
        fill(&b, "v:1.3:UBND-TINH", "9,5").await;
        fill(&b, "v:1.4:UBND-TINH", "1.234").await;
        fill(&b, "t:1:results", "Năm 2019, Sở Công thương đã hỗ trợ 15 cơ sở áp dụng sản xuất sạch hơn.").await;
        b.find(Locator::Id("save")).await.expect("save").click().await.expect("clicked");
        b.wait().for_element(Locator::Id("errors")).await.expect("an error for the ambiguous 1.234");
        shot(&b, &format!("{tag}-02-ambiguous-number")).await;
        assert!(page_text(&b).await.contains("có thể hiểu là hàng nghìn hoặc số thập phân"));
        // Corrected, and submitted straight away without saving first: the
        // submit carries the typed value, which must not be lost.
        fill(&b, "v:1.4:UBND-TINH", "42").await;
        b.find(Locator::Id("submit")).await.expect("submit").click().await.expect("clicked");
        wait_done(&b, "submit").await;
        shot(&b, &format!("{tag}-03-submitted")).await;
        assert!(page_text(&b).await.contains("Đã gửi"));
        let sent = b.find(Locator::Id("v:1.4:UBND-TINH")).await.expect("the value").text().await.expect("text");
        assert_eq!(sent, "42", "the value typed just before submitting was submitted");
        let report_url = b.current_url().await.expect("url").path().to_string();
        sign_out(&b).await;

        sign_in(&b, &base, "dpi", PASSWORD).await;
        b.goto(&format!("{base}/periods/{}", round.period)).await.expect("overview");
        shot(&b, &format!("{tag}-04-overview")).await;
        b.goto(&format!("{base}{report_url}")).await.expect("report");
        fill(&b, "reason", "Đề nghị bổ sung nguồn số liệu của chỉ tiêu 1.2.").await;
        b.find(Locator::Id("return")).await.expect("return").click().await.expect("clicked");
        wait_done(&b, "return").await;
        shot(&b, &format!("{tag}-05-returned")).await;
        sign_out(&b).await;

        sign_in(&b, &base, "ct", PASSWORD).await;
        b.goto(&format!("{base}{report_url}")).await.expect("report");
        assert!(page_text(&b).await.contains("Đề nghị bổ sung nguồn số liệu của chỉ tiêu 1.2."));
        fill(&b, "n:1.2:UBND-TINH", "Điều tra doanh nghiệp năm 2019").await;
        b.find(Locator::Id("save")).await.expect("save").click().await.expect("clicked");
        wait_done(&b, "saved").await;
        b.find(Locator::Id("submit")).await.expect("submit").click().await.expect("clicked");
        wait_done(&b, "submit").await;
        sign_out(&b).await;

        sign_in(&b, &base, "dpi", PASSWORD).await;
        b.goto(&format!("{base}{report_url}")).await.expect("report");
        b.find(Locator::Id("accept")).await.expect("accept").click().await.expect("clicked");
        // Accepting cannot be undone by the agency: a confirmation says so first.
        b.wait().for_element(Locator::Id("confirm")).await.expect("the confirmation step");
        assert!(page_text(&b).await.contains("không sửa được báo cáo nữa"));
        shot(&b, &format!("{tag}-05b-confirm-accept")).await;
        b.find(Locator::Id("confirm")).await.expect("confirm").click().await.expect("clicked");
        wait_done(&b, "accept").await;
        assert!(page_text(&b).await.contains("Đã tiếp nhận"));
        b.goto(&format!("{base}{report_url}/audit")).await.expect("audit");
        shot(&b, &format!("{tag}-06-audit-trail")).await;
        let trail = page_text(&b).await;
        for step in ["Đã gửi", "Trả lại, yêu cầu bổ sung", "Đã tiếp nhận", "Điều tra doanh nghiệp năm 2019", "65,5"] {
            assert!(trail.contains(step), "the audit trail shows {step}");
        }
        b.close().await.expect("browser closed");
    }
}

both_databases! {
    async fn the_public_portal_renders_the_picture_with_the_sample_data_in_a_browser(db) {
        let out = crate::helpers::xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
        assert!(out.status.success());
        let mut state = xanh_web::AppState::new(db.store.clone());
        state.settings.demo = true;
        let app = crate::helpers::TestApp::start_with(state).await;
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        let b = driver.browser(DESKTOP).await;
        for (name, path, expect) in [
            // A newcomer lands on the plan in force: the new province's.
            ("portal-framework", "/", "KẾ HOẠCH HÀNH ĐỘNG TĂNG TRƯỞNG XANH TỈNH QUẢNG NGÃI"),
            ("portal-overview", "/dashboard", "Tình hình thực hiện mục tiêu — 2025"),
            ("portal-indicator-eras", "/indicators/2.3.1?year=2026", "Đơn vị báo cáo thay đổi trong kỳ kế hoạch"),
            ("portal-commune", "/units/X23341", "Huyện Đắk Glei"),
            // The 2014 framework, the history, by its address.
            ("portal-framework-2014", "/?framework=kon-tum-598-2014", "KHUNG THEO DÕI"),
            ("portal-overview-2014", "/dashboard?framework=kon-tum-598-2014&year=2018", "Tình hình thực hiện mục tiêu — 2018"),
            ("portal-indicator", "/indicators/LN.1?framework=kon-tum-598-2014&year=2018", "Tỷ lệ che phủ rừng"),
            ("portal-unit", "/units/SO-CT?framework=kon-tum-598-2014&year=2018", "Sở Công thương"),
            ("portal-district", "/units/H-DAKHA?framework=kon-tum-598-2014&year=2018", "Đắk Hà"),
            ("portal-reports", "/provincial-reports", "Báo cáo tổng hợp của tỉnh"),
        ] {
            b.goto(&format!("{}{path}", app.base)).await.expect("page");
            let text = page_text(&b).await;
            assert!(text.contains(expect), "{path} shows {expect}");
            let banner = b.find(Locator::Css(".demo-banner")).await.expect("the sample-data banner").text().await.expect("text");
            assert!(banner.contains("DỮ LIỆU MẪU"), "{path} says it is sample data");
            shot(&b, &format!("{tag}-{name}")).await;
        }
        // The chart is a real image the browser could load and draw.
        b.goto(&format!("{}/indicators/LN.1?framework=kon-tum-598-2014&year=2018", app.base)).await.expect("page");
        let width = b
            .execute("const i = document.querySelector('figure.chart img'); return i && i.complete ? i.naturalWidth : 0;", vec![])
            .await
            .expect("script");
        assert_eq!(width.as_u64(), Some(720), "the trend chart loaded");
        b.close().await.expect("browser closed");
        // What the agencies wrote for a qualitative indicator, year by year:
        // the unit's name stays a word at both widths (it was squeezed to a
        // letter per line), and on a phone each year is a labelled line of a card.
        let texts = "/indicators/3.1?framework=kon-tum-598-2014&year=2018";
        // The line boxes of the unit's name ("Toàn tỉnh"): a word per line at most.
        let name_lines = "const h = document.querySelector('#values tbody th[scope=row]'); \
                          if (!h) return -1; const r = document.createRange(); r.selectNodeContents(h); \
                          return r.getClientRects().length;";
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            b.goto(&format!("{}{texts}", app.base)).await.expect("page");
            let lines = b.execute(name_lines, vec![]).await.expect("script").as_i64().expect("a count");
            assert!((1..=2).contains(&lines), "at {width} px the unit's name takes {lines} lines");
            if width == PHONE {
                let label = b
                    .execute("return getComputedStyle(document.querySelector('#values tbody td'), '::before').content;", vec![])
                    .await
                    .expect("script");
                assert_eq!(label.as_str(), Some("\"2014\""), "each text is labelled with its year");
                holds(&b, "qualitative texts as cards").await;
            }
            shot(&b, &format!("{tag}-indicator-texts-{width}")).await;
            b.close().await.expect("browser closed");
        }
        // A ward's own figures: the indicator's name keeps its width on a
        // phone (the column was squeezed to a letter per line), each
        // indicator a card with its value and status labelled.
        let ward = "/units/X21028?framework=quang-ngai-822-2023&year=2025";
        let name_width = "const h = document.querySelector('#unit-values tbody tr > :first-child'); \
                          return h ? Math.round(h.getBoundingClientRect().width) : -1;";
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            b.goto(&format!("{}{ward}", app.base)).await.expect("page");
            let w = b.execute(name_width, vec![]).await.expect("script").as_i64().expect("a width");
            assert!(w >= 250, "at {width} px the indicator's name is {w} px wide");
            if width == PHONE {
                let label = b
                    .execute("return getComputedStyle(document.querySelector('#unit-values tbody td'), '::before').content;", vec![])
                    .await
                    .expect("script");
                assert_eq!(label.as_str(), Some("\"Giá trị\""), "the value is labelled");
                holds(&b, "a ward's figures as cards").await;
            }
            shot(&b, &format!("{tag}-unit-ward-{width}")).await;
            b.close().await.expect("browser closed");
        }
    }
}
