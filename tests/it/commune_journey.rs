//! The chain of reports in a real browser, December 2026 in the new Quảng
//! Ngãi province: phường Nghĩa Lộ's officer (on a phone) sends the ward's
//! forest figures to Sở Nông nghiệp và Môi trường; the department returns
//! them with a comment; the ward corrects the land area and sends again; the
//! department accepts after confirming, finds the ward's figures in its own
//! report marked with their source, and sends its report naming the communes
//! still missing; Sở Tài chính reads that list and accepts. Each page is
//! checked with axe and for sideways scrolling; screenshots are kept.

use crate::browser::{fill, wait_done};
use crate::harness::{DESKTOP, Driver, PHONE, holds, page_text, shot, sign_in, sign_out, wait_for};
use crate::helpers::both_databases;
use fantoccini::{Client, Locator};

async fn click(b: &Client, css: &str) {
    let el = b
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css}"));
    b.execute(
        "arguments[0].scrollIntoView({block: 'center'})",
        vec![serde_json::to_value(&el).expect("element")],
    )
    .await
    .expect("scrolled");
    el.click().await.unwrap_or_else(|_| panic!("clicked {css}"));
}

both_databases! {
    async fn a_ward_sends_its_figures_up_through_its_department_to_the_consolidator(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let t = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let p = db.store.periods("quang-ngai-822-2023").await.expect("periods").iter().find(|p| p.code == "annual-2026").expect("2026").id;
        let driver = Driver::start();

        // 1. The ward's officer, on a phone: the report came back in the sample; it is sent again.
        let b = driver.browser(PHONE).await;
        sign_in(&b, &app.base, "demo-xa", &password).await;
        click(&b, "#returned a.button").await;
        wait_for(&b, Locator::Id("report-form"), "the ward's report").await;
        let text = page_text(&b).await;
        assert!(text.contains("Gửi đến: Sở NN&MT") && text.contains("16/12/2026"), "where it goes and by when: {text}");
        assert!(!text.contains("1.1 "), "only the ward's own indicators");
        fill(&b, "n:2.3.1:X21028", "Kết quả kiểm kê rừng năm 2026 (mẫu)").await;
        holds(&b, "the ward's report on a phone").await;
        shot(&b, &format!("{t}-journey-commune-1-ward-report-390")).await;
        click(&b, "#submit").await;
        wait_done(&b, "submit_below").await;
        assert!(page_text(&b).await.contains("Đã gửi báo cáo đến sở tiếp nhận"));
        sign_out(&b).await;

        // 2. The department finds it waiting on its home and returns it with a comment.
        let d = driver.browser(DESKTOP).await;
        sign_in(&d, &app.base, "demo-nnmt", &password).await;
        let home = page_text(&d).await;
        assert!(home.contains("Báo cáo của các xã") && home.contains("Xem xét báo cáo của: Nghĩa Lộ"), "{home}");
        holds(&d, "the department's home").await;
        shot(&d, &format!("{t}-journey-commune-2-department-home-1366")).await;
        let nl = db.store.reports_of_period(p).await.expect("reports").into_iter().find(|r| r.unit_code == "X21028").expect("Nghĩa Lộ").id;
        click(&d, &format!(".below-task a[href='/reports/{nl}']")).await;
        wait_for(&d, Locator::Id("return-reason"), "the review buttons").await;
        fill(&d, "reason", "Diện tích đất tự nhiên chưa khớp số liệu kiểm kê đất đai 2026; đề nghị kiểm tra lại.").await;
        click(&d, "#return").await;
        wait_done(&d, "return").await;

        // 3. The ward reads the comment, corrects the land area and sends again.
        sign_in(&b, &app.base, "demo-xa", &password).await;
        let returned = b.find(Locator::Id("returned")).await.expect("the returned report").text().await.expect("text");
        assert!(returned.contains("Diện tích đất tự nhiên chưa khớp"), "{returned}");
        holds(&b, "the ward's home with the comment").await;
        shot(&b, &format!("{t}-journey-commune-3-returned-390")).await;
        click(&b, "#returned a.button").await;
        wait_for(&b, Locator::Id("report-form"), "the ward's report").await;
        let area = db.store.values_of_period(p).await.expect("values").into_iter()
            .find(|v| v.unit_code == "X21028" && v.indicator_code == "2.3.3").and_then(|v| match v.value { Some(xanh_core::report::Value::Number(n)) => Some(n), _ => None }).expect("the stored land area");
        let corrected = area + 20.0;
        let typed = xanh_core::number::format_vi(corrected);
        fill(&b, "v:2.3.3:X21028", &typed).await;
        fill(&b, "n:2.3.3:X21028", "Theo kiểm kê đất đai năm 2026 (mẫu)").await;
        click(&b, "#submit").await;
        wait_done(&b, "submit_below").await;
        sign_out(&b).await;
        b.close().await.expect("closed");

        // 4. The department accepts after confirming; the figures are in its own report, with their source.
        d.goto(&format!("{}/reports/{nl}", app.base)).await.expect("the ward's report");
        click(&d, "#accept").await;
        wait_for(&d, Locator::Id("confirm"), "the confirmation").await;
        click(&d, "#confirm").await;
        wait_done(&d, "accept").await;
        d.goto(&format!("{}/home", app.base)).await.expect("home");
        click(&d, "a[id^='open-report-']").await;
        wait_for(&d, Locator::Id("report-form"), "the department's report").await;
        let cell = d.find(Locator::Id("v:2.3.3:X21028")).await.expect("the ward's row").text().await.expect("text");
        assert_eq!(cell, xanh_core::display::number(corrected, xanh_core::Lang::Vi), "the corrected figure, typed by the ward");
        let row = d.execute("return document.getElementById('v:2.3.3:X21028').closest('td').innerText", vec![]).await.expect("row");
        assert!(row.as_str().is_some_and(|r| r.contains("Từ báo cáo của xã, đã tiếp nhận")), "{row}");
        assert!(d.find(Locator::Css("input[name='v:2.3.3:X21028']")).await.is_err(), "the department does not type it");
        d.execute("document.getElementById('v:2.3.3:X21028').scrollIntoView({block: 'center'})", vec![]).await.expect("scrolled");
        holds(&d, "the department's report").await;
        shot(&d, &format!("{t}-journey-commune-4-prefilled-1366")).await;
        let phone = driver.browser(PHONE).await;
        sign_in(&phone, &app.base, "demo-nnmt", &password).await;
        phone.goto(d.current_url().await.expect("url").as_ref()).await.expect("the same report");
        phone.execute("document.getElementById('below').scrollIntoView({block: 'start'})", vec![]).await.expect("scrolled");
        holds(&phone, "the department's report on a phone").await;
        shot(&phone, &format!("{t}-journey-commune-4-department-390")).await;
        phone.close().await.expect("closed");

        // 5. It sends its report, naming the communes still missing.
        click(&d, "#submit").await;
        wait_for(&d, Locator::Id("confirm"), "asked first").await;
        let asked = page_text(&d).await;
        assert!(asked.contains("Gửi báo cáo khi còn thiếu") && asked.contains("Cẩm Thành"), "{asked}");
        holds(&d, "the confirmation naming the missing communes").await;
        shot(&d, &format!("{t}-journey-commune-5-missing-named-1366")).await;
        click(&d, "#confirm").await;
        wait_done(&d, "submit").await;
        sign_out(&d).await;

        // 6. Sở Tài chính reads the list with the report and accepts it; the overview shows the chain.
        sign_in(&d, &app.base, "demo-tc", &password).await;
        let home = page_text(&d).await;
        assert!(home.contains("Cấp xã gửi Sở NN&MT") && home.contains("/96 đã được sở tiếp nhận"), "the chain on the consolidator's home: {home}");
        let dept = db.store.reports_of_period(p).await.expect("reports").into_iter().find(|r| r.unit_code == "QN-SO-NNMT").expect("the department").id;
        d.goto(&format!("{}/reports/{dept}", app.base)).await.expect("the department's report");
        let text = page_text(&d).await;
        assert!(text.contains("Gửi khi còn thiếu báo cáo của:"), "{text}");
        click(&d, "#accept").await;
        wait_for(&d, Locator::Id("confirm"), "the confirmation").await;
        click(&d, "#confirm").await;
        wait_done(&d, "accept").await;
        d.goto(&format!("{}/periods/{p}", app.base)).await.expect("the overview");
        let overview = page_text(&d).await;
        assert!(overview.contains("Cấp xã: báo cáo gửi các sở") && overview.contains("/96 đã gửi"), "{overview}");
        d.execute("document.getElementById('levels').scrollIntoView({block: 'start'})", vec![]).await.expect("scrolled");
        holds(&d, "the consolidator's overview with the communes' level").await;
        shot(&d, &format!("{t}-journey-commune-6-overview-1366")).await;
        d.close().await.expect("closed");
        // The ward's accepted figure now counts in the province's picture.
        let v = db.store.values_of_period(p).await.expect("values").into_iter().find(|v| v.unit_code == "X21028" && v.indicator_code == "2.3.3").expect("the figure");
        assert_eq!(v.value, Some(xanh_core::report::Value::Number(corrected)));
        assert_eq!(db.store.report(dept).await.expect("read").state.as_str(), "accepted");
    }
}
