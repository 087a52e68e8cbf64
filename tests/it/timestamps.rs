//! A signature that carries a trusted time (PAdES B-T): with a time-stamping
//! authority configured, the organisation's signature of an issued report
//! asks it for an RFC 3161 timestamp. The authority here is a real one,
//! `openssl ts`, behind a small HTTP listener with its own certificate from
//! the test CA; pyHanko and Xanh's /verify judge the result.

use crate::helpers::{TestApp, both_databases};
use crate::signing::{issued_with_key_and_tsa, openssl, tool, verify_page};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The authority's key and certificate (from the test CA in `dir`, made by
/// `test_pki`) and its `openssl ts` configuration.
fn authority(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "tsa.key",
            "-out",
            "tsa.csr",
            "-subj",
            "/CN=Xanh Test TSA/C=VN",
        ],
    );
    std::fs::write(
        dir.join("tsa-ext.cnf"),
        "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n",
    )
    .expect("written");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "tsa.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "tsa.pem",
            "-days",
            "30",
            "-extfile",
            "tsa-ext.cnf",
        ],
    );
    std::fs::write(dir.join("tsaserial"), "01\n").expect("written");
    std::fs::write(
        dir.join("tsa.cnf"),
        "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\ndir = .\nserial = ./tsaserial\n\
         crypto_device = builtin\nsigner_cert = ./tsa.pem\ncerts = ./ca.pem\nsigner_key = ./tsa.key\n\
         signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\n\
         accuracy = secs:1\nordering = yes\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
    )
    .expect("written");
}

/// An HTTP listener that answers each POSTed timestamp request with
/// `openssl ts -reply`: its address, and how many requests it answered.
fn serve_authority(dir: &Path) -> (String, Arc<AtomicUsize>) {
    authority(dir);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}/tsa", listener.local_addr().expect("an address"));
    let answered = Arc::new(AtomicUsize::new(0));
    let (dir, count) = (dir.to_path_buf(), answered.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // The headers, then as many body bytes as Content-Length says.
            let body = loop {
                let n = stream.read(&mut chunk).unwrap_or(0);
                if n == 0 {
                    break None;
                }
                buf.extend_from_slice(&chunk[..n]);
                if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    while buf.len() < end + 4 + length {
                        let n = stream.read(&mut chunk).unwrap_or(0);
                        if n == 0 {
                            break;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    break Some(buf[end + 4..].to_vec());
                }
            };
            let Some(body) = body else { continue };
            std::fs::write(dir.join("req.tsq"), &body).expect("written");
            let out = Command::new("openssl")
                .args([
                    "ts",
                    "-reply",
                    "-config",
                    "tsa.cnf",
                    "-queryfile",
                    "req.tsq",
                    "-out",
                    "resp.tsr",
                ])
                .current_dir(&dir)
                .output()
                .expect("openssl ts runs");
            let reply = if out.status.success() {
                count.fetch_add(1, Ordering::SeqCst);
                std::fs::read(dir.join("resp.tsr")).expect("the reply")
            } else {
                eprintln!("openssl ts: {}", String::from_utf8_lossy(&out.stderr));
                Vec::new()
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                reply.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&reply);
        }
    });
    (url, answered)
}

