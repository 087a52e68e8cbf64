//! `xanh backup` while an agency keeps saving, `xanh restore` into a fresh
//! database, and the restored data is one consistent moment: the value, the
//! report's version and the audit trail agree, on SQLite and PostgreSQL.

use crate::helpers::{TestApp, TestDb, both_databases, xanh};
use crate::people::{login, round};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use xanh_core::report::Value;
use xanh_store::{Backend, Store, ValueChange};

both_databases! {
    async fn a_backup_taken_while_values_are_saved_restores_to_one_consistent_moment(db) {
        let round = round(db).await;
        let store = round.db.store.clone();
        let ct = store.user_for_login("ct").await.expect("lookup").expect("ct").0.actor();
        let report = store.ensure_report(round.period, "SO-CT").await.expect("the report");
        let first_version = report.version;

        // An officer saves indicator 1.1 again and again: the i-th save stores i.
        let saves = Arc::new(AtomicI64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (store, saves, stop) = (store.clone(), saves.clone(), stop.clone());
            tokio::spawn(async move {
                let mut version = first_version;
                let mut after_stop = 0;
                for i in 1_i64.. {
                    let change = ValueChange {
                        indicator: "1.1".into(),
                        unit: "UBND-TINH".into(),
                        value: Some(Value::Number(i as f64)),
                        note: None,
                    };
                    version = store.save_report(report.id, version, &[change], &[], &ct).await.expect("saved").version;
                    saves.store(i, Ordering::SeqCst);
                    if stop.load(Ordering::SeqCst) {
                        after_stop += 1;
                        if after_stop >= 3 {
                            return i;
                        }
                    }
                }
                unreachable!("the loop ends when told to stop")
            })
        };
        while saves.load(Ordering::SeqCst) < 3 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }

        let dir = tempfile::tempdir().expect("a directory");
        let file = dir.path().join("xanh.backup");
        let out = command(&["backup", "--out", path(&file)], &round.db.url).await;
        assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
        stop.store(true, Ordering::SeqCst);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("the backup exists").permissions().mode();
            assert_eq!(mode & 0o077, 0, "only its owner may read a backup: {mode:o}");
        }
        let total = writer.await.expect("the writer ends");

        let again = command(&["backup", "--out", path(&file)], &round.db.url).await;
        assert!(!again.status.success(), "an existing file is never overwritten");
        assert!(String::from_utf8_lossy(&again.stderr).contains("đã có"));

        let target = EmptyDb::new(store.backend(), dir.path()).await;
        let out = command(&["restore", path(&file)], &target.url).await;
        assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
        let restored = Store::connect(&target.url).await.expect("the restored database opens");

        // One moment: the stored value k, k saves in the trail, k versions on.
        let values = restored.values_of_period(round.period).await.expect("values");
        let value = values.iter().find(|v| v.indicator_code == "1.1" && v.unit_code == "UBND-TINH").expect("the value was backed up");
        let Some(Value::Number(k)) = value.value else { panic!("a number: {:?}", value.value) };
        let k = k as i64;
        assert!(k >= 3 && k < total, "the backup is of a moment during the writes: {k} of {total}");
        let trail: Vec<f64> = restored
            .audit_trail("value", &format!("{}/1.1/UBND-TINH", report.id))
            .await
            .expect("trail")
            .iter()
            .filter(|a| a.field.as_deref() == Some("value"))
            .map(|a| a.new_value.as_deref().and_then(|v| v.parse().ok()).expect("a number in the trail"))
            .collect();
        let expected: Vec<f64> = (1..=k).map(|i| i as f64).collect();
        assert_eq!(trail, expected, "every save up to the backup's moment, and none after");
        let restored_report = restored.report(report.id).await.expect("the report");
        assert_eq!(restored_report.version - first_version, k, "the version agrees with the trail");

        // Everything not being written is there in full.
        let names = |s: Store| async move { s.users().await.expect("users").into_iter().map(|u| u.username).collect::<Vec<_>>() };
        assert_eq!(names(restored.clone()).await, names(store.clone()).await);
        assert_eq!(
            restored.periods("kon-tum-598-2014").await.expect("periods").len(),
            store.periods("kon-tum-598-2014").await.expect("periods").len()
        );

        // A database that holds anything is refused, and left as it was.
        let refused = command(&["restore", path(&file)], &target.url).await;
        assert!(!refused.status.success());
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(err.contains("không trống") && err.contains("not empty"), "{err}");
        let refused = command(&["restore", path(&file)], &round.db.url).await;
        assert!(!refused.status.success(), "the live database is never overwritten");
        assert_eq!(store.report(report.id).await.expect("report").version - first_version, total);

        // The restored database serves: the officer signs in and sees the value.
        let app = TestApp::start(restored.clone()).await;
        let person = login(&app, "ct").await;
        let (status, _) = person.get(&app, &format!("/reports/{}", report.id)).await;
        assert_eq!(status, 200);
        let (status, body) = person.api(&app, reqwest::Method::GET, &format!("/api/v1/reports/{}", report.id), None).await;
        assert_eq!(status, 200);
        assert_eq!(body["values"][0]["value"]["value"], k as f64, "the backed-up value shows");
        restored.close().await;
    }
}

pub(crate) async fn command(args: &[&str], url: &str) -> std::process::Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        xanh(&args, &[("XANH_DATABASE_URL", url.as_str())])
    })
    .await
    .expect("the command ran")
}

pub(crate) fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// A database with nothing in it, not even the schema: a new SQLite file, or
/// a PostgreSQL database made as `createdb` would, dropped afterwards.
pub(crate) struct EmptyDb {
    pub(crate) url: String,
    _pg: Option<TestDb>,
}

impl EmptyDb {
    pub(crate) async fn new(backend: Backend, dir: &std::path::Path) -> EmptyDb {
        match backend {
            Backend::Sqlite => EmptyDb {
                url: xanh_store::sqlite_url(&dir.join("restored.db")),
                _pg: None,
            },
            Backend::Postgres => {
                // A fresh test database, emptied of what its migrations made.
                let db = TestDb::postgres().await;
                db.store.close().await;
                let fresh = crate::helpers::pg_url_with_db(&db.url, "postgres");
                let name = db
                    .url
                    .rsplit('/')
                    .next()
                    .expect("a database name")
                    .to_string();
                use sqlx::{Connection, Executor};
                sqlx::any::install_default_drivers();
                let mut conn = sqlx::AnyConnection::connect(&fresh)
                    .await
                    .expect("connects");
                // The name was made by the test helpers, never taken from input.
                conn.execute(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE {name} WITH (FORCE)"
                )))
                .await
                .expect("dropped");
                conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .await
                    .expect("created empty");
                let _ = conn.close().await;
                EmptyDb {
                    url: db.url.clone(),
                    _pg: Some(db),
                }
            }
        }
    }
}
