//! Storage on both databases: import is versioned, idempotent and all or
//! nothing; the calendar becomes periods; the two schemas stay in step.

use crate::helpers::{BUILTIN, TestDb, both_databases, with_builtin};
use sqlx::Row;
use xanh_core::framework::load;
use xanh_store::{Backend, ImportOutcome, StoreError};

async fn count(db: &TestDb, table: &str) -> i64 {
    // Table names come from the tests themselves, never from input.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n FROM {table}"
    )))
    .fetch_one(db.store.pool())
    .await
    .expect("count runs")
    .try_get("n")
    .expect("a count")
}

both_databases! {
    async fn a_state_or_kind_xanh_never_wrote_is_an_error_naming_the_row_not_a_default(db) {
        with_builtin(&db.store).await;
        let period = db.store.periods("kon-tum-598-2014").await.expect("periods")[0].clone();
        let report = db.store.ensure_report(period.id, "SO-KHDT").await.expect("a report");
        assert_eq!(report.state, xanh_core::workflow::ReportState::NotStarted);
        // Someone edits the database by hand: the report's state is not one Xanh knows.
        sqlx::query("UPDATE reports SET state = 'approved' WHERE id = $1")
            .bind(report.id)
            .execute(db.store.pool())
            .await
            .expect("a hand edit");
        let read = db.store.report(report.id).await;
        let said = format!("{:?}", read.as_ref().expect_err("refused, not read as a draft"));
        assert!(said.contains(&format!("report {}", report.id)) && said.contains("approved"), "{said}");
        // A period of an unknown kind is refused the same way, by its id.
        sqlx::query("UPDATE reporting_periods SET kind = 'monthly' WHERE id = $1")
            .bind(period.id)
            .execute(db.store.pool())
            .await
            .expect("a hand edit");
        let said = format!("{:?}", db.store.period(period.id).await.expect_err("refused, not read as annual"));
        assert!(said.contains(&format!("period {}", period.id)) && said.contains("monthly"), "{said}");
        // A comment and a narrative part of a kind Xanh never wrote: refused, by their report.
        sqlx::query("INSERT INTO report_comments (report_id, kind, body, at) VALUES ($1, 'praise', 'Tốt', '2026-12-01T00:00:00Z')")
            .bind(report.id)
            .execute(db.store.pool())
            .await
            .expect("a hand edit");
        let said = format!("{:?}", db.store.comments(report.id).await.expect_err("refused, not read as a reopening"));
        assert!(said.contains(&format!("report {}", report.id)) && said.contains("praise"), "{said}");
        sqlx::query("INSERT INTO narratives (report_id, objective_code, part, body, updated_at) VALUES ($1, '1', 'summary', 'x', '2026-12-01T00:00:00Z')")
            .bind(report.id)
            .execute(db.store.pool())
            .await
            .expect("a hand edit");
        let said = format!("{:?}", db.store.narratives(report.id).await.expect_err("refused, not dropped"));
        assert!(said.contains(&format!("report {}", report.id)) && said.contains("summary"), "{said}");
        // An account of a role Xanh does not know: refused by its name, never a session.
        crate::people::add_user(&db.store, "la-ky", xanh_core::access::Role::Viewer, None).await;
        sqlx::query("UPDATE users SET role = 'boss' WHERE username = 'la-ky'")
            .execute(db.store.pool())
            .await
            .expect("a hand edit");
        let said = format!("{:?}", db.store.users().await.expect_err("refused"));
        assert!(said.contains("account la-ky") && said.contains("boss"), "{said}");
    }

    async fn a_framework_imported_twice_is_stored_once(db) {
        let fw = load(BUILTIN).expect("valid").framework;
        let first = db.store.import_framework(BUILTIN, &fw, None).await.expect("imports");
        let second = db.store.import_framework(BUILTIN, &fw, None).await.expect("imports again");
        assert_eq!(first, ImportOutcome::Created { version: 1 });
        assert_eq!(second, ImportOutcome::Unchanged { version: 1 });
        assert_eq!(count(&db, "framework_versions").await, 1);
        assert_eq!(count(&db, "indicators").await, fw.indicators().count() as i64);
    }

    async fn a_changed_framework_becomes_a_new_version_and_the_old_one_is_kept(db) {
        with_builtin(&db.store).await;
        let changed_text = BUILTIN.replacen("value = 65", "value = 70", 1);
        assert_ne!(changed_text, BUILTIN, "the forest cover target is written as value = 65");
        let changed = load(&changed_text).expect("still valid").framework;
        let outcome = db.store.import_framework(&changed_text, &changed, None).await.expect("imports");
        assert_eq!(outcome, ImportOutcome::NewVersion { version: 2 });

        let current = db.store.framework(&changed.code, None).await.expect("current version");
        let old = db.store.framework(&changed.code, Some(1)).await.expect("old version");
        assert_eq!(current.version, 2);
        let target = |f: &xanh_core::framework::Framework| f.indicator("LN.1").map(|(_, i)| i.target);
        assert_eq!(target(&current.framework), Some(xanh_core::framework::Target::Above { value: 70.0, year: 2020 }));
        assert_eq!(target(&old.framework), Some(xanh_core::framework::Target::Above { value: 65.0, year: 2020 }));
        let list = db.store.frameworks().await.expect("list");
        assert_eq!((list[0].current_version, list[0].versions), (2, 2));
        // Periods belong to the framework, not to a version: not doubled.
        assert_eq!(db.store.periods(&changed.code).await.expect("periods").len(), 9);
    }

    async fn an_import_that_fails_midway_leaves_nothing_behind(db) {
        let mut fw = load(BUILTIN).expect("valid").framework;
        // Two indicators with one code pass no validation, but a program could
        // hand them over: the database refuses the second one after the
        // framework, its units and its first objectives were written.
        let last = fw.objectives.len() - 1;
        let copy = fw.objectives[last].indicators[0].clone();
        fw.objectives[last].indicators.push(copy);
        let result = db.store.import_framework(BUILTIN, &fw, None).await;
        assert!(matches!(result, Err(StoreError::Database { .. })), "{result:?}");
        for table in ["frameworks", "framework_versions", "org_units", "objectives", "indicators", "reporting_periods", "audit_log"] {
            assert_eq!(count(&db, table).await, 0, "{table} must be empty after a failed import");
        }
    }

    async fn the_reporting_calendar_gives_every_annual_report_and_both_reviews(db) {
        with_builtin(&db.store).await;
        let periods = db.store.periods("kon-tum-598-2014").await.expect("periods");
        let codes: Vec<&str> = periods.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, [
            "annual-2014", "mid-term-2015", "annual-2015", "annual-2016", "annual-2017",
            "annual-2018", "annual-2019", "end-term-2020", "annual-2020",
        ]);
        let y2019 = periods.iter().find(|p| p.code == "annual-2019").expect("2019");
        // 14/12/2019 was a Saturday: the deadline moves back to Friday 13/12.
        assert_eq!((y2019.data_from.as_str(), y2019.data_to.as_str(), y2019.deadline.as_str()),
                   ("2018-12-15", "2019-12-14", "2019-12-13"));
        let mid = periods.iter().find(|p| p.code == "mid-term-2015").expect("mid-term");
        assert_eq!(mid.deadline, "2015-10-31");
        let end = periods.iter().find(|p| p.code == "end-term-2020").expect("end-term");
        assert_eq!(end.deadline, "2020-10-31");
    }

    async fn the_framework_reads_back_exactly_as_validated(db) {
        let fw = load(BUILTIN).expect("valid").framework;
        db.store.import_framework(BUILTIN, &fw, None).await.expect("imports");
        let stored = db.store.framework(&fw.code, None).await.expect("reads back");
        assert_eq!(stored.framework, fw);
        // The relational rows agree with the model, for queries that need them.
        let coordinators: usize = fw.objectives.iter().map(|o| o.coordinating.len()).sum();
        assert_eq!(count(&db, "objective_coordinators").await, coordinators as i64);
        assert_eq!(count(&db, "objectives").await, fw.objectives.len() as i64);
        assert_eq!(count(&db, "org_units").await, fw.units.len() as i64);
    }

    async fn data_survives_a_restart(db) {
        with_builtin(&db.store).await;
        db.store.close().await;
        let again = db.reopen().await;
        assert_eq!(again.frameworks().await.expect("list").len(), 1);
        if again.backend() == Backend::Sqlite {
            let mode: String = sqlx::query("PRAGMA journal_mode").fetch_one(again.pool()).await
                .expect("pragma").try_get(0).expect("mode");
            assert_eq!(mode, "wal");
        }
    }

    async fn one_value_per_indicator_unit_and_period_is_enforced(db) {
        with_builtin(&db.store).await;
        let period: i64 = sqlx::query("SELECT id FROM reporting_periods WHERE code = 'annual-2019'")
            .fetch_one(db.store.pool()).await.expect("period").try_get("id").expect("id");
        let insert = || sqlx::query(
            "INSERT INTO indicator_values (period_id, indicator_code, unit_code, value_num, entered_at, version) \
             VALUES ($1, 'LN.1', 'H-DAKHA', 61.5, '2019-12-01T00:00:00Z', 1)").bind(period);
        insert().execute(db.store.pool()).await.expect("the first value is stored");
        let second = insert().execute(db.store.pool()).await;
        assert!(second.is_err(), "a second value for the same indicator, unit and period must be refused");
    }
}

