//! Regression tests for the defects a black-box probe found (issue 17): a
//! sign-in that could send a person to another site, a line break that gave
//! a server error, signed-in pages left in caches, an oversized JSON body
//! answered 400 in a library's words, the last administrator disabled from
//! the command line, and a client that stalls half-way through its headers
//! holding a connection for ever. (The stale Excel template is in `excel.rs`.)

use crate::concurrency::token_for;
use crate::helpers::{both_databases, xanh};
use crate::people::{PASSWORD, field, login, round};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// A client that shows redirects instead of following them.
fn no_follow() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

both_databases! {
    async fn signing_in_never_leads_to_another_site_and_a_line_break_in_next_is_no_server_error(db) {
        let round = round(db).await;
        let base = &round.app.base;
        for (next, why) in [
            ("/%09/evil.example", "a tab, which browsers drop, leaving //evil.example"),
            ("/%0d%0aSet-Cookie:%20x=1", "a line break, which broke the Location header"),
            ("//evil.example", "another host"),
            ("/%5Cevil.example", "a backslash"),
        ] {
            let http = no_follow();
            let r = http.get(format!("{base}/login?next={next}")).send().await.expect("answers");
            assert_eq!(r.status(), 200, "the login page opens with {why}");
            let page = r.text().await.expect("body");
            assert_eq!(field(&page, "next").as_deref(), Some("/home"), "{why}: the form goes home");
            let csrf = field(&page, "csrf").expect("a CSRF token");
            let decoded = next.replace("%09", "\t").replace("%0d%0a", "\r\n").replace("%20", " ").replace("%5C", "\\");
            let r = http
                .post(format!("{base}/login"))
                .form(&[("username", "ct"), ("password", PASSWORD), ("csrf", csrf.as_str()), ("next", decoded.as_str())])
                .send()
                .await
                .expect("answers");
            assert_eq!(r.status(), 303, "{why}: signed in, no server error");
            assert_eq!(r.headers()["location"], "/home", "{why}: sent home, not elsewhere");
        }
        // A plain path of this site is still followed.
        let http = no_follow();
        let page = http.get(format!("{base}/login?next=/periods")).send().await.expect("answers").text().await.expect("body");
        let csrf = field(&page, "csrf").expect("a CSRF token");
        let r = http.post(format!("{base}/login"))
            .form(&[("username", "dpi"), ("password", PASSWORD), ("csrf", csrf.as_str()), ("next", "/periods")])
            .send().await.expect("answers");
        assert_eq!(r.headers()["location"], "/periods");
    }

    async fn pages_for_a_signed_in_person_are_not_kept_in_caches(db) {
        let round = round(db).await;
        let ct = login(&round.app, "ct").await;
        for path in ["/home", "/account/tokens", &format!("/periods/{}", round.period)] {
            let r = ct.http.get(format!("{}{path}", round.app.base)).send().await.expect("answers");
            assert_eq!(r.headers().get("cache-control").map(|v| v.to_str().unwrap_or("")), Some("no-store"), "{path}");
        }
        let token = token_for(&round.db.store, "ct").await;
        let r = reqwest::Client::new().get(format!("{}/api/v1/me", round.app.base)).bearer_auth(&token).send().await.expect("answers");
        assert_eq!(r.headers()["cache-control"], "no-store", "an API answer to a token holder");
        // The static files keep their own caching.
        let r = ct.http.get(format!("{}/static/xanh.css", round.app.base)).send().await.expect("answers");
        assert_eq!(r.headers()["cache-control"], "public, max-age=3600");
    }

    async fn a_json_body_over_the_limit_is_refused_with_413_in_words(db) {
        let round = round(db).await;
        let token = token_for(&round.db.store, "ct").await;
        let http = reqwest::Client::new();
        let base = &round.app.base;
        let r = http.post(format!("{base}/api/v1/periods/{}/my-report", round.period)).bearer_auth(&token).send().await.expect("my-report");
        let report: serde_json::Value = r.json().await.expect("JSON");
        let id = report["report"]["id"].as_i64().expect("id");
        let big = format!("{{\"version\": 1, \"narrative\": [{{\"objective\": \"1\", \"part\": \"results\", \"body\": \"{}\"}}]}}", "a".repeat(3 * 1024 * 1024));
        let r = http.put(format!("{base}/api/v1/reports/{id}")).bearer_auth(&token)
            .header("content-type", "application/json").body(big).send().await.expect("answers");
        assert_eq!(r.status(), 413);
        let body: serde_json::Value = r.json().await.expect("a JSON error");
        assert_eq!(body["error"]["code"], "too_large");
        assert!(body["error"]["message_vi"].as_str().unwrap_or_default().contains("tối đa 2 MB"), "{body}");
    }

    async fn the_last_active_administrator_cannot_be_disabled_from_the_command_line(db) {
        let round = round(db).await;
        let env = [("XANH_DATABASE_URL", round.db.url.as_str())];
        let out = xanh(&["user", "disable", "admin"], &env);
        assert!(!out.status.success(), "refused");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("quản trị viên cuối cùng") && said.contains("last active administrator"), "{said}");
        let (admin, _) = round.db.store.user_for_login("admin").await.expect("read").expect("exists");
        assert!(!admin.disabled, "still active");
        // With a second administrator, the first may be disabled; then the second is the last.
        let out = xanh(&["user", "add", "admin2", "--role", "admin", "--name", "Quản trị 2"], &env);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(xanh(&["user", "disable", "admin"], &env).status.success());
        assert!(!xanh(&["user", "disable", "admin2"], &env).status.success(), "admin2 is now the last");
    }

    async fn a_client_that_stalls_while_sending_its_headers_is_dropped(db) {
        let round = round(db).await;
        let addr = round.app.base.trim_start_matches("http://").to_string();
        // Fifty clients each send half a request and wait.
        let stalled: Vec<std::net::TcpStream> = (0..50)
            .map(|_| {
                let mut s = std::net::TcpStream::connect(&addr).expect("connects");
                s.write_all(b"GET /home HTTP/1.1\r\nHost: xanh\r\n").expect("half a request");
                s.set_read_timeout(Some(Duration::from_secs(25))).expect("a read timeout");
                s
            })
            .collect();
        let started = Instant::now();
        let closed = tokio::task::spawn_blocking(move || {
            stalled
                .into_iter()
                .map(|mut s| {
                    let mut buf = [0u8; 512];
                    // The server closes the connection (0 bytes, or an error
                    // status line first), not our 25 s read timeout.
                    match s.read(&mut buf) {
                        // 0 bytes: closed; some bytes: an error answer, then closed.
                        Ok(n) => n == 0 || s.read(&mut buf).is_ok_and(|m| m == 0),
                        Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
                    }
                })
                .filter(|c| *c)
                .count()
        })
        .await
        .expect("read");
        assert_eq!(closed, 50, "every stalled connection was closed by the server");
        assert!(started.elapsed() < Duration::from_secs(20), "within the header timeout: {:?}", started.elapsed());
        // And the server still answers everyone else.
        let r = reqwest::get(format!("{}/health", round.app.base)).await.expect("answers");
        assert_eq!(r.status(), 200);
    }
}