both_databases! {
    async fn an_issued_report_signed_with_a_timestamp_carries_the_authoritys_trusted_time(db) {
        let dir = tempfile::tempdir().expect("a directory");
        // The test CA and the organisation's key, then the authority's certificate from that CA.
        crate::signing::test_pki(dir.path());
        let (url, answered) = serve_authority(dir.path());
        let (app, _, _, _, id) = issued_with_key_and_tsa(&db, dir.path(), false, "17/BC-UBND", Some(&url)).await;
        assert_eq!(answered.load(Ordering::SeqCst), 1, "the authority was asked once, at issue");
        let pdf = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("answers")
            .bytes().await.expect("the PDF").to_vec();
        let path = dir.path().join("timestamped.pdf");
        std::fs::write(&path, &pdf).expect("written");
        let (ok, said) = tool("pyhanko", &["sign", "validate", "--pretty-print", "--trust-replace", "--trust",
            dir.path().join("ca.pem").to_str().expect("utf-8"), path.to_str().expect("utf-8")]);
        assert!(
            ok && said.contains("Signature timestamp token:") && said.contains("The TSA certificate is trusted.")
                && said.contains("The token is guaranteed to be newer than the signature.")
                && said.contains("The signature is judged VALID."),
            "pyHanko: {said}"
        );
        let (ok, said) = tool("pdfsig", &[path.to_str().expect("utf-8")]);
        assert!(ok && said.contains("Signature is Valid"), "pdfsig: {said}");
        // /verify, with the test CA as the trust list, says when it was signed.
        let mut state = xanh_web::AppState::new(db.store.clone());
        state.settings.trust_roots = Some(Arc::new(std::fs::read(dir.path().join("ca.pem")).expect("the CA")));
        let public = TestApp::start_with(state).await;
        let page = verify_page(&public, pdf.clone()).await;
        assert!(page.contains("Các chữ ký số còn nguyên vẹn"), "{page}");
        let stamped = page.find("thời điểm ký được dấu thời gian tin cậy xác nhận: ").map(|at| &page[at..]).expect("the trusted time is shown");
        let shown = &stamped["thời điểm ký được dấu thời gian tin cậy xác nhận: ".len()..][..16];
        let now = xanh_core::display::datetime(time::OffsetDateTime::now_utc());
        assert_eq!(&shown[..10], &now[..10], "today, in Vietnam time: {shown}");
        let out = crate::backup::command(&["verify", path.to_str().expect("utf-8"), "--trust-roots",
            dir.path().join("ca.pem").to_str().expect("utf-8")], &db.url).await;
        let cli = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success() && cli.contains(&format!("trusted timestamp: {shown}")), "{cli}");
        // The page that says it, walked at both widths.
        let driver = crate::harness::Driver::start();
        let tag = if db.url.starts_with("sqlite") { "sqlite" } else { "postgres" };
        for width in [crate::harness::DESKTOP, crate::harness::PHONE] {
            let b = driver.browser(width).await;
            b.goto(&format!("{}/verify", public.base)).await.expect("the page");
            let input = b.find(fantoccini::Locator::Id("verify-file")).await.expect("the file field");
            input.send_keys(path.to_str().expect("utf-8")).await.expect("chosen");
            b.find(fantoccini::Locator::Id("verify")).await.expect("the button").click().await.expect("clicked");
            crate::harness::wait_for(&b, fantoccini::Locator::Css(".timestamped"), "the trusted time").await;
            crate::harness::holds(&b, "/verify with a timestamp").await;
            crate::harness::shot(&b, &format!("{tag}-verify-timestamp-{width}")).await;
            b.close().await.expect("closed");
        }
        // Without the CA on the trust list the authority is not trusted, and no time is claimed.
        let untrusted = TestApp::start(db.store.clone()).await;
        let page = verify_page(&untrusted, pdf.clone()).await;
        assert!(!page.contains("dấu thời gian tin cậy xác nhận"), "an untrusted authority's time is not vouched for");
        // Without an authority configured, no timestamp is asked for: B-B, as before.
        let plain = dir.path().join("plain");
        std::fs::create_dir_all(&plain).expect("a directory");
        let fresh = crate::helpers::TestDb::sqlite().await;
        let (app, _, _, _, id) = issued_with_key_and_tsa(&fresh, &plain, false, "18/BC-UBND", None).await;
        let pdf = reqwest::get(format!("{}/provincial-reports/{id}/pdf", app.base)).await.expect("answers")
            .bytes().await.expect("the PDF").to_vec();
        let path = plain.join("plain.pdf");
        std::fs::write(&path, &pdf).expect("written");
        let (_, said) = tool("pyhanko", &["sign", "validate", "--pretty-print", "--trust-replace", "--trust",
            plain.join("ca.pem").to_str().expect("utf-8"), path.to_str().expect("utf-8")]);
        assert!(said.contains("judged VALID") && !said.contains("Signature timestamp token"), "{said}");
        assert_eq!(answered.load(Ordering::SeqCst), 1, "the authority was not asked again");
    }
}

