//! Bulk import (`xanh import values`) and the sums kept for consolidation:
//! all or nothing even when the process is killed, bad rows named, and the
//! kept sums always equal to a recomputation from the values.

use crate::helpers::{TestDb, both_databases, xanh};
use sqlx::Row;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use xanh_core::access::{Actor, Role};
use xanh_core::framework::Aggregation;
use xanh_core::report::Value;
use xanh_core::workflow::{Action, PeriodState};
use xanh_store::{NewUser, Store, ValueChange};

pub(crate) const FRAMEWORK: &str = "tinh-mau-2015-2030";

/// A generated province (about 100 communes, 200 indicators, 2015–2030)
/// loaded into the database, without values; returns the generated directory.
pub(crate) async fn province(db: &TestDb) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = xanh(
        &[
            "demo",
            "generate",
            "--scale",
            "province",
            "--seed",
            "7",
            "--out",
            &dir.path().display().to_string(),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "generate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let toml = std::fs::read_to_string(dir.path().join("framework.toml")).expect("framework file");
    let loaded = xanh_core::framework::load(&toml).expect("the generated framework is valid");
    db.store
        .import_framework(&toml, &loaded.framework, Some("test"))
        .await
        .expect("the generated framework imports");
    let csv = dir.path().join("values.csv");
    (dir, csv)
}

/// The lines of the CSV whose period is one of `years`, with the header.
pub(crate) fn subset(csv: &Path, years: &[i32], name: &str) -> PathBuf {
    let text = std::fs::read_to_string(csv).expect("the CSV reads");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0
            || years
                .iter()
                .any(|y| line.starts_with(&format!("annual-{y},")))
        {
            out.push_str(line);
            out.push('\n');
        }
    }
    let path = csv.with_file_name(name);
    std::fs::write(&path, out).expect("the subset writes");
    path
}

pub(crate) fn import(db: &TestDb, csv: &Path) -> std::process::Output {
    xanh(
        &["import", "values", &csv.display().to_string()],
        &[("XANH_DATABASE_URL", db.url.as_str())],
    )
}

/// What a user could see of the values: counts, totals, sums, reports, trail.
async fn snapshot(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) AS a, CAST(COALESCE(SUM(value_num), 0) AS TEXT) AS b FROM indicator_values",
        "SELECT COUNT(*) AS a, CAST(COALESCE(SUM(total), 0) AS TEXT) AS b FROM value_aggregates",
        "SELECT COUNT(*) AS a, CAST(COALESCE(SUM(version), 0) AS TEXT) AS b FROM reports",
        "SELECT COUNT(*) AS a, CAST(MAX(id) AS TEXT) AS b FROM audit_log",
        "SELECT CAST(COALESCE(SUM(generation), 0) AS BIGINT) AS a, '' AS b FROM aggregate_generation",
    ] {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(store.pool())
            .await
            .expect("the snapshot query runs");
        let a: i64 = row.try_get("a").expect("a count");
        let b: Option<String> = row.try_get("b").expect("a total");
        out.push(format!("{a} {}", b.unwrap_or_default()));
    }
    out
}

/// The indexes of the values table, as the database describes them.
async fn value_indexes(db: &TestDb) -> Vec<(String, String)> {
    let sql = if db.url.starts_with("sqlite") {
        "SELECT name AS name, COALESCE(sql, '') AS def FROM sqlite_master \
         WHERE type = 'index' AND tbl_name = 'indicator_values' ORDER BY name"
    } else {
        "SELECT CAST(indexname AS TEXT) AS name, indexdef AS def FROM pg_indexes \
         WHERE tablename = 'indicator_values' ORDER BY indexname"
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.store.pool())
        .await
        .expect("the indexes are listed")
        .iter()
        .map(|r| {
            (
                r.try_get("name").expect("a name"),
                r.try_get("def").expect("a definition"),
            )
        })
        .collect()
}

async fn count_values(store: &Store) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM indicator_values")
        .fetch_one(store.pool())
        .await
        .expect("counting values")
        .try_get("n")
        .expect("a count")
}

