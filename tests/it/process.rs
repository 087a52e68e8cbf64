//! `xanh serve` as a real process that a test can kill outright (SIGKILL)
//! and start again on the same database.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A server process on a free port; killed when dropped.
pub struct Process {
    child: Child,
    pub base: String,
}

impl Process {
    /// Starts `xanh serve` on `url` and waits until it listens.
    pub fn start(url: &str, data_dir: &std::path::Path) -> Process {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xanh"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("XANH_DATABASE_URL", url)
            .env("XANH_DATA_DIR", data_dir)
            .env("RUST_LOG", "warn")
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
        std::thread::spawn(move || lines.for_each(drop));
        Process {
            child,
            base: format!("http://{addr}"),
        }
    }

    /// SIGKILL: no shutdown, no flushing, no chance to finish a transaction.
    pub fn kill(mut self) {
        self.child.kill().expect("the server is killed");
        self.child.wait().expect("the killed server is reaped");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser-like client (cookies, no redirects) signed in as `username`, and its CSRF token.
pub async fn sign_in(base: &str, username: &str) -> (reqwest::Client, String) {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("a client");
    let csrf = sign_in_with(base, &http, username, crate::people::PASSWORD).await;
    (http, csrf)
}

/// Signs `http` in as `username` with `password`; returns the session's CSRF token.
pub async fn sign_in_with(
    base: &str,
    http: &reqwest::Client,
    username: &str,
    password: &str,
) -> String {
    let page = http
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("body");
    let csrf = crate::people::field(&page, "csrf").expect("a CSRF token");
    let r = http
        .post(format!("{base}/login"))
        .form(&[
            ("username", username),
            ("password", password),
            ("csrf", csrf.as_str()),
            ("next", "/home"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "{username} signs in");
    let page = http
        .get(format!("{base}/account/tokens"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    crate::people::field(&page, "csrf").expect("the session's CSRF token")
}
