//! Exchange exports of the sample data, read back by an independent reader
//! (Python's csv and json modules).

use crate::helpers::{TestApp, TestDb, both_databases, xanh};
use std::process::Command;

/// Runs a small Python program on a file; returns what it prints.
fn python(program: &str, file: &std::path::Path) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(program)
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The accepted annual values of one framework, counted in the database.
async fn accepted_values(db: &TestDb, framework: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM indicator_values v JOIN reports r ON r.id = v.report_id \
         JOIN reporting_periods p ON p.id = v.period_id JOIN frameworks f ON f.id = p.framework_id \
         WHERE r.state = 'accepted' AND p.kind = 'annual' AND f.code = $1",
    )
    .bind(framework)
    .fetch_one(db.store.pool())
    .await
    .expect("count")
}

both_databases! {
    async fn csv_sdmx_and_dhis2_exports_parse_with_an_independent_reader_and_hold_no_formula(db) {
        let out = xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
        assert!(out.status.success());
        // An officer's note that a spreadsheet would run as a formula.
        sqlx::query("UPDATE indicator_values SET note = '=HYPERLINK(\"http://evil.example\",\"click\")' WHERE indicator_code = '1.1' AND unit_code = 'UBND-TINH'")
            .execute(db.store.pool()).await.expect("a hostile note");
        let expected = accepted_values(&db, "kon-tum-598-2014").await;
        let app = TestApp::start(db.store.clone()).await;
        let dir = tempfile::tempdir().expect("a directory");
        let fetch = |name: &'static str| {
            let app = &app;
            let dir = dir.path().to_path_buf();
            async move {
                let r = reqwest::get(format!("{}/exports/{name}?framework=kon-tum-598-2014", app.base)).await.expect("answers");
                assert_eq!(r.status(), 200, "{name}");
                let path = dir.join(name);
                std::fs::write(&path, r.bytes().await.expect("body")).expect("saved");
                path
            }
        };

        let csv = fetch("values.csv").await;
        let read = python(
            "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1],encoding='utf-8-sig',newline='')))\n\
             notes=[r['note'] for r in rows if r['note'].startswith(\"'=\")]\n\
             bad=[r for r in rows if r['note'][:1] in '=+-@']\n\
             print(len(rows), len(notes), len(bad), rows[0]['indicator_name_vi'] if rows else '')",
            &csv,
        );
        let parts: Vec<&str> = read.splitn(4, ' ').collect();
        assert_eq!(parts[0].parse::<i64>().expect("a count"), expected, "one row per accepted value, no draft");
        assert!(parts[1].parse::<i64>().expect("a count") >= 1, "the hostile note is neutralised");
        assert_eq!(parts[2], "0", "no cell starts a formula");

        let sdmx = fetch("sdmx.csv").await;
        let read = python(
            "import csv,sys\nrows=list(csv.DictReader(open(sys.argv[1],encoding='utf-8',newline='')))\n\
             [float(r['OBS_VALUE']) for r in rows]\nprint(len(rows), rows[0]['DATAFLOW'], rows[0]['FREQ'])",
            &sdmx,
        );
        assert!(read.ends_with("XANH:KON_TUM_598_2014(1.0) A"), "{read}");

        let dhis2 = fetch("dhis2.json").await;
        let read = python(
            "import json,sys\nd=json.load(open(sys.argv[1],encoding='utf-8'))['dataValues']\n\
             assert all(set(['dataElement','period','orgUnit','value'])<=set(v) for v in d)\nprint(len(d))",
            &dhis2,
        );
        assert_eq!(read.parse::<i64>().expect("a count"), expected);
        let json = fetch("values.json").await;
        let read = python("import json,sys\nprint(len(json.load(open(sys.argv[1],encoding='utf-8'))))", &json);
        assert_eq!(read.parse::<i64>().expect("a count"), expected);
        // Without a framework named, the plan in force: the new province's figures only.
        let r = reqwest::get(format!("{}/exports/values.json", app.base)).await.expect("answers");
        let path = dir.path().join("in-force.json");
        std::fs::write(&path, r.bytes().await.expect("body")).expect("saved");
        let read = python("import json,sys\nprint(len(json.load(open(sys.argv[1],encoding='utf-8'))))", &path);
        assert_eq!(read.parse::<i64>().expect("a count"), accepted_values(&db, "quang-ngai-822-2023").await);
        let r = reqwest::get(format!("{}/exports/../../etc/passwd", app.base)).await.expect("answers");
        assert_eq!(r.status(), 404);
    }
}

both_databases! {
    async fn the_framework_table_workbook_is_set_up_for_printing_and_holds_values_and_statuses(db) {
        let out = xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
        assert!(out.status.success());
        let app = TestApp::start(db.store.clone()).await;
        let r = reqwest::get(format!("{}/exports/framework.xlsx?framework=kon-tum-598-2014", app.base)).await.expect("answers");
        assert_eq!(r.status(), 200);
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("khung.xlsx");
        std::fs::write(&path, r.bytes().await.expect("body")).expect("saved");
        let read = python(
            "import openpyxl,sys\nws=openpyxl.load_workbook(sys.argv[1])['Khung']\n\
             rows=[[c for c in r] for r in ws.iter_rows(values_only=True)]\n\
             ln=[r for r in rows if r[6] and str(r[6]).startswith('LN.1 ')][0]\n\
             print(ws.page_setup.orientation, ws.page_setup.paperSize, ws.freeze_panes, ws.print_title_rows, rows[3][0], ln[-1])",
            &path,
        );
        assert_eq!(read, "landscape 9 B5 $4:$4 Mục tiêu Cần đẩy nhanh", "A4 landscape, frozen and repeated header, forest cover's status");
    }
}
