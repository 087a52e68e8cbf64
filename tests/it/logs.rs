//! The real `xanh serve` process with its log captured as JSON lines: every
//! request is logged with its request id, and no password, session id, CSRF
//! token or API token ever reaches the log, whatever is posted.

use crate::people::{PASSWORD, add_user, client, field};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use xanh_core::access::Role;

/// The server process; killed when dropped so a failing test leaves none behind.
struct Server {
    child: std::process::Child,
    base: String,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(url: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xanh"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("XANH_DATABASE_URL", url)
            .env("XANH_LOG_FORMAT", "json")
            // Everything down to debug, Xanh's own and its libraries': a secret
            // logged at any level is a leak.
            .env("XANH_LOG", "debug")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("xanh serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(addr) = line.strip_prefix("Xanh: ") {
                        let _ = tx.send(addr.trim_end_matches('/').to_string());
                    }
                    lines.lock().expect("the log buffer").push(line);
                }
            })
        };
        let base = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the server says where it listens");
        Server {
            child,
            base,
            lines,
            reader: Some(reader),
        }
    }

    /// Stops the server and returns everything it logged.
    fn stop(mut self) -> Vec<String> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        self.lines.lock().expect("the log buffer").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cookie_value(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok())
        .find_map(|c| {
            c.strip_prefix(&format!("{name}="))
                .and_then(|v| v.split(';').next())
                .map(str::to_string)
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_has_a_request_id_per_request_and_never_a_password_session_or_token() {
    let db = crate::helpers::TestDb::sqlite().await;
    crate::helpers::with_builtin(&db.store).await;
    add_user(&db.store, "admin", Role::Admin, None).await;
    add_user(&db.store, "ct", Role::Officer, Some("SO-CT")).await;
    let server = Server::start(&db.url);
    let base = server.base.clone();
    let mut secrets: Vec<(&str, String)> = vec![("password", PASSWORD.to_string())];

    // A failed login, then a good one.
    let http = client();
    let page = http
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("answers");
    let login_csrf = cookie_value(&page, "xanh_login_csrf").expect("the login cookie");
    let page = page.text().await.expect("body");
    let csrf = field(&page, "csrf").expect("a CSRF token");
    let wrong = "sai-mat-khau-bi-mat-9876";
    let r = http
        .post(format!("{base}/login"))
        .form(&[
            ("username", "ct"),
            ("password", wrong),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 401);
    let page = r.text().await.expect("body");
    let csrf = field(&page, "csrf").expect("a CSRF token");
    let r = http
        .post(format!("{base}/login"))
        .form(&[
            ("username", "admin"),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 303);
    let session = cookie_value(&r, "xanh_session").expect("a session");
    secrets.extend([
        ("wrong password", wrong.to_string()),
        ("login CSRF", login_csrf),
        ("session id", session),
    ]);

    // Forms carrying passwords and the CSRF token; an API token made and used.
    let page = http
        .get(format!("{base}/admin/users"))
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("body");
    let csrf = field(&page, "csrf").expect("the session's CSRF token");
    let new_password = "mat-khau-moi-rat-bi-mat-1234";
    let reset_password = "mat-khau-dat-lai-bi-mat-5678";
    let r = http
        .post(format!("{base}/admin/users"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "moi"),
            ("display_name", "Người mới"),
            ("password", new_password),
            ("role", "viewer"),
        ])
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 200);
    let r = http
        .post(format!("{base}/admin/users/ct/reset-password"))
        .form(&[("csrf", csrf.as_str()), ("password", reset_password)])
        .send()
        .await
        .expect("answers");
    assert_eq!(r.status(), 303);
    let page = http
        .post(format!("{base}/account/tokens"))
        .form(&[("csrf", csrf.as_str()), ("name", "Excel")])
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("body");
    let token = page
        .split("id=\"new-token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the new token")
        .to_string();
    let me = reqwest::Client::new()
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("answers");
    assert_eq!(me.status(), 200);
    secrets.extend([
        ("new password", new_password.to_string()),
        ("reset password", reset_password.to_string()),
        ("CSRF token", csrf.clone()),
        ("API token", token),
    ]);

    // A request id from a proxy is kept; an error names the request's id.
    let r = http
        .get(format!("{base}/api/v1/reports/999999"))
        .header("x-request-id", "proxy-id-4711")
        .send()
        .await
        .expect("answers");
    assert_eq!(
        r.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("proxy-id-4711")
    );
    let body: serde_json::Value = r.json().await.expect("JSON");
    assert_eq!(body["error"]["request_id"], "proxy-id-4711");
    // A request id that could forge log lines is replaced by one of the server's.
    let r = http
        .get(format!("{base}/health"))
        .header("x-request-id", "a\"b c")
        .send()
        .await
        .expect("answers");
    let given = r
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        !given.is_empty() && given.chars().all(|c| c.is_ascii_alphanumeric()),
        "{given}"
    );

    let lines = server.stop();
    let log = lines.join("\n");
    let json: Vec<serde_json::Value> = lines
        .iter()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let requests: Vec<&serde_json::Value> = json
        .iter()
        .filter(|l| l["span"]["request_id"].is_string() && l["fields"]["status"].is_number())
        .collect();
    assert!(
        requests.len() >= 8,
        "each request is logged with its id:\n{log}"
    );
    assert!(
        requests
            .iter()
            .any(|l| l["span"]["request_id"] == "proxy-id-4711" && l["fields"]["status"] == 404),
        "{log}"
    );
    assert!(
        requests
            .iter()
            .any(|l| l["span"]["request_id"] == given.as_str()),
        "{log}"
    );
    assert!(
        requests
            .iter()
            .any(|l| l["span"]["path"] == "/admin/users/ct/reset-password"),
        "{log}"
    );
    for (what, secret) in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "the {what} appears in the log:\n{log}"
        );
    }
}
