//! One series across frameworks: forest cover is LN.1 in the 2014 Kon Tum
//! framework and 2.3.1 in the new Quảng Ngãi plan, which says it continues
//! LN.1. Either page shows both series with both targets, in a browser too;
//! a link to an unknown framework or to another measure is refused by name.

use crate::harness::{DESKTOP, Driver, PHONE, chart_drawn, overflow, shot};
use crate::helpers::{TestDb, both_databases, xanh};

const QN: &str = "quang-ngai-822-2023";

fn qn_file() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/quang-ngai-822-2023.toml")
}

fn import(db: &TestDb, file: &std::path::Path) -> std::process::Output {
    xanh(
        &["framework", "import", file.to_str().expect("a path")],
        &[("XANH_DATABASE_URL", db.url.as_str())],
    )
}

/// 2025's forest cover and land area of every commune of the new province,
/// loaded as official statistics (accepted).
async fn forest_cover_2025(db: &TestDb) {
    crate::eras::forest(db, 2025, |i| {
        (40.0 + (i % 7) as f64, 5000.0 + 10.0 * i as f64)
    })
    .await;
}

both_databases! {
    async fn forest_cover_shows_as_one_series_from_2014_with_both_plans_targets(db) {
        let (app, _) = crate::crawl::demo_app(&db).await;
        let out = import(&db, &qn_file());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        forest_cover_2025(&db).await;

        // The new plan's page names the old indicator and links to it.
        let page = format!("/indicators/2.3.1?framework={QN}&year=2025");
        let (status, body, _) = app.get(&page).await;
        assert_eq!(status, 200);
        let body = body.replace("&#x2f;", "/").replace("&#47;", "/").replace("&amp;", "&");
        assert!(body.contains("id=\"continuity\""), "the page says it carries LN.1 on");
        assert!(body.contains("tiếp nối chỉ tiêu LN.1") && body.contains("598/QĐ-UBND"), "{body}");
        assert!(body.contains("/indicators/LN.1?framework=kon-tum-598-2014"), "and links to it");
        // Its chart draws both series and both targets, on one axis from 2014 to 2030.
        let (status, svg, _) = app.get(&format!("/indicators/2.3.1/chart.svg?framework={QN}&year=2025")).await;
        assert_eq!(status, 200);
        // The SVG writes each label on a line of its own.
        let svg = svg.replace('\n', "");
        for expected in ["598/QĐ-UBND · LN.1", "Mục tiêu (598/QĐ-UBND · LN.1)", "Thực hiện (822/QĐ-UBND · 2.3.1)",
                         "Mục tiêu (822/QĐ-UBND · 2.3.1)", ">2014<", ">2025<", ">2030<"] {
            assert!(svg.contains(expected), "the chart shows {expected}");
        }
        // And from the old side: LN.1 is carried on by 2.3.1, with the new plan's target.
        let (_, old, _) = app.get("/indicators/LN.1?framework=kon-tum-598-2014&year=2019").await;
        let old = old.replace("&#x2f;", "/").replace("&#47;", "/");
        assert!(old.contains("được tiếp tục bởi chỉ tiêu 2.3.1"), "the old page names its successor");
        let (_, old_svg, _) = app.get("/indicators/LN.1/chart.svg?framework=kon-tum-598-2014&year=2019").await;
        let old_svg = old_svg.replace('\n', "");
        assert!(old_svg.contains("822/QĐ-UBND · 2.3.1") && old_svg.contains(">2030<"), "both plans on the old chart too");

        // The new plan's 2025 report, compiled and issued: the new province, no district level,
        // signed as the framework says.
        let text = issued_2025_pdf_text(&db, &app).await;
        for expected in ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Quảng Ngãi, ngày", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                         "Bộ Tài chính", "UBND các xã, phường, đặc khu", "Lưu: VT, KTTH.", "Biểu đồ 2.3.1"] {
            assert!(text.contains(expected), "the 2025 report shows {expected:?}:\n{text}");
        }
        for absent in ["huyện", "Bộ Kế hoạch và Đầu tư", "KON TUM"] {
            assert!(!text.contains(absent), "the 2025 report names no {absent:?}:\n{text}");
        }

        // In a real browser, at a laptop's and a phone's width: the chart loads and fits.
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            b.goto(&format!("{}{page}", app.base)).await.expect("the page opens");
            assert!(chart_drawn(&b).await, "the joined chart is drawn at {width} px");
            assert!(!overflow(&b).await.scrolls_sideways(), "the page fits {width} px");
            shot(&b, &format!("{tag}-continuity-forest-cover-{width}")).await;
            b.execute("document.querySelector('#continuity').scrollIntoView()", vec![]).await.expect("scrolled");
            shot(&b, &format!("{tag}-continuity-forest-cover-chart-{width}")).await;
            // The home page lists both plans, the one in force first.
            b.goto(&format!("{}/", app.base)).await.expect("the home page opens");
            assert!(!overflow(&b).await.scrolls_sideways(), "the list of frameworks fits {width} px");
            shot(&b, &format!("{tag}-two-frameworks-home-{width}")).await;
            b.close().await.expect("closed");
        }
    }

    async fn a_continuation_of_another_measure_or_an_unloaded_framework_is_refused_by_name(db) {
        // Without Kon Tum, the link names a framework that is not loaded.
        let out = import(&db, &qn_file());
        assert!(!out.status.success(), "refused");
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(said.contains("2.3.1") && said.contains("kon-tum-598-2014") && said.contains("chưa được nạp"), "{said}");
        assert!(db.store.frameworks().await.expect("listed").is_empty(), "nothing is stored");

        // With both plans (the sample data set), a link to natural land area (ha) is not forest cover (%).
        let out = xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
        assert!(out.status.success());
        let text = std::fs::read_to_string(qn_file()).expect("read")
            .replace("indicator = \"LN.1\" }", "indicator = \"LN.2\" }");
        let dir = tempfile::tempdir().expect("a directory");
        let wrong = dir.path().join("qn.toml");
        std::fs::write(&wrong, text).expect("written");
        let out = import(&db, &wrong);
        assert!(!out.status.success(), "refused");
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(said.contains("đơn vị tính khác nhau") && said.contains("the units differ"), "{said}");
        // The sample data set holds both built-in plans; the refused file changed neither.
        let stored = db.store.frameworks().await.expect("listed");
        assert_eq!(stored.len(), 2, "Kon Tum and the built-in new plan");
        assert_eq!(db.store.framework(QN, None).await.expect("stored").version, 1, "the new plan is as built in");
    }
}

