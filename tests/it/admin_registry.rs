//! The administrative-unit registry after 1 July 2025 (`xanh units`): the
//! counts the data gives, what old units of Kon Tum and Quảng Ngãi became,
//! an import that changes nothing the second time, and a broken file that is
//! refused with its line and stores nothing.
//!
//! The expected mappings are read from the committed data
//! (data/units/vn-2025.tsv, from vietnamadminunits 1.0.4); the old codes
//! 23299 (Phường Thống Nhất) and 23302 (Phường Lê Lợi) of the city of Kon Tum
//! are the General Statistics Office codes the public record gives as well.

use crate::helpers::{TestDb, both_databases, xanh};
use std::time::{Duration, Instant};
use xanh_core::admin_registry;
use xanh_store::RegistryImport;

const DATA: &str = include_str!("../../data/units/vn-2025.tsv");

/// Rows in the committed data: units in force, former units, successions.
const ROWS: usize = 3_355 + 10_794 + 10_665;

async fn import(db: &TestDb, text: &str) -> RegistryImport {
    let reg = admin_registry::parse(text).expect("the registry is valid");
    db.store
        .import_admin_registry(&reg)
        .await
        .expect("the registry imports")
}

fn sum(counts: &[(String, i64)], levels: &[&str]) -> i64 {
    (counts.iter())
        .filter(|(l, _)| levels.contains(&l.as_str()))
        .map(|(_, n)| n)
        .sum()
}

fn codes<T>(items: &[T], code: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| code(i).to_string()).collect()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

