//! Units are one registry that every framework refers to. A second framework
//! that names Kon Tum's departments again leaves everything of Kon Tum's as
//! it was (figures, statuses, units, documents); one that contradicts the
//! registry is refused, naming the unit and what differs, and stores nothing.

use crate::helpers::{TestDb, both_databases};
use sqlx::Row;
use xanh_core::Text;
use xanh_core::framework::{Framework, UnitKind};

const KON_TUM: &str = "kon-tum-598-2014";

/// The new province's own plan, as a second framework: Kon Tum's model with
/// another code, title and plan period, naming the same departments as they
/// are, plus a commune of the new province.
fn second_framework(kon_tum: &Framework) -> Framework {
    let mut fw = kon_tum.clone();
    fw.code = "qn-2021-2030-test".into();
    fw.title = Text::new(
        "Kế hoạch tăng trưởng xanh tỉnh Quảng Ngãi 2021 - 2030 (thử)",
        "Quảng Ngãi green growth plan 2021–2030 (test)",
    );
    fw.plan.from = 2021;
    fw.plan.to = 2030;
    if let Some(a) = fw.calendar.annual.as_mut() {
        a.first_year = 2022;
        a.last_year = 2030;
    }
    fw.calendar.reviews.clear();
    let mut commune = fw
        .units
        .iter()
        .find(|u| u.code == "UBND-QUANGNGAI")
        .expect("the new province is in the registry")
        .clone();
    commune.code = "X-DAKTO-MOI".into();
    commune.kind = UnitKind::Commune;
    commune.name = Text::new(
        "Ủy ban nhân dân xã Đăk Tô",
        "People's Committee of Đăk Tô commune",
    );
    commune.short_name = None;
    commune.parent = Some("UBND-QUANGNGAI".into());
    commune.valid_to = None;
    commune.successor = None;
    fw.units.push(commune);
    fw
}

/// `text` without the element from `start` to its `end`, if it has one.
fn cut(text: &str, start: &str, end: &str) -> String {
    match text.find(start) {
        Some(a) => {
            let e = text[a..]
                .find(end)
                .map_or(text.len(), |e| a + e + end.len());
            format!("{}{}", &text[..a], &text[e..])
        }
        None => text.to_string(),
    }
}

