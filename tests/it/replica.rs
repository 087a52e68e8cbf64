//! The public portal on a real PostgreSQL streaming replica, made on this
//! machine: a second cluster started from `pg_basebackup` of the test
//! PostgreSQL, on a port of its own. A page read without signing in comes
//! from the replica (with replay paused, it shows the older audit-chain head
//! while a signed-in page shows the new one) and says how recent its figures
//! are; when the replica is stopped, the same page comes from the primary,
//! without an error. `.ci/run` allows replication connections from 127.0.0.1.

use crate::helpers::{TestApp, TestDb};
use crate::people::login_with;
use std::path::PathBuf;
use std::process::Command;

/// A streaming replica of the test PostgreSQL, stopped and removed on drop.
struct Standby {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
}

fn as_postgres(program: &std::path::Path, args: &[&str]) -> std::process::Output {
    // The server refuses to run as root: as root, run it as the postgres user.
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    let mut cmd = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args)
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", program.display()))
}

impl Standby {
    fn start(primary_port: u16) -> Standby {
        let version = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's binaries (Debian layout)")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .max_by_key(|v| v.parse::<u32>().unwrap_or(0))
            .expect("a PostgreSQL version");
        let bin = PathBuf::from(format!("/usr/lib/postgresql/{version}/bin"));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("xanh-standby-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the standby's directory");
        let _ = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status();
        let _ = Command::new("chmod").arg("700").arg(&dir).status();
        let d = dir.to_string_lossy().to_string();
        let out = as_postgres(
            &bin.join("pg_basebackup"),
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &primary_port.to_string(),
                "-U",
                "postgres",
                "-D",
                &d,
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
            ],
        );
        assert!(
            out.status.success(),
            "pg_basebackup: {} (the primary must allow replication from 127.0.0.1; .ci/run sets it)",
            String::from_utf8_lossy(&out.stderr)
        );
        // Debian keeps the configuration outside the data directory: the standby gets its own.
        let conf = format!(
            "port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{d}'\nhot_standby = on\n"
        );
        let hba = "local all all trust\nhost all all 127.0.0.1/32 trust\n";
        for (name, text) in [
            ("postgresql.conf", conf.as_str()),
            ("pg_hba.conf", hba),
            ("pg_ident.conf", ""),
        ] {
            std::fs::write(dir.join(name), text).expect("a configuration file");
            let _ = Command::new("chown")
                .arg("postgres:postgres")
                .arg(dir.join(name))
                .status();
        }
        let log = dir.join("log").to_string_lossy().to_string();
        let out = as_postgres(
            &bin.join("pg_ctl"),
            &["-D", &d, "-l", &log, "-w", "-t", "60", "start"],
        );
        assert!(
            out.status.success(),
            "the standby starts: {} {}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        Standby { dir, port, bin }
    }

    fn stop(&self) {
        let _ = as_postgres(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                &self.dir.to_string_lossy(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }

    fn psql(&self, db: &str, sql: &str) -> String {
        let out = Command::new("psql")
            .args([
                &format!("postgres://postgres@127.0.0.1:{}/{db}", self.port),
                "-Atc",
                sql,
            ])
            .output()
            .expect("psql");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Standby {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An audited write on the primary: it moves the audit chain's head.
async fn write_on_primary(db: &TestDb, n: &str) {
    db.store
        .audit(
            None,
            "test",
            "replica_probe",
            "test",
            n,
            None,
            None,
            None,
            None,
        )
        .await
        .expect("a write");
}

/// The audit chain's head as the public dashboard shows it.
async fn head(http: &reqwest::Client, base: &str) -> (u16, String, bool) {
    let r = http
        .get(format!("{base}/dashboard"))
        .send()
        .await
        .expect("answers");
    let status = r.status().as_u16();
    let body = r.text().await.expect("body");
    let head = body
        .split("<code class=\"hash\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or_default()
        .to_string();
    (status, head, body.contains("id=\"as-of\""))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    not(xanh_postgres),
    ignore = "skipped: no PostgreSQL (set XANH_TEST_POSTGRES_URL and build again)"
)]
async fn public_pages_come_from_a_live_replica_and_from_the_primary_when_it_is_stopped() {
    let db = TestDb::postgres().await;
    let (_, password, _) = crate::people::sample(&db).await;
    let url = reqwest::Url::parse(&db.url).expect("a URL");
    let name = url.path().trim_start_matches('/').to_string();
    let standby = Standby::start(url.port().unwrap_or(5432));
    let mut replica_url = url.clone();
    replica_url.set_port(Some(standby.port)).expect("a port");
    let mut state = xanh_web::AppState::new(db.store.clone());
    let replica = xanh_store::Store::replica(replica_url.as_str()).expect("the replica's store");
    state.read_replica = Some(std::sync::Arc::new(xanh_web::replica::Replica::new(
        replica,
    )));
    let app = TestApp::start_with(state).await;
    let anonymous = reqwest::Client::new();

    // A write on the primary reaches the replica; the public page then says how recent it is.
    write_on_primary(&db, "1").await;
    let mut caught_up = false;
    for _ in 0..100 {
        let (_, h, as_of) = head(&anonymous, &app.base).await;
        if as_of && h == db.store.audit_head().await.expect("head").hash {
            caught_up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(
        caught_up,
        "the public dashboard comes from the replica once it has replayed the write"
    );

    // Replay paused: the anonymous page keeps the replica's state, a signed-in one sees the primary's.
    assert_eq!(
        standby.psql(&name, "SELECT pg_is_in_recovery()"),
        "t",
        "it is a standby"
    );
    standby.psql(&name, "SELECT pg_wal_replay_pause()");
    let (_, before, _) = head(&anonymous, &app.base).await;
    write_on_primary(&db, "2").await;
    let now = db.store.audit_head().await.expect("head").hash;
    assert_ne!(before, now);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (s, still, as_of) = head(&anonymous, &app.base).await;
    assert_eq!(
        (s, still.as_str(), as_of),
        (200, before.as_str(), true),
        "served from the paused replica, saying so"
    );
    let leader = login_with(&app, "demo-lanhdao", &password).await;
    let (_, signed_in) = leader.get(&app, "/dashboard").await;
    assert!(
        signed_in.contains(&now) && !signed_in.contains("id=\"as-of\""),
        "a signed-in page reads the primary"
    );
    standby.psql(&name, "SELECT pg_wal_replay_resume()");

    // Stopped: the public page comes from the primary, and nothing errors.
    standby.stop();
    for path in ["/dashboard", "/", "/national", "/verify"] {
        let r = anonymous
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("answers");
        assert_eq!(r.status(), 200, "{path} while the replica is down");
    }
    let (s, h, as_of) = head(&anonymous, &app.base).await;
    assert_eq!(
        (s, h.as_str(), as_of),
        (200, now.as_str(), false),
        "from the primary, current, without the replica's line"
    );
}
