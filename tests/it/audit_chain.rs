//! The tamper-evident record, on both databases: `xanh audit verify` passes
//! on the sample data, finds a figure changed directly in the database, an
//! audit entry edited, and an issued report altered, each by name; the
//! public dashboard shows the chain's head; a backup restores to a database
//! whose chain still verifies, with the same head.

use crate::backup::{EmptyDb, command, path};
use crate::harness::{DESKTOP, Driver, PHONE, overflow, shot, wait_for};
use crate::helpers::both_databases;
use fantoccini::Locator;
use sqlx::Row;

both_databases! {
    async fn the_audit_chain_verifies_survives_backup_and_restore_and_names_what_was_changed_around_xanh(db) {
        let (app, _password, _) = crate::people::sample(&db).await;
        let url = db.url.clone();
        let out = command(&["audit", "verify"], &url).await;
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
        assert!(said.contains("Nguyên vẹn / intact."), "{said}");
        let head = db.store.audit_head().await.expect("the head");
        assert!(head.seq > 100, "the sample data leave a long trail: {}", head.seq);
        assert!(said.contains(&head.hash), "the head to compare with the published one: {said}");

        // The public portal shows the head, to be noted by anyone.
        let page = reqwest::get(format!("{}/dashboard", app.base)).await.expect("answers").text().await.expect("the page");
        let shown = page.split("id=\"audit-head\"").nth(1).expect("the head on the dashboard");
        assert!(shown.contains(&head.hash) && shown.contains(&head.seq.to_string()), "{shown}");
        // In a browser, the long hash wraps rather than widen a phone's page.
        let t = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        let driver = Driver::start();
        for width in [DESKTOP, PHONE] {
            let b = driver.browser(width).await;
            b.goto(&format!("{}/dashboard", app.base)).await.expect("the dashboard");
            wait_for(&b, Locator::Id("audit-head"), "the chain's head").await;
            b.execute("document.getElementById('audit-head').scrollIntoView({block: 'center'})", vec![]).await.expect("scrolled");
            assert!(!overflow(&b).await.scrolls_sideways(), "the dashboard at {width} px scrolls sideways");
            shot(&b, &format!("{t}-audit-head-{width}")).await;
            b.close().await.expect("closed");
        }

        // Backed up and restored, the chain still verifies, with the same head.
        let dir = tempfile::tempdir().expect("a directory");
        let file = dir.path().join("xanh.backup");
        let out = command(&["backup", "--out", path(&file)], &url).await;
        assert!(out.status.success(), "backup: {}", String::from_utf8_lossy(&out.stderr));
        let target = EmptyDb::new(db.store.backend(), dir.path()).await;
        let out = command(&["restore", path(&file)], &target.url).await;
        assert!(out.status.success(), "restore: {}", String::from_utf8_lossy(&out.stderr));
        let out = command(&["audit", "verify"], &target.url).await;
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success() && said.contains(&head.hash), "the restored chain: {said}");

        // Around Xanh: a figure raised by one, an entry's author changed, an issued report's text altered.
        let pool = db.store.pool();
        let last = sqlx::query(
            "SELECT entity_id FROM audit_log WHERE entity = 'value' AND field = 'value' AND new_value NOT IN ('yes', 'no') ORDER BY seq DESC LIMIT 1",
        )
        .fetch_one(pool).await.expect("a saved figure");
        let figure: String = last.try_get("entity_id").expect("its id");
        let mut parts = figure.splitn(3, '/');
        let (report, indicator, unit) = (parts.next().expect("report"), parts.next().expect("indicator"), parts.next().expect("unit"));
        let changed = sqlx::query("UPDATE indicator_values SET value_num = value_num + 1 WHERE report_id = $1 AND indicator_code = $2 AND unit_code = $3")
            .bind(report.parse::<i64>().expect("an id")).bind(indicator).bind(unit)
            .execute(pool).await.expect("changed directly");
        assert_eq!(changed.rows_affected(), 1);
        sqlx::query("UPDATE audit_log SET actor = 'nguoi-khac' WHERE seq = 7").execute(pool).await.expect("an entry edited");
        let issued: i64 = sqlx::query("SELECT id FROM provincial_reports WHERE state = 'issued' ORDER BY id LIMIT 1")
            .fetch_one(pool).await.expect("an issued report").try_get("id").expect("its id");
        sqlx::query("UPDATE provincial_reports SET body_json = replace(body_json, 'Năm', 'Nam') WHERE id = $1")
            .bind(issued).execute(pool).await.expect("an issued report altered");

        // An entry written straight into the table, outside the chain: named, never sealed away.
        sqlx::query("INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES ('2026-12-04T00:00:00Z', 'nguoi-khac', 'save', 'value', 'x')")
            .execute(pool).await.expect("an entry around Xanh");
        let out = command(&["audit", "verify"], &url).await;
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(said.contains("nằm ngoài chuỗi"), "the entry around Xanh: {said}");
        let again = command(&["audit", "verify"], &url).await;
        assert!(String::from_utf8_lossy(&again.stdout).contains("nằm ngoài chuỗi"), "still named the next time");
        assert!(said.contains("mục số 7 (id") && said.contains("đã bị sửa"), "the edited entry by its place: {said}");
        assert!(said.contains(&format!("số liệu {figure} là")), "the changed figure by name: {said}");
        assert!(said.contains(&format!("báo cáo tổng hợp {issued} đã ban hành bị thay đổi")), "the altered report: {said}");
        assert!(!said.contains("mục số 8 (id"), "the first broken entry is named, not every one after it: {said}");
    }
}