/// Everything of Kon Tum's a person or a machine reads: the public pages and
/// exports named by framework, with the list of frameworks (which may grow)
/// and the audit chain's head (which every entry moves) taken out, and the
/// registry's and kept sums' rows.
async fn kon_tum_as_read(db: &TestDb, app: &crate::helpers::TestApp) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for path in [
        "/dashboard?year=2018",
        "/dashboard?year=2019",
        "/indicators/LN.1?year=2018",
        "/indicators/1.1?year=2019",
        "/indicators/2.2.1?year=2019",
        "/units/SO-KHDT?year=2018",
        "/units/H-DAKTO?year=2018",
        "/exports/values.csv",
        "/exports/dhis2.json",
    ] {
        let url = format!(
            "{path}{}framework={KON_TUM}",
            if path.contains('?') { "&" } else { "?" }
        );
        let (status, body, _) = app.get(&url).await;
        assert_eq!(status, 200, "{url} opens");
        // What may grow with another framework: the list of frameworks, and
        // the sentence that links an indicator to the one carrying it on.
        let body = cut(&body, "<nav class=\"frameworks\"", "</nav>");
        let body = cut(&body, "<p class=\"continuity\"", "</p>");
        // The audit chain's head moves with every entry, the import's too.
        let body = cut(&body, "<p class=\"chain\"", "</p>");
        out.push((url, body));
    }
    let kon_tum_units: Vec<String> = db
        .store
        .framework(KON_TUM, None)
        .await
        .expect("Kon Tum is stored")
        .framework
        .units
        .iter()
        .map(|u| u.code.clone())
        .collect();
    for (what, sql) in [
        (
            "units",
            "SELECT code, kind, name_vi, parent_code, valid_from, valid_to, successor_code FROM org_units ORDER BY code",
        ),
        (
            "sums",
            "SELECT period_id, indicator_code, area_code, reported, n, total, weighted_total FROM value_aggregates \
                  WHERE period_id IN (SELECT p.id FROM reporting_periods p JOIN frameworks f ON f.id = p.framework_id \
                  WHERE f.code = 'kon-tum-598-2014') ORDER BY 1, 2, 3",
        ),
    ] {
        let rows = sqlx::query(sql)
            .fetch_all(db.store.pool())
            .await
            .expect("the rows read");
        // Kon Tum's own units: other frameworks may add theirs.
        let text: Vec<String> = rows
            .iter()
            .filter(|r| {
                what != "units"
                    || kon_tum_units.contains(&r.try_get::<String, _>(0).unwrap_or_default())
            })
            .map(|r| {
                (0..r.len())
                    .map(|i| {
                        r.try_get::<Option<String>, _>(i)
                            .map(|v| v.unwrap_or_default())
                            .or_else(|_| r.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                            .or_else(|_| r.try_get::<Option<f64>, _>(i).map(|v| format!("{v:?}")))
                            .unwrap_or_else(|_| "?".into())
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        assert!(!text.is_empty(), "the {what} are there to compare");
        out.push((what.to_string(), text.join("\n")));
    }
    out
}

both_databases! {
    async fn a_second_framework_naming_the_same_departments_changes_nothing_of_kon_tum(db) {
        let (app, _) = crate::crawl::demo_app(&db).await;
        let before = kon_tum_as_read(&db, &app).await;
        let kon_tum = db.store.framework(KON_TUM, None).await.expect("Kon Tum is stored").framework;
        let second = second_framework(&kon_tum);
        db.store
            .import_framework("# test", &second, Some("test"))
            .await
            .expect("a framework that names the registry's units as they are imports");
        let after = kon_tum_as_read(&db, &app).await;
        for ((what, a), (_, b)) in before.iter().zip(&after) {
            assert!(a == b, "{what} is the same after the second framework's import");
        }
        // The second framework is there beside Kon Tum, with its new commune.
        let (status, body, _) = app.get("/dashboard?framework=qn-2021-2030-test").await;
        assert_eq!(status, 200);
        assert!(body.contains("Quảng Ngãi green growth plan") || body.contains("Kế hoạch tăng trưởng xanh tỉnh Quảng Ngãi"));
        let name = db.store.unit_name("X-DAKTO-MOI").await.expect("read").expect("the commune is registered");
        assert_eq!(name.vi, "Ủy ban nhân dân xã Đăk Tô");
    }

    async fn a_framework_that_moves_a_department_to_another_parent_is_refused_naming_it(db) {
        let (app, _) = crate::crawl::demo_app(&db).await;
        let before = kon_tum_as_read(&db, &app).await;
        let kon_tum = db.store.framework(KON_TUM, None).await.expect("Kon Tum is stored").framework;
        let mut second = second_framework(&kon_tum);
        let dept = second.units.iter_mut().find(|u| u.code == "SO-KHDT").expect("the department");
        let held_parent = dept.parent.clone().expect("a parent");
        dept.parent = Some("UBND-QUANGNGAI".into());
        let refused = db.store.import_framework("# test", &second, Some("test")).await;
        let message = match refused {
            Err(xanh_store::StoreError::Invalid { field, reason }) => format!("{field}: {reason}"),
            other => panic!("re-parenting a department must be refused, got {other:?}"),
        };
        assert!(message.contains("\"SO-KHDT\""), "names the unit: {message}");
        assert!(
            message.contains(&format!("parent (registry \"{held_parent}\", file \"UBND-QUANGNGAI\")")),
            "says what differs: {message}"
        );
        assert!(message.contains("valid_to") && message.contains("valid_from"), "says how to record a change: {message}");
        assert!(db.store.unit_name("X-DAKTO-MOI").await.expect("read").is_none(), "nothing of the refused file is stored");
        let frameworks = db.store.frameworks().await.expect("listed");
        assert!(!frameworks.iter().any(|f| f.code == "qn-2021-2030-test"), "the refused framework is not stored");
        let after = kon_tum_as_read(&db, &app).await;
        assert!(before == after, "Kon Tum is as it was");
    }
}

both_databases! {
    async fn the_new_provinces_plan_imported_into_a_running_server_is_usable_beside_kon_tum(db) {
        let (app, _) = crate::crawl::demo_app(&db).await;
        let before = kon_tum_as_read(&db, &app).await;
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("frameworks/quang-ngai-822-2023.toml");
        let out = crate::helpers::xanh(
            &["framework", "import", file.to_str().expect("a path")],
            &[("XANH_DATABASE_URL", db.url.as_str())],
        );
        assert!(out.status.success(), "the import succeeds: {}", String::from_utf8_lossy(&out.stderr));
        // The running server shows both plans side by side, the one in force first.
        let (status, home, _) = app.get("/").await;
        assert_eq!(status, 200);
        let list = &home[home.find("framework-list").expect("the list of frameworks")..];
        let qn = list.find("KẾ HOẠCH HÀNH ĐỘNG TĂNG TRƯỞNG XANH TỈNH QUẢNG NGÃI").expect("the new plan is listed");
        let kt = list.find("/frameworks/kon-tum-598-2014").expect("Kon Tum's framework is listed");
        assert!(qn < kt, "the plan in force comes first");
        assert!(list.contains("2021–2030") && list.contains("Đang thực hiện"), "with its period, in force");
        assert!(list.contains("2011–2020") && list.contains("Đã kết thúc"), "Kon Tum's plan has ended");
        assert!(home.contains("<h1>KẾ HOẠCH HÀNH ĐỘNG TĂNG TRƯỞNG XANH TỈNH QUẢNG NGÃI"), "the home shows the plan in force");
        // Its own pages answer: dashboard, an indicator, a commune, the consolidator, exports.
        for path in [
            "/dashboard?framework=quang-ngai-822-2023",
            "/indicators/2.3.1?framework=quang-ngai-822-2023",
            "/units/X21025?framework=quang-ngai-822-2023",
            "/units/QN-SO-TC?framework=quang-ngai-822-2023",
            "/exports/values.csv?framework=quang-ngai-822-2023",
            "/frameworks/quang-ngai-822-2023",
        ] {
            let (status, body, _) = app.get(path).await;
            assert_eq!(status, 200, "{path} opens: {body}");
        }
        // Across the reorganisation, each side links to the other.
        let (_, old, _) = app.get("/units/UBND-TINH?framework=kon-tum-598-2014").await;
        let old = old.replace("&#x2f;", "/");
        assert!(old.contains("id=\"successors\"") && old.contains("/units/UBND-QUANGNGAI?framework="), "Kon Tum's committee names its successor");
        let (_, new, _) = app.get("/units/UBND-QUANGNGAI?framework=quang-ngai-822-2023").await;
        let new = new.replace("&#x2f;", "/");
        let preds = &new[new.find("id=\"predecessors\"").expect("the new committee lists its predecessors")..];
        assert!(preds.contains("/units/UBND-TINH?framework=kon-tum-598-2014"), "Kon Tum's committee");
        assert!(preds.contains("/units/UBND-QUANGNGAI-CU?framework=quang-ngai-822-2023"), "and the former Quảng Ngãi one");
        // A district has no single successor: the register (loaded with the
        // sample data) names the new communes that took its communes.
        let (_, district, _) = app.get("/units/H-DAKTO?framework=kon-tum-598-2014").await;
        let district = district.replace("&#x2f;", "/");
        let after = &district[district.find("id=\"successors\"").expect("the district names its successors")..];
        assert!(after[..after.find("</p>").expect("a paragraph")].contains("?framework=quang-ngai-822-2023"), "communes of the new plan");
        let (_, csv, headers) = app.get("/exports/values.csv?framework=quang-ngai-822-2023").await;
        assert!(headers["content-disposition"].to_str().expect("text").contains("quang-ngai-822-2023"), "the file is named by its framework");
        assert!(csv.lines().count() > 1, "the sample data set's figures of the new plan");
        assert!(!csv.contains("H-DAKHA") && !csv.contains("SO-KHDT"), "and none of Kon Tum's");
        let after = kon_tum_as_read(&db, &app).await;
        for ((what, a), (_, b)) in before.iter().zip(&after) {
            assert!(a == b, "{what} is the same after the new plan's import");
        }
    }
}
