//! Both eras in one framework: the new Quảng Ngãi plan's forest cover is
//! reported by the former province's districts for 2023–2024 and by the
//! communes from 2025. Each year's province figure is aggregated over the
//! units that existed then; the indicator page and its chart show the break;
//! progress is assessed on the comparable years; and through the official
//! register, a Kon Tum district's page names the communes that took over its
//! territory, and a commune's page the district it came from.

use crate::harness::{DESKTOP, Driver, PHONE, axe, chart_drawn, overflow, shot};
use crate::helpers::{TestDb, both_databases, xanh};
use xanh_core::framework::eras::territorial_units;
use xanh_core::report::Value;
use xanh_store::{BulkRow, BulkSource};

const QN: &str = "quang-ngai-822-2023";

struct Rows(Option<Vec<BulkRow>>);

impl BulkSource for Rows {
    fn next_batch(&mut self) -> Option<Vec<BulkRow>> {
        self.0.take()
    }
    fn is_clean(&self) -> bool {
        true
    }
}

/// Forest cover and land area of every unit reporting in `year` (the units
/// that exist on its data cut-off), from `of` (the unit's index among them →
/// cover %, area ha), loaded as accepted figures, as a bulk import does.
pub(crate) async fn forest(db: &TestDb, year: i32, of: impl Fn(usize) -> (f64, f64)) {
    let fw = db
        .store
        .framework(QN, None)
        .await
        .expect("stored")
        .framework;
    let period = db
        .store
        .periods(QN)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.code == format!("annual-{year}"))
        .expect("the period")
        .id;
    let mut rows = Vec::new();
    for (i, u) in territorial_units(&fw, year).into_iter().enumerate() {
        let (cover, area) = of(i);
        for (indicator, value) in [("2.3.1", cover), ("2.3.3", area)] {
            rows.push(BulkRow {
                period_id: period,
                indicator: indicator.into(),
                unit: u.code.clone(),
                reporter: "UBND-QUANGNGAI".into(),
                area: Some("UBND-QUANGNGAI".into()),
                value: Value::Number(value),
                note: None,
            });
        }
    }
    db.store
        .bulk_import(&mut Rows(Some(rows)), &format!("forest-{year}.csv"), "test")
        .await
        .expect("stored")
        .expect("clean");
}

fn plain(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// The element with this id, as its HTML up to the first `end` tag.
fn element<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("the page has #{id}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

both_databases! {
    async fn forest_cover_is_aggregated_over_districts_until_2024_and_communes_from_2025(db) {
        let (app, _) = crate::crawl::demo_app(&db).await;
        let env = [("XANH_DATABASE_URL", db.url.as_str())];
        let qn = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/quang-ngai-822-2023.toml");
        let out = xanh(&["framework", "import", qn.to_str().expect("a path")], &env);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = xanh(&["units", "import"], &env);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

        // 2024: 13 districts, 7 at 20% on 3,000 ha and 6 at 40% on 1,000 ha:
        // weighted by land area, (7·20·3000 + 6·40·1000) / 27000 = 24.44%
        // (the plain mean would be 29.23%).
        forest(&db, 2024, |i| if i % 2 == 0 { (20.0, 3000.0) } else { (40.0, 1000.0) }).await;
        // 2025 and 2026: the 96 communes, the former Kon Tum included.
        forest(&db, 2025, |i| (60.0, 500.0 + i as f64)).await;
        forest(&db, 2026, |i| (61.0, 500.0 + i as f64)).await;

        let page = format!("/indicators/2.3.1?framework={QN}&year=2026");
        let (status, html, _) = app.get(&page).await;
        assert_eq!(status, 200);
        let province = element(&html, "values", "</table>");
        let row = &province[province.find("Toàn tỉnh").expect("the province row")..];
        let row = &row[..row.find("</tr>").expect("a row")];
        for figure in ["24,44%", "60%", "61%"] {
            assert!(row.contains(figure), "the province row shows {figure}: {row}");
        }
        let eras = element(&html, "eras", "</div>");
        for said in ["2023–2024: 13 đơn vị cấp huyện", "2025–2030: 96 đơn vị cấp xã", "trên số liệu từ năm 2025"] {
            assert!(eras.contains(said), "the page says {said:?}: {eras}");
        }
        // The jump from 24% to 60% is the new territory, not growth: the
        // assessment starts at 2025.
        assert!(html.contains("Giá trị cơ sở 60% (2025)"), "{html}");

        let (_, svg, _) = app.get(&format!("/indicators/2.3.1/chart.svg?framework={QN}&year=2026")).await;
        let svg = svg.replace('\n', "");
        for expected in ["Đơn vị báo cáo: cấp xã từ 2025", "598/QĐ-UBND · LN.1", "Mục tiêu (822/QĐ-UBND · 2.3.1)", ">2014<", ">2026<"] {
            assert!(svg.contains(expected), "the chart shows {expected}");
        }

        // Through the register: the Kon Tum district and the commune that took its town.
        let (_, district, _) = app.get("/units/H-DAKGLEI?framework=kon-tum-598-2014").await;
        let district = plain(&district);
        let after = element(&district, "successors", "</p>");
        assert!(after.contains("/units/X23341?framework=quang-ngai-822-2023") && after.contains("Xã Đăk Pék"), "{after}");
        assert_eq!(after.matches("<a ").count(), 6, "Đắk Glei's communes went to six new communes: {after}");
        let (_, commune, _) = app.get(&format!("/units/X23341?framework={QN}")).await;
        let commune = plain(&commune);
        assert!(element(&commune, "predecessors", "</p>").contains("/units/H-DAKGLEI?framework=kon-tum-598-2014"));
        assert!(element(&commune, "formed-from", "</p>").contains("Thị trấn Đăk Glei (Huyện Đắk Glei)"));
        let (_, old_qn, _) = app.get(&format!("/units/QN-H-BINHSON?framework={QN}")).await;
        assert!(element(&plain(&old_qn), "successors", "</p>").contains("/units/X21040?framework=quang-ngai-822-2023"));

        // In a real browser, at both widths: the chart with the break, the eras, no sideways scroll.
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            b.goto(&format!("{}{page}", app.base)).await.expect("the page opens");
            assert!(chart_drawn(&b).await, "the chart is drawn at {width} px");
            assert!(!overflow(&b).await.scrolls_sideways(), "the page fits {width} px");
            if width == DESKTOP {
                let found = axe(&b).await;
                assert!(found.is_empty(), "accessibility: {found:?}");
            }
            b.execute("document.querySelector('figure.chart').scrollIntoView()", vec![]).await.expect("scrolled");
            shot(&b, &format!("{tag}-eras-forest-cover-2014-2026-{width}")).await;
            b.goto(&format!("{}/units/H-DAKGLEI?framework=kon-tum-598-2014", app.base)).await.expect("opens");
            assert!(!overflow(&b).await.scrolls_sideways(), "the district page fits {width} px");
            shot(&b, &format!("{tag}-eras-district-successors-{width}")).await;
            b.goto(&format!("{}/units/X23341?framework={QN}", app.base)).await.expect("opens");
            shot(&b, &format!("{tag}-eras-commune-predecessors-{width}")).await;
            b.close().await.expect("closed");
        }
    }
}