both_databases! {
    async fn an_import_killed_midway_leaves_the_database_as_it_was(db) {
        let (_dir, csv) = province(&db).await;
        let first = subset(&csv, &[2015], "2015.csv");
        assert!(import(&db, &first).status.success(), "the first year imports");
        let before = snapshot(&db.store).await;

        let mut child = Command::new(env!("CARGO_BIN_EXE_xanh"))
            .args(["import", "values", &csv.display().to_string()])
            .env("XANH_DATABASE_URL", &db.url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the import starts");
        let stderr = child.stderr.take().expect("stderr");
        let midway = BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .any(|l| l.contains("200000"));
        assert!(midway, "the import reports its progress");
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("the import ends");
        assert!(!status.success(), "the import was killed before it finished");

        let store = db.reopen().await;
        assert_eq!(snapshot(&store).await, before, "nothing of the killed import remains");
        let next = subset(&csv, &[2016], "2016.csv");
        let out = import(&db, &next);
        assert!(out.status.success(), "the database takes the next import: {}", String::from_utf8_lossy(&out.stderr));
    }

    async fn an_import_into_an_empty_database_leaves_its_indexes_as_the_migrations_made_them(db) {
        let (_dir, csv) = province(&db).await;
        let before = value_indexes(&db).await;
        assert!(before.len() >= 3, "the key and two secondary indexes: {before:?}");
        let out = import(&db, &subset(&csv, &[2015, 2016], "2015-2016.csv"));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(count_values(&db.store).await > 0, "the values are stored");
        assert_eq!(value_indexes(&db).await, before, "the same indexes, defined the same way");
    }

    async fn one_bad_row_near_the_end_stores_nothing_and_is_named(db) {
        let (_dir, csv) = province(&db).await;
        let text = std::fs::read_to_string(&csv).expect("the CSV reads");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let bad = lines.len() - 400; // index; the file's line number is bad + 1
        let mut cells: Vec<String> = lines[bad].split(',').map(str::to_string).collect();
        cells[3] = "nhiều".into();
        lines[bad] = cells.join(",");
        let broken = csv.with_file_name("broken.csv");
        std::fs::write(&broken, lines.join("\n") + "\n").expect("writes");

        let out = import(&db, &broken);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("dòng {}, cột 4 (value)", bad + 1)), "the row and column are named: {stderr}");
        assert!(stderr.contains("không lưu gì"), "{stderr}");
        assert_eq!(count_values(&db.store).await, 0, "nothing is stored");
        let reports: i64 = sqlx::query("SELECT COUNT(*) AS n FROM reports")
            .fetch_one(db.store.pool())
            .await
            .expect("counting reports")
            .try_get("n")
            .expect("a count");
        assert_eq!(reports, 0, "no report is opened either");
    }

    async fn the_kept_sums_equal_a_recomputation_after_imports_saves_and_acceptance(db) {
        let (_dir, csv) = province(&db).await;
        let years = subset(&csv, &[2016, 2017], "2016-2017.csv");
        let out = import(&db, &years);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_sums_match(&db.store).await;

        // An officer of the lead agency saves values in a draft: the values move
        // out of the accepted report, so the sums drop them; a weight changes.
        let officer = person(&db.store, "can-bo", Role::Officer).await;
        let consolidator = person(&db.store, "tong-hop", Role::Consolidator).await;
        let period = db
            .store
            .periods(FRAMEWORK)
            .await
            .expect("periods")
            .into_iter()
            .find(|p| p.code == "annual-2017")
            .expect("annual-2017");
        db.store
            .set_period_state(period.id, PeriodState::Open, &consolidator)
            .await
            .expect("the period opens");
        let report = db.store.ensure_report(period.id, "SO-TC-MAU").await.expect("a report");
        let change = |indicator: &str, unit: &str, value: Option<f64>| ValueChange {
            indicator: indicator.into(),
            unit: unit.into(),
            value: value.map(Value::Number),
            note: None,
        };
        let report = db
            .store
            .save_report(
                report.id,
                report.version,
                &[
                    change("1.2", "XA-X001", Some(77.5)),
                    change("1.1", "XA-X002", Some(123_456.0)),
                    change("1.3", "XA-X003", None),
                ],
                &[],
                &officer,
            )
            .await
            .expect("the officer saves");
        assert_sums_match(&db.store).await;

        let report = db
            .store
            .change_report_state(report.id, Some(report.version), Action::Submit, None, &officer)
            .await
            .expect("submitted");
        db.store
            .change_report_state(report.id, Some(report.version), Action::Accept, None, &consolidator)
            .await
            .expect("accepted");
        assert_sums_match(&db.store).await;

        // Importing the same years again puts every value back into the
        // provinces' reports; and a further year is added.
        let again = subset(&csv, &[2017, 2018], "2017-2018.csv");
        let out = import(&db, &again);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_sums_match(&db.store).await;
    }
}

pub(crate) async fn person(store: &Store, name: &str, role: Role) -> Actor {
    store
        .create_user(NewUser {
            username: name,
            display_name: name,
            password_hash: "x",
            role,
            unit_code: Some("SO-TC-MAU"),
            email: None,
        })
        .await
        .expect("the account is made")
        .actor()
}

type Key = (i32, String, String);

