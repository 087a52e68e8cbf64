//! Several `xanh serve` processes behind one PostgreSQL: what one process
//! knows, the others know, because sessions, versions and the audit trail
//! live in the database, never in a process's memory.

use crate::helpers::TestDb;
use crate::process::{Process, sign_in_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(xanh_postgres),
    ignore = "skipped: no PostgreSQL (set XANH_TEST_POSTGRES_URL and build again)"
)]
async fn two_server_processes_on_one_postgresql_share_sessions_versions_and_the_audit_trail() {
    let db = TestDb::postgres().await;
    let out = crate::helpers::xanh(&["demo"], &[("XANH_DATABASE_URL", db.url.as_str())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let password = String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| {
            l.split("Mật khẩu chung / shared password: ")
                .nth(1)
                .map(str::to_string)
        })
        .expect("the password");
    let data = tempfile::tempdir().expect("a temporary directory");
    let a = Process::start(&db.url, data.path());
    let b = Process::start(&db.url, data.path());
    assert_ne!(a.base, b.base);

    // Signed in on A; the same session cookie is honoured by B (cookies are per host, not per port).
    let http = crate::people::client();
    let csrf = sign_in_with(&a.base, &http, "demo-nnptnt", &password).await;
    let me = http
        .get(format!("{}/api/v1/me", b.base))
        .send()
        .await
        .expect("me on B");
    assert_eq!(me.status(), 200, "process B knows the session made on A");

    let periods = db.store.periods("kon-tum-598-2014").await.expect("periods");
    let p2019 = periods
        .iter()
        .find(|p| p.code == "annual-2019")
        .expect("2019")
        .id;
    let report = db
        .store
        .reports_of_period(p2019)
        .await
        .expect("reports")
        .into_iter()
        .find(|r| r.unit_code == "SO-NNPTNT")
        .expect("the draft")
        .id;
    let read: serde_json::Value = http
        .get(format!("{}/api/v1/reports/{report}", b.base))
        .send()
        .await
        .expect("read")
        .json()
        .await
        .expect("json");
    let version = read["report"]["version"].as_i64().expect("a version");
    let objective = read["narrative"][0]["objective_code"]
        .as_str()
        .expect("a narrative")
        .to_string();

    // Two saves from the same version, one on each process, at the same time: exactly one wins.
    let save = |base: String, text: &'static str| {
        let http = http.clone();
        let csrf = csrf.clone();
        let objective = objective.clone();
        async move {
            http.put(format!("{base}/api/v1/reports/{report}"))
                .header("x-csrf-token", csrf)
                .json(&serde_json::json!({ "version": version, "narrative": [{ "objective": objective, "part": "results", "body": text }] }))
                .send()
                .await
                .expect("answers")
                .status()
                .as_u16()
        }
    };
    let (on_a, on_b) = tokio::join!(
        save(a.base.clone(), "Viết trên máy chủ A."),
        save(b.base.clone(), "Viết trên máy chủ B.")
    );
    let mut statuses = [on_a, on_b];
    statuses.sort();
    assert_eq!(
        statuses,
        [200, 409],
        "one save is stored, the other told it is stale"
    );

    let after: serde_json::Value = http
        .get(format!("{}/api/v1/reports/{report}", a.base))
        .send()
        .await
        .expect("read")
        .json()
        .await
        .expect("json");
    assert_eq!(
        after["report"]["version"].as_i64(),
        Some(version + 1),
        "one change, one new version"
    );
    let winner = if on_a == 200 {
        "Viết trên máy chủ A."
    } else {
        "Viết trên máy chủ B."
    };
    let body = after["narrative"]
        .as_array()
        .expect("narrative")
        .iter()
        .find(|n| n["objective_code"] == objective.as_str() && n["part"] == "results")
        .and_then(|n| n["body"].as_str())
        .expect("the text");
    assert_eq!(body, winner);
    let trail: serde_json::Value = http
        .get(format!("{}/api/v1/reports/{report}/audit", b.base))
        .send()
        .await
        .expect("audit")
        .json()
        .await
        .expect("json");
    let mentions = trail["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e.to_string().contains(winner))
        .count();
    assert_eq!(
        mentions, 1,
        "the audit trail, read on B, records the winning change once"
    );
    assert!(
        !trail.to_string().contains(if on_a == 200 {
            "Viết trên máy chủ B."
        } else {
            "Viết trên máy chủ A."
        }),
        "the refused save left no trace"
    );

    // Signing out on B ends the session on A too.
    let r = http
        .post(format!("{}/logout", b.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status(), 303);
    let me = http
        .get(format!("{}/api/v1/me", a.base))
        .send()
        .await
        .expect("me on A");
    assert_eq!(me.status(), 401, "the session is gone on every process");
}
