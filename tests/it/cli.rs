//! The `xanh` binary as a person runs it: validate, import, list, show, serve.

use crate::helpers::{TestDb, builtin_path, fixture, xanh};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_built_in_framework_validates_cleanly() {
    let out = xanh(
        &[
            "framework",
            "validate",
            builtin_path().to_str().expect("utf-8 path"),
        ],
        &[],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 lỗi"), "{text}");
    assert!(text.contains("Tệp hợp lệ. / The file is valid."));
}

/// Each broken copy of the 2014 framework: (file, problem kind, line it points at).
const BROKEN: &[(&str, &str, usize)] = include!("../fixtures/broken/expected.rs");

#[test]
fn every_broken_copy_of_the_framework_gives_a_located_readable_error() {
    assert!(
        BROKEN.len() >= 10,
        "at least ten kinds of error are covered"
    );
    for (file, kind, line) in BROKEN {
        let path = fixture(&format!("broken/{file}"));
        let out = xanh(
            &["framework", "validate", path.to_str().expect("utf-8 path")],
            &[],
        );
        let text = stdout(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{file} must fail validation:\n{text}"
        );
        assert!(
            text.contains(&format!("[{kind}] line {line}")),
            "{file}: expected [{kind}] at line {line}, got:\n{text}"
        );
        assert!(
            text.contains("LỖI/ERROR"),
            "{file}: the message is marked as an error in both languages"
        );
        assert!(!text.contains("panicked"), "{file}: no panic");
    }
}

#[test]
fn a_file_with_several_errors_gets_every_one_reported_at_once() {
    let path = fixture("broken/several-errors.toml");
    let out = xanh(
        &[
            "framework",
            "validate",
            "--json",
            path.to_str().expect("utf-8 path"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let kinds: Vec<&str> = json["problems"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["kind"].as_str())
        .collect();
    for kind in ["unknown_agency", "range_reversed", "percent_out_of_range"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert_eq!(json["valid"], false);
}

#[test]
fn a_missing_file_is_reported_without_a_panic() {
    let out = xanh(&["framework", "validate", "/nonexistent/khung.toml"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("Không đọc được tệp"));
}

#[test]
fn every_command_explains_itself_with_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["framework", "--help"],
        vec!["framework", "validate", "--help"],
        vec!["framework", "import", "--help"],
        vec!["framework", "list", "--help"],
        vec!["framework", "show", "--help"],
    ] {
        let out = xanh(&args, &[]);
        assert!(out.status.success(), "{args:?}");
        assert!(stdout(&out).contains("Usage"), "{args:?}");
    }
}

async fn import_and_show(url: &str) {
    let env = [("XANH_DATABASE_URL", url)];
    let file = builtin_path();
    let file = file.to_str().expect("utf-8 path");
    let first = xanh(&["framework", "import", file], &env);
    assert!(first.status.success(), "{}", stdout(&first));
    assert!(stdout(&first).contains("phiên bản 1"));
    let again = xanh(&["framework", "import", file], &env);
    assert!(
        stdout(&again).contains("không thay đổi gì"),
        "{}",
        stdout(&again)
    );
    let list = xanh(&["framework", "list"], &env);
    assert!(
        stdout(&list).contains("kon-tum-598-2014  v1"),
        "{}",
        stdout(&list)
    );

    let show = xanh(&["framework", "show"], &env);
    let text = stdout(&show);
    assert!(show.status.success(), "{text}");
    for objective in [
        "MỤC TIÊU 1:",
        "MỤC TIÊU 2.1:",
        "MỤC TIÊU 2.2:",
        "MỤC TIÊU 2.3:",
        "MỤC TIÊU 3:",
        "MỤC TIÊU 4:",
        "MỤC TIÊU LN:",
    ] {
        assert!(text.contains(objective), "{objective} missing");
    }
    assert!(text.contains("Chủ trì: Sở Công thương [SO-CT]"));
    assert!(text.contains("Phối hợp: Sở Khoa học và Công nghệ [SO-KHCN]"));
    assert!(text.contains("Báo cáo: Hằng năm, Giữa kỳ, Cuối kỳ"));
    assert!(text.contains("LN.1"));
    assert!(text.contains("> 65% đến năm 2020"));
    assert!(text.contains("annual-2019"));
    let english = xanh(
        &["framework", "show", "kon-tum-598-2014", "--lang", "en"],
        &env,
    );
    assert!(stdout(&english).contains("OBJECTIVE LN:"));
}

#[tokio::test]
async fn import_and_show_work_on_sqlite() {
    let db = TestDb::sqlite().await;
    db.store.close().await;
    import_and_show(&db.url).await;
}

#[tokio::test]
#[cfg_attr(
    not(xanh_postgres),
    ignore = "skipped: no PostgreSQL (set XANH_TEST_POSTGRES_URL and build again)"
)]
async fn import_and_show_work_on_postgres() {
    let db = TestDb::postgres().await;
    import_and_show(&db.url).await;
}

#[test]
fn serve_on_a_fresh_machine_shows_the_framework_table_in_vietnamese() {
    let data = tempfile::tempdir().expect("a temporary directory");
    let mut child = Command::new(env!("CARGO_BIN_EXE_xanh"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("XANH_DATABASE_URL")
        .env("XANH_DATA_DIR", data.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("xanh serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
    let addr = lines
        .by_ref()
        .find_map(|l| {
            l.strip_prefix("Xanh: http://")
                .map(|a| a.trim_end_matches('/').to_string())
        })
        .expect("the server prints its address");
    // Keep reading what the server logs, so its stderr never hits a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let html = std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async move {
            reqwest::get(format!("http://{addr}/"))
                .await
                .expect("answers")
                .text()
                .await
                .expect("body")
        })
    })
    .join()
    .expect("the request thread");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        html.contains("KHUNG THEO DÕI"),
        "the framework title is shown"
    );
    assert!(html.contains("Kết quả đầu ra/tác động"));
    assert!(
        data.path().join("xanh.db").exists(),
        "the SQLite file is created in the data directory"
    );
}

async fn demo_loads_once_and_every_page_says_it_is_sample_data(db: TestDb) {
    let env = [("XANH_DATABASE_URL", db.url.as_str())];
    let out = xanh(&["demo"], &env);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("demo-ct") && said.contains("Mật khẩu chung"),
        "{said}"
    );
    let again = xanh(&["demo"], &env);
    assert!(
        !again.status.success(),
        "the sample data set is loaded once only"
    );

    let states: Vec<String> = sqlx::query_scalar::<_, String>(
        "SELECT DISTINCT r.state FROM reports r JOIN reporting_periods p ON p.id = r.period_id",
    )
    .fetch_all(db.store.pool())
    .await
    .expect("states");
    for state in ["accepted", "submitted", "returned", "draft"] {
        assert!(
            states.iter().any(|s| s == state),
            "a report in state {state}"
        );
    }
    let mut state = xanh_web::AppState::new(db.store.clone());
    state.settings.demo = db.store.is_demo().await.expect("flag");
    assert!(state.settings.demo);
    let app = crate::helpers::TestApp::start_with(state).await;
    for path in ["/", "/login", "/no-such-page"] {
        let (_, html, _) = app.get(path).await;
        assert!(
            html.contains("DỮ LIỆU MẪU"),
            "{path} says it is sample data"
        );
    }
}

#[tokio::test]
async fn demo_loads_once_on_sqlite_and_every_page_says_so() {
    demo_loads_once_and_every_page_says_it_is_sample_data(TestDb::sqlite().await).await;
}

#[tokio::test]
#[cfg_attr(
    not(xanh_postgres),
    ignore = "skipped: no PostgreSQL (set XANH_TEST_POSTGRES_URL and build again)"
)]
async fn demo_loads_once_on_postgres_and_every_page_says_so() {
    demo_loads_once_and_every_page_says_it_is_sample_data(TestDb::postgres().await).await;
}

#[test]
fn a_sqlite_url_as_people_write_it_creates_the_database_file_on_first_use() {
    // The help says "sqlite://path/xanh.db"; a file that does not exist yet is made, not refused.
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("new").join("xanh.db");
    let url = format!("sqlite://{}", file.display());
    let out = xanh(
        &["framework", "list"],
        &[("XANH_DATABASE_URL", url.as_str())],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(file.exists(), "the file was created");
}