/// The sums recomputed from the published values, as a reader would by hand.
async fn recomputed(store: &Store) -> BTreeMap<Key, (i64, i64, f64, i64, f64, f64)> {
    let fw = store
        .framework(FRAMEWORK, None)
        .await
        .expect("framework")
        .framework;
    let values = store
        .published_values(FRAMEWORK, false)
        .await
        .expect("values");
    let number = |v: &Value| match v {
        Value::Number(n) => Some(*n),
        _ => None,
    };
    let weights: BTreeMap<(String, String, i32), f64> = values
        .iter()
        .filter_map(|v| {
            Some((
                (v.indicator.clone(), v.unit.clone(), v.year),
                number(&v.value)?,
            ))
        })
        .collect();
    let mut sums: BTreeMap<Key, (i64, i64, f64, i64, f64, f64)> = BTreeMap::new();
    for v in &values {
        let Some(area) = fw.unit(&v.unit).and_then(|u| u.parent.clone()) else {
            continue;
        };
        let Some(x) = number(&v.value) else {
            for key in [area, "*".to_string()] {
                sums.entry((v.year, v.indicator.clone(), key))
                    .or_default()
                    .0 += 1;
            }
            continue;
        };
        let (_, indicator) = fw.indicator(&v.indicator).expect("a known indicator");
        let weight = match &indicator.aggregation {
            Aggregation::WeightedMean { weight } => weights
                .get(&(weight.clone(), v.unit.clone(), v.year))
                .copied()
                .filter(|w| *w > 0.0),
            _ => None,
        };
        for key in [area, "*".to_string()] {
            let s = sums.entry((v.year, v.indicator.clone(), key)).or_default();
            s.0 += 1;
            s.1 += 1;
            s.2 += x;
            if let Some(w) = weight {
                s.3 += 1;
                s.4 += x * w;
                s.5 += w;
            }
        }
    }
    sums
}

pub(crate) async fn assert_sums_match(store: &Store) {
    let expected = recomputed(store).await;
    let kept: BTreeMap<Key, (i64, i64, f64, i64, f64, f64)> = store
        .aggregates(FRAMEWORK, 9999, "", "")
        .await
        .expect("the kept sums")
        .into_iter()
        .map(|r| {
            (
                (r.year, r.indicator, r.area),
                (
                    r.reported,
                    r.n,
                    r.total,
                    r.weighted_n,
                    r.weighted_total,
                    r.weight_total,
                ),
            )
        })
        .collect();
    assert!(!expected.is_empty(), "there are values to sum");
    assert_eq!(
        kept.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the same period × indicator × area are kept"
    );
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    for (key, e) in &expected {
        let k = kept[key];
        assert!(
            k.0 == e.0
                && k.1 == e.1
                && k.3 == e.3
                && close(k.2, e.2)
                && close(k.4, e.4)
                && close(k.5, e.5),
            "{key:?}: kept {k:?}, recomputed {e:?}"
        );
    }
}

/// The mean of an indicator's values in one year of a generated CSV.
fn mean_in(csv: &Path, period: &str, indicator: &str) -> f64 {
    let text = std::fs::read_to_string(csv).expect("the CSV reads");
    let values: Vec<f64> = text
        .lines()
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c.first() == Some(&period) && c.get(1) == Some(&indicator))
                .then(|| c[3].parse::<f64>().expect("a number"))
        })
        .collect();
    values.iter().sum::<f64>() / values.len() as f64
}

fn shown(v: f64) -> String {
    xanh_core::number::format_vi((v * 100.0).round() / 100.0)
}

both_databases! {
    async fn imported_values_show_on_the_pages_and_a_save_shows_at_once(db) {
        let (_dir, csv) = province(&db).await;
        let year = subset(&csv, &[2016], "2016.csv");
        let out = import(&db, &year);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let app = crate::helpers::TestApp::start(db.store.clone()).await;

        // The consolidation over areas: indicator 1.3 is a mean over the communes.
        let mean = mean_in(&year, "annual-2016", "1.3");
        let (status, page, _) = app.get("/national?period=annual-2016").await;
        assert_eq!(status, 200);
        assert!(page.contains(&shown(mean)), "the mean {} is on the overview", shown(mean));
        // The province's own pages show the imported figures too (accepted reports only).
        let (status, page, _) = app.get("/indicators/1.3?year=2016").await;
        assert_eq!(status, 200);
        assert!(page.contains("XA-X001") || page.contains("Xã mẫu 001"), "communes are listed");

        // An officer takes one commune's value into a draft: it leaves the published
        // picture, and the next request shows the new mean (never a stale page).
        let officer = person(&db.store, "can-bo", Role::Officer).await;
        let consolidator = person(&db.store, "tong-hop", Role::Consolidator).await;
        let period = db.store.periods(FRAMEWORK).await.expect("periods")
            .into_iter().find(|p| p.code == "annual-2016").expect("annual-2016");
        db.store.set_period_state(period.id, PeriodState::Open, &consolidator).await.expect("opens");
        let report = db.store.ensure_report(period.id, "SO-TC-MAU").await.expect("a report");
        let first = {
            let text = std::fs::read_to_string(&year).expect("reads");
            text.lines()
                .find(|l| l.starts_with("annual-2016,1.3,XA-X001,"))
                .and_then(|l| l.split(',').nth(3))
                .and_then(|v| v.parse::<f64>().ok())
                .expect("the first commune's value")
        };
        db.store
            .save_report(
                report.id,
                report.version,
                &[ValueChange { indicator: "1.3".into(), unit: "XA-X001".into(), value: Some(Value::Number(99.0)), note: None }],
                &[],
                &officer,
            )
            .await
            .expect("saved");
        let communes = 102.0;
        let without = (mean * communes - first) / (communes - 1.0);
        let (_, page, _) = app.get("/national?period=annual-2016").await;
        assert!(page.contains(&shown(without)), "the mean without the draft value, {}, is shown at once", shown(without));
        assert!(page.contains("101/102"), "one commune is now missing from 1.3");
    }
}
