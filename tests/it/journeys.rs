//! Journeys as the people walk them, in a real browser over the sample data
//! set, at a laptop's and a phone's width: a coordinating agency adds its
//! part, a leader reads where the plan stands, an administrator manages
//! accounts. (The officer's and consolidator's round is in `browser.rs`, the
//! provincial report's in `documents.rs` and its journey, the citizen's
//! portal in `browser.rs`.) Every page visited is checked for sideways
//! overflow and for serious accessibility violations; screenshots are kept in
//! `artifacts/browser/` for a person to look at.

use crate::harness::{
    DESKTOP, Driver, PHONE, holds, overflow, page_text, shot, sign_in, sign_out, wait_for,
};
use crate::helpers::both_databases;
use fantoccini::{Client, Locator};

fn tag(url: &str) -> &'static str {
    if url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    }
}

async fn click(b: &Client, locator: Locator<'_>, what: &str) {
    b.find(locator)
        .await
        .unwrap_or_else(|_| panic!("{what} is on the page"))
        .click()
        .await
        .expect("clicked");
}

async fn type_into(b: &Client, css: &str, text: &str) {
    let el = b
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("field {css}"));
    el.clear().await.expect("cleared");
    el.send_keys(text).await.expect("typed");
}

async fn value_of(b: &Client, css: &str) -> String {
    b.find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("field {css}"))
        .prop("value")
        .await
        .expect("a value")
        .unwrap_or_default()
}