/// Compiles and issues the new plan's 2025 report as the consolidator would,
/// and reads its public PDF back as text (pdftotext).
async fn issued_2025_pdf_text(db: &TestDb, app: &crate::helpers::TestApp) -> String {
    use xanh_app::official::provincial::{Issue, compile_draft, issue_version};
    let user = db
        .store
        .users()
        .await
        .expect("users")
        .into_iter()
        .find(|u| u.username == "demo-khdt")
        .expect("the sample consolidator");
    let actor = xanh_core::access::Actor {
        user_id: user.id,
        username: user.username.clone(),
        role: xanh_core::access::Role::Consolidator,
        unit: user.unit_code.clone(),
    };
    let period = db
        .store
        .periods(QN)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.code == "annual-2025")
        .expect("2025")
        .id;
    let state = xanh_web::AppState::new(db.store.clone());
    let id = compile_draft(&state, period, &actor, xanh_core::Lang::Vi)
        .await
        .unwrap_or_else(|e| panic!("compiled: {}", e.en));
    let draft = db.store.provincial_report(id).await.expect("the draft");
    let issue = Issue {
        revision: draft.revision,
        number: "210/BC-UBND",
        date: time::macros::date!(2026 - 01 - 15),
        signer_name: "Nguyễn Văn B",
    };
    issue_version(&state, &draft, &issue, &actor)
        .await
        .expect("issued");
    let r = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base))
        .await
        .expect("answers");
    assert_eq!(r.status(), 200, "an issued report's PDF is public");
    let dir = tempfile::tempdir().expect("a directory");
    let pdf = dir.path().join("qn-2025.pdf");
    std::fs::write(&pdf, r.bytes().await.expect("body")).expect("saved");
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}
