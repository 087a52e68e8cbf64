//! The consolidator's journey with the provincial report in a real browser:
//! compile, edit a paragraph, press Issue without saving, confirm; the issued
//! report and its PDF carry the edit. Screenshots at 1366 and 390 px wide are
//! kept in `artifacts/browser/`.

use crate::browser::fill;
use crate::harness::{DESKTOP, Driver, page_text, shot};
use crate::helpers::both_databases;
use fantoccini::{Client, Locator};

async fn click(b: &Client, id: &str) {
    b.find(Locator::Id(id))
        .await
        .unwrap_or_else(|_| panic!("#{id}"))
        .click()
        .await
        .expect("clicked");
}

/// Screenshots of the page at a desktop and a phone width, scrolled to `anchor` if given.
async fn shots(b: &Client, name: &str, anchor: Option<&str>) {
    for (width, label) in [(1366, "1366"), (390, "390")] {
        b.set_window_size(width, 1100).await.expect("window size");
        if let Some(id) = anchor {
            b.execute(
                &format!("document.getElementById('{id}').scrollIntoView();"),
                vec![],
            )
            .await
            .expect("scrolled");
        }
        shot(b, &format!("{name}-{label}")).await;
        let sideways = b
            .execute(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .expect("script");
        assert_eq!(
            sideways.as_bool(),
            Some(false),
            "{name} does not scroll sideways at {width} px"
        );
    }
    b.set_window_size(1366, 1100).await.expect("window size");
}

both_databases! {
    async fn the_consolidator_issues_an_edited_report_without_saving_first_and_the_edit_is_issued(db) {
        let (app, password, p2018) = crate::people::sample(&db).await;
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        let b = driver.browser(DESKTOP).await;
        b.goto(&format!("{}/login", app.base)).await.expect("login page");
        fill(&b, "username", "demo-khdt").await;
        fill(&b, "password", &password).await;
        click(&b, "login").await;
        b.wait().for_element(Locator::Css("nav.account .who")).await.expect("signed in");

        b.goto(&format!("{}/provincial-reports", app.base)).await.expect("the list");
        click(&b, &format!("compile-{p2018}")).await;
        b.wait().for_element(Locator::Id("provincial-form")).await.expect("the draft");
        shots(&b, &format!("{tag}-provincial-01-draft"), None).await;

        let edit = "Năm 2018, Sở Kế hoạch và Đầu tư đã biên tập lại đoạn này trước khi ban hành.";
        fill(&b, "t:1:results", edit).await;
        fill(&b, "number", "16/BC-UBND").await;
        fill(&b, "date", "25/01/2019").await;
        fill(&b, "signer", "Nguyễn Văn A").await;
        shots(&b, &format!("{tag}-provincial-01-draft-issue-fields"), Some("issue-fields")).await;
        // Issue straight away: the edit was never saved on its own.
        click(&b, "issue").await;
        b.wait().for_element(Locator::Id("confirm-issue")).await.expect("a confirmation first");
        let confirm = page_text(&b).await;
        assert!(confirm.contains("không thể hoàn tác"), "the confirmation says what cannot be undone");
        assert!(confirm.contains("Kon Tum, ngày 25 tháng 01 năm 2019"));
        shots(&b, &format!("{tag}-provincial-02-confirm"), None).await;

        click(&b, "confirm-issue").await;
        b.wait().for_element(Locator::Id("official-document")).await.expect("the issued report");
        let issued = page_text(&b).await;
        for expected in [edit, "Số: 16/BC-UBND", "Kon Tum, ngày 25 tháng 01 năm 2019", "TỈNH KON TUM", "Nguyễn Văn A", "Đã ban hành"] {
            assert!(issued.contains(expected), "the issued report shows {expected:?}");
        }
        shots(&b, &format!("{tag}-provincial-03-issued"), None).await;
        shots(&b, &format!("{tag}-provincial-04-issued-signature"), Some("official-signature")).await;

        let url = b.current_url().await.expect("url");
        let pdf = reqwest::get(format!("{}{}/pdf", app.base, url.path())).await.expect("answers").bytes().await.expect("the PDF");
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("issued.pdf");
        std::fs::write(&path, &pdf).expect("saved");
        let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext runs");
        let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(edit), "the PDF carries the edit");
        b.close().await.expect("browser closed");
    }
}
