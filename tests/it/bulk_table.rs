//! The values table after an import into an empty database: on PostgreSQL the
//! import builds a new table and swaps it in, so the table that remains must
//! be the one the migrations define, down to its names, and the next value
//! saved must get an id of its own. A value saved while the first import
//! runs is kept (PostgreSQL then gives up the swap).

use crate::bulk_import::{FRAMEWORK, assert_sums_match, import, person, province, subset};
use crate::helpers::{TestDb, both_databases};
use sqlx::Row;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use xanh_core::access::Role;
use xanh_core::report::Value;
use xanh_core::workflow::PeriodState;
use xanh_store::ValueChange;

/// Everything that defines the values table, as the database describes it.
async fn shape(db: &TestDb) -> Vec<String> {
    let queries: &[&str] = if db.url.starts_with("sqlite") {
        &[
            "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') AS line FROM sqlite_master \
           WHERE tbl_name = 'indicator_values' ORDER BY type, name",
        ]
    } else {
        &[
            "SELECT 'column ' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || \
             is_identity || ' ' || COALESCE(identity_generation, '') || ' ' || ordinal_position AS line \
             FROM information_schema.columns WHERE table_name = 'indicator_values' ORDER BY ordinal_position",
            "SELECT 'constraint ' || conname || ': ' || pg_get_constraintdef(oid) AS line FROM pg_constraint \
             WHERE conrelid = 'indicator_values'::regclass ORDER BY conname",
            "SELECT 'index ' || indexname || ': ' || indexdef AS line FROM pg_indexes \
             WHERE tablename = 'indicator_values' ORDER BY indexname",
            "SELECT 'sequence ' || COALESCE(pg_get_serial_sequence('indicator_values', 'id'), 'none') AS line",
        ]
    };
    let mut lines = Vec::new();
    for sql in queries {
        for row in sqlx::query(sqlx::AssertSqlSafe(*sql))
            .fetch_all(db.store.pool())
            .await
            .expect("the table is described")
        {
            lines.push(row.try_get::<String, _>("line").expect("a line"));
        }
    }
    lines
}

both_databases! {
    async fn an_import_into_an_empty_database_leaves_the_values_table_as_the_migrations_define_it(db) {
        let (_dir, csv) = province(&db).await;
        let before = shape(&db).await;
        assert!(before.len() >= 4, "the table, its key and indexes are described: {before:?}");
        let out = import(&db, &subset(&csv, &[2015, 2016], "2015-2016.csv"));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(shape(&db).await, before, "the same columns, keys, indexes and names");

        // A value stored after the import gets an id no imported value has.
        let row = sqlx::query(
            "INSERT INTO indicator_values (period_id, indicator_code, unit_code, entered_at, version) \
             SELECT period_id, indicator_code, 'NEW-UNIT', entered_at, 1 FROM indicator_values \
             ORDER BY id LIMIT 1 RETURNING id",
        )
        .fetch_one(db.store.pool())
        .await
        .expect("a new value is stored after the import");
        let id: i64 = row.try_get("id").expect("an id");
        let (n, max): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), MAX(id) FROM indicator_values WHERE id <> $1",
        )
        .bind(id)
        .fetch_one(db.store.pool())
        .await
        .expect("the imported values are counted");
        assert!(n > 10_000, "two years of a province were imported: {n}");
        assert!(id > max, "the new id {id} follows every imported id (up to {max})");
    }
}

/// On PostgreSQL, holds the import just before its swap: the swap's lock
/// waits for the periods, which the test holds.
async fn hold_the_import(db: &TestDb) -> sqlx::Transaction<'static, sqlx::Any> {
    let mut held = db.store.pool().begin().await.expect("a transaction");
    sqlx::query("LOCK TABLE reporting_periods IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut *held)
        .await
        .expect("the periods are held");
    held
}

async fn import_waits(db: &TestDb) {
    for _ in 0..600 {
        let waiting = sqlx::query(
            "SELECT 1 AS one FROM pg_stat_activity WHERE wait_event_type = 'Lock' \
             AND query LIKE 'LOCK TABLE indicator_values%'",
        )
        .fetch_optional(db.store.pool())
        .await
        .expect("the activity is read");
        if waiting.is_some() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import never reached its swap");
}

both_databases! {
    async fn a_value_saved_while_the_first_import_runs_is_kept(db) {
        let (_dir, csv) = province(&db).await;
        let file = subset(&csv, &[2017, 2018, 2019], "2017-2019.csv");
        let officer = person(&db.store, "can-bo", Role::Officer).await;
        let consolidator = person(&db.store, "tong-hop", Role::Consolidator).await;
        let period = db.store.periods(FRAMEWORK).await.expect("periods")
            .into_iter().find(|p| p.code == "annual-2016").expect("annual-2016");
        db.store.set_period_state(period.id, PeriodState::Open, &consolidator).await.expect("opens");
        let report = db.store.ensure_report(period.id, "SO-TC-MAU").await.expect("a report");
        let postgres = !db.url.starts_with("sqlite");
        let held = if postgres { Some(hold_the_import(&db).await) } else { None };

        let mut child = Command::new(env!("CARGO_BIN_EXE_xanh"))
            .args(["import", "values", &file.display().to_string()])
            .env("XANH_DATABASE_URL", &db.url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the import starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
        assert!(
            lines.any(|l| l.contains("writing and summing")),
            "the import says when it has read the file"
        );
        // PostgreSQL: the import has found the values table empty and built a
        // new one; the save lands in the old one before the swap. SQLite: the
        // save waits for the import's transaction.
        if postgres {
            import_waits(&db).await;
        }
        let save = {
            let store = db.store.clone();
            let report = report.clone();
            tokio::spawn(async move {
                let change = ValueChange {
                    indicator: "1.3".into(),
                    unit: "XA-X001".into(),
                    value: Some(Value::Number(42.0)),
                    note: None,
                };
                store.save_report(report.id, report.version, &[change], &[], &officer).await
            })
        };
        let saved = save.await.expect("the save runs");
        saved.expect("the save is not refused");
        if let Some(held) = held {
            held.commit().await.expect("the import is let go");
        }
        lines.for_each(drop);
        let status = child.wait().expect("the import ends");
        assert!(status.success(), "the import succeeds");

        let imported = std::fs::read_to_string(&file).expect("reads").lines().count() as i64 - 1;
        let (n, saved): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), SUM(CASE WHEN period_id = $1 AND value_num = 42.0 THEN 1 ELSE 0 END) \
             FROM indicator_values",
        )
        .bind(period.id)
        .fetch_one(db.store.pool())
        .await
        .expect("the values are counted");
        assert_eq!(saved, 1, "the officer's value is kept");
        assert_eq!(n, imported + 1, "every imported value and the saved one are stored");
        assert_sums_match(&db.store).await;
    }
}