/// Table → sorted "column:notnull" list, from SQLite.
async fn sqlite_schema(db: &TestDb) -> std::collections::BTreeMap<String, Vec<String>> {
    let tables: Vec<String> = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'")
        .fetch_all(db.store.pool()).await.expect("tables")
        .iter().map(|r| r.try_get("name").expect("name")).collect();
    let mut out = std::collections::BTreeMap::new();
    for t in tables {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT name, \"notnull\" AS nn, pk FROM pragma_table_info('{t}')"
        )))
        .fetch_all(db.store.pool())
        .await
        .expect("columns");
        let mut cols: Vec<String> = rows
            .iter()
            .map(|r| {
                let name: String = r.try_get("name").expect("name");
                let nn: i64 = r.try_get("nn").expect("notnull");
                let pk: i64 = r.try_get("pk").expect("pk");
                format!("{name}:{}", nn == 1 || pk > 0)
            })
            .collect();
        cols.sort();
        out.insert(t, cols);
    }
    out
}

async fn postgres_schema(db: &TestDb) -> std::collections::BTreeMap<String, Vec<String>> {
    let rows = sqlx::query("SELECT table_name::text AS t, column_name::text AS c, is_nullable::text AS n FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'")
        .fetch_all(db.store.pool()).await.expect("columns");
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in rows {
        let t: String = r.try_get("t").expect("t");
        let c: String = r.try_get("c").expect("c");
        let n: String = r.try_get("n").expect("n");
        out.entry(t).or_default().push(format!("{c}:{}", n == "NO"));
    }
    out.values_mut().for_each(|v| v.sort());
    out
}