/// A server over `db` holding the organisation's key from `dir`, asking `tsa` for timestamps.
async fn server_with_authority(db: &crate::helpers::TestDb, dir: &Path, tsa: &str) -> TestApp {
    TestApp::start_with(crate::signing::keyed_state(db, dir, false, Some(tsa))).await
}

/// Issues the draft at `location` as `number`, confirming first: the last answer.
async fn issue(
    app: &TestApp,
    dpi: &crate::people::Person,
    location: &str,
    number: &str,
) -> (u16, String) {
    let (_, page) = dpi.get(app, location).await;
    let version = crate::people::field(&page, "version").expect("a revision");
    let fields = [
        ("number", number),
        ("date", "21/01/2019"),
        ("signer", "Nguyễn Văn A"),
    ];
    let mut first = vec![("version", version.as_str())];
    first.extend(fields);
    let (status, page) = dpi.post(app, &format!("{location}/issue"), &first).await;
    assert_eq!(status, 200, "a confirmation first");
    let confirmed = crate::people::field(&page, "version").expect("the confirmed revision");
    let mut second = vec![("version", confirmed.as_str()), ("confirm", "yes")];
    second.extend(fields);
    dpi.post(app, &format!("{location}/issue"), &second).await
}

both_databases! {
    async fn when_the_timestamp_authority_does_not_answer_nothing_is_issued_and_issuing_again_works(db) {
        let dir = tempfile::tempdir().expect("a directory");
        crate::signing::test_pki(dir.path());
        // An address where nothing listens: the authority is down.
        let dead = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
            format!("http://{}/tsa", l.local_addr().expect("an address"))
        };
        let (_, password, p2018) = crate::people::sample(&db).await;
        let app = server_with_authority(&db, dir.path(), &dead).await;
        let dpi = crate::people::login_with(&app, "demo-khdt", &password).await;
        let (status, location) = dpi.post(&app, &format!("/periods/{p2018}/provincial-report"), &[]).await;
        assert_eq!(status, 303, "{location}");
        let (status, page) = issue(&app, &dpi, &location, "19/BC-UBND").await;
        assert_eq!(status, 503, "{page}");
        assert!(page.contains("Chưa ký số được văn bản") && page.contains("nên chưa ban hành gì"), "said in words: {page}");
        assert!(page.contains("value=\"19/BC-UBND\""), "the number typed is kept");
        let (_, draft) = dpi.get(&app, &location).await;
        assert!(draft.contains("Dự thảo báo cáo tổng hợp"), "still a draft");
        // The authority answers again: the same draft is issued, timestamped.
        let (url, answered) = serve_authority(dir.path());
        let app = server_with_authority(&db, dir.path(), &url).await;
        let dpi = crate::people::login_with(&app, "demo-khdt", &password).await;
        let (status, done) = issue(&app, &dpi, &location, "19/BC-UBND").await;
        assert_eq!(status, 303, "{done}");
        assert_eq!(answered.load(Ordering::SeqCst), 1);
    }
}

#[test]
fn an_https_timestamp_authority_is_refused_at_start_in_words() {
    let dir = tempfile::tempdir().expect("a directory");
    let (_, p12, pass) = crate::signing::test_pki(dir.path());
    let db = format!("sqlite://{}?mode=rwc", dir.path().join("x.db").display());
    let out = crate::helpers::xanh(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--signing-key",
            p12.to_str().expect("utf-8"),
            "--signing-password-file",
            pass.to_str().expect("utf-8"),
            "--tsa-url",
            "https://tsa.example.vn/tsa",
        ],
        &[("XANH_DATABASE_URL", db.as_str())],
    );
    assert!(!out.status.success(), "the server does not start");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("--tsa-url phải là địa chỉ http://")
            && said.contains("https://tsa.example.vn/tsa"),
        "{said}"
    );
}