both_databases! {
    async fn a_coordinating_agency_adds_its_part_on_a_phone_and_the_lead_agency_sees_it(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let t = tag(&db.url);
        let driver = Driver::start();
        let b = driver.browser(PHONE).await;
        sign_in(&b, &app.base, "demo-khcn", &password).await;
        let home = page_text(&b).await;
        assert!(home.contains("Đóng góp cho mục tiêu do cơ quan khác chủ trì"), "the home offers the contribution: {home}");
        holds(&b, "the coordinating officer's home on a phone").await;
        shot(&b, &format!("{t}-journey-contributor-1-home-phone")).await;
        click(&b, Locator::Css("a[href$='/contributions/1']"), "the contribution to objective 1").await;
        wait_for(&b, Locator::Id("figures"), "the contribution form").await;
        type_into(&b, "#figures", "12 doanh nghiệp được hỗ trợ đổi mới công nghệ").await;
        type_into(&b, "#body", "Sở KH&CN phối hợp thẩm định 12 dự án sản xuất sạch hơn năm 2019.").await;
        holds(&b, "the contribution form on a phone").await;
        click(&b, Locator::Id("save"), "the save button").await;
        wait_for(&b, Locator::Id("flash"), "saved").await;
        shot(&b, &format!("{t}-journey-contributor-2-saved-phone")).await;
        assert_eq!(value_of(&b, "#figures").await, "12 doanh nghiệp được hỗ trợ đổi mới công nghệ");
        sign_out(&b).await;

        // The lead agency (Sở Công thương leads objective 1) sees it inside its own report.
        sign_in(&b, &app.base, "demo-ct", &password).await;
        let link = b.find(Locator::Css("a[id^='open-report-']")).await.expect("the 2019 report on the home page");
        link.click().await.expect("clicked");
        wait_for(&b, Locator::Id("report-form"), "the report").await;
        let report = page_text(&b).await;
        assert!(report.contains("Sở KH&CN phối hợp thẩm định 12 dự án sản xuất sạch hơn năm 2019."), "the lead sees the contribution");
        holds(&b, "the officer's report on a phone").await;
        shot(&b, &format!("{t}-journey-contributor-3-lead-sees-it-phone")).await;
        b.close().await.expect("browser closed");
    }

    async fn a_leader_sees_where_reporting_stands_and_what_is_late_then_the_progress(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let t = tag(&db.url);
        let driver = Driver::start();
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            sign_in(&b, &app.base, "demo-lanhdao", &password).await;
            let home = page_text(&b).await;
            for expected in ["Đã nhận", "Quá hạn, chưa gửi", "Báo cáo tổng hợp của tỉnh", "Xem tình hình thực hiện"] {
                assert!(home.contains(expected), "the leader's home shows {expected}: {home}");
            }
            // Where the plan stands, first: the statuses of the indicators, as the dashboard counts them.
            let glance = b.find(Locator::Css("#plan-glance svg.bar")).await.expect("the plan at a glance on the leader's home");
            let glance = glance.attr("aria-label").await.expect("read").expect("the bar says what it shows");
            assert!(glance.contains("Đã đạt") || glance.contains("Đúng tiến độ"), "the glance counts statuses: {glance}");
            holds(&b, &format!("the leader's home at {width} px")).await;
            shot(&b, &format!("{t}-journey-leader-1-home-{width}")).await;
            // The period's overview: who has delivered; only accepted reports are offered to open.
            let overview = b.find(Locator::Css("main a[href^='/periods/']")).await.expect("the period overview link");
            overview.click().await.expect("clicked");
            wait_for(&b, Locator::Id("overview"), "the overview").await;
            let offered = b.find_all(Locator::Css("#overview a[href^='/reports/']")).await.expect("links").len();
            let accepted = b.find_all(Locator::Css("#overview .badge.accepted")).await.expect("badges").len();
            assert_eq!(offered, accepted, "a leader is offered exactly the accepted reports");
            holds(&b, &format!("the period overview for a leader at {width} px")).await;
            click(&b, Locator::Css("nav.main a[href='/dashboard']"), "the progress page").await;
            wait_for(&b, Locator::Css("main h1"), "the dashboard").await;
            let totals = b.find(Locator::Css("#totals svg.bar")).await.expect("the year's totals");
            let totals = totals.attr("aria-label").await.expect("read").expect("labelled");
            assert_eq!(glance, totals, "the home and the dashboard count the same statuses");
            shot(&b, &format!("{t}-journey-leader-2-dashboard-{width}")).await;
            let o = overflow(&b).await;
            assert!(!o.scrolls_sideways(), "the dashboard fits {width} px");
            sign_out(&b).await;
            b.close().await.expect("browser closed");
        }
    }

    async fn an_administrator_corrects_a_mistake_without_retyping_and_disables_an_account_after_confirming(db) {
        let (app, password) = crate::crawl::demo_app(&db).await;
        let t = tag(&db.url);
        let driver = Driver::start();
        let b = driver.browser(DESKTOP).await;
        sign_in(&b, &app.base, "demo-admin", &password).await;
        click(&b, Locator::Css("nav.main a[href='/admin/users']"), "the accounts page").await;
        wait_for(&b, Locator::Id("users"), "the accounts").await;
        holds(&b, "the accounts page").await;
        // An account name with capitals and a space is refused, and what was typed stays.
        type_into(&b, "#new-username", "Nguyen Van A").await;
        type_into(&b, "input[name='display_name']", "Nguyễn Văn A").await;
        type_into(&b, "input[name='email']", "nva@example.vn").await;
        type_into(&b, "#new-password", "mot-mat-khau-du-dai").await;
        b.find(Locator::Css("select[name='role'] option[value='officer']")).await.expect("role").click().await.expect("chosen");
        b.find(Locator::Css("select[name='unit'] option[value='SO-CT']")).await.expect("unit").click().await.expect("chosen");
        click(&b, Locator::Id("create-account"), "the create button").await;
        wait_for(&b, Locator::Id("error"), "the refusal").await;
        shot(&b, &format!("{t}-journey-admin-1-refused-kept")).await;
        assert!(page_text(&b).await.contains("Tên đăng nhập: 3–64 ký tự"));
        assert_eq!(value_of(&b, "input[name='display_name']").await, "Nguyễn Văn A", "the name typed is kept");
        assert_eq!(value_of(&b, "input[name='email']").await, "nva@example.vn", "the e-mail typed is kept");
        assert_eq!(value_of(&b, "select[name='unit']").await, "SO-CT", "the agency chosen is kept");
        assert_eq!(value_of(&b, "select[name='role']").await, "officer", "the role chosen is kept");
        type_into(&b, "#new-username", "nva").await;
        type_into(&b, "#new-password", "mot-mat-khau-du-dai").await;
        click(&b, Locator::Id("create-account"), "the create button").await;
        wait_for(&b, Locator::Id("user-nva"), "the new account is listed").await;
        let row = b.find(Locator::Id("user-nva")).await.expect("row").text().await.expect("text");
        assert!(row.contains("Cán bộ đơn vị báo cáo") && row.contains("Sở Công thương"), "role and agency by name: {row}");

        // Disabling asks first and says what happens; only the confirmation disables.
        click(&b, Locator::Css("#user-nva form[action$='/disable'] button"), "the disable button").await;
        wait_for(&b, Locator::Id("confirm"), "the confirmation").await;
        assert!(page_text(&b).await.contains("đăng xuất ngay"));
        holds(&b, "the confirmation page").await;
        shot(&b, &format!("{t}-journey-admin-2-confirm-disable")).await;
        click(&b, Locator::Id("confirm"), "the confirm button").await;
        wait_for(&b, Locator::Id("users"), "back to the accounts").await;
        let row = b.find(Locator::Id("user-nva")).await.expect("row").text().await.expect("text");
        assert!(row.contains("Đã khóa"), "the account shows as disabled: {row}");
        shot(&b, &format!("{t}-journey-admin-3-disabled")).await;
        sign_out(&b).await;
        b.goto(&format!("{}/login", app.base)).await.expect("login page");
        type_into(&b, "#username", "nva").await;
        type_into(&b, "#password", "mot-mat-khau-du-dai").await;
        click(&b, Locator::Id("login"), "the sign-in button").await;
        wait_for(&b, Locator::Css(".flash.error"), "refused").await;
        b.close().await.expect("browser closed");

        // On a phone each account is a card: its name keeps the card's width
        // (the columns were squeezed to a letter per line).
        let b = driver.browser(crate::harness::PHONE).await;
        sign_in(&b, &app.base, "demo-admin", &password).await;
        b.goto(&format!("{}/admin/users", app.base)).await.expect("the accounts page");
        wait_for(&b, Locator::Id("users"), "the accounts").await;
        let w = b
            .execute("return Math.round(document.querySelector('#users tbody tr > :first-child').getBoundingClientRect().width);", vec![])
            .await
            .expect("script")
            .as_i64()
            .expect("a width");
        assert!(w >= 250, "at 390 px an account's name is {w} px wide");
        holds(&b, "the accounts page on a phone").await;
        shot(&b, &format!("{t}-journey-admin-4-phone")).await;
        b.close().await.expect("browser closed");
    }
}