async fn index_names(db: &TestDb) -> Vec<String> {
    let sql = match db.store.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'"
        }
        Backend::Postgres => {
            "SELECT indexname::text AS name FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' AND tablename NOT LIKE '_sqlx%'"
        }
    };
    let mut names: Vec<String> = sqlx::query(sql)
        .fetch_all(db.store.pool())
        .await
        .expect("indexes")
        .iter()
        .map(|r| r.try_get("name").expect("name"))
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(xanh_postgres),
    ignore = "skipped: no PostgreSQL (set XANH_TEST_POSTGRES_URL and build again)"
)]
async fn the_sqlite_and_postgres_schemas_have_the_same_tables_columns_and_indexes() {
    let lite = TestDb::sqlite().await;
    let pg = TestDb::postgres().await;
    assert_eq!(sqlite_schema(&lite).await, postgres_schema(&pg).await);
    assert_eq!(index_names(&lite).await, index_names(&pg).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_runs_in_wal_mode_and_syncs_every_commit() {
    let db = TestDb::sqlite().await;
    // Several connections at once, so that more than one of the pool's is asked.
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut conn = db.store.pool().acquire().await.expect("a connection");
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .expect("journal mode");
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .expect("synchronous");
        assert_eq!(mode.to_lowercase(), "wal");
        assert_eq!(
            sync, 2,
            "synchronous = FULL (2): an acknowledged save survives a power cut"
        );
        held.push(conn);
    }
}
