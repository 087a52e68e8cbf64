//! Deadline reminders against a real SMTP server on loopback (aiosmtpd),
//! sent once even when two server processes run the same round.

use crate::helpers::{TestDb, both_databases};
use crate::people::{login, round};
use std::process::{Child, Command, Stdio};
use time::macros::date;
use xanh_app::reminders::{MailSettings, run_once};

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let maildir = tempfile::tempdir().expect("a maildir");
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(maildir.path().join(sub)).expect("maildir folders");
        }
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd runs (pip install aiosmtpd; .ci/run installs it)");
        // Made at once, so that Drop stops the process whatever happens next.
        let server = SmtpServer {
            child,
            port,
            maildir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    pub fn messages(&self) -> Vec<String> {
        let new = self.maildir.path().join("new");
        let mut out: Vec<String> = std::fs::read_dir(&new)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

both_databases! {
    async fn reminders_go_once_before_and_once_after_the_deadline_to_agencies_not_yet_submitted(db) {
        let smtp = SmtpServer::start();
        let round = round(db).await;
        // The Department of Industry and Trade submits; the Department of Construction does not.
        let ct = login(&round.app, "ct").await;
        let (_, location) = ct.post(&round.app, &format!("/periods/{}/my-report", round.period), &[]).await;
        let report: i64 = location.trim_start_matches("/reports/").parse().expect("id");
        round.db.store.change_report_state(report, None, xanh_core::workflow::Action::Submit, None,
            &round.db.store.user_for_login("ct").await.expect("ok").expect("ct").0.actor()).await.expect("submitted");

        let mail = MailSettings { url: format!("smtp://127.0.0.1:{}", smtp.port), from: "Xanh <xanh@kontum.gov.vn>".into(), days_before: 3 };
        // Two server processes: two pools on the same database, racing.
        let first = xanh_web::AppState::new(round.db.store.clone());
        let second = xanh_web::AppState::new(round.db.reopen().await);
        let (a, b) = tokio::join!(run_once(&first, &mail, date!(2019 - 12 - 11)), run_once(&second, &mail, date!(2019 - 12 - 11)));
        let (a, b) = (a.expect("round"), b.expect("round"));
        assert!(a.failed.is_empty() && b.failed.is_empty(), "sending failed: {:?} {:?}", a.failed, b.failed);
        let sent: Vec<_> = a.sent.into_iter().chain(b.sent).collect();
        assert_eq!(sent.len(), 1, "one reminder, not two: {sent:?}");
        assert_eq!((sent[0].unit.as_str(), sent[0].kind), ("SO-XD", "before"));
        assert_eq!(sent[0].recipients, ["xd@kontum.gov.vn"]);
        assert!(run_once(&first, &mail, date!(2019 - 12 - 12)).await.expect("round").sent.is_empty(), "not again the next day");
        assert!(run_once(&first, &mail, date!(2019 - 11 - 1)).await.expect("round").sent.is_empty(), "nothing a month early");

        let overdue = run_once(&second, &mail, date!(2019 - 12 - 16)).await.expect("round").sent;
        assert_eq!(overdue.len(), 1);
        assert_eq!(overdue[0].kind, "overdue");

        let messages = smtp.messages();
        assert_eq!(messages.len(), 2, "two e-mails reached the server");
        assert!(messages.iter().all(|m| m.contains("xd@kontum.gov.vn")));
        assert!(!messages.iter().any(|m| m.contains("ct@kontum.gov.vn")), "no reminder for a submitted report");
    }
}

#[tokio::test]
async fn without_a_mail_server_url_the_round_says_what_is_wrong() {
    let db = TestDb::sqlite().await;
    let state = xanh_web::AppState::new(db.store.clone());
    let bad = MailSettings {
        url: "mail.kontum.gov.vn".into(),
        from: "x@y.vn".into(),
        days_before: 3,
    };
    let err = run_once(&state, &bad, date!(2019 - 12 - 11))
        .await
        .expect_err("refused");
    assert!(err.contains("smtp://"), "{err}");
}