both_databases! {
    async fn the_registry_holds_34_provinces_and_cities_and_3321_communes_wards_and_special_zones(db) {
        let started = Instant::now();
        let outcome = import(&db, DATA).await;
        let took = started.elapsed();
        // Thousands of rows in seconds (here a debug build, on two cores).
        assert!(took < Duration::from_secs(30), "the import took {took:?}");
        assert_eq!(outcome.added, ROWS);
        let now = db.store.admin_unit_counts().await.expect("counts");
        assert_eq!(sum(&now, &["province"]), 28);
        assert_eq!(sum(&now, &["city"]), 6);
        assert_eq!(sum(&now, &["commune"]), 2_621);
        assert_eq!(sum(&now, &["ward"]), 687);
        assert_eq!(sum(&now, &["special_zone"]), 13);
        assert_eq!(sum(&now, &["commune", "ward", "special_zone"]), 3_321);
        let before = db.store.former_unit_counts().await.expect("counts");
        assert_eq!(sum(&before, &["province", "city"]), 63);
        assert_eq!(sum(&before, &["district", "urban_district", "town", "provincial_city"]), 696);
        assert_eq!(sum(&before, &["commune", "ward", "township"]), 10_035);
    }

    async fn the_old_kon_tum_province_is_now_part_of_the_new_quang_ngai(db) {
        import(&db, DATA).await;
        let next = db.store.successors("62").await.expect("successors");
        assert_eq!(codes(&next, |s| &s.unit.code), ["51"]);
        assert_eq!(next[0].unit.name, "Tỉnh Quảng Ngãi");
        assert_eq!(next[0].share.as_deref(), Some("whole"));
        assert_eq!(next[0].effective, "2025-07-01");
        // By name, with the type word: the province only, not the city of Kon Tum.
        let found = db.store.successors_of("Tỉnh Kon Tum").await.expect("by name");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.code, "62");
        assert_eq!(codes(&found[0].1, |s| &s.unit.code), ["51"]);
        // Without it, and in lower case: the province and the city (a district).
        let found = db.store.successors_of("kon tum").await.expect("by name");
        assert_eq!(codes(&found, |(u, _)| &u.code), ["608", "62"]);
    }

    async fn the_old_quang_ngai_province_is_part_of_the_new_quang_ngai(db) {
        import(&db, DATA).await;
        let next = db.store.successors("51").await.expect("successors");
        assert_eq!(codes(&next, |s| &s.unit.code), ["51"]);
        let made_of = db.store.predecessors("51").await.expect("predecessors");
        assert_eq!(codes(&made_of, |p| &p.unit.code), ["51", "62"]);
        assert_eq!(made_of[1].unit.name, "Tỉnh Kon Tum");
        let communes = db.store.province_units("51").await.expect("communes");
        assert_eq!(communes.len(), 96);
        assert!(communes.iter().any(|c| c.name == "Đặc khu Lý Sơn" && c.level == "special_zone"));
    }

    async fn old_communes_of_kon_tum_map_to_their_new_commune(db) {
        import(&db, DATA).await;
        // The five central wards of the city of Kon Tum became Phường Kon Tum.
        let next = db.store.successors("23299").await.expect("successors");
        assert_eq!(codes(&next, |s| &s.unit.code), ["23293"]);
        assert_eq!(next[0].unit.name, "Phường Kon Tum");
        assert_eq!(next[0].unit.province_name.as_deref(), Some("Tỉnh Quảng Ngãi"));
        let made_of = db.store.predecessors("23293").await.expect("predecessors");
        assert_eq!(codes(&made_of, |p| &p.unit.code), ["23281", "23287", "23290", "23293", "23299"]);
        assert!(made_of.iter().all(|p| p.share == "whole"));
        let thong_nhat = &made_of[4].unit;
        assert_eq!(thong_nhat.name, "Phường Thống Nhất");
        assert_eq!(thong_nhat.district_name.as_deref(), Some("Thành phố Kon Tum"));
        // Thị trấn Đăk Hà and Xã Hà Mòn became Xã Đăk Hà.
        for old in ["23500", "23521"] {
            let next = db.store.successors(old).await.expect("successors");
            assert_eq!(codes(&next, |s| &s.unit.code), ["23500"], "{old}");
            assert_eq!(next[0].unit.name, "Xã Đăk Hà");
        }
        // The city of Kon Tum: its 21 communes and wards became six units,
        // the six the province announced in April 2025 (Phường Kon Tum, Đăk
        // Cấm, Đăk Bla, Xã Ngọk Bay, Ia Chim, Đăk Rơ Wa; Báo Gia Lai).
        let next = db.store.successors("608").await.expect("successors");
        assert_eq!(
            codes(&next, |s| &s.unit.code),
            ["23284", "23293", "23302", "23317", "23326", "23332"]
        );
        assert_eq!(next.iter().filter_map(|s| s.from_communes).sum::<i64>(), 21);
        // The district was abolished: its successors are its communes'.
        let next = db.store.successors("615").await.expect("successors");
        let dak_ha = next.iter().find(|s| s.unit.code == "23500").expect("Xã Đăk Hà");
        assert_eq!(dak_ha.share, None);
        assert_eq!(dak_ha.from_communes, Some(3));
    }

    async fn a_commune_split_in_two_names_both_and_the_default_one(db) {
        import(&db, DATA).await;
        // Xã Trà Bùi, Huyện Trà Bồng, old Quảng Ngãi.
        let next = db.store.successors("21142").await.expect("successors");
        let got: Vec<(String, String)> = next
            .iter()
            .map(|s| (s.unit.name.clone(), s.share.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            got,
            [
                ("Xã Cà Đam".to_string(), "part-main".to_string()),
                ("Xã Tây Trà Bồng".to_string(), "part".to_string())
            ]
        );
    }

    async fn importing_the_same_registry_twice_changes_nothing(db) {
        import(&db, DATA).await;
        let counts = db.store.admin_unit_counts().await.expect("counts");
        let again = import(&db, DATA).await;
        assert_eq!(
            again,
            RegistryImport { added: 0, changed: 0, removed: 0, unchanged: ROWS }
        );
        assert_eq!(db.store.admin_unit_counts().await.expect("counts"), counts);
    }

    async fn a_changed_registry_replaces_the_stored_one_row_by_row(db) {
        import(&db, DATA).await;
        // One name changed, one split commune's minor part dropped.
        let changed = DATA
            .replace("U\t23293\tward\tPhường Kon Tum\t51", "U\t23293\tward\tPhường Kon Tum Mới\t51")
            .replace("S\t21142\t21157\tpart\n", "");
        let outcome = import(&db, &changed).await;
        assert_eq!((outcome.added, outcome.changed, outcome.removed), (0, 1, 1));
        let unit = db.store.admin_unit("23293").await.expect("read").expect("kept");
        assert_eq!(unit.name, "Phường Kon Tum Mới");
        assert_eq!(db.store.successors("21142").await.expect("successors").len(), 1);
        // And back.
        let outcome = import(&db, DATA).await;
        assert_eq!((outcome.added, outcome.changed, outcome.removed), (1, 1, 0));
    }

    async fn a_broken_file_is_refused_with_its_line_and_stores_nothing(db) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("broken.tsv");
        let target = "U\t23293\tward\tPhường Kon Tum\t51";
        let line = DATA.lines().position(|l| l == target).expect("the row is in the data") + 1;
        std::fs::write(&path, DATA.replace(target, "U\t\tward\tPhường Kon Tum\t51"))
            .expect("the broken copy is written");
        let out = xanh(
            &["--database", &db.url, "units", "import", "--file", path.to_str().expect("utf-8 path")],
            &[],
        );
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains(&format!("[missing-code] line {line}, code")), "{text}");
        assert!(text.contains("Thiếu mã đơn vị.") && text.contains("The unit code is missing."), "{text}");
        assert!(text.contains("Không nạp gì. / Nothing was imported."), "{text}");
        assert!(!text.contains("SELECT") && !text.contains("INSERT"), "no SQL shown: {text}");
        assert!(db.store.admin_unit_counts().await.expect("counts").is_empty());
        assert!(db.store.former_unit_counts().await.expect("counts").is_empty());
        // The successions naming the missing unit are refused too, each by line.
        let errors = admin_registry::parse(&std::fs::read_to_string(&path).expect("read"))
            .expect_err("the copy is broken");
        assert!(errors.iter().all(|p| p.location.line.is_some()));
        assert!(errors.iter().any(|p| p.kind == "unknown-code" && p.location.path == "new_code"));
    }

    async fn the_cli_imports_the_built_in_registry_and_shows_what_a_unit_became(db) {
        let out = xanh(&["--database", &db.url, "units", "import"], &[]);
        let text = stdout(&out);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("34 tỉnh, thành phố; 3.321 xã, phường, đặc khu"), "{text}");
        assert!(text.contains("34 provinces and cities; 3,321 communes, wards and special zones"), "{text}");

        let out = xanh(&["--database", &db.url, "units", "show", "62"], &[]);
        let text = stdout(&out);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("Former unit (until 2025-06-30)"), "{text}");
        assert!(text.contains("62  Tỉnh Kon Tum (tỉnh / province)"), "{text}");
        assert!(text.contains("→ 51  Tỉnh Quảng Ngãi (tỉnh / province) [toàn bộ / whole]"), "{text}");

        let out = xanh(&["--database", &db.url, "units", "show", "Phường Thống Nhất"], &[]);
        let text = stdout(&out);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("23299  Phường Thống Nhất (phường / ward), Thành phố Kon Tum, Tỉnh Kon Tum"), "{text}");
        assert!(text.contains("→ 23293  Phường Kon Tum (phường / ward), Tỉnh Quảng Ngãi [toàn bộ / whole]"), "{text}");

        let out = xanh(&["--database", &db.url, "units", "show", "23293"], &[]);
        let text = stdout(&out);
        assert!(text.contains("Unit in force (from 2025-07-01)"), "{text}");
        assert!(text.contains("← 23299  Phường Thống Nhất"), "{text}");

        let out = xanh(&["--database", &db.url, "units", "show", "Nơi Không Có"], &[]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stdout(&out).contains("No unit has the code or name"));

        let out = xanh(&["--database", &db.url, "units", "import"], &[]);
        assert!(stdout(&out).contains("nothing changed"), "{}", stdout(&out));
    }
}
